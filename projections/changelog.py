"""What the record learned, and when: the changelog of the news between two report days.

`diff` compares the world on two days of the occurred clock; this walks the reported clock
instead. Every entry first reported, every correction (each field, before → after, and why),
retraction, corroboration and clean-up whose report falls between two days, oldest first, with
its source. It is read from the log, entry by entry, as `history` is, so it needs no view of
its own; `--recorded-before` keeps only what this store held then.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import attrs

from storyline.domain import Entry, entry_name, grade_of
from storyline.domain.entry import effective_reported

from .entries import Citation
from .history import Version, versions_of

JSON = dict[str, Any]


@attrs.frozen
class News:
    """One thing the public record said, on the day it said it."""

    reported: date
    action: str  # recorded, corrected, retracted, corroborated, claimed, moved, rekinded, named
    entry: str  # story/key, as every command takes it
    title: str
    kind: str
    changes: tuple[tuple[str, str | None, str | None], ...]  # field, before, after
    source: Citation | None
    why: str | None
    position: int = attrs.field(default=0, eq=False)  # where in the log: the order of a day's news

    def to_json(self) -> JSON:
        return {
            "reported": self.reported.isoformat(),
            "action": self.action,
            "entry": self.entry,
            "title": self.title,
            "kind": self.kind,
            "changes": {name: {"before": was, "after": now} for name, was, now in self.changes},
            "source": self.source.to_json() if self.source else None,
            "why": self.why,
        }


def changelog(
    log: Iterable[tuple[int, Any]],
    start: date,
    end: date,
    *,
    recorded_through: int | None = None,
    stories: Sequence[str] = (),
    grades: Sequence[str] = (),
) -> list[News]:
    """The news reported from the start of `start` to the end of `end`: `log` is the store's
    (position, event) in order; an event counts from its effective report day (never before
    the entry itself was reported, as every clock has it)."""
    by_entry: dict[Any, list[tuple[int, Any]]] = {}
    for position, event in log:
        if recorded_through is not None and position > recorded_through:
            break
        if isinstance(event, Entry.Recorded | Entry.Event):
            by_entry.setdefault(event.originator_id, []).append((position, event))
    news: list[News] = []
    for entry_id, positioned in by_entry.items():
        events = [event for _, event in positioned]
        days = effective_reported(events)
        for (position, _), day, version in zip(positioned, days, versions_of(entry_id, events), strict=True):
            if not start <= day <= end:
                continue
            state = version.state
            assert state is not None
            if stories and state.record.story not in stories:
                continue
            if grades and grade_of(state.record.sources, state.retracted).value not in grades:
                continue
            news.append(news_of(entry_id, events[0].key, version, day, position))
    return sorted(news, key=lambda n: (n.reported, n.position))


def news_of(entry_id: Any, key: str, version: Version, day: date, position: int) -> News:
    """One version of an entry as news: what it said, or changed, on the day it was reported."""
    state = version.state
    assert state is not None
    record = state.record
    return News(
        reported=day,
        # A source giving values of its own is a competing claim, not only support.
        action="claimed" if any(c.field == "claims" for c in version.changes) else version.event,
        entry=entry_name(record.story, state.name or key, entry_id),
        title=record.title,
        kind=record.kind,
        changes=tuple((c.field, c.was, c.now) for c in version.changes)
        if version.event != "recorded"
        else (),
        # What first reported it, for a new entry; the source of the report, for the rest.
        source=version.source or (version.sources[0] if version.sources else None),
        why=version.why,
        position=position,
    )
