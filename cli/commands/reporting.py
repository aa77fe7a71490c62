"""Reporting on the situation: `at` (the state of the world on a day), `diff` (what changed
between two days), `replay` (step through a story, watching the situation change) and
`changes` (what the record learned between two report days)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import click
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from storyline.domain import GRADE_GLYPHS, Grade
from storyline.projections.periods import BY, day_text

from ..main import Invocation
from ..options import (
    Day,
    Moment,
    ReadOptions,
    _gathered,
    json_option,
    report_options,
    status_option,
    store_option,
    story_option,
)
from ..output.entry_rows import change_line, empty_note, heading, timeline_table
from ..output.layout import ByWidth, Flow, indented
from ..output.pager import emit, show
from ..output.report_view import changes_view, situation_view, stories_counted, tallies_view
from ..output.terminal_text import safe
from .looking import clocks_text

if TYPE_CHECKING:
    from storyline.projections.changelog import News
    from storyline.projections.explain import Explanation, Traced


@click.command()
@click.argument("day", metavar="DATE", type=Day(), required=False)
@click.option("--as-of", "as_of_option", type=Day(), metavar="DATE", help="The same as DATE.")
@click.option(
    "--explain",
    "figure",
    metavar="FIGURE",
    help="List the entries that add up to FIGURE (killed, strikes, ...), and those left out and why.",
)
@report_options
@click.pass_obj
def at(
    run: Invocation, day: date | None, as_of_option: date | None, figure: str | None, read: ReadOptions
) -> None:
    """The situation at the end of DATE: tallies, intelligence-sharing relations, forces
    deployed, stances and open matters. What only possibly happened by then is shown apart."""
    if day is not None and as_of_option is not None and day != as_of_option:
        raise click.BadParameter(f"{day} and --as-of {as_of_option} disagree: give one", param_hint="DATE")
    day = day or as_of_option
    if day is None:
        raise click.UsageError("give the DATE to report on (storyline at 2025-11-12)")
    story = run.open(read.store, read.stories)
    if figure is not None:
        _explain(run, story.explain(day, figure, clocks=read.clocks(story), stories=read.stories), read)
        return
    report = story.situation(day, clocks=read.clocks(story), stories=read.stories)
    if read.as_json:
        run.write_json(report.to_json())
        return
    when = clocks_text(read, as_of=day)
    emit(
        run.env,
        situation_view(report, f"Situation {when}  {stories_counted(read.stories, story.story_names())}"),
    )


def changes_options(f: Any) -> Any:
    """What `changes` takes: its days are report days, so of the clocks only --recorded-before."""
    f = _gathered(f)
    f = click.option(
        "--recorded-before", type=Moment(), metavar="WHEN", help="Only what this store held before WHEN."
    )(f)
    for option in (status_option, json_option, story_option, store_option):
        f = option(f)
    return f


def _traced_table(figure: str, traced: Sequence[Traced], label: str) -> Callable[[], list[RenderableType]]:
    def table() -> list[RenderableType]:
        table = Table(box=None, header_style="bold", pad_edge=False)
        why = ["Why"] if label == "Left out" else []
        for column in ("Entry", figure, "Grade", "Sources", "Reported", *why):
            table.add_column(column, no_wrap=column in ("Grade", "Reported"), overflow="fold")
        for t in traced:
            cells = [
                safe(t.entry),
                safe(t.value or "—"),
                Text(t.grade),
                safe(", ".join(t.sources) or "—"),
                Text(t.reported.isoformat()),
            ]
            table.add_row(*cells, *([safe(t.left_out or "")] if why else []))
        return [table]

    return table


def _traced_rows(traced: Sequence[Traced]) -> Callable[[], list[RenderableType]]:
    def rows() -> list[RenderableType]:
        shown: list[RenderableType] = []
        for t in traced:
            shown.append(safe(t.entry, "bold") + Text("  ") + safe(t.value or "—"))
            grade = f"{GRADE_GLYPHS[Grade(t.grade)]} {t.grade}"
            facts = [Text(grade), safe(", ".join(t.sources) or "no source"), Text(f"reported {t.reported}")]
            shown.append(indented(Flow(facts)))
            if t.left_out:
                shown.append(indented(Text("left out: ", style="dim") + safe(t.left_out, "italic")))
        return shown

    return rows


def _explain(run: Invocation, found: Explanation, read: ReadOptions) -> None:
    if read.as_json:
        run.write_json(found.to_json())
        return
    when = clocks_text(read, as_of=found.as_of)
    parts: list[RenderableType] = [heading(f"{found.figure}: {found.tallies.text(found.figure)}", when)]
    for label, traced in (("Counted", found.counted), ("Left out", found.left_out)):
        parts += [Text(""), heading(label, str(len(traced)))]
        if not traced:
            parts.append(empty_note("  none"))
            continue
        parts.append(ByWidth(_traced_table(found.figure, traced, label), _traced_rows(traced)))
    emit(run.env, Group(*parts))


@click.command()
@click.argument("start", metavar="FROM", type=Day(end=False))
@click.argument("end", metavar="TO", type=Day())
@changes_options
@click.pass_obj
def changes(run: Invocation, start: date, end: date, read: ReadOptions) -> None:
    """What the record learned from FROM to TO (days things were reported): entries first
    reported, corrections (each field, before → after, and why), retractions, corroborations
    and clean-ups, oldest first, each with its source. `diff` compares what happened; this
    is the changelog of the news.

      storyline changes 2025-11-12 2025-11-30
    """
    story = run.open(read.store, read.stories)
    news = story.changes(start, end, clocks=read.clocks(story), stories=read.stories)
    if read.as_json:
        run.write_json([n.to_json() for n in news])
        return
    title = f"News reported from {day_text(start)} to {day_text(end)}"
    parts: list[RenderableType] = [heading(title, f"{len(news)} item(s)  {clocks_text(read)}".strip())]
    if not news:
        parts.append(empty_note("  nothing was reported in between"))
        emit(run.env, Group(*parts))
        return

    def said(item: News) -> list[RenderableType]:
        lines: list[RenderableType] = [safe(item.title, "bold")] if item.action == "recorded" else []
        lines += [change_line(name, was, now) for name, was, now in item.changes]
        if item.why:
            lines.append(Text("why: ", style="dim") + safe(item.why, "italic"))
        if item.source:
            lines.append(Text("source: ", style="dim") + safe(item.source.outlet))
        return lines

    def table() -> list[RenderableType]:
        table = Table(box=None, header_style="bold", pad_edge=False)
        for column in ("Reported", "What", "Entry", "What the record said"):
            # An entry's name is what a reader types next: folded, never cut short.
            table.add_column(column, no_wrap=column in ("Reported", "What"), overflow="fold")
        for item in news:
            table.add_row(item.reported.isoformat(), item.action, safe(item.entry), Group(*said(item)))
        return [table]

    def stacked() -> list[RenderableType]:
        rows: list[RenderableType] = []
        for item in news:
            rows.append(Text(f"{item.reported.isoformat()}  {item.action}  ") + safe(item.entry, "bold"))
            rows += [indented(line) for line in said(item)]
        return rows

    parts.append(ByWidth(table, stacked))
    emit(run.env, Group(*parts))


@click.command()
@click.argument("start", metavar="DATE1", type=Day())
@click.argument("end", metavar="DATE2", type=Day())
@report_options
@click.pass_obj
def diff(run: Invocation, start: date, end: date, read: ReadOptions) -> None:
    """What changed between the end of DATE1 and the end of DATE2: entries that could have
    happened in between, relations that changed, and the tallies' deltas."""
    if start > end:
        raise click.BadParameter(f"{start} is after {end}: give the earlier date first", param_hint="DATE1")
    story = run.open(read.store, read.stories)
    result = story.diff(start, end, clocks=read.clocks(story), stories=read.stories)
    if read.as_json:
        run.write_json(result.to_json())
        return
    parts: list[RenderableType] = [
        heading(
            f"From {day_text(start)} to {day_text(end)}",
            f"{clocks_text(read)}  {stories_counted(read.stories, story.story_names())}".strip(),
        ),
        heading("Entries", str(len(result.entries))),
    ]
    if result.entries:
        parts.append(timeline_table(result.entries))
    else:
        parts.append(empty_note("  nothing could have happened in between"))
    parts += [Text(""), heading("Changes")]
    parts += changes_view(result.changes, result.after.tallies, result.became_certain) or [
        empty_note("  none")
    ]
    emit(run.env, Group(*parts))


@click.command()
@click.option("--from", "start", type=Day(end=False), help="First day (default: the story's first entry).")
@click.option("--to", "end", type=Day(), help="Last day (default: the story's last entry).")
@click.option(
    "--by", type=click.Choice(BY), default="month", show_default=True, help="How long each step is."
)
@click.option(
    "--delay",
    type=click.FloatRange(0, 10),
    help="Seconds between steps (default: 0.4 on a terminal, else 0).",
)
@report_options
@click.pass_obj
def replay(
    run: Invocation, start: date | None, end: date | None, by: str, delay: float | None, read: ReadOptions
) -> None:
    """Step through a story: at each step, what happened and how the situation changed.

    This is event sourcing's replay made visible: every step is the state of the world
    rebuilt as of that day, from the same log.
    """
    if start and end and start > end:
        raise click.BadParameter(f"{start} is after --to {end}", param_hint="--from")
    story = run.open(read.store, read.stories)
    steps = story.replay(by=by, start=start, end=end, clocks=read.clocks(story), stories=read.stories)
    if read.as_json:
        run.write_json(steps.to_json())
        return
    if steps.start is None:
        emit(run.env, empty_note("Nothing to replay."))
        return
    pause = delay if delay is not None else (0.4 if run.env.stdout_is_tty else 0.0)
    if steps.skipped:
        total = steps.count + steps.skipped
        show(run.env, empty_note(f"(the last {steps.count} {by}s of {total:,}; --from for earlier ones)"))
    last = None
    for step in steps.steps:
        last = step
        if not (step.entries or step.changes):
            continue
        # A rule across the terminal; piped, a short one (the width is no one's to guess).
        rule = (
            Rule(step.label, align="left", style="bold")
            if run.env.wrap
            else Text(f"── {step.label} ──", style="bold")
        )
        parts: list[RenderableType] = [rule]
        if step.entries:
            parts.append(timeline_table(step.entries))
        lines = changes_view(step.changes, step.situation.tallies)
        if lines:
            parts += [Text("What changed", style="bold dim"), *lines]
        show(run.env, Group(*parts))
        if pause:
            time.sleep(pause)
    assert last is not None and steps.end is not None
    where = f"{day_text(steps.end)}  {stories_counted(read.stories, story.story_names())}"
    show(run.env, Group(heading("Where it stands", where), tallies_view(last.situation.tallies)))


COMMANDS = [at, diff, replay, changes]
