"""Strings of Django's admin and django-celery-beat that their own zh_Hans catalogues lack.

Listed here so that ``makemessages`` puts them in our catalogue, which wins over theirs
(LOCALE_PATHS): the admin's screen-reader table headers, the periodic tasks' form.
"""

from django.utils.translation import gettext_noop

STRINGS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Execution Options"),
    gettext_noop("Periodic Tasks Using This Schedule"),
)
