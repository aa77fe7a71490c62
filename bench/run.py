"""Storyline's benchmark: every figure is a ratio to a baseline measured in the same run, on the
same machine, doing work that bounds what Storyline itself must do.

    python bench/run.py [--sizes 10000,100000,1000000] [--json FILE] [--queries 200]
                        [--today REF] [--postgres URL] [--postgres-sizes 10000,100000]

For each size it writes a synthetic CSV (bench/synth.py: a mix of kinds, actors, fuzzy dates,
report dates, and about 2% rows correcting earlier ones) and measures:

  import_eps          entries/s of a real `storyline import FILE.csv` process, end to end
  import_vs_today     over the same import by Storyline as it was before (git REF, --today)
  import_vs_library   over the `eventsourcing` library's own save() of trivial aggregates, in
                      batches of 500, on the same kind of database (no validation at all)
  import_vs_floor     over raw sqlite3 executemany of the very event rows the import wrote, into
                      a table of the events table's shape, a transaction per 500
  catchup_eps         events/s of the first command after the import (`storyline stats`, a real
                      process), which brings every view up to the log
  catchup_vs_today    over the same first command of Storyline before
  catchup_vs_floor    raw executemany of the very view rows that catch-up wrote (every view
                      table, its indexes, a transaction per 10,000 rows), over the catch-up's time
  rebuild_vs_today    `storyline rebuild`, against Storyline before
  asof_p50_ms, asof_p95_ms
                      a situation report and a 50-entry timeline page for random as-of days (half
                      with a random known-at day), in process; `replay_over_asof` the same
                      question answered by replaying the whole log (the oracle) over the p50
  encrypted_read_ratio
                      `storyline timeline --last 20` on an encrypted store over the same command
                      on the plain one (medians of alternating runs, views caught up)
  pg_import_vs_sqlite, pg_catchup_vs_sqlite
                      (with --postgres, at --postgres-sizes) events/s on PostgreSQL over SQLite
  import_rss_mb, catchup_rss_mb
                      peak resident memory of the import process and of the catch-up process

and once, the start-up: `storyline timeline` on the bundled story over `python -c pass`,
medians of alternating runs, with compiled bytecode as an installed package has it.
"""

from __future__ import annotations

import argparse
import contextlib
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
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from synth import SPAN_DAYS, START, write_csv

from storyline.projections import Clocks, TimelineQuery, Views
from storyline.projections.oracle import read_log, replay_timeline
from storyline.projections.situation import situation, tally_entries
from storyline.store import StoryStore, locate

REPOSITORY = Path(__file__).resolve().parents[1]
TODAY_REF = "c83da2b"  # main before issue 13: the "today" its targets are measured against
VIEW_BATCH = 10_000
EVENT_BATCH = 500


class Storyline:
    """A way to run `storyline`: this checkout, or a tree of an earlier commit."""

    def __init__(self, name: str, tree: Path | None = None) -> None:
        self.name = name
        self.tree = tree

    def command(self, *args: str) -> list[str]:
        if self.tree is None:
            found = Path(sys.executable).parent / "storyline"
            return [str(found) if found.exists() else shutil.which("storyline") or "storyline", *args]
        launch = "import sys; from storyline.cli.main import main; sys.argv[0] = 'storyline'; main()"
        return [sys.executable, "-c", launch, *args]

    def env(self, store: Path | str, **extra: str) -> dict[str, str]:
        env = {**os.environ, "STORYLINE_STORE": str(store), "NO_COLOR": "1", "STORYLINE_PAGER": "0", **extra}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode
        if self.tree is not None:
            env["PYTHONPATH"] = str(self.tree.parent)
        return env

    def timed(self, store: Path | str, *args: str, **extra: str) -> tuple[float, float]:
        """(seconds, peak RSS in MB) of one command in its own process."""
        process = subprocess.Popen(
            self.command(*args),
            env=self.env(store, **extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started = time.perf_counter()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        if status != 0:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"{self.name}: storyline {' '.join(args)} failed: {error[-2000:]}")
        return elapsed, usage.ru_maxrss / 1024


def today_tree(folder: Path, ref: str) -> Path | None:
    """A checkout of `ref` as a package named storyline (the repository is the package)."""
    target = folder / "today" / "storyline"
    if target.exists():
        return target
    try:
        subprocess.run(
            ["git", "-C", str(REPOSITORY), "worktree", "add", "--detach", "-f", str(target), ref],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"no baseline of {ref}: {exc}", file=sys.stderr)
        return None
    return target


def drop_tree(tree: Path | None) -> None:
    if tree is not None:
        subprocess.run(
            ["git", "-C", str(REPOSITORY), "worktree", "remove", "--force", str(tree)], capture_output=True
        )


# -- baselines -------------------------------------------------------------------------------------


class Trivial(Aggregate):
    """The library's baseline: an aggregate with nothing in it, no validation at all."""


def library_save(count: int, folder: Path) -> float:
    """Seconds for the eventsourcing library to save `count` trivial aggregates, 500 a time."""
    path = folder / f"library-{count}.db"
    app = Application(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)})
    started = time.perf_counter()
    for start in range(0, count, EVENT_BATCH):
        app.save(*(Trivial() for _ in range(min(EVENT_BATCH, count - start))))
    elapsed = time.perf_counter() - started
    app.close()
    return elapsed


def _schema(source: sqlite3.Connection, tables: Sequence[str]) -> list[str]:
    names = ", ".join(f"'{t}'" for t in tables)
    return [
        sql
        for (sql,) in source.execute(
            f"SELECT sql FROM sqlite_master WHERE tbl_name IN ({names}) AND sql IS NOT NULL ORDER BY type DESC"
        )
    ]


def raw_copy(store_path: Path, tables: Sequence[str], batch: int, target: Path) -> float:
    """Seconds of raw executemany of every row of `tables` into fresh tables of the same shape
    and indexes, `batch` rows a transaction: the floor of writing those rows at all."""
    source = sqlite3.connect(store_path)
    rows = {t: source.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    schema = _schema(source, tables)
    source.close()
    connection = sqlite3.connect(target, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    for statement in schema:
        connection.execute(statement)
    pending = [(t, r) for t in tables for r in rows[t]]
    started = time.perf_counter()
    for start in range(0, len(pending), batch):
        chunk = pending[start : start + batch]
        connection.execute("BEGIN")
        for table in tables:
            values = [r for t, r in chunk if t == table]
            if values:
                marks = ", ".join("?" for _ in values[0])
                connection.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def view_tables(store_path: Path) -> list[str]:
    connection = sqlite3.connect(store_path)
    names = [
        n
        for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if n not in ("stored_events", "sqlite_sequence", "tracking", "storyline_meta", "view_meta")
        and not n.startswith("sqlite_")
        and not n.startswith("entry_search_")  # the full-text index's own tables, behind entry_search
    ]
    connection.close()
    return names


def event_count(store_path: Path) -> int:
    connection = sqlite3.connect(store_path)
    (count,) = connection.execute("SELECT COUNT(*) FROM stored_events").fetchone()
    connection.close()
    return int(count)


# -- figures ---------------------------------------------------------------------------------------


def random_clocks(rng: random.Random) -> Clocks:
    as_of = START + timedelta(days=rng.randrange(SPAN_DAYS))
    known_at = as_of + timedelta(days=rng.randrange(0, 60)) if rng.random() < 0.5 else None
    return Clocks(as_of=as_of, known_at=known_at)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def as_of_latency(store_path: Path, size: int, queries: int) -> dict[str, float]:
    store = StoryStore(locate(str(store_path)))
    views = Views(store)
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
    views.close()
    store.close()
    p50 = percentile(latencies, 0.5)
    return {
        "asof_p50_ms": round(p50, 2),
        "asof_p95_ms": round(percentile(latencies, 0.95), 2),
        "replay_ms": round(replay_ms, 1),
        "replay_over_asof": round(replay_ms / p50, 1),
    }


def alternating(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, float]:
    """Median milliseconds of each command, run in turn `runs` times, so all see the same load."""
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, env) in commands.items():
            began = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            timings[name].append((time.perf_counter() - began) * 1000)
    return {name: sorted(t)[len(t) // 2] for name, t in timings.items()}


def encrypted_read(now: Storyline, csv_path: Path, plain: Path, folder: Path, runs: int = 9) -> float:
    key = subprocess.run(now.command("keygen"), capture_output=True, text=True, check=True).stdout.strip()
    sealed = folder / f"encrypted-{plain.stem}.db"
    now.timed(sealed, "import", str(csv_path), STORYLINE_CIPHER_KEY=key)
    now.timed(sealed, "stats", STORYLINE_CIPHER_KEY=key)  # views caught up, and sealed
    read = ("timeline", "--last", "20")
    medians = alternating(
        {
            "encrypted": (now.command(*read), now.env(sealed, STORYLINE_CIPHER_KEY=key)),
            "plain": (now.command(*read), now.env(plain)),
        },
        runs,
    )
    return medians["encrypted"] / medians["plain"]


def postgres_schema(url: str, name: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
            connection.execute(f"CREATE SCHEMA {name}")
    except Exception as exc:  # no server: no PostgreSQL figures
        print(f"no PostgreSQL figures: {exc}", file=sys.stderr)
        return None
    return f"{url}?schema={name}"


def measure(
    size: int, args: argparse.Namespace, folder: Path, now: Storyline, today: Storyline | None
) -> dict:
    csv_path = folder / f"synthetic-{size}.csv"
    rows = write_csv(csv_path, size)
    store_path = folder / f"store-{size}.db"
    figures: dict[str, float] = {"entries": size, "rows": rows}

    import_s, import_rss = now.timed(store_path, "import", str(csv_path))
    events = event_count(store_path)
    catchup_s, catchup_rss = now.timed(store_path, "stats")
    rebuild_s, _ = now.timed(store_path, "rebuild")
    figures |= {
        "events": events,
        "import_s": round(import_s, 2),
        "import_eps": round(size / import_s),
        "catchup_s": round(catchup_s, 2),
        "catchup_eps": round(events / catchup_s),
        "rebuild_s": round(rebuild_s, 2),
        "import_rss_mb": round(import_rss, 1),
        "catchup_rss_mb": round(catchup_rss, 1),
    }
    print(
        f"  import {import_s:.1f} s, catch-up {catchup_s:.1f} s, rebuild {rebuild_s:.1f} s", file=sys.stderr
    )

    if today is not None:
        old_store = folder / f"today-{size}.db"
        old_import, _ = today.timed(old_store, "import", str(csv_path))
        old_catchup, _ = today.timed(old_store, "stats")
        old_rebuild, _ = today.timed(old_store, "rebuild")
        figures |= {
            "import_vs_today": round(old_import / import_s, 2),
            "catchup_vs_today": round(old_catchup / catchup_s, 2),
            "rebuild_vs_today": round(old_rebuild / rebuild_s, 2),
        }
        print(f"  today: import {old_import:.1f} s, catch-up {old_catchup:.1f} s", file=sys.stderr)

    library_s = library_save(size, folder)
    event_floor = raw_copy(store_path, ["stored_events"], EVENT_BATCH, folder / f"floor-events-{size}.db")
    view_floor = raw_copy(store_path, view_tables(store_path), VIEW_BATCH, folder / f"floor-views-{size}.db")
    figures |= {
        "import_vs_library": round((size / import_s) / (size / library_s), 3),
        "import_vs_floor": round(event_floor / import_s, 4),
        "catchup_vs_floor": round(view_floor / catchup_s, 3),
    }
    figures |= as_of_latency(store_path, size, args.queries)
    if size <= args.encrypted_max:
        figures["encrypted_read_ratio"] = round(encrypted_read(now, csv_path, store_path, folder), 2)

    if args.postgres and size in args.postgres_sizes:
        url = postgres_schema(args.postgres, f"bench_{size}")
        if url is not None:
            pg_import, _ = now.timed(url, "import", str(csv_path))
            pg_catchup, _ = now.timed(url, "stats")
            figures |= {
                "pg_import_vs_sqlite": round(import_s / pg_import, 2),
                "pg_catchup_vs_sqlite": round(catchup_s / pg_catchup, 2),
            }
    for name in ("floor-events", "floor-views", "library", "today", "encrypted-store"):
        for leftover in folder.glob(f"{name}-{size}*"):
            leftover.unlink()
    return figures


def startup(folder: Path, now: Storyline, runs: int = 21) -> dict[str, float]:
    store = folder / "startup.db"
    now.timed(store, "import", "--bundled", "caribbean-2025")
    now.timed(store, "timeline")  # views caught up, bytecode compiled
    medians = alternating(
        {
            "timeline": (now.command("timeline"), now.env(store)),
            "python": ([sys.executable, "-c", "pass"], now.env(store)),
        },
        runs,
    )
    return {
        "timeline_ms": round(medians["timeline"], 1),
        "python_ms": round(medians["python"], 1),
        "timeline_over_python": round(medians["timeline"] / medians["python"], 2),
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()}"
    )


COLUMNS = [
    ("import_eps", "import e/s"),
    ("import_vs_today", "vs today"),
    ("import_vs_library", "vs library"),
    ("import_vs_floor", "vs floor"),
    ("catchup_eps", "catch-up e/s"),
    ("catchup_vs_today", "vs today"),
    ("catchup_vs_floor", "floor/catch-up"),
    ("rebuild_vs_today", "rebuild vs today"),
    ("asof_p50_ms", "as-of p50 ms"),
    ("asof_p95_ms", "p95 ms"),
    ("replay_over_asof", "replay/p50"),
    ("encrypted_read_ratio", "encrypted/plain"),
    ("pg_import_vs_sqlite", "pg import"),
    ("pg_catchup_vs_sqlite", "pg catch-up"),
    ("import_rss_mb", "import MB"),
    ("catchup_rss_mb", "catch-up MB"),
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", type=Path, help="Keep the stores in this folder.")
    parser.add_argument("--today", default=TODAY_REF, help="The commit to compare with ('' for none).")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--postgres-sizes", default="10000,100000")
    parser.add_argument("--encrypted-max", type=int, default=100_000, help="Largest size to encrypt.")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.postgres_sizes = {int(s) for s in args.postgres_sizes.split(",") if s.strip()}
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        now = Storyline("now")
        tree = today_tree(folder, args.today) if args.today else None
        today = Storyline("today", tree) if tree is not None else None
        try:
            print("measuring start-up ...", file=sys.stderr, flush=True)
            started = startup(folder, now)
            for size in sizes:
                print(f"measuring {size:,} entries ...", file=sys.stderr, flush=True)
                results[str(size)] = measure(size, args, folder, now, today)
                write_json(args, started, results)  # each size as it is done: a long run may be cut short
        finally:
            drop_tree(tree)
    print(f"{'entries':>10} " + " ".join(f"{title:>16}" for _, title in COLUMNS))
    for size, figures in results.items():
        print(f"{int(size):>10,} " + " ".join(f"{figures.get(key, '-')!s:>16}" for key, _ in COLUMNS))
    print(
        f"start-up: storyline timeline (bundled story) {started['timeline_ms']} ms, python -c pass "
        f"{started['python_ms']} ms: {started['timeline_over_python']}x"
    )
    print(f"machine: {machine()}; today = {args.today or 'not measured'}")


def write_json(args: argparse.Namespace, started: dict[str, float], results: dict[str, dict]) -> None:
    if not args.json:
        return
    args.json.parent.mkdir(parents=True, exist_ok=True)
    summary = {
        "machine": machine(),
        "date": date.today().isoformat(),
        "today": args.today,
        "startup": started,
        "sizes": results,
    }
    args.json.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
