"""Where the store lives: a SQLite file (the default, in the user's data directory) or a
PostgreSQL database shared by a team. Turned into the `eventsourcing` library's settings."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import attrs
import platformdirs

from storyline.domain import InvalidValue

STORE_ENV = "STORYLINE_STORE"
_SCHEMA = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
# `scheme://user:password@`: the password runs to the last `@` before the host's path.
# Up to the last @ before the host: a password may itself hold a / or a : (unencoded).
_PASSWORD = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s/@:]*:)[^\s@]*@")


def masked(text: str) -> str:
    """Text with the password of every `scheme://user:password@host` in it hidden: store URLs
    are quoted in messages, and a message may end up in a log or a shared terminal."""
    return _PASSWORD.sub(r"\1***@", text)


DEFAULT_FILE = "storyline.db"
# The tables of a store on PostgreSQL, the library's and ours: all there, and nothing is created.
STORE_TABLES = (
    "storyline_events",
    "storyline_events_notification_id_idx",
    "storyline_tracking",
    "storyline_store_meta",
    "storyline_log_chain",
)
# How long a writer waits for another writer's lock before saying the store is busy.
LOCK_TIMEOUT_SECONDS = 10


@attrs.frozen
class StoreLocation:
    url: str
    path: Path | None = None  # the SQLite file, when it is one
    is_default: bool = False
    lock_timeout: int = LOCK_TIMEOUT_SECONDS  # how long to wait for another writer

    @property
    def is_postgres(self) -> bool:
        return self.path is None

    @property
    def label(self) -> str:
        """For messages: a path, or the URL without its password."""
        if self.path is not None:
            return str(self.path)
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        user = f"{parts.username}@" if parts.username else ""
        port = f":{parts.port}" if parts.port else ""
        schema = f"?schema={self.schema}" if self.schema != "public" else ""  # a store of its own
        return f"{parts.scheme}://{user}{host}{port}{parts.path}{schema}"

    def exists(self) -> bool:
        return self.path is None or (self.path.exists() and self.path.stat().st_size > 0)

    def library_settings(self) -> dict[str, str]:
        """The `eventsourcing` environment that opens this store."""
        if self.path is not None:
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.path),
                "SQLITE_LOCK_TIMEOUT": str(self.lock_timeout),
            }
        parts = urlsplit(self.url)
        query = parse_qs(parts.query)
        settings = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": unquote(parts.path.lstrip("/")) or "storyline",
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_LOCK_TIMEOUT": str(self.lock_timeout),
            "POSTGRES_POOL_SIZE": "2",
        }
        if "schema" in query:
            settings["POSTGRES_SCHEMA"] = query["schema"][0]
        return settings

    @property
    def schema(self) -> str:
        return parse_qs(urlsplit(self.url).query).get("schema", ["public"])[0]


@contextmanager
def schema_prepared(location: StoreLocation) -> Iterator[bool]:
    """While the library creates its tables: the schema exists (`?schema=` in the URL), and this
    process holds the schema's advisory lock. PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe
    against another process doing the same at the same moment; the lock makes them take turns.
    Yields whether every table is there already: then no DDL need run at all (DDL waits for the
    locks of every reader and writer of a table, without any timeout of ours)."""
    import psycopg  # only stores on PostgreSQL need it
    from psycopg import sql

    settings = location.library_settings()
    with psycopg.connect(
        dbname=settings["POSTGRES_DBNAME"],
        host=settings["POSTGRES_HOST"],
        port=settings["POSTGRES_PORT"],
        user=settings["POSTGRES_USER"],
        password=settings["POSTGRES_PASSWORD"] or None,
        connect_timeout=int(settings["POSTGRES_CONNECT_TIMEOUT"]),
        autocommit=True,
    ) as connection:
        connection.execute(sql.SQL("SET lock_timeout = {}").format(sql.Literal(f"{location.lock_timeout}s")))
        connection.execute("SELECT pg_advisory_lock(hashtext(%s))", (f"storyline:{location.schema}",))
        try:
            if location.schema != "public":
                connection.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(location.schema))
                )
            found = connection.execute(
                "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relname = ANY(%s)",
                (location.schema, list(STORE_TABLES)),
            ).fetchone()
            typed = connection.execute(
                "SELECT count(*) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
                "WHERE n.nspname = %s AND t.typname = 'stored_event_uuid'",
                (location.schema,),
            ).fetchone()
            yield bool(found and found[0] == len(STORE_TABLES) and typed and typed[0])
        finally:
            connection.execute("SELECT pg_advisory_unlock(hashtext(%s))", (f"storyline:{location.schema}",))


def default_path() -> Path:
    return platformdirs.user_data_path("storyline") / DEFAULT_FILE


def locate(given: str | None = None, environ: Mapping[str, str] = os.environ) -> StoreLocation:
    """`--store` wins, then `STORYLINE_STORE`, then the file in the user's data directory."""
    chosen = given or environ.get(STORE_ENV) or None
    wait = _lock_timeout(environ)
    if chosen is None:
        path = default_path()
        return StoreLocation(url=path.as_uri(), path=path, is_default=True, lock_timeout=wait)
    if chosen.startswith(("postgresql://", "postgres://")):
        try:
            parts = urlsplit(chosen)
            parts.port  # noqa: B018 - a port that is not a number raises here, not later
        except ValueError:
            raise InvalidValue(
                "store", masked(chosen), "is not a URL (postgresql://user:password@host:port/database)"
            ) from None
        if not parts.path.strip("/") or "/" in parts.path.strip("/"):
            raise InvalidValue("store", masked(chosen), "names no database (postgresql://user@host/DATABASE)")
        schema = parse_qs(parts.query).get("schema", ["public"])[0]
        if not _SCHEMA.match(schema):
            raise InvalidValue("store", masked(chosen), "has a schema name that is not letters, digits and _")
        return StoreLocation(url=chosen, lock_timeout=wait)
    if "://" in chosen and not chosen.startswith("file://"):
        raise InvalidValue("store", masked(chosen), "is neither a file path nor a postgresql:// URL")
    path = Path(unquote(urlsplit(chosen).path) if chosen.startswith("file://") else chosen)
    path = path.expanduser().absolute()
    if path.is_dir():
        raise InvalidValue("store", chosen, "is a directory: name a file in it")
    return StoreLocation(url=path.as_uri(), path=path, lock_timeout=wait)


def _lock_timeout(environ: Mapping[str, str]) -> int:
    text = environ.get("STORYLINE_LOCK_TIMEOUT", "").strip()
    if not text:
        return LOCK_TIMEOUT_SECONDS
    if not text.isdigit() or not 0 < int(text) <= 3600:
        raise InvalidValue("STORYLINE_LOCK_TIMEOUT", text, "is not a number of seconds (1 to 3600)")
    return int(text)


def prepare_file(path: Path) -> None:
    """Create the folder and an empty file readable by its owner only, before SQLite does."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
