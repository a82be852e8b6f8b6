"""The Open311 GeoReport v2 API (/open311/v2/) and outgoing webhooks of integrating systems.

Public matters are services, cases are service requests, one organisation per
``jurisdiction_id`` (its short code). Requests are filed through the same service layer
as the intake page.
"""
