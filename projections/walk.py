"""The rows a situation report needs, found key by key instead of by reading every entry.

For each key of each topic (topics.py) it walks back in timeline order from the report's day
until it meets an entry certain to have happened by then; that entry and the possible ones after
it decide the key's state. Entries dated only "before" a day later than the report's are possible
on the report's day but sort after it, so the last of them is fetched apart. Open matters are
listed whole: each is its own key.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from .recorder import ViewRecorder
from .timeline import Clocks, EntryRow, clock_conditions

CHUNKS = (4, 32)  # most keys settle on their first rows: ask for a few, then for more
COLUMNS = "body, occ_start, occ_end, first_position"
NEWEST_FIRST = "ORDER BY sort_start DESC, sort_span DESC, first_position DESC"


def _row(r: Any) -> EntryRow:
    return EntryRow(json.loads(r["body"]), r["occ_start"], r["occ_end"], r["first_position"])


def situation_rows(
    recorder: ViewRecorder, clocks: Clocks, as_of: date, stories: tuple[str, ...]
) -> list[EntryRow]:
    day = as_of.toordinal()
    clock_where, clock_params = clock_conditions(clocks)
    base = [*clock_where, "retracted = 0"]
    base_params = list(clock_params)
    story_params: list[Any] = list(stories)
    story_where = f"story IN ({', '.join('?' for _ in stories)})" if stories else ""
    if stories:
        base.append(story_where)
        base_params += story_params
    sql = recorder.sql
    found: list[EntryRow] = []
    with recorder.transaction(commit=False) as c:
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
            walked: list[EntryRow] = []
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
            c.execute(
                sql(
                    f"SELECT {COLUMNS} FROM timeline_rows WHERE {where} AND occ_start = 0 AND sort_start > ? {NEWEST_FIRST} LIMIT 1"
                ),
                [*params, day],
            )
            found += [*reversed(walked), *map(_row, c.fetchall())]
        # Each open matter is its own key: fetched by key, they cost what they list.
        where = " AND ".join(["topic = ?", "topic_key = ?", *base])
        listed: list[EntryRow] = []
        for key in matters:
            c.execute(
                sql(f"SELECT {COLUMNS} FROM timeline_rows WHERE {where} AND occ_start <= ?"),
                ["matter", key, *base_params, day],
            )
            listed += map(_row, c.fetchall())
        found += sorted(listed, key=lambda r: (r.occ_start or r.occ_end, r.occ_end - r.occ_start, r.position))
    return found
