"""Which reader reads a file: by `--format`, else by its name, and for CSV by its header
(ACLED and UCDP GED exports are recognised by their columns)."""

from __future__ import annotations

from pathlib import Path

from .datasets import DATASET_READERS, recognise
from .readers import FORMATS, OWN_READERS, SUFFIXES, Document, InputError, csv_header

READERS = {**OWN_READERS, **DATASET_READERS}


def detect_format(path: Path, given: str | None) -> str:
    if given and given != "auto":
        return given
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt == "csv":
        return recognise(csv_header(path, str(path))) or "csv"
    if fmt is None:
        raise InputError(
            str(path),
            None,
            None,
            f"cannot tell the format from the name {path.name!r}: use --format ({', '.join(FORMATS)})",
        )
    return fmt


def read_document(path: Path, fmt: str | None = None) -> Document:
    label = str(path)
    try:
        if not path.is_file():
            raise InputError(label, None, None, "no such file" if not path.exists() else "is not a file")
        return READERS[detect_format(path, fmt)](path, label)
    except OSError as exc:
        raise InputError(label, None, None, f"cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise InputError(label, None, None, f"is not UTF-8 text (byte {exc.start})") from None
