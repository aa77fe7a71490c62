"""What each story is called and is about, as the views keep it (domain/story_profile.py):
the headline a report is published under, and the paragraph under it."""

from __future__ import annotations

from typing import Any

import attrs

from storyline.store import StoryStore

from .database import OPEN_POSITION, ViewDatabase
from .read_model import ReadModel
from .tables import Table, TableNames

# Each profile as it was from one store position until another, for `--recorded-before`.
TABLES = (
    Table(
        "story_profiles",
        "story TEXT NOT NULL, profile TEXT NOT NULL, rec_from BIGINT NOT NULL, rec_to BIGINT NOT NULL, "
        "title TEXT, description TEXT, PRIMARY KEY (story, rec_from)",
        ("(rec_to)",),
    ),
)


@attrs.frozen
class Profile:
    story: str
    title: str | None = None
    description: str | None = None


class ProfileRows:
    def __init__(self, database: ViewDatabase, store: StoryStore, names: TableNames) -> None:
        from storyline.domain import StoryProfile

        table = names["story_profiles"]
        self.opened, self.described = StoryProfile.Opened, StoryProfile.Described
        self.story_of = database.sql(f"SELECT story FROM {table} WHERE profile = ? AND rec_to = ?")
        self.close_row = database.sql(f"UPDATE {table} SET rec_to = ? WHERE profile = ? AND rec_to = ?")
        self.insert = database.sql(
            f"INSERT INTO {table} (story, profile, rec_from, rec_to, title, description) VALUES (?, ?, ?, ?, ?, ?)"
        )

    def process(self, cursor: Any, position: int, event: Any) -> None:
        profile = str(event.originator_id)
        if isinstance(event, self.opened):
            cursor.execute(self.insert, (event.story, profile, position, OPEN_POSITION, None, None))
        elif isinstance(event, self.described):
            cursor.execute(self.story_of, (profile, OPEN_POSITION))
            story = cursor.fetchone()["story"]
            cursor.execute(self.close_row, (position, profile, OPEN_POSITION))
            cursor.execute(
                self.insert, (story, profile, position, OPEN_POSITION, event.title, event.description)
            )

    def flush(self, cursor: Any) -> None:
        """Each row is written as its event comes."""


MODEL = ReadModel("story profiles", TABLES, ProfileRows, serves=("stories",))


def read_profiles(database: ViewDatabase, through: int | None = None) -> dict[str, Profile]:
    """story -> what it is called and about, now or at store position `through`."""
    with database.transaction(commit=False) as c:
        if through is None:
            c.execute(
                database.sql("SELECT story, title, description FROM story_profiles WHERE rec_to = ?"),
                (OPEN_POSITION,),
            )
        else:
            c.execute(
                database.sql(
                    "SELECT story, title, description FROM story_profiles WHERE rec_from <= ? AND rec_to > ?"
                ),
                (through, through),
            )
        return {r["story"]: Profile(r["story"], r["title"], r["description"]) for r in c.fetchall()}
