"""The library's recorders for SQLite and PostgreSQL, with what Storyline adds to each write:

- the hash chain (chain.py): every transaction that inserts events also inserts their links,
  after its events, while it holds the lock that orders writers (SQLite's write lock, the
  library's EXCLUSIVE lock on PostgreSQL's events table), so links follow positions exactly;
- the store's own facts (`store_meta`: how entry ids are made, when the chain began, an
  unfinished copy), written in the same transaction as the events they are about;
- on SQLite, a batch of events inserted with a single `executemany` (the library's own insert
  goes row by row, to return each row's notification id, which a bulk import does not need).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

from storyline.domain import DomainError

from .chain import GENESIS, LogChain

Meta = Mapping[str, str | None]  # name → value; None removes it


class ChainBroken(DomainError):
    def __init__(self, position: int) -> None:
        super().__init__(
            f"the log's hash chain already has a link at position {position}, where a new event was to go: "
            "the log was altered; see `storyline verify`"
        )


class StorylineRecorder:
    """What both backends add; the SQL is the same but for placeholders and table names."""

    chain: LogChain = LogChain()
    placeholder = "?"
    meta_table = "store_meta"
    chain_table = "log_chain"
    datastore: Any

    def sql(self, statement: str) -> str:
        return statement if self.placeholder == "?" else statement.replace("?", self.placeholder)

    def store_table_statements(self, blob: str) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {self.meta_table} (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {self.chain_table} (position BIGINT PRIMARY KEY, link {blob} NOT NULL)",
        ]

    # -- in the writer's transaction -----------------------------------------------------------

    def _chain_and_note(
        self, cursor: Any, ids: Sequence[int], events: Sequence[StoredEvent], meta: Meta | None
    ) -> None:
        if ids:
            previous = self._last_link(cursor, before=ids[0])
            links = self.chain.links(previous, list(zip(ids, events, strict=True)))
            try:
                self._insert_links(cursor, links)
            except IntegrityError:
                raise ChainBroken(ids[0]) from None
            except Exception as exc:  # the driver's own integrity error, before the library wraps it
                if "unique" in str(exc).lower() or "duplicate" in str(exc).lower():
                    raise ChainBroken(ids[0]) from None
                raise
        if meta:
            self._write_meta(cursor, meta)

    def _insert_links(self, cursor: Any, links: Sequence[tuple[int, bytes]]) -> None:
        cursor.executemany(self.sql(f"INSERT INTO {self.chain_table} (position, link) VALUES (?, ?)"), links)

    def _last_link(self, cursor: Any, *, before: int) -> bytes:
        cursor.execute(
            self.sql(
                f"SELECT link FROM {self.chain_table} WHERE position < ? ORDER BY position DESC LIMIT 1"
            ),
            (before,),
        )
        row = cursor.fetchone()
        return bytes(row["link"]) if row else GENESIS

    def _write_meta(self, cursor: Any, meta: Meta) -> None:
        for name, value in meta.items():
            cursor.execute(self.sql(f"DELETE FROM {self.meta_table} WHERE name = ?"), (name,))
            if value is not None:
                cursor.execute(
                    self.sql(f"INSERT INTO {self.meta_table} (name, value) VALUES (?, ?)"), (name, value)
                )

    # -- on their own ------------------------------------------------------------------------------

    def read_meta(self) -> dict[str, str]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT name, value FROM {self.meta_table}")
            return {row["name"]: row["value"] for row in cursor.fetchall()}

    def write_meta(self, meta: Meta) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            self._write_meta(cursor, meta)

    def chain_links(self, start: int, limit: int) -> list[tuple[int, bytes]]:
        """(position, link) from `start` on, in order."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                self.sql(
                    f"SELECT position, link FROM {self.chain_table} WHERE position >= ? ORDER BY position LIMIT ?"
                ),
                (start, limit),
            )
            return [(int(row["position"]), bytes(row["link"])) for row in cursor.fetchall()]

    def chain_head(self) -> tuple[int, bytes] | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT position, link FROM {self.chain_table} ORDER BY position DESC LIMIT 1")
            row = cursor.fetchone()
        return (int(row["position"]), bytes(row["link"])) if row else None

    def begin_chain(self) -> int:
        """Give a store written before the chain existed its chain: every event it holds, linked as
        it stands now, in one transaction that holds the writers' lock. Returns how many events
        were linked (0 for a store that has its chain already)."""
        claim = f"claimed by {uuid4().hex}"
        with self.datastore.transaction(commit=True) as cursor:
            self._lock_writers(cursor)
            # A write first: on SQLite it takes the write lock, so the events read next are all.
            cursor.execute(
                self.sql(
                    f"INSERT INTO {self.meta_table} (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING"
                ),
                ("chain", claim),
            )
            cursor.execute(self.sql(f"SELECT value FROM {self.meta_table} WHERE name = ?"), ("chain",))
            row = cursor.fetchone()
            if row is None or row["value"] != claim:
                return 0  # chained already, by this process or another
            events = self._all_events(cursor)
            links = self.chain.links(GENESIS, events)
            if links:
                self._insert_links(cursor, links)
            began = {"since": datetime.now(UTC).isoformat(timespec="seconds"), "events_found": len(links)}
            self._write_meta(cursor, {"chain": json.dumps(began)})
            return len(links)

    def _lock_writers(self, cursor: Any) -> None:
        """Make other writers of events wait for this transaction (SQLite: its first write does)."""

    def _all_events(self, cursor: Any) -> list[tuple[int, StoredEvent]]:
        raise NotImplementedError


if TYPE_CHECKING:
    from eventsourcing.persistence import ApplicationRecorder

    class StoreRecorder(StorylineRecorder, ApplicationRecorder):
        """A store's recorder as the type checker knows it (there is no such class at run time):
        the library's application recorder, SQLite's or PostgreSQL's, with what Storyline adds."""


class StorylineSQLiteRecorder(StorylineRecorder, SQLiteApplicationRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *self.store_table_statements("BLOB")]

    def _insert_events(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events) or []
        self._chain_and_note(c, list(ids), stored_events, kwargs.get("meta"))
        return ids

    def insert_events_bulk(self, stored_events: Sequence[StoredEvent], meta: Meta | None = None) -> None:
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
            # This transaction holds the write lock now: rowids were given in order after the last.
            last = self._max_notification_id(c) or 0
            ids = list(range(last - len(params) + 1, last + 1))
            self._chain_and_note(c, ids, stored_events, meta)

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

    def _all_events(self, cursor: Any) -> list[tuple[int, StoredEvent]]:
        cursor.execute(f"SELECT rowid, * FROM {self.events_table_name} ORDER BY rowid")
        return [
            (
                row["rowid"],
                StoredEvent(
                    self.convert_originator_id(row["originator_id"]),
                    row["originator_version"],
                    row["topic"],
                    row["state"],
                ),
            )
            for row in cursor.fetchall()
        ]
