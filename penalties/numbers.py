"""The counts behind every metric of the assessment, and the rates derived from them.

Counts add up: a quarter's counts are the sum of its months' counts, which lets the
dashboard read closed months from the snapshots. Rates are never stored without their
counts. A rate with nothing to measure is None (nothing was late, nobody was asked).
"""

from dataclasses import dataclass, fields
from decimal import Decimal

from .models.choices import SatisfactionFormula

HUNDRED = Decimal(100)
STAGES = ("forward", "sign_for", "resolve", "callback")
LEVELS = ("very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied")


# Points per rating for the weighted formula, in the order of LEVELS.
WEIGHTED_POINTS = (100, 80, 60, 20, 0)


def rate(part, whole) -> Decimal | None:
    return (HUNDRED * part / whole).quantize(Decimal("0.01")) if whole else None


@dataclass
class Numbers:
    registered: int = 0  # cases registered (first-inquiry side)
    transferred: int = 0  # transfers sent
    resolved: int = 0  # cases resolved in the period
    called_back: int = 0  # ... of which called back by now
    to_resolve: int = 0  # cases registered in the period (holder side)
    done: int = 0  # ... of which resolved or called back by now
    received: int = 0  # transfers received
    returned: int = 0  # ... of which returned
    reopened: int = 0  # reopenings after a bad rating (不满意重办)
    forward_due: int = 0  # timed stages that ended, or went overdue, in the period
    forward_on_time: int = 0
    sign_for_due: int = 0
    sign_for_on_time: int = 0
    resolve_due: int = 0
    resolve_on_time: int = 0
    callback_due: int = 0
    callback_on_time: int = 0
    # Ratings, each round of a case once: the person's own rating (好差评) where they gave
    # one, otherwise the answer of the reached callback (see queries.compute).
    very_satisfied: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    dissatisfied: int = 0
    very_dissatisfied: int = 0
    violations: int = 0  # substantiated in the period (and not revoked)
    penalties: int = 0  # ledger lines imposed in the period and not revoked
    commendations: int = 0
    # Where things stand now (the dashboard's cases by state and overdue work): the cases
    # registered in the period that are merged duplicates (first-inquiry side) and those
    # that are open, by state (holder side); the timed stages still open and not paused
    # whose deadline fell in the period and is past.
    merged: int = 0  # cases registered in the period merged into another (并单)
    open_registered: int = 0
    open_transferred: int = 0
    open_resolved: int = 0
    forward_open: int = 0
    sign_for_open: int = 0
    resolve_open: int = 0
    callback_open: int = 0
    formula: str = SatisfactionFormula.THREE_LEVELS

    @classmethod
    def count_names(cls) -> list[str]:
        return list(_COUNT_NAMES)

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in _COUNT_NAMES}

    @classmethod
    def from_counts(cls, counts: dict, formula: str) -> "Numbers":
        """Numbers from a snapshot's counts (names it does not know are left out)."""
        known = set(cls.count_names())
        return cls(formula=formula, **{k: v for k, v in counts.items() if k in known})

    def add(self, other: "Numbers") -> "Numbers":
        for name in _COUNT_NAMES:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def handled(self) -> int:
        """Cases handled in the period: the largest of the cases registered, held
        (registered in the period), resolved and received by transfer (the same case is
        often all of these, so they are not added up)."""
        return max(self.registered, self.to_resolve, self.resolved, self.received)

    # --- rates (percent, two decimals) -----------------------------------------------
    @property
    def rated(self) -> int:
        return sum(getattr(self, level) for level in LEVELS)

    @property
    def timed(self) -> int:
        return sum(getattr(self, f"{stage}_due") for stage in STAGES)

    @property
    def on_time(self) -> int:
        return sum(getattr(self, f"{stage}_on_time") for stage in STAGES)

    @property
    def late_before_callback(self) -> int:
        """Timed stages of the work up to the resolution (forwarding, sign-for, resolution)
        that ended late, or are still open past their deadline."""
        return sum(
            getattr(self, f"{stage}_due") - getattr(self, f"{stage}_on_time")
            for stage in STAGES
            if stage != "callback"
        )

    @property
    def on_time_rate(self) -> Decimal | None:
        """Every timed stage together."""
        return rate(self.on_time, self.timed)

    @property
    def on_time_forward_rate(self):
        return rate(self.forward_on_time, self.forward_due)

    @property
    def on_time_sign_for_rate(self):
        return rate(self.sign_for_on_time, self.sign_for_due)

    @property
    def on_time_resolution_rate(self):
        return rate(self.resolve_on_time, self.resolve_due)

    @property
    def resolution_rate(self):
        return rate(self.done, self.to_resolve)

    @property
    def callback_rate(self):
        return rate(self.called_back, self.resolved)

    @property
    def return_rate(self):
        return rate(self.returned, self.received)

    @property
    def redo_rate(self):
        return rate(self.reopened, self.rated)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        counts = [getattr(self, level) for level in LEVELS]
        if self.formula == SatisfactionFormula.WEIGHTED:
            points = sum(n * p for n, p in zip(counts, WEIGHTED_POINTS, strict=True))
            return rate(Decimal(points) / 100, self.rated)
        kept = 2 if self.formula == SatisfactionFormula.TWO_LEVELS else 3
        return rate(sum(counts[:kept]), self.rated)

    def rates(self) -> dict[str, Decimal | None]:
        return {name: getattr(self, name) for name in RATE_NAMES}


RATE_NAMES = (
    "on_time_forward_rate",
    "on_time_sign_for_rate",
    "on_time_resolution_rate",
    "resolution_rate",
    "callback_rate",
    "satisfaction_rate",
    "return_rate",
    "redo_rate",
)
# Rates where less is better: they enter a score as 100 − rate.
LOWER_IS_BETTER = ("return_rate", "redo_rate")


# The counts, in the order of the fields (every name but the formula).
_COUNT_NAMES = tuple(f.name for f in fields(Numbers) if f.name != "formula")
