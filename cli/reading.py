"""Read commands: timeline, actor, actors, stories. Each takes --json and the three clocks."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import click
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from storyline.domain import kind_label
from storyline.projections import (
    Clocks,
    TimelineQuery,
    actor_counts,
    actor_view,
)
from storyline.projections.actors import resolve_actor

from .main import Context
from .options import Day, read_options
from .output import emit
from .render import empty_note, heading, relation_lines, timeline_table
from .safe_text import safe


def clocks_text(clocks: Clocks, recorded_before: datetime | None) -> str:
    parts = []
    if clocks.as_of:
        parts.append(f"as of {_day(clocks.as_of)}")
    if clocks.known_at:
        parts.append(f"known at {_day(clocks.known_at)}")
    if recorded_before:
        local = recorded_before.astimezone()
        if local.time() == datetime.min.time():  # a date alone: the end of the day before
            parts.append(f"recorded by the end of {_day((local - timedelta(days=1)).date())}")
        else:
            parts.append(f"recorded before {_day(local.date())} {local:%H:%M:%S}")
    return " · ".join(parts)


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


@click.command()
@click.option(
    "--actor", "actors", multiple=True, metavar="NAME", help="Only entries naming this actor (repeatable)."
)
@click.option("--with-parts", is_flag=True, help="With --actor: include everything affiliated to it.")
@click.option("--kind", "kinds", multiple=True, metavar="KIND", help="Only this kind (repeatable).")
@click.option("--since", type=Day(end=False), help="Only entries that could have happened on or after DATE.")
@click.option("--until", type=Day(), help="Only entries that could have happened on or before DATE.")
@click.option(
    "--last",
    type=click.IntRange(1),
    metavar="N",
    help="Only the last N entries (with --as-of: the last N by then).",
)
@read_options
@click.pass_obj
def timeline(
    ctx: Context,
    actors: tuple[str, ...],
    with_parts: bool,
    kinds: tuple[str, ...],
    since: date | None,
    until: date | None,
    last: int | None,
    store: str | None,
    stories: tuple[str, ...],
    as_json: bool,
    as_of: date | None,
    known_at: date | None,
    recorded_before: datetime | None,
) -> None:
    """The timeline, oldest first: what happened, when, who, and who said so.

    Dates are shown as precisely as they were known. With --as-of, entries that only
    possibly happened by then are marked so.
    """
    session = ctx.session(store, stories)
    clocks = ctx.clocks(session, as_of, known_at, recorded_before)
    names: list[str] = []
    if actors:
        directory = session.views.directory()
        for query in actors:
            actor = resolve_actor(directory, query)
            names += sorted(directory.parts_of(actor.name)) if with_parts else [actor.name]
    query = TimelineQuery(
        clocks=clocks,
        stories=stories,
        kinds=tuple(kind_label(k) for k in kinds),
        actors=tuple(dict.fromkeys(names)),
        since=since,
        until=until,
        limit=last,
        newest_first=last is not None,
    )
    rows = session.views.timeline(query)
    if as_json:
        ctx.write_json([row.shown(clocks.as_of) for row in rows])
        return
    story_names = sorted({row.body["story"] for row in rows})
    title = ", ".join(story_names) if story_names else "Timeline"
    detail = f"{len(rows)} entr{'y' if len(rows) == 1 else 'ies'}"
    when = clocks_text(clocks, recorded_before)
    parts: list[RenderableType] = [heading(title, f"{detail}  {when}".strip())]
    if rows:
        certainty = (lambda r: r.occurrence(clocks.as_of).value) if clocks.as_of else (lambda r: None)
        parts.append(timeline_table(((r.body, certainty(r)) for r in rows), show_story=len(story_names) > 1))
    else:
        parts.append(empty_note("No entries match." if session.views.lag == 0 else "Nothing yet."))
    emit(ctx.env, Group(*parts))


@click.command()
@click.argument("name")
@click.option("--with-parts", is_flag=True, help="Roll up everything affiliated to the actor.")
@read_options
@click.pass_obj
def actor(
    ctx: Context,
    name: str,
    with_parts: bool,
    store: str | None,
    stories: tuple[str, ...],
    as_json: bool,
    as_of: date | None,
    known_at: date | None,
    recorded_before: datetime | None,
) -> None:
    """One actor's view: who they are, what they took part in, and their relations.

    NAME may be the canonical name, an alias ("UK"), or an unambiguous part of a name
    ("Holsey"), in any case.
    """
    session = ctx.session(store, stories)
    clocks = ctx.clocks(session, as_of, known_at, recorded_before)
    view = actor_view(session.views, name, clocks=clocks, stories=stories, with_parts=with_parts)
    a = view.actor
    if as_json:
        ctx.write_json(
            {
                "name": a.name,
                "type": a.type.value,
                "aliases": list(a.aliases),
                "affiliations": list(a.affiliations),
                "part_of": view.chain,
                "description": a.description,
                "parts": view.parts,
                "relations": view.relations,
                "entries": [{**row.shown(clocks.as_of), "role": view.roles[row.id]} for row in view.entries],
            }
        )
        return
    parts: list[RenderableType] = [heading(a.name, a.type.value)]
    facts: list[Text] = []
    if a.aliases:
        facts.append(Text("  also called: ", style="dim") + safe(", ".join(a.aliases)))
    if a.description:
        facts.append(Text("  ") + safe(a.description, "italic"))
    if view.chain:
        facts.append(Text("  part of: ", style="dim") + safe(" → ".join(view.chain)))
    if len(view.parts) > 1:
        facts.append(
            Text(f"  with {len(view.parts) - 1} affiliated part(s): ", style="dim")
            + safe(", ".join(p for p in view.parts if p != a.name))
        )
    parts += facts
    when = clocks_text(clocks, recorded_before)
    parts.append(Text(""))
    parts.append(heading("Relations", when))
    parts += relation_lines(view.relations) or [empty_note("  No intelligence-sharing relations recorded.")]
    parts.append(Text(""))
    parts.append(heading("Entries", f"{len(view.entries)}  {when}".strip()))
    if view.entries:
        certainty = (lambda r: r.occurrence(clocks.as_of).value) if clocks.as_of else (lambda r: None)
        parts.append(timeline_table(((r.body, certainty(r)) for r in view.entries), roles=view.roles))
    else:
        parts.append(empty_note("  No entries name this actor."))
    emit(ctx.env, Group(*parts))


@click.command()
@read_options
@click.pass_obj
def actors(
    ctx: Context,
    store: str | None,
    stories: tuple[str, ...],
    as_json: bool,
    as_of: date | None,
    known_at: date | None,
    recorded_before: datetime | None,
) -> None:
    """Every actor, with how many entries name them."""
    session = ctx.session(store, stories)
    clocks = ctx.clocks(session, as_of, known_at, recorded_before)
    counted = actor_counts(session.views, clocks=clocks, stories=stories)
    directory = session.views.directory()
    if as_json:
        ctx.write_json(
            [
                {
                    "name": a.name,
                    "type": a.type.value,
                    "aliases": list(a.aliases),
                    "part_of": directory.affiliation_chain(a.name),
                    "entries": n,
                }
                for a, n in counted
            ]
        )
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("Actor", "Type", "Entries", "Part of", "Also called"):
        table.add_column(column, justify="right" if column == "Entries" else "left")
    for a, n in counted:
        chain = directory.affiliation_chain(a.name)
        table.add_row(
            safe(a.name, "bold"),
            a.type.value,
            str(n),
            safe(chain[0] if chain else ""),
            safe(", ".join(a.aliases), "dim"),
        )
    emit(ctx.env, Group(heading("Actors", f"{len(counted)}"), table))


@click.command()
@read_options
@click.pass_obj
def stories(
    ctx: Context,
    store: str | None,
    stories: tuple[str, ...],
    as_json: bool,
    as_of: date | None,
    known_at: date | None,
    recorded_before: datetime | None,
) -> None:
    """Every story in the store, with its entries and the span it covers."""
    session = ctx.session(store, stories)
    clocks = ctx.clocks(session, as_of, known_at, recorded_before)
    summaries = [s for s in session.views.stories(clocks) if not stories or s.story in stories]
    if as_json:
        ctx.write_json(
            [
                {"story": s.story, "entries": s.entries, "first": s.first, "last": s.last, "kinds": s.kinds}
                for s in summaries
            ]
        )
        return
    table = Table(box=None, header_style="bold", pad_edge=False)

    def widest(texts: list[str]) -> int:
        return max((len(t) for t in texts), default=0)

    # Names and dates are never cut; the kinds, one to a line, take what room is left.
    table.add_column("Story", no_wrap=True, min_width=min(40, widest([s.story for s in summaries])))
    table.add_column("Entries", justify="right", no_wrap=True, min_width=7)
    table.add_column("From", no_wrap=True, min_width=widest([s.first["text"] for s in summaries]))
    table.add_column("To", no_wrap=True, min_width=widest([s.last["text"] for s in summaries]))
    table.add_column("Kinds", no_wrap=True, overflow="ellipsis")
    for s in summaries:
        ranked = sorted(s.kinds.items(), key=lambda kind_count: -kind_count[1])
        table.add_row(
            safe(s.story, "bold"),
            str(s.entries),
            safe(s.first["text"]),
            safe(s.last["text"]),
            Text("\n").join(safe(f"{n:>3} {k}", "dim") for k, n in ranked),
        )
    if not summaries:
        emit(ctx.env, empty_note("No stories yet: `storyline import FILE` or `storyline record KIND ...`."))
        return
    emit(ctx.env, table)


COMMANDS = [timeline, actor, actors, stories]
