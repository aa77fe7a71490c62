"""Searching what entries say (projections/search.py): `timeline --grep` and `storyline
search`, over the full-text index on either backend, in the version each clock shows."""

from __future__ import annotations

import json

import pytest

from .conftest import Run, record_strike


def keys(cli: Run, *args: str) -> list[str]:
    result = cli("timeline", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return [e["key"] for e in json.loads(result.stdout)]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("resign", "holsey-offers-resignation"),  # the start of a word in the title
        ("Southern Command", "holsey-offers-resignation"),  # every word, in the summary
        ("HEGSETH", "holsey-offers-resignation"),  # any case
        ("Joint Interagency", "uk-shares-intelligence"),  # the summary's words
    ],
)
def test_grep_finds_entries_by_what_they_say(seeded_cli: Run, words: str, expected: str) -> None:
    assert expected in keys(seeded_cli, "--grep", words)


def test_grep_reads_actors_sources_and_notes_and_needs_every_word(seeded_cli: Run) -> None:
    everything = json.loads(seeded_cli("timeline", "--json").stdout)
    by_cnn = [e["key"] for e in everything if any(s["outlet"] == "CNN" for s in e["sources"])]
    assert set(by_cnn) <= set(keys(seeded_cli, "--grep", "cnn"))
    noted = next(e for e in everything if e["notes"])
    word = max(noted["notes"].split(), key=len).strip('".,():')
    assert noted["key"] in keys(seeded_cli, "--grep", word)
    assert keys(seeded_cli, "--grep", "Holsey resign") == ["holsey-offers-resignation"]
    assert keys(seeded_cli, "--grep", "Holsey zebra") == []


def test_grep_ignores_accents_and_shows_the_version_each_clock_shows(seeded_cli: Run) -> None:
    done = seeded_cli(
        "correct",
        "ford-moves-in",
        "--set",
        "title=The Ford group sails from Bogotá",
        "--reported",
        "2025-11-20",
        "--source",
        "AP",
        "--why",
        "test",
    )
    assert done.exit_code == 0, done.stderr
    assert keys(seeded_cli, "--grep", "bogota") == ["ford-moves-in"]
    assert keys(seeded_cli, "--grep", "bogota", "--known-at", "2025-11-19") == []
    assert keys(seeded_cli, "--grep", "moves into", "--known-at", "2025-11-19") == ["ford-moves-in"]
    assert keys(seeded_cli, "--grep", "moves into") == []  # the title said so, once


def test_search_shows_each_passage_with_its_matches(seeded_cli: Run) -> None:
    found = seeded_cli("search", "resign", "--json")
    assert found.exit_code == 0, found.stderr
    (hit,) = json.loads(found.stdout)
    assert hit["key"] == "holsey-offers-resignation"
    fields = {p["field"]: p for p in hit["passages"]}
    assert {"title", "summary"} <= set(fields)
    title = fields["title"]
    start, end = title["matches"][0]
    assert title["text"][start:end].casefold().startswith("resign")
    shown = seeded_cli("search", "resign")
    assert "holsey-offers-resignation" in shown.stdout and "title:" in shown.stdout


def test_search_text_is_inert(seeded_cli: Run) -> None:
    hostile = "Strike \x1b[2J near \u202eevil the coast"
    record_strike(seeded_cli, hostile)
    shown = seeded_cli("search", "coast")
    assert shown.exit_code == 0, shown.stderr
    assert "\x1b" not in shown.stdout and "\u202e" not in shown.stdout
    assert "coast" in shown.stdout


@pytest.mark.parametrize("text", ["", "   ", "!!", "--"])
def test_a_search_with_no_word_is_one_line(seeded_cli: Run, text: str) -> None:
    for args in (("search", "--", text), ("timeline", f"--grep={text}")):
        result = seeded_cli(*args)
        assert result.exit_code == 2, (args, result.stdout)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and "no word to search for" in lines[0], lines


def test_the_index_is_rebuilt_and_verified_with_the_views(seeded_cli: Run) -> None:
    before = keys(seeded_cli, "--grep", "intelligence")
    assert seeded_cli("rebuild").exit_code == 0
    assert keys(seeded_cli, "--grep", "intelligence") == before
    checked = seeded_cli("verify")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
