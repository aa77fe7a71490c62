"""A command that reads imports nothing that only writing needs.

Start-up is most of a read command's time, and most of start-up is imports. Each read command
runs here in a process of its own on a store whose views are caught up; what it imported is
compared with what only recording, importing, exporting or PostgreSQL needs. A change that makes
`storyline timeline` load the importer, the YAML parser or the aggregates fails here, with the
module named.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# What recording, importing, cleaning up and exporting need, and a read never does.
WRITING_ONLY = (
    "yaml",
    "csv",
    "storyline.store.importer",
    "storyline.store.submissions",
    "storyline.store.cleanups",
    "storyline.projections.formats.story_file",
    "storyline.projections.formats.spreadsheet",
    "storyline.projections.formats.datasets",
    "storyline.projections.formats.markdown",
    "storyline.projections.formats.html_report",
    "storyline.projections.formats.timelinejs",
    "storyline.projections.formats.timesketch",
    "storyline.cli.commands.recording",
    "storyline.cli.commands.exporting",
    "psycopg",  # a SQLite store
    "cryptography",  # a plain store
    "sqlcipher3",  # ... whose views are not encrypted
)
# ... and, for the commands that show the views alone, the log's aggregates and decoding them.
VIEWS_ONLY = (
    "storyline.domain.entry",
    "storyline.projections.changelog",
    "storyline.projections.history",
    "storyline.projections.explain",
    "hashlib",  # OpenSSL's digests: for the chain's links, and what reading the log loads
)

# ... and, for a timeline of no actor, the situation report and the actors.
TIMELINE_ONLY = (*VIEWS_ONLY, "storyline.projections.situation", "storyline.domain.actors")

READS = {
    "timeline": (["timeline"], TIMELINE_ONLY),
    "timeline --last": (["timeline", "--last", "3", "--json"], TIMELINE_ONLY),
    "at": (["at", "2025-11-12"], VIEWS_ONLY),
    "stories": (["stories"], VIEWS_ONLY),
    "actor": (["actor", "United Kingdom"], ()),
    "actors": (["actors"], ()),
    "disputes": (["disputes"], ()),
    "diff": (["diff", "2025-09-01", "2025-11-12"], ()),
    "changes": (["changes", "2025-09-01", "2025-11-12", "--json"], ()),
    "lanes": (["lanes"], ()),
}

PROBE = """
import json, sys
out, sys.argv = sys.argv[1], ["storyline", *sys.argv[2:]]
from storyline.cli.main import main
try:
    main()
finally:
    if out:
        with open(out, "w") as handle:
            json.dump(sorted(sys.modules), handle)
"""


def storyline(store: Path, args: list[str], out: Path | None = None) -> None:
    env = {**os.environ, "STORYLINE_STORE": str(store), "NO_COLOR": "1", "STORYLINE_PAGER": "0"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(out or ""), *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def caught_up(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("reads") / "store.db"
    storyline(store, ["import", "--bundled", "caribbean-2025"])
    storyline(store, ["stats"])  # the views caught up: what a read command finds
    return store


def imported_by(store: Path, args: list[str], tmp_path: Path) -> set[str]:
    out = tmp_path / "modules.json"
    storyline(store, args, out)
    return set(json.loads(out.read_text()))


def among(modules: set[str], refused: tuple[str, ...]) -> list[str]:
    """The modules that are one of `refused` or inside one of them."""
    return sorted(m for m in modules for r in refused if m == r or m.startswith(f"{r}."))


@pytest.mark.parametrize("name", list(READS))
def test_a_read_command_imports_nothing_only_writing_needs(
    name: str, caught_up: Path, tmp_path: Path
) -> None:
    args, also_refused = READS[name]
    loaded = among(imported_by(caught_up, args, tmp_path), (*WRITING_ONLY, *also_refused))
    assert not loaded, f"`storyline {' '.join(args)}` imported {loaded}"


@pytest.mark.parametrize("args", [["--version"], ["timeline", "--help"], ["at", "--help"]])
def test_a_command_that_opens_no_store_imports_neither_the_store_nor_the_views(
    args: list[str], caught_up: Path, tmp_path: Path
) -> None:
    refused = ("eventsourcing", "storyline.store.application", "storyline.projections.views")
    loaded = among(imported_by(caught_up, args, tmp_path), refused)
    assert not loaded, f"`storyline {' '.join(args)}` imported {loaded}"
