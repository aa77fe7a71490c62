"""One command, one outcome (issue 9, item 12): `storyline import good.csv bad.csv` appended
good.csv and then refused bad.csv. Now every row of every file is checked before anything is
written; files that are all good import as if one after another."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import Run

HEADER = "id,date,kind,title,actors,killed,source,reported\n"


def entries(cli: Run) -> dict[str, int]:
    return {s["story"]: s["entries"] for s in json.loads(cli("stories", "--json").stdout)}


def test_a_bad_file_among_good_ones_appends_nothing(seeded_cli: Run, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "a,2025-09-02,strike,A strike,US,11,CNN,2025-09-03\n")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "b,2025-13-02,strike,A bad date,US,1,CNN,2025-09-03\n")
    before = entries(seeded_cli)
    result = seeded_cli("import", str(good), str(bad), "--story", "mixed")
    assert result.exit_code == 2 and "bad.csv:2" in result.stderr and result.stderr.count("\n") == 1
    assert entries(seeded_cli) == before


def test_later_files_act_on_entries_the_earlier_ones_add(seeded_cli: Run, tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_text(HEADER + "a,2025-09-02,strike,A strike,US,11,CNN,2025-09-03\n")
    second = tmp_path / "second.jsonl"
    second.write_text('{"corrects": "a", "killed": "14", "reported": "2025-09-09", "why": "a later count"}\n')
    result = seeded_cli("import", str(first), str(second), "--story", "boats", "--json")
    assert result.exit_code == 0, result.stderr
    assert [(r["added"], r["corrected"]) for r in json.loads(result.stdout)] == [(1, 0), (0, 1)]
    strike = json.loads(seeded_cli("timeline", "--story", "boats", "--json").stdout)[0]
    assert strike["details"]["killed"]["value"] == 14
