"""Reading the timeline the way git log is read: a line an entry, newest first, the last few,
one outlet's; and output into a pipe that `grep` and `cut` can use."""

from __future__ import annotations

import json

from .conftest import Run

PIPED = {"COLUMNS": None}  # no COLUMNS and no terminal: what `storyline timeline | grep` sees


def entries(cli: Run, *args: str) -> list[dict]:
    result = cli("timeline", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_oneline_is_one_entry_a_line_with_when_kind_title_and_id(seeded_cli: Run) -> None:
    shown = seeded_cli("timeline", "--oneline", env=PIPED)
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    listed = entries(seeded_cli)
    assert len(lines) == len(listed)
    for line, entry in zip(lines, listed, strict=True):
        assert line.startswith(entry["occurred"]["text"])
        assert entry["kind"] in line and entry["title"] in line
        assert line.endswith(entry["key"] if not entry["key"].startswith("~") else entry["id"][:8])


def test_reverse_last_and_n(seeded_cli: Run) -> None:
    everything = entries(seeded_cli)
    assert entries(seeded_cli, "--reverse") == everything[::-1]
    assert entries(seeded_cli, "-n", "3") == entries(seeded_cli, "--last", "3") == everything[-3:]
    newest = seeded_cli("timeline", "--oneline", "--reverse", "-n", "2", env=PIPED).stdout.splitlines()
    assert [line.rsplit("  ", 1)[-1] for line in newest] == [e["key"] for e in everything[-2:]][::-1]


def test_source_keeps_what_an_outlet_reported_in_any_case(seeded_cli: Run) -> None:
    cnn = entries(seeded_cli, "--source", "cnn")
    assert cnn and all(any(s["outlet"] == "CNN" for s in e["sources"]) for e in cnn)
    others = [e for e in entries(seeded_cli) if e not in cnn]
    assert all(all(s["outlet"] != "CNN" for s in e["sources"]) for e in others)
    assert entries(seeded_cli, "--source", "CNN", "-n", "1") == cnn[-1:]
    assert entries(seeded_cli, "--source", "No Such Outlet") == []


def test_piped_output_is_one_logical_line_per_line_and_never_padded(seeded_cli: Run) -> None:
    for args in (["timeline"], ["at", "2025-11-12"], ["actor", "United Kingdom"], ["actors"], ["stories"]):
        piped = seeded_cli(*args, env=PIPED)
        assert piped.exit_code == 0, piped.stderr
        lines = piped.stdout.splitlines()
        assert all(line == line.rstrip() for line in lines), args
    titles = [e["title"] for e in entries(seeded_cli)]
    piped = seeded_cli("timeline", env=PIPED).stdout.splitlines()
    for title in titles:  # each title whole on a line: grep finds it
        assert any(title in line for line in piped), title
    narrow = seeded_cli("timeline", env={"COLUMNS": "60"}).stdout.splitlines()
    assert max(len(line) for line in narrow) <= 60  # a width given is kept


def test_oneline_in_a_terminal_fits_the_width_and_keeps_every_id_whole(seeded_cli: Run) -> None:
    shown = seeded_cli("timeline", "--oneline", env={"COLUMNS": "80"}).stdout.splitlines()
    listed = entries(seeded_cli)
    assert len(shown) == len(listed)
    for line, entry in zip(shown, listed, strict=True):
        assert len(line) <= 80, line
        assert line.endswith(entry["key"] if not entry["key"].startswith("~") else entry["id"][:8]), line
