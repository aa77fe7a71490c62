"""The actor directory as the views keep it: every actor the registry defined, by name, so a
question can resolve names and roll up affiliations without reading the log."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import attrs

from storyline.store import StoryStore

from .database import OPEN_POSITION, ViewDatabase
from .read_model import ReadModel
from .tables import Table, TableNames

if TYPE_CHECKING:  # the actors' classes are loaded when the actors are written or read
    from storyline.domain import ActorDirectory

# Each actor as it was from one store position (rec_from) until another (rec_to), so that
# `--recorded-before` a merge or a rename sees the actors as they were.
TABLES = (
    Table(
        "actor_rows",
        "name TEXT NOT NULL, rec_from BIGINT NOT NULL, rec_to BIGINT NOT NULL, body TEXT NOT NULL, "
        "PRIMARY KEY (name, rec_from)",
        ("(rec_to)",),
    ),
)


class ActorRows:
    def __init__(self, database: ViewDatabase, store: StoryStore, names: TableNames) -> None:
        from storyline.domain import ActorRegistry

        self.registry = ActorRegistry
        table = names["actor_rows"]
        self.close_row = database.sql(f"UPDATE {table} SET rec_to = ? WHERE name = ? AND rec_to = ?")
        self.insert = database.sql(f"INSERT INTO {table} (name, rec_from, rec_to, body) VALUES (?, ?, ?, ?)")

    def process(self, cursor: Any, position: int, event: Any) -> None:
        """Each registry event says which actors now are as it says, and which name no longer
        is an actor of its own (merged into another, or renamed)."""
        gone: str | None = None
        registry = self.registry
        if isinstance(event, registry.ActorDefined):
            now = [event.actor]
        elif isinstance(event, registry.ActorsMerged):
            now, gone = [event.into], event.merged.name
        elif isinstance(event, registry.ActorsUnmerged):
            now = [event.remaining, event.restored]
        elif isinstance(event, registry.ActorRenamed):
            now, gone = [event.actor], event.old
        else:
            return
        for name in [*([gone] if gone else []), *(a.name for a in now)]:
            cursor.execute(self.close_row, (position, name, OPEN_POSITION))
        for actor in now:
            body = json.dumps(attrs.asdict(actor), ensure_ascii=False)
            cursor.execute(self.insert, (actor.name, position, OPEN_POSITION, body))

    def flush(self, cursor: Any) -> None:
        """Each row is written as its event comes."""


MODEL = ReadModel("actors", TABLES, ActorRows, serves=("actors",))


def read_directory(database: ViewDatabase, through: int | None = None) -> ActorDirectory:
    """The actors as they are now, or as they were at store position `through`."""
    from storyline.domain import Actor, ActorDirectory

    with database.transaction(commit=False) as c:
        if through is None:
            c.execute(database.sql("SELECT body FROM actor_rows WHERE rec_to = ?"), (OPEN_POSITION,))
        else:
            c.execute(
                database.sql("SELECT body FROM actor_rows WHERE rec_from <= ? AND rec_to > ?"),
                (through, through),
            )
        actors = [Actor(**json.loads(r["body"])) for r in c.fetchall()]
    return ActorDirectory(actors)
