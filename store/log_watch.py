"""Waiting for the log to grow: what `timeline --follow` and `explore` sit on between changes.

On PostgreSQL the library NOTIFYs a channel named after the events table in every write's
transaction (eventsourcing's PostgresApplicationRecorder); a connection of our own LISTENs on it,
so a follower wakes the moment another process commits. On SQLite there is nothing to listen
to: the log's head is read every `interval` seconds (a cheap `MAX()` on the primary key).

Either way a wake-up is only a hint: the caller reads the log from its own position, so a
notification lost with a dropped connection loses nothing, and one that arrives twice repeats
nothing. A dropped PostgreSQL connection is opened again on the next wait.
"""

from __future__ import annotations

import time
from typing import Any

DEFAULT_INTERVAL = 0.5  # seconds between reads of an SQLite log's head


class LogWatch:
    def __init__(self, recorder: Any, *, interval: float = DEFAULT_INTERVAL) -> None:
        self.recorder = recorder
        self.interval = interval
        self.channel: str | None = getattr(recorder, "channel_name", None)  # PostgreSQL only
        self._listener: Any = None

    def head(self) -> int:
        return self.recorder.max_notification_id() or 0

    def wait(self, position: int, timeout: float) -> int:
        """The log's head, once it is past `position` or `timeout` seconds have gone by."""
        deadline = time.monotonic() + timeout
        while True:
            head = self.head()
            if head > position:
                return head
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return head
            if self.channel is None:
                time.sleep(min(self.interval, remaining))
            else:
                self._listen(min(remaining, 5.0))

    def _listen(self, timeout: float) -> None:
        import psycopg
        from psycopg.sql import SQL, Identifier

        try:
            if self._listener is None or self._listener.closed:
                self._listener = psycopg.connect(**self._connection_kwargs(), autocommit=True)
                self._listener.execute(SQL("LISTEN {}").format(Identifier(self.channel or "")))
                return  # listening from now: the head is read again before waiting
            for _ in self._listener.notifies(timeout=timeout, stop_after=1):
                pass
        except psycopg.OperationalError:
            self.close()  # the server went away: wait a little, then connect again
            time.sleep(min(timeout, 1.0))

    def _connection_kwargs(self) -> dict[str, Any]:
        pool = self.recorder.datastore.pool
        kwargs = {k: v for k, v in pool.kwargs.items() if k != "row_factory"}
        return {k: v for k, v in kwargs.items() if v not in (None, "")}

    def close(self) -> None:
        if self._listener is not None:
            try:
                self._listener.close()
            finally:
                self._listener = None
