"""Every read model the views keep, in the order a batch is written to them. A new read model
is a module declaring its `ReadModel` (see read_model.py), and a line here."""

from __future__ import annotations

from . import actor_directory, log_positions, story_profiles, timeline
from .read_model import ReadModel
from .tables import Table, TableNames

READ_MODELS: tuple[ReadModel, ...] = (
    timeline.MODEL,
    actor_directory.MODEL,
    story_profiles.MODEL,
    log_positions.MODEL,
)
TABLES: tuple[Table, ...] = tuple(table for model in READ_MODELS for table in model.tables)
MAIN = TableNames.of(TABLES)
