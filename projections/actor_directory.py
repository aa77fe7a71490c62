"""The actor directory as the views keep it: every actor the registry defined, by name, so a
question can resolve names and roll up affiliations without reading the log."""

from __future__ import annotations

import json
from typing import Any

import attrs

from storyline.domain import Actor, ActorDirectory, ActorRegistry
from storyline.store import StoryStore

from .database import ViewDatabase
from .read_model import ReadModel
from .tables import Table, TableNames

TABLES = (Table("actor_rows", "name TEXT PRIMARY KEY, body TEXT NOT NULL"),)


class ActorRows:
    def __init__(self, database: ViewDatabase, store: StoryStore, names: TableNames) -> None:
        self.upsert = database.sql(
            f"INSERT INTO {names['actor_rows']} (name, body) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET body = excluded.body"
        )

    def process(self, cursor: Any, position: int, event: Any) -> None:
        if isinstance(event, ActorRegistry.ActorDefined):
            cursor.execute(
                self.upsert, (event.actor.name, json.dumps(attrs.asdict(event.actor), ensure_ascii=False))
            )

    def flush(self, cursor: Any) -> None:
        """Each row is written as its event comes."""


MODEL = ReadModel("actors", TABLES, ActorRows, serves=("actors",))


def read_directory(database: ViewDatabase) -> ActorDirectory:
    with database.transaction(commit=False) as c:
        c.execute("SELECT body FROM actor_rows")
        actors = [Actor(**json.loads(r["body"])) for r in c.fetchall()]
    return ActorDirectory(actors)
