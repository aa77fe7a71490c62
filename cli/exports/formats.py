"""Exports that start from timeline entries as shown: spreadsheet CSV, TimelineJS3 JSON,
Timesketch JSON Lines and a Markdown chronology. Record text is untrusted in each: CSV cells
that a spreadsheet would run as formulas are neutralised, HTML inside TimelineJS text is
escaped, Markdown's own syntax is escaped."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from storyline.domain import FuzzyDate, Precision, fact_class
from storyline.domain.dates import Bound
from storyline.store.readers import FORMULA_START

from ..safe_text import visible

Body = dict[str, Any]

# -- spreadsheet CSV ------------------------------------------------------------------------------

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


def _cell(value: object) -> str:
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
    writer.writerow(header)
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
            "url": source.get("url"),
            "attribution": source.get("attribution"),
            "status": source.get("status"),
            "published": source.get("published"),
            "reported": body["reported"],
            "notes": body["notes"],
            **{f"details.{k}": v for k, v in body["extra"].items()},
        }
        cells = [_cell(row.get(column)) for column in header]
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


# -- TimelineJS3 ------------------------------------------------------------------------------------


def _date_object(bound: Bound, display: str | None = None) -> dict[str, Any]:
    """A TimelineJS date honouring precision: a month-precise date has no day."""
    obj: dict[str, Any] = {"year": bound.year}
    if bound.month is not None:
        obj["month"] = bound.month
    if bound.day is not None:
        obj["day"] = bound.day
    if display:
        obj["display_date"] = display
    return obj


def _dates(occurred: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None, str | None]:
    fuzzy = FuzzyDate.parse(occurred["value"])
    text = occurred["text"]
    p = fuzzy.precision
    if p in (Precision.DAY, Precision.MONTH, Precision.YEAR):
        return _date_object(fuzzy.low), None, None  # type: ignore[arg-type]
    if p is Precision.BETWEEN:
        return _date_object(fuzzy.low), _date_object(fuzzy.high), text  # type: ignore[arg-type]
    if p is Precision.BEFORE:
        return _date_object(Bound.of(fuzzy.latest)), None, text  # type: ignore[arg-type]
    if p is Precision.AFTER:
        return _date_object(Bound.of(fuzzy.earliest)), None, text  # type: ignore[arg-type]
    return _date_object(fuzzy.low), None, text  # type: ignore[arg-type]


def _h(text: object) -> str:
    return html.escape(visible(text), quote=True)


def _entry_html(body: Body) -> str:
    parts = []
    if body["summary"]:
        parts.append(f"<p>{_h(body['summary'])}</p>")
    who = ", ".join(f"{_h(p['actor'])} ({_h(p['role'])})" for p in body["parties"])
    if who:
        parts.append(f"<p>{who}</p>")
    sources = []
    for source in body["sources"]:
        name = _h(source["outlet"])
        if source.get("url"):
            name = f'<a href="{html.escape(source["url"], quote=True)}" rel="noopener noreferrer nofollow">{name}</a>'
        if source.get("attribution"):
            name += f" ({_h(source['attribution'])})"
        sources.append(name)
    if sources:
        parts.append(f"<p>Source: {'; '.join(sources)}</p>")
    return "".join(parts)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def timelinejs(bodies: Sequence[Body], group_by: str = "kind") -> dict[str, Any]:
    events = []
    for body in bodies:
        start, end, display = _dates(body["occurred"])
        event: dict[str, Any] = {
            "start_date": start,
            "text": {"headline": _h(body["title"]), "text": _entry_html(body)},
            "group": body["kind"] if group_by == "kind" else (body["actors"][0] if body["actors"] else "—"),
            "unique_id": _slug(f"{body['story']}-{body['key']}") or body["id"],
        }
        if end:
            event["end_date"] = end
        if display:
            event["display_date"] = display
        events.append(event)
    stories = sorted({b["story"] for b in bodies})
    return {
        "title": {
            "text": {
                "headline": html.escape(", ".join(stories) or "Storyline"),
                "text": f"{len(bodies)} entries",
            }
        },
        "events": events,
        "eras": _pause_eras(bodies),
    }


def _pause_eras(bodies: Sequence[Body]) -> list[dict[str, Any]]:
    """An era for each intelligence-sharing pause, until it resumed or the timeline ends."""
    last = max((FuzzyDate.parse(b["occurred"]["value"]).latest or date.min for b in bodies), default=date.min)
    eras = []
    for body in bodies:
        if body["kind"] != "intelligence-pause":
            continue
        details = body["details"]
        pair = (details["provider"], details["recipient"])
        paused = FuzzyDate.parse(body["occurred"]["value"])
        start = paused.earliest or paused.latest
        resumed = [
            FuzzyDate.parse(b["occurred"]["value"])
            for b in bodies
            if b["kind"] == "intelligence-resumption"
            and (b["details"]["provider"], b["details"]["recipient"]) == pair
        ]
        after = [
            r.latest or r.earliest
            for r in resumed
            if (r.earliest or r.latest) and start and (r.earliest or r.latest) >= start
        ]  # type: ignore[operator]
        end = min(after) if after else last  # type: ignore[type-var]
        if start is None or end is None or end < start:
            continue
        eras.append(
            {
                "start_date": _date_object(Bound.of(start)),
                "end_date": _date_object(Bound.of(end)),
                "text": {"headline": html.escape(f"{pair[0]} → {pair[1]}: intelligence sharing paused")},
            }
        )
    return eras


# -- Timesketch -------------------------------------------------------------------------------------


def timesketch_lines(bodies: Sequence[Body]) -> str:
    """JSON Lines with Timesketch's three fields — message, datetime, timestamp_desc — and the
    entry's own: a line for when it occurred (the earliest possible day), when it was first
    reported, and when it was recorded in this store."""
    lines = []
    for body in bodies:
        occurred = body["occurred"]
        day = occurred["start"] or occurred["end"]
        common = {
            "story": body["story"],
            "entry_id": body["id"],
            "entry_key": body["key"],
            "kind": body["kind"],
            "title": body["title"],
            "summary": body["summary"],
            "occurred": occurred["text"],
            "occurred_precision": occurred["precision"],
            "actors": "; ".join(body["actors"]),
            "sources": "; ".join(s["outlet"] for s in body["sources"]),
            "status": body["status"],
            **{f"detail_{k}": _cell(v) for k, v in body["details"].items()},
        }
        edge = "earliest possible day" if occurred["start"] else "latest possible day"
        stamps = [
            (f"{day}T00:00:00+00:00", f"Occurred ({edge} of {occurred['text']}, {occurred['precision']})"),
            (f"{body['reported']}T00:00:00+00:00", "Reported"),
            (body["recorded"], "Recorded in Storyline"),
        ]
        for stamp, description in stamps:
            lines.append(
                json.dumps(
                    {"message": body["title"], "datetime": stamp, "timestamp_desc": description, **common},
                    ensure_ascii=False,
                )
            )
    return "".join(line + "\n" for line in lines)


# -- Markdown -----------------------------------------------------------------------------------------

_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~!])")
_MARKDOWN_BLOCK_START = re.compile(r"^(\d*)([#>+\-=.)])")


def md(text: object) -> str:
    """Record text as literal Markdown: inline syntax and HTML escaped, a leading block marker
    (heading, list, quote) neutralised, and everything on one line."""
    flat = _MARKDOWN_INLINE.sub(r"\\\1", visible(" ".join(str(text).split())))
    return _MARKDOWN_BLOCK_START.sub(r"\1\\\2", flat)


def markdown(bodies: Sequence[Body], title: str) -> str:
    out = [
        f"# {md(title)}",
        "",
        f"_{len(bodies)} {'entry' if len(bodies) == 1 else 'entries'}, oldest first. Dates are shown as precisely "
        "as they were known._",
        "",
    ]
    year = None
    for body in bodies:
        occurred = body["occurred"]
        heading = (occurred["start"] or occurred["end"] or "")[:4] or "Undated"
        end = occurred["end"] or ""
        if occurred["precision"] == "before" and end.endswith("-12-31"):  # "before 2024" is not in 2023
            heading = f"Before {int(end[:4]) + 1}"
        if heading != year:
            if year is not None:
                out.append("")  # a blank line ends the list before the next heading
            year = heading
            out += [f"## {year}", ""]
        line = f"- **{md(occurred['text'])}** · {md(body['kind'])} — {md(body['title'])}"
        if body["status"] == "retracted":
            line += " _(retracted)_"
        out.append(line)
        if body["summary"]:
            out.append(f"  {md(body['summary'])}")
        links = []
        for source in body["sources"]:
            label = md(source["outlet"] + (f", {source['published']}" if source.get("published") else ""))
            url = source.get("url")
            links.append(f"[{label}](<{url.replace('>', '%3E').replace('<', '%3C')}>)" if url else label)
        if links:
            out.append(f"  Sources: {'; '.join(links)}")
    return "\n".join(out) + "\n"
