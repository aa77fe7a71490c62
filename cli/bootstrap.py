"""The composition root: the one place where a store, its views and the terminal meet.

Opening the default store for the first time creates it and loads the bundled story, so a
newcomer's first `storyline timeline` shows something real.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import attrs
from eventsourcing.persistence import PersistenceError

from storyline.domain import DomainError
from storyline.projections import Views
from storyline.store import (
    Importer,
    StoreLocation,
    StoryStore,
    bundled_story_path,
    locate,
    read_document,
)

from .environment import Environment
from .progress import progress_bar
from .safe_text import visible

FIRST_STORY = "caribbean-2025"


class StoreUnavailable(DomainError):
    def __init__(self, location: StoreLocation, reason: object) -> None:
        detail = " ".join(str(reason).split()) or type(reason).__name__
        if "locked" in detail or "busy" in detail:
            detail = (
                f"it is busy: another process has held it longer than {location.lock_timeout}s; try again"
            )
        super().__init__(f"cannot open the store {location.label}: {detail}")


@attrs.define
class Session:
    location: StoreLocation
    store: StoryStore
    views: Views
    env: Environment
    created_empty: bool = False

    def close(self) -> None:
        self.views.close()
        self.store.close()


def open_session(
    store_option: str | None, env: Environment, *, key: str | None = None, catch_up: bool = True
) -> Session:
    location = locate(store_option, env.environ)
    new = not location.is_postgres and not location.exists()
    try:
        store = StoryStore(location, cipher_key=key)
        store.check_opens()
        if store.chained_on_open:
            env.stderr.write(
                f"storyline: the log of {visible(store.location.label)} had no hash chain: its {store.chained_on_open:,} "
                "events are chained now, as they stand (`storyline verify` proves nothing changed from here on)\n"
            )
        if new and location.is_default:
            _load_first_story(store, env)

        # An encrypted store's views live in memory: nothing it holds reaches a disk in the clear.
        views = Views(store, in_memory=store.is_encrypted)
        if catch_up and views.lag:
            with progress_bar(env, "Updating views") as advance:
                views.catch_up(progress=advance)
    except (PersistenceError, sqlite3.Error, OSError) as exc:
        raise StoreUnavailable(location, exc) from None
    except Exception as exc:  # the PostgreSQL pool's timeouts are not PersistenceErrors
        if type(exc).__module__.startswith(("psycopg", "psycopg_pool")):
            raise StoreUnavailable(location, exc) from None
        raise
    # A mistyped --store would otherwise look like a store with nothing in it: said once the
    # command has succeeded (see cli/main.py), so a refusal stays one line.
    return Session(location, store, views, env, created_empty=new and not location.is_default)


def _load_first_story(store: StoryStore, env: Environment) -> None:
    report = Importer(store, today=date.today()).import_document(
        read_document(bundled_story_path(FIRST_STORY))
    )
    env.stderr.write(
        f"storyline: created a new store at {visible(store.location.label)} "
        f"with the bundled story {FIRST_STORY} ({report.added} entries)\n"
    )
