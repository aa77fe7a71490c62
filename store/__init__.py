"""The store: the event log (SQLite or PostgreSQL, through `eventsourcing`) and the way in.

Everything a user records enters here: `StoryStore` holds the log, `Importer` writes documents
of rows (files read by projections/formats, or one `record`) as entries, checked whole first.

Names are imported on first use (PEP 562), so a command that only reads the log does not pay
for the YAML parser and the file readers.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "EntryNotFound": "application",
    "StoreNotEmpty": "application",
    "KeyRefused": "application",
    "new_key": "application",
    "ConcurrentChange": "application",
    "UnfinishedCopy": "application",
    "StoryStore": "application",
    "Importer": "importer",
    "ImportReport": "importer",
    "StoreLocation": "location",
    "locate": "location",
    "Document": "documents",
    "Row": "documents",
    "InputError": "documents",
    "Submission": "submissions",
    "submission_from_row": "submissions",
    "BUNDLED_STORIES": "seed",
    "bundled_story_path": "seed",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
