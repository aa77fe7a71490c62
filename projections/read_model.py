"""What a read model is to the runner that keeps it: its tables, and a writer that lays a batch
of events onto them. Each model's module declares one `ReadModel`; models.py lists them all.

A writer sees every event of the log in order, inside the batch's one transaction, and writes
under the table names it is given (the views' own, or a rebuild's fresh set).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import attrs

from storyline.store import StoryStore

from .database import ViewDatabase
from .tables import Table, TableNames


class Writer(Protocol):
    def process(self, cursor: Any, position: int, event: Any) -> None: ...

    def flush(self, cursor: Any) -> None: ...


@attrs.frozen
class ReadModel:
    name: str
    tables: tuple[Table, ...]
    writer: Callable[[ViewDatabase, StoryStore, TableNames], Writer]
    serves: tuple[str, ...] = ()  # what `storyline stats` calls the views it keeps
