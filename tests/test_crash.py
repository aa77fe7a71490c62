"""Crash safety, with real processes killed (SIGKILL) part-way through: an import at many points
while it writes, and a catch-up of the views at many points. Afterwards the store opens, every
batch is all or nothing, running the same import again completes it without duplicates, and the
views resume and equal a rebuild: nothing is counted twice."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from .conftest import Run

STORYLINE = str(Path(sys.executable).parent / "storyline")
# A longer campaign: STORYLINE_CRASH_ROWS=30000 STORYLINE_CRASH_ROUNDS=40 python -m pytest -s tests/test_crash.py
ROWS = int(os.environ.get("STORYLINE_CRASH_ROWS", "3000"))
ROUNDS = int(os.environ.get("STORYLINE_CRASH_ROUNDS", "6"))
BATCH = 500  # the importer's batch: a transaction each


def spreadsheet(path: Path) -> Path:
    lines = ["id,date,kind,title,actors,killed,source,reported"]
    lines += [
        f"r{n},2025-{n % 12 + 1:02d}-{n % 28 + 1:02d},strike,Strike {n},Force {n % 9},{n % 4},Wire,2025-12-31"
        for n in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


class Log:
    """Counts in the store, read from outside the process being killed."""

    def __init__(self, store_url: str) -> None:
        self.url = store_url

    def _query(self, sql_sqlite: str, sql_postgres: str) -> int:
        if "://" not in self.url:
            if not Path(self.url).exists():
                return 0
            connection = sqlite3.connect(self.url, timeout=30)
            try:
                row = connection.execute(sql_sqlite).fetchone()
                return (row[0] if row else 0) or 0
            except sqlite3.OperationalError:
                return 0
            finally:
                connection.close()
        database, schema = self.url.split("?schema=")
        with psycopg.connect(database, autocommit=True) as connection:
            try:
                row = connection.execute(sql_postgres.format(schema=schema)).fetchone()
                return (row[0] if row else 0) or 0
            except psycopg.errors.UndefinedTable:
                return 0

    def entries(self) -> int:
        return self._query(
            "SELECT COUNT(*) FROM stored_events WHERE topic LIKE '%Entry.Recorded'",
            "SELECT COUNT(*) FROM \"{schema}\".storyline_events WHERE topic LIKE '%Entry.Recorded'",
        )

    def views_position(self) -> int:
        return self._query(
            "SELECT notification_id FROM tracking WHERE application_name = 'Storyline'",
            "SELECT notification_id FROM \"{schema}\".storyline_tracking WHERE application_name = 'Storyline'",
        )


def kill_when(process: subprocess.Popen[bytes], reached: callable) -> bool:  # type: ignore[valid-type]
    """SIGKILL the process as soon as `reached()` holds; False if it finished first."""
    while process.poll() is None:
        if reached():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.005)
    return False


def start(store_url: str, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "STORYLINE_STORE": store_url, "NO_COLOR": "1"}
    return subprocess.Popen([STORYLINE, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_imports_killed_mid_write_leave_whole_batches_and_complete_when_run_again(
    cli: Run, store_url: str, tmp_path: Path
) -> None:
    csv = spreadsheet(tmp_path / "many.csv")
    log = Log(store_url)
    rng = random.Random(7)
    kills = 0
    for _ in range(ROUNDS):
        seen = log.entries()
        if seen >= ROWS:
            break
        target = seen + rng.randrange(1, BATCH * 2)
        if kill_when(
            start(store_url, "import", str(csv), "--story", "crash"), lambda t=target: log.entries() >= t
        ):
            kills += 1
        assert log.entries() % BATCH == 0, "a batch was written in part"
    assert kills >= 2, "the import finished before it could be killed: make the file bigger"
    print(f"\nimport of {ROWS} rows killed {kills} times")  # shown with -s: the closing note's figure
    result = cli("import", str(csv), "--story", "crash")
    assert result.exit_code == 0, result.stderr
    assert log.entries() == ROWS
    assert cli("verify").exit_code == 0
    again = cli("import", str(csv), "--story", "crash")
    assert f"0 added, 0 corrected, {ROWS} unchanged" in again.stdout


def test_catch_ups_killed_midway_resume_and_equal_a_rebuild(cli: Run, store_url: str, tmp_path: Path) -> None:
    csv = spreadsheet(tmp_path / "many.csv")
    assert cli("import", str(csv), "--story", "crash").exit_code == 0  # views are caught up later
    log = Log(store_url)
    rng = random.Random(11)
    kills = 0
    for _ in range(ROUNDS - 1):
        position = log.views_position()
        target = position + rng.randrange(1, 1500)
        if kill_when(start(store_url, "stats"), lambda t=target: log.views_position() >= t):
            kills += 1
        assert log.views_position() >= position
    assert kills >= 1
    # A rebuild killed part-way: the views start again from nothing, and resume from where it stopped.
    for _ in range(max(3, ROUNDS // 2)):
        threshold = rng.randrange(1, ROWS)
        if kill_when(
            start(store_url, "rebuild"),
            lambda t=threshold: 0 < log.views_position() < t + 1000 and log.views_position() >= t,
        ):
            kills += 1
    print(f"\ncatch-ups and rebuilds killed {kills} times")  # shown with -s
    verified = cli("verify")
    assert verified.exit_code == 0, verified.stdout
    report = cli("at", "2025-12-31", "--json")
    tallies = json.loads(report.stdout)["tallies"]
    assert tallies["strikes"] == ROWS and tallies["killed"] == sum(n % 4 for n in range(ROWS))
