"""How entries, actors and stories look in a terminal.

Every kind has a glyph as well as a colour, because colour alone disappears under NO_COLOR or
on a printout. Dates are shown as they were known ("Aug 2025", "before 11 Oct 2025").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from .safe_text import safe, visible

# kind → (glyph, colour)
KIND_STYLES: dict[str, tuple[str, str]] = {
    "strike": ("✹", "bold red"),
    "intelligence-sharing": ("⇄", "green"),
    "intelligence-pause": ("‖", "bold yellow"),
    "intelligence-resumption": ("↻", "green"),
    "intelligence-restriction": ("⊘", "yellow"),
    "resignation-offer": ("✎", "magenta"),
    "deployment": ("➤", "blue"),
    "withdrawal": ("↩", "cyan"),
    "statement": ("❝", "bright_white"),
    "designation": ("⚑", "bright_red"),
    "legal-opinion": ("§", "cyan"),
}
OTHER_KIND = ("•", "white")


def kind_style(kind: str) -> tuple[str, str]:
    return KIND_STYLES.get(kind, OTHER_KIND)


def kind_label(kind: str) -> Text:
    glyph, colour = kind_style(kind)
    return Text.assemble((glyph + " ", colour), safe(kind, colour))


def source_line(sources: Sequence[dict[str, Any]]) -> Text:
    text = Text(style="dim")
    for index, source in enumerate(sources):
        if index:
            text.append(" · ")
        text.append_text(safe(source["outlet"]))
        if source.get("attribution"):
            text.append(" (")
            text.append_text(safe(source["attribution"]))
            text.append(")")
        if source.get("published"):
            text.append(f", {_day(source['published'])}")
        if source.get("url"):
            text.append(" ")
            text.append_text(safe(source["url"], "underline"))
        if source.get("status") not in (None, "reported"):
            text.append(f" [{visible(source['status'])}]")
    if not sources:
        text.append("no source recorded")
    return text


def _day(iso: str) -> str:
    value = date.fromisoformat(iso)
    return f"{value.day} {value:%b %Y}"


def occurred_text(body: dict[str, Any], certainty: str | None = None) -> Text:
    text = safe(body["occurred"]["text"])
    if certainty == "possibly":
        text.append(" (possibly)", style="italic yellow")
    return text


def entry_cell(body: dict[str, Any], *, role: str | None = None, show_story: bool = False) -> RenderableType:
    lines: list[Text] = []
    title = safe(body["title"], "bold")
    if body.get("status") == "retracted":
        title.stylize("strike")
        title.append("  [retracted]", style="red")
    lines.append(title)
    particulars = Text(style="")
    if role:
        particulars.append(f"as {role}: ", style="italic")
    summary = body.get("summary") or ""
    if summary:
        particulars.append_text(safe(summary))
    unnamed = [a for a in body["actors"] if a not in summary]
    if unnamed:  # who took part, where the summary does not already say
        particulars.append(" · with " if summary else "", style="dim")
        particulars.append_text(safe(", ".join(unnamed)))
    place = (body.get("location") or {}).get("name")
    if place:
        particulars.append(" · at " if particulars.plain else "at ", style="dim")
        particulars.append_text(safe(place))
    if particulars.plain:
        lines.append(particulars)
    meta = source_line(body["sources"])
    if body.get("version", 1) > 1:  # corrected or corroborated since: `storyline history` tells
        meta.append(f"  ·  {body['version']} versions", style="dim")
    meta.append(f"  ·  {visible(entry_ref(body))}", style="dim")
    if show_story:
        meta.append(f"  ·  {visible(body['story'])}", style="dim")
    lines.append(meta)
    return Group(*lines)


def entry_ref(body: dict[str, Any]) -> str:
    """How to name an entry in `correct`/`history`: your id, or the start of Storyline's."""
    key = body["key"]
    return body["id"][:8] if key.startswith("~") else key


def timeline_table(
    rows: Iterable[tuple[dict[str, Any], str | None]],
    *,
    show_story: bool = False,
    roles: dict[str, str] | None = None,
) -> Table:
    """rows: (entry body, certainty as of the question's day or None)."""
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
    table.add_column("When", no_wrap=True, min_width=10)
    table.add_column("What", no_wrap=True)
    table.add_column("Entry", ratio=1)
    for body, certainty in rows:
        role = (roles or {}).get(body["id"])
        table.add_row(
            occurred_text(body, certainty),
            kind_label(body["kind"]),
            entry_cell(body, role=role, show_story=show_story),
        )
    return table


def heading(text: str, detail: str = "") -> Text:
    line = Text(visible(text), style="bold")
    if detail:
        line.append(f"  {visible(detail)}", style="dim")
    return line


def relation_lines(relations: Sequence[dict[str, Any]]) -> list[Text]:
    lines = []
    for relation in relations:
        status = relation["status"]
        colour = {"active": "green", "paused": "bold yellow", "restricted": "yellow"}.get(status, "yellow")
        line = Text("  ")
        line.append_text(safe(relation["provider"]))
        line.append(" → ")
        line.append_text(safe(relation["recipient"]))
        if relation.get("scope"):
            line.append(" on ")
            line.append_text(safe(relation["scope"], "italic"))
        line.append(": ")
        line.append(status, style=colour)
        if relation.get("since"):
            line.append(" since ")
            line.append_text(safe(relation["since"]["text"]))
        lines.append(line)
    return lines


def empty_note(what: str) -> Text:
    return Text(what, style="dim italic")
