"""The HTML report: one self-contained file a newsroom could publish.

Inline CSS and SVG only — no fonts, scripts or images fetched from anywhere, and a Content
Security Policy that forbids it. It draws a lane per actor (the way analysts' charting tools draw
theme lines) with a glyph and colour per kind and fuzzy dates as ranges, a chart of cumulative
tallies (what certainly happened, and what possibly had), and a chronology whose entries open to
show their sources. Every piece of record text is escaped.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from storyline.domain import GRADE_GLYPHS, SOLID, Entry, Grade
from storyline.domain.dates import OPEN_FUTURE, OPEN_PAST

from ..entries import TimelineEntry
from ..tallies import Tally, counted
from .export import Export
from .inert_text import link_target, visible
from .kind_styles import kind_style

MAX_LANES = 16
WIDTH, GUTTER, LANE, AXIS = 1000, 230, 30, 34


def e(text: object) -> str:
    """Record text for HTML: controls and bidi overrides made visible, then escaped."""
    return html.escape(visible("" if text is None else text), quote=True)


def glyph(kind: str) -> str:
    return kind_style(kind).glyph


def colour(kind: str) -> str:
    return kind_style(kind).web


def _range(entry: TimelineEntry) -> tuple[int, int]:
    return entry.occurred.start_ordinal, entry.occurred.end_ordinal


def _domain(bodies: Sequence[TimelineEntry]) -> tuple[int, int]:
    """The span worth drawing: from the earliest bounded start (an open `before` would stretch
    it back without limit) to the latest bounded end, with a little margin."""
    starts = [s for s, _ in map(_range, bodies) if s != OPEN_PAST]
    ends = [e_ for _, e_ in map(_range, bodies) if e_ != OPEN_FUTURE]
    low = min(starts or ends or [date.today().toordinal()])
    high = max(ends or starts or [low + 1])
    pad = max(3, (high - low) // 40)
    # Within the calendar: a story may hold 1 Jan 1 or 31 Dec 9999, and no day lies beyond them.
    first, last = date.min.toordinal(), date.max.toordinal()
    start = max(first, low - pad)
    return start, min(last, max(high + pad, low + 14, start + 14))


def _months(low: int, high: int) -> list[date]:
    """The first days of the months from `low` to `high`, a dozen of them at most."""
    first, last = date.fromordinal(low), date.fromordinal(high)
    year, month = first.year, first.month
    months = []
    while (year, month) <= (last.year, last.month):
        if date(year, month, 1).toordinal() >= low:
            months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    step = max(1, len(months) // 12)
    return months[::step]


def _tooltip(entry: TimelineEntry) -> str:
    """Escaped here, line by line: the line break between them is ours, not the record's."""
    sources = "; ".join(s.outlet + (f" ({s.attribution})" if s.attribution else "") for s in entry.sources)
    lines = [f"{entry.occurred.text} — {entry.title}"] + ([f"Source: {sources}"] if sources else [])
    return "\n".join(e(line) for line in lines)


def lanes_svg(bodies: Sequence[TimelineEntry]) -> str:
    counts = Counter(actor for b in bodies for actor in b.actors)
    actors = [name for name, _ in counts.most_common(MAX_LANES)]
    low, high = _domain(bodies)
    span = high - low
    plot = WIDTH - GUTTER - 20

    def x(day: int) -> float:
        return GUTTER + (min(max(day, low), high) - low) / span * plot

    height = AXIS + LANE * len(actors) + 10
    out = [
        f'<svg class="lanes" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="Who took part in what, over time">'
    ]
    # A bar whose start is unknown fades in from nothing: one gradient per kind colour.
    out.append("<defs>")
    for kind in sorted({b.kind for b in bodies}):
        out.append(
            f'<linearGradient id="fade-{_slug(kind)}" x1="0" x2="1"><stop offset="0" stop-color="{colour(kind)}" stop-opacity="0"/>'
            f'<stop offset="1" stop-color="{colour(kind)}" stop-opacity="1"/></linearGradient>'
        )
    out.append("</defs>")
    for month in _months(low, high):
        mx = x(month.toordinal())
        out.append(f'<line class="grid" x1="{mx:.1f}" y1="{AXIS - 6}" x2="{mx:.1f}" y2="{height - 6}"/>')
        out.append(f'<text class="tick" x="{mx + 3:.1f}" y="{AXIS - 12}">{e(month.strftime("%b %Y"))}</text>')
    for index, actor in enumerate(actors):
        y = AXIS + index * LANE
        out.append(
            f'<rect class="lane{" alt" if index % 2 else ""}" x="0" y="{y}" width="{WIDTH}" height="{LANE}"/>'
        )
        out.append(
            f'<text class="actor" x="{GUTTER - 10}" y="{y + LANE / 2 + 4}" text-anchor="end">{e(_clip(actor, 32))}</text>'
        )
    for body in bodies:
        start, end = _range(body)
        tip = _tooltip(body)
        fill = colour(body.kind)
        for index, actor in enumerate(actors):
            if actor not in body.actors:
                continue
            cy = AXIS + index * LANE + LANE / 2
            out.append(f"<g><title>{tip}</title>")
            if end != OPEN_FUTURE and end < low:  # entirely before the drawn span: an arrow at the edge
                out.append(
                    f'<text class="edge" x="{GUTTER + 2}" y="{cy + 4}" fill="{fill}">◂ {e(body.occurred.text)}</text>'
                )
            elif start != end:
                left, right = x(start), x(end if end != OPEN_FUTURE else high)
                paint = f"url(#fade-{_slug(body.kind)})" if start == OPEN_PAST else fill
                out.append(
                    f'<rect class="span" x="{left:.1f}" y="{cy - 5}" width="{max(right - left, 2):.1f}" height="10" rx="5" fill="{paint}"/>'
                )
                out.append(
                    f'<text class="glyph" x="{right:.1f}" y="{cy + 5}" fill="{fill}" text-anchor="middle">{e(glyph(body.kind))}</text>'
                )
            else:
                out.append(
                    f'<text class="glyph" x="{x(start):.1f}" y="{cy + 5}" fill="{fill}" text-anchor="middle">{e(glyph(body.kind))}</text>'
                )
            out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _slug(kind: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in kind.lower())


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def tallies_svg(bodies: Sequence[TimelineEntry], metric: str = "killed") -> str | None:
    """Cumulative `metric` over time: a line for what certainly happened by each day, and a band
    up to what possibly had — of what is solid: what is only claimed or disputed is not added."""
    given = [(r, counted(b).get(metric)) for b in bodies if b.grade in SOLID for r in [_range(b)]]
    contributions = [(r, c) for r, c in given if c is not None and c.value]
    if not contributions:
        return None
    low, high = _domain(bodies)
    days = list(range(low, high + 1, max(1, (high - low) // 200)))
    if days[-1] != high:  # the chart ends where its span does, with what is known by then
        days.append(high)
    certain_values, possible_values = [], []
    for day in days:
        certain, started = Tally(), Tally()
        for (start, end), count in contributions:
            if end <= day:
                certain.add({metric: count})
            if start <= day:
                started.add({metric: count})
        certain_values.append(certain.counts()[metric].value)
        possible_values.append(started.counts()[metric].value)
    top = max(possible_values) or 1
    width, height, left, bottom = WIDTH, 220, 60, 190

    def x(day: int) -> float:
        return left + (day - low) / (high - low) * (width - left - 20)

    def y(value: int) -> float:
        return bottom - value / top * (bottom - 20)

    band = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in zip(days, possible_values, strict=True))
    band += " " + " ".join(
        f"{x(d):.1f},{y(v):.1f}" for d, v in reversed(list(zip(days, certain_values, strict=True)))
    )
    line = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in zip(days, certain_values, strict=True))
    out = [
        f'<svg class="tallies" viewBox="0 0 {width} {height}" role="img" aria-label="Cumulative {e(metric)} over time">'
    ]
    for month in _months(low, high):
        mx = x(month.toordinal())
        out.append(
            f'<line class="grid" x1="{mx:.1f}" y1="20" x2="{mx:.1f}" y2="{bottom}"/><text class="tick" x="{mx + 3:.1f}" y="{bottom + 16}">{e(month.strftime("%b %Y"))}</text>'
        )
    for value in (0, top // 2, top):
        out.append(
            f'<text class="tick" x="{left - 8}" y="{y(value) + 4:.1f}" text-anchor="end">{value:,}</text>'
        )
    out.append(f'<polygon class="possible" points="{band}"/>')
    out.append(f'<polyline class="certain" points="{line}"/>')
    out.append(
        f'<text class="legend" x="{left + 8}" y="30"><tspan class="certain-key">━</tspan> certainly {e(metric)} by then   <tspan class="possible-key">█</tspan> possibly, as fuzzy dates allow</text>'
    )
    out.append("</svg>")
    return "".join(out)


def corrections_of(events: Sequence[Any]) -> dict[str, list[str]]:
    """entry id -> each correction as a line: what changed to what, on whose word, when, why."""
    found: dict[str, list[str]] = {}
    for event in events:
        if not isinstance(event, Entry.Corrected):
            continue
        said = ", ".join(f"{name} → {value if value is not None else '—'}" for name, value in event.changes)
        by = f"{event.source.outlet}, " if event.source else ""
        why = f"; {event.why}" if event.why else ""
        found.setdefault(str(event.originator_id), []).append(
            f"{said} ({by}{event.reported.isoformat()}{why})"
        )
    return found


def _entry(body: TimelineEntry, corrections: Sequence[str] = ()) -> str:
    kind = body.kind
    parties = "".join(f'<li>{e(p.actor)} <span class="role">{e(p.role)}</span></li>' for p in body.parties)
    sources = []
    for source in body.sources:
        name = e(source.outlet)
        target = link_target(source.url)
        if target:  # percent-encoded, then escaped for the attribute
            name = (
                f'<a href="{html.escape(target, quote=True)}" rel="noopener noreferrer nofollow">{name}</a>'
            )
        elif source.url:  # not a web address: shown, never linked
            name += f' <span class="url">{e(source.url)}</span>'
        published = source.published.isoformat() if source.published else None
        extra = ", ".join(e(v) for v in (source.attribution, published) if v)
        sources.append(f"<li>{name}{' — ' + extra if extra else ''}</li>")
    notes = f'<p class="notes">{e(body.notes)}</p>' if body.notes else ""
    summary = f'<p class="summary">{e(body.summary)}</p>' if body.summary else ""
    if body.claims:  # where sources disagree: every claim, with its source and day
        said = " · ".join(
            f"{e(c.field)} {e(c.value or '—')} ({e(c.source)}{', ' + e(c.reported.isoformat()) if c.reported else ''})"
            for c in body.claims
        )
        summary += f'<p class="claims">Claims: {said}</p>'
    if corrections:  # what the record learned since, each on whose word
        summary += '<p class="corrections">Corrected: ' + " · ".join(e(c) for c in corrections) + "</p>"
    retracted = ' <span class="retracted">retracted</span>' if body.status == "retracted" else ""
    # How solid it is, beside the title: a glyph and the word, never colour alone.
    grade = f' <span class="grade grade-{e(body.grade)}">{e(GRADE_GLYPHS[Grade(body.grade)])} {e(body.grade)}</span>'
    return (
        f'<li class="entry" style="--kind:{colour(kind)}"><details><summary>'
        f'<span class="when">{e(body.occurred.text)}</span>'
        f'<span class="kind"><span class="glyph">{e(glyph(kind))}</span> {e(kind)}</span>'
        f'<span class="title">{e(body.title)}{retracted}{grade}</span></summary>'
        f'<div class="more">{summary}{notes}'
        f'<div class="cols"><div><h4>Who</h4><ul>{parties or "<li>—</li>"}</ul></div>'
        f"<div><h4>Sources</h4><ul>{''.join(sources) or '<li>none recorded</li>'}</ul></div></div>"
        f'<p class="meta">{e(body.story)} · {e(body.key)} · reported {e(body.reported.isoformat())} · grade {e(body.grade)}</p>'
        f"</div></details></li>"
    )


def write_html(export: Export) -> str:
    bodies, title, subtitle = export.entries, export.title, export.subtitle
    corrected = corrections_of(export.events)
    kinds = sorted({b.kind for b in bodies})
    legend = "".join(
        f'<li><span class="glyph" style="color:{colour(k)}">{e(glyph(k))}</span> {e(k)}</li>' for k in kinds
    )
    toll = tallies_svg(bodies, "killed")
    strikes = tallies_svg(bodies, "strikes")
    charts = ""
    if toll:
        charts += f"<section><h2>Killed, cumulative</h2>{toll}</section>"
    if strikes:
        charts += f"<section><h2>Strikes, cumulative</h2>{strikes}</section>"
    lanes = lanes_svg(bodies) if bodies else "<p>No entries.</p>"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>{e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<p class="kicker">Timeline</p>
<h1>{e(title)}</h1>
{f'<p class="dek">{e(export.description)}</p>' if export.description else ""}
<p class="dek">{e(subtitle)}</p>
<ul class="legend">{legend}</ul>
</header>
<main>
<section><h2>Who took part, and when</h2>
<p class="how">Each row is an actor. A glyph marks a dated event; a bar spans the days a fuzzily dated one could have happened on, fading where its start is unknown. Hover for details.</p>
{lanes}</section>
{charts}
<section><h2>Chronology</h2><p class="how">Oldest first. Open an entry for who was involved and who said so.</p>
<ol class="chronology">{"".join(_entry(b, corrected.get(b.id, ())) for b in bodies)}</ol></section>
</main>
<footer>Made with Storyline from an append-only record. Dates are shown as precisely as they were known; nothing here was fetched from the network.</footer>
</body>
</html>
"""


CSS = """
:root { --ink:#1d1d1f; --muted:#5f6368; --rule:#e3e3e0; --paper:#fbfaf7; --lane:#f3f1ec; }
* { box-sizing:border-box; }
body { margin:0; background:var(--paper); color:var(--ink); font:16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width:1080px; margin:0 auto; padding:0 24px; }
header { padding-top:36px; border-bottom:1px solid var(--rule); padding-bottom:18px; }
.kicker { text-transform:uppercase; letter-spacing:.12em; font-size:12px; color:#b3261e; margin:0; font-weight:600; }
h1 { font-family: Georgia, "Times New Roman", serif; font-size:34px; line-height:1.15; margin:6px 0 8px; }
.dek { color:var(--muted); margin:0 0 12px; }
h2 { font-family: Georgia, serif; font-size:21px; margin:32px 0 6px; }
.how { color:var(--muted); font-size:14px; margin:0 0 10px; }
.legend { list-style:none; padding:0; margin:0; display:flex; flex-wrap:wrap; gap:6px 16px; font-size:13px; color:var(--muted); }
.glyph { font-weight:700; }
svg { width:100%; height:auto; display:block; background:#fff; border:1px solid var(--rule); border-radius:6px; }
svg text { font-family: system-ui, sans-serif; }
.lane { fill:#fff; } .lane.alt { fill:var(--lane); }
.grid { stroke:var(--rule); stroke-width:1; }
.tick { fill:var(--muted); font-size:11px; }
.actor { fill:var(--ink); font-size:12.5px; }
.span { opacity:.28; }
.glyph { font-size:15px; }
.edge { font-size:11px; }
.tallies .possible { fill:#b3261e; opacity:.14; }
.tallies .certain { fill:none; stroke:#b3261e; stroke-width:2.5; }
.legend, .tallies .legend { font-size:12px; fill:var(--muted); }
.certain-key { fill:#b3261e; } .possible-key { fill:#b3261e; opacity:.3; }
.chronology { list-style:none; padding:0; margin:0; border-top:1px solid var(--rule); }
.entry { border-bottom:1px solid var(--rule); border-left:4px solid var(--kind); }
.entry summary { cursor:pointer; display:grid; grid-template-columns: 170px 190px 1fr; gap:12px; padding:10px 12px; list-style:none; }
.entry summary::-webkit-details-marker { display:none; }
.entry summary:hover { background:#fff; }
.when { color:var(--muted); font-variant-numeric: tabular-nums; }
.kind { color:var(--kind); font-size:14px; }
.title { font-weight:600; }
.retracted { color:#b3261e; font-weight:400; font-size:13px; text-transform:uppercase; letter-spacing:.05em; }
.grade { color:#555; font-weight:400; font-size:13px; margin-left:.4em; } .grade-claimed, .grade-disputed { color:#8a5a00; }
.more { padding:0 12px 14px 194px; font-size:15px; }
.more h4 { margin:8px 0 2px; font-size:12px; text-transform:uppercase; letter-spacing:.08em; color:var(--muted); }
.more ul { margin:0; padding-left:18px; }
.cols { display:grid; grid-template-columns: 1fr 1fr; gap:16px; }
.role { color:var(--muted); font-size:13px; }
.meta { color:var(--muted); font-size:12px; margin-top:10px; }
a { color:#2362a8; }
footer { color:var(--muted); font-size:13px; padding:28px 24px 40px; }
@media (max-width: 720px) { .entry summary { grid-template-columns: 1fr; gap:2px; } .more { padding-left:12px; } .cols { grid-template-columns:1fr; } }
"""
