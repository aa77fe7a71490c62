"""How entries look in a terminal: the timeline's table, and the headings and notes around it.

Every kind has a glyph as well as a colour (projections/formats/kind_styles.py), because colour
alone disappears under NO_COLOR or on a printout. Dates are shown as they were known ("Aug
2025", "before 11 Oct 2025").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from storyline.domain import GRADE_GLYPHS, Grade
from storyline.projections.entries import Citation, TimelineEntry
from storyline.projections.formats.kind_styles import kind_style
from storyline.projections.periods import day_text

from .layout import WIDE, ByWidth, Flow, indented
from .terminal_text import safe, visible

if TYPE_CHECKING:  # only `timeline --follow` prints news: the changelog is not imported to read
    from storyline.projections.changelog import News
    from storyline.projections.relations import Relation  # the relations and the facts behind them

GRADE_STYLES = {
    Grade.CONFIRMED: "green",
    Grade.REPORTED: "dim",
    Grade.CLAIMED: "yellow",
    Grade.DISPUTED: "bold red",
    Grade.RETRACTED: "red",
}


def kind_text(kind: str) -> Text:
    style = kind_style(kind)
    return Text.assemble((style.glyph + " ", style.terminal), safe(kind, style.terminal))


def kind_glyph(kind: str) -> Text:
    style = kind_style(kind)
    return Text(style.glyph, style=style.terminal)


def source_line(sources: Sequence[Citation]) -> Text:
    text = Text(style="dim")
    for index, source in enumerate(sources):
        if index:
            text.append(" · ")
        text.append_text(safe(source.outlet))
        if source.attribution:
            text.append(" (")
            text.append_text(safe(source.attribution))
            text.append(")")
        if source.published:
            text.append(f", {day_text(source.published)}")
        if source.url:
            text.append(" ")
            text.append_text(safe(source.url, "underline"))
        if source.status not in (None, "reported"):
            text.append(f" [{visible(source.status)}]")
    if not sources:
        text.append("no source recorded")
    return text


def change_line(field: str, was: str | None, now: str | None) -> Text:
    """One field's change as `history` and `changes` show it: before struck through → after."""
    if field == "claims":  # what a source says, kept beside the others
        return Text("claims: ", style="bold") + safe(now or "")
    if field == "sources":  # a corroboration adds sources, it replaces none
        return Text("sources: + ", style="bold") + safe(now or "")
    line = safe(f"{field}: ", "bold")  # a detail's name is the user's own
    line.append_text(safe(was if was is not None else "—", "strike dim"))
    line.append(" → ")
    line.append_text(safe(now if now is not None else "—"))
    return line


def claims_line(entry: TimelineEntry) -> Text:
    """ "killed 80 (AP, 26 Nov 2025) · SOUTHCOM said 3": the claim shown, then the others."""
    text = Text(style="")
    for field in dict.fromkeys(c.field for c in entry.claims):
        claims = [c for c in entry.claims if c.field == field]
        shown = entry.details.get(field)
        shown_text = getattr(shown, "text", shown)
        head = next((c for c in reversed(claims) if c.value == shown_text), claims[-1])
        if text.plain:
            text.append(" · ")
        text.append_text(safe(f"{field} {head.value or '—'}", "bold"))
        when = f", {day_text(head.reported)}" if head.reported else ""
        text.append_text(safe(f" ({head.source}{when})", "dim"))
        for other in claims:
            if other is not head:
                text.append(" · ")
                text.append_text(safe(f"{other.source} said {other.value or '—'}", "italic"))
    return text


def occurred_text(entry: TimelineEntry) -> Text:
    text = safe(entry.occurred.text)
    if entry.certainty == "possibly":
        text.append(" (possibly)", style="italic yellow")
    return text


def entry_cell(
    entry: TimelineEntry, *, role: str | None = None, show_story: bool = False, show_notes: bool = False
) -> RenderableType:
    lines: list[RenderableType] = []
    title = safe(entry.title, "bold")
    if entry.status == "retracted":
        title.stylize("strike")
        title.append("  [retracted]", style="red")
    lines.append(title)
    particulars = Text(style="")
    if role:
        particulars.append(f"as {role}: ", style="italic")
    if entry.summary:
        particulars.append_text(safe(entry.summary))
    unnamed = [a for a in entry.actors if a not in entry.summary]
    if unnamed:  # who took part, where the summary does not already say
        particulars.append(" · with " if entry.summary else "", style="dim")
        particulars.append_text(safe(", ".join(unnamed)))
    place = entry.location.name if entry.location else None
    if place:
        particulars.append(" · at " if particulars.plain else "at ", style="dim")
        particulars.append_text(safe(place))
    if particulars.plain:
        lines.append(particulars)
    if entry.claims:
        lines.append(claims_line(entry))
    grade = Grade(entry.grade)  # a glyph and the word: never colour alone
    meta = [
        source_line(entry.sources),
        Text(f"{GRADE_GLYPHS[grade]} {grade.value}", style=GRADE_STYLES[grade]),
    ]
    if entry.version > 1:  # corrected or corroborated since: `storyline history` tells
        meta.append(Text(f"{entry.version} versions", style="dim"))
    meta.append(Text(visible(entry.ref), style="dim"))
    if show_story:
        meta.append(Text(visible(entry.story), style="dim"))
    lines.append(Flow(meta))  # broken between its parts, so the id is never split
    if show_notes and entry.notes:
        lines.append(Text("note: ", style="dim") + safe(entry.notes, "italic"))
    return Group(*lines)


def timeline_table(
    entries: Iterable[TimelineEntry],
    *,
    show_story: bool = False,
    roles: Mapping[str, str] | None = None,
    show_notes: bool = False,
) -> ByWidth:
    """The timeline as the width allows: wide, a table (when, what, entry); narrower, each
    entry's date and kind on a line and its text indented beneath."""
    shown = list(entries)

    def cell(entry: TimelineEntry) -> RenderableType:
        return entry_cell(
            entry, role=(roles or {}).get(entry.id), show_story=show_story, show_notes=show_notes
        )

    def table() -> list[RenderableType]:
        table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
        table.add_column("When", no_wrap=True, min_width=10)
        table.add_column("What", no_wrap=True)
        table.add_column("Entry", ratio=1)
        for entry in shown:
            table.add_row(occurred_text(entry), kind_text(entry.kind), cell(entry))
        return [table]

    def stacked() -> list[RenderableType]:
        rows: list[RenderableType] = []
        for entry in shown:
            rows += [Text.assemble(occurred_text(entry), "  ", kind_text(entry.kind)), indented(cell(entry))]
        return rows

    return ByWidth(table, stacked)


def oneline(entries: Sequence[TimelineEntry], width: int | None = None) -> list[Text]:
    """`timeline --oneline`: an entry a line — when, glyph and kind, title, id — with the dates
    and kinds in columns as wide as the longest of them. Given a `width` (a terminal's), a title
    too long is cut with "…" so the line fits and its id, what `correct` takes, stays whole;
    below WIDE columns the kind is its glyph alone."""
    whens = [occurred_text(e) for e in entries]
    # Narrower than a table, a kind is its glyph alone: the title needs the room more.
    compact = width is not None and width < WIDE
    kinds = [kind_glyph(e.kind) if compact else kind_text(e.kind) for e in entries]
    when_width = max((w.cell_len for w in whens), default=0)
    kind_width = max((k.cell_len for k in kinds), default=0)
    lines = []
    for entry, when, kind in zip(entries, whens, kinds, strict=True):
        title = safe(entry.title, "bold")
        if entry.status == "retracted":
            title.append(" [retracted]", style="red")
        ref = f"  {visible(entry.ref)}"
        if width is not None:
            room = width - when_width - kind_width - 4 - len(ref)
            title.truncate(max(room, 1), overflow="ellipsis")
        line = Text.assemble(
            when, " " * (when_width - when.cell_len + 2), kind, " " * (kind_width - kind.cell_len + 2), title
        )
        line.append(ref, style="dim")
        lines.append(line)
    return lines


def news_line(news: News) -> Text:
    """One thing appended to the log, on one line, as `timeline --follow` prints it: the day it
    was reported, what happened to the entry, the entry, and what it said or changed."""
    line = Text(f"{day_text(news.reported)}  ", style="dim")
    line.append(f"{news.action:<12}  ", style="bold")
    line.append_text(safe(news.entry, "bold"))
    said = [safe(news.title)] if news.action == "recorded" else []
    said += [change_line(name, was, now) for name, was, now in news.changes]
    if said:
        line.append("  ")
        line.append_text(Text("; ").join(said))
    if news.why:
        line.append(" — why: " if said else "  why: ", style="dim")
        line.append_text(safe(news.why, "italic"))
    if news.source:
        line.append(" (", style="dim")
        line.append_text(safe(news.source.outlet, "dim"))
        line.append(")", style="dim")
    return line


def heading(text: str, detail: str = "") -> Text:
    line = Text(visible(text), style="bold")
    if detail:
        line.append(f"  {visible(detail)}", style="dim")
    return line


def relation_lines(relations: Sequence[Relation]) -> list[RenderableType]:
    lines: list[RenderableType] = []
    for relation in relations:
        status = relation.status
        colour = {"active": "green", "paused": "bold yellow", "restricted": "yellow"}.get(status, "yellow")
        line = safe(relation.provider)
        line.append(" → ")
        line.append_text(safe(relation.recipient))
        if relation.scope:
            line.append(" on ")
            line.append_text(safe(relation.scope, "italic"))
        line.append(": ")
        line.append(status, style=colour)
        line.append(" since ")
        line.append_text(safe(relation.since.text))
        lines.append(indented(line))
    return lines


def empty_note(what: str) -> Text:
    return Text(what, style="dim italic")
