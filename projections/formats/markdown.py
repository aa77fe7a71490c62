"""A Markdown chronology with sources as links, and the corrections the record made. Record
text is escaped for Markdown. An entry's title, summary and sources are lines of one list item,
each ended by a hard break (a backslash), so GitHub's renderer shows them as lines, not run
together into one paragraph."""

from __future__ import annotations

import re

from .export import Export
from .inert_text import link_target, visible

_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~!])")
_MARKDOWN_BLOCK_START = re.compile(r"^(\d*)([#>+\-=.)])")
_EMOJI_CODE = re.compile(r":(?=[\w+\-]+:)")


def md(text: object) -> str:
    """Record text as literal Markdown: inline syntax and HTML escaped, a leading block marker
    (heading, list, quote) neutralised, and everything on one line."""
    flat = _MARKDOWN_INLINE.sub(r"\\\1", visible(" ".join(str(text).split())))
    flat = _EMOJI_CODE.sub(r"\\:", flat)  # :smile: would be an emoji on GitHub
    return _MARKDOWN_BLOCK_START.sub(r"\1\\\2", flat)


def write_markdown(export: Export) -> str:
    from .amendments import amendments_of, corrections_log

    entries = export.entries
    amended = amendments_of(export.events)
    out = [
        f"# {md(export.title)}",
        "",
        *([md(export.description), ""] if export.description else []),
        f"_{len(entries)} {'entry' if len(entries) == 1 else 'entries'}, oldest first. Dates are shown as "
        "precisely as they were known._",
        "",
    ]
    year = None
    for entry in entries:
        occurred = entry.occurred
        first = occurred.start or occurred.end
        heading = f"{first.year:04d}" if first else "Undated"
        if (
            occurred.precision == "before"
            and occurred.end
            and (occurred.end.month, occurred.end.day) == (12, 31)
        ):
            heading = f"Before {occurred.end.year + 1}"  # "before 2024" is not in 2023
        if heading != year:
            if year is not None:
                out.append("")  # a blank line ends the list before the next heading
            year = heading
            out += [f"## {year}", ""]
        line = f"- **{md(occurred.text)}** · {md(entry.kind)} — {md(entry.title)}"
        if entry.status == "retracted":
            line += " _(retracted)_"
        elif entry.grade != "reported":
            line += f" _({md(entry.grade)})_"
        lines = [line]
        if entry.summary:
            lines.append(f"  {md(entry.summary)}")
        links = []
        for source in entry.sources:
            label = md(source.outlet + (f", {source.published.isoformat()}" if source.published else ""))
            target = link_target(source.url)
            if target:  # percent-encoded: nothing in it ends the link, the line or the <...>
                links.append(f"[{label}](<{target}>)")
            elif source.url:  # not a web address: shown, never linked
                links.append(f"{label} ({md(source.url)})")
            else:
                links.append(label)
        if links:
            lines.append(f"  Sources: {'; '.join(links)}")
        for said in amended.get(entry.id, ()):
            lines.append(f"  {'Retracted' if said.retraction else 'Corrected'}: {md(said.line())}")
        out.append("\\\n".join(lines))
    log = corrections_log([*entries, *export.retracted], amended)
    if log:
        out += [
            "",
            "## Corrections",
            "",
            "_By the day each was reported; a retracted entry is no longer above._",
            "",
        ]
        out += [
            f"- {said.reported.isoformat()} · **{md(entry.title)}** ({md(entry.ref)}): {md(said.line())}"
            for entry, said in log
        ]
    return "\n".join(out) + "\n"
