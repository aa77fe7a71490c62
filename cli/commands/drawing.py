"""Pictures in the terminal: `lanes` (actors as rows, time as columns) and `chart` (tallies over
time), both fitted to the terminal's width."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from storyline.domain import TALLIES
from storyline.projections.formats.kind_styles import kind_style
from storyline.projections.results import Chart, Lanes

from ..main import Invocation
from ..options import ReadOptions, read_options
from ..output.entry_rows import empty_note, heading
from ..output.layout import Flow, indented
from ..output.pager import emit
from ..output.terminal_text import safe
from .looking import clocks_text


def name_width(width: int) -> int:
    """Room for an actor's name: 24 columns at 80, 36 at 120, at most 40, at least 16."""
    return max(16, min(40, width * 3 // 10))


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
@read_options
@click.pass_obj
def lanes(run: Invocation, actors: tuple[str, ...], by: str | None, read: ReadOptions) -> None:
    """Actors as rows, time as columns: a mark where an actor takes part in an entry.

    A glyph marks the period an entry certainly happened in; a faint dash the periods a fuzzily
    dated one only possibly happened in.
    """
    story = run.open(read.store, read.stories)
    # Piped, a name is not cut: the drawing is as wide as its longest name needs.
    names = name_width(run.env.width) if run.env.wrap else 42
    room = max(8, run.env.width - names - 2)
    drawn = story.lanes(actors=actors, by=by, room=room, clocks=read.clocks(story), stories=read.stories)
    if read.as_json:
        run.write_json(drawn.to_json())
        return
    if not drawn.periods:
        emit(run.env, empty_note("No entries to draw."))
        return
    emit(run.env, Group(*_lanes_lines(drawn, room, names, clocks_text(read))))


def _lanes_lines(drawn: Lanes, room: int, names: int, when: str) -> list[RenderableType]:
    chosen, steps = drawn.by, drawn.periods
    if chosen == "month":
        span = f"{steps[0].end:%b %Y} – {steps[-1].end:%b %Y}"
    else:
        span = f"{steps[0].start:%d %b %Y} – {steps[-1].end:%d %b %Y}"
    lines: list[RenderableType] = [heading("Lanes", f"by {chosen}, {span}  {when}".rstrip())]
    if drawn.clipped:
        wider = "widen it" if chosen == "month" else "widen it or use --by month"
        lines.append(empty_note(f"(the last {room} {chosen}s fit this terminal; {wider})"))
    cell_width = min(4, max(1, room // len(steps)))
    axis = Text(" " * (names + 1))
    position = 0
    for index, period in enumerate(steps):
        label = f"{period.end:%b %y}" if chosen == "month" else f"{period.start:%d %b}"
        at = index * cell_width
        if at >= position and at + len(label) <= room:
            axis.append(" " * (at - position) + label, style="dim")
            position = at + len(label) + 1
            axis.append(" ")
    lines.append(axis)
    for name, cells in drawn.lanes.items():
        shown = name if len(name) <= names - 2 else name[: names - 3] + "…"
        line = safe(shown.ljust(names - 1), "bold")
        line.append("◂" if drawn.earlier[name] else " ", style="dim")
        line.append(" ")
        for cell in cells:
            if cell is None:
                line.append(" " * cell_width)
            elif not cell.certain:
                line.append("·" * cell_width, style=f"{kind_style(cell.kind).terminal} dim")
            else:
                style = "bold" if cell.kind == "several" else kind_style(cell.kind).terminal
                line.append(cell.glyph + " " * (cell_width - 1), style=style)
        lines.append(line)
    legend = [
        Text.assemble((f"{kind_style(kind).glyph} ", kind_style(kind).terminal), safe(kind, "dim"))
        for kind in drawn.kinds
    ]
    keys = ["· possibly in that period", "◆ several entries", "◂ earlier ones too"]
    return [
        *lines,
        Text(""),
        indented(Flow(legend, "   ")),  # broken between items, never inside one
        indented(Flow([Text(key, style="dim") for key in keys], "   ")),
    ]


@click.command()
@click.option(
    "--by",
    type=click.Choice(["week", "month", "year"]),
    default="month",
    show_default=True,
    help="One bar per period.",
)
@click.option(
    "--metric",
    "metrics",
    multiple=True,
    type=click.Choice(TALLIES),
    help="Which tallies (default: strikes and killed).",
)
@read_options
@click.pass_obj
def chart(run: Invocation, by: str, metrics: tuple[str, ...], read: ReadOptions) -> None:
    """Tallies over time: how many strikes and deaths had certainly happened by the end of each
    period (solid), and how many more possibly had (shaded)."""
    story = run.open(read.store, read.stories)
    drawn = story.tallies_over_time(by=by, clocks=read.clocks(story), stories=read.stories)
    if read.as_json:
        run.write_json(drawn.to_json())
        return
    if not drawn.points:
        emit(run.env, empty_note("No entries to chart."))
        return
    emit(run.env, _chart(drawn, metrics or ("strikes", "killed"), run.env.width, clocks_text(read)))


def _chart(drawn: Chart, chosen: tuple[str, ...], width: int, when: str) -> Group:
    points = drawn.points
    labels = [p.label for p in points]

    # The figures are written in full, however long: the bars take the room they leave.
    def shown(point: Any, metric: str) -> str:  # a figure entries could give and none did
        return "not reported" if metric in point.unknown else point.certain[metric].text

    widest = max(len(_figures(shown(p, m), p.possible[m].value)) for p in points for m in chosen)
    left = (width - max(map(len, labels)) - 2 * len(chosen)) // len(chosen) - widest
    bar_room = max(4, min((width - 12) // len(chosen) - 22, left))
    tops = {m: max(p.certain[m].value + p.possible[m].value for p in points) or 1 for m in chosen}
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Period", no_wrap=True, min_width=max(map(len, labels)))
    for metric in chosen:
        table.add_column(metric, no_wrap=True)
    for point in points:
        bars = [
            _bar(point.certain[m].value, point.possible[m].value, tops[m], bar_room, shown(point, m))
            for m in chosen
        ]
        table.add_row(point.label, *bars)
    note = empty_note("  █ certainly by then   ░ possibly, as fuzzy dates allow")
    parts = [heading("Tallies over time", when)]
    if drawn.clipped:
        parts.append(empty_note(f"(the last {len(points)} {drawn.by}s; --as-of or a longer --by for others)"))
    return Group(*parts, table, note)


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
