"""A demo organisation for trying firstask out: ``manage.py load_demo`` writes it.

The ``data_*`` modules hold the tables (every name a user will read); the other modules
write them, creating only what is missing so that a re-run changes nothing.
"""
