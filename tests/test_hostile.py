"""Hostile input. Importers are fuzzed with malformed and adversarial files in every format:
every failure is one line and exit status 2, never a traceback, and nothing is appended. Record
text full of escape sequences, controls, bidi overrides, markup and formulas stays inert in the
terminal, escaped in HTML, formula-safe in CSV and exact in JSON."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.cli.environment import Environment
from storyline.cli.main import main
from storyline.cli.output.entry_rows import timeline_table
from storyline.domain import Entry, EntryState, draft_record
from storyline.projections.entries import entry_json
from storyline.projections.formats.html_report import write_html
from storyline.projections.formats.markdown import write_markdown
from storyline.projections.formats.spreadsheet import FORMULA_START, PLAIN_NUMBER, write_csv
from storyline.projections.formats.timelinejs import timelinejs

from .exporting import entries_of, export_of, record_markup

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = {
    "csv": (
        "id,date,date_precision,kind,title,actors,location,killed,source,url,reported,corrects,provider,recipient\n"
        "a,2025-09-02,,strike,A strike,United States,Caribbean,11,CNN,https://example.com/a,2025-09-03,,,\n"
        "b,2025-09/2025-10-10,,intelligence-pause,A pause,UK;US,,,CNN,,2025-11-11,,,\n"
        "c,,,,,,,12,CNN,,2025-11-20,a,,\n"
    ),
    "yaml": (
        "story: fuzz\nactors:\n  - {name: United Kingdom, type: state, aliases: [UK]}\n"
        "sources:\n  cnn: {outlet: CNN, published: 2025-11-11}\n"
        "entries:\n  - id: p\n    kind: intelligence-pause\n    date: before 2025-10-11\n    title: Pause\n"
        "    provider: UK\n    recipient: United States\n    sources: [cnn]\n"
        "  - id: s\n    kind: statement\n    date: 2025-10\n    title: Said\n    speaker: UK\n    position: illegal\n"
    ),
    "json": json.dumps(
        {
            "story": "fuzz",
            "entries": [
                {
                    "id": "x",
                    "kind": "deployment",
                    "date": "2025-08",
                    "title": "Deploys",
                    "asset": "Group",
                    "personnel": "more than 4,500",
                },
                {
                    "id": "y",
                    "kind": "protest",
                    "date": "~2025-10-06",
                    "title": "Crowd",
                    "actors": ["Students"],
                },
            ],
        },
        indent=1,
    ),
    "jsonl": (
        '{"id": "1", "kind": "strike", "date": "2025-09-15", "title": "One", "killed": "at least 3"}\n'
        '{"id": "2", "corrects": "1", "killed": "4", "reported": "2025-09-20"}\n'
    ),
    "acled": (FIXTURES / "acled_sample.csv").read_text(),
    "ucdp": (FIXTURES / "ucdp_sample.csv").read_text(),
}
# Cases per format in the suite; STORYLINE_FUZZ_EXAMPLES=5000 for a long campaign.
FUZZ_EXAMPLES = int(os.environ.get("STORYLINE_FUZZ_EXAMPLES", "200"))
SUFFIX = {"csv": ".csv", "yaml": ".yaml", "json": ".json", "jsonl": ".jsonl", "acled": ".csv", "ucdp": ".csv"}
HOSTILE = [
    "\x1b[31m", "\x1b]52;c;ZXZpbA==\x07", "\x1b[2J", "\u202e", "\u2066", "\x00", "\x85", "\x9b", "\r", "\t",
    "[bold]", "[/]", "[link=https://evil.example]", ":smile:", "=cmd|'/C calc'!A0", "+1", "-2", "@SUM(A1)",
    "<script>alert(1)</script>", "&amp;", '"', "'", ",", ";", "\n", "{", "}", "[", "]", ":", "- ", "&a", "*a",
    "!!python/object/apply:os.system ['echo owned']", "9" * 40, "-1", "1e999", "NaN", "2025-02-30",
    "before 9999-12-31", "after 0001", "2025-13/2025-01", "~", "before", "\ud800", "😀", "\u200b", "\ufeff",
    "javascript:alert(1)", "file:///etc/passwd", "%s%s%s", "{{7*7}}", "__proto__",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        where = draw(st.integers(0, len(text)))
        span = draw(st.integers(0, 12))
        action = draw(st.sampled_from(["hostile", "delete", "random", "duplicate", "truncate"]))
        if action == "hostile":
            text = text[:where] + draw(st.sampled_from(HOSTILE)) + text[where + span :]
        elif action == "delete":
            text = text[:where] + text[where + span :]
        elif action == "random":
            text = text[:where] + draw(st.text(max_size=12)) + text[where:]
        elif action == "duplicate":
            lines = text.splitlines(keepends=True)
            index = draw(st.integers(0, len(lines) - 1))
            text = "".join([*lines[: index + 1], lines[index], *lines[index + 1 :]])
        else:
            text = text[:where]
    return text


def events_in(store: Path) -> int:
    if not store.exists():
        return 0
    connection = sqlite3.connect(store)
    try:
        return connection.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        connection.close()


def fuzz(fmt: str, text: str, folder: Path) -> None:
    store = folder / "store.db"
    path = folder / f"input{SUFFIX[fmt]}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    before = events_in(store)
    result = CliRunner().invoke(
        main, ["import", str(path), "--store", str(store)], env={"NO_COLOR": "1", "STORYLINE_STORE": None}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    if result.exit_code == 2:
        # One line per problem found (a file's problems are listed together), each an error line.
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith("storyline: error: ") for line in lines), result.stderr
        assert len(lines) == 1 or lines[-1].endswith("nothing was imported"), result.stderr
        assert events_in(store) == before


def fuzz_test(fmt: str):  # type: ignore[no-untyped-def]
    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=mutated(SEEDS[fmt]))
    def test(text: str) -> None:
        with tempfile.TemporaryDirectory() as folder:
            fuzz(fmt, text, Path(folder))

    test.__name__ = f"test_fuzzed_{fmt}_files_fail_cleanly"
    return test


test_fuzzed_csv_files_fail_cleanly = fuzz_test("csv")
test_fuzzed_yaml_files_fail_cleanly = fuzz_test("yaml")
test_fuzzed_json_files_fail_cleanly = fuzz_test("json")
test_fuzzed_jsonl_files_fail_cleanly = fuzz_test("jsonl")
test_fuzzed_acled_files_fail_cleanly = fuzz_test("acled")
test_fuzzed_ucdp_files_fail_cleanly = fuzz_test("ucdp")


def test_the_unmutated_seeds_import() -> None:
    for fmt, text in SEEDS.items():
        with tempfile.TemporaryDirectory() as folder:
            store = Path(folder) / "store.db"
            path = Path(folder) / f"input{SUFFIX[fmt]}"
            path.write_text(text)
            result = CliRunner().invoke(
                main, ["import", str(path), "--store", str(store)], env={"STORYLINE_STORE": None}
            )
            assert result.exit_code == 0, (fmt, result.stderr)
            assert events_in(store) > 0


# -- record text is inert wherever it is shown ----------------------------------------------------------

hostile_text = (
    st.lists(
        st.one_of(st.sampled_from([h for h in HOSTILE if h != "\ud800"]), st.text(max_size=6)),
        min_size=1,
        max_size=6,
    )
    .map("".join)
    .filter(lambda t: t.strip() and "\ud800" not in t and ";" not in t)
)


def shown_body(title: str, notes: str, actor: str) -> dict:
    record = draft_record(
        "s",
        {
            "kind": "statement",
            "date": "2025-10",
            "title": title,
            "speaker": actor,
            "quote": notes,
            "notes": notes,
        },
        details={"x": notes},
    )
    entry = Entry.record(record, date(2025, 11, 11), "k")
    return entry_json(
        str(entry.id),
        "k",
        EntryState(entry.state.record),
        version=1,
        reported=date(2025, 11, 11),
        recorded=entry.created_on,
    )


INVISIBLE = "\u202e\u2066\u200b\ufeff"


def controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F or c in INVISIBLE]


@settings(max_examples=300, deadline=None)
@given(title=hostile_text, notes=hostile_text, actor=hostile_text)
def test_hostile_record_text_is_inert_everywhere(title: str, notes: str, actor: str) -> None:
    body = shown_body(title, notes, actor)
    env = Environment.for_test(width=120)
    env.console().print(timeline_table(entries_of([body])))
    assert controls(env.stdout.getvalue()) == []
    page = record_markup(write_html(export_of([body])))
    assert "<script" not in page and "<img" not in page and controls(page.replace("\n", "")) == []
    timelinejs_text = json.dumps(timelinejs(export_of([body])))
    assert "<script" not in timelinejs_text
    table = list(csv.reader(io.StringIO(write_csv(export_of([body])))))
    assert not any(cell.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(cell) for cell in table[1])
    assert controls("".join(table[1]).replace("\n", "")) == []  # a terminal `cat`-ing it runs nothing
    assert json.loads(json.dumps(body))["title"] == title.strip()
    assert controls(write_markdown(export_of([body])).replace("\n", "")) == []
