"""Issue 9, item 2: a TimelineJS export runs no script in the real TimelineJS.

A store full of hostile names and titles is exported with `--group kind` and `--group actor`,
and each export is loaded into @knight-lab/timelinejs (from the npm registry) in headless
Chromium, served from 127.0.0.1 only. After every slide has been shown, nothing may have been
injected (no element, no event-handler attribute, no scripted URL, no dialog, no payload's
mark on the page), and the hostile text must be on the page literally, where TimelineJS shows
each field, so an export that dropped or garbled the text fails too.

TimelineJS treats its fields differently (see cli/exports/timelinejs.py); the payloads below
hit each way: raw markup, markup as entities (decoded by TimelineJS's DOMParser before it sets
`innerHTML`), markup encoded twice, quotes, `www.` for its autolinker, and control characters.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli.main import main
from storyline.cli.output.terminal_text import visible
from storyline.domain import Entry, EntryState, draft_record
from storyline.projections.entries import entry_json
from storyline.projections.formats.timelinejs import timelinejs

from . import browser
from .exporting import export_of

TIMELINEJS = "@knight-lab/timelinejs@3.9.11"

# The issue's own actor: entities without semicolons, which DOMParser decodes all the same.
ISSUE_ACTOR = "&ltimg src=x onerror=document.body.setAttribute('data-pwned','tljs')&gt"


ACTOR_FIELDS = {"actor", "provider", "recipient"}


def payloads(field: str) -> list[str]:
    """Hostile text for one field; each payload, if run, leaves a mark naming the field. An
    actor's name cannot hold `;` (it separates names), so actors get entities without it, which
    HTML decodes all the same."""
    mark = f"document.body.setAttribute('data-pwned','{field}')"
    flag = f"top.__pwned='{field}'"
    hostile = [
        f"&ltimg src=x onerror={mark}&gt",
        f"&lt;img src=x onerror={flag}&gt;",
        f"&amp;lt;svg onload={mark}&amp;gt; twice",
        f"<img src=x onerror={flag}>",
        f"<img src=x onerror=alert('{field}')>",
        f"<script>{flag}</script>",
        f'"><iframe src="javascript:{flag}"></iframe>',
        f"'><svg/onload={mark}>",
        f"</textarea></title><img src=x onerror={mark}>",
        "{{constructor.constructor('" + flag + "')()}}",
        f"javascript:{flag}",
        f"see www.x'/onmouseover='{flag}'/autofocus/onfocus='{flag}'/x and a@b.co",
        f"\x1b[31m\u202e{field}\u2066\x85\x07 <b>bold</b> &amp; &copy;",
    ]
    return [p.replace(";", "") for p in hostile] if field in ACTOR_FIELDS else hostile


# Web addresses the domain accepts (no whitespace or control characters) that still break out of
# a careless attribute.
ACCEPTED_URLS = [
    "https://example.org/\"><img/src=x/onerror=top.__pwned='url'>",
    "https://example.org/?q='/onmouseover='top.__pwned=1'/x",
    "https://www.example.org/x?u=www.y'/onmouseover='top.__pwned=2'/",
    "https://example.org/a@b.co/<svg/onload=top.__pwned=3>",
]
# Addresses a store written before URLs were checked at input may hold.
LEGACY_URLS = [
    "https://example.org/a b\tc\nd",
    "https://example.org/\u202egnp.exe",
    "https://example.org/\x85\x9b\x1b]52;c;ZXZpbA==\x07",
    "https://example.org/\u200b\u2066\ufeff\u00a0",
    "javascript:top.__pwned='legacy-js'",
    "https://example.org/\" onmouseover=\"top.__pwned='legacy-quote'",
]
# What no href may hold raw (a ' is harmless in a double-quoted attribute, and common in URLs).
UNSAFE_IN_HREF = re.compile(
    '[\\s\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"<>`\\\\]'
)

LEGACY_DATE = (
    "<img src=x onerror=top.__pwned='date'> &ltimg src=x onerror=top.__pwned='date2'&gt &amp;lt;b&amp;gt;"
)

STORIES = ["<img src=x onerror=top.__pwned='story'>", "&ltsvg onload=top.__pwned='story2'&gt"]


def hostile_document() -> dict[str, Any]:
    entries = []
    for i, (title, actor, outlet, attribution, quote) in enumerate(
        zip(
            payloads("title"),
            [ISSUE_ACTOR, *payloads("actor")[1:]],
            payloads("outlet"),
            payloads("attribution"),
            payloads("quote"),
            strict=True,
        )
    ):
        entries.append(
            {
                "id": f"s{i}",
                "story": STORIES[i % 2],
                "kind": "statement",
                "date": f"2025-10-{i + 1:02d}",
                "title": title,
                "speaker": actor,
                "quote": quote,
                "sources": [
                    {
                        "outlet": outlet,
                        "url": ACCEPTED_URLS[i % len(ACCEPTED_URLS)],
                        "attribution": attribution,
                        "published": "2025-11-11",
                    }
                ],
            }
        )
    # Pauses: an era each, whose headline names provider and recipient; the summary holds the rest.
    for i, (provider, recipient, scope) in enumerate(
        zip(payloads("provider"), payloads("recipient"), payloads("scope"), strict=True)
    ):
        if i % 3:
            continue
        entries.append(
            {
                "id": f"p{i}",
                "story": STORIES[0],
                "kind": "intelligence-pause",
                "date": f"~2025-09-{i + 1:02d}",  # fuzzy: a display_date
                "title": f"Pause {i}: {payloads('pause')[i]}",
                "provider": provider,
                "recipient": recipient,
                "scope": scope,
                "reason": payloads("reason")[i],
                "sources": [{"outlet": "CNN", "published": "2025-11-11"}],
            }
        )
    return {"story": STORIES[0], "entries": entries}


def legacy_bodies() -> list[dict[str, Any]]:
    """Exporter input as an older store could hold it: URLs with controls, spaces, a script."""
    bodies = []
    for i, url in enumerate(LEGACY_URLS):
        record = draft_record(
            "legacy",
            {"kind": "statement", "date": f"2025-11-{i + 1:02d}", "title": f"Legacy {i}", "speaker": "UK"},
        )
        entry = Entry.record(record, date(2025, 11, 11), f"k{i}")
        body = entry_json(
            str(entry.id),
            f"k{i}",
            EntryState(entry.state.record),
            version=1,
            reported=date(2025, 11, 11),
            recorded=entry.created_on,
        )
        body["sources"] = [{"outlet": f"Outlet {i}", "url": url, "attribution": None, "published": None}]
        bodies.append(body)
    # The date as shown is Storyline's own wording; were it ever record text, it must hold too.
    bodies[0]["occurred"].update(value="~2025-11-01", precision="approximate", text=LEGACY_DATE)
    return bodies


@dataclass
class Site:
    url: str
    bodies: list[dict[str, Any]]


def run(home: Path, store: Path, *args: str) -> str:
    environ = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "STORYLINE_STORE": str(store)}
    result = CliRunner().invoke(main, list(args), env=environ, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Site]:
    """TimelineJS's dist folder and the exports, served from 127.0.0.1."""
    browser.chromium_path()  # no browser: skip (or fail) before fetching anything
    cache_root = getattr(request.config, "cache", None)
    cache = (
        cache_root.mkdir("timelinejs-3.9.11")
        if cache_root is not None
        else tmp_path_factory.mktemp("timelinejs")
    )
    package = browser.npm_package(TIMELINEJS, cache)
    root = tmp_path_factory.mktemp("site")
    (root / "timelinejs").symlink_to(package / "dist", target_is_directory=True)
    (root / "index.html").write_text(PAGE)

    # A real store, written through the CLI, exported as users export it. SQLite only: the
    # export is the same on either backend, and the store tests cover both.
    home = root.parent / f"{root.name}-home"
    home.mkdir()
    store = home / "store.db"
    document = home / "hostile.json"
    document.write_text(json.dumps(hostile_document()))
    run(home, store, "import", str(document))
    # What the store holds (actor names come back normalised), to find on the page.
    bodies = json.loads(run(home, store, "timeline", "--json"))
    for group in ("kind", "actor"):
        run(
            home,
            store,
            "export",
            "--format",
            "timelinejs",
            "--group",
            group,
            "-o",
            str(root / f"{group}.json"),
        )
    (root / "legacy.json").write_text(json.dumps(timelinejs(export_of(legacy_bodies(), group="actor"))))
    with browser.serve(root) as url:
        yield Site(url, bodies)


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with browser.chromium(tmp_path_factory.mktemp("chromium-profile")) as ctx:
        yield ctx


PAGE = """<!doctype html>
<html><head><meta charset="utf-8" data-harness><title>TimelineJS export</title>
<link rel="stylesheet" href="/timelinejs/css/timeline.css" data-harness>
<script src="/timelinejs/js/timeline.js" data-harness></script>
</head><body>
<div id="timeline" style="width: 1400px; height: 800px"></div>
<script data-harness>
  window.harness = {loaded: false};
  const source = new URLSearchParams(location.search).get("export");
  // script_path and font keep TimelineJS from reaching its CDN for languages and web fonts.
  window.timeline = new TL.Timeline("timeline", source, {
    script_path: location.origin + "/timelinejs/js/", font: null, duration: 20, hash_bookmark: false,
  });
  timeline.on("loaded", () => { harness.loaded = true; });
</script>
</body></html>
"""

# What the page looks like after every slide was shown, gathered in the page.
INSPECT = r"""() => {
  const FORBIDDEN = new Set(["script", "img", "iframe", "frame", "frameset", "object", "embed", "svg",
    "math", "form", "input", "textarea", "select", "style", "link", "meta", "base", "video", "audio",
    "source", "template", "details", "marquee", "noscript", "applet", "portal"]);
  const URL_ATTRS = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc",
    "poster", "background", "ping"]);
  const short = (el) => el.outerHTML.slice(0, 200);
  const report = {
    pwned: document.body.getAttribute("data-pwned"),
    flag: typeof window.__pwned === "undefined" ? null : String(window.__pwned),
    injected: [], handlers: [], scripted: [], links: [],
  };
  for (const el of document.querySelectorAll("*")) {
    if (FORBIDDEN.has(el.localName) && !el.hasAttribute("data-harness")) report.injected.push(short(el));
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      // TimelineJS's own: its autolinker's links, and touch handling on its buttons.
      const own = (name === "onclick" && attr.value === "void(0)" && el.matches("a.tl-makelink"))
        || (name === "ontouchstart" && attr.value === " " && el.matches(".tl-slidenav-next, .tl-slidenav-previous"));
      if (name.startsWith("on") && !own) report.handlers.push(`${name}=${attr.value} on ${short(el)}`);
      if (URL_ATTRS.has(name) && /^[\s\u0000-\u001f]*(javascript|vbscript|data):/i.test(attr.value)) {
        report.scripted.push(`${name}=${attr.value}`);
      }
    }
  }
  const texts = (selector) => [...document.querySelectorAll(selector)].map((el) => el.textContent);
  // Where record text lands, only the export's own markup may appear: p and a, in the slide text.
  report.markup = [...document.querySelectorAll(
    ".tl-headline *, .tl-timegroup-message *, .tl-headline-date *, .tl-slidenav-title *, " +
    ".tl-slidenav-description *, .tl-text-content *")]
    .filter((el) => !(el.closest(".tl-text-content") && ["p", "a"].includes(el.localName)))
    .map(short);
  report.links = [...document.querySelectorAll(".tl-text-content a")].map(
    (a) => ({href: a.getAttribute("href"), text: a.textContent}));
  report.headlines = texts(".tl-slide:not(.tl-slide-titleslide) .tl-headline");
  report.title = texts(".tl-slide-titleslide .tl-headline");
  report.markers = texts(".tl-timemarker .tl-headline");
  report.groups = texts(".tl-timegroup-message");
  report.eras = texts(".tl-timeera .tl-headline");
  report.slide_texts = texts(".tl-slide .tl-text-content");
  report.dates = texts(".tl-slide .tl-headline-date");
  report.body = document.body.textContent;
  return report;
}"""


def show_every_slide(context: Any, url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Load the export, click through every slide, and return (what the page shows, what happened)."""
    page = context.new_page()
    events: dict[str, list[str]] = {"dialogs": [], "errors": [], "nav": []}
    page.on("dialog", lambda d: (events["dialogs"].append(f"{d.type}: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    try:
        page.goto(url)
        try:
            page.wait_for_function("harness.loaded", timeout=15_000)
        except Exception:
            pytest.fail(f"TimelineJS did not load the export: {page.inner_text('body')[:500]}")
        slides = page.evaluate("timeline.config.events.length") + 1  # and the title slide
        for _ in range(slides - 1):
            # The buttons a reader clicks; their labels name the next and previous slides.
            events["nav"] += page.eval_on_selector_all(
                ".tl-slidenav-next .tl-slidenav-title, .tl-slidenav-next .tl-slidenav-description",
                "els => els.map(el => el.textContent)",
            )
            before = page.evaluate("timeline.current_id")
            page.click(".tl-slidenav-next")
            page.wait_for_function(f"timeline.current_id !== {json.dumps(before)}", timeout=5_000)
        page.wait_for_timeout(300)  # let the last slide's media and handlers settle
        return page.evaluate(INSPECT), events
    finally:
        page.close()


def assert_nothing_ran(shown: dict[str, Any], happened: dict[str, Any], outside: list[str]) -> None:
    assert shown["pwned"] is None, f"a payload ran: body has data-pwned={shown['pwned']!r}"
    assert shown["flag"] is None, f"a payload ran: window.__pwned={shown['flag']!r}"
    assert happened["dialogs"] == [], "a dialog opened"
    assert shown["injected"] == [], "elements were injected"
    assert shown["handlers"] == [], "event-handler attributes were injected"
    assert shown["scripted"] == [], "scripted URLs were injected"
    assert shown["markup"] == [], "record text became markup"
    assert happened["errors"] == [], "TimelineJS threw"
    assert outside == [], "the page fetched from outside 127.0.0.1"
    for link in shown["links"]:
        assert link["href"].startswith(("https://", "http://")), link
        assert not UNSAFE_IN_HREF.search(link["href"]), link
    invisible = re.findall("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown["body"])
    assert invisible == [], "control or bidi characters reached the page"


def shown(text: str) -> str:
    """How record text should read on the page: literally, with controls made visible."""
    return visible(text).strip()


@pytest.mark.parametrize("group", ["kind", "actor"])
def test_hostile_records_run_nothing_in_timelinejs_and_read_literally(
    site: Site, context: Any, group: str
) -> None:
    context.outside.clear()
    page, happened = show_every_slide(context, f"{site.url}/index.html?export=/{group}.json")
    assert_nothing_ran(page, happened, context.outside)

    bodies = site.bodies
    titles = {shown(b["title"]) for b in bodies}
    assert len(titles) == len(bodies) == 18
    assert set(page["headlines"]) == titles
    assert set(page["markers"]) == titles
    assert page["title"] == [shown(", ".join(sorted({b["story"] for b in bodies})))]
    # The next button names each following slide as its headline reads.
    assert titles <= set(happened["nav"])
    if group == "actor":
        assert set(page["groups"]) == {shown(b["actors"][0]) for b in bodies}
        assert shown(ISSUE_ACTOR) in page["groups"]
    else:
        assert set(page["groups"]) == {"statement", "intelligence-pause"}
    pauses = [b["details"] for b in bodies if b["kind"] == "intelligence-pause"]
    assert set(page["eras"]) == {
        f"{shown(p['provider'])} → {shown(p['recipient'])}: intelligence sharing paused" for p in pauses
    }
    slide_text = "\n".join(page["slide_texts"])
    for body in bodies:
        assert shown(body["summary"]) in slide_text
        for party in body["parties"]:
            assert f"{shown(party['actor'])} ({party['role']})" in slide_text
        for source in body["sources"]:
            assert shown(source["outlet"]) in slide_text
            if source["attribution"]:
                assert f"({shown(source['attribution'])})" in slide_text
    outlets = {shown(s["outlet"]) for b in bodies for s in b["sources"] if s["url"]}
    assert {link["text"] for link in page["links"]} == outlets
    fuzzy = {b["occurred"]["text"] for b in bodies if b["occurred"]["precision"] == "approximate"}
    assert len(fuzzy) == 5 and fuzzy <= set(page["dates"]) & set(happened["nav"])


def test_legacy_source_urls_are_encoded_and_only_web_links_are_links(site: Site, context: Any) -> None:
    context.outside.clear()
    page, happened = show_every_slide(context, f"{site.url}/index.html?export=/legacy.json")
    assert_nothing_ran(page, happened, context.outside)
    assert sorted(link["text"] for link in page["links"]) == [f"Outlet {i}" for i in range(6) if i != 4]
    assert "Outlet 4" in "\n".join(page["slide_texts"])  # the javascript: one, shown unlinked
    assert shown(LEGACY_DATE) in page["dates"]


# -- the export itself, without a browser ---------------------------------------------------------

HREFS = {
    "https://example.org/a b\tc\nd": "https://example.org/a%20b%09c%0Ad",
    "https://example.org/\u202egnp.exe": "https://example.org/%E2%80%AEgnp.exe",
    "https://example.org/\x85\x9bx": "https://example.org/%C2%85%C2%9Bx",
    "https://example.org/\u200b\u2066\ufeff\u00a0x": "https://example.org/%E2%80%8B%E2%81%A6%EF%BB%BF%C2%A0x",
    'https://example.org/<script>"`\\': "https://example.org/%3Cscript%3E%22%60%5C",
    "https://example.org/it's": "https://example.org/it's",
    "https://ru.wikipedia.org/wiki/Путин": "https://ru.wikipedia.org/wiki/Путин",
}


@pytest.mark.parametrize(("url", "href"), HREFS.items())
def test_source_hrefs_are_percent_encoded(url: str, href: str) -> None:
    body = legacy_bodies()[0]
    body["sources"][0]["url"] = url
    text = timelinejs(export_of([body]))["events"][0]["text"]["text"]
    assert re.findall(r'<a href="([^"]*)"', text) == [html.escape(href, quote=True)]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//example.org/x", "ftp://x/y"])
def test_only_web_addresses_become_links(url: str) -> None:
    body = legacy_bodies()[0]
    body["sources"][0]["url"] = url
    text = timelinejs(export_of([body]))["events"][0]["text"]["text"]
    assert "<a " not in text and "Outlet 0" in text


def test_the_group_survives_timelinejs_decoding_it_once() -> None:
    """TimelineJS reads `group` with DOMParser's textContent (one decoding) and sets the result
    as innerHTML: what reaches innerHTML must be the name escaped once."""
    body = legacy_bodies()[0]
    body["parties"] = [{"actor": ISSUE_ACTOR, "role": "speaker"}]
    group = timelinejs(export_of([body], group="actor"))["events"][0]["group"]
    assert html.unescape(group) == html.escape(ISSUE_ACTOR)
