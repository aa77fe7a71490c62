"""An encrypted store's views, kept between commands without ever reaching a disk in the clear.

Beside an encrypted SQLite store lie its views, `storyline.db.views`: a database of their own,
every page of it (and of its write-ahead log) encrypted by SQLCipher under a key derived from
the store's for this one purpose. A command reads only the pages it needs, so a read on an
encrypted store costs about what it costs on a plain one. The views record the log they were
made from: beside their position, a digest of the stored (encrypted) event at that position,
which no other log holds. Views of another log — another store once at the same path, a log
rebuilt from a copy — are forgotten and made again from the log; so is a file this key does not
open (another key's, damaged, or the whole-image file of earlier versions).

Where SQLCipher has no wheel (it has one for Linux on x86-64), the views live in a private
in-memory database instead, and a command that moved them writes them out as one image sealed
with AES-GCM (the cipher the log's events use) at the same path; the next command opens the
seal into memory and catches up from there. That image is used only if it opens with this key
and bears this log's mark, sealed on its own ahead of the views, so that an image of another
log is refused before its views (hundreds of megabytes at 100,000 entries) are opened.

Only SQLite stores have the file; an encrypted PostgreSQL store still builds its views in memory
per process (the shared database is the wrong place for one person's cache, and the right one is
not ours to choose).
"""

from __future__ import annotations

import mmap
import os
import sqlite3
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventsourcing.sqlite import SQLiteDatastore

from storyline.store import StoryStore
from storyline.store.chain import derived_secret

from .database import SQLiteViewDatabase, ViewsDamaged
from .formats.files import STORE_SUFFIXES
from .tables import Table

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SUFFIX = ".views"
LOCK = ".lock"  # beside the views' file: taken to open it, and alone to set it aside
# What an image file starts with; an image of an earlier layout is not this, and is made anew.
MAGIC = b"storyline sealed views 2\n"
NONCE = 12  # bytes of an AES-GCM nonce


def image_path(store: StoryStore) -> Path | None:
    """Where an encrypted SQLite store keeps its sealed views (None: it has none)."""
    path = store.location.path
    if not store.is_encrypted or path is None:
        return None
    return path.with_name(path.name + SUFFIX)


def page_cipher() -> Any | None:
    """SQLCipher's DB-API module, where it is installed (None: the views are kept as an image)."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return None
    return dbapi2


class SealedViewDatabase(SQLiteViewDatabase):
    """The views of an encrypted SQLite store, in their own file, encrypted page by page."""

    def __init__(self, store: StoryStore, driver: Any) -> None:
        path, key = image_path(store), derived_secret(store.cipher_key, "view pages")
        salt = derived_secret(store.cipher_key, "view pages salt")
        assert path and key and salt, "only an encrypted SQLite store's views are sealed"
        # The library's recorder wants a datastore; every connection is ours (its own is never opened).
        super().__init__(SQLiteDatastore(":memory:", lock_timeout=store.location.lock_timeout))
        # A raw key, and the salt given with it rather than drawn at random by whichever process
        # makes the file first: every process opens the file alike, a new one included.
        self.store, self.path, self.driver, self._key = store, path, driver, key.hex() + salt[:16].hex()

    def _connect(self) -> Any:
        # Whoever finds the file unreadable sets it aside under an exclusive lock, and everyone
        # else opens it under a shared one: no command opens the file of one set of views and
        # the write-ahead log of another.
        with self._file_lock(exclusive=False):
            try:
                return self._private_connection()
            except self.driver.OperationalError:
                raise  # busy, or not there: not a reason to forget anything
            except self.driver.DatabaseError:
                pass  # not a database this key opens: views to make anew
        with self._file_lock(exclusive=True):
            try:
                return self._private_connection()  # made anew meanwhile by another command
            except self.driver.OperationalError:
                raise
            except self.driver.DatabaseError:
                self._forget()
                return self._private_connection()

    @contextmanager
    def _file_lock(self, *, exclusive: bool) -> Iterator[None]:
        import fcntl  # SQLCipher's wheel is for Linux only

        lock = os.open(self.path.with_name(self.path.name + LOCK), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            yield
        finally:
            os.close(lock)  # and with it the lock

    def _private_connection(self) -> Any:
        # The owner's alone, as the store is; SQLite gives its -wal and -shm files the same mode.
        os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        return self._connection_to(str(self.path))

    def _prepare(self, connection: Any) -> None:
        try:
            connection.execute("PRAGMA cipher_log_level = NONE")  # its errors are ours to say
            connection.execute(f"PRAGMA key = \"x'{self._key}'\"")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the key opens it
            connection.execute("PRAGMA temp_store = MEMORY")  # sorts and temporary tables: never a file
            # Each page read from the file is decrypted again: a catch-up's index pages stay in memory.
            connection.execute("PRAGMA cache_size = -65536")
            connection.execute("PRAGMA journal_mode = WAL")
        except BaseException:
            connection.close()
            raise

    def _forget(self) -> None:
        for suffix in STORE_SUFFIXES:
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)

    def _translated(self, exc: Exception) -> Exception:
        if isinstance(exc, self.driver.DatabaseError) and not isinstance(
            exc, self.driver.OperationalError | self.driver.IntegrityError
        ):  # a page that does not decrypt or does not read: damage, which a rebuild starts afresh from
            return ViewsDamaged(f"{self.path.name}: {' '.join(str(exc).split())}")
        return super()._translated(exc)

    def open(self, tables: tuple[Table, ...]) -> None:
        """Make the views ready: another log's are emptied, then as for any store. A file whose
        first pages do not read is made anew."""
        try:
            with self.transaction(commit=False) as c:
                present = self.existing_tables(c)
                ready = self.tracking_table in present and not self._another_logs(c, present)
        except ViewsDamaged:
            self.start_afresh(tables)
            return
        if not ready:
            with self.transaction(commit=True) as c:
                self._make_tracking(c)
                if self._another_logs(c, self.existing_tables(c)):  # asked again, under the lock
                    # Emptied in place: their tables are made anew below.
                    c.execute("DELETE FROM view_meta WHERE name = 'version'")
                    self.set_position(c, 0)
        self.create_views(tables)

    def start_afresh(self, tables: tuple[Table, ...]) -> None:
        """A new, empty file for the views (a rebuild's, or in place of a damaged one)."""
        with self._file_lock(exclusive=True):
            self.close()
            self._forget()
            self._connection = self._private_connection()
        with self.transaction(commit=True) as c:
            self._make_tracking(c)
        self.create_views(tables)

    def _make_tracking(self, cursor: Any) -> None:
        for statement in self.construct_create_table_statements():  # the library's tracking table
            cursor.execute(statement)

    def _another_logs(self, cursor: Any, present: dict[str, str]) -> bool:
        """Whether the views stand at a position whose mark is not this log's."""
        if "view_meta" not in present or self.tracking_table not in present:
            return False  # nothing made yet (or half of it: create_views makes it whole)
        position = self.position(cursor)
        cursor.execute("SELECT value FROM view_meta WHERE name = 'log'")
        row = cursor.fetchone()
        return position != 0 and (row is None or row["value"] != log_mark(self.store, position))

    def set_position(self, cursor: Any, position: int) -> None:
        super().set_position(cursor, position)
        cursor.execute("DELETE FROM view_meta WHERE name = 'log'")
        cursor.execute(
            "INSERT INTO view_meta (name, value) VALUES ('log', ?)", (log_mark(self.store, position),)
        )


def log_mark(store: StoryStore, position: int) -> str:
    """What the log holds at `position`: its number and a digest of that stored event's bytes
    (encrypted with a fresh nonce when written, so no other log has the same)."""
    if position <= 0:
        return "0:"
    found = store.recorder.select_notifications(position, 1)
    if not found or found[0].id != position:
        return ""
    import hashlib  # an encrypted store's only: a plain store's read does not load it

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
