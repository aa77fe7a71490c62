"""The composition root: the one place where a store's location, its key, the log and its views
are put together into a `Storyline`.

Opening the default store for the first time creates it and loads the bundled story, so a
newcomer's first `storyline timeline` (or `storyline.open()`) shows something real.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path

from eventsourcing.persistence import PersistenceError

from storyline.domain import DomainError
from storyline.store import StoreLocation, StoryStore, locate
from storyline.store.keys import read_key_file, resolve_key

from .app import Progress, Storyline
from .views import Views

FIRST_STORY = "caribbean-2025"


# How often an open refused at once for a lock is tried again: SQLite answers "locked" without
# waiting when waiting could deadlock, as between processes making one new store file at once.
OPEN_ATTEMPTS = 3


class StoreUnavailable(DomainError):
    def __init__(self, location: StoreLocation, reason: object) -> None:
        detail = " ".join(str(reason).split()) or type(reason).__name__
        self.busy = any(word in detail for word in ("locked", "busy", "lock timeout"))
        if self.busy:
            detail = (
                f"it is busy: another process has held it longer than {location.lock_timeout}s; try again"
            )
        super().__init__(f"cannot open the store {location.label}: {detail}")


def open_storyline(
    store: str | Path | None = None,
    *,
    key: str | None = None,
    key_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    catch_up: bool = True,
    progress: Progress | None = None,
) -> Storyline:
    """Open a store: a SQLite file (path), a `postgresql://` URL, or by default `STORYLINE_STORE`,
    else `storyline.db` in your data folder (created with the bundled story on first use). An
    encrypted store needs its key: `key`, `key_file`, or STORYLINE_KEY_FILE / STORYLINE_CIPHER_KEY.
    With `catch_up` (the default) the views are brought up to the log before it returns."""
    environ = os.environ if environ is None else environ
    location = locate(None if store is None else str(store), environ)
    if key is None:
        key = read_key_file(Path(key_file).expanduser()) if key_file else resolve_key(None, environ)
    new = not location.is_postgres and not location.exists()
    attempt = 1
    while True:
        began = time.monotonic()
        try:
            return _open(location, key, new=new, catch_up=catch_up, progress=progress)
        except StoreUnavailable as exc:
            refused_at_once = time.monotonic() - began < location.lock_timeout
            if not (exc.busy and refused_at_once) or attempt == OPEN_ATTEMPTS:
                raise
        time.sleep(0.05 * attempt)
        attempt += 1


def _open(
    location: StoreLocation, key: str | None, *, new: bool, catch_up: bool, progress: Progress | None
) -> Storyline:
    log: StoryStore | None = None
    try:
        log = StoryStore(location, cipher_key=key)
        log.check_opens()
        # An encrypted store's views are kept encrypted with its key: nothing it holds reaches a
        # disk in the clear (sealed_views.py).
        storyline = Storyline(log, Views(log, sealed=log.is_encrypted))
        if log.chained_on_open:
            storyline.notices.append(
                f"the log of {location.label} had no hash chain: its {log.chained_on_open:,} events are "
                "chained now, as they stand (`storyline verify` proves nothing changed from here on)"
            )
        if new and location.is_default:
            report = storyline.import_bundled(FIRST_STORY)[0]
            storyline.notices.append(
                f"created a new store at {location.label} with the bundled story {FIRST_STORY} ({report.added} entries)"
            )
        if catch_up and storyline.lag:
            storyline.catch_up(progress)
    except (PersistenceError, sqlite3.Error, OSError) as exc:
        _close(log)
        raise StoreUnavailable(location, exc) from None
    except Exception as exc:  # the PostgreSQL pool's timeouts are not PersistenceErrors
        _close(log)
        if type(exc).__module__.startswith(("psycopg", "psycopg_pool")):
            raise StoreUnavailable(location, exc) from None
        raise
    storyline.created = new and not location.is_default
    return storyline


def _close(log: StoryStore | None) -> None:
    """Let go of a store that failed to open, keeping the error that says why."""
    if log is not None:
        with contextlib.suppress(Exception):
            log.close()
