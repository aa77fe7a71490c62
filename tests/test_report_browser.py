"""Issue 14, item 4: the HTML report in a real browser (Debian's Chromium, headless).

A store written through the CLI — the bundled story, a correction, and a placed strike whose
title, actor and place are hostile — is exported as a user exports it and opened at a desk's
width and a phone's. Search and the filters must show exactly the entries the CLI's own
filters find; a tap on a chart or map mark must open its entry; a link to an entry's anchor
must open it; the phone layout must not scroll sideways; printing must show every entry open;
without script everything must still be there. Throughout: no console error (a script the
page's policy refused would be one), nothing fetched, and the hostile text shown as text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli.main import main

from . import browser

MARK = "document.body.setAttribute('data-pwned','1')"
HOSTILE_TITLE = f"Strike <img src=x onerror={MARK}> <script>window.__pwned=1</script> off Aruba"
HOSTILE_ACTOR = f"Navy <svg onload={MARK}>"
HOSTILE_PLACE = "<b onmouseover=alert(1)>Aruba</b>"


@dataclass
class Report:
    url: str
    run: Any  # run(*args) -> stdout of `storyline ARGS`, against the report's store


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    browser.chromium_path()  # no browser: skip (or fail) before building anything
    root = tmp_path_factory.mktemp("report-site")
    home = tmp_path_factory.mktemp("report-home")
    environ = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "STORYLINE_STORE": str(home / "s.db")}

    def run(*args: str) -> str:
        result = CliRunner().invoke(main, list(args), env=environ, catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    run("import", "--bundled", "caribbean-2025")
    run(
        *("record", "strike", "--story", "caribbean-2025", "--on", "2025-10-03", "--id", "aruba-strike"),
        *("--title", HOSTILE_TITLE, "--actor", HOSTILE_ACTOR, "--source", "AP", "--killed", "4"),
        *("--location", HOSTILE_PLACE, "--latitude", "12.5", "--longitude", "-69.97"),
    )
    run(
        *("correct", "strike-toll", "--set", "killed=at least 80", "--reported", "2025-11-20"),
        *("--source", "CNN", "--why", "a later count"),
    )
    run("export", "--format", "html", "-o", str(root / "report.html"))
    with browser.serve(root) as url:
        yield Report(url + "/report.html", run)


# One browser at a time (Playwright runs one per thread): a context a test, a second each.
@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Any]:
    with browser.chromium(tmp_path / "desk", viewport={"width": 1280, "height": 900}) as ctx:
        yield ctx


@pytest.fixture
def phone(tmp_path: Path) -> Iterator[Any]:
    with browser.chromium(
        tmp_path / "phone",
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
    ) as ctx:
        yield ctx


@pytest.fixture
def open_page(report: Report) -> Iterator[Any]:
    """Opens the report in a context; after the test, no console error, no page error,
    nothing fetched from outside, and no hostile text ran."""
    opened: list[tuple[Any, Any, list[str]]] = []

    def opener(context: Any, fragment: str = "") -> Any:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.goto(report.url + fragment)
        opened.append((context, page, errors))
        return page

    yield opener
    for context, page, errors in opened:
        try:
            ran = page.evaluate("() => [document.body.dataset.pwned, window.__pwned]")
            assert ran == [None, None], "hostile record text ran"
            assert errors == []
            assert context.outside == []
        finally:
            page.close()


def shown(page: Any) -> list[str]:
    return page.eval_on_selector_all("li.entry:not([hidden])", "items => items.map(li => li.id)")


def anchors(run: Any, *args: str) -> list[str]:
    """The anchors of the entries the CLI's timeline finds with these options."""
    return [f"{e['story']}/{e['key']}" for e in json.loads(run("timeline", "--json", *args))]


def test_search_and_filters_find_what_the_cli_finds(report: Report, desktop: Any, open_page: Any) -> None:
    page = open_page(desktop)
    everything = anchors(report.run)
    assert page.is_visible("#filters") and shown(page) == everything
    assert page.text_content("#shown") == f"All {len(everything)} entries shown"
    for words in ("Holsey", "turk"):  # folded: "turk" finds Türk
        page.fill("input[name=q]", words)
        assert shown(page) == anchors(report.run, "--grep", words), words
        assert page.text_content("#shown") == f"{len(shown(page))} of {len(everything)} entries shown"
    page.fill("input[name=q]", "")
    page.select_option("select[name=kind]", "strike")
    assert shown(page) == anchors(report.run, "--kind", "strike")
    page.select_option("select[name=kind]", "")
    page.select_option("select[name=actor]", "Canada")
    assert shown(page) == anchors(report.run, "--actor", "Canada")
    page.select_option("select[name=grade]", "confirmed")
    assert shown(page) == anchors(report.run, "--actor", "Canada", "--status", "confirmed")
    # Marks of hidden entries are dimmed on the charts and the map.
    dimmed = page.eval_on_selector_all("svg [data-entry].dimmed", "marks => marks.length")
    assert dimmed > 0
    page.click("button[type=reset]")
    # A form resets after its reset event: the page filters again a moment later.
    page.wait_for_function("() => document.querySelectorAll('li.entry[hidden]').length === 0")
    assert shown(page) == everything
    assert page.eval_on_selector_all("svg [data-entry].dimmed", "marks => marks.length") == 0


def test_hostile_text_is_shown_as_text_and_found_as_text(
    report: Report, desktop: Any, open_page: Any
) -> None:
    page = open_page(desktop)
    title = page.text_content("[id='caribbean-2025/aruba-strike'] .title")
    assert title is not None and HOSTILE_TITLE in title
    page.fill("input[name=q]", "<img src=x")
    assert shown(page) == ["caribbean-2025/aruba-strike"]
    page.click("[id='caribbean-2025/aruba-strike'] summary")
    more = page.text_content("[id='caribbean-2025/aruba-strike'] .more") or ""
    assert HOSTILE_ACTOR in more and HOSTILE_PLACE in more
    tip = page.text_content("svg.map a[data-entry='caribbean-2025/aruba-strike'] title") or ""
    assert HOSTILE_TITLE in tip and HOSTILE_PLACE in tip


def test_a_link_to_an_entry_opens_it(report: Report, desktop: Any, open_page: Any) -> None:
    page = open_page(desktop, "#caribbean-2025/uk-pause")
    assert page.eval_on_selector("[id='caribbean-2025/uk-pause'] details", "d => d.open")
    assert page.eval_on_selector("[id='caribbean-2025/uk-pause']", "li => li.matches(':target')")
    # The situation box links to the entries that set it.
    page.click("#where-it-stands a[href='#caribbean-2025/iwo-jima-deploys']")
    assert page.eval_on_selector("[id='caribbean-2025/iwo-jima-deploys'] details", "d => d.open")
    log = page.text_content("#corrections") or ""
    assert "killed: at least 76 → at least 80 (CNN, 2025-11-20; a later count)" in log


def test_on_a_phone_it_fits_and_a_tap_opens_an_entry(report: Report, phone: Any, open_page: Any) -> None:
    page = open_page(phone)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    size = page.eval_on_selector("li.entry .title", "t => parseFloat(getComputedStyle(t).fontSize)")
    assert size >= 15
    heights = page.eval_on_selector_all(
        "#filters input, #filters select, #filters button",
        "els => els.map(e => e.getBoundingClientRect().height)",
    )
    assert heights and min(heights) >= 40  # big enough to tap
    page.tap("svg.lanes a[data-entry='caribbean-2025/holsey-offers-resignation']")
    page.wait_for_function("() => location.hash === '#caribbean-2025/holsey-offers-resignation'")
    assert page.eval_on_selector("[id='caribbean-2025/holsey-offers-resignation'] details", "d => d.open")
    page.tap("svg.map a[data-entry='caribbean-2025/aruba-strike']")
    page.wait_for_function("() => location.hash === '#caribbean-2025/aruba-strike'")
    assert page.eval_on_selector("[id='caribbean-2025/aruba-strike'] details", "d => d.open")


def test_printed_every_entry_is_open_and_the_controls_are_gone(
    report: Report, desktop: Any, open_page: Any
) -> None:
    page = open_page(desktop)
    page.emulate_media(media="print")
    try:
        assert not page.is_visible("#filters")
        heights = page.eval_on_selector_all(
            "li.entry details:not([open]) .more", "els => els.map(e => e.getBoundingClientRect().height)"
        )
        assert heights and min(heights) > 0
    finally:
        page.emulate_media(media="screen")
    assert not page.is_visible("li.entry .more")  # on screen, closed entries stay closed


def test_without_script_everything_is_there(report: Report, tmp_path: Path) -> None:
    with browser.chromium(tmp_path / "noscript", java_script_enabled=False) as context:
        page = context.new_page()
        page.goto(report.url)
        assert not page.is_visible("#filters")
        assert shown(page) == anchors(report.run)
        page.click("[id='caribbean-2025/uk-pause'] summary")
        assert page.is_visible("[id='caribbean-2025/uk-pause'] .more")
        assert "Where it stands" in (page.text_content("#where-it-stands h2") or "")
        assert context.outside == []
