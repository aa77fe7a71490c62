"""How solid an entry is: one grade, derived from its sources by one rule.

Each source says how far it vouches for what it says (`SourceStatus`: confirmed, reported,
claimed, disputed). An entry's grade follows from all of them, in this order:

    retracted   the entry was retracted
    disputed    a source disputes that it happened (a denial weighs more than any report)
    confirmed   a source confirms it, or two independent outlets report it
    reported    one outlet reports it (an entry recorded with no source is the recorder's own report)
    claimed     every source only claims it: a party's word alone

Headline figures count what is confirmed or reported (`SOLID`); what is claimed or disputed
is shown beside them, never added in. Sources giving different figures for something that did
happen do not make it disputed.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from .errors import InvalidValue
from .sources import Source, SourceStatus


class Grade(StrEnum):
    CONFIRMED = "confirmed"
    REPORTED = "reported"
    CLAIMED = "claimed"
    DISPUTED = "disputed"
    RETRACTED = "retracted"


SOLID = (Grade.CONFIRMED, Grade.REPORTED)
# How the terminal marks each grade: a glyph and the word, never colour alone.
GRADE_GLYPHS = {
    Grade.CONFIRMED: "✔",
    Grade.REPORTED: "•",
    Grade.CLAIMED: "?",
    Grade.DISPUTED: "✗",
    Grade.RETRACTED: "⊘",
}


def grade_of(sources: Iterable[Source], retracted: bool = False) -> Grade:
    if retracted:
        return Grade.RETRACTED
    sources = list(sources)
    statuses = {s.status for s in sources}
    if SourceStatus.DISPUTED in statuses:
        return Grade.DISPUTED
    if SourceStatus.CONFIRMED in statuses:
        return Grade.CONFIRMED
    reporting = {s.outlet.casefold() for s in sources if s.status is SourceStatus.REPORTED}
    if len(reporting) >= 2:
        return Grade.CONFIRMED
    if reporting or not sources:
        return Grade.REPORTED
    return Grade.CLAIMED


def parse_grade(value: object) -> Grade:
    try:
        return Grade(str(value).strip().lower())
    except ValueError:
        raise InvalidValue(
            "status", value, f"is not a grade (one of {', '.join(g.value for g in Grade)})"
        ) from None
