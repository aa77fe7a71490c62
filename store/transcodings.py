"""How domain values travel through the event store's JSON.

The library's events are frozen dataclasses; our facts are attrs values riding inside them.
Each value is written in the plainest form its own codec reads back: a fuzzy date as "2025-08",
a count as "at least 76", a fact as its fields' texts. Reading goes back through the same
validation as any user input, so the log can never hold a value the domain would refuse.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs
import orjson
from eventsourcing.persistence import JSONTranscoder, Transcoding

from storyline.domain.memo import memoized

if TYPE_CHECKING:
    from storyline.domain import Fact


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


def _attrs_value(cls: type, name: str, *, shared: bool = False) -> _Value:
    """`shared`: a value many events hold the same (a source, a place): read once per distinct one."""
    if not shared:
        return _Value(cls, name, _fields, lambda data: cls(**data))
    made = memoized(lambda items: cls(**dict(items)))
    return _Value(cls, name, _fields, lambda data: made(tuple(data.items())))


def _fact(cls: type[Fact]) -> _Value:
    return _Value(
        cls,
        f"fact:{cls.kind}",
        lambda fact: {k: v for k, v in fact.texts().items() if v is not None},
        cls.build,
    )


def transcodings() -> list[Transcoding]:
    from storyline.domain import KINDS, Actor, Changes, Count, FuzzyDate, Place, Record, Source

    return [
        DateAsISO(),
        _Value(FuzzyDate, "fuzzy_date", lambda d: d.value, FuzzyDate.parse),
        _Value(Count, "count", lambda c: c.text, Count.parse),
        _Value(Changes, "changes", lambda c: [list(pair) for pair in c.items], Changes),
        _attrs_value(Record, "record"),
        _attrs_value(Source, "source", shared=True),
        _attrs_value(Place, "place", shared=True),
        _attrs_value(Actor, "actor"),
        *(_fact(cls) for cls in KINDS.values()),
    ]


# orjson writes some floats its own way (0.000035 or 1e-7 where Python's json writes 3.5e-05
# and 1e-07): an event holding a float that Python writes in exponent form, or bytes that look
# like one, is written by the library's encoder instead.
_EXPONENT = re.compile(rb"[0-9][eE][-+]?[0-9]")
_ORJSON = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def _exponent_form(data: Any) -> bool:
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else ()
    return any(isinstance(v, float) and "e" in repr(v) for v in values)


class StorylineTranscoder(JSONTranscoder):
    """The library's JSON transcoder, encoding through orjson: the same bytes, several times
    faster (tests/test_event_bytes.py compares the two over every kind of value). Anything orjson
    would write otherwise (a number past 64 bits, a float in exponent form) or cannot write goes
    through the library's encoder, so what is stored never depends on which one ran."""

    _ours = False  # Storyline's transcodings, registered on first use: reading the views needs none

    def _register_ours(self) -> None:
        if not self._ours:
            register(self)
            self._ours = True

    def decode(self, data: bytes) -> Any:
        self._register_ours()
        return super().decode(data)

    def encode(self, obj: Any) -> bytes:
        self._register_ours()
        exponents: list[bool] = []  # per call: a transcoder may serve several threads

        def value(o: Any) -> dict[str, Any]:
            encoded = self._encode_obj(o)
            if _exponent_form(encoded["_data_"]):  # a place's coordinates: the only floats
                exponents.append(True)
            return encoded

        try:
            encoded = orjson.dumps(obj, default=value, option=_ORJSON)
        except TypeError:
            return super().encode(obj)
        if exponents or _EXPONENT.search(encoded):
            return super().encode(obj)
        return encoded


def register(transcoder: JSONTranscoder) -> None:
    for transcoding in transcodings():
        transcoder.register(transcoding)
