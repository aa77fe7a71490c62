"""The library's PostgreSQL recorder, with what Storyline adds to each write (see backends.py).
Apart, because psycopg is slow to import and a store on SQLite never needs it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier

from .backends import Meta, StorylineRecorder

# Rows from which a write goes by COPY (its events and links here, a view table's rows in the
# views): a statement per row costs the server a parse, a plan and an execution each, however
# the driver pipelines them (a catch-up on PostgreSQL spent most of its time there); a few rows,
# as after one `record`, are not worth a staging table.
COPY_FROM = 100


class StorylinePostgresRecorder(StorylineRecorder, PostgresApplicationRecorder):
    placeholder = "%s"

    def __init__(self, datastore: Any, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        schema = f'"{self.datastore.schema}".'
        self.meta_table = f'{schema}"{events_table_name.removesuffix("_events")}_store_meta"'
        self.chain_table = f'{schema}"{events_table_name.removesuffix("_events")}_log_chain"'
        # The library types these statements as Composed, though it runs any SQL query given.
        self.sql_create_statements += [SQL(s) for s in self.store_table_statements("BYTEA")]  # type: ignore[misc]

    def _fetch_ids_after_insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs) or []
        self._chain_and_note(curs, list(ids), stored_events, kwargs.get("meta"))
        return ids

    # As the library's own insert: a dropped connection or a lock not granted in time, tried again.
    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events_bulk(self, stored_events: Sequence[StoredEvent], meta: Meta | None = None) -> None:
        """A batch of an import, by COPY: the library sends each event as a composite value its
        driver dumps in Python, which took a third of an import on PostgreSQL."""
        table = SQL("{}.{}").format(Identifier(self.datastore.schema), Identifier(self.events_table_name))
        with self.datastore.transaction(commit=True) as cursor:
            self._lock_table(cursor)  # what orders writers: the ids given next are this batch's, in order
            self._notify_channel(cursor)
            copy_in = SQL("COPY {} (originator_id, originator_version, topic, state) FROM STDIN")
            with cursor.copy(copy_in.format(table)) as copy:
                for event in stored_events:
                    copy.write_row((event.originator_id, event.originator_version, event.topic, event.state))
            cursor.execute(
                SQL("SELECT notification_id FROM {} ORDER BY notification_id DESC LIMIT %s").format(table),
                (len(stored_events),),
            )
            ids = sorted(row["notification_id"] for row in cursor.fetchall())
            self._chain_and_note(cursor, ids, stored_events, meta)

    def _insert_links(self, cursor: Any, links: Sequence[tuple[int, bytes]]) -> None:
        if len(links) < COPY_FROM:
            super()._insert_links(cursor, links)
            return
        with cursor.copy(f"COPY {self.chain_table} (position, link) FROM STDIN") as copy:
            for link in links:
                copy.write_row(link)

    def _lock_writers(self, cursor: Any) -> None:
        self._lock_table(cursor)

    def _all_events(self, cursor: Any) -> list[tuple[int, StoredEvent]]:
        cursor.execute(
            SQL("SELECT * FROM {}.{} ORDER BY notification_id").format(
                Identifier(self.datastore.schema), Identifier(self.events_table_name)
            )
        )
        return [
            (
                row["notification_id"],
                StoredEvent(
                    row["originator_id"], row["originator_version"], row["topic"], bytes(row["state"])
                ),
            )
            for row in cursor.fetchall()
        ]
