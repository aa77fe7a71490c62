"""Nothing a user typed is dropped silently (issue 11): every value of a repeatable option is
kept, a one-value option given twice is refused, a near miss of a field's name is refused with
its suggestion, other unknown columns are kept and named, a source key the file never defines
is an error, a kind filter that is a slip says so, and a file's problems are listed together."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import Run


def timeline(cli: Run, *args: str) -> list[dict]:
    result = cli("timeline", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def events(cli: Run) -> int:
    return json.loads(cli("stats", "--json").stdout)["events"]


def test_every_source_given_to_record_is_kept_with_its_own_url(seeded_cli: Run) -> None:
    result = seeded_cli(
        "record", "strike", "--on", "2025-11-01", "--title", "A strike", "--actor", "United States",
        "--source", "CNN", "--url", "https://cnn.example/a",
        "--source", "Reuters", "--url", "",
        "--killed", "3", "--story", "boats",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (entry,) = timeline(seeded_cli, "--story", "boats")
    assert [(s["outlet"], s["url"]) for s in entry["sources"]] == [
        ("CNN", "https://cnn.example/a"),
        ("Reuters", None),
    ]


def test_a_url_that_cannot_be_paired_with_its_source_is_refused(seeded_cli: Run) -> None:
    before = events(seeded_cli)
    result = seeded_cli(
        "record", "strike", "--on", "2025-11-01", "--title", "A strike",
        "--source", "CNN", "--source", "Reuters", "--url", "https://cnn.example/a", "--story", "boats",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--url" in result.stderr and "one per --source" in result.stderr
    assert result.stderr.count("\n") == 1 and events(seeded_cli) == before


def test_a_one_value_option_given_twice_is_refused_not_overwritten(seeded_cli: Run) -> None:
    before = events(seeded_cli)
    result = seeded_cli("record", "strike", "--on", "2025-11-01", "--title", "First", "--title", "Second")
    assert result.exit_code == 2
    assert "--title was given twice ('First' and 'Second')" in result.stderr
    assert events(seeded_cli) == before
    assert seeded_cli("timeline", "--last", "2", "--last=3").exit_code == 2
    assert seeded_cli("timeline", "--json", "--json").exit_code == 0  # a switch twice says the same


def test_a_misspelt_column_is_refused_with_the_column_it_meant(seeded_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "strikes.csv"
    path.write_text("date,kind,title,actors,kiled,source\n2025-09-02,strike,A strike,United States,11,CNN\n")
    before = events(seeded_cli)
    result = seeded_cli("import", str(path), "--story", "boats")
    assert result.exit_code == 2
    assert "strikes.csv:2: kiled: '11' is not a field of strike: did you mean 'killed'?" in result.stderr
    assert events(seeded_cli) == before


def test_a_misspelt_yaml_field_and_a_kind_used_as_a_field_are_refused(
    seeded_cli: Run, tmp_path: Path
) -> None:
    path = tmp_path / "boats.yaml"
    path.write_text(
        "story: boats\nentries:\n"
        "  - {kind: strike, date: 2025-09-02, title: A, actors: [United States], killd: 3, source: CNN}\n"
        "  - {kind: statement, date: 2025-09-03, title: B, speaker: United States, designation: terrorists}\n"
    )
    result = seeded_cli("import", str(path))
    assert result.exit_code == 2
    assert "boats.yaml:3: killd: '3' is not a field of strike: did you mean 'killed'?" in result.stderr
    assert "boats.yaml:4: designation: 'terrorists' is a kind, not a field" in result.stderr


def test_other_unknown_columns_are_kept_as_details_and_named(seeded_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "strikes.csv"
    path.write_text(
        "date,kind,title,actors,killed,vessel_flag,source\n2025-09-02,strike,A strike,United States,11,Venezuela,CNN\n"
    )
    result = seeded_cli("import", str(path), "--story", "boats")
    assert result.exit_code == 0, result.stderr
    assert "columns kept as details: vessel_flag" in result.stdout
    (entry,) = timeline(seeded_cli, "--story", "boats")
    assert entry["extra"]["vessel_flag"] == "Venezuela" and entry["details"]["killed"]["value"] == 11
    again = seeded_cli("import", str(path), "--story", "boats", "--json")
    assert json.loads(again.stdout)[0]["kept_as_details"] == ["vessel_flag"]


def test_a_source_key_the_file_never_defines_is_an_error(seeded_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "boats.yaml"
    path.write_text(
        "story: boats\nsources:\n  cnn: {outlet: CNN, published: 2025-11-11}\nentries:\n"
        "  - {kind: strike, date: 2025-09-02, title: A, actors: [United States], sources: [reuters]}\n"
    )
    before = events(seeded_cli)
    result = seeded_cli("import", str(path))
    assert result.exit_code == 2
    assert "boats.yaml:5: sources[0]: 'reuters' is not a source the file defines" in result.stderr
    assert "its sources: cnn" in result.stderr and events(seeded_cli) == before


def test_a_kind_filter_that_is_a_slip_suggests_the_kind(seeded_cli: Run) -> None:
    result = seeded_cli("timeline", "--kind", "strke")
    assert result.exit_code == 2
    assert "no entry of kind 'strke' in this store (did you mean strike?)" in result.stderr
    # A kind Storyline knows that the story simply lacks is an empty answer, not a mistake.
    assert timeline(seeded_cli, "--kind", "withdrawal") == []


def test_every_bad_row_of_a_file_is_listed_in_one_run(seeded_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "strikes.csv"
    rows = ["date,kind,title,actors,killed,source"]
    rows += ["2025-09-02,strike,One,United States,x,CNN", "2025-09-03,strike,Two,United States,11,CNN"]
    rows += ["2025-13-03,strike,Three,United States,11,CNN"]
    rows += [f"2025-10-{d:02},strike,Bad {d},United States,many,CNN" for d in range(1, 26)]
    path.write_text("\n".join(rows) + "\n")
    before = events(seeded_cli)
    result = seeded_cli("import", str(path), "--story", "boats")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("storyline: error: ") and "strikes.csv:2: killed: 'x'" in lines[0]
    assert "strikes.csv:4: date: '2025-13-03'" in lines[1]
    assert len(lines) == 21  # the first 20 problems, then the count of them all
    assert lines[-1].endswith("strikes.csv: 27 problems, the first 20 listed; nothing was imported")
    assert events(seeded_cli) == before


def test_every_name_a_message_shows_for_an_entry_is_accepted(seeded_cli: Run) -> None:
    """`retract strikes/s-0919` was refused although the previous error suggested that form."""
    near = seeded_cli("retract", "strik", "--reported", "2025-11-12")
    assert near.exit_code == 2 and "caribbean-2025/strike-toll" in near.stderr
    done = seeded_cli(
        "correct", "caribbean-2025/strike-toll", "--set", "killed=80", "--reported", "2025-11-12"
    )
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("Corrected caribbean-2025/strike-toll (now version 2)")
    history = seeded_cli("history", "caribbean-2025/strike-toll", "--json")
    assert [v["event"] for v in json.loads(history.stdout)] == ["recorded", "corrected"]


def test_an_entry_recorded_without_an_id_has_a_name_that_can_be_typed(seeded_cli: Run) -> None:
    recorded = seeded_cli(
        "record", "statement", "--on", "2025-11-01", "--title", "future", "--speaker", "United States",
        "--story", "caribbean-2025",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.stderr
    assert "~" not in recorded.stdout
    name = recorded.stdout.strip().rsplit(" as ", 1)[1]
    assert name.startswith("caribbean-2025/") and len(name.split("/")[1]) == 8
    done = seeded_cli("correct", name, "--set", "quote=Later, a quote", "--json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["name"] == name
    assert seeded_cli("history", name).stdout.startswith(name)
    missing = seeded_cli("retract", name[:-3])
    assert missing.exit_code == 2 and "~" not in missing.stderr


def test_notes_are_shown_in_the_timeline_the_actor_and_the_history(seeded_cli: Run) -> None:
    result = seeded_cli(
        "record", "strike", "--on", "2025-11-02", "--title", "Noted strike", "--actor", "Venezuela",
        "--source", "CNN", "--notes", "check the count with Reuters", "--id", "noted",
        "--story", "caribbean-2025",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    note = "note: check the count with Reuters"
    assert note not in seeded_cli("timeline").stdout  # a timeline stays short unless asked
    assert note in seeded_cli("timeline", "--notes").stdout
    assert note in seeded_cli("actor", "Venezuela").stdout
    assert note in seeded_cli("history", "noted").stdout


def test_a_dry_run_says_what_would_be_written_per_story_and_writes_nothing(
    seeded_cli: Run, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        "id,date,kind,title,actors,killed,source,story\n"
        "s1,2025-09-02,strike,One,United States,11,CNN,boat-strikes\n"
        "s2,2025-09-03,strike,Two,Untied States,3,CNN,boat-strikes\n"
        "s3,2025-09-04,strike,Three,United States,3,CNN,other\n"
    )
    before = events(seeded_cli)
    dry = seeded_cli("import", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        "mixed.csv (dry run: nothing written): 3 to add, 0 to correct, 0 unchanged in stories "
        "'boat-strikes', 'other'; 1 new actor; 1 warning",
        "  'boat-strikes': 2 to add, 0 to correct, 0 unchanged",
        "  'other': 1 to add, 0 to correct, 0 unchanged",
    ]
    assert "'Untied States' is new (did you mean 'United States'?)" in dry.stderr
    assert events(seeded_cli) == before
    real = seeded_cli("import", str(path))
    assert real.stdout.splitlines()[0].startswith(
        "mixed.csv: 3 added, 0 corrected, 0 unchanged in stories 'boat-strikes', 'other'; 1 new actor"
    )
    path.write_text(path.read_text().replace("One,United States,11", "One,United States,14"))
    again = json.loads(seeded_cli("import", str(path), "--dry-run", "--json").stdout)[0]
    assert again["dry_run"] is True
    assert again["by_story"] == {
        "boat-strikes": {"added": 0, "corrected": 1, "unchanged": 1},
        "other": {"added": 0, "corrected": 0, "unchanged": 1},
    }
    (strike,) = [e for e in timeline(seeded_cli, "--story", "boat-strikes") if e["key"] == "s1"]
    assert strike["details"]["killed"]["value"] == 11  # the dry run changed nothing


def test_a_story_named_only_by_the_file_beside_a_close_one_is_asked_for(
    seeded_cli: Run, tmp_path: Path
) -> None:
    """`import strikes.csv` made a story `strikes` beside the user's `boat-strikes`, and `at`
    then added both together."""
    first = tmp_path / "boat-strikes.csv"
    first.write_text(
        "id,date,kind,title,actors,killed,source\ns1,2025-09-02,strike,One,United States,11,CNN\n"
    )
    assert seeded_cli("import", str(first)).exit_code == 0
    second = tmp_path / "strikes.csv"
    second.write_text(
        "id,date,kind,title,actors,killed,source\ns1,2025-09-02,strike,One,United States,11,CNN\n"
    )
    before = events(seeded_cli)
    result = seeded_cli("import", str(second))
    assert result.exit_code == 2
    assert (
        "would make a new story 'strikes' beside 'boat-strikes': give --story boat-strikes" in result.stderr
    )
    assert events(seeded_cli) == before
    assert seeded_cli("import", str(second), "--story", "boat-strikes").stdout.startswith(
        "strikes.csv: 0 added, 0 corrected, 1 unchanged in story 'boat-strikes'"
    )


def test_story_and_actor_filters_that_are_slips_suggest_the_name(seeded_cli: Run) -> None:
    story = seeded_cli("timeline", "--story", "caribean-2025")
    assert story.exit_code == 2 and "did you mean caribbean-2025?" in story.stderr
    actor = seeded_cli("timeline", "--actor", "Untied Kingdom")
    assert actor.exit_code == 2 and "United Kingdom" in actor.stderr


def test_a_value_given_twice_for_one_name_is_refused(seeded_cli: Run, tmp_path: Path) -> None:
    before = events(seeded_cli)
    detail = seeded_cli(
        "record", "strike", "--on", "2025-11-01", "--title", "A", "--story", "caribbean-2025",
        "--detail", "x=1", "--detail", "x=2",
    )  # fmt: skip
    assert detail.exit_code == 2 and "'x' is given twice" in detail.stderr
    twice = seeded_cli("correct", "strike-toll", "--set", "killed=1", "--set", "killed=2")
    assert twice.exit_code == 2 and "'killed' is given twice" in twice.stderr
    path = tmp_path / "strikes.csv"
    path.write_text("date,kind,title,x,details.x,source\n2025-09-02,strike,A,1,2,CNN\n")
    both = seeded_cli("import", str(path), "--story", "caribbean-2025")
    assert both.exit_code == 2 and "a second time" in both.stderr
    empty = seeded_cli("record", "strike", "--on", "2025-11-01", "--title", "A", "--id", " ")
    assert empty.exit_code == 2 and "--id" in empty.stderr
    assert events(seeded_cli) == before
    spaced = seeded_cli(
        "record", "strike", "--on", "2025-11-01", "--title", "A", "--id", " x ", "--story", "caribbean-2025"
    )
    assert spaced.stdout.strip().endswith("as caribbean-2025/x"), spaced.stdout
    assert seeded_cli("history", "caribbean-2025/x").exit_code == 0


def test_a_kind_slip_beside_a_good_kind_is_still_a_slip(seeded_cli: Run) -> None:
    result = seeded_cli("timeline", "--kind", "strike", "--kind", "strke")
    assert result.exit_code == 2 and "did you mean strike?" in result.stderr


def test_near_misses_of_clean_up_fields_are_refused(seeded_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("date,kind,title,new_idd,source\n2025-09-02,strike,A,b,CNN\n")
    result = seeded_cli("import", str(path), "--story", "caribbean-2025")
    assert result.exit_code == 2 and "did you mean 'new_id'?" in result.stderr
