"""An entry as it is shown: the typed value every read command, export and notebook starts from.

`TimelineEntry.to_json()` is the product's stable JSON interface (`storyline timeline --json`);
the same JSON is what the timeline's rows keep, so a question answered from the rows builds the
typed entry straight from it. A list of entries can be handed to `pandas.DataFrame`: each entry
is also a read-only mapping of its JSON fields.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from storyline.domain.claims import contested
from storyline.domain.counts import Count
from storyline.domain.dates import OPEN_FUTURE, OPEN_PAST, FuzzyDate, Occurrence
from storyline.domain.grades import grade_of
from storyline.domain.memo import memoized
from storyline.domain.sources import Source

if TYPE_CHECKING:  # the entries' aggregate, its facts: what writing the rows needs, not reading them
    from storyline.domain.entry import EntryState
    from storyline.domain.facts import Fact

JSON = dict[str, Any]


def _frozen(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if isinstance(value, MappingProxyType):  # already read-only: shown by many entries at once
        return value
    return MappingProxyType(dict(value or {}))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@attrs.frozen
class Figure:
    """A count as reported: 76, "at least 76"."""

    value: int
    qualifier: str
    text: str

    @classmethod
    @memoized
    def of(cls, count: Count) -> Figure:
        return cls(count.value, count.qualifier.value, count.text)

    @property
    def count(self) -> Count:
        return Count.parse(self.text)

    def to_json(self) -> JSON:
        return {"value": self.value, "qualifier": self.qualifier, "text": self.text}


Detail = Figure | str | tuple[str, ...]


def _detail(value: object) -> Detail:
    if isinstance(value, Count):
        return Figure.of(value)
    if isinstance(value, tuple):
        return value
    return str(value)


def _detail_json(value: Detail) -> object:
    if isinstance(value, Figure):
        return value.to_json()
    if isinstance(value, tuple):
        return list(value)
    return value


def _detail_from(value: Any) -> Detail:
    if isinstance(value, dict):
        return Figure(value["value"], value["qualifier"], value["text"])
    if isinstance(value, list):
        return tuple(value)
    return str(value)


@attrs.frozen
class Occurred:
    """When it happened, as known: the earliest and latest days it could have been."""

    start: date | None
    end: date | None
    precision: str
    text: str  # as a reader would say it: "Aug 2025", "before 11 Oct 2025"
    value: str  # as `FuzzyDate.parse` reads it back: "2025-08"

    @classmethod
    @memoized  # a catch-up shows the same few thousand dates again and again
    def of(cls, occurred: FuzzyDate) -> Occurred:
        return cls(
            occurred.earliest, occurred.latest, occurred.precision.value, occurred.text, occurred.value
        )

    @property
    def start_ordinal(self) -> int:
        return self.start.toordinal() if self.start else OPEN_PAST

    @property
    def end_ordinal(self) -> int:
        return self.end.toordinal() if self.end else OPEN_FUTURE

    @property
    def anchor(self) -> int:
        """Where it sits on a line of time: its first possible day (an open `before` at its bound)."""
        return self.start_ordinal if self.start else self.end_ordinal

    def to_json(self) -> JSON:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision,
            "text": self.text,
            "value": self.value,
        }

    @classmethod
    def from_json(cls, data: JSON) -> Occurred:
        return cls(_day(data["start"]), _day(data["end"]), data["precision"], data["text"], data["value"])


@attrs.frozen
class Citation:
    """A source as an entry cites it."""

    outlet: str
    url: str | None = None
    published: date | None = None
    attribution: str | None = None
    status: str = "reported"

    @classmethod
    @memoized
    def of(cls, source: Source) -> Citation:
        return cls(source.outlet, source.url, source.published, source.attribution, source.status.value)

    def to_json(self) -> JSON:
        return {
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "attribution": self.attribution,
            "status": self.status,
        }

    @classmethod
    def from_json(cls, data: JSON) -> Citation:
        return cls(
            data["outlet"],
            data.get("url"),
            _day(data.get("published")),
            data.get("attribution"),
            data.get("status") or "reported",
        )


@attrs.frozen
class Party:
    actor: str
    role: str

    def to_json(self) -> JSON:
        return {"actor": self.actor, "role": self.role}


@attrs.frozen
class Location:
    name: str | None
    latitude: float | None
    longitude: float | None

    def to_json(self) -> JSON:
        return {"name": self.name, "latitude": self.latitude, "longitude": self.longitude}


@attrs.frozen
class ClaimShown:
    """What one source says of a contested field, and when it said so."""

    field: str
    value: str | None
    source: str
    status: str
    reported: date | None  # None: as first recorded, before anyone contested it

    def to_json(self) -> JSON:
        return {
            "field": self.field,
            "value": self.value,
            "source": self.source,
            "status": self.status,
            "reported": self.reported.isoformat() if self.reported else None,
        }

    @classmethod
    def from_json(cls, data: JSON) -> ClaimShown:
        return cls(data["field"], data["value"], data["source"], data["status"], _day(data["reported"]))


@attrs.frozen
class TimelineEntry(Mapping[str, Any]):
    """One entry as a question sees it: what it said at the moment asked about."""

    id: str
    key: str  # the user's own id, or `~kind|date|title` for an entry recorded without one
    story: str
    kind: str
    title: str
    occurred: Occurred
    parties: tuple[Party, ...]
    summary: str
    details: Mapping[str, Detail] = attrs.field(converter=_frozen)  # the kind's own fields
    extra: Mapping[str, str] = attrs.field(converter=_frozen)  # details a file or user added
    location: Location | None
    notes: str | None
    sources: tuple[Citation, ...]
    status: str  # the strongest source's status, or "retracted"
    grade: str  # how solid it is, from all its sources (domain/grades.py)
    retraction: str | None
    reported: date  # when the public record first said so
    recorded: datetime  # when it was first recorded in this store
    version: int
    certainty: str | None = None  # asked as of a day: "certainly", "possibly"
    # Where sources disagree: every claim on each contested field (the headline is in `details`).
    claims: tuple[ClaimShown, ...] = ()
    # Not shown: where it was first recorded (the tie-break of the timeline's order), and the
    # key it has in situation reports.
    position: int = attrs.field(default=0, eq=False)
    topic_key: str | None = attrs.field(default=None, eq=False)

    @property
    def actors(self) -> tuple[str, ...]:
        return tuple(party.actor for party in self.parties)

    @property
    def ref(self) -> str:
        """How to name it in `correct` or `history`: your id, or the start of Storyline's."""
        return self.id[:8] if self.key.startswith("~") else self.key

    @property
    def report_role(self) -> Any:
        from storyline.domain.facts import fact_class

        return fact_class(self.kind).report_role

    def figure(self, name: str) -> Figure | None:
        value = self.details.get(name)
        return value if isinstance(value, Figure) else None

    def text(self, name: str) -> str | None:
        value = self.details.get(name)
        return value if isinstance(value, str) else None

    def occurrence(self, as_of: date | None) -> Occurrence:
        if as_of is None or self.occurred.end_ordinal <= as_of.toordinal():
            return Occurrence.CERTAIN
        if self.occurred.start_ordinal <= as_of.toordinal():
            return Occurrence.POSSIBLE
        return Occurrence.NOT_YET

    def as_of(self, day: date | None) -> TimelineEntry:
        """The entry with its certainty on `day` (nothing changes without a day)."""
        return self if day is None else attrs.evolve(self, certainty=self.occurrence(day).value)

    # -- JSON, and the mapping a DataFrame reads --------------------------------------------------

    # Every field `to_json` can give ("certainty" only asked as of a day): what `--json FIELD`
    # may name even when no entry is found.
    JSON_FIELDS: ClassVar[tuple[str, ...]] = (
        *("id", "key", "story", "kind", "title", "occurred", "actors", "parties", "summary"),
        *("details", "extra", "location", "notes", "sources", "status", "grade", "retraction"),
        *("reported", "recorded", "version", "claims", "certainty"),
    )

    def to_json(self) -> JSON:
        data: JSON = {
            "id": self.id,
            "key": self.key,
            "story": self.story,
            "kind": self.kind,
            "title": self.title,
            "occurred": self.occurred.to_json(),
            "actors": list(self.actors),
            "parties": [p.to_json() for p in self.parties],
            "summary": self.summary,
            "details": {name: _detail_json(value) for name, value in self.details.items()},
            "extra": dict(self.extra),
            "location": self.location.to_json() if self.location else None,
            "notes": self.notes,
            "sources": [s.to_json() for s in self.sources],
            "status": self.status,
            "grade": self.grade,
            "retraction": self.retraction,
            "reported": self.reported.isoformat(),
            "recorded": self.recorded.isoformat(),
            "version": self.version,
            "claims": [c.to_json() for c in self.claims],
        }
        if self.certainty is not None:
            data["certainty"] = self.certainty
        return data

    @classmethod
    def from_json(cls, data: JSON, *, position: int = 0, topic_key: str | None = None) -> TimelineEntry:
        location = data["location"]
        return cls(
            id=data["id"],
            key=data["key"],
            story=data["story"],
            kind=data["kind"],
            title=data["title"],
            occurred=Occurred.from_json(data["occurred"]),
            parties=tuple(Party(p["actor"], p["role"]) for p in data["parties"]),
            summary=data["summary"],
            details={name: _detail_from(value) for name, value in data["details"].items()},
            extra=data["extra"],
            location=Location(location["name"], location["latitude"], location["longitude"])
            if location
            else None,
            notes=data["notes"],
            sources=tuple(Citation.from_json(s) for s in data["sources"]),
            status=data["status"],
            grade=data["grade"],
            retraction=data["retraction"],
            reported=date.fromisoformat(data["reported"]),
            recorded=datetime.fromisoformat(data["recorded"]),
            version=data["version"],
            certainty=data.get("certainty"),
            claims=tuple(ClaimShown.from_json(c) for c in data.get("claims", ())),
            position=position,
            topic_key=topic_key,
        )

    def __getitem__(self, name: str) -> Any:
        return self._flat()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._flat())

    def __len__(self) -> int:
        return len(self._flat())

    def _flat(self) -> JSON:
        return self.to_json()


def entry_json(
    entry_id: str,
    key: str,
    state: EntryState,
    *,
    version: int,
    reported: date,
    recorded: datetime,
) -> JSON:
    """The entry as it stood in one state of knowledge, as the timeline's rows keep it."""
    return shown_entry(entry_id, key, state, version=version, reported=reported, recorded=recorded).to_json()


def shown_entry(
    entry_id: str,
    key: str,
    state: EntryState,
    *,
    version: int,
    reported: date,
    recorded: datetime,
    position: int = 0,
) -> TimelineEntry:
    record = state.record
    place = record.place
    summary, details = _fact_shown(record.fact)
    return TimelineEntry(
        id=entry_id,
        key=state.name or key,  # the readable id given after the fact goes before its own
        story=record.story,
        kind=record.kind,
        title=record.title,
        occurred=Occurred.of(record.occurred),
        parties=tuple(Party(actor, role) for actor, role in record.parties()),
        summary=summary,
        details=details,
        extra=dict(record.details),
        location=None if place is None else Location(place.name, place.latitude, place.longitude),
        notes=record.notes,
        sources=tuple(Citation.of(s) for s in record.sources),
        status="retracted" if state.retracted else record.status.value,
        grade=grade_of(record.sources, state.retracted).value,
        retraction=state.retraction,
        reported=reported,
        recorded=recorded,
        version=version,
        position=position,
        topic_key=record.fact.topic_key(entry_id),
        claims=tuple(
            ClaimShown(c.field, c.value, c.outlet, c.status.value, c.reported)
            for claims in contested(state.claims).values()
            for c in claims
        ),
    )


@memoized  # entries share their facts: a catch-up shows each distinct one once
def _fact_shown(fact: Fact) -> tuple[str, Mapping[str, Detail]]:
    details = {
        name: _detail(value)
        for name, value in fact.values().items()
        if value is not None and value != () and name != "label"
    }
    return fact.summary(), MappingProxyType(details)


def source_json(source: Source) -> JSON:
    return Citation.of(source).to_json()


def occurred_json(occurred: FuzzyDate) -> JSON:
    return Occurred.of(occurred).to_json()
