"""Looking after a store: stats, rebuild, and copying a whole log into another store (SQLite
to PostgreSQL and back), event for event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Run, fresh_postgres_url


def test_stats_counts_the_log_and_where_the_views_stand(seeded_cli: Run) -> None:
    figures = json.loads(seeded_cli("stats", "--json").stdout)
    assert figures["entries"] == 21 and figures["stories"] == 1 and figures["actors"] == 27
    assert figures["events"] >= 21 + 27
    assert figures["size_bytes"] > 0
    assert all(
        view["lag"] == 0 and view["position"] == figures["events"] for view in figures["views"].values()
    )
    assert "view timeline" in seeded_cli("stats").stdout


def test_an_encrypted_stores_size_counts_its_views_file(cli: Run, tmp_path: Path) -> None:
    store = tmp_path / "e.db"
    with_key = {"STORYLINE_CIPHER_KEY": cli("keygen").stdout.strip(), "STORYLINE_STORE": str(store)}
    assert cli("import", "--bundled", "caribbean-2025", env=with_key).exit_code == 0
    figures = json.loads(cli("stats", "--json", env=with_key).stdout)
    views = store.with_name("e.db.views")
    assert views.exists()
    assert figures["size_bytes"] >= store.stat().st_size + views.stat().st_size


def test_rebuild_gives_the_same_views(seeded_cli: Run) -> None:
    seeded_cli("correct", "strike-toll", "--set", "killed=at least 80", "--reported", "2025-11-20")
    before = [seeded_cli("timeline", "--json").stdout, seeded_cli("at", "2025-11-30", "--json").stdout]
    result = seeded_cli("rebuild")
    assert result.exit_code == 0 and "Rebuilt the views from" in result.stdout
    assert [
        seeded_cli("timeline", "--json").stdout,
        seeded_cli("at", "2025-11-30", "--json").stdout,
    ] == before


@pytest.mark.postgres
def test_copy_moves_a_log_between_backends_event_for_event(
    seeded_cli: Run, store_url: str, tmp_path: Path, postgres_database: str
) -> None:
    seeded_cli("retract", "venezuela-irked", "--reported", "2025-11-25", "--why", "misread")
    target = str(tmp_path / "copied.db") if "://" in store_url else fresh_postgres_url(postgres_database)
    result = seeded_cli("copy", "--to", target)
    assert result.exit_code == 0, result.stderr
    assert "Copied" in result.stdout

    def ask(store: str | None, *args: str) -> str:
        return seeded_cli(*args, env={"STORYLINE_STORE": store} if store else None).stdout

    for args in (
        ("timeline", "--json"),
        ("history", "venezuela-irked", "--json"),
        ("at", "2025-11-30", "--json"),
    ):
        # Identical, down to when each event was recorded: the copy is the same log.
        assert ask(target, *args) == ask(None, *args), args
    again = seeded_cli("copy", "--to", target)
    assert again.exit_code == 2 and "already holds events" in again.stderr


def test_verify_says_all_is_well_and_finds_what_is_wrong(seeded_cli: Run, store_url: str) -> None:
    ok = seeded_cli("verify")
    assert ok.exit_code == 0 and "All is well" in ok.stdout
    from storyline.projections import Views
    from storyline.store import StoryStore, locate

    def problems() -> set[tuple[str, str]]:
        result = seeded_cli("verify", "--json")
        assert result.exit_code == 1
        return {
            (p["where"], p["what"].split(" (")[0].split(":")[0])
            for p in json.loads(result.stdout)["problems"]
        }

    store = StoryStore(locate(store_url))
    views = Views(store)
    try:
        with views.database.transaction(commit=True) as cursor:
            cursor.execute(
                views.database.sql("UPDATE tally_now SET killed = killed + 5 WHERE edge = ?"), ("e",)
            )
    finally:
        views.close()
        store.close()
    assert problems() == {("view tally_now", "differs from a rebuild from the log")}
    if "://" in store_url:
        return
    import sqlite3

    raw = sqlite3.connect(store_url)
    raw.execute("UPDATE stored_events SET state = ? WHERE rowid = 30", (b"{not json",))
    raw.execute("DELETE FROM stored_events WHERE rowid = 40")
    raw.commit()
    raw.close()
    found = problems()
    assert ("position 30", "does not decode") in found
    assert ("position 40", "missing") in found
    assert ("views", "not compared with a rebuild") in found


def test_a_copy_cut_short_says_so_everywhere_and_finishes_when_run_again(
    seeded_cli: Run, store_url: str, tmp_path: Path
) -> None:
    """Issue 9, item 8: a copy killed at event 1,000 of 3,010 left a store that `verify` called
    well, and a rerun refused ("already holds events")."""
    from storyline.store import StoryStore, locate

    target = tmp_path / "copy.db"
    source, destination = StoryStore(locate(store_url)), StoryStore(locate(str(target)))

    def cut(done: int, total: int) -> None:
        raise KeyboardInterrupt  # what a kill leaves: the batches before it, whole

    try:
        with pytest.raises(KeyboardInterrupt):
            source.copy_log_to(destination, progress=cut, batch=10)
    finally:
        source.close()
        destination.close()
    for command in (
        ("timeline",),
        ("verify",),
        ("stats",),
        ("record", "strike", "--on", "2025-09-09", "--title", "x"),
    ):
        result = seeded_cli(*command, "--store", str(target))
        assert result.exit_code == 2, command
        assert "is an unfinished copy of" in result.stderr and "again to finish it" in result.stderr, command
    finished = seeded_cli("copy", "--to", str(target))
    assert finished.exit_code == 0, finished.stderr
    assert seeded_cli("verify", "--store", str(target)).exit_code == 0
    copied = seeded_cli("timeline", "--json", "--store", str(target)).stdout
    assert copied == seeded_cli("timeline", "--json").stdout
    again = seeded_cli("copy", "--to", str(target))
    assert again.exit_code == 2 and "already holds events" in again.stderr
