"""The rows a situation report needs, found key by key instead of by reading every entry.

For each key of each topic (a kind's report role, domain/facts.py) it walks back in timeline order from the report's day
until it meets an entry certain to have happened by then; that entry and the possible ones after
it decide the key's state. Entries dated only "before" a day later than the report's are possible
on the report's day but sort after it: of those, the few that decide the key are fetched apart
(see `_deciding`). Open matters are listed whole: each is its own key.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from .database import ViewDatabase
from .entries import TimelineEntry
from .timeline import ROW_COLUMNS, Clocks, clock_conditions, entry_of

CHUNKS = (4, 32)  # most keys settle on their first rows: ask for a few, then for more
COLUMNS = f"{ROW_COLUMNS}, occ_end, sort_start, sort_span"
NEWEST_FIRST = "ORDER BY sort_start DESC, sort_span DESC, first_position DESC"
OLDEST_FIRST = "ORDER BY sort_start, sort_span, first_position"


@functools.cache
def _deciding(topic: str) -> list[tuple[str, tuple[str, ...] | None]]:
    """Of a key's rows that only may have happened by the day, the ones that decide it, as
    (order, kinds) to fetch the first of (None: any kind): the first that makes the topic
    something, since a force keeps the first deployment it finds of what only may have happened;
    the last that ends it, since a withdrawal after that one makes the force only possibly there;
    and the last of all, since a stance or a relation is what its last change says."""
    from storyline.domain.facts import Topic, fact_class, kinds_of

    becomes = {k: getattr(fact_class(k).report_role, "becomes", None) for k in kinds_of(Topic(topic))}
    making = tuple(k for k, what in becomes.items() if what)
    ending = tuple(k for k, what in becomes.items() if not what)
    return [
        *([(OLDEST_FIRST, making)] if making else []),
        *([(NEWEST_FIRST, ending)] if making and ending else []),  # else: the last of all
        (NEWEST_FIRST, None),
    ]


def _row(r: Any) -> TimelineEntry:
    return entry_of(r)


def situation_rows(
    database: ViewDatabase, clocks: Clocks, as_of: date, stories: tuple[str, ...]
) -> list[TimelineEntry]:
    day = as_of.toordinal()
    clock_where, clock_params = clock_conditions(clocks)
    base = [*clock_where, "retracted = 0"]
    base_params = list(clock_params)
    story_params: list[Any] = list(stories)
    story_where = f"story IN ({', '.join('?' for _ in stories)})" if stories else ""
    if stories:
        base.append(story_where)
        base_params += story_params
    sql = database.sql
    found: list[TimelineEntry] = []
    with database.transaction(commit=False) as c:
        c.execute(
            sql(
                f"SELECT DISTINCT topic, topic_key FROM situation_keys {'WHERE ' + story_where if stories else ''}"
            ),
            story_params,
        )
        keys = sorted((r["topic"], r["topic_key"]) for r in c.fetchall())
        matters = [key for topic, key in keys if topic == "matter"]
        for topic, key in keys:
            if topic == "matter":
                continue
            where = " AND ".join(["topic = ?", "topic_key = ?", *base])
            params = [topic, key, *base_params]
            walked: list[TimelineEntry] = []
            offset, chunk = 0, CHUNKS[0]
            while True:
                c.execute(
                    sql(
                        f"SELECT {COLUMNS} FROM timeline_rows WHERE {where} AND sort_start <= ? {NEWEST_FIRST} LIMIT ? OFFSET ?"
                    ),
                    [*params, day, chunk, offset],
                )
                batch = c.fetchall()
                settled = next((i for i, r in enumerate(batch) if r["occ_end"] <= day), None)
                walked += [_row(r) for r in (batch if settled is None else batch[: settled + 1])]
                if settled is not None or len(batch) < chunk:
                    break
                offset, chunk = offset + chunk, CHUNKS[1]
            # Open-start rows ("before ...") later in the order may have happened by the day.
            beyond: dict[int, Any] = {}
            for order, kinds in _deciding(topic):
                of_kind = f" AND kind IN ({', '.join('?' for _ in kinds)})" if kinds else ""
                c.execute(
                    sql(
                        f"SELECT {COLUMNS} FROM timeline_rows WHERE {where}{of_kind} AND occ_start = 0 AND sort_start > ? {order} LIMIT 1"
                    ),
                    [*params, *(kinds or ()), day],
                )
                beyond.update((r["first_position"], r) for r in c.fetchall())
            in_order = sorted(
                beyond.values(), key=lambda r: (r["sort_start"], r["sort_span"], r["first_position"])
            )
            found += [*reversed(walked), *map(_row, in_order)]
        # Each open matter is its own key: fetched by key, they cost what they list.
        where = " AND ".join(["topic = ?", "topic_key = ?", *base])
        listed: list[TimelineEntry] = []
        for key in matters:
            c.execute(
                sql(f"SELECT {COLUMNS} FROM timeline_rows WHERE {where} AND occ_start <= ?"),
                ["matter", key, *base_params, day],
            )
            listed += map(_row, c.fetchall())
        found += sorted(
            listed,
            key=lambda r: (r.occurred.anchor, r.occurred.end_ordinal - r.occurred.start_ordinal, r.position),
        )
    return found
