"""When each position of the log was recorded, to turn `--recorded-before WHEN` into a position."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storyline.store import StoryStore

from .database import ViewDatabase
from .read_model import ReadModel
from .tables import Table, TableNames

TABLES = (
    Table("log_positions", "position BIGINT PRIMARY KEY, recorded_at TEXT NOT NULL", ("(recorded_at)",)),
)


class Positions:
    def __init__(self, database: ViewDatabase, store: StoryStore, names: TableNames) -> None:
        self.database, self.table = database, names["log_positions"]
        self.pending: list[tuple[int, str]] = []

    def process(self, cursor: Any, position: int, event: Any) -> None:
        self.pending.append((position, event.timestamp.isoformat()))

    def flush(self, cursor: Any) -> None:
        if self.pending:
            self.database.insert_rows(cursor, self.table, ("position", "recorded_at"), self.pending)
            self.pending = []


MODEL = ReadModel("log positions", TABLES, Positions)


def position_before(database: ViewDatabase, moment: datetime) -> int:
    """The last store position recorded strictly before `moment` (0: none)."""
    with database.transaction(commit=False) as c:
        c.execute(
            database.sql("SELECT MAX(position) AS p FROM log_positions WHERE recorded_at < ?"),
            (moment.isoformat(),),
        )
        row = c.fetchone()
    return (row["p"] if row else None) or 0
