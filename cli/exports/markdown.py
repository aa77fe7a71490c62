"""A Markdown chronology with sources as links. Record text is escaped for Markdown."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..safe_text import link_target, visible

Body = dict[str, Any]

_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~!])")
_MARKDOWN_BLOCK_START = re.compile(r"^(\d*)([#>+\-=.)])")


def md(text: object) -> str:
    """Record text as literal Markdown: inline syntax and HTML escaped, a leading block marker
    (heading, list, quote) neutralised, and everything on one line."""
    flat = _MARKDOWN_INLINE.sub(r"\\\1", visible(" ".join(str(text).split())))
    return _MARKDOWN_BLOCK_START.sub(r"\1\\\2", flat)


def markdown(bodies: Sequence[Body], title: str) -> str:
    out = [
        f"# {md(title)}",
        "",
        f"_{len(bodies)} {'entry' if len(bodies) == 1 else 'entries'}, oldest first. Dates are shown as precisely "
        "as they were known._",
        "",
    ]
    year = None
    for body in bodies:
        occurred = body["occurred"]
        heading = (occurred["start"] or occurred["end"] or "")[:4] or "Undated"
        end = occurred["end"] or ""
        if occurred["precision"] == "before" and end.endswith("-12-31"):  # "before 2024" is not in 2023
            heading = f"Before {int(end[:4]) + 1}"
        if heading != year:
            if year is not None:
                out.append("")  # a blank line ends the list before the next heading
            year = heading
            out += [f"## {year}", ""]
        line = f"- **{md(occurred['text'])}** · {md(body['kind'])} — {md(body['title'])}"
        if body["status"] == "retracted":
            line += " _(retracted)_"
        out.append(line)
        if body["summary"]:
            out.append(f"  {md(body['summary'])}")
        links = []
        for source in body["sources"]:
            label = md(source["outlet"] + (f", {source['published']}" if source.get("published") else ""))
            target = link_target(source.get("url"))
            if target:  # percent-encoded: nothing in it ends the link, the line or the <...>
                links.append(f"[{label}](<{target}>)")
            elif source.get("url"):  # not a web address: shown, never linked
                links.append(f"{label} ({md(source['url'])})")
            else:
                links.append(label)
        if links:
            out.append(f"  Sources: {'; '.join(links)}")
    return "\n".join(out) + "\n"
