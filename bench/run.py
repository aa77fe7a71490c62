"""Storyline's benchmark: every figure is a ratio to, or a comparison with, a baseline measured
in the same run on the same machine.

    python bench/run.py [--sizes 10000,100000,1000000] [--json FILE] [--queries 200]

For each size it builds a synthetic store (bench/synth.py: a mix of kinds, actors, fuzzy dates,
report dates and corrections) and measures:

  import_ratio   entries/s of `storyline import FILE.csv` (a real process, end to end) over the
                 rows/s of raw sqlite3 executemany of the same CSV rows into a table of the same
                 shape, one transaction
  bulk_write_ratio  the store's events written again through its bulk path (the library's
                 recorder, a transaction per 500) against raw executemany of the same rows into a
                 table of the events table's shape, also per 500: the recorder's own cost
  catchup_ratio  events/s of rebuilding the projections from empty over the rows/s of a raw
                 SELECT of the same events
  asof_p50_ms, asof_p95_ms
                 latency of a situation report (`storyline at`) and of a timeline page, for random
                 as-of days (half of them with a random known-at day), in process
  replay_ms      the same question answered by replaying the whole log in memory (the oracle)
  peak_rss_mb    peak memory of the import process

and, once, the start-up: `storyline timeline` on the bundled story against `python -c pass`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eventsourcing.persistence import StoredEvent
from synth import SPAN_DAYS, START, write_csv

from storyline.projections import Clocks, TimelineQuery, Views
from storyline.projections.oracle import read_log, replay_timeline
from storyline.projections.situation import situation, tally_entries
from storyline.store import StoryStore, locate


def storyline_command() -> str:
    found = Path(sys.executable).parent / "storyline"
    return str(found) if found.exists() else shutil.which("storyline") or "storyline"


def timed_import(csv_path: Path, store_path: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of `storyline import` in its own process."""
    env = {**os.environ, "STORYLINE_STORE": str(store_path), "NO_COLOR": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [storyline_command(), "import", str(csv_path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"import failed: {process.stderr.read().decode() if process.stderr else status}")
    return elapsed, usage.ru_maxrss / 1024


def raw_executemany(csv_path: Path, folder: Path) -> tuple[int, float]:
    """(rows, seconds): the same rows into a table of the same columns, with nothing else."""
    with csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    connection = sqlite3.connect(folder / f"raw-{csv_path.stem}.db")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(f"CREATE TABLE rows ({', '.join(f'c{i} TEXT' for i in range(len(header)))})")
    started = time.perf_counter()
    with connection:
        connection.executemany(f"INSERT INTO rows VALUES ({', '.join('?' for _ in header)})", rows)
    elapsed = time.perf_counter() - started
    connection.close()
    return len(rows), elapsed


def bulk_write(store_path: Path, folder: Path) -> tuple[float, float]:
    """(seconds through the store's bulk path, seconds of raw executemany) for the same stored
    events: what the recorder itself costs, apart from parsing and validating rows."""
    source = StoryStore(locate(str(store_path)))
    events = [
        StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
        for n in source.recorder.select_notifications(1, 10**9)
    ]
    source.close()
    target = StoryStore(locate(str(folder / f"copy-{store_path.stem}.db")))
    started = time.perf_counter()
    for start in range(0, len(events), 500):
        target.append_stored(events[start : start + 500])
    through_store = time.perf_counter() - started
    target.close()
    connection = sqlite3.connect(folder / f"raw-events-{store_path.stem}.db")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(
        "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB, "
        "PRIMARY KEY (originator_id, originator_version))"
    )
    rows = [(e.originator_id.hex, e.originator_version, e.topic, e.state) for e in events]
    started = time.perf_counter()
    for start in range(0, len(rows), 500):
        with connection:
            connection.executemany("INSERT INTO stored_events VALUES (?, ?, ?, ?)", rows[start : start + 500])
    raw = time.perf_counter() - started
    connection.close()
    return through_store, raw


def raw_select(store_path: Path) -> tuple[int, float]:
    connection = sqlite3.connect(store_path)
    started = time.perf_counter()
    rows = connection.execute(
        "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events"
    ).fetchall()
    elapsed = time.perf_counter() - started
    connection.close()
    return len(rows), elapsed


def random_clocks(rng: random.Random) -> Clocks:
    as_of = START + timedelta(days=rng.randrange(SPAN_DAYS))
    known_at = as_of + timedelta(days=rng.randrange(0, 60)) if rng.random() < 0.5 else None
    return Clocks(as_of=as_of, known_at=known_at)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(size: int, queries: int, folder: Path) -> dict[str, float]:
    csv_path = folder / f"synthetic-{size}.csv"
    rows = write_csv(csv_path, size)
    store_path = folder / f"store-{size}.db"
    import_seconds, peak_rss = timed_import(csv_path, store_path)
    raw_rows, raw_seconds = raw_executemany(csv_path, folder)
    store = StoryStore(locate(str(store_path)))
    views = Views(store)
    started = time.perf_counter()
    events = views.rebuild()
    catchup_seconds = time.perf_counter() - started
    selected, select_seconds = raw_select(store_path)
    through_store, raw_write = bulk_write(store_path, folder)

    rng = random.Random(size)
    latencies = []
    for _ in range(queries):
        clocks = random_clocks(rng)
        assert clocks.as_of is not None
        started = time.perf_counter()
        views.situation(clocks.as_of, clocks)
        views.timeline(TimelineQuery(clocks=clocks, limit=50, newest_first=True))
        latencies.append((time.perf_counter() - started) * 1000)

    clocks = random_clocks(rng)
    assert clocks.as_of is not None
    started = time.perf_counter()
    rows_now = replay_timeline(read_log(store), TimelineQuery(clocks=clocks))
    situation(clocks.as_of, tally_entries(rows_now, clocks.as_of), rows_now)
    replay_ms = (time.perf_counter() - started) * 1000
    store.close()
    return {
        "entries": size,
        "rows": rows,
        "events": events,
        "import_s": round(import_seconds, 2),
        "import_ratio": round((rows / import_seconds) / (raw_rows / raw_seconds), 4),
        "bulk_write_ratio": round(raw_write / through_store, 3),
        "catchup_s": round(catchup_seconds, 2),
        "catchup_ratio": round((events / catchup_seconds) / (selected / select_seconds), 4),
        "asof_p50_ms": round(percentile(latencies, 0.5), 2),
        "asof_p95_ms": round(percentile(latencies, 0.95), 2),
        "replay_ms": round(replay_ms, 1),
        "replay_over_asof_p50": round(replay_ms / percentile(latencies, 0.5), 1),
        "peak_rss_mb": round(peak_rss, 1),
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        cpu = model
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.system()}"


def startup(folder: Path, runs: int = 15) -> dict[str, float]:
    """`storyline timeline` on the bundled story, views already caught up, against `python -c
    pass`: medians of `runs` alternating runs, so both see the same machine state."""
    store = folder / "startup.db"
    env = {**os.environ, "STORYLINE_STORE": str(store), "NO_COLOR": "1", "STORYLINE_PAGER": "0"}
    storyline = [storyline_command(), "timeline"]
    subprocess.run(
        [*storyline[:1], "import", "--bundled", "caribbean-2025"], env=env, check=True, capture_output=True
    )
    subprocess.run(storyline, env=env, check=True, capture_output=True)  # views caught up once
    timings: dict[str, list[float]] = {"timeline": [], "python": []}
    for _ in range(runs):
        for name, command in (("timeline", storyline), ("python", [sys.executable, "-c", "pass"])):
            began = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            timings[name].append((time.perf_counter() - began) * 1000)
    timeline_ms, python_ms = (sorted(t)[len(t) // 2] for t in (timings["timeline"], timings["python"]))
    return {
        "timeline_ms": round(timeline_ms, 1),
        "python_ms": round(python_ms, 1),
        "timeline_over_python": round(timeline_ms / python_ms, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", type=Path, help="Keep the stores in this folder.")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        print("measuring start-up ...", file=sys.stderr, flush=True)
        started = startup(folder)
        for size in sizes:
            print(f"measuring {size:,} entries ...", file=sys.stderr, flush=True)
            results[str(size)] = measure(size, args.queries, folder)
    columns = [
        "import_ratio",
        "bulk_write_ratio",
        "catchup_ratio",
        "asof_p50_ms",
        "asof_p95_ms",
        "replay_ms",
        "replay_over_asof_p50",
        "peak_rss_mb",
        "import_s",
        "catchup_s",
    ]
    print(f"{'entries':>10}  " + "  ".join(f"{c:>20}" for c in columns))
    for size, figures in results.items():
        print(f"{int(size):>10,}  " + "  ".join(f"{figures[c]:>20}" for c in columns))
    print(
        f"start-up: storyline timeline (bundled story) {started['timeline_ms']} ms, python -c pass "
        f"{started['python_ms']} ms: {started['timeline_over_python']}x"
    )
    print(f"machine: {machine()}")
    if args.json:
        summary = {
            "machine": machine(),
            "date": date.today().isoformat(),
            "startup": started,
            "sizes": results,
        }
        args.json.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
