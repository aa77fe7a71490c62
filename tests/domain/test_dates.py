"""Fuzzy dates: reading what people write, the range of days it allows, and how it reads back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.domain import Bound, FuzzyDate, InvalidValue, Occurrence, Precision, parse_day

from .strategies import days, fuzzy_dates

CERTAIN, POSSIBLE, NOT_YET = Occurrence.CERTAIN, Occurrence.POSSIBLE, Occurrence.NOT_YET
RANK = {NOT_YET: 0, POSSIBLE: 1, CERTAIN: 2}


# -- every form: parse → precision, value, text, earliest, latest ---------------------------------

# written, precision, canonical value, text, earliest and latest possible day.
# "about" reaches 7 days either side of a day, 15 of a month, 90 of a year.
# fmt: off
FORMS = [
    ("2025-11-11", "day", "2025-11-11", "11 Nov 2025", "2025-11-11", "2025-11-11"),
    ("2025-8-5", "day", "2025-08-05", "5 Aug 2025", "2025-08-05", "2025-08-05"),
    ("2025-08", "month", "2025-08", "Aug 2025", "2025-08-01", "2025-08-31"),
    ("2024-02", "month", "2024-02", "Feb 2024", "2024-02-01", "2024-02-29"),
    ("  2025-08  ", "month", "2025-08", "Aug 2025", "2025-08-01", "2025-08-31"),
    ("2025", "year", "2025", "2025", "2025-01-01", "2025-12-31"),
    ("before 2025-10-11", "before", "before 2025-10-11", "before 11 Oct 2025", None, "2025-10-10"),
    ("Before 2025-10", "before", "before 2025-10", "before Oct 2025", None, "2025-09-30"),
    ("after 2025-09", "after", "after 2025-09", "after Sep 2025", "2025-10-01", None),
    ("after 2025-09-30", "after", "after 2025-09-30", "after 30 Sep 2025", "2025-10-01", None),
    ("2025-09/2025-10-10", "between", "2025-09/2025-10-10", "Sep – 10 Oct 2025", "2025-09-01", "2025-10-10"),
    ("2025-09 / 2025-10-10", "between", "2025-09/2025-10-10", "Sep – 10 Oct 2025", "2025-09-01", "2025-10-10"),
    ("2025-10-23/2025-10-24", "between", "2025-10-23/2025-10-24", "23–24 Oct 2025", "2025-10-23", "2025-10-24"),
    ("2025-09-28/2025-10-02", "between", "2025-09-28/2025-10-02", "28 Sep – 2 Oct 2025", "2025-09-28",
     "2025-10-02"),
    ("2024-12-30/2025-01-02", "between", "2024-12-30/2025-01-02", "30 Dec 2024 – 2 Jan 2025", "2024-12-30",
     "2025-01-02"),
    ("between 2024 and 2025-03", "between", "2024/2025-03", "2024 – Mar 2025", "2024-01-01", "2025-03-31"),
    ("Between 2025-08 AND 2025-09", "between", "2025-08/2025-09", "Aug – Sep 2025", "2025-08-01", "2025-09-30"),
    ("~2025-10-06", "approximate", "~2025-10-06", "about 6 Oct 2025", "2025-09-29", "2025-10-13"),
    ("c. 2025-10-06", "approximate", "~2025-10-06", "about 6 Oct 2025", "2025-09-29", "2025-10-13"),
    ("approximately 2025-10-06", "approximate", "~2025-10-06", "about 6 Oct 2025", "2025-09-29", "2025-10-13"),
    ("about 2025-08", "approximate", "~2025-08", "about Aug 2025", "2025-07-17", "2025-09-15"),
    ("circa 2025", "approximate", "~2025", "about 2025", "2024-10-03", "2026-03-31"),
]
# fmt: on


def _day(iso: str | None) -> date | None:
    return None if iso is None else date.fromisoformat(iso)


@pytest.mark.parametrize(("written", "precision", "value", "text", "earliest", "latest"), FORMS)
def test_each_form_parses_to_its_precision_value_text_and_range(
    written: str, precision: str, value: str, text: str, earliest: str | None, latest: str | None
) -> None:
    fuzzy = FuzzyDate.parse(written)
    assert fuzzy.precision is Precision(precision)
    assert fuzzy.value == value
    assert fuzzy.text == text
    assert str(fuzzy) == text
    assert fuzzy.earliest == _day(earliest)
    assert fuzzy.latest == _day(latest)


@pytest.mark.parametrize("written", [form[0] for form in FORMS])
def test_the_canonical_value_reads_back_to_an_equal_date(written: str) -> None:
    fuzzy = FuzzyDate.parse(written)
    assert FuzzyDate.parse(fuzzy.value) == fuzzy


def test_on_a_day_is_a_day_precision_date() -> None:
    fuzzy = FuzzyDate.on(date(2025, 11, 11))
    assert fuzzy == FuzzyDate.parse("2025-11-11")
    assert fuzzy.precision is Precision.DAY


def test_open_ends_use_the_sentinel_ordinals() -> None:
    before = FuzzyDate.parse("before 2025-10-11")
    after = FuzzyDate.parse("after 2025-09")
    assert before.start_ordinal == 0
    assert before.end_ordinal == date(2025, 10, 10).toordinal()
    assert after.start_ordinal == date(2025, 10, 1).toordinal()
    assert after.end_ordinal > date.max.toordinal()


# -- occurrence by the end of a day ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "day", "expected"),
    [
        # a day: not yet the day before, certain on the day itself
        ("2025-11-11", date(2025, 11, 10), NOT_YET),
        ("2025-11-11", date(2025, 11, 11), CERTAIN),
        ("2025-11-11", date(2025, 11, 12), CERTAIN),
        # a month: possible from its first day, certain only from its last
        ("2025-08", date(2025, 7, 31), NOT_YET),
        ("2025-08", date(2025, 8, 1), POSSIBLE),
        ("2025-08", date(2025, 8, 30), POSSIBLE),
        ("2025-08", date(2025, 8, 31), CERTAIN),
        # a year
        ("2025", date(2024, 12, 31), NOT_YET),
        ("2025", date(2025, 1, 1), POSSIBLE),
        ("2025", date(2025, 12, 31), CERTAIN),
        # before: always possible, certain from the day before its bound
        ("before 2025-10-11", date(1990, 1, 1), POSSIBLE),
        ("before 2025-10-11", date(2025, 10, 9), POSSIBLE),
        ("before 2025-10-11", date(2025, 10, 10), CERTAIN),
        ("before 2025-10-11", date(2025, 10, 11), CERTAIN),
        # after: not yet until the day after its bound, never certain
        ("after 2025-09", date(2025, 9, 30), NOT_YET),
        ("after 2025-09", date(2025, 10, 1), POSSIBLE),
        ("after 2025-09", date(2099, 1, 1), POSSIBLE),
        # between
        ("2025-09/2025-10-10", date(2025, 8, 31), NOT_YET),
        ("2025-09/2025-10-10", date(2025, 9, 1), POSSIBLE),
        ("2025-09/2025-10-10", date(2025, 10, 9), POSSIBLE),
        ("2025-09/2025-10-10", date(2025, 10, 10), CERTAIN),
        # approximately: a week either side of a day
        ("~2025-10-06", date(2025, 9, 28), NOT_YET),
        ("~2025-10-06", date(2025, 9, 29), POSSIBLE),
        ("~2025-10-06", date(2025, 10, 12), POSSIBLE),
        ("~2025-10-06", date(2025, 10, 13), CERTAIN),
    ],
)
def test_occurrence_by_the_end_of_a_boundary_day(written: str, day: date, expected: Occurrence) -> None:
    assert FuzzyDate.parse(written).occurrence_by(day) is expected


# -- the date_precision column ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "precision", "value"),
    [
        ("2025-08", "month", "2025-08"),  # agrees
        ("2025-08-15", "day", "2025-08-15"),
        ("before 2025-10-11", "before", "before 2025-10-11"),
        ("2025-09/2025-10-10", "between", "2025-09/2025-10-10"),
        ("~2025-10-06", "approximate", "~2025-10-06"),
        ("2025-08", " Month ", "2025-08"),  # case and space do not matter
        ("2025-08", "", "2025-08"),  # blank: read it from the form
        ("2025-08", "   ", "2025-08"),
        ("2025-08", None, "2025-08"),
        ("2025-08-15", "month", "2025-08"),  # a day stated more loosely: truncated
        ("2025-08-15", "year", "2025"),
        ("2025-08", "year", "2025"),
        ("2025-08-15", "before", "before 2025-08-15"),
        ("2025-08", "after", "after 2025-08"),
        ("2025-10-06", "approximate", "~2025-10-06"),
        ("2025", "approximate", "~2025"),
    ],
)
def test_date_precision_that_agrees_or_loosens_is_applied(
    written: str, precision: str | None, value: str
) -> None:
    fuzzy = FuzzyDate.parse(written, precision)
    assert fuzzy.value == value
    assert FuzzyDate.parse(fuzzy.value) == fuzzy


@pytest.mark.parametrize(
    ("written", "precision", "complaint"),
    [
        ("2025-08", "day", "is not a whole day, but date_precision says day"),
        ("2025", "month", "names no month, but date_precision says month"),
        ("2025-08-15", "between", "is a single date, but date_precision says between (write START/END)"),
        ("before 2025-10-11", "day", "is written as before, but date_precision says day"),
        ("2025-09/2025-10-10", "month", "is written as between, but date_precision says month"),
        ("~2025-10-06", "before", "is written as approximate, but date_precision says before"),
    ],
)
def test_date_precision_that_disagrees_is_refused_naming_the_date(
    written: str, precision: str, complaint: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        FuzzyDate.parse(written, precision, field="occurred")
    assert caught.value.field == "occurred"
    assert caught.value.value == written
    assert caught.value.reason == complaint


def test_an_unknown_precision_names_the_date_precision_field() -> None:
    with pytest.raises(InvalidValue) as caught:
        FuzzyDate.parse("2025-08", "fortnight")
    assert caught.value.field == "date_precision"
    assert caught.value.value == "fortnight"
    assert str(caught.value) == (
        "date_precision: 'fortnight' is not a precision "
        "(one of day, month, year, before, after, between, approximate)"
    )


# -- what is refused ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value", "reason_starts"),
    [
        ("2025-13-40", "2025-13-40", "is not a date (month must be in 1..12)"),
        ("2025-02-30", "2025-02-30", "is not a date (day is out of range for month)"),
        ("2025-02-29", "2025-02-29", "is not a date (day is out of range for month)"),
        ("2025-13", "2025-13", "is not a date (month must be in 1..12)"),
        ("0000", "0000", "is not a date (year 0 is out of range)"),
        ("last month", "last month", "is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)"),
        ("25-08", "25-08", "is not a date (write"),
        ("2025-08-15T10:00", "2025-08-15T10:00", "is not a date (write"),
        ("before", "before", "is not a date (write"),
        ("before 2025-02-30", "2025-02-30", "is not a date (day is out of range"),
        ("~2025-13", "2025-13", "is not a date (month must be in 1..12)"),
        ("2025-10/2025-09", "2025-10/2025-09", "ends before it starts"),
        ("2025-10-11/2025-10-10", "2025-10-11/2025-10-10", "ends before it starts"),
        ("between 2025-10 and 2025-09", "between 2025-10 and 2025-09", "ends before it starts"),
        ("02/09/2025", "02/09/2025", "is not a date or a range (write YYYY-MM-DD, or START/END"),
        ("", "", "is empty: a date is required"),
        ("   ", "", "is empty: a date is required"),
    ],
)
def test_bad_dates_are_refused_naming_field_and_value(written: str, value: str, reason_starts: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        FuzzyDate.parse(written)
    assert caught.value.field == "date"
    assert caught.value.value == value
    assert caught.value.reason.startswith(reason_starts)


def test_the_field_name_is_the_callers() -> None:
    with pytest.raises(InvalidValue) as caught:
        FuzzyDate.parse("2025-02-30", field="sources[1].published")
    assert caught.value.field == "sources[1].published"
    assert str(caught.value).startswith("sources[1].published: '2025-02-30' is not a date")


def test_a_reversed_range_built_directly_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        FuzzyDate(Precision.BETWEEN, Bound(2025, 10), Bound(2025, 9))
    assert caught.value.field == "date"
    assert caught.value.value == "2025-10/2025-09"
    assert caught.value.reason == "ends before it starts"


@pytest.mark.parametrize(
    "written", ["after 9999", "after 9999-12-31", "before 0001-01-01", "~0001-01-01", "~9999"]
)
def test_dates_at_the_edge_of_the_calendar_are_refused_as_invalid_values(written: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        FuzzyDate.parse(written)
    assert caught.value.field == "date"


@pytest.mark.parametrize("written", ["2025-10/", "/2025-10", "11/11/2025"])
def test_a_malformed_range_names_what_was_written(written: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        FuzzyDate.parse(written)
    assert caught.value.value == written


# -- sorting --------------------------------------------------------------------------------------


def test_sort_key_orders_by_earliest_day_then_narrower_first() -> None:
    written = [
        "2025",  # 1 Jan 2025, a year wide
        "after 2025-09",  # 1 Oct, open
        "2025-10",  # 1 Oct, a month wide
        "2025-10-01",  # 1 Oct, one day
        "2025-01",  # 1 Jan, a month wide
        "before 2025-10-11",  # open: sorts at its bound (10 Oct), after what starts that day
        "2025-10-10",
        "2025-10-11",
        "~2025-10-06",  # 29 Sep
        "2025-09/2025-10-10",  # 1 Sep
        "2024-12-31",
    ]
    ordered = sorted(written, key=lambda text: FuzzyDate.parse(text).sort_key)
    assert ordered == [
        "2024-12-31",
        "2025-01",
        "2025",
        "2025-09/2025-10-10",
        "~2025-10-06",
        "2025-10-01",
        "2025-10",
        "after 2025-09",
        "2025-10-10",
        "before 2025-10-11",
        "2025-10-11",
    ]


def test_an_open_before_does_not_sort_ahead_of_everything() -> None:
    assert FuzzyDate.parse("2025-01-01").sort_key < FuzzyDate.parse("before 2025-10-11").sort_key
    assert FuzzyDate.parse("before 2025-10-11").sort_key < FuzzyDate.parse("2025-10-11").sort_key


# -- overlaps -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "since", "until", "expected"),
    [
        ("2025-08", date(2025, 8, 31), None, True),
        ("2025-08", date(2025, 9, 1), None, False),
        ("2025-08", None, date(2025, 8, 1), True),
        ("2025-08", None, date(2025, 7, 31), False),
        ("2025-08", None, None, True),
        ("before 2025-10-11", date(2025, 10, 10), None, True),
        ("before 2025-10-11", date(2025, 10, 11), None, False),
        ("before 2025-10-11", None, date(1900, 1, 1), True),
        ("after 2025-09", None, date(2025, 9, 30), False),
        ("after 2025-09", date(2099, 1, 1), None, True),
    ],
)
def test_overlaps_a_period(written: str, since: date | None, until: date | None, expected: bool) -> None:
    assert FuzzyDate.parse(written).overlaps(since, until) is expected


# -- parse_day (command-line bounds) -------------------------------------------------------------


def test_parse_day_gives_the_last_or_first_day_of_a_bound() -> None:
    assert parse_day("2025-11", "as-of") == date(2025, 11, 30)
    assert parse_day("2025-11", "as-of", end=False) == date(2025, 11, 1)
    assert parse_day("2024", "as-of") == date(2024, 12, 31)
    assert parse_day("2025-11-11", "as-of", end=False) == date(2025, 11, 11)


def test_parse_day_names_its_field() -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_day("yesterday", "known-at")
    assert (caught.value.field, caught.value.value) == ("known-at", "yesterday")


# -- properties -----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(fuzzy_dates())
def test_property_the_canonical_value_round_trips(fuzzy: FuzzyDate) -> None:
    assert FuzzyDate.parse(fuzzy.value) == fuzzy
    assert FuzzyDate.parse(fuzzy.value).text == fuzzy.text


@settings(max_examples=200, deadline=None)
@given(fuzzy_dates())
def test_property_earliest_is_never_after_latest(fuzzy: FuzzyDate) -> None:
    if fuzzy.earliest is not None and fuzzy.latest is not None:
        assert fuzzy.earliest <= fuzzy.latest
    assert fuzzy.start_ordinal <= fuzzy.end_ordinal
    assert (fuzzy.earliest is None) == (fuzzy.precision is Precision.BEFORE)
    assert (fuzzy.latest is None) == (fuzzy.precision is Precision.AFTER)


@settings(max_examples=200, deadline=None)
@given(fuzzy_dates(), st.lists(days(), max_size=8))
def test_property_occurrence_never_goes_back_as_days_pass(fuzzy: FuzzyDate, some_days: list[date]) -> None:
    probes = set(some_days)
    for edge in (fuzzy.earliest, fuzzy.latest):  # the days where the answer changes, and either side
        if edge is not None:
            probes |= {edge - timedelta(days=1), edge, edge + timedelta(days=1)}
    ranks = [RANK[fuzzy.occurrence_by(day)] for day in sorted(probes)]
    assert ranks == sorted(ranks)


@settings(max_examples=200, deadline=None)
@given(fuzzy_dates(), days())
def test_property_occurrence_is_certain_from_latest_and_impossible_before_earliest(
    fuzzy: FuzzyDate, day: date
) -> None:
    occurrence = fuzzy.occurrence_by(day)
    assert (occurrence is CERTAIN) == (fuzzy.latest is not None and day >= fuzzy.latest)
    assert (occurrence is NOT_YET) == (fuzzy.earliest is not None and day < fuzzy.earliest)


WINDOW = (date(2018, 1, 1), date(2030, 12, 31))


@st.composite
def date_and_period(draw: st.DrawFn) -> tuple[FuzzyDate, date | None, date | None]:
    """A date, and a period whose ends are often right at (or one day off) its range's ends."""
    fuzzy = draw(fuzzy_dates(2021, 2026))
    edges = [
        edge + timedelta(days=shift)
        for edge in (fuzzy.earliest, fuzzy.latest)
        if edge is not None
        for shift in (-1, 0, 1)
    ]
    end = st.none() | days(*WINDOW) | st.sampled_from(edges)
    since, until = draw(end), draw(end)
    if since is not None and until is not None and since > until:
        since, until = until, since
    return fuzzy, since, until


@settings(max_examples=200, deadline=None)
@given(date_and_period())
def test_property_overlaps_agrees_with_a_day_by_day_check(
    drawn: tuple[FuzzyDate, date | None, date | None],
) -> None:
    fuzzy, since, until = drawn
    # Every date drawn lies well inside WINDOW (open ends reach past it), so walking the
    # window's days answers exactly whether some possible day lies in [since, until].
    first, last = since or WINDOW[0], until or WINDOW[1]
    possible = (
        (fuzzy.earliest is None or fuzzy.earliest <= day) and (fuzzy.latest is None or day <= fuzzy.latest)
        for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
    )
    assert fuzzy.overlaps(since, until) == any(possible)


@settings(max_examples=200, deadline=None)
@given(fuzzy_dates(), fuzzy_dates())
def test_property_sort_key_puts_the_earlier_possible_start_first(a: FuzzyDate, b: FuzzyDate) -> None:
    if a.earliest is not None and b.earliest is not None and a.earliest != b.earliest:
        assert (a.sort_key < b.sort_key) == (a.earliest < b.earliest)
    if a.earliest is not None and a.earliest == b.earliest and a.latest != b.latest:
        a_width = a.end_ordinal - a.start_ordinal
        b_width = b.end_ordinal - b.start_ordinal
        assert (a.sort_key < b.sort_key) == (a_width < b_width)


@pytest.mark.parametrize("written", ["2025-0", "2025-00", "2025-05-00", "2025-00-01"])
def test_month_and_day_zero_are_not_dates(written: str) -> None:
    # Found by fuzzing the importers: 0 was once taken for "no month given".
    with pytest.raises(InvalidValue) as caught:
        FuzzyDate.parse(written)
    assert caught.value.value == written
