"""The HTML report: one self-contained file a newsroom could publish.

From the top: the story's title and description; where it stands on the report's day (the
headline figures with what is only possible, claimed or disputed beside them, relations, forces,
stances, open matters); a lane per actor (the way analysts' charting tools draw theme lines)
with a glyph and colour per kind and fuzzy dates as ranges; cumulative tallies; a map when
entries have coordinates (report_map.py); the chronology, each entry with a permanent anchor
(`#story/key`), its sources as links, its grade, corrections and retraction; and a corrections
log for the whole story.

Inline CSS, SVG and one script only — nothing fetched from anywhere, and a Content Security
Policy that allows that script by its hash and nothing else. The script (report_assets/) adds
search and filters by kind, actor and grade, opens the entry a link points to, and prints every
entry open; without it everything is still there to read. Marks on the charts and map are
links to their entries, so a tap does what a hover would. Every piece of record text is
escaped, and the script reads and writes record text only as text.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
from collections import Counter
from collections.abc import Sequence
from datetime import date
from importlib import resources
from urllib.parse import quote

from storyline.domain import GRADE_GLYPHS, SOLID, Grade
from storyline.domain.dates import OPEN_FUTURE, OPEN_PAST

from ..entries import TimelineEntry
from ..periods import day_text
from ..situation import Situation
from ..tallies import Tally, counted
from .amendments import Amendment, amendments_of, corrections_log
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


def anchor(entry: TimelineEntry) -> str:
    """The entry's permanent anchor, `story/key` (its id when it has no key of yours): the
    same in every export of the story, so a link to it keeps working."""
    key = entry.id if entry.key.startswith("~") else entry.key
    return quote(f"{entry.story}/{key}", safe="-._~/")


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
        target = html.escape(anchor(body), quote=True)
        for index, actor in enumerate(actors):
            if actor not in body.actors:
                continue
            cy = AXIS + index * LANE + LANE / 2
            # A link, so that a tap (not only a hover) leads to the entry.
            out.append(f'<a href="#{target}" data-entry="{target}"><title>{tip}</title>')
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
            out.append("</a>")
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


def _sources(body: TimelineEntry) -> list[str]:
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
        status = f' <span class="role">({e(source.status)})</span>' if source.status != "reported" else ""
        sources.append(f"<li>{name}{' — ' + extra if extra else ''}{status}</li>")
    return sources


def _entry(body: TimelineEntry, amendments: Sequence[Amendment] = ()) -> str:
    kind = body.kind
    target = anchor(body)
    parties = "".join(f'<li>{e(p.actor)} <span class="role">{e(p.role)}</span></li>' for p in body.parties)
    notes = f'<p class="notes">{e(body.notes)}</p>' if body.notes else ""
    summary = f'<p class="summary">{e(body.summary)}</p>' if body.summary else ""
    if body.claims:  # where sources disagree: every claim, with its source and day
        said = " · ".join(
            f"{e(c.field)} {e(c.value or '—')} ({e(c.source)}{', ' + e(c.reported.isoformat()) if c.reported else ''})"
            for c in body.claims
        )
        summary += f'<p class="claims">Claims: {said}</p>'
    if body.location is not None:
        place = body.location
        where = e(place.name) if place.name else ""
        if place.latitude is not None and place.longitude is not None:
            where += f" ({place.latitude:.4f}, {place.longitude:.4f})"
        summary += f'<p class="place">Where: {where}</p>'
    if amendments:  # what the record learned since, each on whose word and when
        summary += (
            '<div class="amended"><h4>Corrections</h4><ul>'
            + "".join(
                f"<li>{'Retracted' if said.retraction else 'Corrected'}: {e(said.line())}</li>"
                for said in amendments
            )
            + "</ul></div>"
        )
    retracted = ' <span class="retracted">retracted</span>' if body.status == "retracted" else ""
    # How solid it is, beside the title: a glyph and the word, never colour alone.
    grade = f' <span class="grade grade-{e(body.grade)}">{e(GRADE_GLYPHS[Grade(body.grade)])} {e(body.grade)}</span>'
    actors = "\n".join(visible(actor) for actor in body.actors)
    return (
        f'<li class="entry" id="{html.escape(target, quote=True)}" style="--kind:{colour(kind)}" '
        f'data-kind="{e(kind)}" data-grade="{e(body.grade)}" data-actors="{html.escape(actors, quote=True)}">'
        f"<details><summary>"
        f'<span class="when">{e(body.occurred.text)}</span>'
        f'<span class="kind"><span class="glyph">{e(glyph(kind))}</span> {e(kind)}</span>'
        f'<span class="title">{e(body.title)}{retracted}{grade}</span></summary>'
        f'<div class="more">{summary}{notes}'
        f'<div class="cols"><div><h4>Who</h4><ul>{parties or "<li>—</li>"}</ul></div>'
        f"<div><h4>Sources</h4><ul>{''.join(_sources(body)) or '<li>none recorded</li>'}</ul></div></div>"
        f'<p class="meta">{e(body.story)} · {e(body.ref)} · reported {e(body.reported.isoformat())} · grade {e(body.grade)}'
        f' · <a class="permalink" href="#{html.escape(target, quote=True)}">link to this entry</a></p>'
        f"</div></details></li>"
    )


def _linked(text: str, key: str, anchors: dict[str, str]) -> str:
    """Situation text linked to the entry that set it, where the report shows that entry."""
    target = anchors.get(key)
    if target is None:
        return e(text)
    return f'<a href="#{html.escape(target, quote=True)}">{e(text)}</a>'


def where_it_stands(report: Situation, anchors: dict[str, str]) -> str:
    """The situation on the report's day, as `storyline at` gives it."""
    tallies = report.tallies
    figures: list[str] = []
    unreported: list[str] = []
    none: list[str] = []
    for metric in tallies.certain:
        apart = tallies.apart(metric)
        headline = tallies.headline(metric)
        if not headline and not apart:  # nothing to show: say which are unknown, which zero
            (none if headline == 0 else unreported).append(metric)
            continue
        notes = f'<span class="apart">{" · ".join(e(a) for a in apart)}</span>' if apart else ""
        figures.append(
            f"<div><dt>{e(metric)}</dt><dd><strong>{e(tallies.text(metric))}</strong>{notes}</dd></div>"
        )
    known = (
        f", from what had been reported by {e(day_text(report.known_at))}"
        if report.known_at
        else ", from everything reported since"
    )
    out = [
        '<section class="stands" id="where-it-stands" aria-labelledby="stands-heading">',
        f'<h2 id="stands-heading">Where it stands on {e(day_text(report.as_of))}</h2>',
        f'<p class="how">The situation at the end of that day{known}. Headline figures count what '
        "certainly happened by then and is confirmed or reported; what only possibly had, or is "
        "only claimed or disputed, stands beside them.</p>",
        f'<dl class="figures">{"".join(figures)}</dl>' if figures else "",
        f'<p class="quiet">Not reported: {e(", ".join(unreported))}.</p>' if unreported else "",
        f'<p class="quiet">None: {e(", ".join(none))}.</p>' if none else "",
    ]
    relations = [
        "<li>"
        + _linked(f"{r.provider} → {r.recipient}", r.entry, anchors)
        + (f" on {e(r.scope)}" if r.scope else "")
        + f": <strong>{e(r.status)}</strong> since {e(r.since.text)}</li>"
        for r in report.relations
    ]
    forces = [
        "<li>"
        + _linked(f.asset, f.entry, anchors)
        + (f" in {e(f.region)}" if f.region else "")
        + f": {e(f.status)} since {e(f.since.text)}"
        + (f" · {e(f.personnel)} personnel" if f.personnel else "")
        + "</li>"
        for f in report.forces
    ]
    by_matter: dict[str, dict[str, list[str]]] = {}
    for stance in report.stances:
        who = _linked(stance.actor, stance.entry, anchors) + ("" if stance.certain else " (possibly)")
        by_matter.setdefault(stance.about, {}).setdefault(stance.position, []).append(who)
    stances = [
        f"<li><em>{e(matter)}</em>: "
        + "; ".join(f"{e(position)}: {', '.join(who)}" for position, who in positions.items())
        + "</li>"
        for matter, positions in by_matter.items()
    ]
    matters = [
        "<li>"
        + _linked(m.summary or m.title, m.entry, anchors)
        + f" · {e(m.since.text)}"
        + ("" if m.certain else " (possibly)")
        + "</li>"
        for m in report.open_matters
    ]
    for heading, items in (
        ("Intelligence sharing", relations),
        ("Forces deployed", forces),
        ("Stances", stances),
        ("Open matters", matters),
    ):
        out.append(f"<h3>{heading}</h3>")
        out.append(f"<ul>{''.join(items)}</ul>" if items else '<p class="quiet">None recorded.</p>')
    out.append("</section>")
    return "".join(out)


def _options(values: Sequence[str]) -> str:
    return "".join(f'<option value="{e(v)}">{e(v)}</option>' for v in values)


def filters(bodies: Sequence[TimelineEntry]) -> str:
    """Search and filters, hidden until the script shows them: without it, nothing to use."""
    kinds = sorted({b.kind for b in bodies})
    actors = sorted({a for b in bodies for a in b.actors}, key=str.casefold)
    grades = [g.value for g in Grade if any(b.grade == g.value for b in bodies)]
    return (
        '<form class="filters" id="filters" role="search" aria-label="Search and filter the chronology" hidden>'
        '<label>Search <input type="search" name="q" placeholder="words in titles, actors, sources…" autocomplete="off"></label>'
        f'<label>Kind <select name="kind"><option value="">all kinds</option>{_options(kinds)}</select></label>'
        f'<label>Actor <select name="actor"><option value="">all actors</option>{_options(actors)}</select></label>'
        f'<label>Grade <select name="grade"><option value="">all grades</option>{_options(grades)}</select></label>'
        '<button type="reset">Show all</button>'
        '<output id="shown" aria-live="polite"></output>'
        "</form>"
    )


def corrections_section(
    bodies: Sequence[TimelineEntry], retracted: Sequence[TimelineEntry], amended: dict[str, list[Amendment]]
) -> str:
    """Every correction and retraction, by the day reported: an entry in the chronology is
    linked; a retracted one, no longer there, is named and said to be retracted."""
    shown = {b.id for b in bodies}
    items = []
    for entry, said in corrections_log([*bodies, *retracted], amended):
        name = (
            f'<a href="#{html.escape(anchor(entry), quote=True)}">{e(entry.title)}</a>'
            if entry.id in shown
            else f'{e(entry.title)} <span class="retracted">retracted</span>'
        )
        items.append(f"<li><time>{e(said.reported.isoformat())}</time> {name}: {e(said.line())}</li>")
    listed = (
        f'<ol class="corrections-log">{"".join(items)}</ol>'
        if items
        else '<p class="quiet">No correction or retraction has been recorded.</p>'
    )
    return (
        '<section id="corrections"><h2>Corrections</h2>'
        '<p class="how">Every change the record made after an entry was first reported, by the day '
        "the change was reported, with whose word it was and why. A retracted entry is no longer in "
        f"the chronology; its retraction is here.</p>{listed}</section>"
    )


@functools.cache
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("report_assets", name).read_text(encoding="utf-8")


def report_script() -> str:
    return _asset("report.js")


def content_security_policy(script: str) -> str:
    """Nothing from anywhere; inline styles, data: images, and this one script by its hash."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def write_html(export: Export) -> str:
    from .report_map import map_section

    bodies, title, subtitle = export.entries, export.title, export.subtitle
    amended = amendments_of(export.events)
    anchors: dict[str, str] = {}
    for body in bodies:
        anchors.setdefault(body.key, anchor(body))
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
    lanes = f'<div class="scroll">{lanes_svg(bodies)}</div>' if bodies else "<p>No entries.</p>"
    stands = where_it_stands(export.situation, anchors) if export.situation else ""
    places = map_section(bodies, anchor)
    script = report_script()
    contents = [("#where-it-stands", "Where it stands")] if stands else []
    contents += [("#lanes", "Who took part"), ("#map", "Map")] if places else [("#lanes", "Who took part")]
    contents += [("#chronology", "Chronology"), ("#corrections", "Corrections")]
    nav = "".join(f'<a href="{href}">{label}</a>' for href, label in contents)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{content_security_policy(script)}">
<meta name="referrer" content="no-referrer">
<title>{e(title)}</title>
<style>{_asset("report.css")}</style>
</head>
<body>
<header>
<p class="kicker">Timeline</p>
<h1>{e(title)}</h1>
{f'<p class="dek">{e(export.description)}</p>' if export.description else ""}
<p class="dek">{e(subtitle)}</p>
<ul class="legend">{legend}</ul>
<nav class="contents" aria-label="Contents">{nav}</nav>
</header>
<main>
{stands}
<section id="lanes"><h2>Who took part, and when</h2>
<p class="how">Each row is an actor. A glyph marks a dated event; a bar spans the days a fuzzily dated one could have happened on, fading where its start is unknown. Tap or click a mark to read its entry.</p>
{lanes}</section>
{charts}
{places}
<section id="chronology"><h2>Chronology</h2><p class="how">Oldest first. Open an entry for who was involved, who said so, and what was corrected since.</p>
{filters(bodies)}
<ol class="chronology">{"".join(_entry(b, amended.get(b.id, ())) for b in bodies)}</ol></section>
{corrections_section(bodies, export.retracted, amended)}
</main>
<footer>Made with Storyline from an append-only record. Dates are shown as precisely as they were known; nothing here was fetched from the network.</footer>
<script>{script}</script>
</body>
</html>
"""
