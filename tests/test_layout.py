"""Issue 14, item 1: every read command laid out for the width it has, and for a pipe.

The bundled story (with a correction, so `history` and `changes` have something to show) is
read by every read command at 60, 80, 120 and 200 columns (COLUMNS, as a terminal sets it) and
piped (no COLUMNS). At every width: no line is wider than the terminal, none ends in padding,
and every id a reader types next (`correct ID`, `history ID`) is whole on one line. At 80
columns an entry's text has most of the line; wrapped lines continue under their own start,
not at column 0; `lanes` gives names the room the width allows and never breaks its legend
inside an item; `actors` and `stories` keep each name on one line. Piped, a logical line is
one line, however long.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from storyline.cli.main import main
from storyline.projections.formats.kind_styles import kind_style

READ_COMMANDS = [
    ("timeline",),
    ("timeline", "--oneline"),
    ("search", "Holsey"),
    ("actor", "Canada"),
    ("actor", "United Kingdom"),
    ("actors",),
    ("stories",),
    ("disputes",),
    ("at", "2025-11-11"),
    ("at", "2025-11-11", "--explain", "killed"),
    ("diff", "2025-09-01", "2025-11-11"),
    ("replay", "--by", "month"),
    ("changes", "2025-11-01", "2025-11-30"),
    ("history", "strike-toll"),
    ("lanes",),
    ("chart",),
    ("stats",),
]
WIDTHS = (60, 80, 120, 200)

Reader = Callable[..., str]


@pytest.fixture(scope="module")
def read(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    home = tmp_path_factory.mktemp("layout")
    base = {"HOME": str(home), "XDG_DATA_HOME": str(home / "d"), "STORYLINE_STORE": str(home / "s.db")}

    def run(*args: str, columns: int | None = None) -> str:
        env: dict[str, str | None] = {**base, "NO_COLOR": "1", "COLUMNS": str(columns) if columns else None}
        result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.stderr)
        return result.stdout

    run("import", "--bundled", "caribbean-2025")
    run(
        *("correct", "strike-toll", "--set", "killed=at least 80", "--reported", "2025-11-20"),
        *("--source", "CNN", "--why", "a later count"),
    )
    return run


def ids_shown(read: Reader, command: tuple[str, ...]) -> list[str]:
    """The ids the command shows, from its own JSON: what must appear whole."""
    name = command[0]
    if name in ("timeline", "diff", "actor", "search", "replay"):
        found = json.loads(read(*command, "--json"))
        if name == "diff" or name == "actor":
            found = found["entries"]
        elif name == "replay":
            found = [entry for step in found["steps"] for entry in step["entries"]]
        return [e["key"] for e in found]
    if name == "changes":
        return [n["entry"] for n in json.loads(read(*command, "--json"))]
    return []


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_every_read_command_fits_every_width_and_keeps_ids_whole(
    read: Reader, command: tuple[str, ...]
) -> None:
    ids = ids_shown(read, command)
    for width in WIDTHS:
        lines = read(*command, columns=width).splitlines()
        assert lines, (command, width)
        too_wide = [line for line in lines if cell_len(line) > width]
        assert too_wide == [], (width, too_wide[:3])
        assert [line for line in lines if line != line.rstrip()] == [], (width, "padded")
        words = {word for line in lines for word in line.split()}
        assert [i for i in ids if i not in words and not any(i in line for line in lines)] == [], width
    piped = read(*command).splitlines()
    assert [line for line in piped if line != line.rstrip()] == [], "padded when piped"


def test_at_80_columns_an_entry_s_text_has_the_line(read: Reader) -> None:
    lines = read("timeline", columns=80).splitlines()
    title = next(line for line in lines if "Britain shares intelligence" in line)
    assert title.startswith("  Britain shares intelligence on suspected drug-trafficking vessels")
    assert lines[lines.index(title) - 1].startswith("before 2024  ⇄ intelligence-sharing")
    assert sum(cell_len(line) > 60 for line in lines) > len(lines) // 3  # most lines use the width
    wide = read("timeline", columns=120).splitlines()
    assert wide[1].split() == ["When", "What", "Entry"]  # wide enough for the table


def test_wrapped_lines_continue_under_their_own_start(read: Reader) -> None:
    for command in (("at", "2025-11-11"), ("actor", "Canada")):
        text = read(*command, columns=60)
        for block in text.split("\n\n"):
            heading, *body = block.splitlines()
            if heading in (
                "Intelligence sharing",
                "Relations  ",
                "Relations",
                "Forces deployed",
                "Open matters",
            ):
                assert body and all(line.startswith("  ") for line in body), (command, body)


def test_lanes_give_names_the_room_the_width_allows(read: Reader) -> None:
    name = "Iwo Jima Amphibious Ready Group"
    assert any(line.startswith(name) for line in read("lanes", columns=200).splitlines())
    assert not any(name in line for line in read("lanes", columns=80).splitlines())  # cut with …
    for width in WIDTHS:
        lines = read("lanes", columns=width).splitlines()
        for kind in ("intelligence-restriction", "resignation-offer", "intelligence-sharing"):
            assert any(f"{kind_style(kind).glyph} {kind}" in line for line in lines), (width, kind)


def test_actors_and_stories_keep_each_name_on_one_line(read: Reader) -> None:
    names = [a["name"] for a in json.loads(read("actors", "--json"))]
    for width in (60, 80):
        text = read("actors", columns=width)
        assert [n for n in names if not any(n in line for line in text.splitlines())] == [], width
        stories = read("stories", columns=width).splitlines()
        assert stories[0].startswith("caribbean-2025  21 entries · before 2024 – 11 Nov 2025")
        assert any(line.strip().startswith("3 deployment") or "· 3 deployment" in line for line in stories)
        assert not any(
            line.rstrip().endswith((" 1", " 2", " 3", " 8")) for line in stories
        )  # a count left alone


def test_piped_a_logical_line_is_one_line(read: Reader) -> None:
    text = read("timeline")
    assert any(
        "Britain shares intelligence on suspected drug-trafficking vessels with the US" in line
        for line in text.splitlines()
    )
    at = read("at", "2025-11-11").splitlines()
    assert any(
        "United Kingdom → United States on suspected drug-trafficking vessels in the Caribbean: paused since"
        in line
        for line in at
    )


def test_output_unknown_width_is_not_a_guess(read: Reader, tmp_path: Path) -> None:
    """Piped with no COLUMNS, nothing is wrapped at 80 or 100: a line is as long as it is."""
    longest = max(cell_len(line) for line in read("timeline").splitlines())
    assert longest > 120


def test_oneline_and_search_keep_the_title_readable_at_80_columns(read: Reader) -> None:
    for command in (("timeline", "--oneline"), ("search", "Holsey")):
        rows = [re.split(r"\s{2,}", line) for line in read(*command, columns=80).splitlines()]
        cut = [row for row in rows if len(row) == 4 and row[2].endswith("…")]  # when, glyph, title, id
        assert cut, command
        for row in cut:  # a title cut to fit keeps a few words
            assert len(row[2].rstrip("…")) >= 12, row


def test_piped_replay_rules_are_short_and_a_closed_pipe_is_no_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    storyline = str(Path(sys.executable).with_name("storyline"))
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(tmp_path / "d")}
    done = subprocess.run(
        f"'{storyline}' replay --delay 0 | head -3; echo \"exit ${{PIPESTATUS[0]}}\"",
        shell=True,
        executable="/bin/bash",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith("── until Dec 2023 ──") and len(lines[0]) < 60
    assert lines[-1] == "exit 0" and "Traceback" not in done.stderr
