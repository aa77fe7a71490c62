"""Sources protected at rest: with a key, nothing a user recorded can be read from the store —
events are encrypted by the library's AES-GCM cipher, and the views of an encrypted store live
in memory only. Keys come from `storyline keygen`; the wrong key, or none, is one clear line."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from .conftest import Run

SECRETS = ["Holsey", "caribbean", "Britain", "Hegseth", "sources familiar", "extrajudicial", "JIATF"]


def keygen(cli: Run) -> str:
    result = cli("keygen")
    assert result.exit_code == 0
    key = result.stdout.strip()
    assert len(key) == 44  # 32 bytes in base64
    return key


def stored_bytes(store_url: str) -> bytes:
    """Everything the store holds on disk (SQLite) or in its schema (PostgreSQL), as bytes."""
    if "://" not in store_url:
        path = Path(store_url)
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    database, schema = store_url.split("?schema=")
    chunks = []
    with psycopg.connect(database, autocommit=True) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
        ).fetchall()
        for (table,) in tables:
            for row in connection.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall():
                chunks += [bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode() for v in row]
    return b"\n".join(chunks)


def test_an_encrypted_store_holds_nothing_readable(cli: Run, store_url: str) -> None:
    key = keygen(cli)
    env = {"STORYLINE_CIPHER_KEY": key}
    assert cli("import", "--bundled", "caribbean-2025", env=env).exit_code == 0
    assert (
        cli(
            "correct",
            "holsey-offers-resignation",
            "--set",
            "notes=Hegseth declined",
            "--reported",
            "2025-11-20",
            env=env,
        ).exit_code
        == 0
    )
    shown = cli("actor", "Holsey", env=env)
    assert shown.exit_code == 0 and "Southern Command" in shown.stdout
    assert cli("verify", env=env).exit_code == 0
    raw = stored_bytes(store_url)
    assert len(raw) > 10_000
    for secret in SECRETS:
        assert secret.encode() not in raw and secret.lower().encode() not in raw.lower(), secret


def test_no_key_or_the_wrong_key_is_one_clear_line(cli: Run) -> None:
    key = keygen(cli)
    cli("import", "--bundled", "caribbean-2025", env={"STORYLINE_CIPHER_KEY": key})
    for env, message in (
        ({"STORYLINE_CIPHER_KEY": None}, "is encrypted: give its key"),
        ({"STORYLINE_CIPHER_KEY": keygen(cli)}, "that key does not open the store"),
        ({"STORYLINE_CIPHER_KEY": "not-a-key"}, "is not a key"),
    ):
        result = cli("timeline", env=env)
        assert result.exit_code == 2, env
        assert message in result.stderr and result.stderr.count("\n") == 1


def test_a_key_for_a_plain_store_is_refused(seeded_cli: Run) -> None:
    result = seeded_cli("timeline", env={"STORYLINE_CIPHER_KEY": keygen(seeded_cli)})
    assert result.exit_code == 2 and "is not encrypted" in result.stderr


def test_key_files_are_the_owners_alone(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "story.key"
    made = cli("keygen", "--file", str(path))
    assert made.exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert cli("keygen", "--file", str(path)).exit_code == 2  # never overwritten
    assert cli("--key-file", str(path), "import", "--bundled", "caribbean-2025").exit_code == 0
    listed = cli("--key-file", str(path), "stories")
    assert listed.exit_code == 0, listed.stderr
    assert cli("stories", "--key-file", str(path)).exit_code == 0  # after the command as well
    without = cli("stories")
    assert without.exit_code == 2 and "key" in without.stderr
    path.chmod(0o644)
    refused = cli("--key-file", str(path), "stories")
    assert refused.exit_code == 2 and "can be read by others" in refused.stderr


def test_a_plain_store_copies_into_an_encrypted_one(seeded_cli: Run, tmp_path: Path) -> None:
    key_file = tmp_path / "k"
    seeded_cli("keygen", "--file", str(key_file))
    target = tmp_path / "sealed.db"
    assert seeded_cli("copy", "--to", str(target), "--to-key-file", str(key_file)).exit_code == 0
    plain = json.loads(seeded_cli("timeline", "--json").stdout)
    sealed = json.loads(
        seeded_cli(
            "--key-file", str(key_file), "timeline", "--json", env={"STORYLINE_STORE": str(target)}
        ).stdout
    )
    # The same entries, each under an id the encrypted store made with its key.
    assert [{**e, "id": None} for e in sealed] == [{**e, "id": None} for e in plain]
    assert not {e["id"] for e in sealed} & {e["id"] for e in plain}
    assert b"Holsey" not in b"".join(p.read_bytes() for p in tmp_path.glob("sealed.db*"))


def test_an_encrypted_store_copies_into_a_plain_one_with_its_key_in_the_environment(
    cli: Run, tmp_path: Path, store_url: str
) -> None:
    """Seen in a review: with STORYLINE_CIPHER_KEY set, the library took it for the key of the
    copy's target too (its own setting, under the application's name), and the copy failed."""
    key = cli("keygen").stdout.strip()
    with_key = {"STORYLINE_CIPHER_KEY": key}
    assert cli("import", "--bundled", "caribbean-2025", env=with_key).exit_code == 0
    target = tmp_path / "plain.db"
    copied = cli("copy", "--to", str(target), env=with_key)
    assert copied.exit_code == 0, copied.stderr
    plain = cli("timeline", "--json", env={"STORYLINE_STORE": str(target), "STORYLINE_CIPHER_KEY": None})
    assert plain.exit_code == 0, plain.stderr
    assert len(json.loads(plain.stdout)) == 21


def test_store_files_and_folders_are_the_owners_alone(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "NO_COLOR": "1"}
    env.pop("STORYLINE_STORE", None)
    script = Path(sys.executable).parent / "storyline"
    subprocess.run([str(script), "timeline"], env=env, capture_output=True, check=True)
    folder = tmp_path / "data" / "storyline"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_an_empty_key_is_refused_never_taken_for_none(cli: Run, tmp_path: Path, store_url: str) -> None:
    """Issue 9, item 3: `: > empty.key` then `--key-file empty.key import` wrote a plain store."""
    secret = tmp_path / "secret.csv"
    secret.write_text("date,kind,title,source\n2025-09-02,strike,Holsey's secret strike,CNN\n")
    for content in ("", "   \n", "\n\n"):
        empty = tmp_path / "empty.key"
        empty.write_text(content)
        empty.chmod(0o600)
        result = cli("--key-file", str(empty), "import", str(secret))
        assert result.exit_code == 2 and "is empty" in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1
    for value in ("", "  ", "\n"):
        result = cli("import", str(secret), env={"STORYLINE_CIPHER_KEY": value})
        assert result.exit_code == 2 and "STORYLINE_CIPHER_KEY is set but empty" in result.stderr
    # Nothing was written, in the clear or otherwise.
    if "://" not in store_url:
        assert not Path(store_url).exists() or b"Holsey" not in stored_bytes(store_url)
    else:
        assert b"Holsey" not in stored_bytes(store_url)


def test_the_library_refuses_an_empty_key_too(tmp_path: Path) -> None:
    import pytest

    from storyline.store import KeyRefused, StoryStore, locate

    for key in ("", "   "):
        with pytest.raises(KeyRefused, match="not a key"):
            StoryStore(locate(str(tmp_path / "x.db")), cipher_key=key)


def test_an_encrypted_store_confirms_no_guess(cli: Run, store_url: str, tmp_path: Path) -> None:
    """Issue 9, item 9: entry ids were uuid5 of a public namespace and `story␟key`, stored in the
    clear, so anyone holding the file could test for `caribbean-2025/strike-toll`."""
    from storyline.domain import entry_id

    key = keygen(cli)
    assert cli("import", "--bundled", "caribbean-2025", env={"STORYLINE_CIPHER_KEY": key}).exit_code == 0
    raw = stored_bytes(store_url)
    for guess in ("strike-toll", "uk-pause", "holsey-offers-resignation"):
        public = entry_id("caribbean-2025", guess)
        assert public.hex.encode() not in raw and str(public).encode() not in raw, guess
    # ... while the entries are still found by their own ids, and re-importing adds nothing.
    env = {"STORYLINE_CIPHER_KEY": key}
    assert cli("history", "strike-toll", env=env).exit_code == 0
    again = cli("import", "--bundled", "caribbean-2025", env=env)
    assert again.exit_code == 0 and "0 added" in again.stdout, again.stdout


def test_an_encrypted_store_whose_first_event_begins_with_a_brace_opens_with_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen in a benchmark run: a sealed event begins with its random nonce, and one store in 256
    has a first event whose nonce begins with `{`. That store was taken for a plain one, and
    refused its own key ("is not encrypted: open it without a key")."""
    from eventsourcing.cryptography import AESCipher

    import storyline
    from storyline.store import new_key

    key, path = new_key(), tmp_path / "braced.db"
    # The nonce of every event sealed now begins with "{": the first event's among them.
    monkeypatch.setattr(AESCipher, "random_bytes", staticmethod(lambda n: b"{" + os.urandom(n - 1)))
    with storyline.open(str(path), key=key) as story:
        story.record("strike", {"title": "A strike", "date": "2025-09-02"}, story="boats")
    monkeypatch.undo()
    with storyline.open(str(path), key=key) as story:
        assert [e.title for e in story.timeline()] == ["A strike"]
    with pytest.raises(Exception, match="that key does not open the store"):
        storyline.open(str(path), key=new_key())
    # Without a key it is refused as encrypted when opened, not later as an event that does not decode.
    with pytest.raises(Exception, match="is encrypted: give its key"):
        storyline.open(str(path))
