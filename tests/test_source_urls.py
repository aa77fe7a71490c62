"""Issue 9, item 5: a source URL cannot smuggle Markdown, HTML or terminal controls into an export.

At input a URL is refused unless it is an absolute http(s) URL without whitespace or control
characters. Stores written before that check may hold such URLs already, so every export also
escapes link targets itself: these tests build the exporters' input bodies directly.
"""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date

import pytest
from markdown_it import MarkdownIt

from storyline.domain import Entry, EntryState, InvalidValue, Source, draft_record
from storyline.projections.entries import entry_json
from storyline.projections.formats.html_report import write_html
from storyline.projections.formats.markdown import write_markdown
from storyline.projections.formats.spreadsheet import write_csv
from storyline.store import StoryStore, locate

from .conftest import Run
from .exporting import export_of

INJECTION = "https://example.com/\n\n[Click here](javascript:alert(document.domain))\n\n# Injected heading"
# A hostile URL, and the link target every export writes for it: percent-encoded UTF-8.
HOSTILE_URLS = {
    INJECTION: "https://example.com/%0A%0A[Click%20here](javascript:alert(document.domain))"
    "%0A%0A#%20Injected%20heading",
    "https://example.com/a\x00b": "https://example.com/a%00b",
    "https://example.com/\x1b]52;c;ZXZpbA==\x07": "https://example.com/%1B]52;c;ZXZpbA==%07",
    "https://example.com/\x9bc": "https://example.com/%C2%9Bc",
    "https://example.com/\u202egnp.exe": "https://example.com/%E2%80%AEgnp.exe",
    "https://example.com/a b": "https://example.com/a%20b",
    "https://example.com/a\tb": "https://example.com/a%09b",
    "https://example.com/a\rb": "https://example.com/a%0Db",
    "https://example.com/a\u2028b": "https://example.com/a%E2%80%A8b",
    "https://example.com/a\u00a0b": "https://example.com/a%C2%A0b",
    "https://example.com/a\u200bb": "https://example.com/a%E2%80%8Bb",
    "https://example.com/a\x7fb": "https://example.com/a%7Fb",
    'https://example.com/<script>"': "https://example.com/%3Cscript%3E%22",
}
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def body_with_url(url: str) -> dict:
    """An exporter's input as a store written before the input check could hold it."""
    record = draft_record("s", {"kind": "statement", "date": "2025-11-11", "title": "Said", "speaker": "UK"})
    entry = Entry.record(record, date(2025, 11, 11), "k")
    body = entry_json(
        str(entry.id),
        "k",
        EntryState(entry.state.record),
        version=1,
        reported=date(2025, 11, 11),
        recorded=entry.created_on,
    )
    body["sources"] = [
        {"outlet": "CNN", "url": url, "published": "2025-11-11", "attribution": None, "status": "reported"}
    ]
    return body


# -- input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [url for url in HOSTILE_URLS if "<" not in url])
def test_a_url_with_whitespace_or_a_control_character_is_refused(url: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        Source.given("CNN", url)
    assert refused.value.field == "url"
    # What a store written before the check holds still decodes: exports escape it themselves.
    assert Source("CNN", url).url == url


@pytest.mark.parametrize(
    "url",
    [
        "https://en.wikipedia.org/wiki/Foo_(bar)",
        "https://ru.wikipedia.org/wiki/Путин",
        "https://example.com/search?q=a%20b&x=1#part",
        "  https://example.com/trimmed  ",
        'https://example.com/<b>"',  # not a valid URI, but harmless once exports encode it
    ],
)
def test_ordinary_web_links_are_still_accepted(url: str) -> None:
    assert Source.given("CNN", url).url == url.strip()


def test_import_refuses_the_injection_in_one_line_and_appends_nothing(cli: Run, tmp_path) -> None:
    path = tmp_path / "links.jsonl"
    path.write_text(
        '{"kind": "statement", "date": "2025-11-11", "title": "Said", "speaker": "UK", "source": "CNN", '
        '"url": "https://example.com/\\n\\n[Click here](javascript:alert(document.domain))"}\n'
    )
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"{path}:1: url: " in result.stderr and "whitespace or a control character" in result.stderr
    assert cli("stories", "--json").stdout.strip() == "[]"


def test_record_refuses_a_url_holding_an_escape_sequence(cli: Run) -> None:
    result = cli(
        "record", "statement", "--story", "s", "--on", "2025-11-11", "--title", "Said", "--speaker", "UK",
        "--source", "CNN", "--url", "https://example.com/\x1b]52;c;ZXZpbA==\x07",
    )  # fmt: skip
    assert result.exit_code == 2 and "--url" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


# -- exports, from bodies an older store could hold ------------------------------------------------


def test_markdown_link_targets_are_percent_encoded() -> None:
    text = write_markdown(export_of([body_with_url(INJECTION)]))
    sources = [line for line in text.splitlines() if line.startswith("  Sources:")]
    assert sources == [
        "  Sources: [CNN, 2025-11-11](<https://example.com/%0A%0A[Click%20here](javascript:alert"
        "(document.domain))%0A%0A#%20Injected%20heading>)"
    ]
    assert [line for line in text.splitlines() if line.startswith("#")] == ["# t", "## 2025"]
    # The same, as a CommonMark renderer reads it: one link, to the web, and no new heading.
    page = MarkdownIt("commonmark").render(text)
    assert re.findall(r'href="([^"]*)"', page) == [
        "https://example.com/%0A%0A%5BClick%20here%5D(javascript:alert(document.domain))%0A%0A#%20Injected%20heading"
    ]
    assert "<h1>Injected" not in page


@pytest.mark.parametrize(("url", "target"), HOSTILE_URLS.items())
def test_markdown_link_targets_hold_no_control_or_space(url: str, target: str) -> None:
    text = write_markdown(export_of([body_with_url(url)]))
    assert re.findall(r"\]\(<([^>]*)>\)", text) == [target]
    assert CONTROLS.findall(text) == [] and not re.search(r"[^\S\n ]", text)


@pytest.mark.parametrize(("url", "target"), HOSTILE_URLS.items())
def test_the_html_report_percent_encodes_hrefs(url: str, target: str) -> None:
    page = write_html(export_of([body_with_url(url)]))
    assert [href for href in re.findall(r'<a href="([^"]*)"', page) if not href.startswith("#")] == [
        html.escape(target)
    ]
    assert CONTROLS.findall(page.replace("\n", "")) == []


def test_the_html_report_links_only_to_the_web() -> None:
    page = write_html(export_of([body_with_url("javascript:alert(1)")]))
    assert not re.search(r'<a href="(?!#)', page) and "javascript:alert(1)" in page  # shown, not linked


@pytest.mark.parametrize(("url", "target"), HOSTILE_URLS.items())
def test_the_csv_url_cell_is_percent_encoded_and_imports_back(url: str, target: str) -> None:
    rows = list(csv.DictReader(io.StringIO(write_csv(export_of([body_with_url(url)])))))
    cell = rows[0]["url"]
    assert cell == target
    assert Source.given("CNN", cell).url == cell  # what the export wrote, the input check takes


def test_a_store_holding_such_a_url_still_reads_and_exports_it_escaped(cli: Run, store_url: str) -> None:
    """Written as an older version could: straight into the log, past today's input check."""
    app = StoryStore(locate(store_url))
    try:
        record = draft_record(
            "old",
            {"kind": "statement", "date": "2025-11-11", "title": "Said", "speaker": "UK"},
            sources=(Source("CNN", INJECTION, date(2025, 11, 11)),),
        )
        app.save(Entry.record(record, date(2025, 11, 11), "k"))
    finally:
        app.close()
    text = cli("export", "--format", "markdown")
    assert text.exit_code == 0, text.stderr
    assert re.findall(r"\]\(<([^>]*)>\)", text.stdout) == [HOSTILE_URLS[INJECTION]]
    page = cli("export", "--format", "html")
    assert re.findall(r'<a href="([^#"][^"]*)"', page.stdout) == [html.escape(HOSTILE_URLS[INJECTION])]
    sheet = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout)))
    assert sheet[0]["url"] == HOSTILE_URLS[INJECTION]
    shown = cli("timeline")
    assert shown.exit_code == 0 and "\n\n[Click" not in shown.stdout
