"""A store written by an older Storyline still opens. tests/fixtures/store-v1.db was written
when `Corroborated` events had no `why`; version 2 added it, and the library's upcasting
(`class_version`, `upcast_v1_v2`) fills it in as the old events are read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from storyline.domain import Entry, entry_id
from storyline.store import StoryStore, locate

from .conftest import Run

FIXTURE = Path(__file__).parent / "fixtures" / "store-v1.db"


def test_the_fixture_holds_version_one_events() -> None:
    import sqlite3

    connection = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    try:
        (state,) = connection.execute(
            "SELECT state FROM stored_events WHERE topic LIKE '%Corroborated'"
        ).fetchone()
    finally:
        connection.close()
    data = json.loads(state)
    assert "why" not in data and "class_version" not in data


def test_an_older_store_loads_through_upcasting(tmp_path: Path) -> None:
    copy = tmp_path / "old.db"
    shutil.copy(FIXTURE, copy)
    store = StoryStore(locate(str(copy)))
    try:
        events = store.entry_events(entry_id("caribbean-2025", "uk-pause"))
        corroborated = events[-1]
        assert isinstance(corroborated, Entry.Corroborated)
        assert corroborated.why is None
        assert corroborated.source.outlet == "Reuters"
        entry = store.entry(entry_id("caribbean-2025", "uk-pause"))
        store.corroborate(
            entry.id,
            source=corroborated.source.__class__(outlet="AP"),
            reported=corroborated.reported,
            why="a third source",
        )
        assert store.entry_events(entry.id)[-1].why == "a third source"
    finally:
        store.close()


def test_an_older_store_answers_every_command(tmp_path: Path, cli: Run) -> None:
    copy = tmp_path / "old.db"
    shutil.copy(FIXTURE, copy)
    env = {"STORYLINE_STORE": str(copy)}
    timeline = json.loads(cli("timeline", "--json", env=env).stdout)
    assert len(timeline) == 20  # one of the 21 was retracted
    toll = next(e for e in timeline if e["key"] == "strike-toll")
    assert toll["details"]["killed"]["text"] == "at least 80"
    history = json.loads(cli("history", "uk-pause", "--json", env=env).stdout)
    assert [v["event"] for v in history] == ["recorded", "corroborated"]
    assert history[1]["why"] is None
    assert cli("verify", env=env).exit_code == 0
