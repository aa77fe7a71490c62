"""Bad input, located in its file: the one error every reader and the importer raise."""

from __future__ import annotations

from typing import Any

from storyline.domain import InvalidValue


class InputError(Exception):
    """Bad input, located: file, line, field, value. Shown to the user as one line."""

    def __init__(self, path: str, line: int | None, field: str | None, message: str) -> None:
        self.path, self.line, self.field = path, line, field
        where = f"{path}:{line}" if line else path
        what = f"{field}: " if field else ""
        super().__init__(f"{where}: {what}{message}")

    @classmethod
    def invalid(cls, path: str, row: Any, exc: InvalidValue, line: int | None = None) -> InputError:
        """A domain refusal placed in the file: the line of the offending field if known."""
        where = line if line is not None else row.line_of(exc.field) if row else None
        return cls(path, where, row.column_of(exc.field) if row else exc.field, exc.message)
