"""Step definitions for the Gherkin specs in features/: the product as a reader meets it.

Every step runs `storyline ...` through the `cli` fixture (click's runner, no colour, 100
columns) against a fresh store on each backend, and reads what a person would read: the
rendered timeline and actor views, the one-line errors, and the --json output.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from pytest_bdd import given, parsers, scenarios, then, when

from .conftest import Run
from .exporting import record_markup

# Every feature file in features/ runs: a new one cannot be forgotten.
scenarios(".")

ESC = "\x1b"
WRITING_COMMANDS = (
    "record",
    "import",
    "correct",
    "retract",
    "corroborate",
    "move",
    "rekind",
    "name",
    "merge",
    "unmerge",
    "rename",
)


def collapsed(text: str) -> str:
    """Text with every run of whitespace (line wraps included) made one space."""
    return " ".join(text.split())


def listed(text: str) -> list[str]:
    """`"a", "b" and "c"` or `a, b and c` as ["a", "b", "c"]."""
    return [item.strip().strip('"') for item in re.split(r",\s*|\s+and\s+", text) if item.strip()]


@dataclass
class Row:
    """One entry as a timeline table shows it."""

    when: str
    what: str
    text: str

    @property
    def key(self) -> str:
        # The entry's meta line ends with its id, before any note shown under it.
        return self.text.split(" note: ", 1)[0].split()[-1]


# An entry as a terminal narrower than a table shows it: "Sep 2025  ‖ intelligence-pause".
STACKED_HEADER = re.compile(r"^(?P<when>\S.*?)  (?P<what>[^\w\s] [\w-]+)$")


def stacked_rows(lines: list[str]) -> list[Row]:
    """The entries of the narrow layout: a line of date and kind, the text indented beneath."""
    blocks: list[tuple[str, str, list[str]]] = []
    for line in lines:
        header = STACKED_HEADER.match(line)
        if header and (not blocks or blocks[-1][2]):
            blocks.append((header["when"], header["what"], []))
        elif blocks and line.startswith("  "):
            blocks[-1][2].append(line)
        elif blocks:
            break  # the list ends: a blank line, or a heading of what follows it
    return [Row(when, what, collapsed(" ".join(body))) for when, what, body in blocks]


def table_rows(output: str) -> list[Row]:
    """The entries in rendered output, each unwrapped: the When / What / Entry table of a wide
    terminal, or the stacked layout of a narrow one."""
    lines = output.splitlines()
    start = next(
        (i for i, line in enumerate(lines) if re.match(r"When\s+What\s+Entry\s*$", line)),
        None,
    )
    if start is None:
        rows = stacked_rows(lines)
        assert rows, f"no timeline in:\n{output}"
        return rows
    what_at = lines[start].index("What")
    blocks: list[list[str]] = []
    for line in lines[start + 1 :]:
        if blocks and (not line.strip() or (line[:1] == " " and line[:what_at].strip())):
            break  # the table ends: a blank line, or an indented line of what follows it
        if line[:what_at].strip():
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    rows = []
    for first, *rest in blocks:
        label_and_entry = re.match(r"(\S+ \S+)\s+(.*)", first[what_at:].strip())
        assert label_and_entry, f"no kind label in {first!r}"
        label, entry = label_and_entry.groups()
        rows.append(Row(first[:what_at].strip(), label, collapsed(" ".join([entry, *rest]))))
    return rows


@dataclass
class Terminal:
    """The reader's terminal: the commands run so far and what they printed."""

    cli: Run
    results: list[Result] = field(default_factory=list)
    before: Any = None  # the store's entries just before the last command that wrote to it
    written: list[str] = field(default_factory=list)  # that command's arguments

    @property
    def result(self) -> Result:
        assert self.results, "no command has run yet"
        return self.results[-1]

    def run(self, *args: str, env: dict[str, str | None] | None = None) -> Result:
        if args and args[0] in WRITING_COMMANDS:
            self.before = self.entries()
            self.written = list(args)
        result = self.cli(*args, env=env)
        self.results.append(result)
        return result

    def succeeded(self) -> Result:
        result = self.result
        assert result.exit_code == 0, f"exit {result.exit_code}: {result.stderr}"
        return result

    def entries(self) -> list[dict[str, Any]]:
        result = self.cli("timeline", "--json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    def entry(self, key: str) -> dict[str, Any]:
        found = [e for e in self.entries() if e["key"] == key]
        assert len(found) == 1, f"{len(found)} entries with the id {key!r}"
        return found[0]

    def rows(self) -> list[Row]:
        return table_rows(self.succeeded().stdout)

    def row(self, key: str) -> Row:
        rows = self.rows()
        found = [row for row in rows if row.key == key]
        assert found, f"no entry {key!r} shown; shown: {[row.key for row in rows]}"
        return found[0]


@pytest.fixture(autouse=True)  # autouse: a scenario requests it statically, so it runs on each backend
def terminal(cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Terminal:
    monkeypatch.chdir(tmp_path)  # files written by a scenario are named as a user would name them
    return Terminal(cli)


def value_at(data: Any, path: str) -> str:
    """The value at a dotted path, as a reader writes it: lists joined with ", ", None as
    null, counts as their text ("at least 76")."""
    for name in path.split("."):
        if isinstance(data, list):
            data = [item[name] for item in data]
        else:
            assert name in data, f"no field {name!r} in {data!r}"
            data = data[name]
    return shown(data)


def shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value)
    if isinstance(value, dict) and "text" in value:
        return str(value["text"])
    return str(value)


# Given ------------------------------------------------------------------------------------


@given("a store holding the bundled story caribbean-2025")
def bundled_story(seeded_cli: Run, terminal: Terminal) -> None:
    assert {e["story"] for e in terminal.entries()} == {"caribbean-2025"}


@given("an empty store")
def empty_store(terminal: Terminal) -> None:
    assert terminal.entries() == []


@given(parsers.parse('a file "{name}" containing:'))
def a_file(name: str, docstring: str, tmp_path: Path) -> None:
    (tmp_path / name).write_text(docstring + "\n", encoding="utf-8")


# When -------------------------------------------------------------------------------------


@when("I ask for the timeline")
def ask_for_the_timeline(terminal: Terminal) -> None:
    terminal.run("timeline")


@when("I ask for the timeline as JSON")
def ask_for_the_timeline_as_json(terminal: Terminal) -> None:
    terminal.run("timeline", "--json")


@when(parsers.parse('I look up the actor "{name}"'))
def look_up(terminal: Terminal, name: str) -> None:
    terminal.run("actor", name)


@when(parsers.parse("I run `storyline {command}`"))
def run_command(terminal: Terminal, command: str) -> None:
    terminal.run(*shlex.split(command))


@when(parsers.parse("I run `storyline {command}` in a terminal {width:d} columns wide"))
def run_at_width(terminal: Terminal, command: str, width: int) -> None:
    terminal.run(*shlex.split(command), env={"COLUMNS": str(width)})


@when(parsers.parse("I pipe `storyline {command}` into another program"))
def run_piped(terminal: Terminal, command: str) -> None:
    terminal.run(*shlex.split(command), env={"COLUMNS": None})


@then(parsers.parse("no line is wider than {width:d} columns"))
def no_line_wider(terminal: Terminal, width: int) -> None:
    from rich.cells import cell_len

    lines = terminal.succeeded().stdout.splitlines()
    assert [line for line in lines if cell_len(line) > width] == []


@then(parsers.parse('a line reads "{text}"'))
def a_line_reads(terminal: Terminal, text: str) -> None:
    lines = terminal.succeeded().stdout.splitlines()
    assert text in lines, "\n".join(lines[:40])


@then(parsers.parse('a line starts with "{text}"'))
def a_line_starts(terminal: Terminal, text: str) -> None:
    lines = terminal.succeeded().stdout.splitlines()
    assert any(line.startswith(text) for line in lines), "\n".join(lines[:40])


@when(parsers.parse("I run `storyline {command}` again"))
def run_command_again(terminal: Terminal, command: str) -> None:
    assert terminal.written == shlex.split(command), "the same command ran before"
    terminal.run(*shlex.split(command))


@when(parsers.parse("I run `storyline {command}`, with ESC typed as the escape character"))
def run_command_with_escape(terminal: Terminal, command: str) -> None:
    terminal.run(*(arg.replace("ESC", ESC) for arg in shlex.split(command)))
    terminal.succeeded()


# Then: what the command printed -----------------------------------------------------------


@then(parsers.parse('it says "{text}"'))
def it_says(terminal: Terminal, text: str) -> None:
    output = terminal.succeeded().stdout
    assert collapsed(text) in collapsed(output), output


@then(parsers.parse("it fails with exit status {status:d}"))
def it_fails(terminal: Terminal, status: int) -> None:
    result = terminal.result
    assert result.exit_code == status, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def error_line(terminal: Terminal) -> str:
    lines = terminal.result.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {terminal.result.stderr!r}"
    assert lines[0].startswith("storyline: error: "), lines[0]
    return lines[0]


@then(
    parsers.parse(
        'the error is one line naming "{name}", line {line:d}, field "{field_name}" and value "{value}"'
    )
)
def error_names_the_row(terminal: Terminal, name: str, line: int, field_name: str, value: str) -> None:
    message = error_line(terminal)
    assert f" {name}:{line}:" in message, message
    assert f" {field_name}:" in message, message
    assert repr(value) in message, message


@then(parsers.parse("the error lists the candidates {names}"))
def error_lists_candidates(terminal: Terminal, names: str) -> None:
    message = error_line(terminal)
    for name in listed(names):
        assert name in message, message


@then("both answers are the same")
def both_answers_are_the_same(terminal: Terminal) -> None:
    first, second = terminal.results[-2:]
    assert first.exit_code == second.exit_code == 0, (first.stderr, second.stderr)
    assert first.stdout == second.stdout


@then("no escape character reaches the terminal")
def no_escape_character(terminal: Terminal) -> None:
    for result in terminal.results:
        assert ESC not in result.stdout and ESC not in result.stderr, result.stdout


# Then: the timeline and actor tables ------------------------------------------------------


@then(parsers.parse('the entry "{key}" is shown as "{when_text}"'))
def entry_shown_as(terminal: Terminal, key: str, when_text: str) -> None:
    assert terminal.row(key).when == when_text


@then(parsers.parse('the entry "{key}" is marked "{label}"'))
def entry_marked(terminal: Terminal, key: str, label: str) -> None:
    assert terminal.row(key).what == label


@then(parsers.parse('the entry "{key}" says "{text}"'))
def entry_says(terminal: Terminal, key: str, text: str) -> None:
    row = terminal.row(key)
    assert collapsed(text) in row.text, row.text


@then(parsers.parse('the entry "{key}" does not say "{text}"'))
def entry_does_not_say(terminal: Terminal, key: str, text: str) -> None:
    row = terminal.row(key)
    assert collapsed(text) not in row.text, row.text


@then(parsers.parse('the entry "{key}" is not shown'))
def entry_not_shown(terminal: Terminal, key: str) -> None:
    assert key not in [row.key for row in terminal.rows()]


def expected_rows(datatable: list[list[str]]) -> list[tuple[str, str]]:
    header, *body = datatable
    assert header == ["entry", "shown as"], header
    return [(key, when_text) for key, when_text in body]


@then("the timeline lists, oldest first:")
def timeline_lists(terminal: Terminal, datatable: list[list[str]]) -> None:
    shown_rows = [(row.key, row.when) for row in terminal.rows()]
    assert shown_rows == expected_rows(datatable)


@then("the timeline lists, among others, oldest first:")
def timeline_lists_among_others(terminal: Terminal, datatable: list[list[str]]) -> None:
    shown_rows = [(row.key, row.when) for row in terminal.rows()]
    expected = expected_rows(datatable)
    for item in expected:
        assert item in shown_rows, f"{item} not in {shown_rows}"
    positions = [shown_rows.index(item) for item in expected]
    assert positions == sorted(positions), f"out of order: {[shown_rows[p][0] for p in sorted(positions)]}"


@then(parsers.parse('the actor shown is "{name}", a {kind}'))
def actor_shown(terminal: Terminal, name: str, kind: str) -> None:
    heading = terminal.succeeded().stdout.splitlines()[0]
    assert re.split(r"\s{2,}", heading.strip()) == [name, kind], heading


@then(parsers.parse('the actor is part of "{chain}"'))
def actor_part_of(terminal: Terminal, chain: str) -> None:
    lines = [line.strip() for line in terminal.succeeded().stdout.splitlines()]
    assert f"part of: {chain}" in lines, lines[:6]


@then(parsers.parse('the actor takes part in "{key}" as "{role}"'))
def actor_takes_part(terminal: Terminal, key: str, role: str) -> None:
    row = terminal.row(key)
    assert f" as {role}: " in f" {row.text}", row.text


# Then: what the store holds ---------------------------------------------------------------


@then(parsers.parse('the entry "{key}" records its {name} as "{value}"'))
def entry_records(terminal: Terminal, key: str, name: str, value: str) -> None:
    assert value_at(terminal.entry(key), f"details.{name}") == value


@then(parsers.parse("the store holds {count:d} entries"))
def store_holds(terminal: Terminal, count: int) -> None:
    assert len(terminal.entries()) == count


@then("the store holds exactly what it held before")
def store_unchanged(terminal: Terminal) -> None:
    assert terminal.before is not None, "no command wrote to the store"
    assert terminal.entries() == terminal.before


@then(parsers.parse('the JSON keeps the title of "{key}" exactly as it was typed'))
def json_keeps_title(terminal: Terminal, key: str) -> None:
    typed = terminal.written[terminal.written.index("--title") + 1]
    assert ESC in typed
    assert terminal.entry(key)["title"] == typed


# Then: JSON ---------------------------------------------------------------------------------


def json_answer(terminal: Terminal) -> Any:
    return json.loads(terminal.succeeded().stdout)


@then("the answer is valid JSON listing the same entries as the timeline, in the same order")
def json_lists_the_timeline(terminal: Terminal) -> None:
    answer = json_answer(terminal)
    shown_keys = [row.key for row in table_rows(terminal.cli("timeline").stdout)]
    assert shown_keys, "the timeline shows entries"
    assert [entry["key"] for entry in answer] == shown_keys


@then(parsers.parse("every entry has the fields {names}"))
def every_entry_has(terminal: Terminal, names: str) -> None:
    for entry in json_answer(terminal):
        assert set(listed(names)) <= set(entry), sorted(entry)


@then(parsers.re(r"every entry's (?P<part>\w+) (has|have) the fields (?P<names>.+)"))
def every_part_has(terminal: Terminal, part: str, names: str) -> None:
    wanted = set(listed(names))
    for entry in json_answer(terminal):
        values = entry[part] if isinstance(entry[part], list) else [entry[part]]
        for value in values:
            assert wanted <= set(value), (entry["key"], sorted(value))


@then(parsers.parse('in JSON the entry "{key}" reads:'))
def json_entry_reads(terminal: Terminal, key: str, datatable: list[list[str]]) -> None:
    found = [e for e in json_answer(terminal) if e["key"] == key]
    assert len(found) == 1, f"{len(found)} entries with the id {key!r}"
    header, *body = datatable
    assert header == ["field", "value"], header
    for path, value in body:
        assert value_at(found[0], path) == value, path


# Clocks, corrections and situation reports -------------------------------------------------

REPORT_SECTIONS = (
    "Tallies",
    "Intelligence sharing",
    "Forces deployed",
    "Stances",
    "Open matters",
    "Entries",
    "Changes",
)
TALLY_LINE = re.compile(
    r"\s+(?P<name>strikes|killed|survivors|vessels)\s+(?P<certain>.+?)"
    r"(?:\s+and possibly (?P<possible>.+?) more)?(?:\s+·\s.*|\s+(?:claimed|disputed): .*|\s+\d+ of \d+ entries .*)?\s*$"
)
HISTORY_HEADER = re.compile(r"v\s+Event\s+Reported\s+Recorded\s+What changed\s*$")
REPLAY_RULE = re.compile(r"(?P<label>\S.*?) ─{3,}\s*$")


def report_sections(output: str) -> dict[str, str]:
    """The sections of a situation report or a diff (Tallies, Intelligence sharing, ...,
    Changes), each as its lines joined with newlines; a heading sits at the left margin."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in output.splitlines():
        name = re.split(r"\s{2,}", line.strip())[0] if line[:1].strip() else None
        if name in REPORT_SECTIONS:
            current = sections.setdefault(name, [])
        elif current is not None:
            current.append(line)
    return {name: "\n".join(lines) for name, lines in sections.items()}


def section(terminal: Terminal, name: str) -> str:
    sections = report_sections(terminal.succeeded().stdout)
    assert name in sections, f"no section {name!r} in:\n{terminal.result.stdout}"
    return collapsed(sections[name])


def tallies(output: str) -> dict[str, tuple[str, str | None]]:
    """{metric: (certain, possibly more or None)} from the Tallies section."""
    found = {}
    for line in report_sections(output).get("Tallies", "").splitlines():
        match = TALLY_LINE.match(line)
        if match:
            found[match["name"]] = (match["certain"], match["possible"])
    assert found, f"no tallies in:\n{output}"
    return found


@dataclass
class Version:
    """One row of `storyline history`."""

    number: str
    event: str
    reported: str
    text: str  # the What changed cell, unwrapped


def history_rows(output: str) -> list[Version]:
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines) if HISTORY_HEADER.match(line)), None)
    assert start is not None, f"no history table in:\n{output}"
    what_at = lines[start].index("What changed")
    blocks: list[list[str]] = []
    for line in lines[start + 1 :]:
        if re.match(r"\d+\s", line):
            blocks.append([line])
        elif blocks and line.strip():
            blocks[-1].append(line)
    versions = []
    for block in blocks:
        number, event, reported = block[0][:what_at].split()[:3]
        versions.append(Version(number, event, reported, collapsed(" ".join(ln[what_at:] for ln in block))))
    return versions


def replay_steps(output: str) -> dict[str, str]:
    """The steps of `storyline replay`, in order: {label: what the step printed}."""
    steps: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in output.splitlines():
        rule = REPLAY_RULE.match(line)
        if rule:
            current = steps.setdefault(rule["label"], [])
        elif line.startswith("Where it stands"):
            current = None
        elif current is not None:
            current.append(line)
    return {label: "\n".join(lines) for label, lines in steps.items()}


def replay_step(terminal: Terminal, label: str) -> str:
    steps = replay_steps(terminal.succeeded().stdout)
    assert label in steps, f"no step {label!r}; steps: {list(steps)}"
    return steps[label]


@when(parsers.parse('I change "{name}" to:'))
def change_file(name: str, docstring: str, tmp_path: Path) -> None:
    assert (tmp_path / name).exists(), f"{name} was written before"
    (tmp_path / name).write_text(docstring + "\n", encoding="utf-8")


@then(parsers.parse('it does not say "{text}"'))
def it_does_not_say(terminal: Terminal, text: str) -> None:
    output = terminal.succeeded().stdout
    assert collapsed(text) not in collapsed(output), output


@then("the errors are, a line each:")
def errors_are(terminal: Terminal, docstring: str) -> None:
    lines = terminal.result.stderr.splitlines()
    expected = docstring.splitlines()
    assert terminal.result.exit_code == 2, terminal.result.stderr
    assert len(lines) == len(expected), terminal.result.stderr
    for line, text in zip(lines, expected, strict=True):
        assert line.startswith("storyline: error: ") and text in line, (line, text)


@then(parsers.parse('it says back "{text}"'))
def it_says_back(terminal: Terminal, text: str) -> None:
    result = terminal.succeeded()
    assert f"storyline: {text}" in result.stderr.splitlines(), result.stderr


@then("it says nothing back")
def it_says_nothing_back(terminal: Terminal) -> None:
    assert terminal.succeeded().stderr == ""


@then(parsers.parse('the error is one line saying "{text}"'))
def error_says(terminal: Terminal, text: str) -> None:
    message = error_line(terminal)
    assert text in message, message


@then(parsers.parse('the section "{name}" says "{text}"'))
def section_says(terminal: Terminal, name: str, text: str) -> None:
    body = section(terminal, name)
    assert collapsed(text) in body, body


@then(parsers.parse('the section "{name}" does not say "{text}"'))
def section_does_not_say(terminal: Terminal, name: str, text: str) -> None:
    body = section(terminal, name)
    assert collapsed(text) not in body, body


@then("the tallies read:")
def tallies_read(terminal: Terminal, datatable: list[list[str]]) -> None:
    header, *body = datatable
    assert header == ["tally", "certain", "and possibly"], header
    shown_tallies = tallies(terminal.succeeded().stdout)
    for name, certain, possible in body:
        assert shown_tallies[name] == (certain, possible or None), (name, shown_tallies[name])


@then("the history lists, oldest first:")
def history_lists(terminal: Terminal, datatable: list[list[str]]) -> None:
    header, *body = datatable
    assert header == ["version", "event", "reported", "what changed"], header
    versions = history_rows(terminal.succeeded().stdout)
    assert [(v.number, v.event, v.reported) for v in versions] == [tuple(row[:3]) for row in body]
    for version, row in zip(versions, body, strict=True):
        assert collapsed(row[3]) in version.text, (version.number, version.text)


@then(parsers.parse("the replay steps are {labels}"))
def replay_steps_are(terminal: Terminal, labels: str) -> None:
    assert list(replay_steps(terminal.succeeded().stdout)) == listed(labels)


@then(parsers.parse('the replay step "{label}" shows only {keys}'))
def replay_step_shows(terminal: Terminal, label: str, keys: str) -> None:
    shown_keys = [row.key for row in table_rows(replay_step(terminal, label))]
    assert shown_keys == listed(keys)


@then(parsers.parse('the replay step "{label}" says "{text}"'))
def replay_step_says(terminal: Terminal, label: str, text: str) -> None:
    body = collapsed(replay_step(terminal, label))
    assert collapsed(text) in body, body


# The field's formats ------------------------------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"


@given(parsers.parse('a copy of the fixture "{name}"'))
def fixture_copy(name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())


@then(parsers.parse('in JSON the entry "{key}" has {path} "{value}"'))
def json_entry_has(terminal: Terminal, key: str, path: str, value: str) -> None:
    assert value_at(terminal.entry(key), path) == value


@then(parsers.parse('it warns "{text}"'))
def it_warns(terminal: Terminal, text: str) -> None:
    assert collapsed(text) in collapsed(terminal.succeeded().stderr), terminal.result.stderr


@then(parsers.parse('the file "{name}" says "{text}"'))
def file_says(name: str, text: str, tmp_path: Path) -> None:
    assert text in (tmp_path / name).read_text(encoding="utf-8")


@then(parsers.parse('in the file "{name}", the cell "{column}" of the row "{row_id}" reads "{value}"'))
def csv_cell(name: str, column: str, row_id: str, value: str, tmp_path: Path) -> None:
    import csv

    with (tmp_path / name).open(newline="", encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows[row_id][column] == value


def timelinejs_event(name: str, unique_id: str, tmp_path: Path) -> dict[str, Any]:
    data = json.loads((tmp_path / name).read_text(encoding="utf-8"))
    found = [e for e in data["events"] if e["unique_id"] == unique_id]
    assert len(found) == 1, unique_id
    return found[0]


@then(parsers.parse('in the file "{name}", the event "{unique_id}" starts on {date_object}'))
def timelinejs_starts(name: str, unique_id: str, date_object: str, tmp_path: Path) -> None:
    assert timelinejs_event(name, unique_id, tmp_path)["start_date"] == json.loads(date_object)


@then(parsers.parse('in the file "{name}", the event "{unique_id}" is shown as "{text}"'))
def timelinejs_display(name: str, unique_id: str, text: str, tmp_path: Path) -> None:
    assert timelinejs_event(name, unique_id, tmp_path)["display_date"] == text


@then(
    parsers.parse(
        'the file "{name}" has {count:d} lines, each with a message, a datetime and a timestamp_desc'
    )
)
def timesketch_lines(name: str, count: int, tmp_path: Path) -> None:
    lines = (tmp_path / name).read_text(encoding="utf-8").splitlines()
    assert len(lines) == count
    assert all({"message", "datetime", "timestamp_desc"} <= set(json.loads(line)) for line in lines)


@then(parsers.parse('the file "{name}" fetches nothing from the network'))
def fetches_nothing(name: str, tmp_path: Path) -> None:
    page = (tmp_path / name).read_text(encoding="utf-8")
    assert "default-src 'none'" in page
    page = record_markup(page)  # its own script, allowed by its policy, once
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r"\bsrc=", page)


@then(parsers.parse('importing "{name}" into an empty store gives the same timeline and history'))
def round_trip(name: str, terminal: Terminal, tmp_path: Path) -> None:
    def without_recorded(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: without_recorded(v) for k, v in value.items() if k != "recorded"}
        if isinstance(value, list):
            return [without_recorded(v) for v in value]
        return value

    other = {"STORYLINE_STORE": str(tmp_path / "other.db")}
    assert terminal.cli("import", name, env=other).exit_code == 0
    for args in (("timeline", "--json"), ("history", "strike-toll", "--json")):
        mine = json.loads(terminal.cli(*args).stdout)
        theirs = json.loads(terminal.cli(*args, env=other).stdout)
        assert without_recorded(mine) == without_recorded(theirs), args


# -- publishing (features/publishing.feature) ------------------------------------------------------

BLOCKS = {"p", "div", "li", "dt", "dd", "h1", "h2", "h3", "h4", "section", "ul", "ol", "summary", "br"}


def page_text(page: str) -> str:
    """What a reader sees of a page, without its markup, script or style, on one line."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            self.hidden += tag in ("script", "style", "title")
            self.parts.append(" " if tag in BLOCKS else "")

        def handle_endtag(self, tag: str) -> None:
            self.hidden -= tag in ("script", "style", "title")
            self.parts.append(" " if tag in BLOCKS else "")

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    reader = Reader()
    reader.feed(page)
    return " ".join("".join(reader.parts).split())


@then(parsers.parse('the page "{name}" shows "{text}"'))
def page_shows(name: str, text: str, tmp_path: Path) -> None:
    shown = page_text((tmp_path / name).read_text(encoding="utf-8"))
    assert text in shown, shown[:3000]


@then(parsers.parse('in a browser {width:d} pixels wide, searching "{name}" for "{words}" shows {keys}'))
def browser_search(name: str, width: int, words: str, keys: str, tmp_path: Path) -> None:
    from . import browser

    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / name).write_bytes((tmp_path / name).read_bytes())
    with (
        browser.serve(site) as url,
        browser.chromium(tmp_path / "chromium", viewport={"width": width, "height": 800}) as context,
    ):
        page = context.new_page()
        page.goto(f"{url}/{name}")
        page.fill("input[name=q]", words)
        shown = page.eval_on_selector_all("li.entry:not([hidden])", "items => items.map(li => li.id)")
        assert context.outside == []
    assert [anchor.split("/", 1)[1] for anchor in shown] == [key.strip() for key in keys.split(",")]


@then(parsers.parse('the file "{name}" holds {count:d} features, {points:d} of them points'))
def geojson_features(name: str, count: int, points: int, tmp_path: Path) -> None:
    features = json.loads((tmp_path / name).read_text(encoding="utf-8"))["features"]
    assert len(features) == count
    assert sum(f["geometry"] is not None and f["geometry"]["type"] == "Point" for f in features) == points


@then(parsers.parse('the file "{name}" holds {count:d} placemarks, {points:d} of them points'))
def kml_placemarks(name: str, count: int, points: int, tmp_path: Path) -> None:
    from xml.etree import ElementTree

    kml = "{http://www.opengis.net/kml/2.2}"
    placemarks = list(ElementTree.parse(tmp_path / name).getroot().iter(f"{kml}Placemark"))
    assert len(placemarks) == count
    assert sum(p.find(f"{kml}Point") is not None for p in placemarks) == points


# -- exploring (features/exploring.feature) --------------------------------------------------------

KEY_NAMES = {"[": "left_square_bracket", "]": "right_square_bracket", "/": "slash", "?": "question_mark"}


@dataclass
class Explorer:
    """The keys a scenario presses in `storyline explore`; the app is run with them, headless,
    when a Then step asks what it shows."""

    store: str
    keys: list[str] = field(default_factory=list)
    seen: Any = None

    def press(self, *keys: str) -> None:
        self.keys += [KEY_NAMES.get(k, k) for k in keys]
        self.seen = None

    def shows(self) -> Any:
        if self.seen is None:
            self.seen = asyncio.run(self._run())
        return self.seen

    async def _run(self) -> Any:
        from storyline.cli.commands.exploring import typed_day
        from storyline.cli.tui.explore_app import ExploreApp
        from storyline.projections.bootstrap import open_storyline

        story = open_storyline(self.store)
        app = ExploreApp(story, read_day=typed_day)
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press(*self.keys)
                await pilot.pause()
                situation = _situation_text(app)
                return {
                    "as_of": app.hands.as_of,
                    "known_at": app.hands.known_at,
                    "shown": {e.key: e for e in app.shown},
                    "greyed": [e.key for e in app.unreported],
                    "situation": situation,
                    "report": app.situation.to_json(),
                }
        finally:
            story.close()


def _situation_text(app: Any) -> str:
    from rich.console import Console

    console = Console(width=400, record=True, color_system=None, file=io.StringIO())
    console.print(app.query_one("#situation").content)
    return collapsed(console.export_text())


@pytest.fixture
def explorer(store_url: str) -> Explorer:
    return Explorer(store_url)


@when("I open the explorer")
def open_explorer(explorer: Explorer) -> None:
    explorer.press()


@when(parsers.parse('I press "{keys}"'))
def press_keys(explorer: Explorer, keys: str) -> None:
    explorer.press(*keys.split())


@when(parsers.parse('I type "{text}" and press enter'))
def type_text(explorer: Explorer, text: str) -> None:
    explorer.press(*[("space" if c == " " else c) for c in text], "enter")


@then(parsers.parse("the occurred clock stands on {day}"))
def occurred_clock(explorer: Explorer, day: str) -> None:
    from storyline.projections.periods import day_text

    assert day_text(explorer.shows()["as_of"]) == day


@then(parsers.parse("the reported clock stands on {day}"))
def reported_clock(explorer: Explorer, day: str) -> None:
    from storyline.projections.periods import day_text

    known = explorer.shows()["known_at"]
    assert (day_text(known) if known else "now") == day


@then(parsers.parse('the timeline shows "{key}"'))
def explorer_shows(explorer: Explorer, key: str) -> None:
    assert key in explorer.shows()["shown"]


@then(parsers.parse('the timeline shows "{key}" as possibly happened'))
def explorer_shows_possibly(explorer: Explorer, key: str) -> None:
    shown = explorer.shows()["shown"]
    assert key in shown and shown[key].certainty == "possibly"


@then(parsers.parse('the timeline does not show "{key}"'))
def explorer_hides(explorer: Explorer, key: str) -> None:
    assert key not in explorer.shows()["shown"]


@then(parsers.parse('the timeline shows "{key}" greyed, as not yet reported'))
def explorer_greys(explorer: Explorer, key: str) -> None:
    assert key in explorer.shows()["greyed"] and key not in explorer.shows()["shown"]


@then(parsers.parse('the timeline shows only "{key}"'))
def explorer_shows_only(explorer: Explorer, key: str) -> None:
    assert list(explorer.shows()["shown"]) == [key]


@then(parsers.parse('the situation says "{text}"'))
def situation_says(explorer: Explorer, text: str) -> None:
    assert text in explorer.shows()["situation"], explorer.shows()["situation"]


@then("what the explorer shows agrees with `storyline at` and `storyline timeline` for the same days")
def explorer_agrees(explorer: Explorer, terminal: Terminal) -> None:
    seen = explorer.shows()
    clocks = ["--known-at", seen["known_at"].isoformat()] if seen["known_at"] else []
    at = terminal.run("at", seen["as_of"].isoformat(), *clocks, "--json")
    assert json.loads(at.stdout) == seen["report"]
    timeline = terminal.run("timeline", "--as-of", seen["as_of"].isoformat(), *clocks, "--json")
    assert [e["key"] for e in json.loads(timeline.stdout)] == list(seen["shown"])
