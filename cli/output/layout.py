"""Laying output out for the width it has.

A terminal of 110 columns or more gets tables (`When  What  Entry`); a narrower one gets each
row as a line of its short fields with its long text indented beneath, so at 80 columns an
entry's text has 76 of them, not 32. Wrapped lines continue under their own start (`indented`),
never at column 0. Piped without COLUMNS, output is not wrapped at all (environment.py), and
takes the wide layout: one logical line per line for `grep` and `cut`.

The choice is made when Rich renders, from the width it renders into, so one renderable is
right in a terminal, a pager, a test's console and a pipe alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.text import Text

WIDE = 110  # columns: from here, tables; below, rows stacked with their text beneath


class ByWidth:
    """`wide()` where the line has WIDE columns or more, `narrow()` where it has fewer."""

    def __init__(
        self,
        wide: Callable[[], Iterable[RenderableType]],
        narrow: Callable[[], Iterable[RenderableType]],
        at: int = WIDE,
    ) -> None:
        self.wide, self.narrow, self.at = wide, narrow, at

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from (self.wide if options.max_width >= self.at else self.narrow)()


def indented(renderable: RenderableType, by: int = 2) -> Padding:
    """Indented by `by`, its wrapped lines too: a line that runs over continues under itself."""
    return Padding(renderable, (0, 0, 0, by), expand=False)


class Flow:
    """Parts on a line, `separator` between them, broken only between parts where the line is
    full: "✔ confirmed" or "3 deployment" never split across two lines (a part longer than the
    whole line still wraps within itself)."""

    def __init__(self, parts: Iterable[Text], separator: str = "  ·  ", style: str = "dim") -> None:
        self.parts = [part for part in parts if part.plain]
        self.separator, self.style = separator, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = Text()
        for part in self.parts:
            if line.plain and line.cell_len + len(self.separator) + part.cell_len > options.max_width:
                yield line
                line = Text()
            if line.plain:
                line.append(self.separator, style=self.style)
            line.append_text(part)
        if line.plain:
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = [part.cell_len for part in self.parts] or [0]
        whole = sum(widths) + len(self.separator) * (len(widths) - 1)
        return Measurement(min(max(widths), options.max_width), min(whole, options.max_width))
