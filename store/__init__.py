"""The store: the event log (SQLite or PostgreSQL, through `eventsourcing`) and the way in.

Everything a user records enters here: `StoryStore` holds the log, `Importer` writes documents
of rows (files read by projections/formats, or one `record`) as entries, checked whole first.

Names are imported on first use (PEP 562), so a command that only reads the log does not pay
for the YAML parser and the file readers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
    "InputErrors": "documents",
    "Submission": "submissions",
    "submission_from_row": "submissions",
    "BUNDLED_STORIES": "seed",
    "bundled_story_path": "seed",
}

__all__ = sorted(_WHERE)

if TYPE_CHECKING:  # what the type checker is to see behind __getattr__
    from .application import ConcurrentChange as ConcurrentChange
    from .application import EntryNotFound as EntryNotFound
    from .application import KeyRefused as KeyRefused
    from .application import StoreNotEmpty as StoreNotEmpty
    from .application import StoryStore as StoryStore
    from .application import UnfinishedCopy as UnfinishedCopy
    from .application import new_key as new_key
    from .documents import Document as Document
    from .documents import InputError as InputError
    from .documents import InputErrors as InputErrors
    from .documents import Row as Row
    from .importer import Importer as Importer
    from .importer import ImportReport as ImportReport
    from .location import StoreLocation as StoreLocation
    from .location import locate as locate
    from .seed import BUNDLED_STORIES as BUNDLED_STORIES
    from .seed import bundled_story_path as bundled_story_path
    from .submissions import Submission as Submission
    from .submissions import submission_from_row as submission_from_row


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
