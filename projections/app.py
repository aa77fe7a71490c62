"""Storyline as a library: one store, and one method for each thing a user can do with it.

    import storyline
    with storyline.open("newsroom.db") as story:
        story.record("strike", story="boats", title="Strike on a boat", on="2025-09-02", killed="11")
        print(story.situation(date(2025, 11, 12)).to_json())

Every command of the CLI, the terminal UI and any later face call these methods and nothing
else; the rules of the story live below them (domain/, store/, the read models here). Each
method returns a typed, immutable value whose `to_json()` is what the command's `--json` prints.
Methods that read take `clocks` (`Clocks`, or made by `story.clocks(...)`) and `stories`.
"""

from __future__ import annotations

import difflib
import json
import uuid
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from storyline.domain.errors import DomainError, InvalidValue
from storyline.store import StoreLocation, StoryStore

from .entries import TimelineEntry
from .timeline import NOW, Clocks, TimelineQuery
from .views import StorySummary, Views

# What a use case needs is imported in it: `storyline timeline` should not load the rules of
# recording, the situation report or the changelog (a test holds each read command's imports).
if TYPE_CHECKING:
    from storyline.domain import Source

    from .actor_views import ActorView
    from .changelog import News
    from .explain import Explanation
    from .periods import Period
    from .results import (
        ActorChanged,
        ActorCount,
        Changed,
        Chart,
        Copied,
        Dispute,
        History,
        Lanes,
        Recorded,
        SearchHit,
        StoreStats,
        Verification,
    )
    from .situation import Diff, ReplayStep, Situation

Progress = Callable[[int, int], None]  # (done, total)
MAX_STEPS = 400  # a replay or a chart of more periods shows its last ones
MAX_LANES = 20


class UnknownStory(DomainError):
    def __init__(self, story: str, known: list[str]) -> None:
        listed = ", ".join(known) or "none yet"
        near = difflib.get_close_matches(story, known, n=2, cutoff=0.6)
        hint = f"did you mean {' or '.join(near)}? " if near else ""
        super().__init__(f"no story {story!r} in this store ({hint}stories: {listed})")


class UnknownKind(DomainError):
    """A kind asked for that no entry of the store has, and that is almost one it has."""

    def __init__(self, kind: str, near: list[str]) -> None:
        super().__init__(f"no entry of kind {kind!r} in this store (did you mean {' or '.join(near)}?)")


class StoryNeeded(DomainError):
    def __init__(self, known: list[str]) -> None:
        listed = ", ".join(known) or "none yet"
        super().__init__(f"name the story with --story (stories in this store: {listed})")


class TooManySteps(InvalidValue):
    pass


@attrs.define
class Replay:
    """A replay's steps, made one at a time as they are read (a terminal shows each as it comes)."""

    by: str
    start: date | None
    end: date | None
    steps: Iterator[ReplayStep]
    count: int = 0  # how many steps there are
    skipped: int = 0  # steps before them, left out when a long span shows only its last

    def to_json(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "steps": [step.to_json() for step in self.steps],
        }


class Storyline:
    """One store, and every use case on it."""

    def __init__(self, store: StoryStore, views: Views, *, today: date | None = None) -> None:
        self.store = store
        self.views = views
        self._today = today
        self.notices: list[str] = []  # what opening it did that a user should hear of
        # A new store at a path the user named: a mistyped --store would look like an empty one.
        self.created = False

    @property
    def location(self) -> StoreLocation:
        return self.store.location

    @property
    def today(self) -> date:
        return self._today or date.today()

    def close(self) -> None:
        self.views.close()
        self.store.close()

    def __enter__(self) -> Storyline:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- the moment asked about ---------------------------------------------------------------------

    def clocks(
        self,
        *,
        as_of: date | None = None,
        known_at: date | None = None,
        recorded_before: datetime | None = None,
        grades: Sequence[str] = (),
    ) -> Clocks:
        """The three clocks: the world at the end of `as_of`, as reported by the end of `known_at`,
        as this store held it before `recorded_before`; with `grades`, only entries of those
        grades (confirmed, reported, claimed, disputed, retracted)."""
        from storyline.domain import parse_grade

        through = None if recorded_before is None else self.views.position_before(recorded_before)
        chosen = tuple(dict.fromkeys(parse_grade(g).value for g in grades))
        return Clocks(as_of=as_of, known_at=known_at, recorded_through=through, grades=chosen)

    def _current(self) -> Views:
        """The views, caught up with the log: a question sees everything written before it,
        by this process or any other."""
        if self.views.lag:
            self.views.catch_up()
        return self.views

    def story_names(self) -> list[str]:
        """The stories holding entries now."""
        return self._current().story_names(now=True)

    def check_stories(self, stories: Sequence[str]) -> None:
        """Refuse a story the store does not hold: a typo would otherwise look like an empty one."""
        if not stories:
            return
        known = self.views.story_names()
        for story in stories:
            if story not in known:
                raise UnknownStory(story, known)

    def _asked(self, stories: Sequence[str]) -> Views:
        """The views a question reads: caught up, and holding the stories asked about."""
        views = self._current()
        self.check_stories(stories)
        return views

    def default_story(self) -> str:
        """The story a record goes to when none is named: the store's only one."""
        names = [s.story for s in self._current().stories()]
        if len(names) != 1:
            raise StoryNeeded(names)
        return names[0]

    # -- keeping up ---------------------------------------------------------------------------------

    @property
    def lag(self) -> int:
        return self.views.lag

    def catch_up(self, progress: Progress | None = None) -> int:
        return self.views.catch_up(progress)

    # -- recording ----------------------------------------------------------------------------------

    def record(self, kind: str, fields: Mapping[str, object], *, story: str | None = None) -> Recorded:
        """One entry, from fields as a row of a file would hold them (`title`, `date`, `actors`,
        `source`, ... and the kind's own). Validated and stored exactly as an imported row."""
        from storyline.domain import kind_label
        from storyline.store import Document, Importer, Row

        from .results import Recorded

        story = story or self.default_story()
        row = Row(0, {"kind": kind_label(kind), **fields})
        document = Document("command line", "record", story, [], {}, lambda: iter([row]))
        report = Importer(self.store, today=self.today).import_document(document, id_taken=self._id_taken)
        key = str(fields["id"]).strip() if fields.get("id") else None  # as the row's id is read
        return Recorded(
            story=story,
            id=report.last_entry,
            key=key or None,
            added=report.added,
            corrected=report.corrected,
            unchanged=report.unchanged,
            warnings=tuple(w.split(": warning: ", 1)[-1] for w in report.warnings),
        )

    def import_files(
        self,
        paths: Sequence[Path],
        *,
        story: str | None = None,
        fmt: str | None = None,
        progress: Progress | None = None,
        dry_run: bool = False,
    ) -> list[Any]:
        """Files as one outcome: all read and checked whole before anything is written. With
        `dry_run`, the reports say what would be appended, and nothing is."""
        from .formats import read_document

        documents = [read_document(Path(path), fmt) for path in paths]
        return self.import_documents(documents, story=story, progress=progress, dry_run=dry_run)

    def import_documents(
        self,
        documents: Sequence[Any],
        *,
        story: str | None = None,
        progress: Progress | None = None,
        dry_run: bool = False,
    ) -> list[Any]:
        from storyline.store import Importer

        reports = Importer(self.store, today=self.today).import_documents(
            documents,
            story=story,
            progress=progress,
            dry_run=dry_run,
            known_stories=self.views.story_names(),
            id_taken=self._id_taken,
        )
        return reports

    def _id_taken(self, key: str) -> str | None:
        """The entry whose id begins with `key`, unless an entry already has that key (its own
        id, recorded before, and so already what it names)."""
        from storyline.domain import entry_name

        matches = self._current().entry_ids(key)
        if any(m.by_key for m in matches):
            return None
        taken = [m for m in matches if m.entry_id.startswith(key.lower())]
        return entry_name(taken[0].story, taken[0].key, taken[0].entry_id) if taken else None

    def import_bundled(self, name: str, progress: Progress | None = None) -> list[Any]:
        from storyline.store import bundled_story_path

        return self.import_files([bundled_story_path(name)], progress=progress)

    def _entry(self, ref: str, stories: Sequence[str], *, to_change: bool) -> tuple[uuid.UUID, str, str]:
        from .history import resolve_entry

        self._asked(stories)
        return resolve_entry(self._current(), ref, tuple(stories), to_change=to_change)

    def correct(
        self,
        entry: str,
        changes: Mapping[str, str | None],
        *,
        reported: date | None = None,
        source: Source | None = None,
        why: str | None = None,
        stories: Sequence[str] = (),
    ) -> Changed:
        """New values for an entry's fields (None clears one), from their reported day on: what
        was known before stays as it was. `entry`: your id, or at least 8 characters of ours."""
        from storyline.domain import Changes, entry_name, report_day, stale_in_title

        from .results import Changed

        entry_id, story, key = self._entry(entry, stories, to_change=True)
        day = report_day(reported, source.published if source else None, self.today)
        before = self.store.entry(entry_id, key).state.record
        updated = self.store.correct(
            entry_id, Changes(tuple(changes.items())), reported=day, source=source, why=why, ref=key
        )
        warnings = tuple(
            f"the title still says {old!r} ({name} is now {new!r}); `--set title=...` corrects it too"
            for name, old, new in stale_in_title(before, updated.state.record)
        )
        return Changed(story, key, updated.version, "corrected", warnings, entry_name(story, key, entry_id))

    def retract(
        self,
        entry: str,
        *,
        reported: date | None = None,
        source: Source | None = None,
        why: str | None = None,
        stories: Sequence[str] = (),
    ) -> Changed:
        """The entry leaves the timeline from its reported day on, and stays in its history."""
        from storyline.domain import entry_name, report_day

        from .results import Changed

        entry_id, story, key = self._entry(entry, stories, to_change=True)
        day = report_day(reported, source.published if source else None, self.today)
        updated = self.store.retract(entry_id, reported=day, source=source, why=why, ref=key)
        return Changed(story, key, updated.version, "retracted", name=entry_name(story, key, entry_id))

    def corroborate(
        self,
        entry: str,
        *,
        source: Source,
        reported: date | None = None,
        why: str | None = None,
        stories: Sequence[str] = (),
        claims: Mapping[str, str | None] | None = None,
    ) -> Changed:
        """Another source supports the entry, from its reported day on; with `claims`, it gives
        values of its own for some fields (`{"killed": "11"}`), kept beside the others' claims."""
        from storyline.domain import Changes, entry_name, report_day

        from .results import Changed

        entry_id, story, key = self._entry(entry, stories, to_change=True)
        day = report_day(reported, source.published, self.today)
        given = Changes(tuple((claims or {}).items()))
        updated = self.store.corroborate(
            entry_id, source=source, reported=day, why=why, ref=key, claims=given
        )
        return Changed(story, key, updated.version, "corroborated", name=entry_name(story, key, entry_id))

    # -- cleaning up: each an event, undone by the opposite one --------------------------------------

    def _cleanup_day(self, reported: date | None) -> date | None:
        """A clean-up's reported day: None (unless given) means it holds for every entry from
        the entry's own report on, since it mends how something was recorded, not what was known."""
        from storyline.domain import report_day

        return report_day(reported, None, self.today) if reported else None

    def move(
        self,
        entries: Sequence[str] = (),
        *,
        to: str,
        from_story: str | None = None,
        kinds: Sequence[str] = (),
        reported: date | None = None,
        why: str | None = None,
        stories: Sequence[str] = (),
    ) -> list[Changed]:
        """Entries into another story: the ones named, or every one of `from_story` (of
        `kinds`, when given). All move or none do; the reported day is today unless given."""
        from storyline.domain import entry_name, kind_label
        from storyline.store.cleanups import move_entries

        from .results import Changed

        if entries and from_story is not None:
            raise InvalidValue(
                "from", from_story, "moves a whole story: give it, or the entries to move, not both"
            )
        if from_story == to:
            raise InvalidValue("to", to, "is the story they are moving from")
        chosen = [self._entry(ref, stories, to_change=True) for ref in entries]
        if from_story is not None:
            self.check_stories([from_story])
            kinds = [kind_label(k) for k in kinds]
            self._refuse_near_kinds(kinds)
            chosen += [
                (uuid.UUID(eid), from_story, key)
                for eid, key in self._current().entries_of(from_story, kinds)
            ]
        elif kinds:
            raise InvalidValue(
                "kind", kinds[0], "selects among a story's entries: give the story to move from"
            )
        if not chosen:
            raise InvalidValue("entry", "", "names nothing to move: give entries, or the story to move from")
        chosen = list({eid: (eid, story, key) for eid, story, key in chosen}.values())
        day = self._cleanup_day(reported)
        known = self.views.story_names(now=True)
        near = [] if to in known else difflib.get_close_matches(to, known, n=1, cutoff=0.75)
        warnings = tuple(f"story {to!r} is new (did you mean {n}?)" for n in near)
        moved = move_entries(self.store, [(eid, key) for eid, _, key in chosen], to, day, why)
        return [
            Changed(to, entry.key, entry.version, "moved", warnings, entry_name(to, entry.name, entry.id))
            for entry in moved
        ]

    def rekind(
        self,
        entry: str,
        kind: str,
        changes: Mapping[str, str | None] | None = None,
        *,
        reported: date | None = None,
        why: str | None = None,
        stories: Sequence[str] = (),
    ) -> Changed:
        """The entry is of another kind; `changes`: what the new kind needs that it lacks."""
        from storyline.domain import Changes, entry_name, near_kinds
        from storyline.store.cleanups import rekind_entry

        from .results import Changed

        entry_id, story, key = self._entry(entry, stories, to_change=True)
        day = self._cleanup_day(reported)
        changed = Changes(tuple((changes or {}).items()))
        updated = rekind_entry(self.store, entry_id, key, kind, changed, day, why)
        new_kind = updated.state.record.kind
        near = near_kinds(new_kind)
        warnings = (f"kind {new_kind!r} is new (did you mean {' or '.join(near)}?)",) if near else ()
        return Changed(
            story, key, updated.version, "rekinded", warnings, entry_name(story, updated.name, entry_id)
        )

    def name(
        self,
        entry: str,
        name: str | None,
        *,
        reported: date | None = None,
        why: str | None = None,
        stories: Sequence[str] = (),
    ) -> Changed:
        """Give the entry a readable id; None gives it back the one it was recorded with."""
        from storyline.domain import entry_name
        from storyline.store.cleanups import name_entry

        from .results import Changed

        entry_id, story, key = self._entry(entry, stories, to_change=True)
        day = self._cleanup_day(reported)
        updated = name_entry(self.store, entry_id, key, name, day, why)
        return Changed(
            story, updated.name, updated.version, "named", name=entry_name(story, updated.name, entry_id)
        )

    def _entries_naming(self, name: str) -> list[uuid.UUID]:
        """The entries that ever named the actor `name` resolves to now: those an actor clean-up
        may change (the registry refuses a name it does not know, with its near misses)."""
        views = self._current()
        actor = views.directory().resolve(name)
        return [uuid.UUID(e) for e in views.entries_naming([actor] if actor else [])]

    def merge_actors(
        self, name: str, into: str, *, reported: date | None = None, why: str | None = None
    ) -> ActorChanged:
        """`name` was `into` all along: its names become aliases, its entries name `into`."""
        from storyline.store.cleanups import merge_actors

        from .results import ActorChanged

        candidates = self._entries_naming(name)
        done = merge_actors(self.store, name, into, candidates, self._cleanup_day(reported), why, self.today)
        return ActorChanged("merged", done.actor.name, done.other, done.entries)

    def unmerge_actor(
        self, name: str, *, reported: date | None = None, why: str | None = None
    ) -> ActorChanged:
        """The opposite of a merge: the actor is its own again, with its entries."""
        from storyline.store.cleanups import unmerge_actor

        from .results import ActorChanged

        candidates = self._entries_naming(name)  # the name is an alias of the actor it went into
        done = unmerge_actor(self.store, name, candidates, self._cleanup_day(reported), why, self.today)
        return ActorChanged("unmerged", done.actor.name, done.other, done.entries)

    def rename_actor(
        self, name: str, new: str, *, reported: date | None = None, why: str | None = None
    ) -> ActorChanged:
        """The actor's name changes everywhere; the old one stays an alias."""
        from storyline.store.cleanups import rename_actor

        from .results import ActorChanged

        candidates = self._entries_naming(name)
        done = rename_actor(self.store, name, new, candidates, self._cleanup_day(reported), why, self.today)
        return ActorChanged("renamed", done.actor.name, done.other, done.entries)

    # -- reading ------------------------------------------------------------------------------------

    def timeline(
        self,
        *,
        clocks: Clocks = NOW,
        stories: Sequence[str] = (),
        kinds: Sequence[str] = (),
        actors: Sequence[str] = (),
        with_parts: bool = False,
        since: date | None = None,
        until: date | None = None,
        last: int | None = None,
        sources: Sequence[str] = (),
        grep: str | None = None,
    ) -> list[TimelineEntry]:
        """Entries in timeline order (earliest possible day first). `actors`: names, aliases or
        parts of names, each with everything affiliated to it when `with_parts`; `last`: only
        the last that many (by the as-of day, when there is one); `sources`: only entries one of
        these outlets reported (in any case); `grep`: only entries whose version shown says all
        its words (title, summary, notes, actors, sources; search.py)."""
        self._asked(stories)
        names: list[str] = []
        if actors:  # the actors' and the kinds' modules only for a question about them
            from .actor_views import resolve_actor

            directory = self.views.directory(clocks)
            for asked in actors:
                actor = resolve_actor(directory, asked)
                names += sorted(directory.parts_of(actor.name)) if with_parts else [actor.name]
        if kinds:
            from storyline.domain import kind_label

            kinds = [kind_label(k) for k in kinds]
        query = TimelineQuery(
            clocks=clocks,
            stories=tuple(stories),
            kinds=tuple(kinds),
            actors=tuple(dict.fromkeys(names)),
            since=since,
            until=until,
            text=grep,
            limit=None if sources else last,
            newest_first=last is not None and not sources,
        )
        self._refuse_near_kinds(query.kinds)
        found = self.views.timeline(query)
        if sources:
            outlets = {s.casefold() for s in sources}
            found = [e for e in found if outlets & {c.outlet.casefold() for c in e.sources}]
            found = found[-last:] if last is not None else found
        return found

    def search(
        self, text: str, *, clocks: Clocks = NOW, stories: Sequence[str] = (), last: int | None = None
    ) -> list[SearchHit]:
        """Entries across stories that say every word of `text`, as shown at the moment asked
        about, each with the passages where it says so."""
        from .results import SearchHit
        from .search import passages, words_of

        words = words_of(text)
        found = self.timeline(clocks=clocks, stories=stories, grep=text, last=last)
        return [SearchHit(entry, passages(entry, words)) for entry in found]

    def _refuse_near_kinds(self, kinds: Sequence[str]) -> None:
        """A kind asked for that no entry has and that is almost one Storyline knows ("strke")
        is a slip: said so, rather than an empty answer."""
        from storyline.domain import KINDS

        unknown = [kind for kind in kinds if kind not in KINDS]
        if not unknown:
            return  # the common case: no question of the store's own kinds, no scan of them
        present = self.views.kind_names()
        for kind in unknown:
            if kind in present:
                continue
            if near := difflib.get_close_matches(kind, [*KINDS, *present], n=2, cutoff=0.75):
                raise UnknownKind(kind, list(dict.fromkeys(near)))

    def disputes(self, *, clocks: Clocks = NOW, stories: Sequence[str] = ()) -> list[Dispute]:
        """Every entry and field on which sources disagree, with each claim, as the clocks see it."""
        from storyline.domain import entry_name

        from .results import Dispute

        self._asked(stories)
        found = []
        for entry in self.views.timeline(TimelineQuery(clocks=clocks, stories=tuple(stories))):
            for field in dict.fromkeys(c.field for c in entry.claims):
                claims = tuple(c for c in entry.claims if c.field == field)
                found.append(
                    Dispute(entry_name(entry.story, entry.key, entry.id), entry.title, field, claims)
                )
        return found

    def near_kinds(self, kind: str) -> list[str]:
        from storyline.domain import kind_label, near_kinds

        return near_kinds(kind_label(kind))

    def actor(
        self, name: str, *, clocks: Clocks = NOW, stories: Sequence[str] = (), with_parts: bool = False
    ) -> ActorView:
        from .actor_views import actor_view

        self._asked(stories)
        return actor_view(self.views, name, clocks=clocks, stories=tuple(stories), with_parts=with_parts)

    def actors(self, *, clocks: Clocks = NOW, stories: Sequence[str] = ()) -> list[ActorCount]:
        """Every actor, most involved first, with how many entries name them."""
        from .results import ActorCount

        self._asked(stories)
        counts: Counter[str] = Counter()
        for entry in self.views.timeline(TimelineQuery(clocks=clocks, stories=tuple(stories))):
            counts.update(entry.actors)
        directory = self.views.directory(clocks)
        found = [a for a in directory if not stories or counts[a.name]]
        return [
            ActorCount(a, counts[a.name], tuple(directory.affiliation_chain(a.name)))
            for a in sorted(found, key=lambda a: (-counts[a.name], a.name))
        ]

    def stories(self, *, clocks: Clocks = NOW, stories: Sequence[str] = ()) -> list[StorySummary]:
        self._asked(stories)
        return [s for s in self.views.stories(clocks) if not stories or s.story in stories]

    def situation(self, day: date, *, clocks: Clocks = NOW, stories: Sequence[str] = ()) -> Situation:
        """The state of the world at the end of `day`: tallies, relations, forces, stances and
        open matters, as the clocks see it."""
        self._asked(stories)
        return self.views.situation(day, clocks, tuple(stories))

    def explain(
        self, day: date, figure: str, *, clocks: Clocks = NOW, stories: Sequence[str] = ()
    ) -> Explanation:
        """Every entry that adds up to `figure` at the end of `day`, and every one left out and
        why (claimed, disputed, only possible, retracted, not yet reported by `known_at`)."""
        from storyline.domain import TALLIES

        from .explain import explain

        if figure not in TALLIES:
            near = difflib.get_close_matches(figure, TALLIES, n=1, cutoff=0.6)
            hint = f"did you mean {near[0]}? " if near else ""
            raise InvalidValue("explain", figure, f"is not a figure ({hint}figures: {', '.join(TALLIES)})")
        views = self._asked(stories)
        clocked = attrs.evolve(clocks, as_of=day)
        seen = views.timeline(TimelineQuery(clocks=clocked, stories=tuple(stories), include_retracted=True))
        now = views.timeline(
            TimelineQuery(
                clocks=attrs.evolve(clocked, known_at=None), stories=tuple(stories), include_retracted=True
            )
        )
        tallies = views.tallies(day, clocked, tuple(stories))
        return explain(figure, day, clocks.known_at, tallies, seen, now)

    def diff(self, start: date, end: date, *, clocks: Clocks = NOW, stories: Sequence[str] = ()) -> Diff:
        if start > end:
            raise InvalidValue(
                "DATE1", start.isoformat(), f"is after {end.isoformat()}: give the earlier date first"
            )
        self._asked(stories)
        return self.views.diff(start, end, clocks, tuple(stories))

    def changes(
        self, start: date, end: date, *, clocks: Clocks = NOW, stories: Sequence[str] = ()
    ) -> list[News]:
        """The changelog of the news: what the public record said from `start` to `end` (days
        it was reported), oldest first — entries first reported, corrections with each field's
        before and after, retractions, corroborations, clean-ups."""
        from .changelog import changelog

        if start > end:
            raise InvalidValue(
                "FROM", start.isoformat(), f"is after {end.isoformat()}: give the earlier day first"
            )
        self._asked(stories)
        return changelog(
            self.store.read_log(),
            start,
            end,
            recorded_through=clocks.recorded_through,
            stories=stories,
            grades=clocks.grades,
        )

    def follow(
        self,
        *,
        stories: Sequence[str] = (),
        after: int | None = None,
        interval: float | None = None,
        until: Callable[[], bool] | None = None,
    ) -> Generator[News]:
        """Everything appended to the log after position `after` (default: all the views hold
        now), as news, the moment any process appends it: entries recorded, corrections,
        retractions, corroborations, clean-ups, each once, in the log's order. It goes on until
        the caller stops asking (closing the iterator stops the watch), or `until()` is true."""
        from storyline.store.log_watch import DEFAULT_INTERVAL, LogWatch

        from .following import follow

        self.check_stories(stories)
        start = self._current().position if after is None else after  # now, not at the first next()
        watch = LogWatch(self.store.recorder, interval=interval or DEFAULT_INTERVAL)
        return follow(self.store, watch, after=start, stories=stories, until=until)

    @property
    def position(self) -> int:
        """How far into the log the views have read: what every answer now reflects."""
        return self.views.position

    def replay(
        self,
        *,
        by: str = "month",
        start: date | None = None,
        end: date | None = None,
        clocks: Clocks = NOW,
        stories: Sequence[str] = (),
    ) -> Replay:
        """Step through the story: at each step, what happened and how the situation changed.
        Without `start`, the first step also holds everything before it (a "before 2024"
        baseline), and a span of more than MAX_STEPS steps shows its last ones."""
        from .periods import period_count, periods

        if start and end and start > end:
            raise InvalidValue("from", start.isoformat(), f"is after --to {end.isoformat()}")
        self._asked(stories)
        entries = self.views.timeline(TimelineQuery(clocks=clocks, stories=tuple(stories)))
        if not entries:
            return Replay(by, None, None, iter(()))
        first_day = start or date.fromordinal(min(e.occurred.anchor for e in entries))
        bounded = [e.occurred.end for e in entries if e.occurred.end]
        last_day = end or (max(bounded) if bounded else first_day)
        if first_day > last_day:
            raise InvalidValue(
                "from", first_day.isoformat(), f"is after the story's last day {last_day.isoformat()}"
            )
        wanted = period_count(first_day, last_day, by)
        if start is not None and wanted > MAX_STEPS:
            raise TooManySteps(
                "by",
                by,
                f"makes {wanted:,} steps, more than {MAX_STEPS}; use a longer --by, or --from and --to for a shorter span",
            )
        steps = periods(first_day, last_day, by, last=MAX_STEPS)
        return Replay(
            by,
            first_day,
            last_day,
            self._steps(steps, entries, start is None, clocks, stories),
            wanted - len(steps),
        )

    def _steps(
        self,
        steps: list[Period],
        entries: list[TimelineEntry],
        from_the_start: bool,
        clocks: Clocks,
        stories: Sequence[str],
    ) -> Iterator[ReplayStep]:
        from .periods import period_label
        from .situation import ReplayStep, changes_between

        first = steps[0].start
        previous: Situation | None = None
        if first > date.min:  # nothing happens before the calendar's first day
            previous = self.views.situation(date.fromordinal(first.toordinal() - 1), clocks, tuple(stories))
        for index, period in enumerate(steps):
            holds_before = index == 0 and from_the_start
            lower = -1 if holds_before else period.start.toordinal()
            happened = tuple(
                e.as_of(period.end) for e in entries if lower <= e.occurred.anchor <= period.end.toordinal()
            )
            current = self.views.situation(period.end, clocks, tuple(stories))
            label = period.label
            if holds_before:  # it also holds what came before, such as a "before 2024" baseline
                label = f"until {period_label(period.end, period.end, 'day' if period.by == 'week' else period.by)}"
            yield ReplayStep(period, label, happened, changes_between(previous, current), current)
            previous = current

    def tallies_over_time(
        self, *, by: str = "month", clocks: Clocks = NOW, stories: Sequence[str] = ()
    ) -> Chart:
        """The tallies at the end of each period of the story (by the as-of day, if any). Totals
        are running ones: a span of more than MAX_STEPS periods shows its last ones."""
        from .periods import period_count, periods
        from .results import Chart, ChartPoint

        self._asked(stories)
        entries = self.views.timeline(TimelineQuery(clocks=clocks, stories=tuple(stories)))
        if not entries:
            return Chart(by, (), False)
        low, high = _span(entries)
        if clocks.as_of:
            high = min(high, clocks.as_of)
            low = min(low, high)  # an open "before" can start the span after the day asked about
        steps = periods(low, high, by, last=MAX_STEPS)
        points = []
        for period in steps:
            tallies = self.views.tallies(period.end, clocks, tuple(stories))
            unknown = frozenset(m for m in tallies.certain if not tallies.known(m))
            points.append(ChartPoint(period, chart_label(period), tallies.certain, tallies.possible, unknown))
        return Chart(by, tuple(points), period_count(low, high, by) > len(steps))

    def lanes(
        self,
        *,
        actors: Sequence[str] = (),
        by: str | None = None,
        room: int = 80,
        clocks: Clocks = NOW,
        stories: Sequence[str] = (),
    ) -> Lanes:
        """Actors as rows and periods as columns: what each took part in, and when. `room`: how
        many periods fit (the last ones are kept); `by` week or month (default: the finest that
        fits)."""
        from .actor_views import resolve_actor
        from .periods import period_count, periods
        from .results import LaneCell, Lanes

        self._asked(stories)
        entries = self.views.timeline(TimelineQuery(clocks=clocks, stories=tuple(stories)))
        if not entries:
            return Lanes(by or "month", (), {}, {}, (), False)
        directory = self.views.directory(clocks)
        names = [resolve_actor(directory, a).name for a in actors] or [
            name for name, _ in Counter(a for e in entries for a in e.actors).most_common(MAX_LANES)
        ]
        low, high = _span(entries)
        chosen = by or ("week" if period_count(low, high, "week") <= room else "month")
        steps = periods(low, high, chosen, last=room)
        grid: dict[str, list[LaneCell | None]] = {name: [None] * len(steps) for name in names}
        for entry in entries:
            start, end = entry.occurred.start_ordinal, entry.occurred.end_ordinal
            for index, period in enumerate(steps):
                if not (start <= period.end.toordinal() and end >= period.start.toordinal()):
                    continue
                certain_here = period.start.toordinal() <= end <= period.end.toordinal()
                for name in names:
                    if name not in entry.actors:
                        continue
                    cell = grid[name][index]
                    if certain_here:
                        several = cell is not None and cell.certain
                        grid[name][index] = LaneCell("several" if several else entry.kind, True)
                    elif cell is None:
                        grid[name][index] = LaneCell(entry.kind, False)
        first = steps[0].start.toordinal()
        earlier = {
            name: any(name in e.actors and e.occurred.end_ordinal < first for e in entries) for name in names
        }
        return Lanes(
            chosen,
            tuple(steps),
            {name: tuple(cells) for name, cells in grid.items()},
            earlier,
            tuple(sorted({e.kind for e in entries})),
            period_count(low, high, chosen) > len(steps),
        )

    def history(
        self,
        entry: str,
        *,
        stories: Sequence[str] = (),
        known_at: date | None = None,
        recorded_before: datetime | None = None,
    ) -> History:
        """Every version of an entry: what changed, when it was reported, when it was recorded
        here, and on whose word; with the clocks, the versions reported, or recorded, by then."""
        from .history import entry_history
        from .results import History

        entry_id, story, key = self._entry(entry, stories, to_change=False)
        versions = entry_history(self.store, entry_id, known_at=known_at, recorded_before=recorded_before)
        return History(str(entry_id), story, key, tuple(versions))

    # -- exporting ------------------------------------------------------------------------------------

    def export(
        self,
        fmt: str,
        *,
        clocks: Clocks = NOW,
        stories: Sequence[str] = (),
        group: str = "kind",
        title: str | None = None,
        subtitle: str | None = None,
        progress: Progress | None = None,
    ) -> str:
        """The entries the clocks see, in one of the field's formats (see formats/)."""
        from .formats import Export, writer
        from .periods import day_text

        retracted: list[TimelineEntry] = []
        if fmt in ("html", "markdown"):  # retracted: not in the chronology, but in its corrections log
            self._asked(stories)
            query = TimelineQuery(clocks=clocks, stories=tuple(stories), include_retracted=True)
            everything = self.views.timeline(query)
            entries = [e for e in everything if e.status != "retracted"]
            retracted = [e for e in everything if e.status == "retracted"]
        else:
            entries = self.timeline(clocks=clocks, stories=stories)
        names = sorted({e.story for e in entries}) or list(stories)
        events: list[Any] = []
        if fmt in (
            "json",
            "html",
            "markdown",
        ):  # the lossless format writes the log; the others its corrections
            events = self._events_known(clocks, {e.id for e in [*entries, *retracted]}, progress)
        profiles = self.views.profiles(clocks)
        profile = profiles.get(names[0]) if len(names) == 1 else None
        # Several stories: each by its own title where it has one, not by its slug.
        several = "; ".join(p.title if (p := profiles.get(n)) and p.title else n for n in names)
        situation = None
        if fmt == "html":  # its "where it stands": the situation on the day asked about, or today
            situation = self.views.situation(clocks.as_of or self.today, clocks, tuple(stories))
        export = Export(
            entries=entries,
            title=title or (profile.title if profile else None) or several or "Storyline",
            description=profile.description if profile else None,
            subtitle=subtitle or f"{len(entries)} entries · exported {day_text(self.today)}",
            stories=tuple(stories),
            group=group,
            events=events,
            actors=tuple(self.views.directory()),
            situation=situation,
            retracted=tuple(retracted),
        )
        return writer(fmt)(export)

    def _events_known(self, clocks: Clocks, visible: set[str], progress: Progress | None) -> list[Any]:
        """The events to export: the whole log, or — asked about a moment — only what had been
        recorded and reported by then, of the entries visible then."""
        from storyline.domain import Entry
        from storyline.domain.entry import effective_reported

        total = self.store.recorder.max_notification_id() or 0
        events: list[Any] = []
        for position, event in self.store.read_log():
            if clocks.recorded_through is not None and position > clocks.recorded_through:
                break
            events.append(event)
            if progress and position % 1000 == 0:
                progress(position, total)
        if clocks.is_now and clocks.as_of is None:
            return events
        by_entry: dict[Any, list[Any]] = {}
        for event in events:
            if isinstance(event, Entry.Recorded | Entry.Event):
                by_entry.setdefault(event.originator_id, []).append(event)
        effective = {
            id(event): day
            for entry_events in by_entry.values()
            for event, day in zip(entry_events, effective_reported(entry_events), strict=True)
        }
        return [
            event
            for event in events
            if not isinstance(event, Entry.Recorded | Entry.Event)  # actors and the like
            or (
                str(event.originator_id) in visible
                and (clocks.known_at is None or effective[id(event)] <= clocks.known_at)
            )
        ]

    def export_to(
        self, path: Path, text: str, *, key_file: Path | None = None, private: bool = False
    ) -> None:
        """Write an export, never over the store itself, its journal files or its key; with
        `private`, readable by you only (formats/files.py)."""
        from .formats.files import store_files, write_export

        protected = store_files(self.location.path)
        if key_file is not None:
            protected[key_file] = "the store's key"
        write_export(path, text, protected=protected, private=private)

    # -- the store itself -----------------------------------------------------------------------------

    def stats(self) -> StoreStats:
        from .results import StoreStats, ViewPosition

        figures = self._current().stats()
        return StoreStats(
            store=self.location.label,
            events=figures["events"],
            entries=figures["entries"],
            stories=figures["stories"],
            actors=figures["actors"],
            views={name: ViewPosition(**v) for name, v in figures["views"].items()},
            timeline_rows=figures["timeline_rows"],
            size_bytes=self.store.size_bytes(),
        )

    def rebuild(self, progress: Progress | None = None) -> int:
        """Every view again from the log, swapped in whole; returns how many events."""
        return self.views.rebuild(progress=progress)

    def verify(self, progress: Progress | None = None, *, expect: str | None = None) -> Verification:
        from .results import Verification
        from .verify import verify

        checked, problems = verify(self.store, self.views, progress, expect=expect)
        began = self.store.meta.get("chain")
        return Verification(
            checked, tuple(problems), self.store.chain_head(), expect, json.loads(began) if began else None
        )

    def copy_to(self, target: str, *, key: str | None = None, progress: Progress | None = None) -> Copied:
        """The whole log into another store (empty, or an unfinished copy of this one), event for
        event; with `key`, the copy is encrypted."""
        from storyline.store import locate

        from .bootstrap import StoreUnavailable
        from .results import Copied

        location = locate(target)
        if location.url == self.location.url:
            raise InvalidValue("to", target, "is the store being copied")
        try:
            destination = StoryStore(location, cipher_key=key)
        except DomainError:
            raise
        except Exception as exc:  # the same failures opening any store can have
            raise StoreUnavailable(location, exc) from None
        try:
            copied = self.store.copy_log_to(destination, progress=progress)
        finally:
            destination.close()
        return Copied(copied, location.label)


def _span(entries: Sequence[TimelineEntry]) -> tuple[date, date]:
    """From the earliest bounded start to the latest bounded end (an open `before` has no start,
    an open `after` no end)."""
    starts = [e.occurred.start for e in entries if e.occurred.start]
    ends = [e.occurred.end for e in entries if e.occurred.end]
    low = min(starts or ends)
    return low, max(ends or [low])


def chart_label(period: Period) -> str:
    if period.by == "year":
        return f"{period.end:%Y}"
    return f"{period.end:%b %Y}" if period.by == "month" else f"{period.start:%d %b %Y}"
