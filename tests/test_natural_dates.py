"""Natural dates on the command line (cli/natural_dates.py): read in the local time zone,
said back on stderr whenever the input was not ISO, refused in one line when they name no day
or two."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from storyline.cli.natural_dates import understand
from storyline.domain import InvalidValue

from .conftest import Run


def test_phrases_name_the_days_people_mean() -> None:
    today = date.today()
    assert understand("3 October 2025", "as-of").day == date(2025, 10, 3)
    assert understand("yesterday", "as-of").day == today - timedelta(days=1)
    assert understand("2 weeks ago", "as-of").day == today - timedelta(days=14)
    monday = understand("last monday", "as-of").day
    assert monday.weekday() == 0 and today - timedelta(days=7) <= monday < today


def test_a_month_or_a_year_is_its_last_day_or_its_first() -> None:
    assert understand("Oct 2025", "as-of", end=True).day == date(2025, 10, 31)
    assert understand("Oct 2025", "since", end=False).day == date(2025, 10, 1)
    assert understand("October 2025", "as-of").grain == "month"
    assert understand("3 Oct 2025", "as-of").said == "Fri 3 Oct 2025"


@pytest.mark.parametrize(
    ("phrase", "reason"),
    [
        ("03/04/2025", "could be 03 Apr 2025 or 04 Mar 2025"),
        ("the day after the strike", "is not a date"),
        ("   ", "is empty"),
    ],
)
def test_no_day_or_two_days_is_refused(phrase: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason):
        understand(phrase, "as-of")


def test_every_read_command_takes_a_phrase_and_says_back_the_day(seeded_cli: Run) -> None:
    phrase, iso = "11 November 2025", "2025-11-11"
    for args in (
        ["at", phrase],
        ["timeline", "--as-of", phrase],
        ["timeline", "--known-at", phrase],
        ["diff", "1 September 2025", phrase],
        ["changes", "1 September 2025", phrase],
    ):
        said = seeded_cli(*args, "--json")
        plain = seeded_cli(
            *[iso if a == phrase else "2025-09-01" if a == "1 September 2025" else a for a in args], "--json"
        )
        assert said.exit_code == 0, said.stderr
        assert said.stdout == plain.stdout, args  # the same answer as for the ISO day
        assert "as Tue 11 Nov 2025" in said.stderr, said.stderr
        assert plain.stderr == "", plain.stderr  # ISO is read silently


def test_recording_takes_a_phrase_and_keeps_the_day_it_named(seeded_cli: Run) -> None:
    yesterday = date.today() - timedelta(days=1)
    done = seeded_cli(
        "record",
        "strike",
        "--on",
        "yesterday",
        "--title",
        "A strike reported in words",
        "--source",
        "AP",
        "--published",
        "yesterday",
        "--story",
        "caribbean-2025",
        "--json",
    )
    assert done.exit_code == 0, done.stderr
    assert f"read --on 'yesterday' as {yesterday:%a} {yesterday.day} {yesterday:%b %Y}" in done.stderr
    entry = json.loads(seeded_cli("timeline", "--json").stdout)[-1]
    assert entry["occurred"]["value"] == yesterday.isoformat()
    assert entry["sources"][0]["published"] == yesterday.isoformat()


def test_a_fuzzy_date_is_kept_as_written_and_nothing_is_said(seeded_cli: Run) -> None:
    done = seeded_cli(
        "record",
        "strike",
        "--on",
        "before 2025-10",
        "--title",
        "An undated strike",
        "--source",
        "AP",
        "--story",
        "caribbean-2025",
    )
    assert done.exit_code == 0, done.stderr
    assert "read --on" not in done.stderr


def test_a_bad_phrase_is_one_line_and_nothing_is_recorded(seeded_cli: Run) -> None:
    before = seeded_cli("timeline", "--json").stdout
    done = seeded_cli(
        "record",
        "strike",
        "--on",
        "the day after",
        "--title",
        "Never",
        "--source",
        "AP",
        "--story",
        "caribbean-2025",
    )
    assert done.exit_code == 2
    assert len(done.stderr.splitlines()) == 1 and "--on" in done.stderr, done.stderr
    assert seeded_cli("timeline", "--json").stdout == before


def test_so_long_ago_is_a_day_not_the_whole_month_or_year_it_falls_in() -> None:
    today = date.today()
    a_year_ago = understand("1 year ago", "as-of")
    assert a_year_ago.grain == "day" and (a_year_ago.day.month, a_year_ago.day.year) == (
        today.month,
        today.year - 1,
    )
    assert abs(a_year_ago.day.day - today.day) <= 1  # 29 February aside
    months = understand("3 months ago", "as-of", end=False)
    assert months.grain == "day" and months.day.day == min(today.day, months.day.day) and months.day < today


def test_a_quarter_is_its_last_day_or_its_first() -> None:
    assert understand("Q3 2025", "as-of").day == date(2025, 9, 30)
    assert understand("q1 2025", "since", end=False).day == date(2025, 1, 1)
    assert understand("2025 Q4", "as-of").said == "Q4 2025 (Wed 31 Dec 2025)"


def test_a_month_or_quarter_on_record_is_kept_whole_and_said_so(seeded_cli: Run) -> None:
    month = seeded_cli(
        *("record", "statement", "--story", "caribbean-2025", "--on", "Oct 2025", "--title", "A"),
        *("--speaker", "US", "--id", "in-october"),
    )
    assert month.exit_code == 0 and "as October 2025, the whole month" in month.stderr
    quarter = seeded_cli(
        *("record", "statement", "--story", "caribbean-2025", "--on", "Q3 2025", "--title", "B"),
        *("--speaker", "US", "--id", "in-q3"),
    )
    assert quarter.exit_code == 0 and "as Q3 2025, the whole quarter" in quarter.stderr
    shown = {e["key"]: e["occurred"] for e in json.loads(seeded_cli("timeline", "--json").stdout)}
    assert shown["in-october"]["text"] == "Oct 2025"
    assert (shown["in-q3"]["start"], shown["in-q3"]["end"]) == ("2025-07-01", "2025-09-30")
