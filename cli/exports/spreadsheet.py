"""Spreadsheet CSV: one row per entry, in the columns `storyline import` reads. Cells a
spreadsheet would run as formulas are neutralised; control characters are made visible."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

from storyline.domain import fact_class
from storyline.store.readers import FORMULA_START

from ..safe_text import link_target, visible

Body = dict[str, Any]

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
    return value


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and "text" in value:
        return str(value["text"])
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def spreadsheet_csv(bodies: Sequence[Body]) -> str:
    """One row per entry in the columns `storyline import` reads (one source per row: the first)."""
    kind_fields = sorted({name for b in bodies for name in b["details"]} - set(FIRST_COLUMNS))
    extra = sorted({f"details.{name}" for b in bodies for name in b["extra"]})
    header = [*FIRST_COLUMNS, *kind_fields, *SOURCE_COLUMNS, *extra]
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180 line ends: a cell holding \r or \n is quoted
    writer.writerow([neutralised(name) for name in header])  # a detail's name is the user's own
    for body in bodies:
        place = body["location"] or {}
        source = body["sources"][0] if body["sources"] else {}
        named_by_fact = _fact_actors(body)
        row: dict[str, object] = {
            "id": body["key"] if not body["key"].startswith("~") else "",
            "story": body["story"],
            "date": body["occurred"]["value"],
            "kind": body["kind"],
            "title": body["title"],
            "actors": [a for a in body["actors"] if a not in named_by_fact],
            "location": place.get("name"),
            "latitude": place.get("latitude"),
            "longitude": place.get("longitude"),
            **body["details"],
            "source": source.get("outlet"),
            # Percent-encoded, so the cell is the same link and imports back through the URL check.
            "url": link_target(source.get("url")) or source.get("url"),
            "attribution": source.get("attribution"),
            "status": source.get("status"),
            "published": source.get("published"),
            "reported": body["reported"],
            "notes": body["notes"],
            **{f"details.{k}": v for k, v in body["extra"].items()},
        }
        cells = [cell(row.get(column)) for column in header]
        writer.writerow(
            [
                c if column in NUMERIC_COLUMNS else neutralised(c)
                for column, c in zip(header, cells, strict=True)
            ]
        )
    return out.getvalue()


def _fact_actors(body: Body) -> set[str]:
    """Actors the kind's own fields name (provider, speaker, ...): they have their own columns."""
    names: set[str] = set()
    for name, spec in fact_class(body["kind"]).specs().items():
        value = body["details"].get(name)
        if spec.codec == "actor" and isinstance(value, str):
            names.add(value)
        elif spec.codec == "actors" and isinstance(value, list):
            names.update(value)
    return names
