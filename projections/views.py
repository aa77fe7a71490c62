"""The read side in one place: catch-up, rebuild, and the questions the CLI asks.

Projections read the store's notification log from their tracking position (SQLite has no
subscriptions) and write their rows and the new position in one transaction per batch.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import attrs

from storyline.domain import Actor, ActorDirectory
from storyline.domain.dates import OPEN_FUTURE
from storyline.store import StoryStore

from .catchup import CATCH_UP_BATCH, TABLES, Progress, ViewRunner
from .recorder import OPEN_POSITION, ViewRecorder, open_view_recorder
from .situation import changes_between, situation, tally_rows
from .tallies import query_tallies
from .timeline import NOW, Clocks, EntryRow, TimelineQuery, select_rows
from .walk import situation_rows


@attrs.frozen
class StorySummary:
    story: str
    entries: int
    first: dict[str, Any]  # the occurred object of the earliest entry
    last: dict[str, Any]  # ... and of the one that could have happened last
    kinds: dict[str, int]


class Views:
    """Every read model of one store."""

    def __init__(self, store: StoryStore, *, in_memory: bool = False) -> None:
        self.store = store
        self.recorder: ViewRecorder = open_view_recorder(store, TABLES, in_memory=in_memory)
        self.runner = ViewRunner(store, self.recorder)

    def close(self) -> None:
        self.recorder.close()

    # -- keeping up with the log ------------------------------------------------------------------

    @property
    def position(self) -> int:
        return self.runner.position

    @property
    def lag(self) -> int:
        return (self.store.recorder.max_notification_id() or 0) - self.position

    def catch_up(self, progress: Progress | None = None, batch_size: int = CATCH_UP_BATCH) -> int:
        """Process everything recorded since the last catch-up. Returns how many events."""
        return self.runner.catch_up(progress, batch_size)

    def rebuild(self, progress: Progress | None = None) -> int:
        """Make every view again from the whole log, and swap them in for the old ones."""
        return self.runner.rebuild(progress)

    # -- questions -----------------------------------------------------------------------------------

    def timeline(self, query: TimelineQuery | None = None) -> list[EntryRow]:
        return select_rows(self.recorder, query or TimelineQuery())

    def directory(self) -> ActorDirectory:
        with self.recorder.transaction(commit=False) as c:
            c.execute("SELECT body FROM actor_rows")
            actors = [Actor(**json.loads(r["body"])) for r in c.fetchall()]
        return ActorDirectory(actors)

    def position_before(self, moment: datetime) -> int:
        """The last store position recorded strictly before `moment` (0: none)."""
        with self.recorder.transaction(commit=False) as c:
            c.execute(
                self.recorder.sql("SELECT MAX(position) AS p FROM log_positions WHERE recorded_at < ?"),
                (moment.isoformat(),),
            )
            row = c.fetchone()
        return (row["p"] if row else None) or 0

    def entry_ids(self, ref: str, stories: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
        """(entry id, story, key) of entries whose id starts with `ref` or whose key is `ref`."""
        prefix = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params: list[Any] = [ref, prefix.lower(), prefix]
        statement = (
            "SELECT DISTINCT entry_id, story, entry_key FROM timeline_rows "
            "WHERE (entry_key = ? OR entry_id LIKE ? ESCAPE '\\' OR entry_key LIKE ? ESCAPE '\\')"
        )
        if stories:
            statement += f" AND story IN ({', '.join('?' for _ in stories)})"
            params += list(stories)
        with self.recorder.transaction(commit=False) as c:
            c.execute(self.recorder.sql(statement + " ORDER BY story, entry_key"), params)
            return [(r["entry_id"], r["story"], r["entry_key"]) for r in c.fetchall()]

    def story_names(self) -> list[str]:
        with self.recorder.transaction(commit=False) as c:
            c.execute("SELECT DISTINCT story FROM timeline_rows ORDER BY story")
            return [r["story"] for r in c.fetchall()]

    def stories(self, clocks: Clocks = NOW) -> list[StorySummary]:
        """Every story with its count, kinds, and the span from its first to its last entry."""
        grouped: dict[str, list[EntryRow]] = {}
        for row in self.timeline(TimelineQuery(clocks=clocks)):
            grouped.setdefault(row.body["story"], []).append(row)
        return [
            StorySummary(
                story=name,
                entries=len(rows),
                first=rows[0].body["occurred"],
                # The latest possible end; of several, the most precise ("11 Nov", not "Sep – 11 Nov").
                last=max(rows, key=lambda r: (r.occ_end, r.occ_start)).body["occurred"],
                kinds=dict(sorted(Counter(r.kind for r in rows).items())),
            )
            for name, rows in sorted(grouped.items())
        ]

    # -- situation reports ---------------------------------------------------------------------------

    def tallies(self, as_of: date, clocks: Clocks = NOW, stories: tuple[str, ...] = ()) -> Any:
        """(certain, possible) tallies: from the running deltas, or — for the store's own past,
        which the deltas do not keep — from that moment's rows."""
        if clocks.recorded_through is None:
            return query_tallies(self.recorder, as_of, clocks.known_at, stories)
        rows = self.timeline(TimelineQuery(clocks=attrs.evolve(clocks, as_of=as_of), stories=stories))
        return tally_rows(rows, as_of)

    def situation(self, as_of: date, clocks: Clocks = NOW, stories: tuple[str, ...] = ()) -> dict[str, Any]:
        """The state of the world at the end of `as_of`, as the clocks see it."""
        clocks = attrs.evolve(clocks, as_of=as_of)
        rows = situation_rows(self.recorder, clocks, as_of, stories)
        return situation(as_of, self.tallies(as_of, clocks, stories), rows)

    def diff(
        self, start: date, end: date, clocks: Clocks = NOW, stories: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """What could have happened after `start` and by `end`, and how the situation changed."""
        before = self.situation(start, clocks, stories)
        after = self.situation(end, clocks, stories)
        happened = self.timeline(
            TimelineQuery(
                clocks=attrs.evolve(clocks, as_of=end), stories=stories, since=start + timedelta(days=1)
            )
        )
        return {
            "entries": happened,
            "before": before,
            "after": after,
            "changes": changes_between(before, after),
        }

    # -- the views themselves ---------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """What the views hold, and how far they are behind the log."""
        with self.recorder.transaction(commit=False) as c:
            c.execute(
                self.recorder.sql(
                    "SELECT COUNT(*) AS n FROM timeline_rows WHERE rec_to = ? AND known_to = ?"
                ),
                (OPEN_POSITION, OPEN_FUTURE),
            )
            entries = c.fetchone()["n"]
            c.execute("SELECT COUNT(*) AS n FROM timeline_rows")
            rows = c.fetchone()["n"]
            c.execute("SELECT COUNT(DISTINCT story) AS n FROM timeline_rows")
            stories = c.fetchone()["n"]
            c.execute("SELECT COUNT(*) AS n FROM actor_rows")
            actors = c.fetchone()["n"]
        log = self.store.recorder.max_notification_id() or 0
        position = self.position
        return {
            "events": log,
            "entries": entries,
            "stories": stories,
            "actors": actors,
            "views": {
                # One tracking position serves every view: they are written in one transaction.
                name: {"position": position, "lag": log - position}
                for name in ("timeline", "tallies", "situation", "actors")
            },
            "timeline_rows": rows,
        }
