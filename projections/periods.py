"""Steps through time: days, weeks (ending on Sundays), months and years, as `replay`, `chart`
and `lanes` take them. Worked out in day numbers and (year, month) pairs, so a span reaching
31 Dec 9999 has a last step and no step past it."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import attrs

BY = ("day", "week", "month", "year")
# How many days a step can span, to start the last steps of a long span close to its end.
_REACH = {"day": 1, "week": 7, "month": 31, "year": 366}


@attrs.frozen
class Period:
    start: date
    end: date
    by: str

    @property
    def label(self) -> str:
        return period_label(self.start, self.end, self.by)


def period_count(start: date, end: date, by: str) -> int:
    """How many steps `period_ends` makes, counted without making them."""
    if end < start:
        return 0
    if by == "day":
        return end.toordinal() - start.toordinal() + 1
    if by == "week":
        return len(range(start.toordinal() + 6 - start.weekday(), end.toordinal(), 7)) + 1
    if by == "year":
        return end.year - start.year + 1
    return (end.year - start.year) * 12 + end.month - start.month + 1


def period_ends(start: date, end: date, by: str, last: int | None = None) -> list[date]:
    """The last day of each step from `start` to `end`; with `last`, only the last that many."""
    if last is not None and period_count(start, end, by) > last:
        # Begun close to the end: a span from the year 1 holds millions of days.
        nearer = max(start.toordinal(), end.toordinal() - _REACH[by] * (last + 1))
        return period_ends(date.fromordinal(nearer), end, by)[-last:]
    if by == "day":
        return [date.fromordinal(day) for day in range(start.toordinal(), end.toordinal() + 1)]
    if by == "week":
        sundays = range(start.toordinal() + 6 - start.weekday(), end.toordinal(), 7)
        return [*map(date.fromordinal, sundays), end] if start <= end else []
    if by == "year":
        return [min(date(year, 12, 31), end) for year in range(start.year, end.year + 1)]
    ends = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        ends.append(min(date(year, month, calendar.monthrange(year, month)[1]), end))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


def periods(start: date, end: date, by: str, last: int | None = None) -> list[Period]:
    """The steps from `start` to `end`, each from the day after the one before (the first from
    `start`, or from its own first day when only the last steps are kept)."""
    ends = period_ends(start, end, by, last=last)
    if not ends:
        return []
    first = start if len(ends) == period_count(start, end, by) else period_start(ends[0], by)
    starts = [first, *(after(e) for e in ends[:-1])]
    return [Period(s, e, by) for s, e in zip(starts, ends, strict=True)]


def period_start(end: date, by: str) -> date:
    """The first day of the step that ends on `end`."""
    if by == "week":
        return end - timedelta(days=end.weekday())  # the Monday
    if by == "month":
        return end.replace(day=1)
    if by == "year":
        return end.replace(month=1, day=1)
    return end


def after(day: date) -> date:
    """The next day, or the last day the calendar has."""
    return day if day == date.max else day + timedelta(days=1)


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def period_label(first: date, last: date, by: str) -> str:
    if by == "day":
        return day_text(last)
    if by == "month":
        return f"{last:%b %Y}"
    if by == "year":
        return f"{last:%Y}"
    return f"{day_text(first)} – {day_text(last)}"
