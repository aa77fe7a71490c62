"""`storyline verify`: is the store sound? The log's positions run without gaps, every event
decodes, and every view equals a rebuild of it from the log, made afresh in memory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storyline.domain import InvalidValue
from storyline.store import StoryStore
from storyline.store.chain import parse_head
from storyline.store.mapper import UnreadableEvent

from .database import ViewsDamaged
from .models import TABLES
from .results import Problem
from .tallies import COLUMNS as TALLY_COLUMNS
from .views import Views

BATCH = 1000


def verify(
    store: StoryStore,
    views: Views,
    progress: Callable[[int, int], None] | None = None,
    *,
    expect: str | None = None,
) -> tuple[int, list[Problem]]:
    """(events checked, problems found): the hash chain over the log, every event decoding, and
    the views equal to a rebuild. With `expect` (a head `--head` printed earlier), also that the
    log up to that head is unchanged. Gaps count as problems on SQLite; on PostgreSQL a refused
    write burns a sequence number, so a gap there loses nothing and is only noted."""
    problems = chain_checked(store, expect)
    total = store.recorder.max_notification_id() or 0
    expected, checked = 1, 0
    while True:
        notifications = store.recorder.select_notifications(expected, BATCH)
        if not notifications:
            break
        for notification in notifications:
            if notification.id != expected and not store.location.is_postgres:
                problems.append(
                    Problem(
                        f"position {expected}",
                        f"missing: the log jumps from {expected - 1} to {notification.id}",
                    )
                )
            try:
                store.mapper.to_domain_event(notification)
            except UnreadableEvent as exc:
                problems.append(Problem(f"position {notification.id}", f"does not decode: {exc}"))
            expected = notification.id + 1
            checked += 1
        if progress:
            progress(checked, total)
    if any("does not decode" in p.what for p in problems):
        problems.append(
            Problem("views", "not compared with a rebuild: the log holds events that do not decode")
        )
        return checked, problems
    try:
        views.catch_up()
    except ViewsDamaged as exc:
        return checked, [*problems, Problem("views", str(exc))]
    # The views as of one moment, and a rebuild made up to the position they stood at then:
    # another process writing meanwhile moves neither.
    with views.database.transaction(commit=False, snapshot=True) as cursor:
        position = views.database.position(cursor)
        stored = {table.name: _rows(cursor, table.name) for table in TABLES}
    head = store.recorder.max_notification_id() or 0
    if position > head:
        problems.append(Problem("views", f"they stand at event {position:,}, past the log's end at {head:,}"))
    fresh = Views(store, in_memory=True)
    try:
        fresh.runner.catch_up(until=position)
        with fresh.database.transaction(commit=False) as cursor:
            for table in TABLES:
                problems += _compare(table.name, stored[table.name], _rows(cursor, table.name))
    finally:
        fresh.close()
    return checked, problems


def _rows(cursor: Any, table: str) -> set[tuple[Any, ...]]:
    cursor.execute(f"SELECT * FROM {table}")
    rows = [dict(row) for row in cursor.fetchall()]  # sqlite3.Row and psycopg rows alike
    if table.startswith("tally"):
        # A day whose additions and subtractions cancel out holds nothing: only sums that are not zero count.
        rows = [row for row in rows if any(row[column] for column in TALLY_COLUMNS)]
    return {tuple(sorted(row.items())) for row in rows}


def _compare(table: str, stored: set[tuple[Any, ...]], rebuilt: set[tuple[Any, ...]]) -> list[Problem]:
    if stored == rebuilt:
        return []
    extra, missing = stored - rebuilt, rebuilt - stored
    return [
        Problem(
            f"view {table}",
            f"differs from a rebuild from the log: {len(extra)} row(s) only in the store, {len(missing)} only in the rebuild",
        )
    ]


def chain_checked(store: StoryStore, expect: str | None) -> list[Problem]:
    problems = [Problem(f"position {position}", what) for position, what in store.chain_problems()]
    if "chain" not in store.meta and store.chain_head() is not None:
        problems.append(
            Problem(
                "log",
                "the record of where its hash chain began is gone: the chain may have been removed and made again",
            )
        )
    if expect is None:
        return problems
    head = parse_head(expect)
    if head is None:
        raise InvalidValue(
            "expect", expect, "is not a head as `storyline verify --head` prints it (POSITION:DIGEST)"
        )
    position, link = head
    broken = [p for p in problems if int(p.where.split()[-1]) <= position]
    if store.chain_link(position) != link or broken:
        problems.append(
            Problem(f"position {position}", "the log up to here is not what it was when that head was taken")
        )
    return problems
