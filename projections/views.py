"""The read side in one place: catch-up, rebuild, and the questions the CLI asks.

Projections read the store's notification log from their tracking position (SQLite has no
subscriptions) and write their rows and the new position in one transaction per batch.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs

from storyline.domain.dates import OPEN_FUTURE
from storyline.store import StoryStore

from .database import OPEN_POSITION, SQLiteViewDatabase, ViewDatabase, ViewsDamaged, open_view_database
from .entries import Occurred, TimelineEntry
from .log_positions import position_before
from .models import READ_MODELS, TABLES
from .periods import after as day_after
from .runner import CATCH_UP_BATCH, Progress, ViewRunner
from .sealed_views import SealedViewDatabase, image_path, open_image, page_cipher, seal_image
from .story_profiles import Profile, read_profiles
from .tallies import by_grade, query_tallies
from .timeline import NOW, Clocks, TimelineQuery, select_rows
from .walk import situation_rows

if TYPE_CHECKING:  # the situation report and the actors are loaded when asked for: a timeline needs neither
    from storyline.domain import ActorDirectory

    from .situation import Diff, Situation, Tallies


@attrs.frozen
class EntryMatch:
    """An entry a reference may mean: its id, its story and key as they are now, and whether
    the reference was one of its keys exactly (rather than the start of something)."""

    entry_id: str
    story: str
    key: str
    by_key: bool = False


@attrs.frozen
class StorySummary:
    story: str
    entries: int
    first: Occurred  # when the earliest entry happened
    last: Occurred  # ... and the one that could have happened last
    kinds: dict[str, int]
    title: str | None = None  # what the story's file calls it (domain/story_profile.py)
    description: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "story": self.story,
            "title": self.title,
            "description": self.description,
            "entries": self.entries,
            "first": self.first.to_json(),
            "last": self.last.to_json(),
            "kinds": dict(self.kinds),
        }


class Views:
    """Every read model of one store."""

    def __init__(self, store: StoryStore, *, in_memory: bool = False, sealed: bool = False) -> None:
        """`in_memory`: views in a private database of this process only. `sealed` (an encrypted
        store's): those views kept between commands encrypted with the store's key."""
        self.store = store
        kept = sealed and not in_memory and image_path(store) is not None  # between commands, in a file
        driver = page_cipher() if kept else None
        if driver is not None:
            pages = SealedViewDatabase(store, driver)
            try:
                pages.open(TABLES)
            except BaseException:
                pages.close()
                raise
            self.database: ViewDatabase = pages
        else:
            self.database = open_view_database(store, TABLES, in_memory=in_memory or sealed)
        self.runner = ViewRunner(store, self.database)
        # Without SQLCipher, an encrypted store's views in memory, kept between commands as an image.
        self.imaged = kept and driver is None
        self._moved = False  # whether this process changed the views (then sealed again on close)
        if self.imaged:
            assert isinstance(self.database, SQLiteViewDatabase)
            if open_image(store, self.database.connection):
                self.database.create_views(TABLES)  # an image of views of another version: made anew

    def close(self) -> None:
        if self.imaged and self._moved and isinstance(self.database, SQLiteViewDatabase):
            # The image only saves time: without it the next command builds the views anew.
            with contextlib.suppress(OSError):
                seal_image(self.store, self.database.connection, self.position)
        self.database.close()

    # -- keeping up with the log ------------------------------------------------------------------

    @property
    def position(self) -> int:
        return self.runner.position

    @property
    def lag(self) -> int:
        return (self.store.recorder.max_notification_id() or 0) - self.position

    def catch_up(self, progress: Progress | None = None, batch_size: int = CATCH_UP_BATCH) -> int:
        """Process everything recorded since the last catch-up. Returns how many events."""
        done = self.runner.catch_up(progress, batch_size)
        self._moved = self._moved or done > 0
        return done

    def rebuild(self, progress: Progress | None = None) -> int:
        """Make every view again from the whole log, and swap them in for the old ones."""
        self._moved = True
        try:
            return self.runner.rebuild(progress)
        except ViewsDamaged:
            if not isinstance(self.database, SealedViewDatabase):
                raise
            # A page of an encrypted store's views that does not read: made again in a new file
            # (a command still reading the old one reads on, from the file it opened).
            self.database.start_afresh(TABLES)
            return self.runner.rebuild(progress)

    # -- questions -----------------------------------------------------------------------------------

    def timeline(self, query: TimelineQuery | None = None) -> list[TimelineEntry]:
        return select_rows(self.database, query or TimelineQuery())

    def directory(self, clocks: Clocks = NOW) -> ActorDirectory:
        """The actors as they are now, or as they were by the recorded clock."""
        from .actor_directory import read_directory

        return read_directory(self.database, clocks.recorded_through)

    def position_before(self, moment: datetime) -> int:
        """The last store position recorded strictly before `moment` (0: none)."""
        return position_before(self.database, moment)

    def entry_ids(self, ref: str, stories: tuple[str, ...] = ()) -> list[EntryMatch]:
        """Entries whose id starts with `ref` or whose key, in any version, is or starts with
        `ref` (in `stories`, when given) — each named as it is now: a moved or renamed entry is
        found by its old name too, and is one entry, not two."""
        prefix = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params: list[Any] = [ref, ref, prefix.lower(), prefix]
        statement = (
            "SELECT entry_id, MAX(CASE WHEN entry_key = ? THEN 1 ELSE 0 END) AS by_key FROM timeline_rows "
            "WHERE (entry_key = ? OR entry_id LIKE ? ESCAPE '\\' OR entry_key LIKE ? ESCAPE '\\')"
        )
        if stories:
            statement += f" AND story IN ({', '.join('?' for _ in stories)})"
            params += list(stories)
        with self.database.transaction(commit=False) as c:
            c.execute(self.database.sql(statement + " GROUP BY entry_id"), params)
            found = {r["entry_id"]: bool(r["by_key"]) for r in c.fetchall()}
            if not found:
                return []
            # Named as it is now: the current row of the latest state of knowledge.
            c.execute(
                self.database.sql(
                    "SELECT entry_id, story, entry_key, known_from FROM timeline_rows WHERE rec_to = ? "
                    f"AND entry_id IN ({', '.join('?' for _ in found)}) ORDER BY known_from"
                ),
                [OPEN_POSITION, *found],
            )
            now = {r["entry_id"]: (r["story"], r["entry_key"]) for r in c.fetchall()}
        matches = [EntryMatch(eid, *now[eid], by_key=found[eid]) for eid in found if eid in now]
        return sorted(matches, key=lambda m: (m.story, m.key))

    def entries_naming(self, actors: Sequence[str]) -> list[str]:
        """The ids of every entry that ever named one of `actors` (canonical names)."""
        if not actors:
            return []
        with self.database.transaction(commit=False) as c:
            c.execute(
                self.database.sql(
                    f"SELECT DISTINCT entry_id FROM entry_parties WHERE actor IN ({', '.join('?' for _ in actors)}) "
                    "ORDER BY entry_id"
                ),
                list(actors),
            )
            return [r["entry_id"] for r in c.fetchall()]

    def entries_of(self, story: str, kinds: Sequence[str] = ()) -> list[tuple[str, str]]:
        """(id, key) of the entries in `story` now, as all we know says (of `kinds`, when given;
        retracted ones too: a whole story moves)."""
        with self.database.transaction(commit=False) as c:
            c.execute(
                self.database.sql(
                    "SELECT entry_id, entry_key, story, kind FROM timeline_rows WHERE rec_to = ? "
                    "AND entry_id IN (SELECT entry_id FROM timeline_rows WHERE rec_to = ? AND story = ?) "
                    "ORDER BY known_from"
                ),
                [OPEN_POSITION, OPEN_POSITION, story],
            )
            latest = {r["entry_id"]: r for r in c.fetchall()}
        return [
            (eid, r["entry_key"])
            for eid, r in sorted(latest.items())
            if r["story"] == story and (not kinds or r["kind"] in kinds)
        ]

    def kind_names(self) -> list[str]:
        with self.database.transaction(commit=False) as c:
            c.execute("SELECT DISTINCT kind FROM timeline_rows ORDER BY kind")
            return [r["kind"] for r in c.fetchall()]

    def story_names(self, *, now: bool = False) -> list[str]:
        """Every story the store ever held (a question may be about the past); with `now`,
        those holding entries now (a story whose entries all moved away holds none)."""
        # Now: the latest state of knowledge of each entry, as the log holds it now.
        where = f" WHERE rec_to = {OPEN_POSITION} AND known_to = {OPEN_FUTURE}" if now else ""
        with self.database.transaction(commit=False) as c:
            c.execute(f"SELECT DISTINCT story FROM timeline_rows{where} ORDER BY story")
            return [r["story"] for r in c.fetchall()]

    def stories(self, clocks: Clocks = NOW) -> list[StorySummary]:
        """Every story with its count, kinds, and the span from its first to its last entry."""
        grouped: dict[str, list[TimelineEntry]] = {}
        for entry in self.timeline(TimelineQuery(clocks=clocks)):
            grouped.setdefault(entry.story, []).append(entry)
        profiles = self.profiles(clocks)
        return [
            StorySummary(
                story=name,
                entries=len(rows),
                first=rows[0].occurred,
                # The latest possible end; of several, the most precise ("11 Nov", not "Sep – 11 Nov").
                last=max(rows, key=lambda r: (r.occurred.end_ordinal, r.occurred.start_ordinal)).occurred,
                kinds=dict(sorted(Counter(r.kind for r in rows).items())),
                title=profiles[name].title if name in profiles else None,
                description=profiles[name].description if name in profiles else None,
            )
            for name, rows in sorted(grouped.items())
        ]

    def profiles(self, clocks: Clocks = NOW) -> dict[str, Profile]:
        """What each story is called and is about, now or by the recorded clock."""
        return read_profiles(self.database, clocks.recorded_through)

    # -- situation reports ---------------------------------------------------------------------------

    def tallies(self, as_of: date, clocks: Clocks = NOW, stories: tuple[str, ...] = ()) -> Tallies:
        """The tallies as of `as_of`: from the running deltas, or — for the store's own past,
        which the deltas do not keep — from that moment's entries."""
        from .situation import Tallies, tally_entries

        if clocks.recorded_through is None:
            found = query_tallies(self.database, as_of, clocks.known_at, stories, clocks.grades)
            return Tallies.of(*by_grade(found))
        rows = self.timeline(TimelineQuery(clocks=attrs.evolve(clocks, as_of=as_of), stories=stories))
        return tally_entries(rows, as_of)

    def situation(self, as_of: date, clocks: Clocks = NOW, stories: tuple[str, ...] = ()) -> Situation:
        """The state of the world at the end of `as_of`, as the clocks see it."""
        from .situation import situation

        clocks = attrs.evolve(clocks, as_of=as_of)
        rows = situation_rows(self.database, clocks, as_of, stories)
        return situation(
            as_of, self.tallies(as_of, clocks, stories), rows, known_at=clocks.known_at, stories=stories
        )

    def diff(self, start: date, end: date, clocks: Clocks = NOW, stories: tuple[str, ...] = ()) -> Diff:
        """What could have happened after `start` and by `end`, and how the situation changed."""
        from .situation import Diff, changes_between

        before = self.situation(start, clocks, stories)
        after = self.situation(end, clocks, stories)
        happened = self.timeline(
            TimelineQuery(clocks=attrs.evolve(clocks, as_of=end), stories=stories, since=day_after(start))
        )
        return Diff(
            start,
            end,
            clocks.known_at,
            tuple(e.as_of(end) for e in happened),
            before,
            after,
            changes_between(before, after),
        )

    # -- the views themselves ---------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """What the views hold, and how far they are behind the log."""
        with self.database.transaction(commit=False) as c:
            c.execute(
                self.database.sql(
                    "SELECT COUNT(*) AS n FROM timeline_rows WHERE rec_to = ? AND known_to = ?"
                ),
                (OPEN_POSITION, OPEN_FUTURE),
            )
            entries = c.fetchone()["n"]
            c.execute("SELECT COUNT(*) AS n FROM timeline_rows")
            rows = c.fetchone()["n"]
            c.execute(
                f"SELECT COUNT(DISTINCT story) AS n FROM timeline_rows WHERE rec_to = {OPEN_POSITION} "
                f"AND known_to = {OPEN_FUTURE}"
            )
            stories = c.fetchone()["n"]
            c.execute(f"SELECT COUNT(*) AS n FROM actor_rows WHERE rec_to = {OPEN_POSITION}")
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
                for model in READ_MODELS
                for name in model.serves
            },
            "timeline_rows": rows,
        }
