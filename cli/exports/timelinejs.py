"""TimelineJS3 JSON: events with dates honouring their precision, and an era per pause of
intelligence sharing.

TimelineJS (read in @knight-lab/timelinejs 3.9.11) does not treat its fields alike, so neither
does this export; every field is written so that the record's text, controls made visible,
reaches the page literally and inert:

- `text.headline` and `text.text` (events, the title slide) and an era's headline go through
  DOMPurify and then `innerHTML`: record text is HTML-escaped once.
- `group` and an event's `display_date` go through `stripMarkup`, DOMParser's `textContent`,
  which decodes entities, and the result is set as `innerHTML` (the row label; the slide's date
  and the next/previous buttons): they are HTML-escaped twice, so one decoding leaves them
  escaped once. Written raw, an actor named `&lt;img onerror=...&gt;` ran script.
- `text.text` (and a media caption or credit) is autolinked after sanitising, and the
  autolinker copies whatever follows `www.`, quotes included, into a quoted href, where it
  adds attributes such as `onmouseover`: every slide is written with `autolink: false`.
- The only links are ours, to sources: http(s) URLs only, with controls, bidi and other
  invisible characters, whitespace, angle brackets, double quote, backslash and backtick
  percent-encoded (`link_target`, as in every export), then HTML-escaped for the attribute.

No media, background or date-object `display_date` is written (TimelineJS puts some media
URLs into markup unescaped).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from storyline.domain import FuzzyDate, Precision
from storyline.domain.dates import Bound

from ..safe_text import link_target, visible

Body = dict[str, Any]


def _date_object(bound: Bound) -> dict[str, Any]:
    """A TimelineJS date honouring precision: a month-precise date has no day."""
    obj: dict[str, Any] = {"year": bound.year}
    if bound.month is not None:
        obj["month"] = bound.month
    if bound.day is not None:
        obj["day"] = bound.day
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
    """For a field TimelineJS sanitises and sets as innerHTML: escaped once."""
    return html.escape(visible(text), quote=True)


def _hh(text: object) -> str:
    """For a field TimelineJS decodes once (DOMParser textContent) before innerHTML: escaped twice."""
    return html.escape(_h(text), quote=True)


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
        target = link_target(source.get("url"))
        if target:
            name = (
                f'<a href="{html.escape(target, quote=True)}" rel="noopener noreferrer nofollow">{name}</a>'
            )
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
        group = body["kind"] if group_by == "kind" else (body["actors"][0] if body["actors"] else "—")
        event: dict[str, Any] = {
            "start_date": start,
            "text": {"headline": _h(body["title"]), "text": _entry_html(body)},
            "group": _hh(group),
            "unique_id": _slug(f"{body['story']}-{body['key']}") or body["id"],
            "autolink": False,
        }
        if end:
            event["end_date"] = end
        if display:
            event["display_date"] = _hh(display)
        events.append(event)
    stories = sorted({b["story"] for b in bodies})
    return {
        "title": {
            "text": {
                "headline": _h(", ".join(stories) or "Storyline"),
                "text": f"{len(bodies)} entries",
            },
            "autolink": False,
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
                "text": {"headline": _h(f"{pair[0]} → {pair[1]}: intelligence sharing paused")},
            }
        )
    return eras
