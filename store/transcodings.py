"""How domain values travel through the event store's JSON.

The library's events are frozen dataclasses; our facts are attrs values riding inside them.
Each value is written in the plainest form its own codec reads back: a fuzzy date as "2025-08",
a count as "at least 76", a fact as its fields' texts. Reading goes back through the same
validation as any user input, so the log can never hold a value the domain would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import attrs
from eventsourcing.persistence import JSONTranscoder, Transcoding

from storyline.domain import (
    KINDS,
    Actor,
    Changes,
    Count,
    Fact,
    FuzzyDate,
    Place,
    Record,
    Source,
)


class DateAsISO(Transcoding):
    type = date
    name = "date"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class _Value(Transcoding):
    """A transcoding made of two functions."""

    def __init__(self, cls: type, name: str, encode: Callable[[Any], Any], decode: Callable[[Any], Any]):
        self.type = cls
        self.name = name
        self._encode, self._decode = encode, decode

    def encode(self, obj: Any) -> Any:
        return self._encode(obj)

    def decode(self, data: Any) -> Any:
        return self._decode(data)


def _fields(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in attrs.fields(type(obj))}


def _attrs_value(cls: type, name: str) -> _Value:
    return _Value(cls, name, _fields, lambda data: cls(**data))


def _fact(cls: type[Fact]) -> _Value:
    return _Value(
        cls,
        f"fact:{cls.kind}",
        lambda fact: {k: v for k, v in fact.texts().items() if v is not None},
        cls.build,
    )


def transcodings() -> list[Transcoding]:
    return [
        DateAsISO(),
        _Value(FuzzyDate, "fuzzy_date", lambda d: d.value, FuzzyDate.parse),
        _Value(Count, "count", lambda c: c.text, Count.parse),
        _Value(Changes, "changes", lambda c: [list(pair) for pair in c.items], Changes),
        _attrs_value(Record, "record"),
        _attrs_value(Source, "source"),
        _attrs_value(Place, "place"),
        _attrs_value(Actor, "actor"),
        *(_fact(cls) for cls in KINDS.values()),
    ]


def register(transcoder: JSONTranscoder) -> None:
    for transcoding in transcodings():
        transcoder.register(transcoding)
