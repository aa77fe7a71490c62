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
    changes: tuple[tuple[str, str | None, str | None], ...]  # field, before, after
    outlet: str | None
    why: str | None

    @property
    def what(self) -> str:
        if self.retraction:
            return "retracted"
        return "; ".join(f"{name}: {was or '—'} → {now or '—'}" for name, was, now in self.changes)

    def line(self) -> str:
        """ "killed: at least 76 → at least 80 (CNN, 2025-11-20; a later count)"."""
        by = f"{self.outlet}, " if self.outlet else ""
        why = f"; {self.why}" if self.why else ""
        return f"{self.what} ({by}{self.reported.isoformat()}{why})"


def amendments_of(events: Iterable[Any]) -> dict[str, list[Amendment]]:
    """entry id -> its corrections and retractions, in the order the log holds them, each with
    what its fields said before and after (the entry's history, history.py)."""
    from ..history import versions_of

    by_entry: dict[Any, list[Any]] = {}
    for event in events:
        if isinstance(event, Entry.Recorded | Entry.Event):
            by_entry.setdefault(event.originator_id, []).append(event)
    found: dict[str, list[Amendment]] = {}
    for entry_id, entry_events in by_entry.items():
        for version in versions_of(entry_id, entry_events):
            if version.event not in ("corrected", "retracted"):
                continue
            found.setdefault(str(entry_id), []).append(
                Amendment(
                    entry=str(entry_id),
                    reported=version.reported,
                    retraction=version.event == "retracted",
                    changes=tuple((c.field, c.was, c.now) for c in version.changes if c.field != "sources"),
                    outlet=version.source.outlet if version.source else None,
                    why=version.why,
                )
            )
    return found


def corrections_log(
    entries: Sequence[TimelineEntry], amended: dict[str, list[Amendment]]
) -> list[tuple[TimelineEntry, Amendment]]:
    """Every amendment of these entries, by the day it was reported (then the chronology's
    order): the story's corrections column."""
    order = {entry.id: index for index, entry in enumerate(entries)}
    log = [(entry, said) for entry in entries for said in amended.get(entry.id, ())]
    return sorted(log, key=lambda pair: (pair[1].reported, order[pair[0].id]))
