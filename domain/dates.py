"""Fuzzy dates: when something happened, stated no more precisely than it was known.

Reporting rarely gives a day. The seed article alone says "in August", "last month", "more than
a month ago". A `FuzzyDate` keeps what was stated (a `Bound` or two, and a `Precision`) and
derives the earliest and latest days it could have been, so that as-of questions can say
"certainly by then", "possibly by then" or "not yet".

Canonical forms (what `FuzzyDate.parse` reads and `FuzzyDate.value` writes back):

    2025-11-11            day           11 Nov 2025
    2025-08               month         Aug 2025
    2025                  year          2025
    before 2025-10-11     before        before 11 Oct 2025
    after 2025-09         after         after Sep 2025
    2025-09/2025-10-10    between       Sep – 10 Oct 2025
    ~2025-10-06           approximate   about 6 Oct 2025
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, timedelta
from enum import Enum, StrEnum

import attrs

from .errors import InvalidValue
from .memo import memoized

# Sentinels for the open ends of `before` / `after`, as ordinals. Any real day lies between.
OPEN_PAST = 0
OPEN_FUTURE = 9_999_999

_MONTHS = [calendar.month_abbr[m] for m in range(13)]
_BOUND = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_SPOKEN_BETWEEN = re.compile(r"^between\s+(\S+)\s+and\s+(\S+)$", re.IGNORECASE)
_APPROX = ("~", "about ", "circa ", "c. ", "approx. ", "approximately ")
# How far either side of a stated point "about" reaches, by the grain of the point.
_APPROX_SLACK = {"day": 7, "month": 15, "year": 90}


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    BEFORE = "before"
    AFTER = "after"
    BETWEEN = "between"
    APPROXIMATE = "approximate"


class Occurrence(Enum):
    """Whether a fuzzily dated happening had happened by the end of a given day."""

    NOT_YET = "not yet"
    POSSIBLE = "possibly"
    CERTAIN = "certainly"


@attrs.frozen(order=True, cache_hash=True)
class Bound:
    """A stated calendar point: a year, a month of a year, or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def grain(self) -> str:
        return "year" if self.month is None else "month" if self.day is None else "day"

    @property
    def first(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> date:
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, self.month, self.day)

    @property
    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def text(self) -> str:
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{_MONTHS[self.month]} {self.year}"
        return f"{self.day} {_MONTHS[self.month]} {self.year}"

    def truncated(self, grain: str) -> Bound:
        if grain == "year":
            return Bound(self.year)
        if grain == "month":
            return Bound(self.year, self.month or 1) if self.month else self
        return self

    @classmethod
    @memoized
    def parse(cls, text: str, field: str = "date") -> Bound:
        match = _BOUND.match(text.strip())
        if not match:
            raise InvalidValue(field, text, "is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        try:  # month 0 and day 0 are refused here, not taken for "none given"
            date(year, 1 if month is None else month, 1 if day is None else day)
        except ValueError as exc:
            raise InvalidValue(field, text, f"is not a date ({exc})") from None
        return cls(year, month, day)

    @classmethod
    def of(cls, day: date) -> Bound:
        return cls(day.year, day.month, day.day)


@attrs.frozen(cache_hash=True)
class FuzzyDate:
    """When something happened, as precisely as it was known and no more."""

    precision: Precision
    low: Bound | None  # stated lower bound (absent for `before`)
    high: Bound | None  # stated upper bound (absent for `after`)

    def __attrs_post_init__(self) -> None:
        try:
            earliest, latest = self.earliest, self.latest
        except OverflowError:
            raise InvalidValue("date", self.value, "reaches past the calendar (years 1 to 9999)") from None
        if earliest and latest and latest < earliest:
            raise InvalidValue("date", self.value, "ends before it starts")

    # -- the range of days it could have been -------------------------------------------

    @functools.cached_property  # asked ten times per row a catch-up writes
    def earliest(self) -> date | None:
        p, low = self.precision, self.low
        if p is Precision.BEFORE or low is None:
            return None
        if p is Precision.AFTER:
            return low.last + timedelta(days=1)
        if p is Precision.APPROXIMATE:
            return low.first - timedelta(days=_APPROX_SLACK[low.grain])
        return low.first

    @functools.cached_property
    def latest(self) -> date | None:
        p, high = self.precision, self.high
        if p is Precision.AFTER or high is None:
            return None
        if p is Precision.BEFORE:
            return high.first - timedelta(days=1)
        if p is Precision.APPROXIMATE:
            return high.last + timedelta(days=_APPROX_SLACK[high.grain])
        return high.last

    @property
    def start_ordinal(self) -> int:
        return self.earliest.toordinal() if self.earliest else OPEN_PAST

    @property
    def end_ordinal(self) -> int:
        return self.latest.toordinal() if self.latest else OPEN_FUTURE

    @property
    def sort_key(self) -> tuple[int, int]:
        """Earliest possible day, then the narrower range first.

        An open `before` has no earliest day; it sorts at its bound, where a reader
        looks for it, rather than ahead of everything.
        """
        start = self.start_ordinal if self.earliest else self.end_ordinal
        return (start, self.end_ordinal - self.start_ordinal)

    def occurrence_by(self, day: date) -> Occurrence:
        """Had it happened by the end of `day`?"""
        if self.latest is not None and self.latest <= day:
            return Occurrence.CERTAIN
        if self.earliest is None or self.earliest <= day:
            return Occurrence.POSSIBLE
        return Occurrence.NOT_YET

    def overlaps(self, since: date | None, until: date | None) -> bool:
        if since is not None and self.end_ordinal < since.toordinal():
            return False
        return not (until is not None and self.start_ordinal > until.toordinal())

    # -- how it reads ---------------------------------------------------------------------

    @property
    def value(self) -> str:
        """The canonical form, which `parse` reads back to an equal value."""
        p, low, high = self.precision, self.low, self.high
        if p is Precision.BEFORE:
            assert high is not None  # every precision states its bounds: `before` its high one
            return f"before {high.iso}"
        assert low is not None  # ... and all the others their low one
        if p is Precision.AFTER:
            return f"after {low.iso}"
        if p is Precision.APPROXIMATE:
            return f"~{low.iso}"
        if p is Precision.BETWEEN:
            assert high is not None
            return f"{low.iso}/{high.iso}"
        return low.iso

    @property
    def text(self) -> str:
        """As a reader would say it: "Aug 2025", "before 11 Oct 2025"."""
        p, low, high = self.precision, self.low, self.high
        if p is Precision.BEFORE:
            assert high is not None
            return f"before {high.text}"
        assert low is not None
        if p is Precision.AFTER:
            return f"after {low.text}"
        if p is Precision.APPROXIMATE:
            return f"about {low.text}"
        if p is Precision.BETWEEN:
            assert high is not None
            return _span_text(low, high)
        return low.text

    def __str__(self) -> str:
        return self.text

    # -- reading what people write ---------------------------------------------------------

    @classmethod
    def on(cls, day: date) -> FuzzyDate:
        bound = Bound.of(day)
        return cls(Precision.DAY, bound, bound)

    @classmethod
    @memoized
    def parse(cls, text: str, precision: str | None = None, *, field: str = "date") -> FuzzyDate:
        """Read a date as people write it, optionally with its precision stated apart.

        `precision` is the spreadsheet's `date_precision` column: blank means "read it from
        the date's own form"; otherwise it must agree with that form.
        """
        raw = text if isinstance(text, str) else str(text)
        stated = _read_form(raw.strip(), field)
        if precision is None or not str(precision).strip():
            return stated
        try:
            wanted = Precision(str(precision).strip().lower())
        except ValueError:
            raise InvalidValue(
                "date_precision",
                precision,
                f"is not a precision (one of {', '.join(p.value for p in Precision)})",
            ) from None
        return _with_precision(stated, wanted, raw, field)


def _read_form(text: str, field: str) -> FuzzyDate:
    if not text:
        raise InvalidValue(field, text, "is empty: a date is required")
    lowered = text.lower()
    spoken = _SPOKEN_BETWEEN.match(text)
    if spoken:
        return _between(spoken[1], spoken[2], field, text)
    if text.count("/") > 1:  # 02/09/2025: day and month order differ by country, so never guessed
        raise InvalidValue(
            field,
            text,
            "is not a date or a range (write YYYY-MM-DD, or START/END such as 2025-09/2025-10-10)",
        )
    if "/" in text:
        left, right = text.split("/", 1)
        return _between(left, right, field, text)
    if lowered.startswith("before "):
        return FuzzyDate(Precision.BEFORE, None, Bound.parse(text[7:], field))
    if lowered.startswith("after "):
        return FuzzyDate(Precision.AFTER, Bound.parse(text[6:], field), None)
    for prefix in _APPROX:
        if lowered.startswith(prefix):
            bound = Bound.parse(text[len(prefix) :], field)
            return FuzzyDate(Precision.APPROXIMATE, bound, bound)
    bound = Bound.parse(text, field)
    return FuzzyDate(Precision(bound.grain), bound, bound)


def _between(left: str, right: str, field: str, text: str) -> FuzzyDate:
    try:
        low, high = Bound.parse(left, field), Bound.parse(right, field)
    except InvalidValue:
        raise InvalidValue(
            field, text, "is not a range of dates (write START/END, e.g. 2025-09/2025-10-10)"
        ) from None
    if high.last < low.first:
        raise InvalidValue(field, text, "ends before it starts")
    return FuzzyDate(Precision.BETWEEN, low, high)


def _with_precision(stated: FuzzyDate, wanted: Precision, raw: str, field: str) -> FuzzyDate:
    if stated.precision is wanted:
        return stated
    point = stated.low if stated.low is not None and stated.low == stated.high else None
    if point is None or stated.precision not in (Precision.DAY, Precision.MONTH, Precision.YEAR):
        raise InvalidValue(
            field, raw, f"is written as {stated.precision.value}, but date_precision says {wanted}"
        )
    if wanted is Precision.DAY:
        raise InvalidValue(field, raw, "is not a whole day, but date_precision says day")
    if wanted in (Precision.MONTH, Precision.YEAR):
        if wanted is Precision.MONTH and point.grain == "year":
            raise InvalidValue(field, raw, "names no month, but date_precision says month")
        bound = point.truncated(wanted.value)
        return FuzzyDate(wanted, bound, bound)
    if wanted is Precision.BEFORE:
        return FuzzyDate(wanted, None, point)
    if wanted is Precision.AFTER:
        return FuzzyDate(wanted, point, None)
    if wanted is Precision.APPROXIMATE:
        return FuzzyDate(wanted, point, point)
    raise InvalidValue(field, raw, "is a single date, but date_precision says between (write START/END)")


def _span_text(low: Bound, high: Bound) -> str:
    if low.year != high.year:
        return f"{low.text} – {high.text}"
    if low.grain == high.grain == "day" and low.month == high.month:
        return f"{low.day}–{high.text}"
    left = low.text.removesuffix(f" {low.year}")
    if low.grain == "year":
        left = low.text
    return f"{left} – {high.text}"


def parse_day(text: str, field: str, *, end: bool = True) -> date:
    """A bound given on the command line (`--as-of 2025-11`): its last day, or its first."""
    bound = Bound.parse(text, field)
    return bound.last if end else bound.first
