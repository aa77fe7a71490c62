"""Issue 15, item 3: `storyline timeline --follow` prints what others append, as they append it.

Two processes on each backend: a follower (`storyline timeline --follow`, a real process reading
the real store) and this test, appending through the CLI in its own process. Every change must
come out of the follower once, in the order it was appended, and Ctrl-C must leave cleanly. On
PostgreSQL the follower's connections are cut in the middle (pg_terminate_backend); it must
reconnect and go on from its position, missing and repeating nothing.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .conftest import Run

STORYLINE = str(Path(sys.executable).with_name("storyline"))


@dataclass
class Follower:
    process: subprocess.Popen[str]
    lines: queue.Queue[str] = field(default_factory=queue.Queue)

    def read(self, count: int, timeout: float = 30.0) -> list[str]:
        got: list[str] = []
        deadline = time.monotonic() + timeout
        while len(got) < count:
            try:
                got.append(self.lines.get(timeout=max(0.05, deadline - time.monotonic())))
            except queue.Empty:
                break
        return got

    def quiet_for(self, seconds: float) -> list[str]:
        """What else it prints in `seconds`: nothing, when nothing was repeated."""
        return self.read(1_000, timeout=seconds)


@pytest.fixture
def follow(tmp_path: Path, store_url: str) -> Iterator[Any]:
    started: list[Follower] = []
    app_name = f"storyline-follower-{uuid.uuid4().hex[:8]}"

    def start(*args: str) -> Follower:
        env = {
            **os.environ,
            "HOME": str(tmp_path / "home"),
            "XDG_DATA_HOME": str(tmp_path / "home" / "data"),
            "STORYLINE_STORE": store_url,
            "NO_COLOR": "1",
            "PGAPPNAME": app_name,  # so the PostgreSQL test can cut this process's connections
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("COLUMNS", None)
        process = subprocess.Popen(
            [STORYLINE, "timeline", "--follow", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        follower = Follower(process)

        def pump() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                follower.lines.put(line.rstrip("\n"))

        threading.Thread(target=pump, daemon=True).start()
        started.append(follower)
        return follower

    start.app_name = app_name  # type: ignore[attr-defined]
    yield start
    for follower in started:
        if follower.process.poll() is None:
            follower.process.kill()
        follower.process.wait(10)


def changes(cli: Run, tag: str) -> list[tuple[str, str]]:
    """Appends a new entry, corrects it, corroborates it and retracts it: (action, entry) each."""
    key = f"strike-{tag}"
    steps = [
        ("record", "strike", "--story", "caribbean-2025", "--on", "2025-11-20", "--id", key),
        ("correct", key, "--set", "killed=4", "--source", "CNN", "--why", "a later count"),
        ("corroborate", key, "--source", "Reuters"),
        ("retract", key, "--why", "misread"),
    ]
    extra = {"record": ("--title", f"Strike {tag}", "--source", "AP", "--killed", "3")}
    for step in steps:
        done = cli(*step, *extra.get(step[0], ()))
        assert done.exit_code == 0, done.stderr
    entry = f"caribbean-2025/{key}"
    return [("recorded", entry), ("corrected", entry), ("corroborated", entry), ("retracted", entry)]


def said(lines: list[str]) -> list[tuple[str, str]]:
    """(action, entry) of each news line: "20 Nov 2025  corrected   caribbean-2025/x  ..."."""
    found = []
    for line in lines:
        words = line.split()
        found.append((words[3], words[4]))
    return found


def test_a_follower_prints_each_change_once_in_order_and_stops_cleanly(seeded_cli: Run, follow: Any) -> None:
    follower = follow("--oneline", "-n", "1")
    first = follower.read(1)
    assert first and "ford-moves-in" in first[0]  # the timeline so far: following from here
    expected = changes(seeded_cli, "a") + changes(seeded_cli, "b")
    got = follower.read(len(expected))
    assert said(got) == expected, got
    assert follower.quiet_for(1.5) == []  # nothing repeated
    follower.process.send_signal(signal.SIGINT)
    assert follower.process.wait(15) == 130
    assert follower.process.stderr is not None
    assert "Traceback" not in follower.process.stderr.read()


def test_following_as_json_lines(seeded_cli: Run, follow: Any) -> None:
    follower = follow("--json")
    time.sleep(1.0)  # the follower has read the log's head (it prints nothing before news)
    expected = changes(seeded_cli, "j")
    got = [json.loads(line) for line in follower.read(len(expected))]
    assert [(n["action"], n["entry"]) for n in got] == expected
    positions = [n["position"] for n in got]
    assert positions == sorted(set(positions))
    assert got[1]["changes"]["killed"] == {"before": "3", "after": "4"}
    follower.process.send_signal(signal.SIGINT)
    assert follower.process.wait(15) == 130


@pytest.mark.postgres
def test_a_lost_postgresql_connection_is_resumed_from_its_position(
    seeded_cli: Run, follow: Any, store_url: str, postgres_database: str
) -> None:
    if not store_url.startswith("postgres"):
        pytest.skip("PostgreSQL only: SQLite has no connection to lose")
    import psycopg

    follower = follow("--oneline", "-n", "1")
    assert follower.read(1)
    before = changes(seeded_cli, "c")
    assert said(follower.read(len(before))) == before
    with psycopg.connect(postgres_database.split("?")[0], autocommit=True) as admin:
        cut = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (follow.app_name,),
        ).fetchall()
    assert cut, "the follower had no connection to cut"
    after = changes(seeded_cli, "d")
    assert said(follower.read(len(after), timeout=45)) == after
    assert follower.quiet_for(1.5) == []
    follower.process.send_signal(signal.SIGINT)
    assert follower.process.wait(15) == 130


def test_follow_refuses_what_it_cannot_apply_and_keeps_to_its_kinds(seeded_cli: Run, follow: Any) -> None:
    for option in (
        ("--actor", "Canada"),
        ("--grep", "x"),
        ("--as-of", "2025-10-01"),
        ("--status", "confirmed"),
    ):
        refused = seeded_cli("timeline", "--follow", *option)
        assert refused.exit_code == 2 and f"drop {option[0]}" in refused.stderr
    follower = follow("--oneline", "-n", "1", "--kind", "strike")
    assert follower.read(1)
    done = seeded_cli(
        "record",
        "statement",
        "--story",
        "caribbean-2025",
        "--on",
        "2025-11-20",
        "--title",
        "S",
        "--speaker",
        "US",
    )
    assert done.exit_code == 0
    expected = changes(seeded_cli, "k")
    assert said(follower.read(len(expected))) == expected  # the statement was not a strike
    follower.process.send_signal(signal.SIGINT)
    assert follower.process.wait(15) == 130


def test_a_follower_of_a_story_sees_an_entry_leave_it(seeded_cli: Run, follow: Any) -> None:
    follower = follow("--oneline", "-n", "1", "--story", "caribbean-2025")
    assert follower.read(1)
    moved = seeded_cli("move", "caribbean-2025/venezuela-irked", "--to", "elsewhere", "--why", "filed wrong")
    assert moved.exit_code == 0, moved.stderr
    got = follower.read(1)
    assert got and "moved" in got[0] and "venezuela-irked" in got[0]
    follower.process.send_signal(signal.SIGINT)
    assert follower.process.wait(15) == 130
