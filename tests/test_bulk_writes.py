"""Bulk writes: a batch of an import, and a batch of a catch-up, go to PostgreSQL by COPY (a
statement per row cost the server most of its time), and to SQLite by one `executemany`.

Either way a store must hold the same thing: the same events, the same view rows, text of any
shape (tabs, newlines, backslashes, what COPY's own format uses) exactly as recorded. The file
here is large enough for COPY (more than `COPY_FROM` rows a table) and corrects its own rows,
so tallies are merged into sums already written.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from storyline.projections import TimelineQuery, Views
from storyline.projections.formats import read_document
from storyline.projections.models import TABLES
from storyline.projections.postgres_database import COPY_FROM
from storyline.projections.verify import verify
from storyline.store import Importer, StoryStore, locate
from storyline.store.backends import ChainBroken

from .conftest import fresh_postgres_url

ROWS = 2 * COPY_FROM
AWKWARD = [
    "tab\there",
    "two\nlines",
    "back\\slash",
    "\\N",
    "\\.",
    'a "quote", a comma',
    "ünïcødé ✓",
    "cr\r\nlf",
]


def awkward(n: int) -> str:
    return f"Strike {n}: {AWKWARD[n % len(AWKWARD)]}"


def write_file(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["id", "kind", "date", "title", "killed", "actors", "source", "notes", "reported", "corrects"]
        )
        for n in range(ROWS):
            day = f"2025-09-{1 + n % 28:02d}"
            out.writerow(
                [
                    f"s{n}",
                    "strike",
                    day,
                    awkward(n),
                    n,
                    "United States",
                    "AP",
                    awkward(n + 1),
                    "2025-10-01",
                    "",
                ]
            )
            if n % 3 == 0:  # a correction of a row written a moment before, in the same batch
                out.writerow([f"s{n}-fix", "", "", "", n + 1, "", "Reuters", "", "2025-10-05", f"s{n}"])


def imported(url: str, source: Path) -> tuple[StoryStore, Views]:
    store = StoryStore(locate(url))
    Importer(store).import_documents([read_document(source)], story="boats")
    views = Views(store)
    views.catch_up()
    return store, views


def view_rows(views: Views) -> dict[str, list[tuple[Any, ...]]]:
    with views.database.transaction(commit=False) as cursor:
        tables = {}
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table.name}")
            tables[table.name] = sorted(tuple(sorted(dict(row).items())) for row in cursor.fetchall())
    return tables


def test_a_bulk_import_and_catch_up_keep_every_text_as_recorded(store_url: str, tmp_path: Path) -> None:
    source = tmp_path / "strikes.csv"
    write_file(source)
    store, views = imported(store_url, source)
    try:
        shown = {e.key: e for e in views.timeline(TimelineQuery())}
        assert len(shown) == ROWS
        for n in range(ROWS):
            entry = shown[f"s{n}"]
            assert entry.title == awkward(n)
            assert entry.notes == awkward(n + 1)
            assert entry.figure("killed").value == (n + 1 if n % 3 == 0 else n)  # type: ignore[union-attr]
        checked, problems = verify(store, views)  # the chain over COPY's ids, the views against a rebuild
        assert problems == []
        assert checked == len(list(store.stored_events())) > ROWS
        caught_up = view_rows(views)
        views.rebuild()  # the same rows again, into a rebuild's fresh tables (their staging too)
        assert view_rows(views) == caught_up
    finally:
        views.close()
        store.close()


@pytest.mark.postgres
def test_postgres_holds_the_very_rows_sqlite_holds(tmp_path: Path, postgres_database: str) -> None:
    source = tmp_path / "strikes.csv"
    write_file(source)
    held = {}
    for name, url in (
        ("sqlite", str(tmp_path / "s.db")),
        ("postgres", fresh_postgres_url(postgres_database)),
    ):
        store, views = imported(url, source)
        try:
            held[name] = (
                [(e.topic, e.state) for _, e in sorted(store.stored_events())],
                view_rows(views),
            )
        finally:
            views.close()
            store.close()
    sqlite_events, sqlite_views = held["sqlite"]
    postgres_events, postgres_views = held["postgres"]
    assert len(sqlite_events) == len(postgres_events)
    # Event by event the same but for the time each was recorded, which each import stamps anew.
    assert [t for t, _ in sqlite_events] == [t for t, _ in postgres_events]
    for table in sqlite_views:
        if table == "log_positions":
            continue  # when each position was recorded: two imports, two times
        assert len(sqlite_views[table]) == len(postgres_views[table]), table
        assert _untimed(sqlite_views[table]) == _untimed(postgres_views[table]), table


def _untimed(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows without what holds the moment each import recorded them."""
    import json

    out = []
    for row in rows:
        values = dict(row)
        if "body" in values and isinstance(values["body"], str) and values["body"].startswith("{"):
            body = json.loads(values["body"])
            body.pop("recorded", None)
            values["body"] = json.dumps(body, sort_keys=True)
        out.append(tuple(sorted(values.items())))
    return sorted(out)


def test_a_bulk_write_onto_a_planted_link_is_refused_whole(store_url: str, tmp_path: Path) -> None:
    source = tmp_path / "strikes.csv"
    write_file(source)
    store = StoryStore(locate(store_url))
    try:
        store.recorder.write_meta({"planted": "yes"})  # the store's tables exist
        recorder = store.recorder
        with recorder.datastore.transaction(commit=True) as cursor:  # someone altered the log's chain
            cursor.execute(
                recorder.sql(f"INSERT INTO {recorder.chain_table} (position, link) VALUES (?, ?)"),
                (COPY_FROM // 2, b"\x00" * 32),
            )
        with pytest.raises(ChainBroken, match="already has a link at position"):
            Importer(store).import_documents([read_document(source)], story="boats")
        # The actors the file names were defined before its rows; the batch that met the link wrote nothing.
        assert {e.topic.split(":")[-1].split(".")[0] for _, e in store.stored_events()} == {"ActorRegistry"}
    finally:
        store.close()
