"""The library's SQLite recorder, with one addition: a batch of events inserted with a single
`executemany` in one transaction. The library's own insert goes row by row (it returns each
row's notification id, which a bulk import does not need)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder


class BulkSQLiteRecorder(SQLiteApplicationRecorder):
    def insert_events_bulk(self, stored_events: Sequence[StoredEvent]) -> None:
        params = [
            (
                s.originator_id.hex if isinstance(s.originator_id, UUID) else s.originator_id,
                s.originator_version,
                s.topic,
                s.state,
            )
            for s in stored_events
        ]
        with self.datastore.transaction(commit=True) as c:
            c.executemany(self.insert_events_statement, params)

    def existing_ids(self, ids: Sequence[UUID]) -> set[UUID]:
        """Which of these aggregates have events already: one query for a whole batch."""
        found: set[UUID] = set()
        with self.datastore.transaction(commit=False) as c:
            for start in range(0, len(ids), 500):
                chunk = [i.hex for i in ids[start : start + 500]]
                c.execute(
                    f"SELECT DISTINCT originator_id FROM {self.events_table_name} "
                    f"WHERE originator_id IN ({', '.join('?' for _ in chunk)})",
                    chunk,
                )
                found |= {UUID(r["originator_id"]) for r in c.fetchall()}
        return found
