"""An encrypted store's views, kept between commands without ever reaching a disk in the clear.

The views of an encrypted store live in a private in-memory SQLite database (database.py). So
that each command need not rebuild them from the whole log, the database is written, when a
command has moved it on, as one image sealed with the store's own key (AES-GCM, the cipher the
log's events use) beside the store: `storyline.db.views`. The next command opens the seal into
memory and catches up from where it stands.

An image is used only if it opens with this key and was made from this very log: it names the
log position it stands at and a digest of the stored (encrypted) event at that position, which
no other log holds. Anything else — another key, another store at the same path, a damaged or
truncated file, a log rebuilt from a copy — and the image is ignored and the views are built
from the log, as before. Only SQLite stores have the file; an encrypted PostgreSQL store still
builds its views in memory per process (the shared database is the wrong place for one person's
cache, and the right one is not ours to choose).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from storyline.store import StoryStore

SUFFIX = ".views"
MARK = "log_mark"  # in view_meta: where the image stands in the log, and what the log holds there


def image_path(store: StoryStore) -> Path | None:
    """Where an encrypted SQLite store keeps its sealed views (None: it has none)."""
    path = store.location.path
    if not store.is_encrypted or path is None:
        return None
    return path.with_name(path.name + SUFFIX)


def log_mark(store: StoryStore, position: int) -> str:
    """What the log holds at `position`: its number and a digest of that stored event's bytes
    (encrypted with a fresh nonce when written, so no other log has the same)."""
    if position <= 0:
        return "0:"
    found = store.recorder.select_notifications(position, 1)
    if not found or found[0].id != position:
        return ""
    return f"{position}:{hashlib.sha256(found[0].state).hexdigest()}"


def open_image(store: StoryStore, connection: sqlite3.Connection) -> int:
    """Fill the (empty) in-memory views behind `connection` from the sealed image, if there is
    one made from this log. Returns the position it stands at (0: nothing was taken)."""
    path = image_path(store)
    cipher = store.mapper.cipher
    if path is None or cipher is None or not path.exists():
        return 0
    try:
        plain = cipher.decrypt(path.read_bytes())
        image = sqlite3.connect(":memory:")
        try:
            image.deserialize(plain)
            row = image.execute("SELECT value FROM view_meta WHERE name = ?", (MARK,)).fetchone()
            position = int(str(row[0]).split(":")[0]) if row and row[0] else 0
            if not position or row[0] != log_mark(store, position):
                return 0
            image.backup(connection)
        finally:
            image.close()
    except Exception:  # another key, another log, a damaged file: built from the log instead
        return 0
    return position


def seal_image(store: StoryStore, connection: sqlite3.Connection, position: int) -> None:
    """Write the in-memory views behind `connection`, standing at `position`, as the sealed
    image: written whole to a file of the owner's only, then moved over the old one."""
    path = image_path(store)
    cipher = store.mapper.cipher
    if path is None or cipher is None:
        return
    mark = log_mark(store, position)
    if not mark:
        return
    connection.execute("INSERT OR REPLACE INTO view_meta (name, value) VALUES (?, ?)", (MARK, mark))
    sealed = cipher.encrypt(connection.serialize())
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(sealed)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def forget_image(store: StoryStore) -> None:
    path = image_path(store)
    if path is not None:
        path.unlink(missing_ok=True)
