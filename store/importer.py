"""Importing: a whole file is checked before anything is written, then written in batches.

Pass one reads every row, validates it, resolves its actors and checks its ids, and stops at
the first problem with the file, line, field and value. Nothing has been appended then. Pass
two reads the rows again and writes them, a batch per transaction. Ids are stable (the story
and the row's id, or what the row says when it has none), so importing the same file again
appends nothing, and a changed file appends only corrections.
"""

from __future__ import annotations

import difflib
import functools
import io
import pickle
import re
import tempfile
import uuid
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import IO, Any

import attrs
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.utils import get_topic

from storyline.domain import (
    Actor,
    ActorDirectory,
    ActorRegistry,
    Changes,
    DomainError,
    Entry,
    InvalidValue,
    NothingChanged,
    Source,
    check_changes,
    content_key,
    default_reported,
    near_kinds,
    not_after_today,
)
from storyline.domain.text import optional_text

from .application import ConcurrentWriters, StoryStore
from .batches import collector_paused
from .cleanups import name_claims, names_of
from .documents import Document, InputError, InputErrors, Row
from .submissions import CLEANUPS, Submission, read_source, submission_from_row

Progress = Callable[[int, int], None]  # (done, total)
RETRIES = 8
# Files people write by hand, and the record command: where a typo is likely. The datasets'
# own vocabularies are taken as they are.
OWN_FORMATS = {"yaml", "json", "jsonl", "csv", "record"}
ENTRY_TOPIC = get_topic(Entry)
BATCH_SIZE = 500
CLEANUP_VERBS = set(CLEANUPS.values())


OUTCOMES = ("added", "corrected", "unchanged")
# An id of the user's that could be the start of an entry's id, as messages show them (8 hex digits).
ID_LIKE = re.compile(r"[0-9a-fA-F]{8}[0-9a-fA-F-]*")
# The entry (named) whose id begins with a key, if one does and no entry has that key: from the views.
IdTaken = Callable[[str], "str | None"]


@attrs.define
class ImportReport:
    """What an import did to each story (or, with `dry_run`, would do): entries added,
    corrected (a correction, retraction or corroboration, or a changed row), left unchanged."""

    source: str
    story: str
    rows: int = 0
    added: int = 0
    corrected: int = 0
    unchanged: int = 0
    actors_defined: int = 0
    warnings: list[str] = attrs.field(factory=list)
    last_entry: str | None = None  # the id of the last entry written: what `record` reports
    stories: dict[str, int] = attrs.field(factory=dict)  # rows per story the rows named
    kept_as_details: dict[str, int] = attrs.field(factory=dict)  # unknown column -> rows holding it
    by_story: dict[str, dict[str, int]] = attrs.field(factory=dict)  # story -> outcome -> entries
    described: bool = False  # the story's title or description recorded (or changed)
    dry_run: bool = False

    def count(self, story: str, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        tally = self.by_story.setdefault(story, dict.fromkeys(OUTCOMES, 0))
        tally[outcome] += 1

    def take(self, other: ImportReport) -> None:
        """Add the counts of a batch that was written."""
        for story, tally in other.by_story.items():
            for outcome, n in tally.items():
                for _ in range(n):
                    self.count(story, outcome)
        self.last_entry = other.last_entry or self.last_entry

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.source,
            "story": self.story,
            "stories": self.stories or {self.story: 0},
            "dry_run": self.dry_run,
            "rows": self.rows,
            "added": self.added,
            "corrected": self.corrected,
            "unchanged": self.unchanged,
            "by_story": {story: dict(self.by_story[story]) for story in sorted(self.by_story)},
            "actors_defined": self.actors_defined,
            "described": self.described,
            "warnings": len(self.warnings),
            "kept_as_details": sorted(self.kept_as_details),
        }

    @property
    def summary(self) -> str:
        """One line for the file, and one per story when it wrote to several."""
        verbs = ("to add", "to correct", "unchanged") if self.dry_run else OUTCOMES
        name = Path(self.source).name + (" (dry run: nothing written)" if self.dry_run else "")

        def counts(tally: dict[str, int]) -> str:
            return ", ".join(f"{tally[o]} {verb}" for o, verb in zip(OUTCOMES, verbs, strict=True))

        total = {o: getattr(self, o) for o in OUTCOMES}
        stories = list(self.stories) or [self.story]
        named = ", ".join(repr(s) for s in stories)
        line = f"{name}: {counts(total)} in {'story' if len(stories) == 1 else 'stories'} {named}"
        extras = []
        if self.actors_defined:
            extras.append(f"{self.actors_defined} new actor{'s' if self.actors_defined != 1 else ''}")
        if self.warnings:
            extras.append(f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}")
        if self.kept_as_details:
            extras.append(f"columns kept as details: {', '.join(sorted(self.kept_as_details))}")
        if self.described:
            extras.append("the story's title and description, as the file gives them, recorded")
        lines = [line + "".join(f"; {e}" for e in extras)]
        if len(self.by_story) > 1:
            lines += [f"  {story!r}: {counts(self.by_story[story])}" for story in sorted(self.by_story)]
        return "\n".join(lines)


@attrs.frozen
class _Keyed:
    submission: Submission
    key: str
    line: int


_Spooled = tuple[Any, ...]


def _spooled(prepared: list[tuple[_Keyed, StoredEvent | None]]) -> list[_Spooled]:
    """A batch as the spool keeps it. Most rows are new entries, ready as their first event:
    those are kept as plain values (pickling the domain's objects was a quarter of an import);
    a row to compare with the store in pass two is kept whole."""
    kept: list[_Spooled] = []
    for item, first in prepared:
        if first is None:
            kept.append((item,))
        else:
            sub = item.submission
            originator = first.originator_id
            assert isinstance(originator, uuid.UUID)  # Storyline's ids are UUIDs, never text
            event = (originator.bytes, first.originator_version, first.topic, first.state)
            kept.append((item.line, item.key, sub.story, sub.key, *event))
    return kept


def _unspooled(kept: list[_Spooled]) -> list[tuple[_Keyed, StoredEvent | None]]:
    """A batch back from the spool. A new entry's row comes back as its story and ids only:
    its record is in its event (`Importer._resubmitted` reads it back, should it be needed)."""
    prepared: list[tuple[_Keyed, StoredEvent | None]] = []
    for values in kept:
        if len(values) == 1:
            prepared.append((values[0], None))
            continue
        line, key, story, own_key, originator, version, topic, state = values
        sub = Submission(story=story, key=own_key, reported=None)
        event = StoredEvent(uuid.UUID(bytes=originator), version, topic, state)
        prepared.append((_Keyed(sub, key, line), event))
    return prepared


def _spool(*, in_memory: bool) -> IO[bytes]:
    """Where pass one puts what pass two writes (the caller's `with` closes it)."""
    if in_memory:
        return io.BytesIO()
    return tempfile.TemporaryFile(prefix="storyline-import-")


def recorded_event(eid: uuid.UUID, record: Any, reported: date, key: str) -> Entry.Recorded:
    """The first event of a new entry, exactly as `Entry.record` would make it."""
    # The library makes each event class a dataclass of its annotations at run time; mypy sees
    # only the base class's fields.
    return Entry.Recorded(  # type: ignore[call-arg]
        originator_id=eid,
        originator_version=Entry.INITIAL_VERSION,
        timestamp=Entry.Recorded.create_timestamp(),
        originator_topic=ENTRY_TOPIC,
        record=record,
        reported=reported,
        key=key,
    )


def _key(sub: Submission) -> str:
    """A row's own id, or for a row without one, what it says."""
    if sub.key:
        return sub.key
    if sub.record is not None:
        return content_key(sub.record)
    source = sub.source.identity if sub.source else None
    return f"~{sub.action}|{sub.target}|{sub.reported}|{sorted(sub.changes, key=str)}|{source}|{sub.to}"


def _as_now(entry: Entry, record: Any) -> Any:
    """The row's record as the entry's kind now, if the entry was rekinded from the row's."""
    try:
        return entry.as_now(record)
    except InvalidValue:
        return record


def _located(path: str, row: Row, make: Callable[[], Submission]) -> Submission:
    try:
        return make()
    except InvalidValue as exc:
        raise InputError.invalid(path, row, exc) from None
    except DomainError as exc:
        raise InputError(path, row.line, None, str(exc)) from None


def _another_kind(path: str, row: Row, key: str, was: str, now: str, where: str) -> InputError:
    return InputError(
        path,
        row.line_of("id"),
        "id",
        f"{key!r} names a {was} ({where}), and this row records a {now}: give it another id",
    )


def _actor_from_row(path: str, row: Row) -> Actor:
    fields = dict(row.fields)
    unknown = set(fields) - {"name", "type", "aliases", "affiliations", "description"}
    if unknown:
        name = sorted(unknown)[0]
        raise InputError(
            path,
            row.line_of(name),
            name,
            "is not a field of an actor (name, type, aliases, affiliations, description)",
        )
    try:
        return Actor(**fields)
    except InvalidValue as exc:
        raise InputError.invalid(path, row, exc) from None


def _named_sources(doc: Document) -> dict[str, Source]:
    named = {}
    for name, row in doc.sources.items():
        fields = {k: v for k, v in row.fields.items() if k != "_name"}
        try:
            named[name] = read_source(fields, {}, "source")
        except InvalidValue as exc:
            field = exc.field.removeprefix("source.")
            raise InputError(
                doc.path, row.line_of(field), f"sources.{name}.{field}", f"{exc.value!r} {exc.reason}"
            ) from None
    return named


class Importer:
    """Writes submissions to a store: new entries, corrections, and nothing twice."""

    def __init__(self, store: StoryStore, *, today: date | None = None, batch_size: int = BATCH_SIZE) -> None:
        self.store = store
        self.today = today or date.today()
        self.batch_size = batch_size

    # -- files -------------------------------------------------------------------------------

    def import_document(
        self,
        doc: Document,
        *,
        story: str | None = None,
        progress: Progress | None = None,
        id_taken: IdTaken | None = None,
    ) -> ImportReport:
        return self.import_documents([doc], story=story, progress=progress, id_taken=id_taken)[0]

    def import_documents(
        self,
        docs: Sequence[Document],
        *,
        story: str | None = None,
        progress: Progress | None = None,
        dry_run: bool = False,
        known_stories: Sequence[str] = (),
        id_taken: IdTaken | None = None,
    ) -> list[ImportReport]:
        """Several files as one outcome: every row of every file is checked before anything is
        written, so one bad row anywhere appends nothing. Later files may act on entries the
        earlier ones add; the result is what importing them one after another gives.

        `dry_run`: everything is checked and counted as for a real import, and nothing written.
        `known_stories`: the stores' stories, so that a story named only by a file's name and
        almost one of them ("strikes" beside "boat-strikes") is asked for, not guessed.
        `id_taken`: which entry's id a new id begins with, so that no id of the user's takes
        the place of another entry's short id in every reference to it."""
        self._known_stories = list(known_stories)
        self._id_taken = id_taken
        registry = self.store.registry()
        directory = registry.directory
        self._definitions: list[Actor] = []  # what this import tells the registry, to retell on a race
        self._known: dict[tuple[str, str], tuple[int, str, date]] = {}  # rows of the files before
        with ExitStack() as stack:
            checked = []
            for doc in docs:
                # An encrypted store's rows never reach a disk in the clear: its spool stays in memory.
                spool = stack.enter_context(_spool(in_memory=self.store.is_encrypted))
                with collector_paused():
                    report = self._check_document(doc, story, registry, directory, spool)
                checked.append((doc, spool, report))
            if not dry_run:
                registry = self._save_registry(registry, docs[0].path if docs else "")
            # Pass two: each spool written to the store, a batch per transaction.
            total = sum(report.rows for _, _, report in checked)
            held: dict[uuid.UUID, Entry] = {}  # a dry run's entries as its rows leave them
            done = 0
            for doc, spool, report in checked:
                spool.seek(0)
                while True:
                    try:
                        items = _unspooled(pickle.load(spool))
                    except EOFError:
                        break
                    if dry_run:
                        # What would be appended, decided exactly as a write would, and dropped;
                        # later rows act on the entries as the earlier ones would have left them.
                        report.dry_run = True
                        self._events(items, registry, report, doc.path, held)
                    else:
                        with collector_paused():
                            self._write_batch(items, registry, report, doc)
                    if progress:
                        progress(done + report.added + report.corrected + report.unchanged, total)
                done += report.rows
            for doc, _, report in checked:
                if doc.title is not None or doc.description is not None:
                    report.described = dry_run or self._describe(report.story, doc)
        return [report for _, _, report in checked]

    def _describe(self, story: str, doc: Document) -> bool:
        """The file's `title:` and `description:` as its story's profile, unless it says so
        already. Another writer may have described it meanwhile: then read it again and retry."""
        for _ in range(RETRIES):
            profile = self.store.story_profile(story)
            try:
                profile.describe(doc.title, doc.description)
            except NothingChanged:
                return False
            try:
                self.store.save(profile)
                return True
            except IntegrityError:
                continue
        raise ConcurrentWriters(self.store.location.label)

    def _check_document(
        self,
        doc: Document,
        story: str | None,
        registry: ActorRegistry,
        directory: ActorDirectory,
        spool: IO[bytes],
    ) -> ImportReport:
        """Pass one for a file: every row checked, unknown actors defined, new entries' events
        made and put aside in the spool. Nothing is written to the store."""
        story_name = story or doc.story or Path(doc.path).stem
        guessed = story is None and doc.story is None  # named after the file alone
        for name in ("title", "description"):  # checked now: nothing is written if one is refused
            try:
                optional_text(name, getattr(doc, name))
            except InvalidValue as exc:
                raise InputError(doc.path, None, name, f"{exc.value!r} {exc.reason}") from None
        defined_before = len(registry.pending_events)
        for row in doc.actors:
            actor = _actor_from_row(doc.path, row)
            try:
                registry.define(actor, directory)
            except InvalidValue as exc:
                raise InputError.invalid(doc.path, row, exc) from None
            self._definitions.append(actor)
        named = _named_sources(doc)
        report = ImportReport(doc.path, story_name)
        keys: dict[tuple[str, str], tuple[int, str, date]] = {}
        batch: list[_Keyed] = []
        problems: list[InputError] = []
        more = 0
        for row in doc.each_row():
            try:
                sub = _located(
                    doc.path,
                    row,
                    functools.partial(
                        submission_from_row,
                        row.fields,
                        story=story_name,
                        named_sources=named,
                        canonical=directory.canonical,
                        forced_story=story is not None,
                        strict_names=doc.format in OWN_FORMATS,
                    ),
                )
                hints = self._check(
                    doc.path, row, sub, keys, directory, registry, typos=doc.format in OWN_FORMATS
                )
            except InputError as exc:
                # Go on checking: the user fixes every problem of the file in one go.
                if len(problems) < InputErrors.LIMIT:
                    problems.append(exc)
                else:
                    more += 1
                continue
            if problems:
                continue  # nothing will be written: only the checking goes on
            if guessed and sub.story == story_name:
                self._refuse_guessed_story(doc.path, story_name)
                guessed = False
            report.rows += 1
            for name in sub.kept_as_details:
                report.kept_as_details[name] = report.kept_as_details.get(name, 0) + 1
            report.stories[sub.story] = report.stories.get(sub.story, 0) + 1
            report.warnings += [f"{doc.path}:{row.line}: warning: {w}" for w in row.warnings]
            report.warnings += [f"{doc.path}:{row.line}: warning: {h}" for h in hints]
            batch.append(_Keyed(sub, _key(sub), row.line))
            if len(batch) >= self.batch_size:
                pickle.dump(_spooled(self._prepare(batch, doc, checking=True)), spool)
                batch = []
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise InputErrors(problems, more)
        pickle.dump(_spooled(self._prepare(batch, doc, checking=True)), spool)
        self._known.update(keys)
        report.actors_defined = sum(
            isinstance(e, ActorRegistry.ActorDefined) for e in registry.pending_events[defined_before:]
        )
        return report

    def _refuse_guessed_story(self, path: str, story: str) -> None:
        """A story named after the file ("strikes.csv" → strikes) while the store holds one of
        a close name ("boat-strikes"): adding to a second story would count the same strikes
        twice in every report, so the user is asked which they mean."""
        known = self._known_stories
        if not known or story in known:
            return
        near = difflib.get_close_matches(story, known, n=3, cutoff=0.6)
        near += [k for k in known if k not in near and (story in k or k in story)]
        if near:
            raise InputError(
                path,
                None,
                "story",
                f"names no story, and its file name would make a new story {story!r} beside "
                f"{', '.join(map(repr, near))}: give --story {near[0]} (or --story {story} for a new one)",
            )

    def _prepare(
        self, batch: list[_Keyed], doc: Document, *, checking: bool = False
    ) -> list[tuple[_Keyed, StoredEvent | None]]:
        """A new entry becomes its first event, encoded now; anything that must be compared
        with what the store holds (a row seen before, a correction) waits for pass two. In pass
        one (`checking`), a row seen before must still be of its entry's kind: a row with the id
        of a strike that says it is a deployment is another happening, not a correction."""
        ids = [
            self.store.entry_id(item.submission.story, item.key) for item in batch if item.submission.record
        ]
        existing = self.store.existing_ids(ids)
        prepared: list[tuple[_Keyed, StoredEvent | None]] = []
        for item in batch:
            sub = item.submission
            eid = self.store.entry_id(sub.story, item.key) if sub.record else None
            if sub.record is not None and eid not in existing:
                reported = sub.reported or default_reported(sub.record, self.today)
                assert eid is not None  # made above for every record
                event = recorded_event(eid, sub.record, reported, item.key)
                prepared.append((item, self.store.mapper.to_stored_event(event)))
            else:
                # A file read again matches its rows to their entries; `record` always means a new one.
                if doc.format == "record" and sub.record is not None:
                    assert eid is not None
                    self._refuse_another(doc.path, item, eid)
                elif checking and sub.record is not None and eid is not None:
                    entry = self.store.entry(eid)
                    kind = entry.state.record.kind
                    if kind != _as_now(entry, sub.record).kind:
                        raise InputError(
                            doc.path,
                            item.line,
                            "id",
                            f"{item.key!r} names a {kind} in this store, and this row records a {sub.record.kind}: "
                            "give it another id (or `storyline rekind` the entry)",
                        )
                prepared.append((item, None))
        return prepared

    def _refuse_another(self, path: str, item: _Keyed, eid: uuid.UUID) -> None:
        """`record` of an entry that exists and says otherwise: two strikes on one day under one
        title are two strikes, so this is refused rather than taken as a correction."""
        sub = item.submission
        assert sub.record is not None
        entry = self.store.entry(eid)
        known = {s.identity for s in entry.state.record.sources}
        if not entry.base.changes_to(sub.record) and all(s.identity in known for s in sub.record.sources):
            return  # the same again: already recorded
        if sub.key:
            raise InputError(
                path,
                item.line,
                "id",
                f"{sub.key!r} names an entry that says otherwise: "
                f"change it with `storyline correct {sub.key}`, or give another --id",
            )
        raise InputError(
            path,
            item.line,
            "title",
            f"{sub.record.title!r}: an entry of this kind, day and title exists "
            f"({str(eid)[:8]}): give --id to record another, or `storyline correct {str(eid)[:8]}`",
        )

    def _check(
        self,
        path: str,
        row: Row,
        sub: Submission,
        keys: dict[tuple[str, str], tuple[int, str, date]],
        directory: ActorDirectory,
        registry: ActorRegistry,
        *,
        typos: bool,
    ) -> list[str]:
        """Everything that could refuse this row, before anything is written; and, with `typos`,
        warnings of a kind or a new actor almost spelled like a known one (the datasets' own
        vocabularies are taken as they are)."""
        key = (sub.story, _key(sub))
        if sub.reported is not None:
            try:
                not_after_today(sub.reported, self.today)
            except InvalidValue as exc:
                raise InputError.invalid(path, row, exc) from None
        if key in keys:
            what = f"id {key[1]!r}" if sub.key else "the same kind, date and title"
            raise InputError(path, row.line_of("id"), "id", f"repeats {what} of line {keys[key][0]}")
        if sub.record is None:
            kind, first_reported = self._target(path, row, sub, keys)
            if sub.action != "corroborate" and sub.reported is not None and sub.reported < first_reported:
                raise InputError(
                    path,
                    row.line_of("reported"),
                    "reported",
                    f"'{sub.reported.isoformat()}' is before {sub.target!r} itself was reported "
                    f"({first_reported.isoformat()}): a correction cannot be older news than what it corrects",
                )
            keys[key] = (row.line, kind, first_reported)
            if sub.action == "rekind":  # later rows act on it as the kind it now is
                assert sub.to is not None and sub.target is not None
                kind = sub.to
                target = (sub.story, sub.target)
                keys[target] = (keys[target][0] if target in keys else row.line, kind, first_reported)
            try:
                check_changes(kind, Changes(sub.changes))
            except InvalidValue as exc:
                raise InputError.invalid(path, row, exc) from None
            return []
        earlier = self._known.get(key)
        if earlier is not None and earlier[1] != sub.record.kind:
            raise _another_kind(
                path, row, key[1], earlier[1], sub.record.kind, f"an earlier file's line {earlier[0]}"
            )
        if sub.key and self._id_taken is not None and ID_LIKE.fullmatch(sub.key):
            taken = self._id_taken(sub.key)
            if taken is not None:
                raise InputError(
                    path,
                    row.line_of("id"),
                    "id",
                    f"{sub.key!r} is the start of the id of {taken}: every reference to that entry by "
                    "its short id would find this one instead; give another id",
                )
        keys[key] = (row.line, sub.record.kind, sub.reported or default_reported(sub.record, self.today))
        hints = []
        if typos and (kinds := near_kinds(sub.record.kind)):
            hints.append(f"kind {sub.record.kind!r} is new (did you mean {' or '.join(kinds)}?)")
        for actor, _role in sub.record.parties():
            if directory.resolve(actor) is None:
                if typos and (names := directory.near(actor, slips=2)):
                    hints.append(f"actor {actor!r} is new (did you mean {' or '.join(map(repr, names))}?)")
                self._definitions.append(registry.define(Actor(actor), directory))
        return hints

    def _target(
        self, path: str, row: Row, sub: Submission, keys: dict[tuple[str, str], tuple[int, str, date]]
    ) -> tuple[str, date]:
        """The kind of the entry a row acts on, and the day it was first reported: from an
        earlier row of the file, or from the store."""
        assert sub.target is not None
        earlier = keys.get((sub.story, sub.target)) or self._known.get((sub.story, sub.target))
        if earlier is not None:
            _, kind, reported = earlier
            return kind, reported
        entry = self.store.find_entry(self.store.entry_id(sub.story, sub.target))
        if entry is None:
            field = f"{sub.action}s"
            raise InputError(path, row.line_of(field), field, f"{sub.target!r} is the id of no earlier row")
        return entry.state.record.kind, entry.reported

    # -- writing -------------------------------------------------------------------------------

    def _write_batch(
        self,
        batch: list[tuple[_Keyed, StoredEvent | None]],
        registry: ActorRegistry,
        report: ImportReport,
        doc: Document,
    ) -> None:
        """One batch, one transaction. If another writer got to some of its entries first (the
        same new entry, or a new version of one), the batch is prepared again from what the
        store now holds and retried: a row already there is then unchanged, not an error."""
        for _ in range(RETRIES):
            tally = ImportReport(report.source, report.story)
            try:
                self.store.append_stored(self._events(batch, registry, tally, doc.path))
            except IntegrityError:
                batch = self._prepare([self._resubmitted(item, first) for item, first in batch], doc)
                continue
            report.take(tally)
            return
        raise ConcurrentWriters(self.store.location.label)

    def _resubmitted(self, item: _Keyed, first: StoredEvent | None) -> _Keyed:
        """A row as it was submitted, to prepare again: a new entry's record is in its event."""
        if first is None:
            return item
        event = self.store.mapper.to_domain_event(first)
        sub = attrs.evolve(item.submission, reported=event.reported, record=event.record)
        return _Keyed(sub, item.key, item.line)

    def _events(
        self,
        batch: list[tuple[_Keyed, StoredEvent | None]],
        registry: ActorRegistry,
        report: ImportReport,
        path: str,
        held: dict[uuid.UUID, Entry] | None = None,
    ) -> list[StoredEvent]:
        """A batch's events: new entries' first events as prepared, and the events of entries
        loaded from the store and corrected as aggregates. `held`: a dry run's entries, as its
        earlier batches left them (they are in no store)."""
        canonical = registry.directory.canonical if batch else str
        fresh: dict[uuid.UUID | str, StoredEvent] = {}  # new entries of this batch, by id
        claimed: dict[uuid.UUID, uuid.UUID] = {}  # names claimed in this batch -> their entry
        touched: dict[uuid.UUID, Entry] = {}  # aggregates with new events
        stored: list[StoredEvent] = []

        def aggregate(eid: uuid.UUID, ref: str | None) -> Entry:
            if eid in touched:
                return touched[eid]
            if held is not None and eid in held:
                entry: Entry = held[eid]
            elif eid in fresh:  # recorded earlier in this batch, and now acted on
                entry = self.store.mapper.to_domain_event(fresh[eid]).mutate(None)
            else:
                entry = self.store.entry(eid, ref)
            # Found by an alias (moved, named, rekinded) and by its own id: one aggregate.
            entry = touched.get(entry.id, entry)
            touched[eid] = touched[entry.id] = entry
            return entry

        for item, first in batch:
            if first is not None:
                fresh[first.originator_id] = first
                stored.append(first)
                report.count(item.submission.story, "added")
                report.last_entry = str(first.originator_id)
                continue
            sub = item.submission
            if sub.record is None:
                assert sub.target is not None  # every action names the entry it acts on
                eid = self.store.entry_id(sub.story, sub.target)
                entry = aggregate(eid, sub.target)
                if sub.action in CLEANUP_VERBS:
                    acted = self._clean(entry, item, canonical)
                    if acted:  # the names it answers to now, each claimed once
                        claims = name_claims(
                            self.store, entry, entry.state.record.story, names_of(entry), claimed
                        )
                        claimed.update({a.id: entry.id for a in claims})
                        stored += [
                            self.store.mapper.to_stored_event(e) for a in claims for e in a.collect_events()
                        ]
                else:
                    acted = self._act(entry, item, canonical)
                report.count(sub.story, "corrected" if acted else "unchanged")
                continue
            eid = self.store.entry_id(sub.story, item.key)
            report.last_entry = str(eid)
            entry = aggregate(eid, item.key)
            # What a revised row says differently is news the day it arrives, unless the row
            # itself names a later report than the entry's own.
            news_on = (
                sub.reported
                if sub.reported and sub.reported > entry.reported
                else max(self.today, entry.reported)
            )
            changed = self._reimport(entry, sub, news_on, canonical, path)
            report.count(sub.story, "corrected" if changed else "unchanged")
        for entry in touched.values():
            stored += [self.store.mapper.to_stored_event(e) for e in entry.collect_events()]
        if held is not None:
            for first in fresh.values():
                new_id = uuid.UUID(str(first.originator_id))
                if new_id not in touched:
                    held[new_id] = self.store.mapper.to_domain_event(first).mutate(None)
            held.update(touched)
        return stored

    def _save_registry(self, registry: ActorRegistry, path: str) -> ActorRegistry:
        """The actors this import defines, saved before its entries. Another writer may have
        defined actors meanwhile (the registry's version moved on): then load it again, tell it
        the same again, and retry."""
        for _ in range(RETRIES):
            if not registry.pending_events:
                return registry
            try:
                self.store.save(registry)
                return registry
            except IntegrityError:
                registry = self.store.registry()
                directory = registry.directory
                for actor in self._definitions:
                    try:
                        registry.define(actor, directory)
                    except InvalidValue as exc:
                        raise InputError(
                            path, None, exc.field, f"{exc.message} (another writer defined it meanwhile)"
                        ) from None
        raise ConcurrentWriters(self.store.location.label)

    @staticmethod
    def _clean(entry: Entry, item: _Keyed, canonical: Callable[[str], str]) -> bool:
        """Apply a clean-up row (move, rekind, name), unless it already was."""
        sub = item.submission
        state = entry.state
        cleanup = {"move": Entry.Moved, "rekind": Entry.Rekinded, "name": Entry.Named}[sub.action]
        if entry.has_done(item.key, cleanup, sub.to):
            return False
        if sub.action == "move":
            assert sub.to is not None
            if state.record.story == sub.to:
                return False
            entry.move(sub.to, sub.reported, sub.why, ref=item.key)
        elif sub.action == "rekind":
            assert sub.to is not None
            if state.record.kind == sub.to:
                return False
            entry.rekind(sub.to, Changes(sub.changes), sub.reported, sub.why, canonical, ref=item.key)
        else:
            if state.name == sub.to:
                return False
            entry.give_name(sub.to, sub.reported, sub.why, ref=item.key)
        return True

    @staticmethod
    def _act(entry: Entry, item: _Keyed, canonical: Callable[[str], str]) -> bool:
        """Apply a correction, retraction or corroboration row, unless it already was."""
        sub = item.submission
        reported = sub.reported
        assert reported is not None
        state = entry.state
        if sub.action == "retract":
            if state.retracted:
                return False
            entry.retract(reported, sub.source, sub.why)
            return True
        if sub.action == "corroborate":
            assert sub.source is not None
            if sub.changes:  # a claim of its own: kept unless the source already says so
                try:
                    entry.corroborate(sub.source, reported, sub.why, Changes(sub.changes), canonical)
                except NothingChanged:
                    return False
                return True
            if sub.source.identity in {s.identity for s in state.record.sources}:
                return False
            entry.corroborate(sub.source, reported, sub.why)
            return True
        changes = Changes(sub.changes)
        if item.key in entry.refs or state.retracted:
            return False
        try:
            entry.correct(changes, reported, sub.source, sub.why, canonical, ref=item.key)
        except NothingChanged:
            return False  # nothing in it is news, now or then
        return True

    @staticmethod
    def _reimport(
        entry: Entry, sub: Submission, reported: date, canonical: Callable[[str], str], path: str
    ) -> bool:
        """A row seen before: append what it says differently, and any new source."""
        assert sub.record is not None
        record = _as_now(entry, sub.record)
        changed = False
        if not entry.state.retracted:
            changes = entry.base.changes_to(record)
            if changes:
                why = f"re-imported from {Path(path).name}"
                try:
                    entry.correct(changes, reported, None, why, canonical, ref=entry.key)
                    changed = True
                except NothingChanged:
                    pass  # the entry already says so, now and then
        known = {s.identity for s in entry.state.record.sources}
        for source in record.sources:
            if source.identity not in known:
                entry.corroborate(source, source.published or reported)
                changed = True
        return changed
