"""The oracle: the timeline's rules replayed in memory, straight from the log, per question.

Slow on purpose and simple on purpose: no rows, no intervals, no indexes. Tests ask the
tracked projection and the oracle the same question and expect the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from storyline.domain import Entry, state_known_at, version_known_at

from .entries import TimelineEntry, shown_entry
from .timeline import TimelineQuery


def replay_timeline(log: Iterable[tuple[int, Any]], query: TimelineQuery) -> list[TimelineEntry]:
    """`log`: (position, domain event) for the whole store, in position order."""
    clocks = query.clocks
    entries: dict[str, list[tuple[int, Any]]] = {}
    for position, event in log:
        if not isinstance(event, Entry.Recorded | Entry.Event):
            continue
        if clocks.recorded_through is not None and position > clocks.recorded_through:
            continue
        entries.setdefault(str(event.originator_id), []).append((position, event))
    rows = []
    for entry_id, positioned in entries.items():
        events = [event for _, event in positioned]
        state = state_known_at(events, clocks.known_at)
        if state is None or (
            state.retracted and not query.include_retracted and "retracted" not in clocks.grades
        ):
            continue
        record = state.record
        occurred = record.occurred
        if clocks.as_of is not None and occurred.start_ordinal > clocks.as_of.toordinal():
            continue
        if not occurred.overlaps(query.since, query.until):
            continue
        if query.stories and record.story not in query.stories:
            continue
        if query.kinds and record.kind not in query.kinds:
            continue
        first_position = positioned[0][0]
        entry = shown_entry(
            entry_id,
            events[0].key,
            state,
            version=version_known_at(events, clocks.known_at),
            reported=events[0].reported,
            recorded=events[0].timestamp,
            position=first_position,
        )
        if query.actors and not set(query.actors) & set(entry.actors):
            continue
        if clocks.grades and entry.grade not in clocks.grades:
            continue
        rows.append((occurred.sort_key, first_position, entry.as_of(clocks.as_of)))
    rows.sort(key=lambda item: (item[0], item[1]), reverse=query.newest_first)
    result = [row for _, _, row in rows]
    if query.limit is not None:
        result = result[query.offset : query.offset + query.limit]
    return result[::-1] if query.newest_first else result


def read_log(store: Any) -> list[tuple[int, Any]]:
    """The whole log of a store as (position, event)."""
    return list(store.read_log())
