"""`storyline explore`: the story on two clocks you can move, in the terminal (Textual).

Four panes. The time bars: the occurred clock (the day the situation is told for) and the
reported clock (only what the record had said by then), each a strip of where entries fall,
moved by keys or a click. The timeline: the entries as of those days — those that only possibly
happened by then drawn as such, those not yet reported hidden or greyed. The situation on the
day, what changed since the last step marked ▸. The entry selected: parties, sources and
grades, claims, its versions.

Everything shown is an answer of the library (`Storyline.timeline`, `situation`, `history`),
asked with the clocks the bars stand on, so what a day shows is exactly what `storyline at`,
`timeline` and `history` say for it. Record text is shown as text (rich Text, never markup).
When anyone appends to the store, a follower (`Storyline.follow`, its own connection) wakes
the app and the panes are asked again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from storyline.domain import GRADE_GLYPHS, Grade
from storyline.projections.entries import TimelineEntry
from storyline.projections.formats.kind_styles import kind_style
from storyline.projections.periods import day_text

from ..output.entry_rows import change_line, claims_line, relation_lines, source_line
from ..output.report_view import forces_view, matters_view, stances_view
from ..output.terminal_text import safe
from .clock_hands import OCCURRED, REPORTED, ClockHands, Filters, Span
from .time_bars import TimeBar

KEYS = [
    ("←  →", "move the active clock one step back or forward"),
    ("[  ]", "to the previous or next day something happens on the active clock"),
    ("c", "switch the active clock: occurred ↔ reported"),
    ("d  w  m  y", "step by a day, a week, a month or a year"),
    ("s", "cycle the step"),
    ("g", "go to a day (2025-10-03, 3 October 2025, Oct 2025, 2 weeks ago)"),
    ("n", "reported clock to now: everything known"),
    ("u", "entries not yet reported: hidden or greyed"),
    ("space", "play forward step by step, or pause"),
    ("r", "play the other way"),
    ("+  -", "play faster or slower"),
    ("/", "filter: words, kind:strike actor:Canada grade:confirmed"),
    ("enter", "the selected entry, in the right pane"),
    ("t", "the situation, in the right pane"),
    ("↑  ↓", "select an entry"),
    ("?", "this help"),
    ("q", "quit"),
]


class Help(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("escape,q,question_mark", "dismiss", "Close")]
    DEFAULT_CSS = """
    Help { align: center middle; }
    Help > VerticalScroll { width: 96%; max-width: 92; height: auto; max-height: 100%; border: round $accent; background: $panel; }
    Help Static { width: auto; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        keys = Table(box=None, show_header=False, pad_edge=False)
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()  # wrapped lines stay under their own column
        for key, what in KEYS:
            keys.add_row(key, what)
        title = Text("Keys", style="bold")
        title.append("  (mouse: click a time bar to move its clock; Esc closes this)", style="dim")
        with VerticalScroll():  # focused: on a small terminal, the arrows and page keys scroll it
            yield Static(Group(title, keys))


class ExploreApp(App[None]):
    TITLE = "Storyline"
    CSS = """
    Screen { layout: vertical; }
    #bars { height: 4; padding: 0 1; }
    #body { height: 1fr; }
    #timeline { width: 50%; height: 100%; border: round $primary-darken-2; }
    #timeline:focus-within { border: round $accent; }
    #right { width: 50%; }
    #status { height: 1; padding: 0 1; background: $panel; }
    #ask { dock: bottom; display: none; }
    #ask.shown { display: block; }
    VerticalScroll { padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "back", show=False),
        Binding("right", "move(1)", "forward", show=False),
        Binding("left_square_bracket", "jump(0)", "prev", show=False),
        Binding("right_square_bracket", "jump(1)", "next", show=False),
        Binding("c", "switch", "clock"),
        Binding("d", "step('day')", "day", show=False),
        Binding("w", "step('week')", "week", show=False),
        Binding("m", "step('month')", "month", show=False),
        Binding("y", "step('year')", "year", show=False),
        Binding("s", "cycle_step", "step"),
        Binding("g", "ask('day')", "go to"),
        Binding("n", "now", "now", show=False),
        Binding("u", "toggle_unreported", "unreported", show=False),
        Binding("space", "play", "play"),
        Binding("r", "reverse", "reverse", show=False),
        Binding("plus,equals_sign", "pace(0.5)", "faster", show=False),
        Binding("minus", "pace(2)", "slower", show=False),
        Binding("slash", "ask('filter')", "filter"),
        Binding("t", "situation", "situation", show=False),
        Binding("question_mark", "help", "keys"),
        Binding("q", "quit", "quit"),
    ]

    def __init__(
        self,
        story: Any,
        *,
        stories: Sequence[str] = (),
        as_of: date | None = None,
        known_at: date | None = None,
        follower: Callable[[], Any] | None = None,
        read_day: Callable[[str], tuple[date, str | None]] | None = None,
    ) -> None:
        super().__init__()
        self.story = story
        self.stories = tuple(stories)
        self.follower = follower  # opens a Storyline of its own to follow the log in a thread
        self.read_day = read_day or (lambda text: (date.fromisoformat(text), None))
        self.filters = Filters()
        self.span = self._span()
        self.hands = ClockHands(as_of or self.span.last, known_at)
        self.shown: list[TimelineEntry] = []
        self.unreported: list[TimelineEntry] = []
        self.selected: TimelineEntry | None = None
        self.situation: Any = None
        self._previous_lines: set[str] | None = None
        self.pace = 1.0  # seconds a step while playing
        self._player: Any = None
        self._asking = "day"
        self._stop = threading.Event()

    # -- layout ---------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="bars"):
            yield TimeBar(OCCURRED, id="occurred")
            yield TimeBar(REPORTED, id="reported")
        yield Static(id="status")
        with Horizontal(id="body"):
            yield OptionList(id="timeline")
            with TabbedContent(id="right", initial="situation-tab"):
                with TabPane("Situation", id="situation-tab"), VerticalScroll():
                    yield Static(id="situation")
                with TabPane("Entry", id="entry-tab"), VerticalScroll():
                    yield Static(id="entry")
        yield Input(id="ask")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_panes()
        self.query_one("#timeline", OptionList).focus()
        if self.follower is not None:
            # Where the app's own views stand, read here: a thread must not use the app's connection.
            threading.Thread(target=self._follow, args=(self.story.position,), daemon=True).start()

    def on_unmount(self) -> None:
        self._stop.set()

    def on_resize(self) -> None:
        self.call_after_refresh(self._draw_timeline)  # rows cut to the new width

    # -- asking the library ---------------------------------------------------------------------------

    def _span(self) -> Span:
        """The days worth stopping at: on the reported clock, every day something was reported
        — a first report, a correction, a retraction (`Storyline.changes`)."""
        self._everything = self.story.timeline(stories=self.stories)  # for the bars' strips too
        news = self.story.changes(date.min, date.max, stories=self.stories)
        return Span.of(self._everything, self.story.today, reported=[n.reported for n in news])

    def _clocks(self, *, known: bool = True) -> Any:
        return self.story.clocks(
            as_of=self.hands.as_of,
            known_at=self.hands.known_at if known else None,
            grades=self.filters.grades,
        )

    def _timeline(self, clocks: Any) -> list[TimelineEntry]:
        return list(
            self.story.timeline(
                clocks=clocks,
                stories=self.stories,
                kinds=self.filters.kinds,
                actors=self.filters.actors,
                grep=self.filters.words or None,
            )
        )

    def refresh_panes(self) -> None:
        """Ask again for everything the clocks and filters show, and draw it."""
        self.shown = self._timeline(self._clocks())
        self.unreported = []
        if self.hands.known_at is not None and self.hands.grey_unreported:
            known = {e.id for e in self.shown}
            self._everything_by_then = self._timeline(self._clocks(known=False))
            self.unreported = [e for e in self._everything_by_then if e.id not in known]
        self.situation = self.story.situation(self.hands.as_of, clocks=self._clocks(), stories=self.stories)
        self._draw_bars()
        self._draw_timeline()
        self._draw_situation()
        self._draw_status()

    def _draw_bars(self) -> None:
        everything = self._everything  # asked when the store changes (_span), not at every key
        occurred = [
            (e.occurred.start or self.span.first, e.occurred.end or self.span.last) for e in everything
        ]
        reported = [(e.reported, e.reported) for e in everything]
        self.query_one("#occurred", TimeBar).show(
            self.span.first, self.span.last, self.hands.as_of, occurred, self.hands.active == OCCURRED
        )
        self.query_one("#reported", TimeBar).show(
            self.span.reported_first,
            self.span.reported_last,
            self.hands.known_at,
            reported,
            self.hands.active == REPORTED,
        )

    def _draw_status(self) -> None:
        status = Text()
        count = len(self.shown)
        status.append(f"{count} entr{'y' if count == 1 else 'ies'}", style="bold")
        if self.unreported:
            status.append(f" · {len(self.unreported)} not yet reported (greyed)", style="dim")
        elif self.hands.known_at is not None:
            status.append(" · not yet reported: hidden", style="dim")
        status.append(f" · step {self.hands.step}", style="dim")
        way = "forward" if self.hands.forward else "back"
        if self._player is not None:
            status.append(f" · ▶ playing {way}, {self.pace:g} s a step", style="bold")
        else:
            status.append(f" · space plays {way}", style="dim")
        if self.filters != Filters():
            status.append(" · filter: ")
            status.append_text(safe(self.filters.text(), "italic"))
        status.append(" · ? keys", style="dim")
        self.query_one("#status", Static).update(status)

    def _row(self, entry: TimelineEntry, *, greyed: bool = False) -> Text:
        """An entry: grade, date, `possibly`, kind, title — on one line where the pane is wide,
        on two (the title beneath) where one line would leave the title no room. Cut with …
        to the pane's width; the marks before the title always stay in sight."""
        grade = Grade(entry.grade)
        look = kind_style(entry.kind)
        head = Text()
        # Not yet reported: ◌ in place of the grade, and greyed — never colour alone.
        head.append("◌ " if greyed else f"{GRADE_GLYPHS[grade]} ", style="dim" if greyed else "")
        head.append_text(safe(entry.occurred.text, "dim"))
        if entry.certainty == "possibly":
            head.append(" possibly", style="italic")
        head.append(f" {look.glyph}", style="dim" if greyed else look.terminal)
        title = safe(entry.title, "dim" if greyed else "bold")
        width = self.query_one("#timeline", OptionList).scrollable_content_region.width - 2
        if width <= 4:  # not laid out yet
            return Text.assemble(head, " ", title)
        if width - head.cell_len >= 24:
            row = Text.assemble(head, " ", title)
            row.truncate(width, overflow="ellipsis")
            return row
        title = Text("  ") + title
        title.truncate(width, overflow="ellipsis")
        head.truncate(width, overflow="ellipsis")
        return Text("\n").join([head, title])

    def _draw_timeline(self) -> None:
        options = self.query_one("#timeline", OptionList)
        keep = self.selected.id if self.selected else None
        options.clear_options()
        rows = [(e, False) for e in self.shown]
        if self.unreported:  # in the timeline's own order, as if everything were known
            greyed = {e.id for e in self.unreported}
            rows = [(e, e.id in greyed) for e in self._everything_by_then]
        self._rows = [entry for entry, _ in rows]
        options.add_options([Option(self._row(entry, greyed=greyed), id=entry.id) for entry, greyed in rows])
        if not rows:
            options.add_option(Option(Text("Nothing by this day on these clocks.", style="dim italic")))
            self.selected = None
            return
        index = next((i for i, e in enumerate(self._rows) if e.id == keep), len(rows) - 1)
        options.highlighted = index
        self.selected = self._rows[index]

    def _situation_lines(self) -> list[tuple[str, RenderableType]]:
        """Each line of the situation with a key for telling what changed since the last step."""
        report = self.situation
        parts: list[tuple[str, RenderableType]] = []

        def section(title: str, lines: Sequence[RenderableType], empty: str) -> None:
            parts.append(("", Text(title, style="bold")))
            if not lines:
                parts.append(("", Text(f"  {empty}", style="dim italic")))
            for line in lines:
                parts.append((_plain(line), line))
            parts.append(("", Text("")))

        tallies = report.tallies
        parts.append(("", Text("Tallies", style="bold")))
        for metric in tallies.certain:
            line = Text(f"  {metric}: ", style="bold")
            line.append(tallies.text(metric), style="" if tallies.known(metric) else "dim italic")
            apart = tallies.apart(metric)
            if apart:
                line.append(f"  ({' · '.join(apart)})", style="italic")
            parts.append((line.plain, line))
        parts.append(("", Text("")))
        section("Intelligence sharing", relation_lines(report.relations), "none recorded")
        section("Forces deployed", forces_view(report.forces), "none recorded")
        section("Stances", stances_view(report.stances), "none recorded")
        section("Open matters", matters_view(report.open_matters), "none")
        return parts

    def _draw_situation(self) -> None:
        lines = self._situation_lines()
        now = {key for key, _ in lines if key}
        before = self._previous_lines
        shown: list[RenderableType] = []
        heading = Text(f"As of {day_text(self.hands.as_of)}", style="bold")
        heading.append(
            f", known at {day_text(self.hands.known_at)}" if self.hands.known_at else ", all known",
            style="dim",
        )
        shown.append(heading)
        if self.filters.kinds or self.filters.actors or self.filters.words:
            # A report of the whole story: only the grade filter narrows it (as `storyline at
            # --status` does). Said, so the kinds, actors or words asked for are not taken to.
            shown.append(
                Text(
                    "the whole story: kind, actor and word filters narrow the timeline only",
                    style="dim italic",
                )
            )
        shown.append(Text(""))
        for key, line in lines:
            changed = before is not None and key and key not in before
            shown.append(Group(Text("▸ changed:", style="bold"), line) if changed else line)
        self.query_one("#situation", Static).update(Group(*shown))
        self._previous_lines = now
        self._draw_entry()

    def _draw_entry(self) -> None:
        entry = self.selected
        pane = self.query_one("#entry", Static)
        if entry is None:
            pane.update(Text("No entry selected.", style="dim italic"))
            return
        grade = Grade(entry.grade)
        lines: list[RenderableType] = [safe(entry.title, "bold")]
        when = safe(entry.occurred.text)
        when.append(f" · {kind_style(entry.kind).glyph} ", style=kind_style(entry.kind).terminal)
        when.append_text(safe(entry.kind))
        when.append(f" · {GRADE_GLYPHS[grade]} {grade.value}")
        lines += [
            when,
            Text(f"{entry.story}/{entry.ref} · first reported {day_text(entry.reported)}", style="dim"),
        ]
        if entry.summary:
            lines += [Text(""), safe(entry.summary)]
        if entry.parties:
            lines += [Text(""), Text("Who", style="bold")]
            lines += [Text("  ") + safe(p.actor) + safe(f" ({p.role})", "dim") for p in entry.parties]
        lines += [Text(""), Text("Sources", style="bold"), Text("  ") + source_line(entry.sources)]
        if entry.claims:
            lines += [Text(""), Text("Claims", style="bold"), Text("  ") + claims_line(entry)]
        if entry.notes:
            lines += [Text(""), Text("Notes", style="bold"), Text("  ") + safe(entry.notes, "italic")]
        history = self.story.history(entry.id, stories=self.stories, known_at=self.hands.known_at)
        lines += [Text(""), Text(f"Versions ({len(history.versions)})", style="bold")]
        for version in history.versions:
            line = Text(f"  v{version.version} {version.event}, reported {day_text(version.reported)}")
            if version.source:
                line.append(" by ")
                line.append_text(safe(version.source.outlet))
            lines.append(line)
            lines += [Text("    ") + change_line(c.field, c.was, c.now) for c in version.changes]
            if version.why:
                lines.append(Text("    why: ", style="dim") + safe(version.why, "italic"))
        pane.update(Group(*lines))

    # -- keys -----------------------------------------------------------------------------------------

    def _moved(self, changed: bool) -> None:
        if changed:
            self.refresh_panes()
        else:
            self.bell()

    def action_move(self, count: int) -> None:
        self._moved(self.hands.move(count, self.span))

    def action_jump(self, forward: int) -> None:
        self._moved(self.hands.jump(bool(forward), self.span))

    def action_switch(self) -> None:
        self.hands.switch()
        self._draw_bars()

    def action_step(self, step: str) -> None:
        self.hands.step = step
        self._draw_status()

    def action_cycle_step(self) -> None:
        self.hands.next_step()
        self._draw_status()

    def action_now(self) -> None:
        self.hands.known_at = None
        self.refresh_panes()

    def action_toggle_unreported(self) -> None:
        self.hands.grey_unreported = not self.hands.grey_unreported
        self.refresh_panes()

    def action_situation(self) -> None:
        self.query_one("#right", TabbedContent).active = "situation-tab"

    def action_help(self) -> None:
        self.push_screen(Help())

    def action_ask(self, what: str) -> None:
        self._asking = what
        ask = self.query_one("#ask", Input)
        ask.placeholder = (
            "a day: 2025-10-03, 3 October 2025, Oct 2025, 2 weeks ago (Esc: never mind)"
            if what == "day"
            else "filter: words, kind:strike actor:Canada grade:confirmed (empty: none)"
        )
        ask.value = self.filters.text() if what == "filter" else ""
        ask.add_class("shown")
        ask.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        ask = self.query_one("#ask", Input)
        text = event.value.strip()
        if self._asking == "filter":
            self.filters = Filters.parse(text)
        elif text:
            try:
                day, said_back = self.read_day(text)
            except Exception as exc:  # a phrase that is no day: said, and nothing moves
                self.notify(str(exc), severity="error", markup=False)
                return
            self.hands.set_day(day)
            if said_back:  # not ISO: the day understood, said back
                self.notify(said_back, markup=False)
        ask.remove_class("shown")
        self.query_one("#timeline", OptionList).focus()
        try:
            self.refresh_panes()
        except Exception as exc:  # an unknown actor or kind in a filter: said, filter dropped
            self.notify(str(exc), severity="error", markup=False)
            self.filters = Filters()
            self.refresh_panes()

    def on_key(self, event: Any) -> None:
        if event.key == "escape" and self.query_one("#ask", Input).has_class("shown"):
            self.query_one("#ask", Input).remove_class("shown")
            self.query_one("#timeline", OptionList).focus()
            event.stop()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        rows = getattr(self, "_rows", [])
        if event.option_index is not None and event.option_index < len(rows):
            self.selected = rows[event.option_index]
            self._draw_entry()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#right", TabbedContent).active = "entry-tab"

    def on_time_bar_moved(self, event: TimeBar.Moved) -> None:
        self.hands.active = event.bar.clock
        self.hands.set_day(event.day)
        self.refresh_panes()

    # -- play -----------------------------------------------------------------------------------------

    def action_play(self) -> None:
        if self._player is not None:
            self._player.stop()
            self._player = None
        else:
            self._player = self.set_interval(self.pace, self._tick)
        self._draw_status()

    def _tick(self) -> None:
        if not self.hands.move(1 if self.hands.forward else -1, self.span):
            self.action_play()  # at the end: stop
            return
        self.refresh_panes()

    def action_reverse(self) -> None:
        self.hands.forward = not self.hands.forward
        self._draw_status()

    def action_pace(self, factor: float) -> None:
        self.pace = min(8.0, max(0.1, self.pace * factor))
        if self._player is not None:
            self._player.stop()
            self._player = self.set_interval(self.pace, self._tick)
        self._draw_status()

    # -- live -----------------------------------------------------------------------------------------

    def _follow(self, after: int) -> None:
        """In a thread, with a Storyline of its own: every append after `after` anywhere wakes the app."""
        assert self.follower is not None
        story = self.follower()
        try:
            news = story.follow(stories=self.stories, after=after, until=self._stop.is_set)
            for _ in news:
                if self._stop.is_set():
                    return
                try:
                    self.call_from_thread(self.store_changed)
                except RuntimeError:  # the app closed meanwhile: nothing to wake
                    return
        finally:
            story.close()

    def store_changed(self) -> None:
        self.span = self._span()
        self.refresh_panes()


def _plain(renderable: RenderableType) -> str:
    if isinstance(renderable, Text):
        return renderable.plain
    inner = getattr(renderable, "renderable", None)
    return inner.plain if isinstance(inner, Text) else repr(renderable)
