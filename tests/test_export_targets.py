"""Where `export -o` may write (issue 9, item 4): never over the store it reads, its journal
files, the key in use or any SQLite database; into a pipe, not over it; through a link, which
stays a link."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from .conftest import Run


def sqlite_only(store_url: str) -> Path:
    if "://" in store_url:
        pytest.skip("a PostgreSQL store has no file to write over")
    return Path(store_url)


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_an_export_never_writes_over_the_store(seeded_cli: Run, store_url: str, suffix: str) -> None:
    store = sqlite_only(store_url)
    target = store.with_name(store.name + suffix)
    result = seeded_cli("export", "--format", "csv", "-o", str(target))
    assert result.exit_code == 2 and "will not write the export over" in result.stderr
    assert result.stderr.count("\n") == 1
    # SQLite removes its journal files when the last connection closes: whatever is left is its own.
    assert not target.exists() or not target.read_bytes().startswith(b"id,story")
    assert store.read_bytes().startswith(b"SQLite format 3")
    assert seeded_cli("timeline").exit_code == 0


def test_an_export_never_writes_over_the_store_through_a_link(
    seeded_cli: Run, store_url: str, tmp_path: Path
) -> None:
    store = sqlite_only(store_url)
    link = tmp_path / "innocent.csv"
    link.symlink_to(store)
    result = seeded_cli("export", "--format", "csv", "-o", str(link))
    assert result.exit_code == 2 and "will not write the export over" in result.stderr
    assert store.read_bytes().startswith(b"SQLite format 3")


def test_an_export_never_writes_over_the_key_in_use(cli: Run, tmp_path: Path) -> None:
    key = tmp_path / "story.key"
    assert cli("keygen", "--file", str(key)).exit_code == 0
    written = key.read_text()
    assert cli("--key-file", str(key), "import", "--bundled", "caribbean-2025").exit_code == 0
    result = cli("--key-file", str(key), "export", "--format", "json", "-o", str(key))
    assert result.exit_code == 2 and "the store's key" in result.stderr
    assert key.read_text() == written
    assert cli("--key-file", str(key), "timeline").exit_code == 0


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_an_export_never_writes_over_an_encrypted_stores_views(
    cli: Run, tmp_path: Path, store_url: str, suffix: str
) -> None:
    store = sqlite_only(store_url)
    key = tmp_path / "story.key"
    assert cli("keygen", "--file", str(key)).exit_code == 0
    assert cli("--key-file", str(key), "import", "--bundled", "caribbean-2025").exit_code == 0
    target = store.with_name(store.name + ".views" + suffix)
    result = cli("--key-file", str(key), "export", "--format", "csv", "-o", str(target))
    assert result.exit_code == 2 and "the store's views" in result.stderr
    assert not target.exists() or not target.read_bytes().startswith(b"id,story")


def test_an_export_never_replaces_another_database(seeded_cli: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    assert seeded_cli("stats", "--store", str(other)).exit_code == 0
    result = seeded_cli("export", "--format", "markdown", "-o", str(other))
    assert result.exit_code == 2 and "is a SQLite database" in result.stderr


def test_an_export_into_a_pipe_writes_into_it(seeded_cli: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = seeded_cli("export", "--format", "csv", "-o", str(fifo))
    reader.join(timeout=30)
    if reader.is_alive() and fifo.is_fifo():  # nothing was written into the pipe: let the reader go
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert result.exit_code == 0, result.stderr
    assert received and received[0].startswith(b"id,story,date")
    assert fifo.is_fifo()  # still the pipe, not a file put in its place


def test_an_export_through_a_link_replaces_its_target_and_keeps_the_link(
    seeded_cli: Run, tmp_path: Path
) -> None:
    target = tmp_path / "reports" / "story.md"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    result = seeded_cli("export", "--format", "markdown", "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and target.read_text().startswith("# UK halts intelligence sharing")
