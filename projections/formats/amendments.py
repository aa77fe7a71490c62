"""What the record learned after an entry was first recorded: its corrections and retractions,
each with what changed, on whose word, the day it was reported and why.

A published chronology shows them beside the entry and again, all together, in a corrections
log — the way a newspaper keeps its corrections column — so a reader sees what changed and
when without comparing two versions of the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import attrs

from storyline.domain import Entry

from ..entries import TimelineEntry


@attrs.frozen
class Amendment:
    entry: str  # the entry's id
    reported: date
    retraction: bool
    changes: tuple[tuple[str, str], ...]  # field, new value ("—" when cleared)
    outlet: str | None
    why: str | None

    @property
    def what(self) -> str:
        if self.retraction:
            return "retracted"
        return ", ".join(f"{name} → {value}" for name, value in self.changes)

    def line(self) -> str:
        """ "killed → 80 (Reuters, 2025-11-20; a later count)"."""
        by = f"{self.outlet}, " if self.outlet else ""
        why = f"; {self.why}" if self.why else ""
        return f"{self.what} ({by}{self.reported.isoformat()}{why})"


def amendments_of(events: Iterable[Any]) -> dict[str, list[Amendment]]:
    """entry id -> its corrections and retractions, in the order the log holds them."""
    found: dict[str, list[Amendment]] = {}
    for event in events:
        if isinstance(event, Entry.Corrected):
            changes = tuple((name, "—" if value is None else str(value)) for name, value in event.changes)
        elif isinstance(event, Entry.Retracted):
            changes = ()
        else:
            continue
        found.setdefault(str(event.originator_id), []).append(
            Amendment(
                entry=str(event.originator_id),
                reported=event.reported,
                retraction=isinstance(event, Entry.Retracted),
                changes=changes,
                outlet=event.source.outlet if event.source else None,
                why=event.why,
            )
        )
    return found


def corrections_log(
    entries: Sequence[TimelineEntry], amended: dict[str, list[Amendment]]
) -> list[tuple[TimelineEntry, Amendment]]:
    """Every amendment of the entries shown, by the day it was reported (then the chronology's
    order): the story's corrections column."""
    order = {entry.id: index for index, entry in enumerate(entries)}
    log = [(entry, said) for entry in entries for said in amended.get(entry.id, ())]
    return sorted(log, key=lambda pair: (pair[1].reported, order[pair[0].id]))
