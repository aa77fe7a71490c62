"""How a situation report, and what changed between two, look in a terminal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from storyline.projections.situation import (
    Force,
    OpenMatter,
    Situation,
    SituationChanges,
    StanceHeld,
    Tallies,
)

from .entry_rows import empty_note, heading, kind_text, relation_lines
from .layout import indented
from .terminal_text import safe


def tallies_view(tallies: Tallies) -> Table:
    """The headline (certain, confirmed or reported), and apart from it what only possibly
    happened, what a party only claims, and what a source disputes."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column("metric", style="bold")
    table.add_column("certain", justify="right")
    table.add_column("apart", style="italic yellow")
    for metric in tallies.certain:
        apart = tallies.apart(metric)
        text = tallies.text(metric)
        style = "dim italic" if not tallies.known(metric) else ""
        table.add_row(f"  {metric}", Text(text, style=style), " · ".join(apart))
    return table


def forces_view(forces: Sequence[Force]) -> list[RenderableType]:
    lines: list[RenderableType] = []
    for force in forces:
        line = safe(force.asset, "bold")
        if force.region:
            line.append(" in ")
            line.append_text(safe(force.region))
        line.append(f": {force.status} since ", style="dim")
        line.append_text(safe(force.since.text))
        if force.personnel:
            line.append(" · ")
            line.append_text(safe(f"{force.personnel} personnel"))
        lines.append(indented(line))
    return lines


def stances_view(stances: Sequence[StanceHeld]) -> list[RenderableType]:
    by_matter: dict[str, dict[str, list[str]]] = {}
    for stance in stances:
        who = stance.actor + ("" if stance.certain else " (possibly)")
        by_matter.setdefault(stance.about, {}).setdefault(stance.position, []).append(who)
    lines: list[RenderableType] = []
    for matter, positions in by_matter.items():
        lines.append(indented(safe(matter, "italic")))
        for position, actors in positions.items():
            lines.append(indented(Text(f"{position}: ", style="bold") + safe(", ".join(actors)), 4))
    return lines


def matters_view(matters: Sequence[OpenMatter]) -> list[RenderableType]:
    lines: list[RenderableType] = []
    for matter in matters:
        line = kind_text(matter.kind) + Text("  ")
        line.append_text(safe(matter.summary or matter.title))
        line.append(" · ", style="dim")
        line.append_text(safe(matter.since.text, "dim"))
        if not matter.certain:
            line.append(" (possibly)", style="italic yellow")
        lines.append(indented(line))
    return lines


def situation_view(report: Situation, title: str) -> Group:
    parts: list[RenderableType] = [heading(title), Text("")]
    parts += [heading("Tallies"), tallies_view(report.tallies), Text("")]
    parts += [heading("Intelligence sharing")]
    parts += relation_lines(report.relations) or [empty_note("  none recorded")]
    parts += [Text(""), heading("Forces deployed")]
    parts += forces_view(report.forces) or [empty_note("  none recorded")]
    parts += [Text(""), heading("Stances")]
    parts += stances_view(report.stances) or [empty_note("  none recorded")]
    parts += [Text(""), heading("Open matters")]
    parts += matters_view(report.open_matters) or [empty_note("  none")]
    return Group(*parts)


def stories_counted(stories: Sequence[str], all_stories: Sequence[str]) -> str:
    """Which stories a report adds up: all of them, unless --story narrowed it."""
    names = list(stories) or list(all_stories)
    if len(names) == 1:
        return f"in story {names[0]}"
    listed = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"in {len(names)} stories: {listed}" if names else "in no story yet"


def changes_view(
    changes: SituationChanges, tallies: Tallies | None = None, became_certain: dict[str, int] | None = None
) -> list[RenderableType]:
    """`tallies`: the totals after the change, so a delta can say what it adds up to;
    `became_certain`: how much of a delta is a fuzzy date closing rather than news."""
    lines: list[RenderableType] = []
    pairs = Counter((r.provider, r.recipient) for r in changes.relations)
    for relation in changes.relations:
        line = safe(f"{relation.provider} → {relation.recipient}")
        if pairs[(relation.provider, relation.recipient)] > 1 and relation.scope:
            line.append(" on ")  # two relations of one pair: their scopes tell them apart
            line.append_text(safe(relation.scope, "italic"))
        line.append(f": {relation.was or 'not yet recorded'} → ", style="dim")
        line.append(relation.now, style="bold yellow")
        lines.append(indented(line))
    for metric, delta in changes.tallies.items():
        total = tallies.text(metric) if tallies else None
        line = Text(f"{metric}: {delta:+,}" + (f" (now {total})" if total else ""))
        closing = (became_certain or {}).get(metric, 0)
        if closing:
            what = "all of it" if closing == delta else f"{closing:,} of it"
            line.append(
                f" — {what} a date range closing: entries that could already have happened are now certain",
                style="italic",
            )
        lines.append(indented(line))
    for force in changes.forces:
        line = safe(force.asset)
        line.append(f": {force.was or 'not there'} → {force.now or 'gone'}", style="dim")
        lines.append(indented(line))
    return lines
