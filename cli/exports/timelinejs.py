"""TimelineJS3 JSON: events with dates honouring their precision, and an era per pause of
intelligence sharing. TimelineJS renders several fields as HTML, so record text is escaped."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from storyline.domain import FuzzyDate, Precision
from storyline.domain.dates import Bound

from ..safe_text import visible

Body = dict[str, Any]


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
