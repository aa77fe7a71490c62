"""Days as people say them on a command line: `yesterday`, `last monday`, `3 October 2025`,
`2 weeks ago`, `Oct 2025`.

ISO forms (2025-10-03, 2025-10, 2025) are read as ever, silently. Anything else goes to
`dateparser` (a well-kept library for dates in natural language, English only here), in the
user's local time zone and preferring the past, and the day it was understood as is said back on
stderr, so a phrase is never silently misread. A phrase it cannot read, or one that reads as two
different days depending on the order of day and month (`03/04/2025`), is refused in one line.
The library is imported only when a phrase needs it: ISO dates cost nothing.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

import attrs

from storyline.domain.errors import InvalidValue

from .output.terminal_text import visible

EXAMPLES = "yesterday, last monday, 3 October 2025, 2 weeks ago, Oct 2025, Q3 2025"
QUARTER = re.compile(r"(?i)q(?P<q>[1-4])\s+(?P<year>\d{4})|(?P<year2>\d{4})\s+q(?P<q2>[1-4])")
RELATIVE = re.compile(r"(?i)\bago\b|\bin \d+ \w+|\bfrom now\b")


@attrs.frozen
class Understood:
    """A phrase read as a day, or as a month or year (a range: its first or last day asked for)."""

    phrase: str
    day: date
    grain: str  # day, month, quarter, year

    @property
    def period(self) -> str:
        """The month, quarter or year named: "October 2025", "Q3 2025", "2025"."""
        if self.grain == "quarter":
            return f"Q{(self.day.month - 1) // 3 + 1} {self.day.year}"
        return f"{self.day:%B %Y}" if self.grain == "month" else str(self.day.year)

    @property
    def said(self) -> str:
        """How it is said back: the exact day, and for a month or year which end of it."""
        shown = f"{self.day:%a} {self.day.day} {self.day:%b %Y}"
        return shown if self.grain == "day" else f"{self.period} ({shown})"

    def said_back(self, option: str) -> str:
        """The line on stderr that says how a phrase given to `option` was read."""
        return f"storyline: read {option} {visible(repr(self.phrase))} as {self.said}\n"


def _read(phrase: str, order: str, day_of_month: str = "first") -> tuple[datetime, str] | None:
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,  # the local day, as the user's clock shows it
            "DATE_ORDER": order,
            "PREFER_DAY_OF_MONTH": day_of_month,
        },
    )
    found = parser.get_date_data(phrase)
    if found.date_obj is None:
        return None
    return found.date_obj, found.period or "day"


def understand(phrase: str, field: str, *, end: bool = True) -> Understood:
    """The day a natural phrase names; for a month or year, its last day (`end`) or first.
    Numbers alone (25/11/2025) are not a phrase: their order differs by country, so they are
    never guessed; when they could be two days, both are named."""
    text = " ".join(phrase.split())
    if not text:
        raise InvalidValue(field, phrase, "is empty: give a date")
    quarter = QUARTER.fullmatch(text)
    if quarter:  # Q3 2025, 2025 Q3: what reports of quarterly figures say
        number, year = int(quarter["q"] or quarter["q2"]), int(quarter["year"] or quarter["year2"])
        first_month = 3 * (number - 1) + 1
        last = date(year, first_month + 2, calendar.monthrange(year, first_month + 2)[1])
        return Understood(text, last if end else date(year, first_month, 1), "quarter")
    # "3 months ago" is a day three months back, not that whole month (dateparser's period).
    relative = RELATIVE.search(text) is not None
    day_of_month = "current" if relative else "first"
    readings = {r for order in ("DMY", "MDY") if (r := _read(text, order, day_of_month)) is not None}
    if not readings:
        raise InvalidValue(field, phrase, f"is not a date (write YYYY-MM-DD, or a phrase such as {EXAMPLES})")
    days = {_day(moment, "day" if relative else period, end) for moment, period in readings}
    numeric = not any(c.isalpha() for c in text)
    if numeric and len(days) == 1:
        raise InvalidValue(field, phrase, "is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)")
    if len(days) > 1:
        shown = " or ".join(sorted(f"{d:%d %b %Y}" for d, _ in days))
        raise InvalidValue(field, phrase, f"could be {shown}: write it as YYYY-MM-DD")
    (day, grain) = days.pop()
    return Understood(text, day, grain)


def _day(moment: datetime, period: str, end: bool) -> tuple[date, str]:
    day = moment.date()
    if period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=last if end else 1), "month"
    if period == "year":
        return day.replace(month=12, day=31) if end else day.replace(month=1, day=1), "year"
    return day, "day"  # a day, or a week ago: the very day
