"""Correcting the record without losing what it said: correct, retract, corroborate, and the
history that shows every version."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from storyline.domain import Source, entry_name
from storyline.projections.history import Version
from storyline.projections.results import Changed

from ..main import Invocation
from ..options import Day, clock_flags, json_option, parse_sets, store_option, story_option
from ..output.entry_rows import change_line, heading, source_line
from ..output.layout import ByWidth, Flow, indented
from ..output.pager import emit
from ..output.terminal_text import safe, visible


def source_options(f: Any) -> Any:
    for option in reversed(
        [
            click.option("--source", metavar="OUTLET", help="Who reported it."),
            click.option("--url", help="Link to the report."),
            click.option("--published", type=Day(), help="When the source published it."),
            click.option("--attribution", help='How the source put it ("officials told Reuters").'),
            click.option("--status", help="confirmed, reported, claimed or disputed."),
            click.option(
                "--reported",
                type=Day(),
                help="When the public record said so (default: --published, else today).",
            ),
        ]
    ):
        f = option(f)
    return f


def _source(values: dict[str, Any]) -> Source | None:
    if not values.get("source"):
        for name in ("url", "published", "attribution", "status"):
            if values.get(name):
                raise click.BadParameter("needs --source: who published it?", param_hint=f"--{name}")
        return None
    return Source.given(
        outlet=values["source"],
        url=values.get("url"),
        # A report cited for a correction was published when it was reported, unless told otherwise.
        published=values.get("published") or values.get("reported"),
        attribution=values.get("attribution"),
        status=values.get("status") or "reported",
    )


@click.command()
@click.argument("entry", metavar="ENTRY")
@click.option(
    "--set",
    "sets",
    multiple=True,
    required=True,
    metavar="FIELD=VALUE",
    help="A field's new value (repeatable).",
)
@click.option("--why", help="Why it changed.")
@source_options
@story_option
@store_option
@json_option
@click.pass_obj
def correct(
    run: Invocation,
    entry: str,
    sets: tuple[str, ...],
    why: str | None,
    stories: tuple[str, ...],
    store: str | None,
    as_json: bool,
    **values: Any,
) -> None:
    """Correct an entry from a reported date on: what was known before stays as it was.

    ENTRY is your own id, or Storyline's id (at least its first 8 characters). Example:

      storyline correct strike-toll --set killed="at least 80" --reported 2025-11-20 --source CNN --why "new count"
    """
    story = run.open(store, stories)
    done = story.correct(
        entry,
        parse_sets(sets),
        reported=values.get("reported"),
        source=_source(values),
        why=why,
        stories=stories,
    )
    _done(run, done, as_json)


@click.command()
@click.argument("entry", metavar="ENTRY")
@click.option("--why", help="Why it is retracted.")
@source_options
@story_option
@store_option
@json_option
@click.pass_obj
def retract(
    run: Invocation,
    entry: str,
    why: str | None,
    stories: tuple[str, ...],
    store: str | None,
    as_json: bool,
    **values: Any,
) -> None:
    """Retract an entry: it leaves the timeline from its reported date, and stays in its history."""
    story = run.open(store, stories)
    done = story.retract(
        entry, reported=values.get("reported"), source=_source(values), why=why, stories=stories
    )
    _done(run, done, as_json)


@click.command()
@click.argument("entry", metavar="ENTRY")
@click.option("--why", help="Why this source is added (what it adds).")
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="FIELD=VALUE",
    help="A value of its own this source gives (repeatable): kept beside the other sources' claims.",
)
@source_options
@story_option
@store_option
@json_option
@click.pass_obj
def corroborate(
    run: Invocation,
    entry: str,
    why: str | None,
    sets: tuple[str, ...],
    stories: tuple[str, ...],
    store: str | None,
    as_json: bool,
    **values: Any,
) -> None:
    """Add another source that supports an entry, or gives values of its own for some of its
    fields (a competing claim: both are kept, and the entry shows one by a documented rule).

      storyline corroborate strike-toll --source AP --set killed=80 --published 2025-11-26
    """
    source = _source(values)
    if source is None:
        raise click.BadParameter("is required: which source corroborates it?", param_hint="--source")
    story = run.open(store, stories)
    done = story.corroborate(
        entry,
        source=source,
        reported=values.get("reported"),
        why=why,
        stories=stories,
        claims=parse_sets(sets),
    )
    _done(run, done, as_json)


def _done(run: Invocation, done: Changed, as_json: bool) -> None:
    for warning in done.warnings:
        run.env.stderr.write(f"storyline: warning: {visible(warning)}\n")
    if as_json:
        run.write_json(done.to_json())
        return
    run.env.stdout.write(f"{done.event.capitalize()} {visible(done.name)} (now version {done.version})\n")


@click.command()
@click.argument("entry", metavar="ENTRY")
@clock_flags
@story_option
@store_option
@json_option
@click.pass_obj
def history(
    run: Invocation,
    entry: str,
    known_at: date | None,
    recorded_before: datetime | None,
    stories: tuple[str, ...],
    store: str | None,
    as_json: bool,
) -> None:
    """Every version of an entry: what changed, when it was reported, when it was recorded
    here, and on whose word. --known-at and --recorded-before keep the versions reported, or
    recorded, by then."""
    story = run.open(store, stories)
    found = story.history(entry, stories=stories, known_at=known_at, recorded_before=recorded_before)
    if as_json:
        run.write_json(found.to_json())
        return
    parts: list[RenderableType] = [
        heading(
            entry_name(found.story, found.key, found.entry_id),
            f"{len(found.versions)} version(s) · id {found.entry_id}",
        )
    ]

    def recorded(version: Version) -> str:
        return version.recorded.isoformat()[:19].replace("T", " ")

    def table() -> list[RenderableType]:
        table = Table(box=None, header_style="bold", pad_edge=False)
        for column in ("v", "Event", "Reported", "Recorded", "What changed"):
            table.add_column(column, no_wrap=column != "What changed")
        for version in found.versions:
            table.add_row(
                str(version.version),
                version.event,
                version.reported.isoformat(),
                recorded(version),
                _change_cell(version),
            )
        return [table]

    def stacked() -> list[RenderableType]:
        rows: list[RenderableType] = []
        for version in found.versions:
            head = Flow(
                [
                    Text(f"v{version.version}  {version.event}", style="bold"),
                    Text(f"reported {version.reported.isoformat()}", style="dim"),
                    Text(f"recorded {recorded(version)}", style="dim"),
                ],
                " · ",
            )
            rows += [head, indented(_change_cell(version))]
        return rows

    parts.append(ByWidth(table, stacked, at=90))  # five short columns: a table from 90
    emit(run.env, Group(*parts))


def _change_cell(version: Version) -> RenderableType:
    lines: list[Text] = []
    if version.event == "recorded":
        title = next((c.now for c in version.changes if c.field == "title"), "")
        lines.append(safe(title, "bold"))
        if notes := next((c.now for c in version.changes if c.field == "notes"), None):
            lines.append(Text("note: ", style="dim") + safe(notes, "italic"))
    else:
        lines += [change_line(c.field, c.was, c.now) for c in version.changes]
        if version.event == "retracted":
            lines.append(Text("retracted", style="red"))
    if version.why:
        lines.append(Text("why: ", style="dim") + safe(version.why, "italic"))
    sources = (
        (version.sources or ())
        if version.event == "recorded"
        else (version.source,)
        if version.source
        else ()
    )
    if sources:
        lines.append(source_line(sources))
    return Group(*lines)


COMMANDS = [correct, retract, corroborate, history]
