"""Changing what the record says without losing what it said: correct, retract, corroborate,
and the history that shows every version."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from storyline.domain import Changes, Source, stale_in_title
from storyline.projections import entry_history, resolve_entry

from .main import Context
from .options import Day, clock_flags, json_option, store_option, story_option
from .output import emit
from .render import heading, source_line
from .safe_text import safe, visible


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


def _reported(values: dict[str, Any]) -> date:
    reported = values.get("reported") or values.get("published") or date.today()
    if reported > date.today():
        option = "--reported" if values.get("reported") else "--published"
        raise click.BadParameter(
            f"{reported} is after today: a report cannot come from the future", param_hint=option
        )
    return reported


def _parse_sets(items: tuple[str, ...]) -> Changes:
    pairs = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not FIELD=VALUE", param_hint="--set")
        pairs.append((name.strip(), value.strip() or None))
    return Changes(tuple(pairs))


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
    ctx: Context,
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
    session = ctx.session(store, stories)
    entry_id, story, key = resolve_entry(session.views, entry, stories, to_change=True)
    before = session.store.entry(entry_id, key).state.record
    updated = session.store.correct(
        entry_id, _parse_sets(sets), reported=_reported(values), source=_source(values), why=why, ref=key
    )
    for name, old, new in stale_in_title(before, updated.state.record):
        ctx.env.stderr.write(
            f"storyline: warning: the title still says {visible(old)!r} ({name} is now {visible(new)!r}); "
            "`--set title=...` corrects it too\n"
        )
    _done(ctx, session, "Corrected", story, key, updated.version, as_json)


@click.command()
@click.argument("entry", metavar="ENTRY")
@click.option("--why", help="Why it is retracted.")
@source_options
@story_option
@store_option
@json_option
@click.pass_obj
def retract(
    ctx: Context,
    entry: str,
    why: str | None,
    stories: tuple[str, ...],
    store: str | None,
    as_json: bool,
    **values: Any,
) -> None:
    """Retract an entry: it leaves the timeline from its reported date, and stays in its history."""
    session = ctx.session(store, stories)
    entry_id, story, key = resolve_entry(session.views, entry, stories, to_change=True)
    updated = session.store.retract(
        entry_id, reported=_reported(values), source=_source(values), why=why, ref=key
    )
    _done(ctx, session, "Retracted", story, key, updated.version, as_json)


@click.command()
@click.argument("entry", metavar="ENTRY")
@click.option("--why", help="Why this source is added (what it adds).")
@source_options
@story_option
@store_option
@json_option
@click.pass_obj
def corroborate(
    ctx: Context,
    entry: str,
    why: str | None,
    stories: tuple[str, ...],
    store: str | None,
    as_json: bool,
    **values: Any,
) -> None:
    """Add another source that supports an entry."""
    source = _source(values)
    if source is None:
        raise click.BadParameter("is required: which source corroborates it?", param_hint="--source")
    session = ctx.session(store, stories)
    entry_id, story, key = resolve_entry(session.views, entry, stories, to_change=True)
    updated = session.store.corroborate(entry_id, source=source, reported=_reported(values), why=why, ref=key)
    _done(ctx, session, "Corroborated", story, key, updated.version, as_json)


def _done(ctx: Context, session: Any, verb: str, story: str, key: str, version: int, as_json: bool) -> None:
    session.views.catch_up()
    if as_json:
        ctx.write_json({"story": story, "entry": key, "version": version, "event": verb.lower()})
        return
    ctx.env.stdout.write(f"{verb} {visible(story)}/{visible(key)} (now version {version})\n")


@click.command()
@click.argument("entry", metavar="ENTRY")
@clock_flags
@story_option
@store_option
@json_option
@click.pass_obj
def history(
    ctx: Context,
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
    session = ctx.session(store, stories)
    entry_id, story, key = resolve_entry(session.views, entry, stories)
    versions = [
        v
        for v in entry_history(session.store, entry_id)
        if (known_at is None or date.fromisoformat(v["reported"]) <= known_at)
        and (recorded_before is None or datetime.fromisoformat(v["recorded"]) < recorded_before)
    ]
    if as_json:
        ctx.write_json(versions)
        return
    parts: list[RenderableType] = [heading(f"{story}/{key}", f"{len(versions)} version(s) · id {entry_id}")]
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("v", "Event", "Reported", "Recorded", "What changed"):
        table.add_column(column, no_wrap=column != "What changed")
    for version in versions:
        table.add_row(
            str(version["version"]),
            version["event"],
            version["reported"],
            version["recorded"][:19].replace("T", " "),
            _change_cell(version),
        )
    parts.append(table)
    emit(ctx.env, Group(*parts))


def _change_cell(version: dict[str, Any]) -> RenderableType:
    lines: list[Text] = []
    if version["event"] == "recorded":
        title = next((c["to"] for c in version["changes"] if c["field"] == "title"), "")
        lines.append(safe(title, "bold"))
    else:
        for change in version["changes"]:
            if change["field"] == "sources":  # a corroboration adds sources, it replaces none
                lines.append(Text("sources: + ", style="bold") + safe(change["to"]))
                continue
            line = safe(f"{change['field']}: ", "bold")  # a detail's name is the user's own
            line.append_text(safe(change["from"] if change["from"] is not None else "—", "strike dim"))
            line.append(" → ")
            line.append_text(safe(change["to"] if change["to"] is not None else "—"))
            lines.append(line)
        if version["event"] == "retracted":
            lines.append(Text("retracted", style="red"))
    if version.get("why"):
        lines.append(Text("why: ", style="dim") + safe(version["why"], "italic"))
    sources = (
        version["sources"]
        if version["event"] == "recorded"
        else [version["source"]]
        if version["source"]
        else []
    )
    if sources:
        lines.append(source_line(sources))
    return Group(*lines)


COMMANDS = [correct, retract, corroborate, history]
