"""The formats the field already uses, in and out: each format's reader and writer side by side.

    story_file    YAML, JSON, JSON Lines in; the lossless JSON export out (the same shape)
    spreadsheet   CSV in and out, in the columns people keep
    datasets      ACLED and UCDP GED exports in, recognised by their header
    markdown, timelinejs, timesketch, html_report, places (GeoJSON, KML)   out

A reader makes a `Document` of rows for the importer (store/documents.py); a writer takes an
`Export`: the entries a question shows, and for the lossless format the log they come from.
A new format is one module here and one line in `READERS` or `WRITERS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from storyline.store.documents import Document

    from .export import Export

__all__ = ["EXPORT_FORMATS", "INPUT_FORMATS", "Export", "detect_format", "read_document", "reader", "writer"]


def __getattr__(name: str) -> Any:
    # Export is imported on first use: the terminal's text helpers live in this package too,
    # and reading a timeline should not pay for what an export is given.
    if name == "Export":
        from .export import Export

        return Export
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Format → "module:function", imported when used: an export need not load the YAML parser.
READERS = {
    "yaml": "story_file:read_yaml",
    "json": "story_file:read_json",
    "jsonl": "story_file:read_jsonl",
    "csv": "spreadsheet:read_csv",
    "acled": "datasets:read_acled",
    "ucdp": "datasets:read_ucdp",
}
SUFFIXES = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
INPUT_FORMATS = tuple(READERS)


WRITERS = {
    "json": "story_file:write_lossless",
    "csv": "spreadsheet:write_csv",
    "markdown": "markdown:write_markdown",
    "timelinejs": "timelinejs:write_timelinejs",
    "timesketch": "timesketch:write_timesketch",
    "html": "html_report:write_html",
    "geojson": "places:write_geojson",
    "kml": "places:write_kml",
}
EXPORT_FORMATS = tuple(WRITERS)


def _resolved(where: str) -> Any:
    module, _, function = where.partition(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


def reader(fmt: str) -> Callable[[Path, str], Document]:
    return cast("Callable[[Path, str], Document]", _resolved(READERS[fmt]))


def writer(fmt: str) -> Callable[[Export], str]:
    return cast("Callable[[Export], str]", _resolved(WRITERS[fmt]))


def detect_format(path: Path, given: str | None) -> str:
    """The reader for a file: as `--format` says, else by its name, and for CSV by its header
    (ACLED and UCDP GED exports are recognised by their columns)."""
    if given and given != "auto":
        return given
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt == "csv":
        from .datasets import recognise
        from .spreadsheet import csv_header

        return recognise(csv_header(path, str(path))) or "csv"
    if fmt is None:
        from storyline.store.documents import InputError

        raise InputError(
            str(path),
            None,
            None,
            f"cannot tell the format from the name {path.name!r}: use --format ({', '.join(INPUT_FORMATS)})",
        )
    return fmt


def read_document(path: Path, fmt: str | None = None) -> Document:
    from storyline.store.documents import InputError

    label = str(path)
    try:
        if not path.is_file():
            raise InputError(label, None, None, "no such file" if not path.exists() else "is not a file")
        return reader(detect_format(path, fmt))(path, label)
    except OSError as exc:
        raise InputError(label, None, None, f"cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise InputError(label, None, None, f"is not UTF-8 text (byte {exc.start})") from None
