"""`--json FIELD,FIELD` writes only those fields and `--jq EXPR` filters what is written, as gh
does; a field that is not there, or an expression that does not compile, is one line and exit 2."""

from __future__ import annotations

import json

import pytest

from .conftest import Run, record_strike


def test_json_fields_keeps_only_the_fields_named_in_their_order(seeded_cli: Run) -> None:
    full = json.loads(seeded_cli("timeline", "--json").stdout)
    some = json.loads(seeded_cli("timeline", "--json", "title,id").stdout)
    assert some == [{"title": e["title"], "id": e["id"]} for e in full]
    assert list(some[0]) == ["title", "id"]
    report = json.loads(seeded_cli("at", "2025-11-12", "--json", "as_of,tallies").stdout)
    assert list(report) == ["as_of", "tallies"]


def test_json_alone_before_an_argument_is_still_the_flag(seeded_cli: Run) -> None:
    before = seeded_cli("at", "--json", "2025-11-12")
    after = seeded_cli("at", "2025-11-12", "--json")
    assert before.exit_code == 0, before.stderr
    assert json.loads(before.stdout) == json.loads(after.stdout)
    actor = seeded_cli("actor", "--json", "United Kingdom")
    assert actor.exit_code == 0 and json.loads(actor.stdout)["name"] == "United Kingdom"


def test_jq_filters_and_writes_text_raw(seeded_cli: Run) -> None:
    titles = seeded_cli("timeline", "--jq", '.[] | select(.kind == "intelligence-pause") | .title')
    assert titles.exit_code == 0, titles.stderr
    expected = [
        e["title"]
        for e in json.loads(seeded_cli("timeline", "--kind", "intelligence-pause", "--json").stdout)
    ]
    assert titles.stdout.splitlines() == expected
    counted = seeded_cli("timeline", "--jq", "length")
    assert int(counted.stdout) == len(json.loads(seeded_cli("timeline", "--json").stdout))
    picked = seeded_cli("timeline", "--json", "key,grade", "--jq", ".[0]")
    assert set(json.loads(picked.stdout)) == {"key", "grade"}


def test_jq_output_stays_inert(seeded_cli: Run) -> None:
    hostile = "Strike \x1b[2J\x1b]8;;http://evil\x07 on a boat"
    record_strike(seeded_cli, hostile)
    out = seeded_cli("timeline", "--jq", ".[].title").stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "Strike" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("timeline", "--json", "titel"), "--json: no field 'titel' here (fields: id, key"),
        (("timeline", "--jq", ".["), "--jq: syntax error"),
        (("timeline", "--jq", "  "), "is empty: give a jq expression"),
        (("timeline", "--jq", '.[] | error("boom")'), "--jq: boom"),
    ],
)
def test_bad_fields_or_expressions_are_one_line(
    seeded_cli: Run, args: tuple[str, ...], fragment: str
) -> None:
    result = seeded_cli(*args)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("storyline: error: ") and fragment in lines[0], lines


def test_fields_may_be_spaced_after_commas_and_a_space_instead_of_a_comma_is_explained(
    seeded_cli: Run,
) -> None:
    spaced = seeded_cli("timeline", "--json", "key, title")
    assert spaced.exit_code == 0 and set(json.loads(spaced.stdout)[0]) == {"key", "title"}
    apart = seeded_cli("timeline", "--json", "key", "title")
    assert apart.exit_code == 2 and apart.stderr.count("\n") == 1
    assert "--json takes its fields joined by commas" in apart.stderr


def test_json_before_a_word_that_could_be_fields_says_what_it_took(seeded_cli: Run) -> None:
    """`search --json strike`: "strike" is a word, so it may be the fields --json takes."""
    taken = seeded_cli("search", "--json", "strike")
    assert taken.exit_code == 2 and taken.stderr.count("\n") == 1
    assert (
        "Missing argument" in taken.stderr and "--json took the word after it as its fields" in taken.stderr
    )
    assert json.loads(seeded_cli("search", "strike", "--json").stdout)


def test_an_unknown_field_is_refused_even_when_nothing_is_found(seeded_cli: Run) -> None:
    for command in (("timeline", "--since", "2030-01-01"), ("search", "zzzz")):
        refused = seeded_cli(*command, "--json", "nope")
        assert refused.exit_code == 2 and "no field 'nope'" in refused.stderr, command
        assert seeded_cli(*command, "--json", "key,title").stdout.strip() == "[]"


def test_the_entry_fields_named_are_those_an_entry_gives(seeded_cli: Run) -> None:
    from storyline.projections.entries import TimelineEntry

    given = json.loads(seeded_cli("timeline", "--as-of", "2025-09-30", "--json").stdout)
    assert set(given[0]) <= set(TimelineEntry.JSON_FIELDS)
    assert set(TimelineEntry.JSON_FIELDS) == {k for entry in given for k in entry}
