"""Where a store's key comes from: `--key-file` (or STORYLINE_KEY_FILE), a file readable by its
owner only; else STORYLINE_CIPHER_KEY. No key, no encryption."""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from storyline.domain import DomainError

KEY_ENV = "STORYLINE_CIPHER_KEY"
KEY_FILE_ENV = "STORYLINE_KEY_FILE"


class KeyFileRefused(DomainError):
    pass


def read_key_file(path: Path) -> str:
    try:
        info = path.stat()
    except OSError as exc:
        raise KeyFileRefused(f"cannot read the key file {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise KeyFileRefused(f"the key file {path} is not a file")
    if info.st_mode & 0o077:
        raise KeyFileRefused(f"the key file {path} can be read by others: `chmod 600 {path}` first")
    key = path.read_text(encoding="utf-8").strip()
    if not key:
        raise KeyFileRefused(
            f"the key file {path} is empty: make a key with `storyline keygen --file {path}`"
        )
    return key


def key_file_in_use(key_file: str | None, environ: Mapping[str, str]) -> Path | None:
    chosen = key_file or environ.get(KEY_FILE_ENV)
    return Path(chosen).expanduser() if chosen else None


def resolve_key(key_file: str | None, environ: Mapping[str, str]) -> str | None:
    """The key to open the store with, or None for a store without one. A key asked for but
    empty is refused, never taken for "no key": `STORYLINE_CIPHER_KEY="$(cat ~/.mistyped)"`
    must not write a store in the clear."""
    chosen = key_file_in_use(key_file, environ)
    if chosen is not None:
        return read_key_file(chosen)
    if KEY_ENV not in environ:
        return None
    key = environ[KEY_ENV].strip()
    if not key:
        raise KeyFileRefused(
            f"{KEY_ENV} is set but empty: give the key itself, or unset it to open a store without one"
        )
    return key


def write_key_file(path: Path, key: str) -> None:
    """A new file, readable by its owner only; an existing one is never overwritten."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileRefused(f"{path} exists already: a key file is never overwritten") from None
    except OSError as exc:
        raise KeyFileRefused(f"cannot write {path}: {exc.strerror or exc}") from None
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(key + "\n")
