"""The field's formats: ACLED and UCDP GED in; JSON, CSV, TimelineJS, Timesketch, Markdown and
HTML out. Fixtures are our own small files in the datasets' real column layouts."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from .conftest import Run, without_recorded
from .exporting import record_markup

FIXTURES = Path(__file__).parent / "fixtures"
ACLED = FIXTURES / "acled_sample.csv"
UCDP = FIXTURES / "ucdp_sample.csv"


def entries(cli: Run, *args: str) -> list[dict]:
    result = cli("timeline", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# -- ACLED and UCDP in ------------------------------------------------------------------------------


def test_acled_rows_map_to_kinds_fuzzy_dates_actors_and_deaths(cli: Run) -> None:
    result = cli("import", str(ACLED))
    assert result.exit_code == 0, result.stderr
    by_key = {e["key"]: e for e in entries(cli)}
    strike = by_key["VEN100"]
    assert strike["kind"] == "strike"
    assert strike["details"]["by"] == "Military Forces of the United States (2025-)"
    assert strike["details"]["killed"]["value"] == 11
    assert {p["role"] for p in strike["parties"]} == {"striking", "actor 2", "associated with actor 2"}
    assert [s["outlet"] for s in strike["sources"]] == ["Reuters", "CNN"]
    assert strike["location"] == {"name": "Caribbean Sea, Venezuela", "latitude": 12.5, "longitude": -66.8}
    protest = by_key["VEN101"]
    assert (protest["kind"], protest["occurred"]["precision"]) == ("protests", "approximate")
    assert protest["extra"]["sub_event_type"] == "Peaceful protest"
    battle = by_key["VEN102"]
    assert battle["occurred"]["text"] == "Oct 2025"  # time_precision 3: only the month is known
    at = json.loads(cli("at", "2025-12-31", "--json").stdout)
    assert at["tallies"]["killed"] == 14


def test_ucdp_intervals_sides_best_and_warnings(cli: Run) -> None:
    result = cli("import", str(UCDP))
    assert result.exit_code == 0, result.stderr
    assert "ucdp_sample.csv:4: warning: low 5, best 4, high 5" in result.stderr
    by_key = {e["key"]: e for e in entries(cli)}
    assert by_key["900002"]["occurred"]["text"] == "1–30 Apr 2025"
    assert by_key["900003"]["occurred"]["precision"] == "between"
    first = by_key["900001"]
    assert first["kind"] == "state-based-conflict"
    assert [(p["actor"], p["role"]) for p in first["parties"]] == [
        ("Government of Colombia", "side a"),
        ("ELN", "side b"),
    ]
    assert [(s["outlet"], s["published"]) for s in first["sources"]] == [
        ("El Tiempo", "2025-03-02"),
        ("Reuters", "2025-03-03"),
    ]
    assert first["extra"]["low"] == "5" and first["extra"]["high"] == "6"
    assert first["reported"] == "2025-03-02"
    assert json.loads(cli("at", "2025-12-31", "--json").stdout)["tallies"]["killed"] == 16


def test_a_revised_export_reimports_as_corrections(cli: Run, tmp_path: Path) -> None:
    cli("import", str(ACLED))
    revised = tmp_path / "acled-2025-12-01.csv"  # a new export, under a new name
    revised.write_text(ACLED.read_text().replace('fatalities.",11,', 'fatalities.",14,'))
    assert '",14,' in revised.read_text()
    result = cli("import", str(revised))
    assert "0 added, 1 corrected, 2 unchanged in story 'acled'" in result.stdout
    history = json.loads(cli("history", "VEN100", "--json").stdout)
    assert [c for c in history[1]["changes"] if c["field"] == "killed"] == [
        {"field": "killed", "from": "11", "to": "14"}
    ]


@pytest.mark.parametrize(
    ("dataset", "edit", "complaint"),
    [
        (ACLED, ("2025-09-02,2025", "2025-09-32,2025"), ":2: event_date: '2025-09-32' is not a date"),
        (
            UCDP,
            ("2025-05-12 00:00:00,", "2025-05-01 00:00:00,"),
            ":5: date_end: '2025-05-10/2025-05-01' ends before it starts",
        ),
        (
            ACLED,
            ("VEN100,2025-09-02,2025,1,", "VEN100,2025-09-02,2025,7,"),
            ":2: time_precision: '7' is not 1, 2 or 3",
        ),
        (
            UCDP,
            ("2025-03-01 00:00:00,2025-03-01", "2025-03-32 00:00:00,2025-03-01"),
            ":2: date_start: '2025-03-32 00:00:00' is not a date",
        ),
    ],
)
def test_bad_dataset_rows_are_one_line_and_append_nothing(
    cli: Run, tmp_path: Path, dataset: Path, edit: tuple[str, str], complaint: str
) -> None:
    bad = tmp_path / dataset.name
    text = dataset.read_text()
    assert edit[0] in text
    bad.write_text(text.replace(edit[0], edit[1], 1))
    result = cli("import", str(bad))
    assert result.exit_code == 2
    assert complaint in result.stderr and result.stderr.count("\n") == 1
    assert entries(cli) == []


def test_a_header_matching_no_format_is_refused(cli: Run, tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("when,what\n2025-01-01,something\n")
    result = cli("import", str(odd))
    assert result.exit_code == 2
    assert "matches no format Storyline reads" in result.stderr


# -- out ------------------------------------------------------------------------------------------------


def test_lossless_json_round_trips_timeline_history_and_report_dates(
    seeded_cli: Run, cli: Run, tmp_path: Path, store_url: str
) -> None:
    seeded_cli(
        "correct",
        "strike-toll",
        "--set",
        "killed=at least 80",
        "--reported",
        "2025-11-20",
        "--source",
        "CNN",
        "--why",
        "a later count",
    )
    seeded_cli("retract", "venezuela-irked", "--reported", "2025-11-25", "--why", "misread")
    seeded_cli("corroborate", "uk-pause", "--source", "Reuters", "--published", "2025-11-12")
    seeded_cli("correct", "uk-concern", "--set", "notes=", "--reported", "2025-11-21")
    exported = tmp_path / "all.json"
    assert seeded_cli("export", "--format", "json", "-o", str(exported)).exit_code == 0
    other = (
        str(tmp_path / "copy.db") if "://" not in store_url else store_url.replace("?schema=", "?schema=c")
    )
    copy = cli("import", str(exported), env={"STORYLINE_STORE": other})
    assert copy.exit_code == 0, copy.stderr

    def views(store: str | None, *args: str) -> object:
        # When each entry was recorded is the one thing a new store cannot share: it is its own clock.
        return without_recorded(
            json.loads(seeded_cli(*args, env={"STORYLINE_STORE": store} if store else None).stdout)
        )

    for args in (
        ["timeline", "--json"],
        ["timeline", "--json", "--known-at", "2025-11-22"],
        ["at", "2025-11-30", "--json"],
        ["actors", "--json"],
    ):
        assert views(None, *args) == views(other, *args), args

    def history(store: str | None, key: str) -> list[dict]:
        return views(store, "history", key, "--json")  # type: ignore[return-value]

    for key in ("strike-toll", "venezuela-irked", "uk-pause", "uk-concern"):
        assert history(None, key) == history(other, key)
    again = cli("import", str(exported), env={"STORYLINE_STORE": other})
    assert "0 added, 0 corrected" in again.stdout


def test_csv_export_reimports_and_neutralises_formulas(cli: Run, tmp_path: Path) -> None:
    cli("import", str(ACLED), "--story", "v")
    cli(
        "record",
        "statement",
        "--story",
        "v",
        "--on",
        "2025-11-01",
        "--title",
        '=HYPERLINK("http://evil","x")',
        "--speaker",
        "@someone",
        "--id",
        "s1",
    )
    cli(
        "record",
        "statement",
        "--story",
        "v",
        "--on",
        "2025-11-02",
        "--title=-5",
        "--speaker",
        "UN",
        "--id",
        "s2",
    )
    out = cli("export", "--format", "csv").stdout
    table = list(csv.DictReader(io.StringIO(out)))
    by_id = {row["id"]: row for row in table}
    assert by_id["s1"]["title"].startswith("'=HYPERLINK")
    assert by_id["s2"]["title"] == "-5"  # a plain number runs nothing
    assert by_id["s1"]["speaker"] == "'@someone"
    assert by_id["VEN100"]["longitude"] == "-66.8"  # numbers stay numbers
    assert by_id["VEN102"]["notes"].endswith('=HYPERLINK("http://evil")')  # not at the start: harmless
    for row in table:
        for column, cell in row.items():
            if column not in ("latitude", "longitude") and cell != "-5":
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    copy = tmp_path / "copy.csv"
    copy.write_text(out)
    other = cli("import", str(copy), "--story", "w")
    assert other.exit_code == 0, other.stderr
    assert "5 added" in other.stdout
    # Read back into the story it came from, it says nothing new: the `'` marks come off.
    again = cli("import", str(copy), "--story", "v")
    assert "0 added, 0 corrected, 5 unchanged" in again.stdout, again.stdout
    title = {e["key"]: e["title"] for e in entries(cli, "--story", "w")}["s1"]
    assert title == '=HYPERLINK("http://evil","x")'


def test_timelinejs_honours_precision_and_marks_fuzzy_dates(seeded_cli: Run) -> None:
    data = json.loads(seeded_cli("export", "--format", "timelinejs").stdout)
    events = {e["unique_id"]: e for e in data["events"]}
    iwo = events["caribbean-2025-iwo-jima-deploys"]
    assert iwo["start_date"] == {"year": 2025, "month": 8}  # month-precise: no day
    pause = events["caribbean-2025-uk-pause"]
    assert pause["start_date"] == {"year": 2025, "month": 9}
    assert pause["end_date"] == {"year": 2025, "month": 10, "day": 10}
    assert pause["display_date"] == "Sep – 10 Oct 2025"
    assert pause["group"] == "intelligence-pause"
    assert "display_date" not in events["caribbean-2025-ford-moves-in"]
    assert (
        data["eras"][0]["text"]["headline"] == "United Kingdom → United States: intelligence sharing paused"
    )
    assert data["eras"][0]["start_date"] == {"year": 2025, "month": 9, "day": 1}
    assert len(data["events"]) == 21


def test_timesketch_lines_carry_the_three_required_fields(seeded_cli: Run) -> None:
    lines = [json.loads(line) for line in seeded_cli("export", "--format", "timesketch").stdout.splitlines()]
    assert len(lines) == 21 * 3
    for line in lines:
        assert {"message", "datetime", "timestamp_desc"} <= set(line)
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", line["datetime"])
    pause = [line for line in lines if line["entry_key"] == "uk-pause"]
    assert [p["timestamp_desc"].split(" (")[0] for p in pause] == [
        "Occurred",
        "Reported",
        "Recorded in Storyline",
    ]
    assert pause[0]["datetime"].startswith("2025-09-01")


def test_markdown_is_a_chronology_with_source_links_and_escaped_text(cli: Run) -> None:
    cli(
        "record",
        "statement",
        "--story",
        "m",
        "--on",
        "2025-11-01",
        "--title",
        "# Not a heading [click](javascript:x) <b>",
        "--speaker",
        "X",
        "--source",
        "CNN",
        "--url",
        "https://example.com/a",
    )
    out = cli("export", "--format", "markdown").stdout
    assert "\\# Not a heading \\[click\\](javascript:x) \\<b\\>" in out
    assert "[CNN](<https://example.com/a>)" in out


def test_the_html_report_is_self_contained_and_escapes_record_text(seeded_cli: Run, tmp_path: Path) -> None:
    seeded_cli(
        "record",
        "statement",
        "--story",
        "caribbean-2025",
        "--on",
        "2025-11-01",
        "--title",
        "<script>alert(1)</script><img src=x onerror=alert(2)>",
        "--speaker",
        "US",
    )
    path = tmp_path / "report.html"
    assert seeded_cli("export", "--format", "html", "-o", str(path)).exit_code == 0
    page = record_markup(path.read_text())
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing fetched: the only links are sources'
    assert page.count('<li class="entry"') == 22
    assert '<svg class="lanes"' in page and '<svg class="tallies"' in page
    assert "␊" not in page  # tooltips break their lines for real: only record text is made visible


def test_an_unwritable_export_path_is_one_line_and_leaves_nothing(seeded_cli: Run, tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    for target in (tmp_path / "no-such-folder" / "out.html", a_file / "out.html", tmp_path):
        result = seeded_cli("export", "--format", "html", "-o", str(target))
        assert result.exit_code == 2, target
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("**/*.part")) and not list(tmp_path.glob("**/out.html"))


def test_lanes_and_chart_fit_the_terminal(seeded_cli: Run) -> None:
    lanes = seeded_cli("lanes", env={"COLUMNS": "80"})
    assert lanes.exit_code == 0
    assert max(len(line) for line in lanes.stdout.splitlines()) <= 80
    assert "United Kingdom" in lanes.stdout and "‖" in lanes.stdout
    assert "01 Aug 2025 – 11 Nov 2025" in lanes.stdout  # through the story's last day
    assert "Joint Interagency Tas… " in lanes.stdout  # a long name is cut visibly
    data = json.loads(seeded_cli("lanes", "--json", "--by", "month").stdout)
    assert [p[1] for p in data["periods"]] == ["2025-08-31", "2025-09-30", "2025-10-31", "2025-11-11"]
    assert data["lanes"]["United Kingdom"][1] is not None
    chart = json.loads(seeded_cli("chart", "--json").stdout)
    assert [(c["certain"]["killed"], c["possible"]["killed"]) for c in chart] == [
        (0, 0),
        (0, 76),
        (0, 76),
        (76, 0),
    ]
    yearly = json.loads(seeded_cli("chart", "--json", "--by", "year").stdout)
    assert [(c["period"], c["certain"]["killed"]) for c in yearly] == [("2025", 76)]
    text = seeded_cli("chart", env={"COLUMNS": "70"}).stdout
    assert "at least 76" in text and max(len(line) for line in text.splitlines()) <= 70


def test_a_ucdp_row_without_best_is_imported_with_a_warning(cli: Run, tmp_path: Path) -> None:
    blank = tmp_path / "ged.csv"
    text = UCDP.read_text()
    assert text.count("2,3,0,0,5,6,5,,") == 1
    blank.write_text(text.replace("2,3,0,0,5,6,5,,", "2,3,0,0,,6,5,,"))
    result = cli("import", str(blank))
    assert result.exit_code == 0
    assert "ged.csv:2: warning: best is blank: no deaths are counted for this event" in result.stderr


def test_a_pause_era_ends_only_with_a_change_of_the_same_scope(cli: Run, tmp_path: Path) -> None:
    """Issue 10: TimelineJS paired a pause with any resumption of the same provider and
    recipient, so a UK→US pause on boats ended with a resumption on cyber, while `at` still
    said boats were paused. The eras now come from the same fold as `at`."""
    story = tmp_path / "scopes.csv"
    story.write_text(
        "id,date,kind,title,provider,recipient,scope,source,reported\n"
        "base,2024-01-01,intelligence-sharing,Sharing on boats,UK,US,boats,CNN,2024-01-02\n"
        "cyber,2024-01-01,intelligence-sharing,Sharing on cyber,UK,US,cyber,CNN,2024-01-02\n"
        "pause,2025-09-10,intelligence-pause,Pause on boats,UK,US,boats,CNN,2025-09-11\n"
        "cyber-pause,2025-09-20,intelligence-pause,Pause on cyber,UK,US,cyber,CNN,2025-09-21\n"
        "cyber-back,2025-10-01,intelligence-resumption,Cyber resumes,UK,US,cyber,CNN,2025-10-02\n"
        "late,2025-11-30,protest,A later protest,,,,CNN,2025-11-30\n"
    )
    assert cli("import", str(story), "--story", "scopes").exit_code == 0
    situation = json.loads(cli("at", "2025-11-30", "--json").stdout)
    assert {r["scope"]: r["status"] for r in situation["relations"]} == {"boats": "paused", "cyber": "active"}
    eras = json.loads(cli("export", "--format", "timelinejs").stdout)["eras"]
    by_scope = {era["text"]["headline"]: era["end_date"] for era in eras}
    assert by_scope == {
        "UK → US on boats: intelligence sharing paused": {"year": 2025, "month": 11, "day": 30},
        "UK → US on cyber: intelligence sharing paused": {"year": 2025, "month": 10, "day": 1},
    }
