"""Following the log as it grows: every entry recorded, corrected, retracted, corroborated or
cleaned up, as news (changelog.py's `News`), the moment any process appends it.

The follower keeps one position in the log and reads on from it after every wake-up
(store/log_watch.py), so each event is told once, in the log's order, however the wake-ups come;
a read that fails — a PostgreSQL connection lost, a server restarting — is tried again from the
same position, so nothing is missed and nothing repeated. It reads the log, not the views:
following needs no view to be caught up, and takes nothing from a rebuild racing it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Generator, Sequence
from typing import Any

from storyline.domain import Entry
from storyline.domain.entry import effective_reported
from storyline.store import StoryStore
from storyline.store.log_watch import LogWatch

from .changelog import News, news_of
from .history import versions_of

RETRY_AFTER = 1.0  # seconds to wait before reading again after a failed read


def follow(
    store: StoryStore,
    watch: LogWatch,
    *,
    after: int,
    stories: Sequence[str] = (),
    wake_every: float = 5.0,
    until: Callable[[], bool] | None = None,
) -> Generator[News]:
    """The news after position `after`, forever: the caller stops by no longer asking, or
    (from another thread) by making `until()` true, which is looked at every wake-up."""
    import sqlite3

    from eventsourcing.persistence import InterfaceError, OperationalError

    position = after
    seen: dict[uuid.UUID, list[Any]] = {}  # each entry's events so far: its versions' before
    try:
        while until is None or not until():
            try:
                for at, event in store.read_log(after=position):
                    found = _news(store, seen, at, event, stories)
                    position = at
                    if found is not None:
                        yield found
                # Told to stop from elsewhere: looked at twice a second, not every wake_every.
                watch.wait(position, min(wake_every, 0.5) if until else wake_every)
            except (OperationalError, InterfaceError, sqlite3.OperationalError, OSError):
                # A connection lost or refused, a database busy: not a mistake, so read again.
                watch.close()
                time.sleep(RETRY_AFTER)
    finally:
        watch.close()


def _news(
    store: StoryStore, seen: dict[uuid.UUID, list[Any]], at: int, event: Any, stories: Sequence[str]
) -> News | None:
    if not isinstance(event, Entry.Recorded | Entry.Event):
        return None  # an actor defined, a story described: not news of an entry
    entry_id = event.originator_id
    events = seen.get(entry_id)
    if events is None:  # first seen here: what came before it, from the store
        events = seen[entry_id] = store.entry_events(entry_id, up_to_version=event.originator_version)
    else:
        events.append(event)
    versions = versions_of(entry_id, events)
    version = versions[-1]
    if version.state is None:
        return None
    # Of the stories followed if it is in one now, or was before this event (moved out of it).
    before = versions[-2].state if len(versions) > 1 else None
    were = {version.state.record.story} | ({before.record.story} if before is not None else set())
    if stories and not were & set(stories):
        return None
    day = effective_reported(events)[-1]
    return news_of(entry_id, events[0].key, version, day, at)
