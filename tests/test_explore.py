"""Issue 15: `storyline explore`, driven by Textual's headless pilot.

The app is opened on a real store holding the bundled story and driven by keys: the occurred
clock moved by steps and to the next entry, the reported clock moved to a typed day, the
unreported greyed or hidden, filters, play. After each move what the panes show must be what
the CLI says for the same days: the timeline pane's entries are `timeline --as-of D --known-at
K --json`'s, and the situation is `at D --known-at K --json`. Hostile record text stays text in
every pane, and an entry appended by another connection shows up without a key pressed.
Snapshots (pytest-textual-snapshot) keep the main screens at 80×24 and 160×48.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from textual.widgets import OptionList

from storyline.cli.commands.exploring import typed_day
from storyline.cli.main import main
from storyline.cli.tui.explore_app import ExploreApp
from storyline.projections.bootstrap import open_storyline

HOSTILE = "[@click=app.quit]quit[/] [bold red]red[/] \x1b[2J\u202eevil"


class Store:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.path = home / "store.db"
        self.env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "d"), "STORYLINE_STORE": str(self.path)}

    def cli(self, *args: str) -> str:
        result = CliRunner().invoke(
            main, list(args), env={**self.env, "NO_COLOR": "1"}, catch_exceptions=False
        )
        assert result.exit_code == 0, result.stderr
        return result.stdout

    def app(self, **options: Any) -> ExploreApp:
        story = open_storyline(self.path)
        return ExploreApp(story, read_day=typed_day, **options)

    def keys(self, *args: str) -> list[str]:
        return [e["key"] for e in json.loads(self.cli("timeline", "--json", *args))]

    def at(self, day: date, known_at: date | None) -> dict[str, Any]:
        known = ("--known-at", known_at.isoformat()) if known_at else ()
        return json.loads(self.cli("at", day.isoformat(), *known, "--json"))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path)
    store.cli("import", "--bundled", "caribbean-2025")
    return store


def shown(app: ExploreApp) -> list[str]:
    return [e.key for e in app.shown]


def clocks_args(app: ExploreApp) -> list[str]:
    args = ["--as-of", app.hands.as_of.isoformat()]
    if app.hands.known_at:
        args += ["--known-at", app.hands.known_at.isoformat()]
    return args


def agrees_with_the_cli(app: ExploreApp, store: Store) -> None:
    assert shown(app) == store.keys(*clocks_args(app))
    assert app.situation.to_json() == store.at(app.hands.as_of, app.hands.known_at)


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def test_it_opens_on_the_story_s_last_day_with_everything_known(store: Store) -> None:
    async def go() -> None:
        app = store.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.hands.as_of == date(2025, 11, 11) and app.hands.known_at is None
            agrees_with_the_cli(app, store)
            rows = app.query_one("#timeline", OptionList)
            assert rows.option_count == len(store.keys("--as-of", "2025-11-11"))

    run(go())


def test_moving_the_occurred_clock_by_steps_and_to_the_next_entry(store: Store) -> None:
    async def go() -> None:
        app = store.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("left", "left")  # two months back
            assert app.hands.as_of == date(2025, 9, 11)
            agrees_with_the_cli(app, store)
            possibly = [e.key for e in app.shown if e.certainty == "possibly"]
            assert "uk-pause" in possibly  # the pause possibly under way in September
            await pilot.press("d", "left")  # a day back
            assert app.hands.as_of == date(2025, 9, 10)
            await pilot.press("right_square_bracket")  # to the next day something happens
            assert app.hands.as_of == date(2025, 9, 30)
            agrees_with_the_cli(app, store)
            await pilot.press("y", "left", "left", "left")  # back by years, held at the start
            assert app.hands.as_of == app.span.first
            agrees_with_the_cli(app, store)

    run(go())


def test_the_reported_clock_hides_or_greys_what_was_not_yet_reported(store: Store) -> None:
    async def go() -> None:
        app = store.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("left", "left", "c", "g")
            await pilot.press(*"10 November 2025", "enter")  # a natural date, said back
            assert app.hands.known_at == date(2025, 11, 10)
            assert "uk-pause" not in shown(app)  # known only from 11 November
            agrees_with_the_cli(app, store)
            await pilot.press("u")  # greyed instead of hidden
            rows = [str(o.prompt) for o in app.query_one("#timeline", OptionList).options]
            greyed = [r for r in rows if r.startswith("◌ ")]
            assert "uk-pause" in [e.key for e in app.unreported]
            assert any("Sep – 10 Oct 2025 possibly ‖\n  The UK stops" in r for r in greyed)  # greyed
            assert shown(app) == store.keys(*clocks_args(app))  # the situation still counts only the known
            await pilot.press("n")  # now: everything known
            assert app.hands.known_at is None and "uk-pause" in shown(app)
            agrees_with_the_cli(app, store)

    run(go())


def test_filters_narrow_the_timeline_as_the_cli_s_options_do(store: Store) -> None:
    async def go() -> None:
        app = store.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("slash", *"kind:statement grade:reported", "enter")
            assert shown(app) == store.keys(
                "--as-of", "2025-11-11", "--kind", "statement", "--status", "reported"
            )
            await pilot.press("slash")
            app.query_one("#ask").value = 'actor:"Alvin Holsey" resign'
            await pilot.press("enter")
            assert shown(app) == store.keys(
                "--as-of", "2025-11-11", "--actor", "Alvin Holsey", "--grep", "resign"
            )
            await pilot.press("slash")
            app.query_one("#ask").value = ""
            await pilot.press("enter")
            assert shown(app) == store.keys("--as-of", "2025-11-11")

    run(go())


def test_the_situation_says_it_is_the_whole_story_when_the_timeline_is_narrowed(store: Store) -> None:
    """The situation report is the whole story's (only grades narrow it, as `at --status` does):
    with a kind, actor or word filter on, its pane says so instead of passing for the narrowed one."""

    async def go() -> None:
        app = store.app()
        async with app.run_test(size=(100, 40)) as pilot:
            note = "the whole story: kind, actor and word filters narrow the timeline only"
            assert note not in _rendered(app, "#situation")
            await pilot.press("slash", *"kind:statement", "enter")
            assert note in _rendered(app, "#situation")
            assert app.situation.to_json() == store.at(app.hands.as_of, app.hands.known_at)
            await pilot.press("slash")
            app.query_one("#ask").value = "grade:reported"
            await pilot.press("enter")
            assert note not in _rendered(app, "#situation")

    run(go())


def test_play_steps_forward_and_back_and_stops_at_the_end(store: Store) -> None:
    async def go() -> None:
        app = store.app(as_of=date(2025, 8, 1))
        async with app.run_test(size=(80, 24)) as pilot:
            app.pace = 0.1
            await pilot.press("w", "space")  # a week a tenth of a second
            await pilot.pause(0.5)
            assert app.hands.as_of > date(2025, 8, 1)
            await pilot.press("space")  # pause
            paused = app.hands.as_of
            await pilot.pause(0.4)
            assert app.hands.as_of == paused
            agrees_with_the_cli(app, store)
            await pilot.press("r", "space")
            await pilot.pause(0.5)
            await pilot.press("space")
            assert app.hands.as_of < paused
            await pilot.press("r", "y", "space")  # forward by years: to the end, and it stops
            await pilot.pause(0.6)
            assert app.hands.as_of == app.span.last and app._player is None

    run(go())


def test_the_situation_marks_what_changed_since_the_last_step(store: Store) -> None:
    async def go() -> None:
        app = store.app(as_of=date(2025, 8, 31))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("right")
            drawn = _rendered(app, "#situation")
            assert "▸ changed:" in drawn
            # From 31 Aug to 30 Sep the UK's pause became possible: its relation line is marked.
            marked = drawn.split("▸ changed:")[1:]
            assert any("United Kingdom → United States" in part.split("\n\n")[0] for part in marked)

    run(go())


def test_the_entry_pane_shows_parties_sources_and_versions(store: Store) -> None:
    store.cli(
        *("correct", "strike-toll", "--set", "killed=at least 80", "--reported", "2025-11-20"),
        *("--source", "CNN", "--why", "a later count"),
    )

    async def go() -> None:
        app = store.app(as_of=date(2025, 11, 30))
        async with app.run_test(size=(160, 48)) as pilot:
            index = next(i for i, e in enumerate(app._rows) if e.key == "strike-toll")
            app.query_one("#timeline", OptionList).highlighted = index
            await pilot.press("enter")
            await pilot.pause()
            entry = _rendered(app, "#entry")
            assert "Versions (2)" in entry and "a later count" in entry and "CNN" in entry
            assert "killed: at least 76 → at least 80" in entry

    run(go())


def test_hostile_record_text_stays_text_in_every_pane(store: Store) -> None:
    store.cli(
        *("record", "statement", "--story", "caribbean-2025", "--on", "2025-11-05", "--id", "hostile"),
        *("--title", HOSTILE, "--speaker", HOSTILE, "--source", HOSTILE),
    )

    async def go() -> None:
        app = store.app()
        async with app.run_test(size=(160, 48)) as pilot:
            index = next(i for i, e in enumerate(app._rows) if e.key == "hostile")
            app.query_one("#timeline", OptionList).highlighted = index
            await pilot.press("enter")
            await pilot.pause()
            for pane in ("#timeline", "#entry", "#situation"):
                drawn = _rendered(app, pane)
                assert "\x1b" not in drawn and "\u202e" not in drawn, pane
            entry = _rendered(app, "#entry")
            assert "[@click=app.quit]quit[/] [bold red]red[/]" in entry  # shown, not obeyed
            assert "␛[2J" in entry  # the escape made visible
            await pilot.click("#entry")
            assert app.is_running

    run(go())


def test_an_entry_appended_elsewhere_shows_up_without_a_key(store: Store) -> None:
    async def go() -> None:
        app = store.app(follower=lambda: open_storyline(store.path, catch_up=False))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            before = len(app.shown)
            await asyncio.to_thread(
                store.cli,
                *("record", "strike", "--story", "caribbean-2025", "--on", "2025-11-01", "--id", "late"),
                *("--title", "A strike recorded by a colleague", "--source", "AP"),
            )
            for _ in range(60):
                await pilot.pause(0.1)
                if "late" in shown(app):
                    break
            assert "late" in shown(app) and len(app.shown) == before + 1
            agrees_with_the_cli(app, store)

    run(go())


def test_help_lists_every_key(store: Store) -> None:
    async def go() -> None:
        app = store.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            drawn = _rendered(app.screen, "Static")
            for key in ("←  →", "[  ]", "space", "/", "g", "u", "?"):
                assert key in drawn
            await pilot.press("escape")
            assert not isinstance(app.screen, type(app.screen_stack[-1])) or len(app.screen_stack) == 1

    run(go())


def test_help_scrolls_on_a_small_terminal(store: Store) -> None:
    async def go() -> None:
        from textual.containers import VerticalScroll

        app = store.app()
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            keys = app.screen.query_one(VerticalScroll)
            assert keys.max_scroll_y > 0  # more keys than lines: the rest is below
            await pilot.press("end")
            await pilot.pause()
            assert keys.scroll_y == keys.max_scroll_y
            await pilot.press("escape")
            assert len(app.screen_stack) == 1

    run(go())


def _rendered(node: Any, selector: str) -> str:
    """The text a widget draws, as plain text."""
    from rich.console import Console

    widget = node.query_one(selector)
    console = Console(width=200, record=True, color_system=None, file=io.StringIO())
    if isinstance(widget, OptionList):
        for option in widget.options:
            console.print(option.prompt)
    else:
        console.print(widget.content)  # what the app gave the widget to draw
    return console.export_text()


# -- snapshots --------------------------------------------------------------------------------------


@pytest.fixture
def snapshot_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path)
    store.cli("import", "--bundled", "caribbean-2025")
    yield store


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_main_screen_snapshot(snap_compare: Any, snapshot_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(snapshot_store.app(), terminal_size=size)


def test_september_known_on_10_november_snapshot(snap_compare: Any, snapshot_store: Store) -> None:
    app = snapshot_store.app(as_of=date(2025, 9, 30), known_at=date(2025, 11, 10))
    assert snap_compare(app, terminal_size=(80, 24), press=["u"])


def test_help_snapshot(snap_compare: Any, snapshot_store: Store) -> None:
    assert snap_compare(snapshot_store.app(), terminal_size=(80, 24), press=["question_mark"])


def test_explore_without_a_terminal_is_one_line(store: Store) -> None:
    result = CliRunner().invoke(main, ["explore"], env=store.env, catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "explore needs a terminal" in result.stderr


def test_a_typed_phrase_that_is_no_day_is_said_and_moves_nothing(store: Store) -> None:
    async def go() -> None:
        app = store.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("g", *"the twelfth of never", "enter")
            await pilot.pause()
            assert app.hands.as_of == date(2025, 11, 10 + 1)
            assert app.query_one("#ask").has_class("shown")  # still asking
            await pilot.press("escape")
            assert not app.query_one("#ask").has_class("shown")

    run(go())


def test_a_click_on_a_time_bar_moves_its_clock_there(store: Store) -> None:
    async def go() -> None:
        app = store.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            bar = app.query_one("#reported")
            width = bar.size.width - 11 - 2 - 17  # the strip: label, edges and day aside
            await pilot.click("#reported", offset=(11 + 1 + width // 2, 0))  # its middle
            assert app.hands.active == "reported" and app.hands.known_at is not None
            span = app.span
            middle = span.reported_first + (span.reported_last - span.reported_first) / 2
            assert (
                abs((app.hands.known_at - middle).days)
                <= (span.reported_last - span.reported_first).days / width + 1
            )
            agrees_with_the_cli(app, store)

    run(go())


def test_a_clock_beyond_the_story_only_comes_back_towards_it(store: Store) -> None:
    async def go() -> None:
        app = store.app(as_of=date(2026, 6, 1))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("d", "right")  # already past the last entry: no step backwards
            assert app.hands.as_of == date(2026, 6, 1)
            await pilot.press("left")
            assert app.hands.as_of == date(2026, 5, 31)

    run(go())


def test_the_reported_clock_stops_on_a_correction_s_day(store: Store) -> None:
    store.cli(
        *("correct", "strike-toll", "--set", "killed=at least 80", "--reported", "2025-11-25"),
        *("--source", "CNN", "--why", "a later count"),
    )

    async def go() -> None:
        app = store.app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("c", "g", *"2025-11-22", "enter", "right_square_bracket")
            assert app.hands.known_at == date(2025, 11, 25)
            agrees_with_the_cli(app, store)

    run(go())


def test_possibly_is_in_sight_however_narrow(store: Store) -> None:
    async def go() -> None:
        app = store.app(as_of=date(2025, 9, 30))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            rows = [str(o.prompt) for o in app.query_one("#timeline", OptionList).options]
            possibly = [e for e in app.shown if e.certainty == "possibly"]
            assert possibly and sum(" possibly" in r for r in rows) == len(possibly)

    run(go())
