"""The store: the event log (SQLite or PostgreSQL, through `eventsourcing`) and the ways in.

Everything a user records enters here: `StoryStore` holds the log, `Importer` turns files and
command-line records into entries, `readers` understand the file formats.
"""

from .application import EntryNotFound, StoryStore
from .importer import Importer, ImportReport
from .location import StoreLocation, locate
from .readers import FORMATS, Document, InputError
from .reading import read_document
from .rows import Submission, submission_from_row
from .seed import BUNDLED_STORIES, bundled_story_path

__all__ = [
    "BUNDLED_STORIES",
    "FORMATS",
    "Document",
    "EntryNotFound",
    "ImportReport",
    "Importer",
    "InputError",
    "StoreLocation",
    "StoryStore",
    "Submission",
    "bundled_story_path",
    "locate",
    "read_document",
    "submission_from_row",
]
