"""Writing an export to a file: the whole file or nothing, and never over what must not go.

`-o` is a path a user types, often by completion: it can be the store itself, its key, a pipe
or a link. An export never replaces the store it reads (nor its journal files), a key in use or
any SQLite database; a pipe or a terminal (`-o /dev/stdout`) is written into, not replaced; a
link is followed, and its target replaced, so the link stays.
"""

from __future__ import annotations

import base64
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from storyline.domain import DomainError

SQLITE_HEADER = b"SQLite format 3\x00"
STORE_SUFFIXES = ("", "-wal", "-shm", "-journal")


class ExportFailed(DomainError):
    pass


def store_files(store: Path | None) -> dict[Path, str]:
    """The files a SQLite store consists of (none for a store on a server), and what each is."""
    if store is None:
        return {}
    files = {store.with_name(store.name + suffix): "the store" for suffix in STORE_SUFFIXES}
    views = store.with_name(store.name + ".views")  # an encrypted store's views (sealed_views.py)
    suffixes = (*STORE_SUFFIXES, ".lock")
    return files | {views.with_name(views.name + suffix): "the store's views" for suffix in suffixes}


def write_export(
    path: Path, text: str, *, protected: Mapping[Path, str] = MappingProxyType({}), private: bool = False
) -> None:
    """Write `text` to `path`, refusing the files in `protected` (path → what it is, such as the
    store or the key in use). A new file gets the permissions any file you make gets (your
    umask: a report a web server can serve), or with `private` your own only (the lossless copy
    of a log, as private as the store); a file written over keeps its own."""
    target = Path(os.path.realpath(path))  # a link is followed: its target is what gets written
    for kept, what in protected.items():
        if target == Path(os.path.realpath(kept)) or _same_file(target, kept):
            raise ExportFailed(f"will not write the export over {path}: it is {what}")
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise ExportFailed(f"cannot write {path}: {exc.strerror or exc}") from None
    if mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        _write_into(path, target, text)
        return
    if mode is not None and not stat.S_ISREG(mode):
        raise ExportFailed(f"cannot write {path}: it is neither a file, a pipe nor a terminal")
    if mode is not None and _is_database(target):
        raise ExportFailed(f"will not write the export over {path}: it is a SQLite database")
    if mode is not None and _is_key(target):
        raise ExportFailed(
            f"will not write the export over {path}: it holds a key, and a key lost is a store lost"
        )
    _replace(path, target, text, mode=stat.S_IMODE(mode) if mode is not None else _new_mode(private))


def _new_mode(private: bool) -> int:
    if private:
        return 0o600
    umask = os.umask(0)
    os.umask(umask)  # read, not changed: there is no other way to read it
    return 0o666 & ~umask


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)  # also a hard link to the store
    except OSError:
        return False


def _is_database(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _is_key(path: Path) -> bool:
    """A file holding a store key (as `storyline keygen` writes one), whichever store it opens:
    a key given through STORYLINE_CIPHER_KEY is often kept in a file nobody names here."""
    try:
        if path.stat().st_size > 200:
            return False
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return False
    try:
        return len(base64.b64decode(text, validate=True)) in (16, 24, 32)
    except ValueError:
        return False


def _write_into(path: Path, target: Path, text: str) -> None:
    try:
        with target.open("w", encoding="utf-8", newline="") as out:
            out.write(text)
    except OSError as exc:
        raise ExportFailed(f"cannot write {path}: {exc.strerror or exc}") from None


def _replace(path: Path, target: Path, text: str, *, mode: int) -> None:
    """The whole file or nothing: a temporary file beside the target, renamed onto it."""
    folder = target.parent
    if not folder.is_dir():
        leads = f" (where the link {path} leads)" if path.is_symlink() else ""
        raise ExportFailed(f"cannot write {path}: no such folder {folder}{leads}")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportFailed(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        Path(temporary).chmod(mode)  # mkstemp makes it the owner's only
        Path(temporary).replace(target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise ExportFailed(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
