"""The case list's search box: exact where an index answers exactly, a trigram index for text.

A case number or a phone number is looked up exactly (both indexed); any other term finds
the person's exact name (indexed) or a part of the matter text (on PostgreSQL a trigram
index on ``UPPER(matter_text)`` answers the ``icontains`` for terms of three characters or
more). Searching ``UPPER(…) LIKE '%…%'`` over every text column read every case.
"""

import re

from django.db.models import Q, QuerySet

from .. import permissions

CASE_NUMBER = re.compile(r"^[A-Za-z]{1,10}-\d{4}-\d{1,9}$")
PHONE = re.compile(r"^\+?\d[\d\- ]{4,19}$")
LONGEST = 100


def search_cases(cases: QuerySet, term: str, user) -> QuerySet:
    """The cases among ``cases`` that ``term`` finds; confidential persons are found by
    phone or name only by users who may see who they are."""
    term = term.strip()[:LONGEST]
    if not term:
        return cases
    if CASE_NUMBER.match(term):
        return cases.filter(number=term.upper())
    phone = PHONE.match(term) is not None
    person = Q(person_phone=term) if phone else Q(person_name=term)
    if not permissions.sees_confidential_identities(user):
        person &= Q(is_confidential=False)
    if phone:
        return cases.filter(person)
    return cases.filter(person | Q(matter_text__icontains=term))
