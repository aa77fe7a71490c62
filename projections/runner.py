"""Keeping the views up with the log, and rebuilding them, while other processes do the same.

Every view shares one position in the log, and each batch of events is written with that
position in one transaction, under the views' lock (SQLite's write lock; an advisory lock on
PostgreSQL). A batch is read and decoded before the lock is taken, so the transaction first
checks that the position is still the one the batch starts from; if another process moved it
meanwhile (it caught up first, or a rebuild swapped new views in), the batch is dropped and read
again from where the views now stand. So no interleaving of catch-ups and rebuilds can lay
events twice, or onto views they do not belong to.

A rebuild never empties the views others are reading: it fills a fresh set of tables from the
whole log (see tables.py) and swaps them in, in one transaction that first brings them up to the
log's end. Whatever state the old tables were in — rows missing, position moved, tables damaged
or gone — nothing of them is read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any, Literal

from eventsourcing.persistence import DatabaseError, IntegrityError

from storyline.domain import DomainError
from storyline.store import StoryStore
from storyline.store.batches import collector_paused

from .database import ViewDatabase, ViewsDamaged
from .models import MAIN, READ_MODELS, TABLES
from .tables import TableNames

Progress = Callable[[int, int], None]
# Events per transaction: each commit costs tens of milliseconds (a sync), and a batch is read
# and decoded before the views' lock is taken, so a larger one holds the lock no longer per event.
CATCH_UP_BATCH = 10_000


class RebuildDisplaced(DomainError):
    def __init__(self) -> None:
        super().__init__("another `storyline rebuild` started while this one ran, and is finishing the job")


class ViewWriter:
    """Everything one batch of events writes to the views: each read model's writer in turn,
    under the table names given."""

    def __init__(self, database: ViewDatabase, store: StoryStore, names: TableNames) -> None:
        self.writers = [model.writer(database, store, names) for model in READ_MODELS]

    def process(self, cursor: Any, position: int, event: Any) -> None:
        for writer in self.writers:
            writer.process(cursor, position, event)

    def flush(self, cursor: Any) -> None:
        for writer in self.writers:
            writer.flush(cursor)


class ViewRunner:
    """Catches the views of one store up with its log, and rebuilds them."""

    def __init__(self, store: StoryStore, database: ViewDatabase) -> None:
        self.store = store
        self.database = database

    @property
    def position(self) -> int:
        with self.database.transaction(commit=False) as cursor:
            return self.database.position(cursor)

    def catch_up(
        self, progress: Progress | None = None, batch_size: int = CATCH_UP_BATCH, *, until: int | None = None
    ) -> int:
        """Process everything recorded since the views' position (up to position `until`, if
        given). Returns how many events this process laid onto the views (others may have laid
        some meanwhile)."""
        done = 0
        total = None
        while True:
            start = self.position
            if until is not None and start >= until:
                return done
            batch = self._read(start, batch_size if until is None else min(batch_size, until - start))
            if not batch:
                head = self.store.recorder.max_notification_id() or 0
                if start > head:  # the views say they have read what the log does not hold
                    raise ViewsDamaged(f"they stand at event {start:,}, past the log's end at {head:,}")
                return done
            if progress is not None and total is None:
                total = (self.store.recorder.max_notification_id() or 0) - start
            if self._apply(start, batch):
                done += len(batch)
                if progress is not None and total:
                    progress(min(done, total), total)

    def _read(self, after: int, limit: int) -> list[tuple[int, Any]]:
        notifications = self.store.recorder.select_notifications(after + 1, limit)
        with collector_paused():
            return [(n.id, self.store.mapper.to_domain_event(n)) for n in notifications]

    def _apply(self, start: int, batch: Sequence[tuple[int, Any]]) -> bool:
        """Write `batch`, read from after `start`, if the views still stand at `start`."""
        writer = ViewWriter(self.database, self.store, MAIN)
        with _damage_said(), collector_paused(), self.database.transaction(commit=True) as cursor:
            if self.database.position(cursor) != start:
                return False
            for position, event in batch:
                writer.process(cursor, position, event)
            writer.flush(cursor)
            self.database.set_position(cursor, batch[-1][0])
        return True

    def rebuild(self, progress: Progress | None = None, batch_size: int = CATCH_UP_BATCH) -> int:
        """Make every view again from the whole log, in tables of its own, and swap them in.
        Returns how many events the new views were made from."""
        names = TableNames.fresh(TABLES)
        self.database.create_shadow(TABLES, names)
        total = self.store.recorder.max_notification_id() or 0
        position = 0
        try:
            while batch := self._read(position, batch_size):
                with self.database.transaction(commit=True) as cursor:
                    self._write(cursor, names, batch)
                position = batch[-1][0]
                if progress is not None:
                    progress(min(position, total), max(total, position))
            # The swap, under the views' lock: first whatever was appended meanwhile.
            with self.database.transaction(commit=True) as cursor:
                while batch := self._read(position, batch_size):
                    self._write(cursor, names, batch)
                    position = batch[-1][0]
                self.database.swap_in(cursor, TABLES, names, position)
        except DatabaseError as exc:
            if not (set(names.values()) & set(self._shadows())):
                raise RebuildDisplaced() from None  # another rebuild dropped our tables
            self._drop_shadow(names)
            raise exc
        except BaseException:
            self._drop_shadow(names)
            raise
        return position

    def _write(self, cursor: Any, names: TableNames, batch: Sequence[tuple[int, Any]]) -> None:
        writer = ViewWriter(self.database, self.store, names)
        with collector_paused():
            for position, event in batch:
                writer.process(cursor, position, event)
            writer.flush(cursor)

    def _drop_shadow(self, names: TableNames) -> None:
        """What a failed rebuild made, dropped if it can be: what made it fail is what to say
        (damaged views may refuse this too; the next rebuild drops what is left). SQLCipher
        answers "out of memory" on a connection that met a page it could not decrypt."""
        with contextlib.suppress(DatabaseError, DomainError, MemoryError):
            self.database.drop_shadow(names)

    def _shadows(self) -> list[str]:
        with self.database.transaction(commit=False) as cursor:
            return self.database.shadow_tables(cursor)


class _damage_said:
    """Errors that only damaged views can cause, said as one line that names the cure."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: BaseException | None, _: Any) -> Literal[False]:
        if isinstance(exc, IntegrityError):
            raise ViewsDamaged(f"a catch-up found rows already there: {' '.join(str(exc).split())}") from None
        if isinstance(exc, DatabaseError) and ("no such" in str(exc) or "does not exist" in str(exc)):
            raise ViewsDamaged(" ".join(str(exc).split())) from None
        return False
