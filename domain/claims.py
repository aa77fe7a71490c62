"""Competing claims: when sources give different values for one field of an entry, each is kept
with its source and report day, and the entry shows one of them by one rule.

    A source's own later report replaces its earlier claim.
    Between sources, the claim whose source has the stronger status wins (confirmed, reported,
    claimed, disputed); between equals, the one reported later.

The first claim on a field is what the entry said before anyone contested it, with the
status of the entry's own sources. The others stay beside the headline ("killed 11 (AP, 26 Jan)
· CNN said 14"), and a tally over the field carries their range, low to high.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs

from .sources import STATUS_STRENGTH, SourceStatus


@attrs.frozen
class Claim:
    field: str
    value: str | None
    outlet: str
    status: SourceStatus
    reported: date | None  # None: what the entry said as first recorded, before any contest

    def beats(self, other: Claim) -> bool:
        mine, theirs = STATUS_STRENGTH.index(self.status), STATUS_STRENGTH.index(other.status)
        later = (self.reported or date.min) >= (other.reported or date.min)
        return mine < theirs or (mine == theirs and later)


def with_claim(claims: Iterable[Claim], claim: Claim) -> tuple[Claim, ...]:
    """The claims with `claim` added, or in place of the same source's earlier one on the field."""
    kept = [
        c for c in claims if not (c.field == claim.field and c.outlet.casefold() == claim.outlet.casefold())
    ]
    return (*kept, claim)


def winning(claims: Iterable[Claim], field: str) -> Claim | None:
    best: Claim | None = None
    for claim in claims:
        if claim.field == field and (best is None or claim.beats(best)):
            best = claim
    return best


def contested(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    """field -> its claims, for the fields whose claims do not all give one value."""
    by_field: dict[str, list[Claim]] = {}
    for claim in claims:
        by_field.setdefault(claim.field, []).append(claim)
    return {f: cs for f, cs in by_field.items() if len({c.value for c in cs}) > 1}
