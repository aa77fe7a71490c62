"""Every command is documented: it has --help text, every option of it says what it does, and the
README shows it (in the style of sqlite-utils' docs test)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from storyline.cli.main import COMMAND_MODULES, main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
KINDS = ["strike", "intelligence-pause", "statement", "protest"]  # typed kinds, and one of the user's own


def command(name: str) -> click.Command:
    found = main.get_command(click.Context(main), name)
    assert found is not None, name
    return found


def undocumented_options(cmd: click.Command) -> list[str]:
    return [
        "/".join(p.opts)
        for p in cmd.params
        if isinstance(p, click.Option) and not p.hidden and not (p.help or "").strip()
    ]


@pytest.mark.parametrize("name", list(COMMAND_MODULES))
def test_every_command_has_help_and_every_option_says_what_it_does(name: str) -> None:
    cmd = command(name)
    assert (cmd.help or "").strip(), f"`storyline {name}` has no --help text"
    assert undocumented_options(cmd) == [], f"`storyline {name}` has options without help"


@pytest.mark.parametrize("kind", KINDS)
def test_every_record_kind_has_help(kind: str) -> None:
    record = command("record")
    assert isinstance(record, click.Group)
    cmd = record.get_command(click.Context(record), kind)
    assert cmd is not None and (cmd.help or "").strip()
    assert undocumented_options(cmd) == []


@pytest.mark.parametrize("name", list(COMMAND_MODULES))
def test_every_command_is_in_the_readme(name: str) -> None:
    assert re.search(rf"storyline {re.escape(name)}\b", README), f"README never shows `storyline {name}`"
