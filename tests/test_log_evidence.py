"""The log as evidence (issue 9, items 10 and 11): `verify` names the first event altered,
removed, inserted or moved, whatever the views hold, through a hash chain written with the
events; and a store holding events this Storyline cannot read — from a newer version, or
tampered with — is one clear line on every command, never a traceback or an import of the
module a stored topic names."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from .conftest import Run

FIXTURE = Path(__file__).parent / "fixtures" / "store-v1.db"


class Raw:
    """The store's tables, reached behind Storyline's back, as someone holding the file would."""

    def __init__(self, store_url: str) -> None:
        self.url = store_url
        self.postgres = "://" in store_url
        self.events = "storyline_events" if self.postgres else "stored_events"
        self.position = "notification_id" if self.postgres else "rowid"
        self.chain = "storyline_log_chain" if self.postgres else "log_chain"
        self.tracking = "storyline_tracking" if self.postgres else "tracking"

    def __call__(self, statement: str, params: tuple[Any, ...] = ()) -> list[Any]:
        statement = statement.format(
            events=self.events, pos=self.position, chain=self.chain, tracking=self.tracking
        )
        if not self.postgres:
            connection = sqlite3.connect(self.url)
            try:
                rows = connection.execute(statement, params).fetchall()
                connection.commit()
                return rows
            finally:
                connection.close()
        database, schema = self.url.split("?schema=")
        with psycopg.connect(database, autocommit=True) as connection:
            connection.execute(f'SET search_path TO "{schema}"')
            cursor = connection.execute(statement.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []

    def state(self, position: int) -> bytes:
        return bytes(self("SELECT state FROM {events} WHERE {pos} = ?", (position,))[0][0])

    def set_state(self, position: int, state: bytes) -> None:
        self("UPDATE {events} SET state = ? WHERE {pos} = ?", (state, position))

    def last(self) -> int:
        return int(self("SELECT MAX({pos}) FROM {events}")[0][0])

    def position_of(self, needle: bytes) -> int:
        for position, state in self("SELECT {pos}, state FROM {events} ORDER BY {pos}"):
            if needle in bytes(state):
                return int(position)
        raise AssertionError(needle)


@pytest.fixture
def raw(store_url: str) -> Raw:
    return Raw(store_url)


def problems(cli: Run, *args: str) -> list[dict[str, str]]:
    result = cli("verify", "--json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)["problems"]


# -- the chain -------------------------------------------------------------------------------------


def test_an_edited_event_is_named_even_after_a_rebuild(seeded_cli: Run, raw: Raw) -> None:
    """Seen: an edit was detected until `storyline rebuild`, after which verify said all was well."""
    position = raw.position_of(b"Holsey")
    raw.set_state(position, raw.state(position).replace(b"Holsey", b"Holzey"))
    assert seeded_cli("rebuild").exit_code == 0
    found = problems(seeded_cli)
    assert {"where": f"position {position}", "what": found[0]["what"]} in found
    assert "was altered" in found[0]["what"]
    assert seeded_cli("verify").exit_code == 1


def test_removing_the_last_event_is_named(seeded_cli: Run, raw: Raw) -> None:
    """Seen: deleting the last event passed."""
    last = raw.last()
    raw("DELETE FROM {events} WHERE {pos} = ?", (last,))
    found = problems(seeded_cli)
    assert found[0]["where"] == f"position {last}" and "was removed" in found[0]["what"]


def test_an_event_added_behind_storylines_back_is_named(seeded_cli: Run, raw: Raw) -> None:
    raw(
        "INSERT INTO {events} (originator_id, originator_version, topic, state) "
        "SELECT originator_id, originator_version + 100, topic, state FROM {events} WHERE {pos} = 5"
    )
    found = problems(seeded_cli)
    assert found and found[0]["where"] == f"position {raw.last()}" and "not in the chain" in found[0]["what"]


def test_swapped_ciphertexts_of_an_encrypted_store_are_named(cli: Run, raw: Raw) -> None:
    """Seen: on an encrypted store, swapping two rows' ciphertexts passed."""
    key = cli("keygen").stdout.strip()
    env = {"STORYLINE_CIPHER_KEY": key}
    assert cli("import", "--bundled", "caribbean-2025", env=env).exit_code == 0
    a, b = raw.state(10), raw.state(11)
    raw.set_state(10, b)
    raw.set_state(11, a)
    found = problems(lambda *args: cli(*args, env=env))
    assert [p["where"] for p in found[:2]] == ["position 10", "position 11"]


def test_a_kept_head_proves_the_log_unchanged_even_against_a_recomputed_chain(
    seeded_cli: Run, raw: Raw
) -> None:
    """A plain store's chain can be recomputed by whoever edits it; the head kept elsewhere cannot."""
    from eventsourcing.persistence import StoredEvent

    from storyline.store.chain import GENESIS, LogChain

    shown = seeded_cli("verify", "--head")
    assert shown.exit_code == 0 and "Head of the log's chain: " in shown.stdout
    head = shown.stdout.rsplit(": ", 1)[1].strip()
    proven = seeded_cli("verify", "--expect", head)
    assert proven.exit_code == 0 and "is as it was" in proven.stdout
    # An editor who knows how the public chain is made rewrites an event and every link after it.
    position = raw.position_of(b"Holsey")
    raw.set_state(position, raw.state(position).replace(b"Holsey", b"Holzey"))
    rows = raw("SELECT {pos}, originator_id, originator_version, topic, state FROM {events} ORDER BY {pos}")
    events = [(int(p), StoredEvent(_uuid(o), v, t, bytes(s))) for p, o, v, t, s in rows]
    raw("DELETE FROM {chain}")
    for position_, link in LogChain().links(GENESIS, events):
        raw("INSERT INTO {chain} (position, link) VALUES (?, ?)", (position_, link))
    assert seeded_cli("rebuild").exit_code == 0  # ... and makes the views agree
    assert seeded_cli("verify").exit_code == 0  # the chain alone is fooled ...
    refused = seeded_cli("verify", "--expect", head)  # ... the head kept elsewhere is not
    assert refused.exit_code == 1 and "not what it was when that head was taken" in refused.stdout
    bad = seeded_cli("verify", "--expect", "12:nothex")
    assert bad.exit_code == 2 and "is not a head" in bad.stderr


def _uuid(value: Any) -> Any:
    import uuid

    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


def test_a_store_written_before_the_chain_gets_one_on_first_open_and_says_so(
    cli: Run, tmp_path: Path
) -> None:
    old = tmp_path / "old.db"
    shutil.copy(FIXTURE, old)
    first = cli("timeline", "--store", str(old))
    assert first.exit_code == 0, first.stderr
    assert "had no hash chain: its 52 events are chained now" in first.stderr
    again = cli("timeline", "--store", str(old))
    assert again.exit_code == 0 and "hash chain" not in again.stderr
    assert cli("verify", "--store", str(old)).exit_code == 0


def test_writes_keep_the_chain_whole(seeded_cli: Run) -> None:
    """Every path that writes — record, correct, retract, corroborate, import — links its events."""
    assert seeded_cli("record", "strike", "--story", "caribbean-2025", "--on", "2025-09-09", "--title", "One more",
                      "--source", "CNN").exit_code == 0  # fmt: skip
    assert (
        seeded_cli(
            "correct", "strike-toll", "--set", "killed=at least 81", "--reported", "2025-11-20"
        ).exit_code
        == 0
    )
    assert (
        seeded_cli("corroborate", "uk-pause", "--source", "BBC", "--published", "2025-11-12").exit_code == 0
    )
    assert seeded_cli("retract", "venezuela-irked", "--reported", "2025-11-25").exit_code == 0
    assert problems(seeded_cli) == []


# -- events this Storyline cannot read -------------------------------------------------------------

ZEN = "Beautiful is better than ugly"


def _append(raw: Raw, topic: str, state: bytes, like: int = 5, version: int = 100) -> None:
    raw(
        "INSERT INTO {events} (originator_id, originator_version, topic, state) "
        "SELECT originator_id, originator_version + ?, ?, ? FROM {events} WHERE {pos} = ?",
        (version, topic, state, like),
    )


def _stores_from_the_future(raw: Raw) -> Iterator[str]:
    """One damage at a time, on the same store: each appended as if a later version wrote it."""
    recorded_at = raw.position_of(b'"record"')
    recorded = json.loads(raw.state(recorded_at))
    corrected = {  # a correction as this version writes one
        "timestamp": recorded["timestamp"],
        "reported": {"_type_": "date", "_data_": "2025-11-20"},
        "changes": {"_type_": "changes", "_data_": [["notes", "later"]]},
        "source": None,
        "why": "a later report",
        "ref": None,
    }
    cases = {
        "an unknown kind of event": ("storyline.domain.entry:Entry.Merged", json.dumps(corrected)),
        "a topic naming any module": ("this:s", json.dumps(corrected)),
        "a newer version of a known event": (
            "storyline.domain.entry:Entry.Corrected",
            json.dumps({**corrected, "class_version": 99}),
        ),
        "an unknown kind of fact": (
            "storyline.domain.entry:Entry.Corrected",
            json.dumps({**corrected, "source": {"_type_": "fact:teleportation", "_data_": {}}}),
        ),
        "an aggregate naming any module": (
            "storyline.domain.entry:Entry.Recorded",
            json.dumps({**recorded, "originator_topic": "this:s"}),
        ),
    }
    for name, (topic, state) in cases.items():
        _append(raw, topic, state.encode(), like=recorded_at)
        yield name
        raw("DELETE FROM {events} WHERE {pos} = ?", (raw.last(),))


@pytest.mark.parametrize(
    "command",
    [
        ("timeline",),
        ("at", "2025-11-12"),
        ("history", "strike-toll"),
        ("export", "--format", "json"),
        ("rebuild",),
    ],
)
def test_events_from_a_newer_storyline_are_one_line(
    seeded_cli: Run, raw: Raw, command: tuple[str, ...]
) -> None:
    for damage in _stores_from_the_future(raw):
        raw(
            "DELETE FROM {tracking} WHERE application_name = 'Storyline'"
        )  # the views must read the log again
        result = seeded_cli(*command)
        assert result.exit_code != 0, (damage, result.stdout)
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, (damage, result.stderr)
        assert "written by a newer Storyline, or is damaged" in result.stderr, (damage, result.stderr)
        assert ZEN not in result.stdout + result.stderr, damage  # `this` was never imported


def test_verify_names_an_event_from_a_newer_storyline(seeded_cli: Run, raw: Raw) -> None:
    for damage in _stores_from_the_future(raw):
        raw("DELETE FROM {tracking} WHERE application_name = 'Storyline'")
        result = seeded_cli("verify", "--json")
        assert result.exit_code == 1, (damage, result.stderr)
        found = json.loads(result.stdout)["problems"]
        assert any(
            p["where"] == f"position {raw.last()}" and "newer Storyline" in p["what"] for p in found
        ), damage
        assert ZEN not in result.stdout + result.stderr
