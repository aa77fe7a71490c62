"""Issue 9, item 7: one extreme value never disables reports for the whole store.

Whatever is accepted at input, every command renders: the earliest and the latest days the
calendar has (1 Jan 1 and 31 Dec 9999), and the largest count Storyline keeps, however many of
them add up. What cannot be kept (a count beyond the maximum, a number of thousands of digits)
is refused at input in one line naming the file, line, field and value.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.domain import Count, InvalidValue
from storyline.domain.counts import MAX_COUNT, Qualifier, from_flags, total

from .conftest import Run

FIXTURES = Path(__file__).parent / "fixtures"
MAX = f"{MAX_COUNT:,}"
HUGE = "9" * 5000  # past Python's 4,300-digit limit for reading an integer


def extreme_story() -> dict:
    def strike(key: str, day: str, killed: str, **more: str) -> dict:
        return {"id": key, "kind": "strike", "date": day, "title": f"Strike {key}", "by": "A",
                "killed": killed, "sources": [{"outlet": "CNN", "published": "2025-11-11"}], **more}  # fmt: skip

    return {
        "story": "extremes",
        "entries": [
            strike("first", "0001-01-01", MAX, vessels=MAX, survivors=MAX, strikes=MAX),
            strike("last", "9999-12-31", f"at least {MAX}", vessels=MAX, survivors=MAX, strikes=MAX),
            strike("year-1", "0001", f"about {MAX}"),
            strike("year-9999", "9999", f"more than {MAX}"),
            strike("before-all", "before 0001-01-02", MAX),
            strike("after-all", "after 9999-12-30", f"at most {MAX}"),
            strike("about-first", "~0001-01-08", MAX),
            strike("about-last", "~9999-12-24", MAX),
            strike("whole-calendar", "0001-01-01/9999-12-31", MAX),
            {"id": "pause", "kind": "intelligence-pause", "date": "0001/9999-12", "title": "Paused",
             "provider": "A", "recipient": "B"},
            {"id": "resumed", "kind": "intelligence-resumption", "date": "9999-12-31", "title": "Resumed",
             "provider": "A", "recipient": "B"},
            {"id": "moves", "kind": "deployment", "date": "after 9999-11", "title": "Moves", "asset": "Fleet",
             "personnel": MAX, "region": "Sea"},
            {"id": "said", "kind": "statement", "date": "0001-01", "title": "Said", "speaker": "B",
             "position": "illegal", "about": "it"},
            {"id": "offer", "kind": "resignation-offer", "date": "9999-12", "title": "Offers", "person": "C"},
        ],
    }  # fmt: skip


READS = [
    ("timeline",),
    ("timeline", "--json"),
    ("timeline", "--as-of", "0001-01-01"),
    ("timeline", "--as-of", "9999-12-31", "--known-at", "2025-11-11"),
    ("timeline", "--since", "9999-12-31"),
    ("actor", "A"),
    ("actor", "A", "--json", "--as-of", "9999-12-31"),
    ("actors",),
    ("stories",),
    ("stories", "--json"),
    ("at", "0001-01-01"),
    ("at", "9999-12-31"),
    ("at", "9999-12-31", "--json"),
    ("at", "2025-11-11", "--known-at", "2025-11-11"),
    ("diff", "0001-01-01", "9999-12-31"),
    ("diff", "0001-01-01", "9999-12-31", "--json"),
    ("diff", "9999-12-30", "9999-12-31"),
    ("replay",),
    ("replay", "--json"),
    ("replay", "--by", "year"),
    ("replay", "--by", "day", "--from", "9999-12-01"),
    ("replay", "--by", "week", "--from", "0001-01-01", "--to", "0001-03-01"),
    ("replay", "--by", "month", "--from", "9999-01-01", "--json"),
    ("lanes",),
    ("lanes", "--by", "week"),
    ("lanes", "--by", "month"),
    ("lanes", "--json"),
    ("lanes", "--as-of", "0001-01-01"),
    ("chart",),
    ("chart", "--by", "week"),
    ("chart", "--by", "year"),
    ("chart", "--json"),
    ("chart", "--as-of", "0001-01-31"),
    ("history", "last"),
    ("history", "first", "--json"),
    ("stats",),
    ("verify",),
    *(("export", "--format", fmt) for fmt in ("json", "csv", "markdown", "timelinejs", "timesketch", "html")),
    ("export", "--format", "html", "--as-of", "0001-01-01"),
    ("export", "--format", "html", "--as-of", "9999-12-31", "--known-at", "2025-11-11"),
    ("export", "--format", "timelinejs", "--group", "actor"),
]


@pytest.fixture
def extremes(cli: Run, tmp_path: Path) -> Run:
    path = tmp_path / "extremes.json"
    path.write_text(json.dumps(extreme_story(), indent=1))
    result = cli("import", str(path))
    assert result.exit_code == 0, result.stderr
    return cli


def test_every_read_command_and_export_renders_the_extremes(extremes: Run) -> None:
    failures = []
    for args in READS:
        result = extremes(*args)
        if result.exit_code != 0:
            failures.append((args, result.exit_code, result.stderr.strip()[-300:]))
    assert failures == []


def test_sums_of_maximal_counts_are_reported_not_refused(extremes: Run) -> None:
    situation = json.loads(extremes("at", "9999-12-31", "--json").stdout)
    tallies = situation["tallies"]
    # Eight strikes certain by the last day, each of the largest count, some bounds or estimates;
    # the ninth, "after 9999-12-30", only possibly: its end is open.
    assert tallies["killed"] == 8 * MAX_COUNT
    assert tallies["text"]["killed"] == f"about {8 * MAX_COUNT:,}"
    assert tallies["possible"]["killed"] == MAX_COUNT
    assert tallies["strikes"] == 2 * MAX_COUNT + 6
    chart = json.loads(extremes("chart", "--json").stdout)
    assert chart[-1]["certain"]["killed"] == 8 * MAX_COUNT


def test_the_html_report_draws_the_whole_calendar(extremes: Run) -> None:
    page = extremes("export", "--format", "html").stdout
    assert "Strike first" in page and "Strike last" in page
    assert f"{9 * MAX_COUNT:,}" in page  # the chart's top: the sum of what possibly happened


def test_a_count_is_kept_up_to_the_maximum_and_sums_go_past_it() -> None:
    assert Count.parse(MAX).value == MAX_COUNT
    big = total([Count(MAX_COUNT), Count(MAX_COUNT, Qualifier.AT_LEAST)])
    assert big == Count(2 * MAX_COUNT, Qualifier.AT_LEAST)
    assert from_flags(2**62, 1, 0, 0) == Count(2**62, Qualifier.AT_LEAST)
    # The maximum leaves room: nine million entries of it each still sum within 64 bits.
    assert 9_000_000 * MAX_COUNT < 2**63


@pytest.mark.parametrize(
    "written",
    [
        f"{MAX_COUNT + 1:,}",
        str(MAX_COUNT + 1),
        MAX_COUNT + 1,
        HUGE,
        int(HUGE[:4000]),
        f"at least {HUGE}",
        f"{HUGE}+",
    ],
)
def test_a_count_past_the_maximum_is_refused_in_one_sentence(written: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        Count.parse(written, "killed")
    assert refused.value.field == "killed"
    assert f"is more than any count Storyline keeps ({MAX})" in str(refused.value)
    assert len(str(refused.value)) < 200  # the value is cut short, not written out in full


# -- huge numbers in every way in -----------------------------------------------------------------

ACLED_HEADER = (FIXTURES / "acled_sample.csv").read_text().splitlines()[0]
UCDP_HEADER = (FIXTURES / "ucdp_sample.csv").read_text().splitlines()[0]


def _dataset_row(header: str, values: dict[str, str]) -> str:
    columns = header.split(",")
    return header + "\n" + ",".join(values.get(c, "") for c in columns) + "\n"


HUGE_FILES = {
    "story.yaml": (f"story: s\nentries:\n  - kind: strike\n    date: 2025-09-02\n    title: T\n    killed: {HUGE}\n", 6, "killed"),
    "story.json": ('{"story": "s", "entries": [\n{"kind": "strike", "date": "2025-09-02", "title": "T", "killed": ' + HUGE + "}]}", 2, "killed"),
    "rows.jsonl": ('{"kind": "strike", "date": "2025-09-02", "title": "T", "killed": ' + HUGE + "}\n", 1, "killed"),
    "rows.csv": (f"date,kind,title,killed\n2025-09-02,strike,T,{HUGE}\n", 2, "killed"),
    "acled.csv": (_dataset_row(ACLED_HEADER, {"event_id_cnty": "X1", "event_date": "2025-09-02", "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "A", "fatalities": HUGE}), 2, "fatalities"),
    "ucdp.csv": (_dataset_row(UCDP_HEADER, {"id": "1", "relid": "R", "type_of_violence": "1", "date_start": "2025-09-02", "date_end": "2025-09-02", "side_a": "A", "best": HUGE, "low": "1", "high": HUGE}), 2, "best"),
}  # fmt: skip


@pytest.mark.parametrize("name", HUGE_FILES)
def test_a_number_of_thousands_of_digits_is_refused_in_one_line(cli: Run, tmp_path: Path, name: str) -> None:
    text, line, field = HUGE_FILES[name]
    path = tmp_path / name
    path.write_text(text)
    result = cli("import", str(path))
    assert result.exit_code == 2, result.stderr[-500:]
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"{path}:{line}: {field}: " in result.stderr
    assert "more than any count Storyline keeps" in result.stderr
    assert len(result.stderr) < 400
    assert cli("stories", "--json").stdout.strip() == "[]"


def test_record_and_correct_refuse_a_huge_count_in_one_line(cli: Run) -> None:
    recorded = cli("record", "strike", "--story", "s", "--on", "2025-09-02", "--title", "T", "--killed", HUGE)
    assert recorded.exit_code == 2 and recorded.stderr.count("\n") == 1
    assert "--killed" in recorded.stderr and "more than any count" in recorded.stderr
    assert (
        cli("record", "strike", "--story", "s", "--on", "2025-09-02", "--title", "T", "--id", "t").exit_code
        == 0
    )
    corrected = cli("correct", "t", "--set", f"killed={HUGE}", "--reported", "2025-09-03")
    assert corrected.exit_code == 2 and corrected.stderr.count("\n") == 1
    assert "more than any count" in corrected.stderr and len(corrected.stderr) < 400
    assert json.loads(cli("history", "t", "--json").stdout)[-1]["version"] == 1


@pytest.mark.parametrize(
    "day", ["after 9999-12-31", "~0001-01-01", "~9999-12", "0000-12-31", "10000-01-01", "before 0001-01-01"]
)
def test_a_day_beyond_the_calendar_is_refused_at_input_in_one_line(
    cli: Run, tmp_path: Path, day: str
) -> None:
    path = tmp_path / "beyond.csv"
    path.write_text(f"date,kind,title\n{day},strike,T\n")
    result = cli("import", str(path))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert f"beyond.csv:2: date: '{day}' " in result.stderr
