"""Entries: one per recorded happening, and the history of what was believed about it.

An `Entry` is an event-sourced aggregate. Its events are the recording activity, never the
happening itself: it was recorded, corrected (what changed, why, on whose report), corroborated
by another source, retracted. Each event carries the day it was *reported* — when the public
record said so — beside the library's own timestamp, which is when it was *recorded* here.

Nothing is edited in place, so the log can always answer "what was known on that day".
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import attrs
from eventsourcing.domain import Aggregate

from .claims import Claim, winning, with_claim
from .errors import InvalidValue, NothingChanged
from .records import Changes, Record
from .sources import Source, SourceStatus

ENTRY_NAMESPACE = uuid.UUID("0c8a3f4e-2b1d-4b7e-9f21-6f4d3c2a1b00")


def entry_id(story: str, key: str, secret: bytes | None = None) -> uuid.UUID:
    """Stable: the same story and key always name the same entry, so re-imports are idempotent.

    With a `secret` (an encrypted store's, derived from its key) the id is a keyed hash, so that
    someone holding the store's file cannot test whether a guessed story and key are in it."""
    name = f"{story}\x1f{key}"
    if secret is None:
        return uuid.uuid5(ENTRY_NAMESPACE, name)
    digest = hmac.new(secret, name.encode("utf-8"), hashlib.sha256).digest()
    return uuid.UUID(bytes=digest[:16], version=5)


def content_key(record: Record) -> str:
    """The key of a row that has no id of its own: what it says, not where it sits in a file."""
    return f"~{record.kind}|{record.occurred.value}|{record.title}"


def is_content_key(key: str) -> bool:
    return key.startswith("~")


def entry_name(story: str, key: str, entry_id: str | uuid.UUID) -> str:
    """How messages name an entry, in a form every command that takes an entry accepts: the
    story and the user's id, or for an entry recorded without one, the start of Storyline's id
    (what it says, `~kind|date|title`, is neither readable nor safe to type)."""
    return f"{story}/{str(entry_id)[:8] if is_content_key(key) else key}"


@attrs.frozen
class EntryState:
    """What an entry says at one moment of knowledge."""

    record: Record
    retracted: bool = False
    retraction: str | None = None
    name: str | None = None  # the readable id given after the fact, if any
    claims: tuple[Claim, ...] = ()  # what each source says of a contested field (domain/claims.py)


def claimed(
    state: EntryState, field: str, value: str | None, outlet: str, status: SourceStatus, reported: date
) -> EntryState:
    """The state with `outlet`'s claim of `value` for `field`, the record showing the winner."""
    claims = state.claims
    if not any(c.field == field for c in claims):  # contested now: what it said until now is a claim
        first = state.record.sources[0].outlet if state.record.sources else "as recorded"
        base = Claim(field, state.record.field_texts().get(field), first, state.record.status, None)
        claims = (base, *claims)
    claims = with_claim(claims, Claim(field, value, outlet, status, reported))
    winner = winning(claims, field)
    assert winner is not None
    record = state.record.revised(Changes(((field, winner.value),)))
    return attrs.evolve(state, record=record, claims=claims)


class Entry(Aggregate):
    @staticmethod
    def create_id(record: Record, key: str) -> uuid.UUID:
        return entry_id(record.story, key)

    class Event(Aggregate.Event):
        reported: date

        def revise(self, state: EntryState) -> EntryState:
            raise NotImplementedError

        def apply(self, aggregate: Entry) -> None:
            aggregate.log.append(self)
            # Not simply this event on top of the last state: a later-recorded report of an
            # earlier day takes its place among the reports by day (see `state_known_at`).
            state = state_known_at(aggregate.log, None)
            assert state is not None
            aggregate.state = state

    class Recorded(Aggregate.Created):
        record: Record
        reported: date
        key: str

        def apply(self, aggregate: Entry) -> None:
            """`__init__` has already set the state from this event."""
            aggregate.log = [self]

    class Corrected(Event):
        changes: Changes
        source: Source | None
        why: str | None
        # The import row it came from: the entry's own key when its row was re-imported with
        # new values, a correction row's key, or None when typed on the command line.
        ref: str | None

        def apply(self, aggregate: Entry) -> None:
            super().apply(aggregate)
            if self.ref == aggregate.key:
                aggregate.base = aggregate.base.revised(self.changes)
            if self.ref is not None:
                aggregate.refs.add(self.ref)

        def revise(self, state: EntryState) -> EntryState:
            contested = {c.field for c in state.claims}
            record = state.record.revised(self.changes)
            if self.source is not None:
                record = record.with_source(self.source)
            state = attrs.evolve(state, record=record)
            for field, value in self.changes:
                shown = winning(state.claims, field)
                if field not in contested or shown is None:
                    continue
                # A source's own later report replaces its claim; a correction without one
                # corrects the claim shown.
                by = self.source or shown
                outlet = self.source.outlet if self.source else shown.outlet
                state = claimed(state, field, value, outlet, by.status, self.reported)
            return state

    class Corroborated(Event):
        """Another source supports the entry. Version 2 added `why`, the reason it was added;
        events stored by version 1 are upcast with none."""

        class_version = 3
        source: Source
        why: str | None
        claims: Changes  # values of its own the source gives (version 3; none: it supports as recorded)

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["why"] = None

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            state["claims"] = Changes(())

        def revise(self, state: EntryState) -> EntryState:
            state = attrs.evolve(state, record=state.record.with_source(self.source))
            for field, value in self.claims:
                state = claimed(state, field, value, self.source.outlet, self.source.status, self.reported)
            return state

    class Retracted(Event):
        source: Source | None
        why: str | None

        def revise(self, state: EntryState) -> EntryState:
            return attrs.evolve(state, retracted=True, retraction=self.why)

    # -- clean-ups: a mistake of recording undone by an event, never by deleting -------------

    class CleanUp(Event):
        """A clean-up; `ref` is the file row it came from (None when typed), so that a file
        read again does not do it twice."""

        why: str | None
        ref: str | None

        def apply(self, aggregate: Entry) -> None:
            super().apply(aggregate)
            if self.ref is not None:
                aggregate.refs.add(self.ref)

    class Moved(CleanUp):
        """The entry belongs to another story (it was filed under the wrong one)."""

        story: str

        def revise(self, state: EntryState) -> EntryState:
            return attrs.evolve(state, record=attrs.evolve(state.record, story=self.story))

    class Rekinded(CleanUp):
        """The entry is of another kind (`statment` for `statement`); `changes` gives what the
        new kind needs that the old one did not say."""

        kind: str
        changes: Changes

        def apply(self, aggregate: Entry) -> None:
            super().apply(aggregate)
            # A file read again is compared with its row as the new kind would have it.
            aggregate.base = aggregate.base.rekinded(self.kind, self.changes)

        def revise(self, state: EntryState) -> EntryState:
            return attrs.evolve(state, record=state.record.rekinded(self.kind, self.changes))

    class Named(CleanUp):
        """The entry is given a readable id (None: back to the one it was recorded with)."""

        name: str | None

        def revise(self, state: EntryState) -> EntryState:
            return attrs.evolve(state, name=self.name)

    def __init__(self, record: Record, reported: date, key: str) -> None:
        self.state = EntryState(record)
        self.key = key
        self.reported = reported
        # What the entry's own import row says, without corrections from elsewhere: a
        # re-imported row is compared with this, not with the corrected state.
        self.base = record
        self.refs: set[str] = set()
        self.log: list[Entry.Recorded | Entry.Event] = []  # the events so far, for knowledge-time checks

    @classmethod
    def record(cls, record: Record, reported: date, key: str) -> Entry:
        return cls._create(cls.Recorded, record=record, reported=reported, key=key)

    def correct(
        self,
        changes: Changes,
        reported: date,
        source: Source | None,
        why: str | None,
        canonical: Callable[[str], str] = str,
        ref: str | None = None,
    ) -> None:
        """Revise fields by name. The event keeps only what really changes, with actor names
        made canonical, so it reads the same whatever spelling the correction used."""
        if self.state.retracted:
            raise InvalidValue("entry", self.key, "is retracted: it cannot be corrected")
        self._check_reported(reported)
        changes = self._news(changes, reported, canonical)
        if not changes:
            raise NothingChanged()
        self.trigger_event(
            self.Corrected, changes=changes, reported=reported, source=source, why=why, ref=ref
        )

    def _news(self, changes: Changes, reported: date, canonical: Callable[[str], str]) -> Changes:
        """The requested values that are news either now or on the day they were reported: a
        report restating today's figure still tells what was known on its own earlier day."""
        current = self.state.record
        requested = current.revised(changes, canonical).field_texts()  # refuses bad fields
        now = current.field_texts()
        known = state_known_at(self.log, max(reported, self.reported))
        then = known.record.field_texts() if known else now
        asked = list(dict.fromkeys(name for name, _ in changes))
        names = [n for n in requested if n in asked] + [n for n in asked if n not in requested]
        return Changes(
            tuple(
                (name, requested.get(name))
                for name in names
                if requested.get(name) != now.get(name) or requested.get(name) != then.get(name)
            )
        )

    def _check_reported(self, reported: date) -> None:
        """A correction or retraction is news about a report: it cannot be older than the report."""
        if reported < self.reported:
            raise InvalidValue(
                "reported",
                reported.isoformat(),
                f"is before the entry itself was reported ({self.reported.isoformat()}): "
                "a correction cannot be older news than what it corrects",
            )

    def corroborate(
        self,
        source: Source,
        reported: date,
        why: str | None = None,
        claims: Changes | None = None,
        canonical: Callable[[str], str] = str,
    ) -> None:
        """Another source supports the entry; with `claims`, it gives values of its own for some
        fields, kept beside the others' (the entry shows the winner: domain/claims.py)."""
        if self.state.retracted:
            raise InvalidValue("entry", self.key, "is retracted: it cannot be corroborated")
        claims = claims or Changes(())
        if claims:
            given = self.state.record.revised(claims, canonical).field_texts()  # refuses bad fields
            claims = Changes(tuple((name, given.get(name)) for name, _ in claims))
            said = {(c.field, c.outlet.casefold()): c.value for c in self.state.claims}
            if all(said.get((f, source.outlet.casefold()), object()) == v for f, v in claims):
                raise NothingChanged()
        elif source.identity in {s.identity for s in self.state.record.sources}:
            raise InvalidValue("source", source.outlet, "already supports this entry")
        self.trigger_event(self.Corroborated, source=source, reported=reported, why=why, claims=claims)

    def retract(self, reported: date, source: Source | None, why: str | None) -> None:
        if self.state.retracted:
            raise InvalidValue("entry", self.key, "is already retracted")
        self._check_reported(reported)
        self.trigger_event(self.Retracted, reported=reported, source=source, why=why)

    @property
    def name(self) -> str:
        """The id the entry goes by: the one given after the fact, else its own."""
        return self.state.name or self.key

    def as_now(self, record: Record) -> Record:
        """A row's record as this entry's kind, when the row still has the kind it was recorded
        with and the entry was rekinded since (a file read again after `rekind`): the row goes
        through the same changes of kind its entry did, so it compares with what the entry's
        own row became."""
        rekinds = [e for e in self.log if isinstance(e, Entry.Rekinded)]
        first = self.log[0]
        assert isinstance(first, Entry.Recorded)
        if not rekinds or record.kind != first.record.kind:
            return record
        for event in rekinds:
            record = record.rekinded(event.kind, event.changes)
        return record

    def has_done(self, ref: str, cleanup: type[Entry.CleanUp], to: str | None) -> bool:
        """Whether the clean-up a file row names (`key#vN`, as a lossless export writes it) is
        the entry's version N already: a store's own export read back does nothing twice."""
        if ref in self.refs:
            return True
        prefix, sep, number = ref.rpartition("#v")
        if not sep or not number.isdigit() or prefix not in (self.key, self.state.name):
            return False
        index = int(number) - 1
        if not 0 < index < len(self.log) or not isinstance(self.log[index], cleanup):
            return False
        done = self.log[index]
        said = {Entry.Moved: "story", Entry.Rekinded: "kind", Entry.Named: "name"}[cleanup]
        return bool(getattr(done, said) == to)

    # A clean-up mends a mistake of recording, not news: unless it is given a reported day of
    # its own, it holds from the entry's own report on, so every `--known-at` sees it mended.

    def _cleanup_day(self, reported: date | None, cleanup: type[Entry.CleanUp]) -> date:
        """The day given, checked; else the entry's own report, or the day of the latest
        clean-up of the same kind if later: the last one done is the one that holds."""
        if reported is None:
            return max([self.reported, *(e.reported for e in self.log if isinstance(e, cleanup))])
        self._check_reported(reported)
        return reported

    def move(self, story: str, reported: date | None, why: str | None, ref: str | None = None) -> None:
        if story == self.state.record.story:
            raise InvalidValue("to", story, "is the story the entry is in already")
        attrs.evolve(self.state.record, story=story)  # refuses what is no story name
        day = self._cleanup_day(reported, Entry.Moved)
        self.trigger_event(self.Moved, story=story, reported=day, why=why, ref=ref)

    def rekind(
        self,
        kind: str,
        changes: Changes,
        reported: date | None,
        why: str | None,
        canonical: Callable[[str], str] = str,
        ref: str | None = None,
    ) -> None:
        record = self.state.record
        rekinded = record.rekinded(kind, changes, canonical)  # refuses what the new kind would lack
        if rekinded.kind == record.kind:
            raise InvalidValue("kind", kind, f"is the kind the entry has already ({record.kind})")
        # Kept with actor names made canonical, so the event reads the same whatever was typed.
        texts = rekinded.field_texts()
        changes = Changes(tuple((name, texts.get(name, text)) for name, text in changes))
        day = self._cleanup_day(reported, Entry.Rekinded)
        self.trigger_event(self.Rekinded, kind=rekinded.kind, changes=changes, reported=day, why=why, ref=ref)

    def give_name(
        self, name: str | None, reported: date | None, why: str | None, ref: str | None = None
    ) -> None:
        if name is None and self.state.name is None:
            raise InvalidValue("entry", self.key, "was never given another id: there is none to drop")
        if name is not None and (name == self.name or is_content_key(name)):
            raise InvalidValue(
                "name",
                name,
                "is the id the entry has already" if name == self.name else "cannot start with ~",
            )
        day = self._cleanup_day(reported, Entry.Named)
        self.trigger_event(self.Named, name=name, reported=day, why=why, ref=ref)

    def rename_actors(
        self,
        rename: Callable[[str], str],
        canonical: Callable[[str], str],
        reported: date | None,
        why: str,
        ref: str,
    ) -> bool:
        """The entry's parties follow an actor merged or renamed: a correction of every field
        naming them, marked with `ref` so that the opposite clean-up can find and undo it.
        False when the entry names none of them (or is retracted: it says nothing now)."""
        record = self.state.record
        changes = record.changes_to(record.renamed_actors(rename))
        if not changes or self.state.retracted:
            return False
        try:
            self.correct(
                changes, max(reported or self.reported, self.reported), None, why, canonical, ref=ref
            )
        except NothingChanged:
            return False
        return True

    def undo_correction(
        self, ref: str, canonical: Callable[[str], str], reported: date | None, why: str
    ) -> bool:
        """Put back what the correction marked `ref` changed, in the fields that still hold what
        it set (a later correction of the same field is left alone). False when it has none."""
        events = [e for e in self.log if isinstance(e, Entry.Corrected) and e.ref == ref]
        if not events or self.state.retracted:
            return False
        before = state_known_at(self.log[: self.log.index(events[-1])], None)
        assert before is not None
        was, now = before.record.field_texts(), self.state.record.field_texts()
        set_to = dict(events[-1].changes.items)
        back = Changes(tuple((n, was.get(n)) for n, v in set_to.items() if now.get(n) == v))
        if not back:
            return False
        try:
            self.correct(
                back, max(reported or self.reported, self.reported), None, why, canonical, ref=f"{ref}|undone"
            )
        except NothingChanged:
            return False
        return True


class EntryAlias(Aggregate):
    """Another (story, key) that names an entry: where it was moved to, the readable id it was
    given, what it says after its kind changed. Its id is made from that story and key as an
    entry's would be, so a file row naming it finds the entry instead of adding a second one,
    and two entries can never claim one name (the second alias is refused by the store)."""

    class Given(Aggregate.Created):
        story: str
        key: str
        entry: str  # the id of the entry it names

    def __init__(self, story: str, key: str, entry: str) -> None:
        self.story, self.key, self.entry = story, key, entry

    @classmethod
    def of(cls, alias_id: uuid.UUID, story: str, key: str, entry_id: uuid.UUID) -> EntryAlias:
        return cls._create(cls.Given, id=alias_id, story=story, key=key, entry=str(entry_id))


def effective_reported(events: Sequence[Entry.Recorded | Entry.Event]) -> list[date]:
    """Each event's reported day, but never before the entry itself was reported: a correction
    of something not yet public takes effect when the thing does."""
    first = events[0].reported
    return [max(e.reported, first) for e in events]


def state_known_at(
    events: Sequence[Entry.Recorded | Entry.Event], known_at: date | None
) -> EntryState | None:
    """What the public record said about the entry by the end of `known_at` (None: today).

    Events apply in the order they were reported, ties in log order: the latest report of the
    public record wins, even when an older report was recorded here later. Those reported after
    `known_at` are skipped. Unknown before the entry itself was reported.
    """
    if not events:
        return None
    reported = effective_reported(events)
    if known_at is not None and reported[0] > known_at:
        return None
    recorded = events[0]
    assert isinstance(recorded, Entry.Recorded)
    state = EntryState(recorded.record)
    later = sorted(range(1, len(events)), key=lambda i: (reported[i], i))
    for i in later:
        if known_at is None or reported[i] <= known_at:
            event = events[i]
            assert isinstance(event, Entry.Event)
            state = event.revise(state)
    return state


def version_known_at(events: Sequence[Entry.Recorded | Entry.Event], known_at: date | None) -> int:
    """The latest version among the events public by the end of `known_at` (None: all)."""
    reported = effective_reported(events)
    return max(
        e.originator_version
        for e, day in zip(events, reported, strict=True)
        if known_at is None or day <= known_at
    )


def knowledge_steps(
    events: Sequence[Entry.Recorded | Entry.Event],
) -> list[tuple[date, EntryState]]:
    """Every distinct state of knowledge: (known from this day on, state), in day order."""
    days = sorted(set(effective_reported(events)))
    steps = []
    for day in days:
        state = state_known_at(events, day)
        assert state is not None
        steps.append((day, state))
    return steps
