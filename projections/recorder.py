"""Where read models keep their rows: tables in the store's own database, beside the events.

The recorder is the library's tracking recorder for the backend (SQLite or PostgreSQL),
extended with our tables. A projection writes its rows and its tracking position in one
transaction, so a crash can never leave rows counted without their position, or the reverse.
The SQL is written once, for both backends; only placeholders and the schema differ.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import IntegrityError, OperationalError, Tracking
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from storyline.store import StoryStore

from .tallies import COLUMNS as TALLY_COLUMNS

# Bump when the rows a projection writes change meaning: stores then rebuild their views once.
VIEWS_VERSION = "9"

OPEN_POSITION = 2**62  # rec_to of rows that still hold now

DDL = [
    """CREATE TABLE IF NOT EXISTS view_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    # One row per entry per state of knowledge: which store positions it holds for (rec_from
    # up to rec_to) and which reported days (known_from up to known_to), with what occurred.
    """CREATE TABLE IF NOT EXISTS timeline_rows (
        entry_id TEXT NOT NULL,
        rec_from BIGINT NOT NULL,
        rec_to BIGINT NOT NULL,
        known_from INTEGER NOT NULL,
        known_to INTEGER NOT NULL,
        story TEXT NOT NULL,
        entry_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        occ_start INTEGER NOT NULL,
        occ_end INTEGER NOT NULL,
        sort_start INTEGER NOT NULL,
        sort_span INTEGER NOT NULL,
        first_position BIGINT NOT NULL,
        retracted INTEGER NOT NULL,
        topic TEXT,
        topic_key TEXT,
        body TEXT NOT NULL,
        PRIMARY KEY (entry_id, rec_from, known_from)
    )""",
    # Pages of the timeline as of a day, whatever the reported clock asks.
    "CREATE INDEX IF NOT EXISTS timeline_by_day ON timeline_rows (rec_to, sort_start, sort_span, first_position)",
    "CREATE INDEX IF NOT EXISTS timeline_open ON timeline_rows (occ_start, rec_to, sort_start, sort_span, first_position)",
    "CREATE INDEX IF NOT EXISTS timeline_entry ON timeline_rows (entry_id, rec_to)",
    "CREATE INDEX IF NOT EXISTS timeline_key ON timeline_rows (entry_key, story)",
    "CREATE INDEX IF NOT EXISTS timeline_story ON timeline_rows (story)",
    # A situation report walks back from its day, key by key (see topics.py).
    "CREATE INDEX IF NOT EXISTS timeline_topic ON timeline_rows "
    "(topic, topic_key, sort_start, sort_span, first_position)",
    "CREATE INDEX IF NOT EXISTS timeline_topic_open ON timeline_rows "
    "(topic, topic_key, occ_start, sort_start, sort_span, first_position)",
    """CREATE TABLE IF NOT EXISTS situation_keys (
        story TEXT NOT NULL,
        topic TEXT NOT NULL,
        topic_key TEXT NOT NULL,
        PRIMARY KEY (story, topic, topic_key)
    )""",
    # Every actor an entry has ever named, to find an actor's entries without a scan.
    """CREATE TABLE IF NOT EXISTS entry_parties (
        actor TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        PRIMARY KEY (actor, entry_id)
    )""",
    # When each position was recorded, to turn --recorded-before WHEN into a position.
    """CREATE TABLE IF NOT EXISTS log_positions (
        position BIGINT PRIMARY KEY,
        recorded_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS log_positions_time ON log_positions (recorded_at)",
    # Running tallies: see tallies.py.
    """CREATE TABLE IF NOT EXISTS tally_deltas (
        story TEXT NOT NULL,
        edge TEXT NOT NULL,
        occ_day INTEGER NOT NULL,
        known_day INTEGER NOT NULL,
        """
    + ",\n        ".join(f"{column} BIGINT NOT NULL" for column in TALLY_COLUMNS)
    + """,
        PRIMARY KEY (story, edge, occ_day, known_day)
    )""",
    "CREATE INDEX IF NOT EXISTS tally_days ON tally_deltas (edge, occ_day, known_day)",
    # The same deltas summed over every report: what the tallies are as known now.
    """CREATE TABLE IF NOT EXISTS tally_now (
        story TEXT NOT NULL,
        edge TEXT NOT NULL,
        occ_day INTEGER NOT NULL,
        """
    + ",\n        ".join(f"{column} BIGINT NOT NULL" for column in TALLY_COLUMNS)
    + """,
        PRIMARY KEY (story, edge, occ_day)
    )""",
    """CREATE TABLE IF NOT EXISTS actor_rows (
        name TEXT PRIMARY KEY,
        body TEXT NOT NULL
    )""",
]
VIEW_TABLES = [
    "timeline_rows",
    "entry_parties",
    "log_positions",
    "actor_rows",
    "tally_deltas",
    "tally_now",
    "situation_keys",
]


class ViewRecorder:
    """What both backends' view recorders add to the library's tracking recorder."""

    placeholder = "?"
    datastore: Any

    @property
    def tracking_table(self) -> str:
        # The library names it "tracking" on SQLite, "<application>_tracking" on PostgreSQL.
        return getattr(self, "tracking_table_name", "tracking")

    def sql(self, statement: str) -> str:
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[Any]:
        with self.datastore.transaction(commit=commit) as cursor:
            self._enter(cursor)
            yield cursor

    def _enter(self, cursor: Any) -> None:
        """Per-transaction set-up: nothing for SQLite."""

    def close(self) -> None:
        """Let go of connections of the views' own."""

    def create_views(self) -> None:
        with self.transaction(commit=True) as c:
            self._create_views(c)

    def _create_views(self, c: Any) -> None:
        """Make the views' tables, unless they are there in this version's shape already (then
        nothing is touched: DDL would lock tables other processes are writing). Tables of an
        older shape are dropped and made anew, and the views' position forgotten, so the next
        catch-up rebuilds them from the log."""
        c.execute(DDL[0])  # view_meta
        c.execute(self.sql("SELECT value FROM view_meta WHERE name = ?"), ("version",))
        row = c.fetchone()
        if row is not None and row["value"] == VIEWS_VERSION:
            return
        for table in VIEW_TABLES:
            c.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in DDL:
            c.execute(statement)
        c.execute(
            self.sql(f"DELETE FROM {self.tracking_table} WHERE application_name = ?"), (StoryStore.name,)
        )
        c.execute(self.sql("DELETE FROM view_meta WHERE name = ?"), ("version",))
        c.execute(self.sql("INSERT INTO view_meta (name, value) VALUES (?, ?)"), ("version", VIEWS_VERSION))

    def reset(self, cursor: Any, application_name: str) -> None:
        """Empty every view and forget the tracking position, in the caller's transaction."""
        for table in VIEW_TABLES:
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            self.sql(f"DELETE FROM {self.tracking_table} WHERE application_name = ?"), (application_name,)
        )

    def track(self, cursor: Any, application_name: str, position: int) -> None:
        # The library's own insert, inside our transaction (as its process recorders do).
        self._insert_tracking(cursor, Tracking(application_name, position))  # type: ignore[attr-defined]


class SQLiteViews(ViewRecorder, SQLiteTrackingRecorder):
    """Views on SQLite keep a connection of their own: the library opens its connections with a
    statement cache of one, and a catch-up or a report alternates a handful of statements, so
    each would be prepared again every time."""

    STATEMENT_CACHE = 128

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self._connection: sqlite3.Connection | None = None

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            connection = sqlite3.connect(
                self.datastore.pool.db_name,
                uri=True,
                isolation_level=None,
                timeout=self.datastore.pool.lock_timeout or 5,
                cached_statements=self.STATEMENT_CACHE,
                check_same_thread=False,
            )
            connection.row_factory = sqlite3.Row
            # Views can always be rebuilt from the log, and rows and tracking commit together:
            # a crash loses at most the last batch, never consistency. No fsync per batch.
            connection.execute("PRAGMA synchronous=NORMAL")
            self._connection = connection
        return self._connection

    @contextmanager
    def transaction(self, *, commit: bool) -> Iterator[Any]:
        cursor = self.connection.cursor()
        # Writers take the lock at once: a read-then-write transaction cannot deadlock on upgrade.
        cursor.execute("BEGIN IMMEDIATE" if commit else "BEGIN")
        try:
            yield cursor
        except sqlite3.IntegrityError as exc:
            self.connection.rollback()
            raise IntegrityError(exc) from exc
        except sqlite3.OperationalError as exc:
            self.connection.rollback()
            raise OperationalError(exc) from exc
        except BaseException:
            self.connection.rollback()
            raise
        else:
            if commit:
                self.connection.commit()
            else:
                self.connection.rollback()
        finally:
            cursor.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def create_table(self) -> None:
        try:
            super().create_table()
        except IntegrityError:
            # Another process opening a new store created the tracking table between our look
            # and our insert of the library's migration marker: the table is there now.
            self.tracking_table_exists = False
            super().create_table()
        self.create_views()


def open_view_recorder(store: StoryStore, *, in_memory: bool = False) -> ViewRecorder:
    """The views of `store`, in its own database — or, `in_memory`, in a private SQLite database
    that lives as long as this process holds it: for an encrypted store, whose views must never
    reach a disk in the clear, and for `verify`, which compares the views with a fresh rebuild."""
    if in_memory:
        name = f"file:storyline-views-{uuid.uuid4().hex}?mode=memory&cache=shared"
        recorder = SQLiteViews(SQLiteDatastore(name))
        recorder.create_table()
        return recorder
    if store.location.is_postgres:
        from .postgres_views import PostgresViews  # psycopg is slow to import: only when needed

        return store.factory.tracking_recorder(PostgresViews)  # type: ignore[arg-type,return-value]
    return store.factory.tracking_recorder(SQLiteViews)  # type: ignore[arg-type,return-value]
