"""Clean-ups: a mistake of recording undone by events, never by deleting.

Moving entries to another story, changing an entry's kind, giving it a readable id, merging
one actor into another, renaming an actor — each is an event (or, for an actor, one event on
the registry and a correction on every entry naming it) with its reason and reported day, so
`history` shows it, every clock applies it, and the opposite clean-up undoes it.

An entry's id is made from its story and key, so that a file read again finds it. An entry
moved, named or rekinded is given an `EntryAlias` under each new (story, key) it answers to:
a row naming it there finds it, and no other entry can take that name. Everything a clean-up
touches is saved in one transaction; another writer's change meanwhile refuses it whole.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

import attrs

from storyline.domain import (
    Actor,
    Changes,
    DomainError,
    Entry,
    EntryAlias,
    content_key,
    fold,
    is_content_key,
)

from .application import StoryStore


class NameTaken(DomainError):
    def __init__(self, story: str, key: str) -> None:
        super().__init__(
            f"{story}/{key} names another entry already: give another id, or move that one first"
        )


@attrs.frozen
class ActorCleanup:
    """What an actor clean-up did: the actor it leaves, and the entries it corrected."""

    actor: Actor
    other: str  # the actor merged in, unmerged, or the old name
    entries: int


def name_claims(
    store: StoryStore,
    entry: Entry,
    story: str,
    keys: Iterable[str],
    claimed: Mapping[uuid.UUID, uuid.UUID] | None = None,
) -> list[EntryAlias]:
    """An alias for each (story, key) that is to find `entry` and does not yet; refuses a name
    that finds another entry. `claimed`: names claimed already in the same write, not yet saved."""
    aliases = []
    claimed = claimed or {}
    for key in dict.fromkeys(keys):
        alias_id = store.entry_id(story, key)
        if alias_id == entry.id:
            continue
        if alias_id in claimed:
            if claimed[alias_id] != entry.id:
                raise NameTaken(story, key)
            continue
        found = store.find_aggregate(alias_id)
        if found is None:
            aliases.append(EntryAlias.of(alias_id, story, key, entry.id))
            continue
        names = found.id if isinstance(found, Entry) else uuid.UUID(getattr(found, "entry", ""))
        if names != entry.id:
            raise NameTaken(story, key)
    return aliases


def names_of(entry: Entry) -> list[str]:
    """Every key a file row may find the entry by, in the story it is in now."""
    names = [entry.key, *([entry.state.name] if entry.state.name else [])]
    if is_content_key(entry.key):  # what it says now, kind and all
        names.append(content_key(entry.state.record))
    return names


def move_entries(
    store: StoryStore,
    entries: Sequence[tuple[uuid.UUID, str]],
    story: str,
    reported: date | None,
    why: str | None,
) -> list[Entry]:
    """`entries`: (id, how the user named it). All move, or none do."""
    moved: list[Entry] = []
    aliases: list[EntryAlias] = []
    claimed: dict[uuid.UUID, uuid.UUID] = {}
    for eid, ref in entries:
        entry = store.entry(eid, ref)
        entry.move(story, reported, why)
        claims = name_claims(store, entry, story, names_of(entry), claimed)
        claimed.update({a.id: entry.id for a in claims})
        aliases += claims
        moved.append(entry)
    store.save_changes(
        [*moved, *aliases], entries[0][1] if len(entries) == 1 else f"one of {len(entries)} entries"
    )
    return moved


def rekind_entry(
    store: StoryStore,
    eid: uuid.UUID,
    ref: str,
    kind: str,
    changes: Changes,
    reported: date | None,
    why: str | None,
) -> Entry:
    entry = store.entry(eid, ref)
    entry.rekind(kind, changes, reported, why, store.registry().directory.canonical)
    aliases = name_claims(store, entry, entry.state.record.story, names_of(entry))
    store.save_changes([entry, *aliases], ref)
    return entry


def name_entry(
    store: StoryStore, eid: uuid.UUID, ref: str, name: str | None, reported: date | None, why: str | None
) -> Entry:
    """Give the entry a readable id (None: back to the one it was recorded with)."""
    entry = store.entry(eid, ref)
    entry.give_name(name, reported, why)
    aliases = name_claims(store, entry, entry.state.record.story, names_of(entry))
    store.save_changes([entry, *aliases], ref)
    return entry


def _follow(
    store: StoryStore,
    candidates: Iterable[uuid.UUID],
    change: Callable[[Entry], bool],
) -> list[Entry]:
    """The entries among `candidates` that `change` changed."""
    changed = []
    for eid in candidates:
        entry = store.find_entry(eid)
        if entry is not None and change(entry):
            changed.append(entry)
    return changed


def merge_actors(
    store: StoryStore,
    name: str,
    into: str,
    candidates: Iterable[uuid.UUID],
    reported: date | None,
    why: str | None,
    today: date,
) -> ActorCleanup:
    """`name` becomes an alias of `into`, and every entry naming it (among `candidates`: the
    entries that ever named it) names `into` instead, from `reported` on."""
    registry = store.registry()
    merged, became = registry.merge(name, into, reported or today, why)
    canonical = registry.directory.canonical
    names = {fold(n) for n in merged.names}
    reason = f"{merged.name} merged into {became.name}" + (f": {why}" if why else "")
    ref = f"~merge|{merged.name}|{became.name}"

    def follow(entry: Entry) -> bool:
        return entry.rename_actors(
            lambda a: became.name if fold(a) in names else a, canonical, reported, reason, ref
        )

    changed = _follow(store, candidates, follow)
    store.save_changes([registry, *changed], f"{merged.name} or an entry naming it", entry=False)
    return ActorCleanup(became, merged.name, len(changed))


def unmerge_actor(
    store: StoryStore,
    name: str,
    candidates: Iterable[uuid.UUID],
    reported: date | None,
    why: str | None,
    today: date,
) -> ActorCleanup:
    """The opposite of a merge: the actor is its own again, and the entries the merge changed
    name it again (in the fields that still say what the merge set)."""
    registry = store.registry()
    restored, remaining = registry.unmerge(name, reported or today, why)
    canonical = registry.directory.canonical
    reason = f"{restored.name} unmerged from {remaining.name}" + (f": {why}" if why else "")
    ref = f"~merge|{restored.name}|{remaining.name}"
    changed = _follow(store, candidates, lambda e: e.undo_correction(ref, canonical, reported, reason))
    store.save_changes([registry, *changed], f"{restored.name} or an entry naming it", entry=False)
    return ActorCleanup(restored, remaining.name, len(changed))


def rename_actor(
    store: StoryStore,
    name: str,
    new: str,
    candidates: Iterable[uuid.UUID],
    reported: date | None,
    why: str | None,
    today: date,
) -> ActorCleanup:
    """The actor's canonical name changes (the old one stays an alias); its entries follow."""
    registry = store.registry()
    old, renamed = registry.rename(name, new, reported or today, why)
    canonical = registry.directory.canonical
    reason = f"{old} renamed {renamed.name}" + (f": {why}" if why else "")
    ref = f"~rename|{old}|{renamed.name}"

    def follow(entry: Entry) -> bool:
        return entry.rename_actors(
            lambda a: renamed.name if a == old else a, canonical, reported, reason, ref
        )

    changed = _follow(store, candidates, follow)
    store.save_changes([registry, *changed], f"{old} or an entry naming it", entry=False)
    return ActorCleanup(renamed, old, len(changed))
