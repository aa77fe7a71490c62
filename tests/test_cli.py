"""The command line, through click's runner, against a real store on each backend."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.cli.environment import Environment
from storyline.cli.main import Invocation, main

from .conftest import Run

ENTRY_FIELDS = {"id", "story", "kind", "title", "occurred", "actors", "sources", "details", "status"}


def test_timeline_shows_the_bundled_story_with_glyphs_and_sources(seeded_cli: Run) -> None:
    result = seeded_cli("timeline")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "caribbean-2025" in out and "21 entries" in out
    assert "‖ intelligence-pause" in out
    assert "✹ strike" in out
    assert "Sep – 10 Oct 2025" in out
    assert "sources familiar with the matter told CNN" in out
    when = [line.split("  ")[0] for line in out.splitlines() if line[:1].strip()][1:]
    assert when[0] == "before 2024" and when[1] == "Aug 2025" and when[-1] == "11 Nov 2025"
    assert "\x1b[" not in out  # no colour when piped


def test_timeline_json_has_the_documented_fields(seeded_cli: Run) -> None:
    entries = json.loads(seeded_cli("timeline", "--json").stdout)
    assert len(entries) == 21
    for entry in entries:
        assert set(entry) >= ENTRY_FIELDS
        assert set(entry["occurred"]) >= {"start", "end", "precision", "text"}
        assert all(set(s) >= {"outlet", "url", "published"} for s in entry["sources"])
    toll = next(e for e in entries if e["key"] == "strike-toll")
    assert toll["details"]["killed"] == {"value": 76, "qualifier": "at least", "text": "at least 76"}
    assert toll["occurred"] == {
        "start": "2025-09-01",
        "end": "2025-11-11",
        "precision": "between",
        "text": "Sep – 11 Nov 2025",
        "value": "2025-09/2025-11-11",
    }


def test_timeline_filters_by_actor_kind_and_dates(seeded_cli: Run) -> None:
    by_actor = json.loads(seeded_cli("timeline", "--actor", "Britain", "--json").stdout)
    assert {e["key"] for e in by_actor} == {
        "uk-shares-intelligence",
        "uk-concern",
        "uk-pause",
        "uk-agrees-with-turk",
    }
    by_kind = json.loads(seeded_cli("timeline", "--kind", "deployment", "--json").stdout)
    assert [e["key"] for e in by_kind] == ["iwo-jima-deploys", "destroyers-operating", "ford-moves-in"]
    in_october = json.loads(
        seeded_cli("timeline", "--since", "2025-10-01", "--until", "2025-10-31", "--json").stdout
    )
    assert "turk-statement" in {e["key"] for e in in_october}
    assert "iwo-jima-deploys" not in {e["key"] for e in in_october}


def test_oneline_with_notes_is_refused_not_dropped(seeded_cli: Run) -> None:
    result = seeded_cli("timeline", "--oneline", "--notes")
    assert result.exit_code == 2 and result.stdout == "" and result.stderr.count("\n") == 1
    assert "--oneline shows one line an entry, without notes" in result.stderr


def test_actor_accepts_alias_part_and_reports_ambiguity(seeded_cli: Run) -> None:
    assert "United Kingdom" in seeded_cli("actor", "britain").stdout.splitlines()[0]
    holsey = seeded_cli("actor", "HOLSEY")
    assert holsey.exit_code == 0
    assert "U.S. Southern Command → Department of Defense → United States" in holsey.stdout
    ambiguous = seeded_cli("actor", "united")
    assert ambiguous.exit_code == 2
    assert ambiguous.stderr.count("\n") == 1
    assert "United Kingdom, United Nations, United States" in ambiguous.stderr
    missing = seeded_cli("actor", "Atlantis")
    assert missing.exit_code == 2 and "no actor matches 'Atlantis'" in missing.stderr


def test_actor_view_shows_current_relations(seeded_cli: Run) -> None:
    out = seeded_cli("actor", "UK").stdout
    assert "United Kingdom → United States" in out
    assert "paused" in out
    data = json.loads(seeded_cli("actor", "UK", "--json").stdout)
    assert data["relations"][0]["status"] == "paused"
    assert data["relations"][0]["since"]["text"] == "Sep – 10 Oct 2025"
    assert {e["role"] for e in data["entries"]} == {"provider", "speaker"}


def test_actors_and_stories_list_counts(seeded_cli: Run) -> None:
    actors = json.loads(seeded_cli("actors", "--json").stdout)
    by_name = {a["name"]: a for a in actors}
    assert by_name["United Kingdom"]["entries"] == 4
    assert by_name["Alvin Holsey"]["part_of"][0] == "U.S. Southern Command"
    stories = json.loads(seeded_cli("stories", "--json").stdout)
    assert stories == [
        {
            "story": "caribbean-2025",
            "title": "UK halts intelligence sharing with the US over lethal boat strikes in the Caribbean",
            "description": None,
            "entries": 21,
            "first": stories[0]["first"],
            "last": stories[0]["last"],
            "kinds": stories[0]["kinds"],
        }
    ]
    assert stories[0]["first"]["text"] == "before 2024"
    assert stories[0]["last"]["text"] == "11 Nov 2025"  # the latest day, said as precisely as known
    assert stories[0]["kinds"]["statement"] == 8


def test_record_appends_one_entry_that_the_timeline_shows(seeded_cli: Run) -> None:
    result = seeded_cli(
        "record",
        "strike",
        "--on",
        "2025-09-02",
        "--title",
        "Strike on a boat off Venezuela",
        "--actor",
        "US",
        "--source",
        "CNN",
        "--published",
        "2025-09-03",
        "--killed",
        "11",
        "--story",
        "caribbean-2025",
        "--id",
        "first-strike",
    )
    assert result.exit_code == 0, result.stderr
    entries = json.loads(seeded_cli("timeline", "--kind", "strike", "--json").stdout)
    first = next(e for e in entries if e["key"] == "first-strike")
    assert first["actors"] == ["United States"]
    assert first["details"]["killed"]["value"] == 11
    assert first["sources"][0]["published"] == "2025-09-03"


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["--on", "2025-13-40"], "--on: '2025-13-40' is not a date"),
        (["--on", "2025-09-02", "--killed", "-3"], "--killed: '-3' is negative"),
        (["--on", "2025-10-11/2025-09-01"], "ends before it starts"),
        (["--on", "2025-09", "--precision", "weekly"], "'weekly' is not a precision"),
    ],
)
def test_bad_records_are_one_line_and_append_nothing(
    seeded_cli: Run, args: list[str], complaint: str
) -> None:
    before = seeded_cli("timeline", "--json").stdout
    result = seeded_cli("record", "strike", "--title", "x", "--story", "caribbean-2025", *args)
    assert result.exit_code == 2
    assert complaint in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert seeded_cli("timeline", "--json").stdout == before


def test_an_id_that_is_the_start_of_another_entrys_id_is_refused(seeded_cli: Run, tmp_path: Path) -> None:
    """Messages show an entry's id by its first 8 characters; a user's id equal to those would
    take the entry's place in every reference by its short id (a key is matched first)."""
    entry = json.loads(seeded_cli("timeline", "--json", "id,key").stdout)[0]
    short = entry["id"][:8]
    before = seeded_cli("timeline", "--json").stdout
    strike = ("record", "strike", "--story", "caribbean-2025", "--on", "2025-11-01", "--title", "A strike")
    refused = seeded_cli(*strike, "--id", short.upper())
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert f"is the start of the id of caribbean-2025/{entry['key']}" in refused.stderr
    rows = tmp_path / "rows.csv"
    rows.write_text(f"id,date,kind,title\n{short},2025-11-02,strike,From a file\n")
    imported = seeded_cli("import", str(rows), "--story", "caribbean-2025")
    assert imported.exit_code == 2 and f"{rows}:2: id: '{short}' is the start of the id of" in imported.stderr
    assert seeded_cli("timeline", "--json").stdout == before
    assert seeded_cli("history", short).stdout.startswith(f"caribbean-2025/{entry['key']} ")
    assert seeded_cli(*strike, "--id", f"{short}-mine").exit_code == 0  # not an id's start: taken


def test_record_never_takes_a_second_happening_for_a_correction_of_the_first(cli: Run) -> None:
    strike = ("record", "strike", "--story", "boats", "--on", "2025-09-02", "--title", "Strike on a boat")
    strike += ("--by", "United States")
    assert cli(*strike, "--killed", "11").exit_code == 0
    assert "Already recorded" in cli(*strike, "--killed", "11").stdout  # the same again: one entry
    another = cli(*strike, "--killed", "3")
    assert another.exit_code == 2
    assert "an entry of this kind, day and title exists" in another.stderr and "give --id" in another.stderr
    assert cli(*strike, "--killed", "3", "--id", "second").exit_code == 0
    taken = cli(*strike, "--killed", "4", "--id", "second")
    assert taken.exit_code == 2 and "storyline correct second" in taken.stderr
    killed = sorted(e["details"]["killed"]["value"] for e in json.loads(cli("timeline", "--json").stdout))
    assert killed == [3, 11]


def test_likely_typos_are_named(seeded_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "typos.csv"
    path.write_text(
        "date,kind,title,actors\n2025-11-20,statment,A statement,Untied States\n"
        "2025-11-21,protest,A protest,Protesters\n"
    )
    result = seeded_cli("import", str(path), "--story", "caribbean-2025")
    assert result.exit_code == 0  # recorded all the same: a label of one's own is allowed
    assert result.stderr.splitlines() == [
        f"storyline: {path}:2: warning: kind 'statment' is new (did you mean statement?)",
        f"storyline: {path}:2: warning: actor 'Untied States' is new (did you mean 'United States'?)",
    ]
    missed = seeded_cli("actor", "Holsy")
    assert missed.exit_code == 2
    assert missed.stderr == "storyline: error: no actor matches 'Holsy' (did you mean 'Alvin Holsey'?)\n"
    refused = seeded_cli("record", "strik", "--on", "2025-11-20", "--title", "x", "--by", "US")
    assert refused.exit_code == 2 and "did you mean strike?" in refused.stderr


def test_import_names_every_story_its_rows_went_to(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        "story,date,kind,title,actors\n"
        "boats,2025-09-02,strike,First strike,United States\n"
        "talks,2025-09-03,statement,A statement,Venezuela\n"
        "boats,2025-09-15,strike,Second strike,United States\n"
    )
    result = cli("import", str(path))
    assert result.stdout.splitlines() == [
        "mixed.csv: 3 added, 0 corrected, 0 unchanged in stories 'boats', 'talks'; 2 new actors",
        "  'boats': 2 added, 0 corrected, 0 unchanged",
        "  'talks': 1 added, 0 corrected, 0 unchanged",
    ]
    report = json.loads(cli("import", str(path), "--json").stdout)[0]
    assert report["stories"] == {"boats": 2, "talks": 1}


def test_import_is_idempotent_and_bad_files_append_nothing(cli: Run, tmp_path: Path) -> None:
    good = tmp_path / "boats.csv"
    good.write_text(
        "id,date,date_precision,kind,title,actors,location,killed,survivors,vessels,source,url,notes,colour\n"
        "b1,2025-09-02,,strike,First strike,United States,Caribbean,11,0,1,CNN,https://example.com/a,,red\n"
        "b2,2025-10,month,statement,A statement,Venezuela,,,,,Reuters,,,\n"
    )
    first = cli("import", str(good))
    assert first.exit_code == 0, first.stderr
    assert "2 added" in first.stdout
    assert "0 added, 0 corrected, 2 unchanged" in cli("import", str(good)).stdout
    entry = json.loads(cli("timeline", "--json").stdout)[0]
    assert entry["extra"] == {"colour": "red"}
    assert entry["location"]["name"] == "Caribbean"

    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind,title\n2025-09-01,strike,fine\n2025-13-40,strike,bad\n")
    before = cli("timeline", "--json").stdout
    result = cli("import", str(bad))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"storyline: error: {bad}:3: date: '2025-13-40' is not a date (month must be in 1..12)\n"
    )
    assert cli("timeline", "--json").stdout == before


def test_unreadable_and_unknown_files_are_one_line(cli: Run, tmp_path: Path) -> None:
    missing = cli("import", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "nope.csv: no such file" in missing.stderr
    odd = tmp_path / "notes.txt"
    odd.write_text("hello")
    unknown = cli("import", str(odd))
    assert unknown.exit_code == 2 and "--format" in unknown.stderr


def test_record_text_is_shown_literally_never_interpreted(cli: Run) -> None:
    hostile = "[bold red]boom[/] \x1b]52;c;ZXZpbA==\x07 \x1b[2J \u202eevil :smile:"
    result = cli(
        "record", "statement", "--story", "s", "--on", "2025-11-11", "--title", hostile, "--speaker", "X"
    )
    assert result.exit_code == 0, result.stderr
    out = cli("timeline").stdout
    assert "[bold red]boom[/]" in out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "␛]52;c;ZXZpbA==␇" in out
    assert "<U+202E>evil" in out
    assert ":smile:" in out
    assert json.loads(cli("timeline", "--json").stdout)[0]["title"] == hostile


def test_colour_and_width_come_from_the_injected_environment(seeded_cli: Run, store_url: str) -> None:
    from click.testing import CliRunner

    env = Environment.for_test(colour=True, width=60, environ={"STORYLINE_STORE": store_url})
    result = CliRunner().invoke(
        main, ["timeline", "--kind", "strike"], obj=Invocation(env), catch_exceptions=False
    )
    assert result.exit_code == 0
    out = env.stdout.getvalue()
    assert "\x1b[" in out
    assert max(len(line) for line in _plain(out).splitlines()) <= 60


def _plain(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_unknown_command_and_bad_option_are_one_line(cli: Run) -> None:
    result = cli("timelime")
    assert result.exit_code == 2 and result.stderr.startswith("storyline: error: No such command")
    bad = cli("timeline", "--as-of", "the day before yesterday's strike")
    assert bad.exit_code == 2 and "is not a date" in bad.stderr and len(bad.stderr.splitlines()) == 1


def test_first_run_creates_the_default_store_with_the_bundled_story(tmp_path: Path) -> None:
    """The installed console script, in a real process, with an empty HOME."""
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "NO_COLOR": "1"}
    env.pop("STORYLINE_STORE", None)
    script = Path(sys.executable).parent / "storyline"
    first = subprocess.run([str(script), "timeline"], env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert first.stderr.count("\n") == 1 and "created a new store" in first.stderr
    assert (tmp_path / "data" / "storyline" / "storyline.db").exists()
    assert "UK stops sharing intelligence" in first.stdout
    second = subprocess.run([str(script), "stories"], env=env, capture_output=True, text=True, check=False)
    assert second.stderr == "" and "caribbean-2025" in second.stdout
    mode = (tmp_path / "data" / "storyline" / "storyline.db").stat().st_mode & 0o777
    assert mode == 0o600
