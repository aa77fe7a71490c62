"""Where read models keep their rows: tables in the store's own database, beside the events.

The recorder is the library's tracking recorder for the backend (SQLite or PostgreSQL),
extended with our tables. A projection writes its rows and its tracking position in one
transaction, so a crash can never leave rows counted without their position, or the reverse.
The SQL is written once, for both backends; only placeholders and the schema differ.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from eventsourcing.persistence import DatabaseError, IntegrityError, OperationalError, PersistenceError
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

from storyline.domain import DomainError
from storyline.store import StoryStore

from .tables import Table, TableNames

# Bump when the rows a projection writes change meaning: stores then rebuild their views once.
VIEWS_VERSION = "18"

OPEN_POSITION = 2**62  # rec_to of rows that still hold now

# Not a view: what the views are (their version). Never rebuilt, never swapped.
META = """CREATE TABLE IF NOT EXISTS view_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
)"""


class ViewDatabase:
    """What both backends' view recorders add to the library's tracking recorder: the views'
    tables, the one position they all stand at, and the lock that makes writers take turns."""

    placeholder = "?"
    dialect = "sqlite"
    datastore: Any
    application_name: str = StoryStore.name

    @property
    def tracking_table(self) -> str:
        # The library names it "tracking" on SQLite, "<application>_tracking" on PostgreSQL.
        return getattr(self, "tracking_table_name", "tracking")

    def sql(self, statement: str) -> str:
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)

    @contextmanager
    def transaction(self, *, commit: bool, snapshot: bool = False) -> Iterator[Any]:
        """A transaction; one that writes holds the views' lock from its start, so writers of
        views take turns and each sees the position the one before it left. One that reads with
        `snapshot` sees every table as of one moment (SQLite's read transactions always do)."""
        with self.datastore.transaction(commit=commit) as cursor:
            self._enter(cursor, writing=commit, snapshot=snapshot)
            yield cursor

    def _enter(self, cursor: Any, *, writing: bool, snapshot: bool = False) -> None:
        """Per-transaction set-up: nothing for SQLite."""

    def insert_rows(
        self,
        cursor: Any,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        on_conflict: str = "",
    ) -> None:
        """Add `rows` (values in the order of `columns`) to `table`, in the caller's transaction;
        `on_conflict` is the clause that says what a row whose key is there already does."""
        if self.copy_from is not None and len(rows) >= self.copy_from:
            self._copy_rows(cursor, table, ", ".join(columns), rows, on_conflict)
            return
        values = ", ".join("?" for _ in columns)
        statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values}) {on_conflict}"
        cursor.executemany(self.sql(statement.rstrip()), rows)

    copy_from: int | None = None  # rows from which a backend that has COPY sends them so

    def _copy_rows(
        self, cursor: Any, table: str, columns: str, rows: Sequence[Any], on_conflict: str
    ) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Let go of connections of the views' own."""

    # -- the position ----------------------------------------------------------------------------

    def position(self, cursor: Any) -> int:
        cursor.execute(
            self.sql(f"SELECT notification_id FROM {self.tracking_table} WHERE application_name = ?"),
            (self.application_name,),
        )
        row = cursor.fetchone()
        if not row or row["notification_id"] is None:
            return 0
        try:
            return int(row["notification_id"])
        except (TypeError, ValueError):
            raise ViewsDamaged(f"their position in the log is {row['notification_id']!r}") from None

    def set_position(self, cursor: Any, position: int) -> None:
        cursor.execute(
            self.sql(f"DELETE FROM {self.tracking_table} WHERE application_name = ?"),
            (self.application_name,),
        )
        if position:
            cursor.execute(
                self.sql(
                    f"INSERT INTO {self.tracking_table} (application_name, notification_id) VALUES (?, ?)"
                ),
                (self.application_name, position),
            )

    # -- the tables ------------------------------------------------------------------------------

    def existing_tables(self, cursor: Any) -> dict[str, str]:
        """Name → what it is ("TABLE", "VIEW"), of what the views' database holds."""
        cursor.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")
        return {row["name"]: str(row["type"]).upper() for row in cursor.fetchall()}

    def _drop(self, cursor: Any, name: str, present: dict[str, str]) -> None:
        """Drop a table of the views, whatever someone made of it (a view in its place)."""
        kind = present.get(name)
        if kind is not None:
            cursor.execute(f"DROP {kind} {name}")

    def create_views(self, tables: tuple[Table, ...]) -> None:
        """Make the views' tables, unless they are all there in this version's shape already
        (then nothing is touched: DDL would lock tables other processes are writing). Tables of
        an older shape, or a set with one missing, are dropped and made anew, and the views'
        position forgotten, so the next catch-up fills them from the log. In a database where
        Storyline never made views, a table by one of their names is someone else's: refused.
        Views that are as they should be are only read, so opening a store never waits for the
        views' lock that a catch-up or a rebuild holds."""
        with self.transaction(commit=False) as c:
            if self._current(c, tables):
                return
        with self.transaction(commit=True) as c:
            present = self.existing_tables(c)
            ours = "view_meta" in present
            c.execute(META)
            if self._current(c, tables):  # made meanwhile by another process
                return
            names = {t.name for t in tables}
            foreign = sorted(names & set(present)) if not ours else []
            if foreign:
                raise ForeignTables(foreign)
            for table in tables:
                self._drop(c, table.name, present)
            fresh = TableNames.of(tables)
            for table in tables:
                for statement in table.create(fresh[table.name], uuid.uuid4().hex[:10], self.dialect):
                    c.execute(statement)
            self.set_position(c, 0)
            c.execute(self.sql("DELETE FROM view_meta WHERE name = ?"), ("version",))
            c.execute(
                self.sql("INSERT INTO view_meta (name, value) VALUES (?, ?)"), ("version", VIEWS_VERSION)
            )

    def _current(self, cursor: Any, tables: tuple[Table, ...]) -> bool:
        """Whether every table of `tables` is there, in this version's shape."""
        present = self.existing_tables(cursor)
        if "view_meta" not in present or not {t.name for t in tables} <= set(present):
            return False
        cursor.execute(self.sql("SELECT value FROM view_meta WHERE name = ?"), ("version",))
        row = cursor.fetchone()
        return row is not None and row["value"] == VIEWS_VERSION

    def shadow_tables(self, cursor: Any) -> list[str]:
        """Tables a rebuild made and has not swapped in (its own, or one that was killed): those
        view_meta says a rebuild made, and no others."""
        cursor.execute(self.sql("SELECT name, value FROM view_meta WHERE name LIKE ?"), ("rebuild:%",))
        made = [name for row in cursor.fetchall() for name in json.loads(row["value"])]
        present = self.existing_tables(cursor)
        return sorted(name for name in made if name in present)

    def create_shadow(self, tables: tuple[Table, ...], names: TableNames) -> None:
        """A rebuild's fresh set of tables, after dropping any a killed rebuild left behind."""
        with self.transaction(commit=True) as c:
            present = self.existing_tables(c)
            for name in self.shadow_tables(c):
                self._drop(c, name, present)
            c.execute(self.sql("DELETE FROM view_meta WHERE name LIKE ?"), ("rebuild:%",))
            c.execute(
                self.sql("INSERT INTO view_meta (name, value) VALUES (?, ?)"),
                (f"rebuild:{names.token}", json.dumps(sorted(names.values()))),
            )
            for table in tables:
                for statement in table.create(names[table.name], names.token, self.dialect):
                    c.execute(statement)

    def swap_in(self, cursor: Any, tables: tuple[Table, ...], names: TableNames, position: int) -> None:
        """Inside the caller's transaction: the rebuilt tables replace the views, whatever state
        those were in, and the views stand at `position`."""
        present = self.existing_tables(cursor)
        for table in tables:
            self._drop(cursor, table.name, present)
            cursor.execute(f"ALTER TABLE {names[table.name]} RENAME TO {table.name}")
        cursor.execute(self.sql("DELETE FROM view_meta WHERE name = ?"), (f"rebuild:{names.token}",))
        self.set_position(cursor, position)

    def drop_shadow(self, names: TableNames) -> None:
        with self.transaction(commit=True) as c:
            present = self.existing_tables(c)
            for name in names.values():
                self._drop(c, name, present)
            c.execute(self.sql("DELETE FROM view_meta WHERE name = ?"), (f"rebuild:{names.token}",))


class ViewsDamaged(DomainError):
    """The views hold what no catch-up could have written: only a rebuild repairs them."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"the views are damaged ({what}): run `storyline rebuild` to make them again from the log"
        )


class ForeignTables(DomainError):
    def __init__(self, names: list[str]) -> None:
        super().__init__(
            f"the database already holds tables named {', '.join(names)}, which are not Storyline's: "
            "give the store a schema of its own (postgresql://.../DATABASE?schema=storyline)"
        )


class SQLiteViewDatabase(ViewDatabase, SQLiteTrackingRecorder):
    """Views on SQLite keep a connection of their own: the library opens its connections with a
    statement cache of one, and a catch-up or a report alternates a handful of statements, so
    each would be prepared again every time."""

    STATEMENT_CACHE = 128
    # The DB-API module the connection is made with: the standard library's, or SQLCipher's
    # for an encrypted store's views (sealed_views.py), whose errors are classes of its own.
    driver: Any = sqlite3

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self._connection: sqlite3.Connection | None = None

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            try:
                self._connection = self._connect()
            except self.driver.Error as exc:
                raise self._translated(exc) from exc
        return self._connection

    def _translated(self, exc: Exception) -> Exception:
        """The driver's error as the library's, which every caller knows (a busy store, damage)."""
        for driver_class, ours in (
            (self.driver.IntegrityError, IntegrityError),
            (self.driver.OperationalError, OperationalError),
            (self.driver.DatabaseError, DatabaseError),
        ):
            if isinstance(exc, driver_class):
                return ours(exc)
        return PersistenceError(exc)

    def _connect(self) -> sqlite3.Connection:
        return self._connection_to(self.datastore.pool.db_name, uri=True)

    def _connection_to(self, name: str, *, uri: bool = False) -> sqlite3.Connection:
        connection: sqlite3.Connection = self.driver.connect(
            name,
            uri=uri,
            isolation_level=None,
            timeout=self.datastore.pool.lock_timeout or 5,
            cached_statements=self.STATEMENT_CACHE,
            check_same_thread=False,
        )
        connection.row_factory = self.driver.Row
        self._prepare(connection)
        # Views can always be rebuilt from the log, and rows and tracking commit together:
        # a crash loses at most the last batch, never consistency. No fsync per batch.
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    def _prepare(self, connection: sqlite3.Connection) -> None:
        """What a connection needs before anything else is asked of it: nothing, here."""

    @contextmanager
    def transaction(self, *, commit: bool, snapshot: bool = False) -> Iterator[Any]:
        cursor = self.connection.cursor()
        try:
            # Writers take the lock at once: a read-then-write transaction cannot deadlock on upgrade.
            cursor.execute("BEGIN IMMEDIATE" if commit else "BEGIN")
            try:
                yield cursor
            except BaseException:
                self.connection.rollback()
                raise
            if commit:
                self.connection.commit()
            else:
                self.connection.rollback()
        except self.driver.Error as exc:
            raise self._translated(exc) from exc
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


def open_view_database(
    store: StoryStore, tables: tuple[Table, ...], *, in_memory: bool = False
) -> ViewDatabase:
    """The views of `store`, in its own database — or, `in_memory`, in a private SQLite database
    that lives as long as this process holds it: for an encrypted store, whose views must never
    reach a disk in the clear, and for `verify`, which compares the views with a fresh rebuild."""
    recorder: ViewDatabase
    if in_memory:
        name = f"file:storyline-views-{uuid.uuid4().hex}?mode=memory&cache=shared"
        memory = SQLiteViewDatabase(SQLiteDatastore(name))
        memory.create_table()
        recorder = memory
    elif store.location.is_postgres:
        from .postgres_database import PostgresViewDatabase  # psycopg is slow to import: only when needed

        # The factory makes an instance of the class it is given; its type says only "a tracking recorder".
        recorder = cast(PostgresViewDatabase, store.factory.tracking_recorder(PostgresViewDatabase))
    else:
        recorder = cast(SQLiteViewDatabase, store.factory.tracking_recorder(SQLiteViewDatabase))
    recorder.create_views(tables)
    return recorder
