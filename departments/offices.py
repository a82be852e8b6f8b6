"""The supervising office (首问办) of an organisation, the one place it is looked up.

Every return, arbitration, public complaint and deadline notice asks for it, so it is
kept per process in a ``StampedCache`` (one small query per lookup, any change made
anywhere seen at once).
"""

from firstask.stamped_cache import StampedCache, fresh

from .models import Department

_offices = StampedCache("departments.Department")


def supervising_office(organisation_id):
    """The organisation's active supervising office, or None."""
    office = _offices.get(
        organisation_id,
        "supervising office",
        # At most one per organisation (a constraint), so no ordering: the model's own
        # would join the organisations to sort.
        lambda: (
            Department.objects.filter(
                organisation=organisation_id, is_supervising_office=True, is_active=True
            )
            .order_by()
            .first()
        ),
    )
    return fresh(office)
