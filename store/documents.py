"""What the importer takes in: a document of rows, each with the line it came from, and the
one error every reader and the importer raise for bad input, located in its file.

The readers that make documents from the formats people keep live with their writers in
projections/formats/; a `record` command makes a document of one row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

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


class InputErrors(InputError):
    """Every problem found in a file (up to a limit, with the count of the rest), so that one
    run shows them all: nothing was appended. `errors` are the problems, each located."""

    LIMIT = 20

    def __init__(self, errors: list[InputError], more: int = 0) -> None:
        self.errors, self.more = errors, more
        first = errors[0]
        super().__init__(first.path, first.line, first.field, str(first).split(": ", 1)[-1])
        self.args = (self.summary,)

    @property
    def summary(self) -> str:
        count = len(self.errors) + self.more
        shown = "" if not self.more else f", the first {len(self.errors)} listed"
        return f"{self.errors[0].path}: {count} problems{shown}; nothing was imported"

    def __str__(self) -> str:
        return "; ".join([*map(str, self.errors), self.summary])


@attrs.frozen
class Row:
    line: int
    fields: Mapping[str, Any]
    field_lines: Mapping[str, int] = attrs.field(factory=dict)
    # For rows mapped from another dataset's columns: our field -> their column, so complaints
    # name the column the user can see in their file.
    columns: Mapping[str, str] = attrs.field(factory=dict)
    warnings: tuple[str, ...] = ()

    def line_of(self, field: str | None) -> int:
        if field is None:
            return self.line
        return self.field_lines.get(field.split(".")[0].split("[")[0], self.line)

    def column_of(self, field: str | None) -> str | None:
        """The column to name: `sources[1].published` is UCDP's `source_date` (a mapping for
        `sources.published`), else `source_office` (the one for `sources`)."""
        if field is None:
            return None
        nested = re.sub(r"\[\d+\]", "", field)
        return self.columns.get(nested) or self.columns.get(field.split(".")[0].split("[")[0], field)


@attrs.frozen
class Document:
    path: str
    format: str
    story: str | None
    actors: list[Row]
    sources: dict[str, Row]
    rows: Callable[[], Iterator[Row]]
    # What the story is called and is about (a story file's `title:` and `description:`).
    title: str | None = None
    description: str | None = None

    def each_row(self) -> Iterator[Row]:
        """The rows, streamed; a file that turns out unreadable part-way is one clear line."""
        try:
            yield from self.rows()
        except UnicodeDecodeError as exc:
            raise InputError(
                self.path, None, None, f"is not UTF-8 text (byte {exc.start} of a line is not)"
            ) from None
        except OSError as exc:
            raise InputError(self.path, None, None, f"cannot be read ({exc.strerror or exc})") from None
