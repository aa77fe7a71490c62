"""Writing an export to a file: the whole file or nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from storyline.domain import DomainError


class ExportFailed(DomainError):
    pass


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or leave nothing: a temporary file beside it, renamed into place."""
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise ExportFailed(f"cannot write {path}: no such folder {folder}")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportFailed(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        Path(temporary).replace(path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise ExportFailed(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
