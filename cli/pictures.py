"""Pictures in the terminal: `lanes` (actors as rows, time as columns) and `chart` (tallies over
time), both fitted to the terminal's width."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import click
from rich.console import Group
from rich.table import Table
from rich.text import Text

from storyline.domain.dates import OPEN_FUTURE, OPEN_PAST
from storyline.projections import TimelineQuery
from storyline.projections.actors import resolve_actor

from .main import Context
from .options import clock_options, json_option, store_option, story_option
from .output import emit
from .reading import clocks_text
from .render import empty_note, heading, kind_style
from .safe_text import safe
from .situation import MAX_STEPS, period_count, period_ends, period_start

NAME_WIDTH = 24
MAX_LANES = 20


def _periods(low: date, high: date, by: str, last: int | None = None) -> list[tuple[date, date]]:
    """(first day, last day) of each period from `low` to `high`; with `last`, the last ones."""
    ends = period_ends(low, high, by, last=last)
    if not ends:
        return []
    starts = [max(low, period_start(ends[0], by)), *(end + timedelta(days=1) for end in ends[:-1])]
    return list(zip(starts, ends, strict=True))


def _label(start: date, end: date, by: str) -> str:
    if by == "year":
        return f"{end:%Y}"
    return f"{end:%b %Y}" if by == "month" else f"{start:%d %b %Y}"


def _span_text(periods: list[tuple[date, date]], by: str) -> str:
    if by == "month":
        return f"{periods[0][1]:%b %Y} – {periods[-1][1]:%b %Y}"
    return f"{periods[0][0]:%d %b %Y} – {periods[-1][1]:%d %b %Y}"


def _span(rows: list[Any]) -> tuple[date, date]:
    starts = [r.occ_start for r in rows if r.occ_start != OPEN_PAST]
    ends = [r.occ_end for r in rows if r.occ_end != OPEN_FUTURE]
    low = min(starts or ends)
    return date.fromordinal(low), date.fromordinal(max(ends or [low]))


@click.command()
@click.option(
    "--actor",
    "actors",
    multiple=True,
    metavar="NAME",
    help="An actor's lane (repeatable; default: the most involved).",
)
@click.option(
    "--by",
    type=click.Choice(["week", "month"]),
    default=None,
    help="Column width (default: the finest that fits).",
)
@clock_options
@story_option
@json_option
@store_option
@click.pass_obj
def lanes(
    ctx: Context,
    actors: tuple[str, ...],
    by: str | None,
    as_of: date | None,
    known_at: date | None,
    recorded_before: datetime | None,
    stories: tuple[str, ...],
    as_json: bool,
    store: str | None,
) -> None:
    """Actors as rows, time as columns: a mark where an actor takes part in an entry.

    A glyph marks the period an entry certainly happened in; a faint dash the periods a fuzzily
    dated one only possibly happened in.
    """
    session = ctx.session(store, stories)
    clocks = ctx.clocks(session, as_of, known_at, recorded_before)
    rows = session.views.timeline(TimelineQuery(clocks=clocks, stories=stories))
    if not rows:
        emit(ctx.env, empty_note("No entries to draw."))
        return
    directory = session.views.directory()
    names = [resolve_actor(directory, a).name for a in actors] or [
        name for name, _ in Counter(a for r in rows for a in r.body["actors"]).most_common(MAX_LANES)
    ]
    low, high = _span(rows)
    room = max(8, ctx.env.width - NAME_WIDTH - 2)
    chosen = by or ("week" if period_count(low, high, "week") <= room else "month")
    clipped = period_count(low, high, chosen) > room
    periods = _periods(low, high, chosen, last=room)
    grid: dict[str, list[tuple[str, str] | None]] = {name: [None] * len(periods) for name in names}
    for row in rows:
        glyph, colour = kind_style(row.kind)
        for index, (start, end) in enumerate(periods):
            overlaps = row.occ_start <= end.toordinal() and row.occ_end >= start.toordinal()
            if not overlaps:
                continue
            certain_here = start.toordinal() <= row.occ_end <= end.toordinal()
            for name in names:
                if name in row.body["actors"]:
                    cell = grid[name][index]
                    if certain_here:
                        grid[name][index] = (
                            (glyph, colour) if cell is None or cell[0] in "·" else ("◆", "bold")
                        )
                    elif cell is None:
                        grid[name][index] = ("·", colour)
    if as_json:
        ctx.write_json(
            {
                "by": chosen,
                "periods": [[s.isoformat(), e.isoformat()] for s, e in periods],
                "lanes": {name: [c[0] if c else None for c in cells] for name, cells in grid.items()},
            }
        )
        return
    lines = [
        heading(
            "Lanes",
            f"by {chosen}, {_span_text(periods, chosen)}  {clocks_text(clocks, recorded_before)}".rstrip(),
        )
    ]
    if clipped:
        wider = "widen it" if chosen == "month" else "widen it or use --by month"
        lines.append(empty_note(f"(the last {room} {chosen}s fit this terminal; {wider})"))
    cell_width = min(4, max(1, room // len(periods)))
    axis = Text(" " * (NAME_WIDTH + 1))
    position = 0
    for index, (start, end) in enumerate(periods):
        label = f"{end:%b %y}" if chosen == "month" else f"{start:%d %b}"
        at = index * cell_width
        if at >= position and at + len(label) <= room:
            axis.append(" " * (at - position) + label, style="dim")
            position = at + len(label) + 1
            axis.append(" ")
    lines.append(axis)
    before = {
        name: any(name in r.body["actors"] and r.occ_end < periods[0][0].toordinal() for r in rows)
        for name in names
    }
    for name in names:
        shown = name if len(name) <= NAME_WIDTH - 2 else name[: NAME_WIDTH - 3] + "…"
        line = safe(shown.ljust(NAME_WIDTH - 1), "bold")
        line.append("◂" if before[name] else " ", style="dim")
        line.append(" ")
        for cell in grid[name]:
            if cell is None:
                line.append(" " * cell_width)
            elif cell[0] == "·":
                line.append("·" * cell_width, style=f"{cell[1]} dim")
            else:
                line.append(cell[0] + " " * (cell_width - 1), style=cell[1])
        lines.append(line)
    legend = Text("  ")
    for kind in sorted({r.kind for r in rows}):
        glyph, colour = kind_style(kind)
        legend.append(f"{glyph} ", style=colour)
        legend.append_text(safe(kind, "dim"))
        legend.append("  ")
    lines += [
        Text(""),
        legend,
        Text("  · possibly in that period   ◆ several entries   ◂ earlier ones too", style="dim"),
    ]
    emit(ctx.env, Group(*lines))


METRICS = ("killed", "strikes", "survivors", "vessels")


@click.command()
@click.option("--by", type=click.Choice(["week", "month", "year"]), default="month", show_default=True)
@click.option(
    "--metric",
    "metrics",
    multiple=True,
    type=click.Choice(METRICS),
    help="Which tallies (default: strikes and killed).",
)
@clock_options
@story_option
@json_option
@store_option
@click.pass_obj
def chart(
    ctx: Context,
    by: str,
    metrics: tuple[str, ...],
    as_of: date | None,
    known_at: date | None,
    recorded_before: datetime | None,
    stories: tuple[str, ...],
    as_json: bool,
    store: str | None,
) -> None:
    """Tallies over time: how many strikes and deaths had certainly happened by the end of each
    period (solid), and how many more possibly had (shaded)."""
    session = ctx.session(store, stories)
    clocks = ctx.clocks(session, as_of, known_at, recorded_before)
    rows = session.views.timeline(TimelineQuery(clocks=clocks, stories=stories))
    if not rows:
        emit(ctx.env, empty_note("No entries to chart."))
        return
    low, high = _span(rows)
    if as_of:
        high = min(high, as_of)
        low = min(low, high)  # an open "before" can start the span after the day asked about
    # Totals are running ones: the last MAX_STEPS periods lose nothing of them, and a story
    # reaching back to the year 1 would otherwise be a hundred thousand rows of queries.
    clipped = period_count(low, high, by) > MAX_STEPS
    periods = _periods(low, high, by, last=MAX_STEPS)
    chosen = metrics or ("strikes", "killed")
    series = []
    for start, end in periods:
        certain, possible = session.views.tallies(end, clocks, stories)
        series.append((start, end, certain, possible))
    if as_json:
        ctx.write_json(
            [
                {
                    "period": _label(s, e, by),
                    "end": e.isoformat(),
                    "certain": {m: c[m].value for m in METRICS},
                    "possible": {m: p[m].value for m in METRICS},
                }
                for s, e, c, p in series
            ]
        )
        return
    labels = [_label(s, e, by) for s, e, _, _ in series]
    # The figures are written in full, however long: the bars take the room they leave.
    widest = max(len(_figures(c[m].text, p[m].value)) for _, _, c, p in series for m in chosen)
    left = (ctx.env.width - max(map(len, labels)) - 2 * len(chosen)) // len(chosen) - widest
    bar_room = max(4, min((ctx.env.width - 12) // len(chosen) - 22, left))
    tops = {m: max(c[m].value + p[m].value for _, _, c, p in series) or 1 for m in chosen}
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Period", no_wrap=True, min_width=max(map(len, labels)))
    for metric in chosen:
        table.add_column(metric, no_wrap=True)
    for label, (_, _, certain, possible) in zip(labels, series, strict=True):
        bars = [_bar(certain[m].value, possible[m].value, tops[m], bar_room, certain[m].text) for m in chosen]
        table.add_row(label, *bars)
    note = empty_note("  █ certainly by then   ░ possibly, as fuzzy dates allow")
    parts = [heading("Tallies over time", clocks_text(clocks, recorded_before))]
    if clipped:
        parts.append(empty_note(f"(the last {len(periods)} {by}s; --as-of or a longer --by for others)"))
    emit(ctx.env, Group(*parts, table, note))


def _bar(certain: int, possible: int, top: int, room: int, text: str) -> Text:
    solid = round(certain / top * room)
    shaded = round((certain + possible) / top * room) - solid
    bar = Text("█" * solid, style="red")
    bar.append("░" * shaded, style="red dim")
    bar.append(_figures(text, possible), style="")
    return bar


def _figures(text: str, possible: int) -> str:
    return f" {text}" + (f" (+{possible:,}?)" if possible else "")


COMMANDS = [lanes, chart]
