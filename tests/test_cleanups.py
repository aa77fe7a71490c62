"""Mistakes undone by events, never by deleting (issue 11): moving entries between stories,
changing an entry's kind, giving it a readable id, merging, unmerging and renaming actors.
Each is an event with its reason, shown by `history`, seen by every clock, undone by its
opposite, and refused in one line when it would make two things share a name. Both backends."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from storyline.domain import EntryAlias
from storyline.store import ConcurrentChange, StoryStore, locate

from .conftest import Run, without_recorded

STRIKES = (
    "id,date,kind,title,actors,killed,source\n"
    "s-0902,2025-09-02,strike,First boat strike,Untied States,11,CNN\n"
    "s-0915,2025-09-15,strike,Second boat strike,United States,3,CNN\n"
)


def as_json(cli: Run, *args: str) -> Any:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def events(cli: Run) -> int:
    return as_json(cli, "stats")["events"]


def killed(cli: Run, *args: str) -> int:
    return as_json(cli, "at", "2025-12-31", *args)["tallies"]["killed"]


def last_recorded(cli: Run, entry: str) -> str:
    return as_json(cli, "history", entry)[-1]["recorded"]


@pytest.fixture
def strikes_cli(seeded_cli: Run, tmp_path: Path) -> Run:
    """The issue's mistake: `import strikes.csv` filed two strikes under a story `strikes`."""
    path = tmp_path / "strikes.csv"
    path.write_text(STRIKES)
    assert seeded_cli("import", str(path), "--story", "strikes").exit_code == 0
    return seeded_cli


def test_a_story_filed_under_the_wrong_name_is_moved_whole(strikes_cli: Run) -> None:
    before_move = killed(strikes_cli)
    assert [s["story"] for s in as_json(strikes_cli, "stories")] == ["caribbean-2025", "strikes"]
    moved = strikes_cli("move", "--from", "strikes", "--to", "caribbean-2025", "--why", "one story")
    assert moved.exit_code == 0, moved.stderr
    assert sorted(moved.stdout.splitlines()) == [
        "Moved caribbean-2025/s-0902 (now version 2)",
        "Moved caribbean-2025/s-0915 (now version 2)",
    ]
    assert killed(strikes_cli, "--story", "caribbean-2025") == before_move
    assert as_json(strikes_cli, "stories")[0]["entries"] == 23 and len(as_json(strikes_cli, "stories")) == 1
    versions = as_json(strikes_cli, "history", "caribbean-2025/s-0902")
    assert versions[-1]["event"] == "moved" and versions[-1]["why"] == "one story"
    assert versions[-1]["changes"] == [{"field": "story", "from": "strikes", "to": "caribbean-2025"}]
    # The recorded clock before the move still shows the story as it was filed.
    then = as_json(
        strikes_cli, "timeline", "--story", "strikes", "--recorded-before", versions[-1]["recorded"]
    )
    assert {e["key"] for e in then} == {"s-0902", "s-0915"}
    # A mistake mended, not news: every --known-at sees it in its right story.
    assert {e["story"] for e in as_json(strikes_cli, "timeline", "--known-at", "2025-11-12")} == {
        "caribbean-2025"
    }


def test_a_moved_entry_is_found_by_its_old_and_new_names_and_moves_back(
    strikes_cli: Run, tmp_path: Path
) -> None:
    assert strikes_cli("move", "strikes/s-0902", "--to", "boat-strikes").exit_code == 0
    assert as_json(strikes_cli, "history", "boat-strikes/s-0902")[-1]["event"] == "moved"
    assert as_json(strikes_cli, "history", "strikes/s-0902")[-1]["event"] == "moved"
    # The file read again into the new story finds the entry: nothing is added twice.
    path = tmp_path / "again.csv"
    path.write_text(STRIKES.splitlines()[0] + "\n" + STRIKES.splitlines()[1] + "\n")
    again = as_json(strikes_cli, "import", str(path), "--story", "boat-strikes")[0]
    assert (again["added"], again["unchanged"]) == (0, 1)
    back = strikes_cli("move", "boat-strikes/s-0902", "--to", "strikes", "--why", "undo")
    assert back.stdout == "Moved strikes/s-0902 (now version 3)\n"
    assert {e["key"] for e in as_json(strikes_cli, "timeline", "--story", "strikes")} == {"s-0902", "s-0915"}


def test_a_move_onto_an_entry_of_the_same_name_is_refused_whole(strikes_cli: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text(STRIKES.splitlines()[0] + "\ns-0915,2025-09-16,strike,Another strike,Venezuela,1,BBC\n")
    assert strikes_cli("import", str(other), "--story", "boat-strikes").exit_code == 0
    before = events(strikes_cli)
    result = strikes_cli("move", "--from", "strikes", "--to", "boat-strikes")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "boat-strikes/s-0915 names another entry already" in result.stderr
    assert events(strikes_cli) == before  # s-0902 did not move either: all or none
    for args in (
        ["move", "strikes/s-0902", "--to", "strikes"],
        ["move", "--to", "x"],
        ["move", "--from", "nope", "--to", "x"],
    ):
        refused = strikes_cli(*args)
        assert refused.exit_code == 2 and refused.stderr.startswith("storyline: error: "), refused.stderr
    assert events(strikes_cli) == before


def test_a_misspelt_kind_is_changed_and_changed_back(seeded_cli: Run) -> None:
    recorded = seeded_cli(
        "record", "statment", "--on", "2025-11-12", "--title", "The UK explains the pause",
        "--actor", "United Kingdom", "--source", "BBC", "--id", "uk-explains", "--story", "caribbean-2025",
    )  # fmt: skip
    assert recorded.exit_code == 0 and "did you mean statement" in recorded.stderr
    missing = seeded_cli("rekind", "uk-explains", "statement")
    assert missing.exit_code == 2 and "speaker" in missing.stderr  # a statement needs its speaker
    done = seeded_cli("rekind", "uk-explains", "statement", "--set", "speaker=UK", "--why", "typo")
    assert done.stdout == "Rekinded caribbean-2025/uk-explains (now version 2)\n", done.stderr
    (entry,) = [
        e for e in as_json(seeded_cli, "timeline", "--kind", "statement") if e["key"] == "uk-explains"
    ]
    assert entry["details"]["speaker"] == "United Kingdom"
    change = as_json(seeded_cli, "history", "uk-explains")[-1]
    assert (
        change["event"] == "rekinded"
        and {"field": "kind", "from": "statment", "to": "statement"} in change["changes"]
    )
    back = seeded_cli("rekind", "uk-explains", "statment")
    assert back.exit_code == 0, back.stderr
    (entry,) = [e for e in as_json(seeded_cli, "timeline") if e["key"] == "uk-explains"]
    assert entry["kind"] == "statment" and entry["extra"]["speaker"] == "United Kingdom"  # kept, not lost
    assert seeded_cli("rekind", "uk-explains", "statment").exit_code == 2  # already that kind


def test_an_entry_recorded_without_an_id_is_given_one(seeded_cli: Run, tmp_path: Path) -> None:
    recorded = seeded_cli(
        "record", "statement", "--on", "2025-11-12", "--title", "Türk repeats his call", "--speaker", "Volker Türk",
        "--story", "caribbean-2025", "--source", "UN",
    )  # fmt: skip
    generated = recorded.stdout.strip().rsplit(" as ", 1)[1]
    named = seeded_cli("name", generated, "turk-repeats", "--why", "readable")
    assert named.stdout == "Named caribbean-2025/turk-repeats (now version 2)\n", named.stderr
    assert as_json(seeded_cli, "history", "caribbean-2025/turk-repeats")[-1]["event"] == "named"
    assert as_json(seeded_cli, "history", generated)[-1]["changes"] == [
        {"field": "id", "from": generated.split("/")[1], "to": "turk-repeats"}
    ]
    # A file naming the entry by its new id finds it, and a second entry cannot take the name.
    path = tmp_path / "turk.csv"
    path.write_text(
        "id,date,kind,title,speaker,source\nturk-repeats,2025-11-12,statement,Türk repeats his call,Volker Türk,UN\n"
    )
    assert as_json(seeded_cli, "import", str(path), "--story", "caribbean-2025")[0]["added"] == 0
    taken = seeded_cli("name", "strike-toll", "turk-repeats")
    assert taken.exit_code == 2 and "caribbean-2025/turk-repeats names another entry already" in taken.stderr
    assert seeded_cli("name", "turk-repeats", "--original").exit_code == 0
    assert "turk-repeats" not in {e["key"] for e in as_json(seeded_cli, "timeline")}
    assert as_json(seeded_cli, "history", generated)[-1]["changes"][0]["to"] == generated.split("/")[1]
    never = seeded_cli("name", "strike-toll", "--original")
    assert never.exit_code == 2 and "never given another id" in never.stderr


def test_a_typo_actor_is_merged_into_the_right_one_and_unmerged(strikes_cli: Run) -> None:
    """Adding "Untied States" as an alias was refused ("'Untied States' already names Untied
    States"); now the typo is merged, and every entry naming it follows."""
    names = {a["name"] for a in as_json(strikes_cli, "actors")}
    assert "Untied States" in names
    time.sleep(0.01)
    before_merge = datetime.now(UTC).isoformat()
    merged = strikes_cli("merge", "Untied States", "--into", "US", "--why", "typo")
    assert merged.stdout == "Merged Untied States into United States; 1 entry now says so\n", merged.stderr
    actors = {a["name"]: a for a in as_json(strikes_cli, "actors")}
    assert "Untied States" not in actors and "Untied States" in actors["United States"]["aliases"]
    (first,) = [e for e in as_json(strikes_cli, "timeline", "--story", "strikes") if e["key"] == "s-0902"]
    assert first["actors"] == ["United States"]
    change = as_json(strikes_cli, "history", "strikes/s-0902")[-1]
    assert change["why"] == "Untied States merged into United States: typo"
    # Before the merge was recorded, the two actors were apart.
    then = as_json(strikes_cli, "actors", "--recorded-before", before_merge)
    assert "Untied States" in {a["name"] for a in then}
    assert (
        as_json(strikes_cli, "actor", "Untied States", "--recorded-before", before_merge)["name"]
        == "Untied States"
    )
    assert as_json(strikes_cli, "actor", "Untied States")["name"] == "United States"
    # The opposite event puts everything back.
    unmerged = strikes_cli("unmerge", "Untied States")
    assert unmerged.stdout == "Unmerged Untied States from United States; 1 entry now says so\n"
    (first,) = [e for e in as_json(strikes_cli, "timeline", "--story", "strikes") if e["key"] == "s-0902"]
    assert first["actors"] == ["Untied States"]
    assert "Untied States" not in as_json(strikes_cli, "actor", "US")["aliases"]
    again = strikes_cli("unmerge", "Untied States")
    assert again.exit_code == 2 and "never merged" in again.stderr
    itself = strikes_cli("merge", "US", "--into", "United States")
    assert itself.exit_code == 2 and "itself" in itself.stderr
    nobody = strikes_cli("merge", "Untied Stats", "--into", "US")
    assert nobody.exit_code == 2 and "did you mean 'Untied States'" in nobody.stderr


def test_an_actor_is_renamed_and_the_old_name_still_finds_it(strikes_cli: Run) -> None:
    renamed = strikes_cli("rename", "Untied States", "Test actor")
    assert renamed.stdout == "Renamed Untied States to Test actor; 1 entry now says so\n", renamed.stderr
    assert as_json(strikes_cli, "actor", "Untied States")["name"] == "Test actor"
    taken = strikes_cli("rename", "Test actor", "United Kingdom")
    assert taken.exit_code == 2 and "already names United Kingdom" in taken.stderr
    assert strikes_cli("rename", "Test actor", "Untied States").exit_code == 0
    (first,) = [e for e in as_json(strikes_cli, "timeline", "--story", "strikes") if e["key"] == "s-0902"]
    assert first["actors"] == ["Untied States"]


def test_views_after_clean_ups_equal_a_rebuild(strikes_cli: Run) -> None:
    for args in (
        ["merge", "Untied States", "--into", "US"],
        ["move", "strikes/s-0915", "--to", "caribbean-2025"],
        ["rename", "Volker Türk", "Volker Türk (UN)"],
        ["name", "strike-toll", "toll"],
    ):
        assert strikes_cli(*args).exit_code == 0, args
    shown = (
        as_json(strikes_cli, "timeline"),
        as_json(strikes_cli, "actors"),
        as_json(strikes_cli, "at", "2025-12-31"),
    )
    assert strikes_cli("rebuild").exit_code == 0
    assert (
        as_json(strikes_cli, "timeline"),
        as_json(strikes_cli, "actors"),
        as_json(strikes_cli, "at", "2025-12-31"),
    ) == shown
    assert strikes_cli("verify").exit_code == 0


def test_two_entries_can_never_claim_one_name(store_url: str) -> None:
    """The name is an aggregate of its own: a second claim, from any writer, is refused by the
    store's own version check, as a concurrent correction is."""
    store = StoryStore(locate(store_url))
    try:
        alias_id = store.entry_id("boats", "s-0902")
        first = store.entry_id("boats", "a")
        store.save_changes([EntryAlias.of(alias_id, "boats", "s-0902", first)], "boats/s-0902")
        with pytest.raises(ConcurrentChange):
            store.save_changes(
                [EntryAlias.of(alias_id, "boats", "s-0902", store.entry_id("boats", "b"))], "boats/s-0902"
            )
        assert store.find_aggregate(alias_id).entry == str(first)
    finally:
        store.close()


def test_clean_ups_travel_in_the_lossless_export(
    strikes_cli: Run, cli: Run, tmp_path: Path, store_url: str
) -> None:
    """The JSON export writes clean-ups as rows (`moves`, `rekinds`, `renames`), so importing it
    gives the same timeline and the same history, and importing it again appends nothing."""
    for args in (
        ["move", "strikes/s-0915", "--to", "caribbean-2025", "--why", "one story"],
        ["move", "caribbean-2025/s-0915", "--to", "strikes"],
        ["name", "strike-toll", "toll"],
        ["rekind", "cartels-designated", "statement", "--set", "speaker=United States"],
    ):
        assert strikes_cli(*args).exit_code == 0, (args, strikes_cli(*args).stderr)
    exported = tmp_path / "all.json"
    assert strikes_cli("export", "--format", "json", "-o", str(exported)).exit_code == 0
    other = (
        str(tmp_path / "copy.db") if "://" not in store_url else store_url.replace("?schema=", "?schema=c")
    )
    copied = cli("import", str(exported), env={"STORYLINE_STORE": other})
    assert copied.exit_code == 0, copied.stderr

    def shown(store: str | None, *args: str) -> Any:
        data = json.loads(
            strikes_cli(*args, "--json", env={"STORYLINE_STORE": store} if store else None).stdout
        )
        return without_recorded(data)

    assert shown(None, "timeline") == shown(other, "timeline")
    for entry in ("strikes/s-0915", "toll", "cartels-designated"):
        assert shown(None, "history", entry) == shown(other, "history", entry), entry
    again = json.loads(cli("import", str(exported), "--json", env={"STORYLINE_STORE": other}).stdout)[0]
    assert (again["added"], again["corrected"]) == (0, 0)


def test_a_moved_entry_keeps_its_new_name_in_a_copy_made_with_other_ids(
    strikes_cli: Run, tmp_path: Path
) -> None:
    """An encrypted store makes its ids with its key: a copy into one makes each alias anew."""
    assert strikes_cli("move", "strikes/s-0902", "--to", "boat-strikes").exit_code == 0
    key_file = tmp_path / "k"
    strikes_cli("keygen", "--file", str(key_file))
    target = tmp_path / "sealed.db"
    assert strikes_cli("copy", "--to", str(target), "--to-key-file", str(key_file)).exit_code == 0
    sealed = {"STORYLINE_STORE": str(target)}
    history = strikes_cli("--key-file", str(key_file), "history", "boat-strikes/s-0902", "--json", env=sealed)
    assert json.loads(history.stdout)[-1]["event"] == "moved", history.stderr
    path = tmp_path / "again.csv"
    path.write_text(STRIKES.splitlines()[0] + "\n" + STRIKES.splitlines()[1] + "\n")
    again = strikes_cli(
        "--key-file", str(key_file), "import", str(path), "--story", "boat-strikes", "--json", env=sealed
    )
    assert (json.loads(again.stdout)[0]["added"], json.loads(again.stdout)[0]["unchanged"]) == (0, 1), (
        again.stderr
    )
    assert strikes_cli("--key-file", str(key_file), "verify", env=sealed).exit_code == 0


# What a newcomer's walk through the clean-ups found (each failed before its fix) ------------------


def test_a_stores_own_export_read_back_does_nothing_twice(seeded_cli: Run, tmp_path: Path) -> None:
    for args in (
        ["name", "uk-pause", "p1"],
        ["name", "p1", "--original"],
        ["rekind", "uk-pause", "statement", "--set", "speaker=UK"],
        ["rekind", "uk-pause", "intelligence-pause"],
        ["move", "--from", "caribbean-2025", "--to", "carib"],
        ["move", "--from", "carib", "--to", "caribbean-2025"],
    ):
        assert seeded_cli(*args).exit_code == 0, args
    exported = tmp_path / "mine.json"
    assert seeded_cli("export", "--format", "json", "-o", str(exported)).exit_code == 0
    before = events(seeded_cli)
    again = as_json(seeded_cli, "import", str(exported))[0]
    assert (again["added"], again["corrected"]) == (0, 0)
    assert events(seeded_cli) == before


def test_a_file_that_moves_an_entry_then_names_it_imports_whole(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "n2.yaml"
    path.write_text(
        "story: s1\nentries:\n"
        "  - {id: a, kind: statement, date: 2025-09-01, title: A, speaker: X, sources: [{outlet: CNN}]}\n"
        '  - {id: "a#v2", moves: a, to: s2}\n'
        '  - {id: "a#v3", renames: a, new_id: b}\n'
        '  - {id: "a#v4", rekinds: a, kind: designation, designator: X, designee: Y}\n'
    )
    dry = as_json(cli, "import", str(path), "--dry-run")[0]
    real = as_json(cli, "import", str(path))[0]
    assert (dry["added"], dry["corrected"]) == (real["added"], real["corrected"]) == (1, 3)
    assert as_json(cli, "history", "s2/b")[-1]["event"] == "rekinded"
    assert as_json(cli, "import", str(path))[0]["corrected"] == 0


def test_undoing_a_merge_into_an_actor_merged_since_is_refused_not_a_crash(seeded_cli: Run) -> None:
    assert seeded_cli("merge", "Canada", "--into", "United Kingdom").exit_code == 0
    assert seeded_cli("merge", "United Kingdom", "--into", "United States").exit_code == 0
    before = events(seeded_cli)
    refused = seeded_cli("unmerge", "Canada")
    assert refused.exit_code == 2 and "undo that first" in refused.stderr and events(seeded_cli) == before
    assert seeded_cli("unmerge", "United Kingdom").exit_code == 0
    assert seeded_cli("unmerge", "Canada").exit_code == 0
    assert {"Canada", "United Kingdom", "United States"} <= {a["name"] for a in as_json(seeded_cli, "actors")}


def test_a_merged_away_name_cannot_be_renamed_and_renaming_back_leaves_no_alias(seeded_cli: Run) -> None:
    assert seeded_cli("merge", "Canada", "--into", "United Kingdom").exit_code == 0
    refused = seeded_cli("rename", "Canada", "Kanada")
    assert refused.exit_code == 2 and "was merged into United Kingdom" in refused.stderr
    assert seeded_cli("rename", "Venezuela", "Venez").exit_code == 0
    assert seeded_cli("rename", "Venez", "Venezuela").exit_code == 0
    assert "Venez" not in as_json(seeded_cli, "actor", "Venezuela")["aliases"]


def test_unmerging_gives_back_the_affiliation_a_merge_had_to_drop(seeded_cli: Run) -> None:
    parts = len(as_json(seeded_cli, "timeline", "--actor", "United States", "--with-parts"))
    assert seeded_cli("merge", "United States", "--into", "Department of Defense").exit_code == 0
    assert seeded_cli("unmerge", "United States").exit_code == 0
    assert len(as_json(seeded_cli, "timeline", "--actor", "United States", "--with-parts")) == parts


def test_the_last_clean_up_done_is_the_one_that_holds(seeded_cli: Run) -> None:
    assert seeded_cli("move", "uk-pause", "--to", "boats", "--reported", "2025-12-01").exit_code == 0
    assert seeded_cli("move", "boats/uk-pause", "--to", "talks").exit_code == 0
    (entry,) = [e for e in as_json(seeded_cli, "timeline") if e["key"] == "uk-pause"]
    assert entry["story"] == "talks"


def test_a_move_takes_entries_or_a_story_not_both(seeded_cli: Run) -> None:
    before = events(seeded_cli)
    both = seeded_cli("move", "uk-pause", "--from", "caribbean-2025", "--to", "x")
    assert both.exit_code == 2 and "not both" in both.stderr
    same = seeded_cli("move", "--from", "caribbean-2025", "--to", "caribbean-2025")
    assert same.exit_code == 2 and "is the story they are moving from" in same.stderr
    slip = seeded_cli("move", "--from", "caribbean-2025", "--kind", "strke", "--to", "x")
    assert slip.exit_code == 2 and "did you mean strike?" in slip.stderr
    assert events(seeded_cli) == before
    near = seeded_cli("move", "uk-pause", "--to", "caribbean-2026")
    assert (
        near.exit_code == 0 and "story 'caribbean-2026' is new (did you mean caribbean-2025?)" in near.stderr
    )
