"""When periodic jobs last ran, for the health endpoint."""

from datetime import datetime

from .models import Heartbeat


def beat(name: str, at: datetime) -> None:
    """One upsert statement, whether or not the job ran before."""
    Heartbeat.objects.bulk_create(
        [Heartbeat(name=name, at=at)],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["at"],
    )


def last(name: str) -> datetime | None:
    return Heartbeat.objects.filter(name=name).values_list("at", flat=True).first()
