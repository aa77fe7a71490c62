"""Counts as reported: "at least 76 killed", "more than 4,500 sailors and Marines".

A reported figure is often a floor or an estimate. `Count` keeps the number and how it was
qualified, so tallies can say "at least 76" instead of pretending to know exactly 76.
"""

from __future__ import annotations

import re
from enum import StrEnum

import attrs

from .errors import InvalidValue
from .memo import memoized


class Qualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at least"
    MORE_THAN = "more than"
    ABOUT = "about"
    AT_MOST = "at most"
    FEWER_THAN = "fewer than"


_LOWER = {Qualifier.AT_LEAST, Qualifier.MORE_THAN}
_UPPER = {Qualifier.AT_MOST, Qualifier.FEWER_THAN}
_SPOKEN = [
    (Qualifier.AT_LEAST, ("at least ", ">=", "≥")),
    (Qualifier.MORE_THAN, ("more than ", "over ", ">")),
    (Qualifier.AT_MOST, ("at most ", "up to ", "<=", "≤")),
    (Qualifier.FEWER_THAN, ("fewer than ", "less than ", "<")),
    (Qualifier.ABOUT, ("about ", "around ", "approximately ", "some ", "~", "c. ")),
]
# The largest single count Storyline keeps: far beyond any toll, fleet or force ever reported, yet
# small enough that nine million entries of it still sum within the databases' 64-bit integers.
# A sum is never held to it: totals of many counts are Counts too, as large as they come.
MAX_COUNT = 10**12
_MAX_DIGITS = len(str(MAX_COUNT))
_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")


def _shown(raw: object) -> object:
    """A refused value as a complaint quotes it: a number of thousands of digits cut short."""
    if isinstance(raw, int) and raw.bit_length() > 10_000:  # str() itself refuses such an int
        return f"a number of about {int(raw.bit_length() * 0.30103):,} digits"
    text = str(raw)
    return raw if len(text) <= 40 else f"{text[:20]}… ({len(text):,} characters)"


def _too_many(field: str, raw: object) -> InvalidValue:
    return InvalidValue(field, _shown(raw), f"is more than any count Storyline keeps ({MAX_COUNT:,})")


@attrs.frozen(cache_hash=True)
class Count:
    value: int = attrs.field()
    qualifier: Qualifier = Qualifier.EXACT

    @value.validator
    def _non_negative(self, attribute: attrs.Attribute[int], value: int) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise InvalidValue("count", value, "is not a whole number of zero or more")

    @property
    def text(self) -> str:
        number = f"{self.value:,}"
        return number if self.qualifier is Qualifier.EXACT else f"{self.qualifier} {number}"

    def __str__(self) -> str:
        return self.text

    def __add__(self, other: Count) -> Count:
        return Count(self.value + other.value, _combined(self.qualifier, other.qualifier))

    @classmethod
    @memoized
    def parse(cls, raw: object, field: str = "count") -> Count:
        """Read "76", "at least 76", "76+", "4,500", "about 30"; refuse "-3" and "many", and
        a count past MAX_COUNT, which no report gives and no sum could be trusted with."""
        if isinstance(raw, Count):
            return raw
        if isinstance(raw, bool):
            raise InvalidValue(field, raw, "is not a count")
        if isinstance(raw, int):
            if raw < 0:
                raise InvalidValue(field, _shown(raw), "is negative: a count is zero or more")
            if raw > MAX_COUNT:
                raise _too_many(field, raw)
            return cls(raw)
        text = str(raw).strip()
        qualifier = Qualifier.EXACT
        lowered = text.lower()
        if lowered.endswith("+"):
            qualifier, lowered = Qualifier.AT_LEAST, lowered[:-1].strip()
        else:
            for candidate, prefixes in _SPOKEN:
                prefix = next((p for p in prefixes if lowered.startswith(p)), None)
                if prefix:
                    qualifier, lowered = candidate, lowered[len(prefix) :].strip()
                    break
        if lowered.startswith("-") and lowered[1:].strip().replace(",", "").isdigit():
            raise InvalidValue(field, _shown(raw), "is negative: a count is zero or more")
        if not _NUMBER.match(lowered):
            raise InvalidValue(field, _shown(raw), 'is not a count (write 76, "at least 76" or "76+")')
        digits = lowered.replace(",", "").lstrip("0") or "0"
        # Counted before int() is asked: Python refuses to read more than 4,300 digits.
        if len(digits) > _MAX_DIGITS or int(digits) > MAX_COUNT:
            raise _too_many(field, raw)
        return cls(int(digits), qualifier)


def _combined(a: Qualifier, b: Qualifier) -> Qualifier:
    """The qualifier of a sum: bounds on the same side stay bounds (a sum of "more than"s is
    "at least"); anything else is "about"."""
    if Qualifier.EXACT in (a, b):
        other = b if a is Qualifier.EXACT else a
        return Qualifier.AT_LEAST if other in _LOWER else Qualifier.AT_MOST if other in _UPPER else other
    if a is b and a is Qualifier.ABOUT:
        return a
    if {a, b} <= _LOWER:
        return Qualifier.AT_LEAST
    if {a, b} <= _UPPER:
        return Qualifier.AT_MOST
    return Qualifier.ABOUT


def total(counts: list[Count]) -> Count:
    result = Count(0)
    for count in counts:
        result = result + count
    return result


def bound_flags(count: Count) -> tuple[int, int, int]:
    """(lower bound, upper bound, approximate) as 0/1: what a sum needs to know of a count."""
    q = count.qualifier
    return (int(q in _LOWER), int(q in _UPPER), int(q is Qualifier.ABOUT))


def from_flags(value: int, lower: int, upper: int, about: int) -> Count:
    """A sum of counts from its value and how many of its parts were bounds or estimates:
    the same qualifier `total` gives, computed from tallies kept in a database."""
    if about or (lower and upper):
        qualifier = Qualifier.ABOUT
    elif lower:
        qualifier = Qualifier.AT_LEAST
    elif upper:
        qualifier = Qualifier.AT_MOST
    else:
        qualifier = Qualifier.EXACT
    return Count(value, qualifier)
