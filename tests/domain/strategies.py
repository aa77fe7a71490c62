"""Hypothesis strategies for domain values, shared by the property tests."""

from __future__ import annotations

import calendar
from datetime import date

from hypothesis import strategies as st

from storyline.domain import (
    KINDS,
    Bound,
    Count,
    FuzzyDate,
    Precision,
    Qualifier,
    Record,
    Stance,
    draft_record,
    fact_class,
)
from storyline.domain.facts import FieldSpec

FIRST_YEAR, LAST_YEAR = 1900, 2100


@st.composite
def bounds(draw: st.DrawFn, first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> Bound:
    """A year, a month of a year, or a real day."""
    year = draw(st.integers(first_year, last_year))
    grain = draw(st.sampled_from(["year", "month", "day"]))
    if grain == "year":
        return Bound(year)
    month = draw(st.integers(1, 12))
    if grain == "month":
        return Bound(year, month)
    return Bound(year, month, draw(st.integers(1, calendar.monthrange(year, month)[1])))


@st.composite
def fuzzy_dates(draw: st.DrawFn, first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> FuzzyDate:
    """A fuzzy date in one of the canonical shapes `FuzzyDate.parse` produces."""
    bound = bounds(first_year, last_year)
    precision = draw(st.sampled_from(list(Precision)))
    if precision in (Precision.DAY, Precision.MONTH, Precision.YEAR):
        point = draw(bound)
        return FuzzyDate(Precision(point.grain), point, point)
    if precision is Precision.BEFORE:
        return FuzzyDate(precision, None, draw(bound))
    if precision is Precision.AFTER:
        return FuzzyDate(precision, draw(bound), None)
    if precision is Precision.APPROXIMATE:
        point = draw(bound)
        return FuzzyDate(precision, point, point)
    low, high = draw(bound), draw(bound)
    if high.last < low.first:  # reversed: the other way round always works
        low, high = high, low
    return FuzzyDate(Precision.BETWEEN, low, high)


def days(first: date = date(FIRST_YEAR - 1, 1, 1), last: date = date(LAST_YEAR + 1, 12, 31)):
    return st.dates(min_value=first, max_value=last)


counts = st.builds(Count, st.integers(0, 10**7), st.sampled_from(list(Qualifier)))

# Text as a field keeps it: no surrounding space, never empty, and no `;` (the list separator).
_LETTERS = st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters=";")
words = st.text(_LETTERS, min_size=1, max_size=12).map(str.strip).filter(bool)
names = (
    st.sampled_from(
        ["United Kingdom", "United States", "UK", "U.S. Southern Command", "Alvin Holsey", "Pete Hegseth"]
    )
    | words
)


def _fact_value(name: str, spec: FieldSpec) -> st.SearchStrategy[object]:
    if spec.codec == "actors":
        return st.lists(names, max_size=3, unique=True)
    if spec.codec == "count":
        return st.none() | counts.map(lambda c: c.text)
    if spec.codec == "stance":
        return st.none() | st.sampled_from([s.value for s in Stance])
    pool = names if spec.codec == "actor" else words
    return pool if spec.required else st.none() | pool


# A kind each, and a development under a label of its own (its kind is the label).
record_kinds = st.sampled_from([k for k in KINDS if k != "development"] + ["ceasefire"])


@st.composite
def records(draw: st.DrawFn, kind: str, story: str = "caribbean-2025") -> Record:
    """A valid record of `kind`, with every correctable field drawn."""
    fields: dict[str, object] = {
        "kind": kind,
        "title": draw(words),
        "date": draw(fuzzy_dates(2000, 2030)).value,
        "location": draw(st.none() | words),
        "actors": draw(st.lists(names, max_size=3, unique=True)),
        "notes": draw(st.none() | words),
    }
    if draw(st.booleans()):
        fields["latitude"] = draw(st.floats(-90, 90, allow_nan=False))
        fields["longitude"] = draw(st.floats(-180, 180, allow_nan=False))
    for name, spec in fact_class(kind).specs().items():
        if name != "label":
            fields[name] = draw(_fact_value(name, spec))
    details = draw(st.dictionaries(st.sampled_from(["casualty_source", "ref", "cell"]), st.none() | words))
    return draft_record(story, fields, details=details)
