"""Where `explore` stands on the two clocks, and how a key moves it.

The occurred clock (`as_of`: the day the situation is told for) and the reported clock
(`known_at`: only what the public record had said by then; None is "now", everything known)
move by a step — a day, a week, a month, a year — to the next or previous day on which
something happens on that clock, or to a typed day. Nothing here asks the store anything: the
app asks the library (`Storyline.timeline`, `situation`, `history`) for what a position shows.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta

import attrs

from storyline.domain.dates import OPEN_FUTURE, OPEN_PAST
from storyline.projections.entries import TimelineEntry

STEPS = ("day", "week", "month", "year")
OCCURRED, REPORTED = "occurred", "reported"


def stepped(day: date, step: str, count: int) -> date:
    """`day` moved `count` steps (negative: back), kept within the calendar."""
    if step == "day":
        moved = day.toordinal() + count
    elif step == "week":
        moved = day.toordinal() + 7 * count
    else:
        months = count * (12 if step == "year" else 1)
        index = day.year * 12 + day.month - 1 + months
        year, month = divmod(index, 12)
        if not 1 <= year <= 9999:
            return date.min if count < 0 else date.max
        last = calendar.monthrange(year, month + 1)[1]
        return date(year, month + 1, min(day.day, last))
    return date.fromordinal(min(max(moved, date.min.toordinal()), date.max.toordinal()))


@attrs.frozen
class Span:
    """The days worth moving through on each clock, and the days something happens on them."""

    first: date
    last: date
    occurred_marks: tuple[date, ...]  # days an entry could begin or end on: where things change
    reported_first: date
    reported_last: date
    reported_marks: tuple[date, ...]  # days something was first reported

    @classmethod
    def of(cls, entries: Sequence[TimelineEntry], today: date, reported: Sequence[date] = ()) -> Span:
        marks: set[date] = set()
        for entry in entries:
            start, end = entry.occurred.start_ordinal, entry.occurred.end_ordinal
            if start != OPEN_PAST:
                marks.add(date.fromordinal(start))
            if end != OPEN_FUTURE:
                marks.add(date.fromordinal(end))
        days = sorted({entry.reported for entry in entries} | set(reported)) or [today]
        occurred = sorted(marks) or [today]
        return cls(occurred[0], occurred[-1], tuple(occurred), days[0], days[-1], tuple(days))


def _held(current: date, moved: date, first: date, last: date) -> date:
    """`moved` kept within first..last, but never moved the other way from `current`."""
    if moved > current:
        return max(current, min(moved, last))
    return min(current, max(moved, first))


def next_mark(marks: Sequence[date], day: date, forward: bool) -> date | None:
    """The first day in `marks` after `day` (or the last before it), if there is one."""
    if forward:
        return next((mark for mark in marks if mark > day), None)
    return next((mark for mark in reversed(marks) if mark < day), None)


@attrs.define
class ClockHands:
    as_of: date
    known_at: date | None = None  # None: now, everything the record holds
    active: str = OCCURRED  # the clock the keys move
    step: str = "month"
    grey_unreported: bool = False  # entries not yet reported: greyed (True) or hidden
    forward: bool = True  # which way play goes

    def move(self, count: int, span: Span) -> bool:
        """The active clock moved `count` steps, held within the span (a clock beyond it only
        comes back towards it, never further away); False when it was already at the end."""
        if self.active == OCCURRED:
            moved = _held(self.as_of, stepped(self.as_of, self.step, count), span.first, span.last)
            changed, self.as_of = moved != self.as_of, moved
            return changed
        current = self.known_at or span.reported_last
        moved = _held(current, stepped(current, self.step, count), span.reported_first, span.reported_last)
        was = self.known_at
        self.known_at = None if moved >= span.reported_last and count > 0 else moved
        return self.known_at != was

    def jump(self, forward: bool, span: Span) -> bool:
        """The active clock to the next (or previous) day something happens on it."""
        if self.active == OCCURRED:
            mark = next_mark(span.occurred_marks, self.as_of, forward)
            if mark is None:
                return False
            self.as_of = mark
            return True
        current = self.known_at or span.reported_last
        mark = next_mark(span.reported_marks, current, forward)
        if mark is None:
            if forward and self.known_at is not None:
                self.known_at = None  # past the last report: now
                return True
            return False
        self.known_at = mark
        return True

    def set_day(self, day: date) -> None:
        if self.active == OCCURRED:
            self.as_of = day
        else:
            self.known_at = day

    def switch(self) -> None:
        self.active = REPORTED if self.active == OCCURRED else OCCURRED

    def next_step(self) -> None:
        self.step = STEPS[(STEPS.index(self.step) + 1) % len(STEPS)]


@attrs.frozen
class Filters:
    """What the timeline is narrowed to: `kind:strike actor:Canada grade:confirmed words...`."""

    kinds: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    words: str = ""

    @classmethod
    def parse(cls, text: str) -> Filters:
        named: dict[str, list[str]] = {"kind": [], "actor": [], "grade": []}
        words: list[str] = []
        for token in _tokens(text):
            name, colon, value = token.partition(":")
            if colon and value and name in named:
                named[name].append(value)
            else:
                words.append(token)
        return cls(tuple(named["kind"]), tuple(named["actor"]), tuple(named["grade"]), " ".join(words))

    def text(self) -> str:
        parts = [f"kind:{k}" for k in self.kinds] + [f"actor:{_quoted(a)}" for a in self.actors]
        parts += [f"grade:{g}" for g in self.grades] + ([self.words] if self.words else [])
        return " ".join(parts)


def _tokens(text: str) -> list[str]:
    """Words, with "double quotes" keeping a name of several words together (actor:"Pete Hegseth")."""
    import shlex

    try:
        return shlex.split(text)
    except ValueError:  # an unclosed quote: words as typed
        return text.split()


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


def days_between(first: date, last: date) -> int:
    return max(1, (last - first).days)


def at_fraction(first: date, last: date, fraction: float) -> date:
    """The day a fraction of the way from `first` to `last` (a click on a time bar)."""
    fraction = min(max(fraction, 0.0), 1.0)
    return first + timedelta(days=round(days_between(first, last) * fraction))
