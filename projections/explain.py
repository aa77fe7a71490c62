"""Every number traced: which entries add up to a figure on a day, and which were left out
and why. The reasons are the tallies' own rules (projections/tallies.py), told entry by entry."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import attrs

from storyline.domain import SOLID, Occurrence, entry_name, fact_class

from .entries import TimelineEntry
from .situation import Tallies
from .tallies import counted

JSON = dict[str, Any]


@attrs.frozen
class Traced:
    """One entry that could give the figure: what it gives, and why it is left out, if it is."""

    entry: str
    title: str
    value: str | None  # the figure as the entry gives it ("at least 76"), None: it gives none
    grade: str
    sources: tuple[str, ...]
    reported: date
    left_out: str | None = None  # None: counted in the headline

    def to_json(self) -> JSON:
        return {
            "entry": self.entry,
            "title": self.title,
            "value": self.value,
            "grade": self.grade,
            "sources": list(self.sources),
            "reported": self.reported.isoformat(),
            "left_out": self.left_out,
        }


@attrs.frozen
class Explanation:
    figure: str
    as_of: date
    known_at: date | None
    tallies: Tallies
    traced: tuple[Traced, ...]

    @property
    def counted(self) -> list[Traced]:
        return [t for t in self.traced if t.left_out is None]

    @property
    def left_out(self) -> list[Traced]:
        return [t for t in self.traced if t.left_out is not None]

    def to_json(self) -> JSON:
        return {
            "figure": self.figure,
            "as_of": self.as_of.isoformat(),
            "known_at": self.known_at.isoformat() if self.known_at else None,
            "headline": self.tallies.headline(self.figure),
            "text": self.tallies.text(self.figure),
            "counted": [t.to_json() for t in self.counted],
            "left_out": [t.to_json() for t in self.left_out],
        }


def _trace(entry: TimelineEntry, figure: str, as_of: date, why: str | None = None) -> Traced:
    count = counted(entry).get(figure) if entry.status != "retracted" else None
    if why is None:
        if entry.status == "retracted":
            why = "retracted"
        elif entry.grade not in SOLID:
            why = f"{entry.grade}: not a confirmed or reported figure"
        elif entry.occurrence(as_of) is not Occurrence.CERTAIN:
            why = f"only possibly happened by then ({entry.occurred.text})"
        elif count is None:
            why = "gives no figure"
    figure_of = entry.figure(figure)
    return Traced(
        entry=entry_name(entry.story, entry.key, entry.id),
        title=entry.title,
        value=figure_of.text if figure_of else ("1" if count is not None else None),
        grade=entry.grade,
        sources=tuple(dict.fromkeys(s.outlet for s in entry.sources)),
        reported=entry.reported,
        left_out=why,
    )


def explain(
    figure: str,
    as_of: date,
    known_at: date | None,
    tallies: Tallies,
    seen: Sequence[TimelineEntry],
    known_now: Sequence[TimelineEntry],
) -> Explanation:
    """`seen`: the entries the question sees (retracted ones too); `known_now`: the same asked
    with all that is known now, so that what was not yet reported by `known_at` is named."""
    gives = {kind for kind in {e.kind for e in [*seen, *known_now]} if _gives(kind, figure)}
    shown = {e.id for e in seen}
    traced = [_trace(e, figure, as_of) for e in seen if e.kind in gives]
    traced += [
        _trace(
            e,
            figure,
            as_of,
            f"not yet reported by {known_at.isoformat()} (reported {e.reported.isoformat()})",
        )
        for e in known_now
        if e.kind in gives and e.id not in shown and known_at is not None
    ]
    return Explanation(figure, as_of, known_at, tallies, tuple(traced))


def _gives(kind: str, figure: str) -> bool:
    cls = fact_class(kind)
    return figure in cls.tallied or cls.counts_itself == figure
