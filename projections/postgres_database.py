"""The view recorder on PostgreSQL: the same tables, `%s` placeholders, the store's schema."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError
from eventsourcing.postgres import PostgresTrackingRecorder

from storyline.store.postgres_backend import COPY_FROM

from .database import ViewDatabase


class PostgresViewDatabase(ViewDatabase, PostgresTrackingRecorder):
    placeholder = "%s"
    dialect = "postgresql"

    copy_from = COPY_FROM

    def _copy_rows(
        self, cursor: Any, table: str, columns: str, rows: Sequence[Any], on_conflict: str
    ) -> None:
        target = table
        if on_conflict:  # COPY cannot skip or merge a row: it fills a staging table, merged by one INSERT
            target = f"storyline_staging_{table}"
            cursor.execute(f"CREATE TEMPORARY TABLE {target} (LIKE {table}) ON COMMIT DROP")
        with cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        if on_conflict:
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target} {on_conflict}")
            cursor.execute(f"DROP TABLE {target}")  # a rebuild's last transaction flushes more than once

    def _enter(self, cursor: Any, *, writing: bool, snapshot: bool = False) -> None:
        if snapshot:  # before any query: every table read as of one moment
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute(f'SET LOCAL search_path TO "{self.datastore.schema}"')
        if writing:
            # SQLite's BEGIN IMMEDIATE, here: one writer of the views at a time, so each reads
            # the position the one before it committed (see catchup.py). A writer waits for
            # the lock as long as the store's lock timeout, then the store is "busy".
            cursor.execute(f"SET LOCAL lock_timeout = '{int(self.datastore.lock_timeout or 0)}s'")
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"storyline-views:{self.datastore.schema}",)
            )

    def existing_tables(self, cursor: Any) -> dict[str, str]:
        cursor.execute(
            "SELECT c.relname, c.relkind FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm')",
            (self.datastore.schema,),
        )
        kinds = {"v": "VIEW", "m": "MATERIALIZED VIEW"}
        return {row["relname"]: kinds.get(row["relkind"], "TABLE") for row in cursor.fetchall()}

    def create_table(self) -> None:
        try:
            super().create_table()
        except IntegrityError:
            # Another process opening a new store created the tracking table between our look
            # and our insert of the library's migration marker (as on SQLite): it is there now.
            self.tracking_table_exists = False
            super().create_table()
