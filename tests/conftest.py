"""Shared fixtures. Store and projection tests run against both backends: SQLite in a temporary
file, and PostgreSQL in a database of this test run's own (one schema per test).

PostgreSQL tests skip, saying why, when no server is reachable; `.ci/run` sets
STORYLINE_REQUIRE_POSTGRES=1, which turns that skip into a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result

from storyline.cli.main import main
from storyline.projections import Views
from storyline.projections.formats import read_document
from storyline.store import Importer, StoryStore, bundled_story_path, locate

POSTGRES_SERVER = os.environ.get("STORYLINE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
REQUIRE_POSTGRES = os.environ.get("STORYLINE_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database for this test run, dropped at the end: `postgresql://.../<name>`."""
    try:
        admin = psycopg.connect(POSTGRES_SERVER, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        reason = f"no PostgreSQL server at {POSTGRES_SERVER} ({' '.join(str(exc).split())[:120]})"
        if REQUIRE_POSTGRES:
            pytest.fail(f"{reason}; STORYLINE_REQUIRE_POSTGRES=1 makes PostgreSQL tests mandatory")
        pytest.skip(f"{reason}; set STORYLINE_TEST_POSTGRES to a server's URL to run them")
    name = f"storyline_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_SERVER.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def fresh_postgres_url(database: str) -> str:
    return f"{database}?schema=t_{uuid.uuid4().hex[:12]}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return fresh_postgres_url(request.getfixturevalue("postgres_database"))


@pytest.fixture
def store(store_url: str) -> Iterator[StoryStore]:
    app = StoryStore(locate(store_url))
    yield app
    app.close()


@pytest.fixture
def views(store: StoryStore) -> Views:
    return Views(store)


def import_bundled(store: StoryStore) -> None:
    Importer(store).import_document(read_document(bundled_story_path("caribbean-2025")))


@pytest.fixture
def seeded(store: StoryStore, views: Views) -> Views:
    """Views over a store holding the bundled story, caught up."""
    import_bundled(store)
    views.catch_up()
    return views


Run = Callable[..., Result]


def without_recorded(value: object) -> object:
    """JSON without the `recorded` times: the one thing a new store cannot share with the one
    it was exported from (its own clock)."""
    if isinstance(value, dict):
        return {k: without_recorded(v) for k, v in value.items() if k != "recorded"}
    if isinstance(value, list):
        return [without_recorded(v) for v in value]
    return value


@pytest.fixture
def cli(tmp_path: Path, store_url: str) -> Run:
    """Runs `storyline ARGS...` through click's runner against the test's store.

    No colour, 100 columns, a HOME of its own. Returns click's Result (stdout, stderr,
    exit_code)."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)

    def run(*args: str, env: dict[str, str | None] | None = None) -> Result:
        environ: dict[str, str | None] = {
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "STORYLINE_STORE": store_url,
            "NO_COLOR": "1",
            "COLUMNS": "100",
            **(env or {}),
        }
        return CliRunner().invoke(main, list(args), env=environ, catch_exceptions=False)

    return run


@pytest.fixture
def seeded_cli(cli: Run) -> Run:
    result = cli("import", "--bundled", "caribbean-2025")
    assert result.exit_code == 0, result.stderr
    assert cli("stats").exit_code == 0  # the views caught up, as after any read command
    return cli


# The bundled story's toll, corrected as a reader of a later report would.
CORRECT_TOLL = (
    "correct",
    "strike-toll",
    "--set",
    "killed=at least 80",
    "--reported",
    "2025-11-20",
    "--source",
    "CNN",
    "--why",
    "new count",
)


def record_strike(cli: Run, title: str, *options: str, on: str = "2025-09-02") -> None:
    """A strike recorded in the bundled story, reported by AP: for text put through outputs."""
    done = cli(
        "record",
        "strike",
        "--on",
        on,
        "--title",
        title,
        "--source",
        "AP",
        "--story",
        "caribbean-2025",
        *options,
    )
    assert done.exit_code == 0, done.stderr
