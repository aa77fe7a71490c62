"""Spreadsheet CSV, in and out: one entry per row, in the columns people keep.

Read: comma-, semicolon- or tab-separated, columns matched in any case, quoted cells may span
lines, a quote never closed is refused. Written: the same columns, so `storyline import` reads
an export back; cells a spreadsheet would run as formulas are written behind a `'`, which reading
takes off again, and control characters are made visible.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from storyline.domain import fact_class
from storyline.store.documents import Document, InputError, Row

from ..entries import Figure, TimelineEntry
from .export import Export
from .inert_text import link_target, visible

# -- reading ---------------------------------------------------------------------------------------


def _column_name(header: str) -> str:
    """Columns are matched whatever their case ("Date" is `date`); the name of a user's own
    `details.` column keeps its case."""
    name = header.strip()
    prefix, dot, rest = name.partition(".")
    return f"{prefix.lower()}{dot}{rest}" if prefix.lower() == "details" and dot else name.lower()


def _delimiter(path: Path) -> str:
    """`,` — or `;` or a tab, when the header is written with those: spreadsheets set to a
    European locale save "CSV" with semicolons."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        first = handle.readline()
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def csv_header(path: Path, label: str) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            header = next(csv.reader(handle, delimiter=_delimiter(path)), None)
        except csv.Error as exc:
            raise InputError(label, 1, None, f"is not valid CSV ({exc})") from None
    if not header or not any(h.strip() for h in header):
        raise InputError(label, 1, None, "is empty: a header row is required")
    names = [_column_name(h) for h in header]
    duplicates = sorted({n for n in names if names.count(n) > 1 and n})
    if duplicates:
        raise InputError(label, 1, duplicates[0], "appears twice in the header")
    return names


def csv_records(path: Path, label: str, names: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(first line, cells by column) for every non-blank record; quoted cells may span lines."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        # Strict: a quote never closed is refused, not read as one cell swallowing later rows.
        reader = csv.reader(handle, strict=True, delimiter=_delimiter(path))
        start = 1
        try:
            next(reader, None)
            start = reader.line_num + 1
            for cells in reader:
                if any(c.strip() for c in cells):
                    if len(cells) > len(names):
                        raise InputError(
                            label, start, None, f"has {len(cells)} cells, but the header has {len(names)}"
                        )
                    yield start, {n: c for n, c in zip(names, cells, strict=False) if n}
                start = reader.line_num + 1
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                raise InputError(label, start, None, 'opens a quote (") that is never closed') from None
            raise InputError(label, reader.line_num, None, f"is not valid CSV ({exc})") from None


REQUIRED_COLUMNS = ("date", "kind", "title")
# Cells a spreadsheet would run as a formula. Storyline's CSV export writes them behind a `'`
# (the spreadsheets' own mark for "text"); reading its own CSV back takes the mark off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _unmarked(cell: str) -> str:
    """A cell without the `'` the export put before a formula's first character, or before a
    `'` of the record's own (so that one comes back too)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith((*FORMULA_START, "'")) else cell


def read_csv(path: Path, label: str) -> Document:
    names = csv_header(path, label)
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise InputError(
            label,
            1,
            None,
            f"has a header that matches no format Storyline reads (no {', '.join(missing)} column; "
            "expected Storyline's spreadsheet columns, or an ACLED or UCDP GED export)",
        )

    def rows() -> Iterator[Row]:
        for line, cells in csv_records(path, label, names):
            yield Row(line, {name: _unmarked(cell) for name, cell in cells.items()})

    return Document(label, "csv", None, [], {}, rows)


# -- writing ---------------------------------------------------------------------------------------

FIRST_COLUMNS = [
    "id",
    "story",
    "date",
    "date_precision",
    "kind",
    "title",
    "actors",
    "location",
    "latitude",
    "longitude",
    "killed",
    "survivors",
    "vessels",
]
SOURCE_COLUMNS = ["source", "url", "attribution", "status", "published", "reported", "notes"]
NUMERIC_COLUMNS = {"latitude", "longitude"}


PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def neutralised(value: str) -> str:
    """A cell a spreadsheet will show as text, never run: `=HYPERLINK(...)` becomes `'=HYPERLINK(...)`.
    A plain number such as `-66.8` runs nothing and stays as it is. Control characters and bidi
    overrides are made visible (a terminal `cat`-ing the file would run them); line breaks stay."""
    value = "\n".join(visible(line) for line in value.split("\n"))
    if value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value):
        return f"'{value}"
    if value.startswith("'"):  # the record's own: marked too, so reading it back keeps it
        return f"'{value}"
    return value


def cell(value: object) -> str:
    """A value as one spreadsheet cell: a figure as it was reported, names separated by `;`."""
    if value is None:
        return ""
    if isinstance(value, Figure):
        return value.text
    if isinstance(value, tuple | list):
        return "; ".join(map(str, value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(export: Export) -> str:
    """One row per entry in the columns `storyline import` reads (one source per row: the first)."""
    entries = export.entries
    kind_fields = sorted({name for e in entries for name in e.details} - set(FIRST_COLUMNS))
    extra = sorted({f"details.{name}" for e in entries for name in e.extra})
    header = [*FIRST_COLUMNS, *kind_fields, *SOURCE_COLUMNS, *extra]
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180 line ends: a cell holding \r or \n is quoted
    writer.writerow([neutralised(name) for name in header])  # a detail's name is the user's own
    for entry in entries:
        place = entry.location
        source = entry.sources[0] if entry.sources else None
        named_by_fact = _fact_actors(entry)
        row: dict[str, object] = {
            "id": entry.key if not entry.key.startswith("~") else "",
            "story": entry.story,
            "date": entry.occurred.value,
            "kind": entry.kind,
            "title": entry.title,
            "actors": [a for a in entry.actors if a not in named_by_fact],
            "location": place.name if place else None,
            "latitude": place.latitude if place else None,
            "longitude": place.longitude if place else None,
            **entry.details,
            "source": source.outlet if source else None,
            # Percent-encoded, so the cell is the same link and imports back through the URL check.
            "url": (link_target(source.url) or source.url) if source else None,
            "attribution": source.attribution if source else None,
            "status": source.status if source else None,
            "published": source.published if source else None,
            "reported": entry.reported,
            "notes": entry.notes,
            **{f"details.{k}": v for k, v in entry.extra.items()},
        }
        cells = [cell(row.get(column)) for column in header]
        writer.writerow(
            [
                c if column in NUMERIC_COLUMNS else neutralised(c)
                for column, c in zip(header, cells, strict=True)
            ]
        )
    return out.getvalue()


def _fact_actors(entry: TimelineEntry) -> set[str]:
    """Actors the kind's own fields name (provider, speaker, ...): they have their own columns."""
    names: set[str] = set()
    for name, spec in fact_class(entry.kind).specs().items():
        value = entry.details.get(name)
        if spec.codec == "actor" and isinstance(value, str):
            names.add(value)
        elif spec.codec == "actors" and isinstance(value, tuple):
            names.update(value)
    return names
