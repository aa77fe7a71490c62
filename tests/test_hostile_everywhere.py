"""Issue 9, item 6: text that came from a user or a file never reaches the terminal raw.

A store holds entries, actors, a story, sources and a detail key made of hostile text (OSC 52
clipboard writes, colour escapes, BEL, C1 controls such as CSI U+009B, bidi overrides and
isolates, zero-width characters, rich markup), imported from a file whose name is hostile too.
Every command runs against it, with and without --json, and the bytes it writes to stdout and
stderr must hold none of the dangerous characters: in text they are made visible, in JSON they
are \\uXXXX escapes, so the decoded value is still exactly what was recorded.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.cli.output.terminal_text import inert_json

from .conftest import Run

OSC52 = "\x1b]52;c;ZXZpbA==\x07"  # writes "evil" into the terminal's clipboard
NASTY = f"{OSC52}\x1b[31m\x9b2J\u202e\u2066[bold red]\x7f\x85\u200b\ufeff\x1b\\"
# No NUL: PostgreSQL refuses it in text (in one line), SQLite keeps it; the JSON test below has it.
# `;` separates names in a list of actors, so names carry all but OSC 52's own separators.
NAME_NASTY = "\x1b[31m\x1b]2:owned\x07\x9b2J\u202e\u2066[bold red]\x7f\x85\u200b\ufeff\x1b\\"


def evil(name: str) -> str:
    return f"{name} {NASTY} end"


def evil_name(name: str) -> str:
    return f"{name} {NAME_NASTY} end"


KEY = f"k{OSC52}"  # an entry's own id
STORY = "[bold red]story[/]"  # a story name must be printable: markup is what is left to try
ACTOR, OTHER = evil_name("Actor"), evil_name("Other")
DETAIL = f"d{OSC52}\u202e"
FILE_NAME = f"evil{OSC52}\u202e\x9b[bold].json"
DANGEROUS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def story_file() -> dict:
    source = {
        "outlet": evil("Outlet"),
        "url": "https://example.com/[bold]x",
        "published": "2025-11-11",
        "attribution": evil("attribution"),
    }
    return {
        "story": STORY,
        "actors": [
            {"name": ACTOR, "type": "state", "aliases": [evil_name("alias")], "description": evil("about")},
            {"name": OTHER, "affiliations": [ACTOR]},
        ],
        "entries": [
            {
                "id": KEY,
                "kind": "strike",
                "date": "2025-09-02",
                "title": evil("Strike"),
                "by": ACTOR,
                "theatre": evil("sea"),
                "killed": "at least 3",
                "location": evil("place"),
                "notes": evil("notes"),
                "details": {DETAIL: evil("detail")},
                "sources": [source],
            },
            {
                "id": "pause",
                "kind": "intelligence-pause",
                "date": "2025-09/2025-10-10",
                "title": evil("Pause"),
                "provider": ACTOR,
                "recipient": OTHER,
                "scope": evil("scope"),
                "reason": evil("reason"),
                "sources": [source],
            },
            {
                "id": "said",
                "kind": "statement",
                "date": "2025-10",
                "title": evil("Said"),
                "speaker": OTHER,
                "position": "illegal",
                "about": evil("matter"),
                "quote": evil("quote"),
                "sources": [source],
            },
            {
                "id": "goes",
                "kind": "deployment",
                "date": "2025-10-24",
                "title": evil("Deploys"),
                "asset": evil_name("Group"),
                "region": evil("region"),
                "personnel": "more than 4,500",
                "sources": [source],
            },
            {
                "id": "offer",
                "kind": "resignation-offer",
                "date": "~2025-10-20",
                "title": evil("Offer"),
                "person": evil_name("Admiral"),
                "post": evil("post"),
                "sources": [source],
            },
            {
                "id": "own",
                "kind": "protest",
                "date": "2025-11-01",
                "title": evil("Protest"),
                "actors": [ACTOR],
                evil("column"): evil("value"),
                "sources": [source],
            },
        ],
    }


def offences(result: Result) -> list[tuple[str, str]]:
    """(stream, character) for every dangerous character written."""
    found = []
    for stream, data in (("stdout", result.stdout_bytes), ("stderr", result.stderr_bytes or b"")):
        text = data.decode("utf-8", "replace").replace("\r\n", "\n")  # CSV's own line ends
        found += [(stream, f"U+{ord(c):04X}") for c in sorted(set(DANGEROUS.findall(text)))]
    return found


@pytest.fixture
def hostile(cli: Run, tmp_path: Path) -> Path:
    path = tmp_path / FILE_NAME
    path.write_text(json.dumps(story_file(), indent=1), encoding="utf-8")
    return path


REFUSED = 2  # a command refused in one line, which quotes the hostile text it was given


def commands(path: Path, tmp_path: Path) -> list[tuple[int, tuple[str, ...]]]:
    """(exit status, arguments): every command, against every kind of hostile text, with and
    without --json, in an order where each finds what the one before recorded."""
    second = tmp_path / f"second{OSC52}\u202e.jsonl"
    second.write_text(
        json.dumps({"story": STORY, "corrects": KEY, "reported": "2025-11-12", "title": evil("Again")}) + "\n"
    )
    bad = tmp_path / f"bad{OSC52}\u202e.jsonl"
    bad.write_text(json.dumps({"kind": "strike", "date": evil("date"), "title": "t"}) + "\n")
    source = ("--source", evil("Outlet2"), "--attribution", evil("attr"), "--reported", "2025-11-13")
    return [
        (0, ("import", str(path))),
        (0, ("import", str(path), "--json")),
        (0, ("import", str(second))),
        (REFUSED, ("import", str(bad))),
        (REFUSED, ("import", str(tmp_path / f"none{OSC52}.csv"))),
        (0, ("timeline",)),
        (0, ("timeline", "--json")),
        (0, ("timeline", "--as-of", "2025-10-01", "--actor", ACTOR)),
        (0, ("actor", ACTOR)),
        (0, ("actor", ACTOR, "--with-parts", "--json")),
        (REFUSED, ("actor", evil("nobody"))),
        (0, ("actors",)),
        (0, ("actors", "--json")),
        (0, ("stories",)),
        (0, ("stories", "--json")),
        (REFUSED, ("timeline", "--story", evil("missing"))),
        (0, ("at", "2025-10-05")),
        (0, ("at", "2025-11-30", "--json")),
        (0, ("diff", "2025-08-01", "2025-11-30")),
        (0, ("diff", "2025-08-01", "2025-11-30", "--json")),
        (0, ("replay", "--by", "month")),
        (0, ("replay", "--by", "month", "--json")),
        (0, ("lanes",)),
        (0, ("lanes", "--json")),
        (0, ("chart",)),
        (0, ("chart", "--json")),
        (0, ("record", "statement", "--story", STORY, "--on", "2025-11-02", "--title", evil("Rec"),
             "--speaker", ACTOR, "--quote", evil("q"), "--detail", f"{DETAIL}={evil('v')}", *source[:4])),
        (0, ("record", "protest", "--story", STORY, "--on", "2025-11-03", "--title", evil("Rec2"),
             "--actor", evil_name("Newcomer"), "--json")),
        (0, ("record", "protest", "--story", STORY, "--on", "2025-11-03", "--title", evil("Rec3"),
             "--actor", evil_name("Actor")[:-1])),  # a near miss: warned of, naming both
        (REFUSED, ("record", evil("kind"), "--story", STORY, "--on", "2025-11-03", "--title", "t")),
        (REFUSED, ("record", "strike", "--story", STORY, "--on", evil("day"), "--title", "t")),
        (0, ("correct", KEY, "--set", f"title={evil('Corrected')}", "--why", evil("why"), *source)),
        (0, ("correct", KEY, "--set", f"details.{DETAIL}={evil('new')}", "--reported", "2025-11-14")),
        (0, ("correct", "pause", "--set", f"scope={evil('s2')}", "--reported", "2025-11-14", "--json")),
        (REFUSED, ("correct", KEY, "--set", f"{evil('field')}=1", "--reported", "2025-11-14")),
        (0, ("corroborate", KEY, "--source", evil("Outlet3"), "--published", "2025-11-13")),
        (0, ("corroborate", "said", "--source", evil("Outlet4"), "--published", "2025-11-13", "--json")),
        (0, ("history", KEY)),
        (0, ("history", KEY, "--json")),
        (REFUSED, ("history", evil("nothing"))),
        (0, ("retract", "offer", "--why", evil("why"), "--reported", "2025-11-15")),
        (0, ("retract", "own", "--reported", "2025-11-15", "--json")),
        (REFUSED, ("retract", evil("nothing"), "--reported", "2025-11-15")),
        *((0, ("export", "--format", fmt)) for fmt in ("csv", "markdown", "timelinejs", "timesketch", "html")),
        (0, ("export", "--format", "timelinejs", "--group", "actor")),
        (0, ("stats",)),
        (0, ("stats", "--json")),
        (0, ("verify",)),
        (0, ("verify", "--json")),
        (0, ("keygen",)),
        (0, ("rebuild",)),
    ]  # fmt: skip


# Output written to files the user names: the message naming the file must be inert too.
TO_FILES = [
    ("export", "--format", "json"),
    ("export", "--format", "html", "-o", f"out{OSC52}\u202e.html"),
    ("keygen", "--file", f"key{OSC52}\u202e"),
]


def test_every_command_writes_hostile_text_inert(cli: Run, hostile: Path, tmp_path: Path) -> None:
    problems = []
    for status, args in commands(hostile, tmp_path):
        result = cli(*args)
        assert "Traceback" not in result.stderr
        assert result.exit_code == status, (args, result.exit_code, result.stderr)
        if status == REFUSED:
            assert result.stderr.startswith("storyline: error: ") and result.stderr.count("\n") == 1
        if bad := offences(result):
            problems.append((args[:3], bad))
    assert problems == []


@pytest.mark.parametrize("args", TO_FILES, ids=["export-json", "export-to-file", "keygen-file"])
def test_output_about_files_written_is_inert(
    cli: Run, hostile: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    assert cli("import", str(hostile)).exit_code == 0
    if args[-2] in ("--file", "-o"):
        args = (*args[:-1], str(tmp_path / args[-1]))
    result = cli(*args)
    assert result.exit_code == 0 and offences(result) == []


def test_json_output_gives_back_the_hostile_text_exactly(cli: Run, hostile: Path) -> None:
    assert cli("import", str(hostile)).exit_code == 0
    timeline = cli("timeline", "--json")
    assert offences(timeline) == []
    strike = next(e for e in json.loads(timeline.stdout) if e["key"] == KEY)
    assert strike["title"] == evil("Strike")
    assert strike["extra"][DETAIL] == evil("detail")
    assert strike["sources"][0]["outlet"] == evil("Outlet")
    actor = cli("actor", ACTOR, "--json")
    assert offences(actor) == [] and json.loads(actor.stdout)["aliases"] == [evil_name("alias")]
    lanes = cli("lanes", "--json")
    assert offences(lanes) == [] and ACTOR in json.loads(lanes.stdout)["lanes"]
    situation = cli("at", "2025-11-30", "--json")
    assert offences(situation) == []
    assert {r["provider"] for r in json.loads(situation.stdout)["relations"]} == {ACTOR}
    history = cli("history", KEY, "--json")
    assert offences(history) == [] and json.loads(history.stdout)[0]["changes"]


@pytest.mark.parametrize(
    "fmt",
    ["json", "timesketch"],
)
def test_json_exports_give_back_the_hostile_text_exactly(cli: Run, hostile: Path, fmt: str) -> None:
    assert cli("import", str(hostile)).exit_code == 0
    result = cli("export", "--format", fmt)
    assert result.exit_code == 0 and offences(result) == []
    if fmt == "json":
        rows = json.loads(result.stdout)["entries"]
        assert next(r for r in rows if r["id"] == KEY)["details"] == {DETAIL: evil("detail")}
    else:
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert {line["title"] for line in lines if line["entry_key"] == KEY} == {evil("Strike")}


def test_the_csv_header_shows_a_hostile_detail_key_visibly(cli: Run, hostile: Path) -> None:
    assert cli("import", str(hostile)).exit_code == 0
    result = cli("export", "--format", "csv")
    header = result.stdout.splitlines()[0]
    assert offences(result) == [] and "details.d␛]52;c;ZXZpbA==␇<U+202E>" in header


def test_correct_names_a_hostile_entry_id_visibly(cli: Run, hostile: Path) -> None:
    assert cli("import", str(hostile)).exit_code == 0
    result = cli("correct", KEY, "--set", "killed=4", "--reported", "2025-11-12")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Corrected {STORY}/k␛]52;c;ZXZpbA==␇ (now version 2)\n"


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.text() | st.integers() | st.none(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    )
)
def test_inert_json_decodes_to_exactly_what_was_written(data: object) -> None:
    for indent in (2, None):
        text = inert_json(data, indent=indent)
        assert json.loads(text) == data
        assert DANGEROUS.findall(text.replace("\n", "")) == []


def test_text_output_shows_hostile_text_literally(cli: Run, hostile: Path) -> None:
    imported = cli("import", str(hostile))
    assert imported.stdout.startswith("evil␛]52;c;ZXZpbA==␇<U+202E><U+009B>[bold].json: 6 added")
    shown = cli("timeline", env={"COLUMNS": "400"}).stdout
    assert "[bold red]story[/]" in shown  # markup is shown, not obeyed
    assert "Strike ␛]52;c;ZXZpbA==␇␛[31m<U+009B>2J<U+202E><U+2066>[bold red]␡<U+0085>" in shown
