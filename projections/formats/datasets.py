"""Conflict datasets analysts already keep: ACLED and UCDP GED exports, read as Storyline rows.

Each export row becomes an ordinary row (the same fields a spreadsheet would have), so it is
validated and stored exactly like any other. The dataset's own id becomes the row's id, so a
revised export re-imports as corrections, not duplicates. Complaints name the dataset's own
column (`event_date`, `date_end`), and rows that break the dataset's own rules (UCDP's
`low <= best <= high`) are imported with a warning rather than refused.

Field references: ../shared/formats/REFERENCE.md (ACLED 31-column export, UCDP GED 49 columns).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.domain import InvalidValue
from storyline.domain.dates import Bound
from storyline.store.documents import Document, InputError, Row

from .spreadsheet import csv_header, csv_records

ACLED_MARKERS = {"event_id_cnty", "event_date", "event_type", "actor1", "fatalities"}
UCDP_MARKERS = {"relid", "type_of_violence", "date_start", "date_end", "best", "side_a"}

# ACLED's time_precision: 1 the day itself, 2 sometime that week, 3 only the month.
ACLED_PRECISION = {"1": "day", "2": "approximate", "3": "month"}
ACLED_STRIKES = {"air/drone strike"}
ACLED_DETAIL_COLUMNS = (
    "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "inter1", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "geo_precision", "source_scale", "tags", "timestamp",
)  # fmt: skip
UCDP_VIOLENCE = {"1": "state-based-conflict", "2": "non-state-conflict", "3": "one-sided-violence"}
UCDP_DETAIL_COLUMNS = (
    "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_name", "dyad_name",
    "number_of_sources", "source_article", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "country", "region", "event_clarity",
    "date_prec", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low", "high",
    "priogrid_gid", "conflict_new_id", "dyad_new_id", "side_a_new_id", "side_b_new_id",
)  # fmt: skip


def recognise(header: list[str]) -> str | None:
    names = set(header)
    if names >= ACLED_MARKERS:
        return "acled"
    if names >= UCDP_MARKERS:
        return "ucdp"
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "event"


def _names(cell: str) -> list[str]:
    return [name.strip() for name in cell.split(";") if name.strip()]


def _details(cells: dict[str, str], columns: tuple[str, ...]) -> dict[str, str]:
    return {column: cells[column] for column in columns if cells.get(column, "").strip()}


def _checked(path: Path, label: str, markers: set[str], dataset: str) -> list[str]:
    names = csv_header(path, label)
    missing = sorted(markers - set(names))
    if missing:
        raise InputError(label, 1, missing[0], f"is missing: this is not {dataset} export")
    return names


# -- ACLED ---------------------------------------------------------------------------------------


def acled_row(line: int, cells: dict[str, str]) -> Row:
    sub_event = cells.get("sub_event_type", "").strip()
    event_type = cells.get("event_type", "").strip()
    is_strike = sub_event.lower() in ACLED_STRIKES
    actor1, actor2 = cells.get("actor1", "").strip(), cells.get("actor2", "").strip()
    roles: list[tuple[str, str]] = []
    for name in [actor1] if actor1 else []:
        roles.append((name, "actor 1"))
    roles += [(name, "associated with actor 1") for name in _names(cells.get("assoc_actor_1", ""))]
    roles += [(name, "actor 2") for name in [actor2] if actor2]
    roles += [(name, "associated with actor 2") for name in _names(cells.get("assoc_actor_2", ""))]
    place = ", ".join(p for p in (cells.get("location", "").strip(), cells.get("country", "").strip()) if p)
    fields: dict[str, Any] = {
        "id": cells.get("event_id_cnty"),
        "kind": "strike" if is_strike else _slug(event_type),
        "title": f"{sub_event or event_type or 'Event'} in {place or 'an unknown place'}",
        "date": cells.get("event_date"),
        "date_precision": ACLED_PRECISION.get(cells.get("time_precision", "").strip()),
        "actors": [name for name, _ in roles],
        "roles": roles,
        "location": place or None,
        "latitude": cells.get("latitude") or None,
        "longitude": cells.get("longitude") or None,
        "killed": cells.get("fatalities") or None,
        "sources": _names(cells.get("source", "")),
        "notes": cells.get("notes") or None,
        "details": _details(cells, ACLED_DETAIL_COLUMNS),
    }
    if is_strike and actor1:
        fields["by"] = actor1  # the striker's own field, so not among the other parties
        fields["actors"] = [name for name, role in roles if role != "actor 1"]
        fields["roles"] = [(name, role) for name, role in roles if role != "actor 1"]
    columns = {
        "id": "event_id_cnty",
        "date": "event_date",
        "date_precision": "time_precision",
        "kind": "event_type",
        "killed": "fatalities",
        "sources": "source",
        "location": "location",
        "actors": "actor1",
        "roles": "actor1",
        "by": "actor1",
    }
    return Row(line, fields, columns=columns)


def read_acled(path: Path, label: str) -> Document:
    names = _checked(path, label, ACLED_MARKERS, "an ACLED")

    def rows() -> Iterator[Row]:
        for line, cells in csv_records(path, label, names):
            precision = cells.get("time_precision", "").strip()
            if precision and precision not in ACLED_PRECISION:
                raise InputError(
                    label, line, "time_precision", f"{precision!r} is not 1, 2 or 3 (ACLED's precisions)"
                )
            yield acled_row(line, cells)

    # ACLED's event ids are unique across the whole dataset: one story holds every export, so a
    # revised export matches its earlier rows whatever its file is called.
    return Document(label, "acled", "acled", [], {}, rows)


# -- UCDP GED ------------------------------------------------------------------------------------


def _day(cell: str) -> str:
    """UCDP writes days as '2013-01-03 00:00:00'."""
    return cell.strip().split(" ")[0].split("T")[0]


def _ucdp_sources(cells: dict[str, str]) -> list[dict[str, Any]]:
    offices = [o.strip() for o in cells.get("source_office", "").split(";")]
    dates = [_day(d) for d in cells.get("source_date", "").split(";")]
    original = cells.get("source_original", "").strip()
    sources = []
    for index, office in enumerate(offices):
        if not office:
            continue
        published = (
            dates[index] if index < len(dates) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", dates[index]) else None
        )
        sources.append(
            {
                "outlet": office,
                "published": published,
                "attribution": f"citing {original}" if original else None,
            }
        )
    return sources or [{"outlet": "UCDP GED"}]


def _counts_warning(cells: dict[str, str]) -> tuple[str, ...]:
    if not cells.get("best", "").strip():
        return ("best is blank: no deaths are counted for this event",)
    try:
        low, best, high = int(cells["low"]), int(cells["best"]), int(cells["high"])
    except (KeyError, ValueError):
        return ()
    if low <= best <= high:
        return ()
    return (f"low {low}, best {best}, high {high} break UCDP's low <= best <= high; imported as given",)


def ucdp_row(line: int, cells: dict[str, str]) -> Row:
    start, end = _day(cells.get("date_start", "")), _day(cells.get("date_end", ""))
    side_a, side_b = cells.get("side_a", "").strip(), cells.get("side_b", "").strip()
    roles = [(name, role) for name, role in ((side_a, "side a"), (side_b, "side b")) if name]
    where = cells.get("where_coordinates", "").strip() or cells.get("adm_1", "").strip()
    place = ", ".join(p for p in (where, cells.get("country", "").strip()) if p)
    dyad = cells.get("dyad_name", "").strip() or " – ".join(name for name, _ in roles) or "Event"
    fields: dict[str, Any] = {
        "id": cells.get("id"),
        "kind": UCDP_VIOLENCE.get(cells.get("type_of_violence", "").strip(), "organized-violence"),
        "title": f"{dyad}: {place}" if place else dyad,
        "date": start if start == end or not end else f"{start}/{end}",
        "actors": [name for name, _ in roles],
        "roles": roles,
        "location": place or None,
        "latitude": cells.get("latitude") or None,
        "longitude": cells.get("longitude") or None,
        "killed": cells.get("best") or None,
        "sources": _ucdp_sources(cells),
        "details": _details(cells, UCDP_DETAIL_COLUMNS),
    }
    columns = {
        "id": "id",
        "date": "date_end" if start != end else "date_start",
        "kind": "type_of_violence",
        "killed": "best",
        "sources": "source_office",
        "sources.outlet": "source_office",
        "sources.published": "source_date",
        "location": "where_coordinates",
        "actors": "side_a",
        "roles": "side_a",
        "latitude": "latitude",
        "longitude": "longitude",
    }
    return Row(line, fields, columns=columns, warnings=_counts_warning(cells))


def read_ucdp(path: Path, label: str) -> Document:
    names = _checked(path, label, UCDP_MARKERS, "a UCDP GED")

    def rows() -> Iterator[Row]:
        for line, cells in csv_records(path, label, names):
            for column in ("date_start", "date_end"):  # each named on its own, as written
                written = cells.get(column, "").strip()
                try:
                    if written:
                        Bound.parse(_day(written), column).first  # noqa: B018 - a full day, or refused
                except InvalidValue as exc:
                    raise InputError(label, line, column, f"{written!r} {exc.reason}") from None
            yield ucdp_row(line, cells)

    return Document(label, "ucdp", "ucdp-ged", [], {}, rows)  # ids unique dataset-wide, as ACLED's
