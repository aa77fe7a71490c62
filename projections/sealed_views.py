"""An encrypted store's views, kept between commands without ever reaching a disk in the clear.

The views of an encrypted store live in a private in-memory SQLite database (database.py). So
that each command need not rebuild them from the whole log, the database is written, when a
command has moved it on, as one image sealed with AES-GCM (the cipher the log's events use,
under a key derived from the store's for this one purpose) beside the store:
`storyline.db.views`. The next command opens the seal into memory and catches up from there.

An image is used only if it opens with this key and was made from this very log: it names the
log position it stands at and a digest of the stored (encrypted) event at that position, which
no other log holds. Anything else — another key, another store at the same path, a damaged or
truncated file, a log rebuilt from a copy — and the image is ignored and the views are built
from the log, as before. The mark is sealed on its own, ahead of the views, so that an image of
another log is refused before its views (hundreds of megabytes at 100,000 entries) are opened;
the views are sealed bound to it, so no mark can be laid over another image's views. The views
are opened straight from the mapped file into the database the commands read: each copy of an
image that size costs a read command a noticeable part of a second.

Only SQLite stores have the file; an encrypted PostgreSQL store still builds its views in memory
per process (the shared database is the wrong place for one person's cache, and the right one is
not ours to choose).
"""

from __future__ import annotations

import hashlib
import mmap
import os
import sqlite3
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from storyline.store import StoryStore
from storyline.store.chain import derived_secret

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SUFFIX = ".views"
# What an image file starts with; an image of an earlier layout is not this, and is made anew.
MAGIC = b"storyline sealed views 2\n"
NONCE = 12  # bytes of an AES-GCM nonce


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


def _sealer(store: StoryStore) -> AESGCM | None:
    """AES-GCM under a key of the store's own for this one purpose (None: a plain store)."""
    key = derived_secret(store.cipher_key, "sealed views")
    if key is None:
        return None
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def open_image(store: StoryStore, connection: sqlite3.Connection) -> int:
    """Fill the (empty) in-memory views behind `connection` from the sealed image, if there is
    one made from this log. Returns the position it stands at (0: nothing was taken)."""
    path = image_path(store)
    sealer = _sealer(store)
    if path is None or sealer is None or not path.exists():
        return 0
    fresh = connection.serialize()  # the empty views, should the image fail part-way in
    try:
        opened = _opened(store, sealer, path)
        if opened is None:
            return 0
        position, plain = opened
        connection.deserialize(plain)
    except Exception:  # another key, another log, a damaged file: built from the log instead
        connection.deserialize(fresh)
        return 0
    return position


def _opened(store: StoryStore, sealer: AESGCM, path: Path) -> tuple[int, bytes] | None:
    """(position, the views' database) of the image at `path`, if it is this log's. The file is
    mapped, not read: the views are decrypted straight from it."""
    with (
        path.open("rb") as handle,
        mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped,
        memoryview(mapped) as image,
    ):
        if bytes(image[: len(MAGIC)]) != MAGIC:
            return None  # not an image of this layout
        at = len(MAGIC)
        (length,) = struct.unpack(">I", bytes(image[at : at + 4]))
        sealed_mark = bytes(image[at + 4 : at + 4 + length])
        mark = sealer.decrypt(sealed_mark[:NONCE], sealed_mark[NONCE:], MAGIC).decode("ascii")
        position = int(mark.split(":")[0]) if mark.split(":")[0].isdigit() else 0
        if not position or mark != log_mark(store, position):
            return None
        at += 4 + length
        nonce = bytes(image[at : at + NONCE])
        with image[at + NONCE :] as sealed_views:
            return position, sealer.decrypt(nonce, sealed_views, MAGIC + mark.encode("ascii"))


def seal_image(store: StoryStore, connection: sqlite3.Connection, position: int) -> None:
    """Write the in-memory views behind `connection`, standing at `position`, as the sealed
    image: written whole to a file of the owner's only, then moved over the old one."""
    path = image_path(store)
    sealer = _sealer(store)
    if path is None or sealer is None:
        return
    mark = log_mark(store, position)
    if not mark:
        return
    mark_nonce, views_nonce = os.urandom(NONCE), os.urandom(NONCE)
    sealed_mark = mark_nonce + sealer.encrypt(mark_nonce, mark.encode("ascii"), MAGIC)
    sealed_views = sealer.encrypt(views_nonce, connection.serialize(), MAGIC + mark.encode("ascii"))
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for part in (MAGIC, struct.pack(">I", len(sealed_mark)), sealed_mark, views_nonce, sealed_views):
                handle.write(part)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def forget_image(store: StoryStore) -> None:
    path = image_path(store)
    if path is not None:
        path.unlink(missing_ok=True)
