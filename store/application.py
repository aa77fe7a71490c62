"""The event store: the `eventsourcing` library's application, holding entries and actors.

Every write goes through here. `save()` of several aggregates is one transaction, which is
what makes a batch of an import all-or-nothing.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, StoredEvent

# The aggregates and their values are named through the package, resolved when first used
# (domain/__init__.py): a command that only reads the views never loads them.
from storyline import domain as model
from storyline.domain.errors import DomainError

from .chain import LogChain, chain_problems, derived_secret, head_text
from .location import StoreLocation, prepare_file, schema_prepared
from .mapper import StorylineMapper, UnreadableEvent, catalogue
from .transcodings import StorylineTranscoder

if TYPE_CHECKING:
    from eventsourcing.utils import Environment

    from storyline.domain import ActorRegistry, Changes, Entry, Source, StoryProfile

    from .backends import StoreRecorder


class EntryNotFound(DomainError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"no entry {ref!r} in this store (see `storyline timeline` for ids)")


class ConcurrentChange(DomainError):
    def __init__(self, ref: str, *, entry: bool = True) -> None:
        look = f"look at `storyline history {ref}` and " if entry else ""
        super().__init__(
            f"{ref} was changed by someone else while you were changing it; {look}run your command again"
        )


class ConcurrentWriters(DomainError):
    def __init__(self, label: str) -> None:
        super().__init__(f"the store {label} is being written by others too fast to get a word in; try again")


class KeyRefused(DomainError):
    pass


def check_key(key: str) -> str:
    """A key as `storyline keygen` makes them: 16, 24 or 32 bytes in base64."""
    try:
        raw = base64.b64decode(key.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) not in (16, 24, 32):
        raise KeyRefused("the cipher key is not a key: make one with `storyline keygen`")
    if len(set(raw)) < len(raw) // 4:  # all zeros, or a byte repeated: typed by hand, guessable
        raise KeyRefused(
            "the cipher key is too regular to keep anything secret: make one with `storyline keygen`"
        )
    return key.strip()


def _json_object(state: bytes) -> bool:
    """Whether a stored event's bytes are an event in the clear: a JSON object."""
    try:
        return isinstance(json.loads(state), dict)
    except ValueError:  # not UTF-8, or not JSON
        return False


def new_key() -> str:
    from eventsourcing.cryptography import AESCipher

    return AESCipher.create_key(32)


class StoreNotEmpty(DomainError):
    def __init__(self, label: str, *, unfinished_of: str | None = None) -> None:
        if unfinished_of is not None:
            super().__init__(
                f"the store {label} is an unfinished copy of another store ({unfinished_of}, as it was then): "
                "finish that copy, or copy into an empty store"
            )
        else:
            super().__init__(f"the store {label} already holds events: copy into an empty one")


class CopySourceChanged(DomainError):
    def __init__(self, source: str, target: str) -> None:
        super().__init__(
            f"the store {source} holds fewer events than when the copy into {target} began: "
            "the copy stays unfinished; copy into an empty store"
        )


class UnfinishedCopy(DomainError):
    def __init__(self, label: str, copy: dict[str, Any], *, encrypted: bool) -> None:
        key = " --to-key-file KEY" if encrypted else ""
        super().__init__(
            f"the store {label} is an unfinished copy of {copy['from']} (copied up to event {copy['through']:,} "
            f"of {copy['until']:,}): run `storyline copy --store {copy['from']} --to {label}{key}` again "
            "to finish it"
        )


class StoryStore(Application[uuid.UUID]):
    """Entries and the actor registry, in one log."""

    name: str = "Storyline"
    # No snapshots: they would spare re-reading the registry's history, but they lie outside
    # the hash chain, so a forged one could rename actors unseen. The registry is read whole.

    def __init__(
        self,
        location: StoreLocation,
        settings: Mapping[str, str] | None = None,
        *,
        cipher_key: str | None = None,
    ) -> None:
        self.location = location
        # A key that is there but empty is a mistake, never "no key": it would mean plaintext.
        self.cipher_key = None if cipher_key is None else check_key(cipher_key)
        self.is_encrypted = self.cipher_key is not None
        library = location.library_settings()
        # Encryption at rest is the library's AES-GCM cipher. Set both names always, so that a
        # CIPHER_KEY lying in the user's environment for something else is never picked up.
        library["CIPHER_TOPIC"] = "eventsourcing.cryptography:AESCipher" if self.cipher_key else ""
        library["CIPHER_KEY"] = self.cipher_key or ""
        library["COMPRESSOR_TOPIC"] = ""
        library["MAPPER_TOPIC"] = "storyline.store.mapper:StorylineMapper"
        library["IS_SNAPSHOTTING_ENABLED"] = "no"
        if location.path is not None:
            prepare_file(location.path)
            library["APPLICATION_RECORDER_TOPIC"] = "storyline.store.backends:StorylineSQLiteRecorder"
            super().__init__(env={**library, **(settings or {})})
        else:
            library["APPLICATION_RECORDER_TOPIC"] = (
                "storyline.store.postgres_backend:StorylinePostgresRecorder"
            )
            with schema_prepared(location) as ready:
                if ready:
                    library["CREATE_TABLE"] = "no"
                super().__init__(env={**library, **(settings or {})})
        self.recorder: StoreRecorder
        self.mapper: StorylineMapper  # as MAPPER_TOPIC says
        self.recorder.chain = LogChain(derived_secret(self.cipher_key, "log chain"))
        self.meta = self.recorder.read_meta()
        self.id_secret = self._entry_ids()
        # A store written before the chain existed gets it now (once, by whoever opens it first);
        # a store whose links are there but whose record of the chain's start is gone is not
        # chained again (verify says so).
        self.chained_on_open = 0
        if "chain" not in self.meta and not self.recorder.chain_head():
            self.chained_on_open = self.recorder.begin_chain()
            self.meta = self.recorder.read_meta()

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        """Only the settings given, never the process's environment: the library would read
        STORYLINE_CIPHER_KEY there (its name is this application's, "Storyline", and the
        setting's) as the key of every store this process opens, a copy's plain target too."""
        from eventsourcing.utils import Environment

        return Environment(name, dict(env or {}))

    def _entry_ids(self) -> bytes | None:
        """The secret entry ids are made with: an encrypted store's own (so its ids confirm no
        guess), except in one encrypted before ids were keyed, which keeps its public ids. Read
        off the log itself — the first entry's id says how it was made — so nothing kept beside
        the log can switch an encrypted store back to guessable ids."""
        keyed = derived_secret(self.cipher_key, "entry ids")
        if keyed is None:
            return None
        first = self.recorder.select_notifications(1, 1, topics=sorted(catalogue().recorded_topics))
        if not first:
            return keyed
        try:
            recorded = self.mapper.to_domain_event(first[0])
        except UnreadableEvent:
            return keyed  # not this key's store: check_opens says so
        public = model.entry_id(recorded.record.story, recorded.key)
        return None if first[0].originator_id == public else keyed

    def entry_id(self, story: str, key: str) -> uuid.UUID:
        """The id of the entry `key` in `story`, as this store makes ids."""
        return model.entry_id(story, key, self.id_secret)

    def check_opens(self) -> None:
        """Refuse, in one sentence, a store this key cannot read — an encrypted store without its
        key, with another key, or a key for a store that is not encrypted — and a store that is
        an unfinished copy, which would pass for a whole one. Damage is not refused here: the
        command that meets it says which event, and `verify` lists them all."""
        self.check_key()
        unfinished = self.unfinished_copy()
        if unfinished is not None:
            raise UnfinishedCopy(self.location.label, unfinished, encrypted=self.is_encrypted)

    def check_key(self) -> None:
        """The first event tells: an encrypted store's opens with the cipher, a plain store's is
        JSON in the clear. Nothing is decoded into events (opening a store to read its views loads
        no events' classes); a damaged event is for the command that meets it, and `verify`, to
        name. With a key the cipher is tried first: a sealed event begins with a random nonce,
        which begins with `{` in one store of 256, so its first byte alone proves nothing."""
        first = self.recorder.select_notifications(1, 1)
        if not first:
            return
        state = first[0].state
        plaintext = isinstance(state, bytes | bytearray | memoryview) and bytes(state).lstrip().startswith(
            b"{"
        )
        if self.is_encrypted and self.mapper.cipher is not None:
            try:
                self.mapper.cipher.decrypt(bytes(state))
            except Exception:  # the cipher refuses what another key sealed, and what is not sealed
                if plaintext and _json_object(bytes(state)):
                    raise KeyRefused(
                        f"the store {self.location.label} is not encrypted: open it without a key"
                    ) from None
                raise KeyRefused(f"that key does not open the store {self.location.label}") from None
        elif not (plaintext and _json_object(bytes(state))):  # a sealed event's nonce may begin with "{"
            raise KeyRefused(
                f"the store {self.location.label} is encrypted: give its key (STORYLINE_CIPHER_KEY or --key-file)"
            )

    def unfinished_copy(self) -> dict[str, Any] | None:
        """What a copy cut short left in this store: where it was copying from, and how far it
        came. Encrypted with the store's own key when it has one: it names the source."""
        marker = self.meta.get("copy")
        if not marker:
            return None
        if self.mapper.cipher is not None:
            marker = self.mapper.cipher.decrypt(base64.b64decode(marker)).decode("utf-8")
        state: dict[str, Any] = json.loads(marker)
        return state

    def _copy_marker(self, state: dict[str, Any]) -> str:
        text = json.dumps(state)
        if self.mapper.cipher is None:
            return text
        return base64.b64encode(self.mapper.cipher.encrypt(text.encode("utf-8"))).decode("ascii")

    def construct_transcoder(self) -> StorylineTranscoder:
        # The library's own transcodings now; Storyline's the first time an event is encoded
        # or decoded (transcodings.py), so that opening a store to read its views stays cheap.
        transcoder = StorylineTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    # -- reading aggregates ---------------------------------------------------------------------

    def registry(self) -> ActorRegistry:
        try:
            return self.repository.get(model.REGISTRY_ID)
        except AggregateNotFoundError:
            return model.ActorRegistry.open()

    def story_profile(self, story: str) -> StoryProfile:
        """What the story is called and is about (a new, empty profile if nothing said yet)."""
        try:
            found: object = self.repository.get(model.profile_id(story))
        except AggregateNotFoundError:
            return model.StoryProfile.open(story)
        assert isinstance(found, model.StoryProfile)
        return found

    def find_entry(self, entry_id: uuid.UUID) -> Entry | None:
        """The entry with this id, or the one an alias of this id names (an entry moved, named
        or rekinded is found by what it was called before and by what it is called now)."""
        found = self.find_aggregate(entry_id)
        if isinstance(found, model.EntryAlias):
            found = self.find_aggregate(uuid.UUID(found.entry))
        return found if isinstance(found, model.Entry) else None

    def find_aggregate(self, aggregate_id: uuid.UUID) -> object | None:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def entry(self, entry_id: uuid.UUID, ref: str | None = None) -> Entry:
        entry = self.find_entry(entry_id)
        if entry is None:
            raise EntryNotFound(ref or str(entry_id))
        return entry

    def entry_events(self, entry_id: uuid.UUID, up_to_version: int | None = None) -> list[Any]:
        return list(self.events.get(entry_id, lte=up_to_version))

    def existing_ids(self, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these entries are in the store already (one query per few hundred)."""
        ids = list(ids)
        finder = getattr(self.recorder, "existing_ids", None)
        if finder is not None:
            return finder(ids)
        return self._existing_on_postgres(ids)

    def _existing_on_postgres(self, ids: list[uuid.UUID]) -> set[uuid.UUID]:
        from psycopg import sql

        recorder: Any = self.recorder
        table = sql.Identifier(recorder.datastore.schema, recorder.events_table_name)
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                sql.SQL("SELECT DISTINCT originator_id FROM {} WHERE originator_id = ANY(%s)").format(table),
                (ids,),
            )
            return {row["originator_id"] for row in cursor.fetchall()}

    def _save_change(self, entry: Entry, ref: str | None) -> None:
        self.save_changes([entry], ref or str(entry.id))

    def save_changes(self, aggregates: Sequence[Any], label: str, *, entry: bool = True) -> None:
        """Optimistic concurrency, the library's version check, over every aggregate in one
        transaction: if another writer appended to any of them since they were read (or took a
        name an alias claims), the whole change is refused rather than interleaved."""
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise ConcurrentChange(label, entry=entry) from None

    def copy_log_to(self, target: StoryStore, progress: Any = None, batch: int = 1000) -> int:
        """Copy every stored event, in order, into an empty store: how a SQLite store moves to a
        PostgreSQL server, or into an encrypted store. Byte for byte when both stores share a
        key (or have none); otherwise each event is decoded and encoded again, as it was, and
        entries take the ids the target makes (an encrypted store's are keyed).

        Until its last batch is in, the target says it is an unfinished copy (every command on it
        refuses, naming this store); copying again into it, from the same store with the same
        key, resumes where it stopped. Returns how many events this call copied."""
        state = self._copy_state(target)
        renamed: dict[Any, Any] = {}
        copied_now = 0
        while state["through"] < state["until"]:
            notifications = self.recorder.select_notifications(
                state["through"] + 1, batch, stop=state["until"]
            )
            if not notifications:
                raise CopySourceChanged(self.location.label, target.location.label)
            stored = [self._copied(n, target, renamed) for n in notifications]
            link = self.chain_link(notifications[-1].id)
            state = {**state, "through": notifications[-1].id, "link": link.hex() if link else None}
            done = state["through"] >= state["until"]
            target.append_stored(stored, meta={"copy": None if done else target._copy_marker(state)})
            copied_now += len(stored)
            if progress:
                progress(state["through"], state["until"])
        target.meta.pop("copy", None)
        return copied_now

    def _copy_state(self, target: StoryStore) -> dict[str, Any]:
        """Where a copy into `target` stands: a new one, or the one a killed copy left — which
        resumes only from the same store (the same events up to where it stopped), into a target
        opened with the key the copy began with."""
        if target.meta.get("copy"):
            target.check_key()  # resuming with another key, or none, would mix ciphers in one log
            state = target.unfinished_copy()
            assert state is not None
            link = self.chain_link(state["through"])
            if state["from"] != self.location.label or (link.hex() if link else None) != state.get("link"):
                raise StoreNotEmpty(target.location.label, unfinished_of=state["from"])
            return state
        if target.recorder.max_notification_id():
            raise StoreNotEmpty(target.location.label)
        # What the log holds now is what is copied: events recorded meanwhile are for a next copy.
        return {"from": self.location.label, "through": 0, "until": self.recorder.max_notification_id() or 0}

    def _copied(self, notification: Any, target: StoryStore, renamed: dict[Any, Any]) -> StoredEvent:
        """The event as the target stores it: its own key, and its own id for the entry."""
        if target.cipher_key == self.cipher_key:
            stored = StoredEvent(
                notification.originator_id,
                notification.originator_version,
                notification.topic,
                notification.state,
            )
        else:
            stored = target.mapper.to_stored_event(self.mapper.to_domain_event(notification))
        if target.id_secret == self.id_secret:
            return stored
        if notification.topic == catalogue().alias_topic:  # an alias: its own id, and the entry's, made anew
            alias = self.mapper.to_domain_event(notification)
            entry = self._renamed(uuid.UUID(alias.entry), target, renamed)
            given = model.EntryAlias.of(
                target.entry_id(alias.story, alias.key), alias.story, alias.key, entry
            )
            event = given.collect_events()[0]
            object.__setattr__(event, "timestamp", alias.timestamp)
            return target.mapper.to_stored_event(event)
        if notification.topic not in catalogue().entry_topics:
            return stored
        new = self._renamed(notification.originator_id, target, renamed)
        return StoredEvent(new, stored.originator_version, stored.topic, stored.state)

    def _renamed(self, old: uuid.UUID, target: StoryStore, renamed: dict[Any, Any]) -> uuid.UUID:
        """An entry's id in `target`, made from its story and key as the target makes ids."""
        if old not in renamed:
            first = self.entry_events(old, up_to_version=1)[0]
            renamed[old] = target.entry_id(first.record.story, first.key)
        new: uuid.UUID = renamed[old]
        return new

    # -- the log as evidence ------------------------------------------------------------------------

    def stored_events(self, batch: int = 1000) -> Iterator[tuple[int, StoredEvent]]:
        """(position, the event as stored) for the whole log, read in batches."""
        start = 1
        while notifications := self.recorder.select_notifications(start, batch):
            yield from ((n.id, n) for n in notifications)
            start = notifications[-1].id + 1

    def _links(self, batch: int = 1000) -> Iterator[tuple[int, bytes]]:
        start = 1
        while links := self.recorder.chain_links(start, batch):
            yield from links
            start = links[-1][0] + 1

    def chain_problems(self) -> Iterator[tuple[int, str]]:
        """(position, what is wrong) for every event that breaks the log's hash chain."""
        return chain_problems(self.recorder.chain, self.stored_events(), self._links())

    def chain_head(self) -> str | None:
        """The chain's last link, as `storyline verify --head` prints it: `POSITION:DIGEST`."""
        head = self.recorder.chain_head()
        return head_text(*head) if head else None

    def chain_link(self, position: int) -> bytes | None:
        links = self.recorder.chain_links(position, 1)
        return links[0][1] if links and links[0][0] == position else None

    def size_bytes(self) -> int | None:
        """How much room the store takes: its files, or its PostgreSQL schema's tables."""
        if self.location.path is not None:
            # An encrypted store's views lie beside it in a file of their own (with its journals).
            suffixes = ("", "-wal", "-shm", ".views", ".views-wal", ".views-shm")
            files = [self.location.path.with_name(self.location.path.name + s) for s in suffixes]
            return sum(f.stat().st_size for f in files if f.exists())
        recorder: Any = self.recorder
        with recorder.datastore.transaction(commit=False) as cursor:
            # By each table's oid: a table a rebuild drops meanwhile then counts nothing, where
            # its name would be an error.
            cursor.execute(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS size FROM pg_catalog.pg_class c "
                "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'",
                (recorder.datastore.schema,),
            )
            row = cursor.fetchone()
        return int(row["size"]) if row else None

    def append_stored(
        self, stored: Sequence[StoredEvent], meta: Mapping[str, str | None] | None = None
    ) -> None:
        """Write stored events as one transaction, through the library's recorder: what
        `save()` does for aggregates, for a bulk import that builds its events directly. `meta`:
        facts about the store written in the same transaction."""
        if not stored:
            return
        bulk = getattr(self.recorder, "insert_events_bulk", None)
        if bulk is not None:
            bulk(stored, meta=meta)
        else:
            self.recorder.insert_events(stored, meta=meta)

    def read_log(self, after: int = 0, batch: int = 1000) -> Iterator[tuple[int, Any]]:
        """(position, domain event) for the whole log, in order, read in batches."""
        start = after + 1
        while True:
            notifications = self.recorder.select_notifications(start, batch)
            if not notifications:
                return
            for notification in notifications:
                yield notification.id, self.mapper.to_domain_event(notification)
            start = notifications[-1].id + 1

    # -- the recording activity, one entry at a time ----------------------------------------------

    def correct(
        self,
        entry_id: uuid.UUID,
        changes: Changes,
        *,
        reported: date,
        source: Source | None,
        why: str | None,
        ref: str | None = None,
    ) -> Entry:
        entry = self.entry(entry_id, ref)
        registry = self.registry()
        entry.correct(changes, reported, source, why, canonical=registry.directory.canonical)
        self._save_change(entry, ref)
        return entry

    def retract(
        self,
        entry_id: uuid.UUID,
        *,
        reported: date,
        source: Source | None,
        why: str | None,
        ref: str | None = None,
    ) -> Entry:
        entry = self.entry(entry_id, ref)
        entry.retract(reported, source, why)
        self._save_change(entry, ref)
        return entry

    def corroborate(
        self,
        entry_id: uuid.UUID,
        *,
        source: Source,
        reported: date,
        why: str | None = None,
        ref: str | None = None,
        claims: Changes | None = None,
    ) -> Entry:
        entry = self.entry(entry_id, ref)
        entry.corroborate(source, reported, why, claims, self.registry().directory.canonical)
        self._save_change(entry, ref)
        return entry
