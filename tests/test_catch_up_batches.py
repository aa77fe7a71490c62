"""A catch-up writes a batch of events in one go, corrections included.

A correction closes its entry's current rows. When those rows were gathered in the same batch
(the entry was recorded a moment before, as an import of a file with corrections makes it), they
are closed where they wait: the batch is not flushed and read back for each one. What the views
hold is the same either way (tests/test_replay_properties.py compares them with the oracle).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storyline.projections import TimelineQuery, Views
from storyline.projections.database import SQLiteViewDatabase
from storyline.projections.formats import read_document
from storyline.store import Importer, StoryStore, locate

ROWS = 40


def write_file(path: Path) -> None:
    lines = ["id,kind,date,title,killed,source,reported,corrects"]
    for n in range(ROWS):
        lines.append(f"s{n},strike,2025-09-{1 + n % 28:02d},Strike {n},{n},AP,2025-10-01,")
        lines.append(f"s{n}-fix,,,,{n + 1},Reuters,2025-10-05,s{n}")
    path.write_text("\n".join(lines) + "\n")


def test_corrections_in_a_batch_never_read_back_the_rows_it_is_writing(tmp_path: Path) -> None:
    store = StoryStore(locate(str(tmp_path / "s.db")))
    source = tmp_path / "strikes.csv"
    write_file(source)
    Importer(store).import_documents([read_document(source)], story="boats")
    views = Views(store)
    assert isinstance(views.database, SQLiteViewDatabase)
    statements: list[str] = []
    connection: sqlite3.Connection = views.database.connection
    connection.set_trace_callback(statements.append)
    views.catch_up()
    connection.set_trace_callback(None)
    read_back = [s for s in statements if s.startswith("SELECT") and "FROM timeline_rows" in s]
    assert read_back == []  # before: one flush and one read of the entry's rows per correction
    shown = views.timeline(TimelineQuery())
    assert len(shown) == ROWS
    assert sorted(e.figure("killed").value for e in shown) == list(range(1, ROWS + 1))  # type: ignore[union-attr]
    views.close()
    store.close()
