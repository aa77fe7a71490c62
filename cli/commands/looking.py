"""Looking at the story: timeline, actor, actors, stories. Each takes --json and the three clocks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import click
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from storyline.projections.entries import TimelineEntry

from ..main import Invocation
from ..options import Day, ReadOptions, read_options
from ..output.entry_rows import empty_note, heading, news_line, relation_lines, timeline_table
from ..output.entry_rows import oneline as oneline_lines
from ..output.layout import ByWidth, Flow, indented
from ..output.pager import emit, show
from ..output.terminal_text import safe, visible

if TYPE_CHECKING:
    from collections.abc import Generator

    from storyline.projections.changelog import News
    from storyline.projections.views import StorySummary


def clocks_text(read: ReadOptions, as_of: date | None = None) -> str:
    """The moment asked about, as a heading says it."""
    parts = []
    day = as_of or read.as_of
    if day:
        parts.append(f"as of {_day(day)}")
    if read.known_at:
        parts.append(f"known at {_day(read.known_at)}")
    if read.recorded_before:
        try:
            local = read.recorded_before.astimezone()
        except (OverflowError, ValueError):  # at the calendar's edge, in this time zone
            local = read.recorded_before
        if (
            local.time() == datetime.min.time() and local.date() > date.min
        ):  # a date alone: the day before's end
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
    "-n",
    "--last",
    type=click.IntRange(1),
    metavar="N",
    help="Only the last N entries (with --as-of: the last N by then).",
)
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="OUTLET",
    help="Only entries this outlet reported (repeatable).",
)
@click.option(
    "--grep",
    metavar="TEXT",
    help="Only entries that say every word of TEXT (title, summary, notes, actors, sources).",
)
@click.option("--reverse", is_flag=True, help="Newest first.")
@click.option("--oneline", is_flag=True, help="One entry a line: when, kind, title, id.")
@click.option("--notes", "show_notes", is_flag=True, help="Show the notes written on each entry.")
@click.option(
    "--follow",
    "-f",
    is_flag=True,
    help="Then print what anyone appends, as it is appended (like tail -f; Ctrl-C stops). "
    "With --json: only what is appended, a JSON object a line.",
)
@read_options
@click.pass_obj
def timeline(
    run: Invocation,
    actors: tuple[str, ...],
    with_parts: bool,
    kinds: tuple[str, ...],
    since: date | None,
    until: date | None,
    last: int | None,
    sources: tuple[str, ...],
    grep: str | None,
    reverse: bool,
    oneline: bool,
    show_notes: bool,
    follow: bool,
    read: ReadOptions,
) -> None:
    """The timeline, oldest first: what happened, when, who, and who said so.

    Dates are shown as precisely as they were known. With --as-of, entries that only
    possibly happened by then are marked so.

    \b
      storyline timeline --oneline -n 5          the last five, a line each
      storyline timeline --reverse --source CNN  what CNN reported, newest first
      storyline timeline -n 5 --follow           the last five, then news as it comes
    """
    if oneline and show_notes:  # refused, not dropped: a line an entry has no room for its notes
        raise click.UsageError("--oneline shows one line an entry, without notes: drop --notes or --oneline")
    if follow:
        _refuse_unfollowable(
            {
                "--actor": actors,
                "--since": since,
                "--until": until,
                "--source": sources,
                "--grep": grep,
                "--reverse": reverse,
                "--as-of": read.as_of,
                "--known-at": read.known_at,
                "--recorded-before": read.recorded_before,
                "--status": read.grades,
            }
        )
    story = run.open(read.store, read.stories)
    if follow and read.as_json:
        _follow(run, story.follow(stories=read.stories), read, kinds)
        return
    entries = story.timeline(
        clocks=read.clocks(story),
        stories=read.stories,
        kinds=kinds,
        actors=actors,
        with_parts=with_parts,
        since=since,
        until=until,
        last=last,
        sources=sources,
        grep=grep,
    )
    if reverse:
        entries = entries[::-1]
    # What the timeline shows is the log up to here: a follower goes on from exactly there.
    news = story.follow(stories=read.stories, after=story.position) if follow else None
    if read.as_json:
        run.write_json([e.to_json() for e in entries], known_fields=TimelineEntry.JSON_FIELDS)
        return
    write = show if follow else emit  # a follower never waits in a pager
    if oneline:
        write(run.env, Group(*oneline_lines(entries, run.env.width if run.env.wrap else None)))
    else:
        story_names = sorted({e.story for e in entries})
        title = ", ".join(story_names) if story_names else "Timeline"
        detail = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
        parts: list[RenderableType] = [heading(title, f"{detail}  {clocks_text(read)}".strip())]
        if entries:
            parts.append(timeline_table(entries, show_story=len(story_names) > 1, show_notes=show_notes))
        else:
            parts.append(empty_note("No entries match." if story.lag == 0 else "Nothing yet."))
        write(run.env, Group(*parts))
    if news is not None:
        _follow(run, news, read, kinds)


def _refuse_unfollowable(given: dict[str, object]) -> None:
    """What --follow cannot apply to what is appended is refused, not silently dropped: it
    follows a story (--story) and its kinds (--kind) as they are recorded, now."""
    used = [option for option, value in given.items() if value]
    if used:
        raise click.UsageError(
            f"--follow prints what is appended now, by --story and --kind only: drop {used[0]}"
        )


def _follow(run: Invocation, news: Generator[News], read: ReadOptions, kinds: tuple[str, ...] = ()) -> None:
    """What is appended from now on, a line each, until Ctrl-C."""
    from storyline.domain import kind_label

    wanted = {kind_label(k) for k in kinds}
    if run.env.stderr_is_tty:
        note = "following: entries recorded, corrected, retracted, corroborated, cleaned up (Ctrl-C stops)"
        run.env.error_console().print(empty_note(note))
    try:
        for item in news:
            if wanted and item.kind not in wanted:
                continue
            if read.as_json:
                run.write_json({"position": item.position, **item.to_json()}, line=True)
            else:
                show(run.env, news_line(item))
    except KeyboardInterrupt:
        raise SystemExit(130) from None  # stopped as asked: no traceback
    finally:
        news.close()


@click.command()
@click.argument("text", metavar="TEXT")
@click.option("-n", "--last", type=click.IntRange(1), metavar="N", help="Only the last N entries found.")
@read_options
@click.pass_obj
def search(run: Invocation, text: str, last: int | None, read: ReadOptions) -> None:
    """Every entry, in every story, that says all the words of TEXT — in its title, summary,
    notes, actors or sources — with each passage where it says so.

    Each word matches the start of a word, in any case and with or without accents: `resign`
    finds "resignation", `bogota` finds "Bogotá". With the clocks, the version shown then.
    """
    story = run.open(read.store, read.stories)
    hits = story.search(text, clocks=read.clocks(story), stories=read.stories, last=last)
    if read.as_json:
        run.write_json([hit.to_json() for hit in hits], known_fields=(*TimelineEntry.JSON_FIELDS, "passages"))
        return
    detail = f"{len(hits)} entr{'y' if len(hits) == 1 else 'ies'}  {clocks_text(read)}".strip()
    parts: list[RenderableType] = [heading(f"Search {text!r}", detail)]
    if not hits:
        parts.append(empty_note("Nothing says that."))
    several = len({h.entry.story for h in hits}) > 1  # the story said only where it tells hits apart
    story_room = 2 + max((len(h.entry.story) for h in hits), default=0) if several else 0
    width = run.env.width - story_room if run.env.wrap else None
    for line, hit in zip(oneline_lines([h.entry for h in hits], width), hits, strict=True):
        parts.append(line + Text(f"  {visible(hit.entry.story)}", style="dim") if several else line)
        for passage in hit.passages:
            shown = safe(passage.text)
            for start, end in passage.spans:
                shown.stylize("bold underline", start, end)
            # Indented as a whole, so a passage that wraps continues under itself.
            parts.append(indented(Text(f"{passage.field}: ", style="dim") + shown, 4))
    emit(run.env, Group(*parts))


@click.command()
@click.argument("name")
@click.option("--with-parts", is_flag=True, help="Roll up everything affiliated to the actor.")
@read_options
@click.pass_obj
def actor(run: Invocation, name: str, with_parts: bool, read: ReadOptions) -> None:
    """One actor's view: who they are, what they took part in, and their relations.

    NAME may be the canonical name, an alias ("UK"), or an unambiguous part of a name
    ("Holsey"), in any case.
    """
    story = run.open(read.store, read.stories)
    view = story.actor(name, clocks=read.clocks(story), stories=read.stories, with_parts=with_parts)
    if read.as_json:
        run.write_json(view.to_json())
        return
    a = view.actor
    parts: list[RenderableType] = [heading(a.name, a.type.value)]
    if a.aliases:
        parts.append(indented(Text("also called: ", style="dim") + safe(", ".join(a.aliases))))
    if a.description:
        parts.append(indented(safe(a.description, "italic")))
    if view.chain:
        parts.append(indented(Text("part of: ", style="dim") + safe(" → ".join(view.chain))))
    if len(view.parts) > 1:
        parts.append(
            indented(
                Text(f"with {len(view.parts) - 1} affiliated part(s): ", style="dim")
                + safe(", ".join(p for p in view.parts if p != a.name))
            )
        )
    when = clocks_text(read)
    parts += [Text(""), heading("Relations", when)]
    parts += relation_lines(view.relations) or [empty_note("  No intelligence-sharing relations recorded.")]
    parts += [Text(""), heading("Entries", f"{len(view.entries)}  {when}".strip())]
    if view.entries:
        parts.append(timeline_table(view.entries, roles=view.roles, show_notes=True))
    else:
        parts.append(empty_note("  No entries name this actor."))
    emit(run.env, Group(*parts))


@click.command()
@read_options
@click.pass_obj
def disputes(run: Invocation, read: ReadOptions) -> None:
    """Every entry and field on which sources disagree: each source's value and report day,
    the one shown first."""
    story = run.open(read.store, read.stories)
    found = story.disputes(clocks=read.clocks(story), stories=read.stories)
    if read.as_json:
        run.write_json([d.to_json() for d in found])
        return
    parts: list[RenderableType] = [heading("Disputes", f"{len(found)}  {clocks_text(read)}".strip())]
    if not found:
        parts.append(empty_note("  No sources disagree."))
    for dispute in found:
        line = safe(dispute.entry, "bold") + Text(f"  {dispute.field}: ")
        line.append_text(
            safe(
                " · ".join(
                    f"{c.source} {c.value or '—'}" + (f" ({c.reported})" if c.reported else "")
                    for c in dispute.claims
                )
            )
        )
        parts.append(indented(line))
    emit(run.env, Group(*parts))


@click.command()
@read_options
@click.pass_obj
def actors(run: Invocation, read: ReadOptions) -> None:
    """Every actor, with how many entries name them."""
    story = run.open(read.store, read.stories)
    counted = story.actors(clocks=read.clocks(story), stories=read.stories)
    if read.as_json:
        run.write_json([c.to_json() for c in counted])
        return

    def table() -> list[RenderableType]:
        table = Table(box=None, header_style="bold", pad_edge=False)
        for column in ("Actor", "Type", "Entries", "Part of", "Also called"):
            table.add_column(column, justify="right" if column == "Entries" else "left")
        for count in counted:
            a = count.actor
            table.add_row(
                safe(a.name, "bold"),
                a.type.value,
                str(count.entries),
                safe(count.part_of[0] if count.part_of else ""),
                safe(", ".join(a.aliases), "dim"),
            )
        return [table]

    def stacked() -> list[RenderableType]:
        rows: list[RenderableType] = []
        for count in counted:
            a = count.actor
            entries = f"{count.entries} {'entry' if count.entries == 1 else 'entries'}"
            rows.append(safe(a.name, "bold") + Text(f"  {a.type.value} · {entries}", style="dim"))
            if count.part_of:
                rows.append(indented(Text("part of: ", style="dim") + safe(count.part_of[0])))
            if a.aliases:
                rows.append(indented(Text("also called: ", style="dim") + safe(", ".join(a.aliases))))
        return rows

    emit(run.env, Group(heading("Actors", f"{len(counted)}"), ByWidth(table, stacked)))


@click.command()
@read_options
@click.pass_obj
def stories(run: Invocation, read: ReadOptions) -> None:
    """Every story in the store, with its entries and the span it covers."""
    story = run.open(read.store, read.stories)
    summaries = story.stories(clocks=read.clocks(story), stories=read.stories)
    if read.as_json:
        run.write_json([s.to_json() for s in summaries])
        return
    if not summaries:
        emit(run.env, empty_note("No stories yet: `storyline import FILE` or `storyline record KIND ...`."))
        return

    def widest(texts: list[str]) -> int:
        return max((len(t) for t in texts), default=0)

    def ranked(s: StorySummary) -> list[tuple[str, int]]:
        return sorted(s.kinds.items(), key=lambda kind_count: -kind_count[1])

    def about(s: StorySummary) -> Text | None:
        if not (s.title or s.description):
            return None
        line = safe(s.title or "", "italic")
        if s.description:
            line += Text(" — " if s.title else "") + safe(s.description)
        return line

    def table() -> list[RenderableType]:
        table = Table(box=None, header_style="bold", pad_edge=False)
        # Names and dates are never cut; the kinds, one to a line, take what room is left.
        table.add_column("Story", no_wrap=True, min_width=min(40, widest([s.story for s in summaries])))
        table.add_column("Entries", justify="right", no_wrap=True, min_width=7)
        table.add_column("From", no_wrap=True, min_width=widest([s.first.text for s in summaries]))
        table.add_column("To", no_wrap=True, min_width=widest([s.last.text for s in summaries]))
        table.add_column("Kinds", no_wrap=True, overflow="ellipsis")
        for s in summaries:
            table.add_row(
                safe(s.story, "bold"),
                str(s.entries),
                safe(s.first.text),
                safe(s.last.text),
                Text("\n").join(safe(f"{n:>3} {k}", "dim") for k, n in ranked(s)),
            )
        # What each story is about, as its file says: below, where a long title has the width.
        said = [(s, about(s)) for s in summaries]
        lines: list[RenderableType] = [table, *([Text("")] if any(a for _, a in said) else [])]
        lines += [safe(s.story, "bold") + Text(": ") + a for s, a in said if a is not None]
        return lines

    def stacked() -> list[RenderableType]:
        rows: list[RenderableType] = []
        for s in summaries:
            span = f"{s.first.text} – {s.last.text}" if s.first.text != s.last.text else s.first.text
            rows.append(safe(s.story, "bold") + Text("  ") + safe(f"{s.entries} entries · {span}", "dim"))
            if (line := about(s)) is not None:
                rows.append(indented(line))
            rows.append(indented(Flow([safe(f"{n} {k}", "dim") for k, n in ranked(s)], " · ")))
        return rows

    emit(run.env, ByWidth(table, stacked))


COMMANDS = [search, timeline, actor, actors, stories, disputes]
