"""A clock drawn as a bar: where entries fall along it (a density strip) and where the clock
stands (a ▲ under the strip, and the day in words). Clicking the strip moves the clock there."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.events import Click
from textual.message import Message
from textual.widget import Widget

from storyline.projections.periods import day_text

from .clock_hands import at_fraction, days_between

LEVELS = " ▁▂▃▄▅▆▇█"
LABEL = 11  # "▶ occurred " — the active clock is marked by ▶, not by colour alone
DAY = 17  # " now (all known)", or " 11 Nov 2025": a clock stands on a day, or on now


class TimeBar(Widget):
    """One clock: `ranges` are the (first, last) days of what falls on it."""

    DEFAULT_CSS = "TimeBar { height: 2; }"

    class Moved(Message):
        def __init__(self, bar: TimeBar, day: date) -> None:
            super().__init__()
            self.bar, self.day = bar, day

    def __init__(self, name: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = name
        self.first = self.last = date.today()
        self.day: date | None = None
        self.ranges: Sequence[tuple[date, date]] = ()
        self.active = False

    def show(
        self, first: date, last: date, day: date | None, ranges: Sequence[tuple[date, date]], active: bool
    ) -> None:
        self.first, self.last, self.day, self.ranges, self.active = first, last, day, ranges, active
        self.refresh()

    def _width(self) -> int:
        return max(8, self.size.width - LABEL - 2 - DAY)

    def _cell(self, day: date, width: int) -> int:
        span = days_between(self.first, self.last)
        return min(width - 1, max(0, round((day - self.first).days / span * (width - 1))))

    def render(self) -> Text:
        """Each range spreads one entry over the cells it covers, so a day-exact entry stands
        out and one known only as "before 2024" adds a little everywhere it could be."""
        width = self._width()
        counts = [0.0] * width
        for start, end in self.ranges:
            low, high = self._cell(max(start, self.first), width), self._cell(min(end, self.last), width)
            for cell in range(low, high + 1):
                counts[cell] += 1 / (high - low + 1)
        top = max(counts) or 1.0
        strip = "".join(LEVELS[0 if not n else max(1, round(n / top * (len(LEVELS) - 1)))] for n in counts)
        at = self._cell(self.day, width) if self.day else width - 1
        style = "bold" if self.active else "dim"
        line = Text(f"{'▶' if self.active else ' '} {self.clock:<9}", style=style)
        line.append("▕")
        line.append(strip)
        line.append("▏")
        line.append(f" {day_text(self.day) if self.day else 'now (all known)'}", style=style)
        # Under the strip: ▲ where the clock stands, and the span's first and last months.
        below = [" "] * width
        below[at] = "▲"
        for text, where in ((f"{self.first:%b %Y}", 0), (f"{self.last:%b %Y}", width - 8)):
            cells = range(where, where + len(text))
            if at not in cells and cells.stop <= width:
                below[where : where + len(text)] = list(text)
        under = Text(" " * (LABEL + 1))
        for char in below:
            under.append(char, style="bold" if char == "▲" else "dim")
        return Text("\n").join([line, under])

    def on_click(self, event: Click) -> None:
        x = event.x - LABEL - 1
        width = self._width()
        if 0 <= x < width:
            self.post_message(self.Moved(self, at_fraction(self.first, self.last, x / max(1, width - 1))))
