"""A record: everything an entry says at one moment — the fact and what surrounds it.

`Record` is the content of an entry. Corrections revise it field by field, by name, with the
same codecs that read spreadsheets, so `--set killed="at least 80"` and a CSV correction row
mean exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any, SupportsFloat, cast

import attrs

from .dates import FuzzyDate
from .errors import InvalidValue, UnknownField
from .facts import Fact, build_fact, fact_class, fact_kind, field_text, kind_label, parse_field
from .sources import Source, SourceStatus, strongest_status
from .text import optional_text, required_text, text_list

# Fields every entry has, whatever its kind, as they are named in files and on the command line.
COMMON_FIELDS = ("title", "date", "location", "latitude", "longitude", "actors", "notes")
DETAIL_PREFIX = "details."


def _coordinate(name: str, limit: float, value: object) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(cast("SupportsFloat | str", value))  # anything a file held: float() judges
    except (TypeError, ValueError):
        raise InvalidValue(name, value, "is not a number") from None
    if not -limit <= number <= limit:
        raise InvalidValue(name, value, f"is out of range (-{limit:g} to {limit:g})")
    return number


def _latitude(value: object) -> float | None:
    return _coordinate("latitude", 90, value)


def _longitude(value: object) -> float | None:
    return _coordinate("longitude", 180, value)


def _location(value: object) -> str | None:
    return optional_text("location", value)


@attrs.frozen
class Place:
    name: str | None = attrs.field(default=None, converter=_location)
    latitude: float | None = attrs.field(default=None, converter=_latitude)
    longitude: float | None = attrs.field(default=None, converter=_longitude)

    def __attrs_post_init__(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise InvalidValue("latitude", self.latitude, "needs a longitude too (and vice versa)")

    @property
    def is_empty(self) -> bool:
        return self.name is None and self.latitude is None


def _story(value: object) -> str:
    text = required_text("story", value)
    if len(text) > 100 or any(not ch.isprintable() for ch in text):
        raise InvalidValue("story", value, "is not a story name (printable, at most 100 characters)")
    return text


def _pairs(value: object) -> list[tuple[object, ...]]:
    """A mapping's items, or anything else as an iterable of pairs (raising when it is not)."""
    if isinstance(value, Mapping):
        return list(value.items())
    return [tuple(p) for p in cast("Iterable[Iterable[object]]", value or ())]


def _details(value: object) -> tuple[tuple[str, str], ...]:
    items = _pairs(value)
    result = []
    for key, text in items:
        name = required_text("details", key)
        cell = optional_text(f"{DETAIL_PREFIX}{name}", text)
        if cell is not None:
            result.append((name, cell))
    return tuple(sorted(result))


def _roles(value: object) -> tuple[tuple[str, str], ...]:
    items = _pairs(value)
    return tuple((required_text("roles", actor), required_text("roles", role)) for actor, role in items)


def _change_items(value: Iterable[Iterable[str | None]]) -> tuple[tuple[str, str | None], ...]:
    """(name, text) pairs as tuples, whether given so or decoded from an event (as lists)."""
    return tuple(cast("tuple[str, str | None]", tuple(pair)) for pair in value)


@attrs.frozen
class Changes:
    """Field name → new value as text (None clears it). Part of a `Corrected` event."""

    items: tuple[tuple[str, str | None], ...] = attrs.field(converter=_change_items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[tuple[str, str | None]]:
        return iter(self.items)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.items]


def _title(value: object) -> str:
    return required_text("title", value)


def _actors(value: object) -> tuple[str, ...]:
    return text_list("actors", value)


def _notes(value: object) -> str | None:
    return optional_text("notes", value)


def _sources(value: Iterable[Source]) -> tuple[Source, ...]:
    return tuple(value)


@attrs.frozen
class Record:
    story: str = attrs.field(converter=_story)
    title: str = attrs.field(converter=_title)
    occurred: FuzzyDate
    fact: Fact
    actors: tuple[str, ...] = attrs.field(default=(), converter=_actors)
    place: Place | None = None
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_sources)
    notes: str | None = attrs.field(default=None, converter=_notes)
    details: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_details)
    # Roles of the other actors, where a dataset says more than "party" ("side a", "actor 1").
    roles: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_roles)

    @property
    def kind(self) -> str:
        return fact_kind(self.fact)

    @property
    def status(self) -> SourceStatus:
        return strongest_status(self.sources)

    def parties(self) -> list[tuple[str, str]]:
        """(actor, role): the fact's own actors first, then everyone else named."""
        seen: dict[str, str] = {}
        for actor, role in self.fact.parties():
            seen.setdefault(actor, role)
        roles = dict(self.roles)
        for actor in self.actors:
            seen.setdefault(actor, roles.get(actor, "party"))
        return list(seen.items())

    # -- field by field ---------------------------------------------------------------------

    def field_texts(self) -> dict[str, str | None]:
        """Every correctable field, as text its codec reads back."""
        place = self.place or Place()
        common = {
            "title": self.title,
            "date": self.occurred.value,
            "location": place.name,
            "latitude": None if place.latitude is None else repr(place.latitude),
            "longitude": None if place.longitude is None else repr(place.longitude),
            "actors": field_text(self.actors),
            "notes": self.notes,
        }
        fact = {k: v for k, v in self.fact.texts().items() if k != "label"}
        details = {f"{DETAIL_PREFIX}{k}": v for k, v in self.details}
        return {**common, **fact, **details}

    def correctable(self) -> list[str]:
        return [*COMMON_FIELDS, *(n for n in self.fact.specs() if n != "label")]

    def changes_to(self, other: Record) -> Changes:
        """The field changes that turn this record into `other` (same story and kind)."""
        mine, theirs = self.field_texts(), other.field_texts()
        names = list(dict.fromkeys([*mine, *theirs]))
        return Changes(tuple((n, theirs.get(n)) for n in names if mine.get(n) != theirs.get(n)))

    def revised(self, changes: Changes, canonical: Callable[[str], str] = str) -> Record:
        """This record with `changes` applied; refuses fields the kind does not have."""
        if not changes:
            return self
        known = self.correctable()
        common: dict[str, Any] = {}
        fact_values: dict[str, object] = dict(self.fact.texts())
        details = dict(self.details)
        for name, text in changes:
            if name.startswith(DETAIL_PREFIX) and len(name) > len(DETAIL_PREFIX):
                key = name[len(DETAIL_PREFIX) :]
                details.pop(key, None) if text is None else details.__setitem__(key, text)
            elif name == "kind":
                raise InvalidValue("kind", text, "cannot be corrected: retract the entry and record it anew")
            elif name in COMMON_FIELDS:
                common[name] = text
            elif name in known:
                fact_values[name] = text
            else:
                raise UnknownField(name, text, self.kind, known)
        # Rebuilt as the same class: a development keeps its label, whatever the label says.
        fact = type(self.fact).build(fact_values).with_actors(canonical)
        place = self.place or Place()
        new_place = Place(
            name=common.get("location", place.name),
            latitude=common.get("latitude", place.latitude),
            longitude=common.get("longitude", place.longitude),
        )
        occurred = self.occurred
        if "date" in common:
            occurred = FuzzyDate.parse(required_text("date", common["date"]))
        actors = self.actors
        if "actors" in common:
            actors = tuple(canonical(a) for a in text_list("actors", common["actors"]))
        return attrs.evolve(
            self,
            title=common.get("title", self.title),
            occurred=occurred,
            fact=fact,
            actors=actors,
            place=None if new_place.is_empty else new_place,
            notes=common.get("notes", self.notes),
            details=details,
        )

    def rekinded(
        self, kind: str, given: Changes = Changes(()), canonical: Callable[[str], str] = str
    ) -> Record:
        """This record as an entry of another kind. The new kind's fields take the old fact's
        values of the same name, else a detail of that name, else what `given` says; the old
        fact's values the new kind has no field for are kept as details, so that nothing is lost
        and changing the kind back restores them. Refuses what the new kind would lack."""
        kind = kind_label(kind)
        old = {k: v for k, v in self.fact.texts().items() if k != "label" and v is not None}
        details = dict(self.details)
        specs = [n for n in fact_class(kind).specs() if n != "label"]
        values: dict[str, object] = {}
        for name in specs:
            if name in old:
                values[name] = old.pop(name)
            elif name in details:
                values[name] = details.pop(name)
        common: dict[str, str | None] = {}
        for name, text in given:
            if name in specs:
                values[name] = text
            elif name.startswith(DETAIL_PREFIX) or name in COMMON_FIELDS:
                common[name] = text
            else:
                raise UnknownField(name, text, kind, [*COMMON_FIELDS, *specs])
        details.update(old)
        rekinded = attrs.evolve(self, fact=build_fact(kind, values).with_actors(canonical), details=details)
        return rekinded.revised(Changes(tuple(common.items()))) if common else rekinded

    def renamed_actors(self, rename: Callable[[str], str]) -> Record:
        """The same record with every actor it names passed through `rename` (a merge)."""
        return attrs.evolve(
            self,
            fact=self.fact.with_actors(rename),
            actors=tuple(dict.fromkeys(rename(a) for a in self.actors)),
            roles=tuple((rename(actor), role) for actor, role in self.roles),
        )

    def with_source(self, source: Source) -> Record:
        if source in self.sources:
            return self
        return attrs.evolve(self, sources=(*self.sources, source))


def check_changes(kind: str, changes: Changes) -> None:
    """Refuse, before anything is written, a change no record of `kind` could take."""
    specs = {n: s for n, s in fact_class(kind).specs().items() if n != "label"}
    common_checks: dict[str, Callable[[object], object]] = {
        "title": lambda v: required_text("title", v),
        "date": lambda v: FuzzyDate.parse(required_text("date", v)),
        "latitude": _latitude,
        "longitude": _longitude,
        "actors": lambda v: text_list("actors", v),
    }
    for name, text in changes:
        if name == "kind":
            raise InvalidValue("kind", text, "cannot be corrected: retract the entry and record it anew")
        if name.startswith(DETAIL_PREFIX) or name in ("location", "notes"):
            continue
        if name in common_checks:
            common_checks[name](text)
        elif name in specs:
            parse_field(name, specs[name], text)
        else:
            raise UnknownField(name, text, kind, [*COMMON_FIELDS, *specs])


def draft_record(
    story: str,
    fields: Mapping[str, object],
    *,
    sources: tuple[Source, ...] = (),
    details: Mapping[str, object] | None = None,
    canonical: Callable[[str], str] = str,
) -> Record:
    """A record from raw values (a file row, command-line options).

    `fields` holds `kind`, the common fields, `date_precision`, and the kind's own fields;
    any other name is refused here — importers move unknown columns into `details` first.
    """
    raw = dict(fields)
    kind = kind_label(raw.pop("kind", None))
    occurred = FuzzyDate.parse(
        required_text("date", raw.pop("date", None)), _precision(raw.pop("date_precision", None))
    )
    common = {name: raw.pop(name, None) for name in COMMON_FIELDS if name != "date"}
    roles = _roles(raw.pop("roles", None))
    fact = build_fact(kind, raw).with_actors(canonical)
    place = Place(common["location"], common["latitude"], common["longitude"])
    actors = tuple(canonical(a) for a in text_list("actors", common["actors"]))
    roles = tuple((canonical(actor), role) for actor, role in roles)
    return Record(
        story=story,
        title=common["title"],
        occurred=occurred,
        fact=fact,
        actors=actors,
        place=None if place.is_empty else place,
        sources=sources,
        notes=common["notes"],
        details=details or (),
        roles=roles,
    )


def _precision(value: object) -> str | None:
    return optional_text("date_precision", value)


def default_reported(record: Record, today: date) -> date:
    """When the public record first said so, when nobody told us: the earliest publication
    among the sources, else the last day it could have happened, else today."""
    published = [s.published for s in record.sources if s.published]
    if published:
        return min(published)
    latest = record.occurred.latest
    return min(latest, today) if latest else today


def not_after_today(day: date, today: date, field: str = "reported") -> date:
    """A report's day, refused if it is after today: a report cannot come from the future."""
    if day > today:
        raise InvalidValue(
            field,
            day.isoformat(),
            f"is after today ({today.isoformat()}): a report cannot come from the future",
        )
    return day


def report_day(reported: date | None, published: date | None, today: date) -> date:
    """When a correction, retraction or corroboration was reported: the day given, else the day
    its source published it, else today; never after today."""
    field = "reported" if reported else "published"
    return not_after_today(reported or published or today, today, field)


def stale_in_title(before: Record, after: Record) -> list[tuple[str, str, str]]:
    """(field, old text, new text) for each corrected value the unchanged title still states:
    "…kill at least 76 people" above "at least 80 killed" contradicts itself."""
    if before.title != after.title:
        return []
    old, new = before.field_texts(), after.field_texts()
    return [
        (name, str(old[name]), str(new.get(name)))
        for name in old
        if name != "title" and old[name] and old[name] != new.get(name) and str(old[name]) in before.title
    ]
