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
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from storyline.domain import FuzzyDate, Precision
from storyline.domain.dates import Bound

from ..entries import Occurred, TimelineEntry
from ..relations import relation_periods
from .export import Export
from .inert_text import inert_json, link_target, visible


def _date_object(bound: Bound) -> dict[str, Any]:
    """A TimelineJS date honouring precision: a month-precise date has no day."""
    obj: dict[str, Any] = {"year": bound.year}
    if bound.month is not None:
        obj["month"] = bound.month
    if bound.day is not None:
        obj["day"] = bound.day
    return obj


def _dates(occurred: Occurred) -> tuple[dict[str, Any], dict[str, Any] | None, str | None]:
    fuzzy = FuzzyDate.parse(occurred.value)
    low, high = fuzzy.low, fuzzy.high
    p = fuzzy.precision
    if p in (Precision.DAY, Precision.MONTH, Precision.YEAR):
        assert low is not None
        return _date_object(low), None, None
    if p is Precision.BETWEEN:
        assert low is not None and high is not None
        return _date_object(low), _date_object(high), occurred.text
    if p is Precision.BEFORE:
        assert fuzzy.latest is not None
        return _date_object(Bound.of(fuzzy.latest)), None, occurred.text
    if p is Precision.AFTER:
        assert fuzzy.earliest is not None
        return _date_object(Bound.of(fuzzy.earliest)), None, occurred.text
    assert low is not None
    return _date_object(low), None, occurred.text


def _h(text: object) -> str:
    """For a field TimelineJS sanitises and sets as innerHTML: escaped once."""
    return html.escape(visible(text), quote=True)


def _hh(text: object) -> str:
    """For a field TimelineJS decodes once (DOMParser textContent) before innerHTML: escaped twice."""
    return html.escape(_h(text), quote=True)


def _entry_html(entry: TimelineEntry) -> str:
    parts = []
    if entry.summary:
        parts.append(f"<p>{_h(entry.summary)}</p>")
    who = ", ".join(f"{_h(p.actor)} ({_h(p.role)})" for p in entry.parties)
    if who:
        parts.append(f"<p>{who}</p>")
    sources = []
    for source in entry.sources:
        name = _h(source.outlet)
        target = link_target(source.url)
        if target:
            name = (
                f'<a href="{html.escape(target, quote=True)}" rel="noopener noreferrer nofollow">{name}</a>'
            )
        if source.attribution:
            name += f" ({_h(source.attribution)})"
        sources.append(name)
    if sources:
        parts.append(f"<p>Source: {'; '.join(sources)}</p>")
    parts.append(f"<p>Grade: {_h(entry.grade)}</p>")
    if entry.claims:  # where sources disagree, each one's value
        said = "; ".join(f"{_h(c.field)} {_h(c.value or '—')} ({_h(c.source)})" for c in entry.claims)
        parts.append(f"<p>Claims: {said}</p>")
    return "".join(parts)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def timelinejs(export: Export) -> dict[str, Any]:
    entries = export.entries
    events = []
    for entry in entries:
        start, end, display = _dates(entry.occurred)
        group = entry.kind if export.group == "kind" else (entry.actors[0] if entry.actors else "—")
        event: dict[str, Any] = {
            "start_date": start,
            "text": {"headline": _h(entry.title), "text": _entry_html(entry)},
            "group": _hh(group),
            "unique_id": _slug(f"{entry.story}-{entry.key}") or entry.id,
            "autolink": False,
        }
        if end:
            event["end_date"] = end
        if display:
            event["display_date"] = _hh(display)
        events.append(event)
    stories = sorted({e.story for e in entries})
    return {
        "title": {
            "text": {"headline": _h(", ".join(stories) or "Storyline"), "text": f"{len(entries)} entries"},
            "autolink": False,
        },
        "events": events,
        "eras": _pause_eras(entries),
    }


def write_timelinejs(export: Export) -> str:
    return inert_json(timelinejs(export)) + "\n"


def _pause_eras(entries: Sequence[TimelineEntry]) -> list[dict[str, Any]]:
    """An era for each time a relation stood paused, from the same fold as `storyline at`: from
    the pause until the next change of the same provider, recipient and scope, or the timeline's
    end. A resumption of another scope ends nothing."""
    last = max((e.occurred.end or date.min for e in entries), default=date.min)
    periods = relation_periods(entries)
    # A pair with relations of several scopes: each era says which.
    pairs = Counter(
        (provider, recipient)
        for provider, recipient, _ in {(p.provider, p.recipient, p.scope) for p in periods}
    )
    eras = []
    for period in periods:
        if period.status != "paused" or period.start is None:
            continue
        end = period.end or last
        if end < period.start:
            continue
        scope = (
            f" on {period.scope}" if period.scope and pairs[(period.provider, period.recipient)] > 1 else ""
        )
        eras.append(
            {
                "start_date": _date_object(Bound.of(period.start)),
                "end_date": _date_object(Bound.of(end)),
                "text": {
                    "headline": _h(
                        f"{period.provider} → {period.recipient}{scope}: intelligence sharing paused"
                    )
                },
            }
        )
    return eras
