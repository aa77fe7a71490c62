"""Who takes part: states, agencies, units, people, organisations.

Each actor has one canonical name and any number of aliases ("UK", "Britain", "U.K."), a type,
and affiliations (Holsey → U.S. Southern Command → Department of Defense → United States), so a
view of the United States can roll up its parts when asked.
"""

from __future__ import annotations

import difflib
import uuid
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum

import attrs
from eventsourcing.domain import Aggregate

from .errors import InvalidValue
from .text import optional_text, required_text, text_list

ACTOR_NAMESPACE = uuid.UUID("3b6f1f0e-6f0b-4f55-9a53-5d7e2c1c9a11")


class ActorType(StrEnum):
    STATE = "state"
    AGENCY = "agency"
    UNIT = "unit"
    PERSON = "person"
    ORGANISATION = "organisation"
    GROUP = "group"
    UNKNOWN = "unknown"


def _actor_type(value: object) -> ActorType:
    if value is None or value == "":
        return ActorType.UNKNOWN
    try:
        return ActorType(str(value).strip().lower().replace("organization", "organisation"))
    except ValueError:
        raise InvalidValue(
            "type", value, f"is not an actor type (one of {', '.join(t.value for t in ActorType)})"
        ) from None


def fold(name: str) -> str:
    """The form names are compared in: case and surrounding space do not matter."""
    return " ".join(name.split()).casefold()


def _name(value: object) -> str:
    return required_text("name", value)


def _aliases(value: object) -> tuple[str, ...]:
    return text_list("aliases", value)


def _affiliations(value: object) -> tuple[str, ...]:
    return text_list("affiliations", value)


def _description(value: object) -> str | None:
    return optional_text("description", value)


@attrs.frozen
class Actor:
    name: str = attrs.field(converter=_name)
    type: ActorType = attrs.field(default=ActorType.UNKNOWN, converter=_actor_type)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_aliases)
    affiliations: tuple[str, ...] = attrs.field(default=(), converter=_affiliations)
    description: str | None = attrs.field(default=None, converter=_description)

    def __attrs_post_init__(self) -> None:
        if fold(self.name) in {fold(a) for a in self.affiliations}:
            raise InvalidValue("affiliations", self.name, "cannot include the actor itself")

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def merged(self, other: Actor) -> Actor:
        """What we know after hearing `other` about the same actor: nothing is forgotten, and
        a name differing only in case is nothing new."""
        return Actor(
            name=self.name,
            type=other.type if other.type is not ActorType.UNKNOWN else self.type,
            aliases=_union(self.aliases, other.aliases, also=(self.name,)),
            affiliations=_union(self.affiliations, other.affiliations),
            description=other.description or self.description,
        )


def _union(mine: tuple[str, ...], theirs: tuple[str, ...], also: tuple[str, ...] = ()) -> tuple[str, ...]:
    seen = {fold(name) for name in (*mine, *also)}
    added = []
    for name in theirs:
        if fold(name) not in seen:
            seen.add(fold(name))
            added.append(name)
    return (*mine, *added)


NEAR_MISS_CUTOFF = 0.85
NEAR_MISS_LIMIT = 2000


def _letters(name: str) -> str:
    return "".join(c for c in name if not c.isdigit())


def _slips(a: str, b: str) -> int:
    """How many characters differ between two spellings (a swap of two counts two)."""
    matcher = difflib.SequenceMatcher(None, a, b)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal")


class ActorDirectory:
    """Looks actors up by any of their names, and walks their affiliations."""

    def __init__(self, actors: Iterable[Actor] = ()) -> None:
        self._actors: dict[str, Actor] = {}
        self._by_name: dict[str, str] = {}
        for actor in actors:
            self.add(actor)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def __len__(self) -> int:
        return len(self._actors)

    def get(self, canonical: str) -> Actor | None:
        return self._actors.get(canonical)

    def add(self, actor: Actor) -> Actor:
        """Adds or merges an actor; refuses a name that already means someone else."""
        existing_name = self.resolve(actor.name)
        base = self._actors.get(existing_name) if existing_name else None
        merged = base.merged(actor) if base else actor
        for alias in merged.names:
            owner = self._by_name.get(fold(alias))
            if owner is not None and owner != merged.name:
                raise InvalidValue("aliases", alias, f"already names {owner}")
        self._actors[merged.name] = merged
        for alias in merged.names:
            self._by_name[fold(alias)] = merged.name
        return merged

    def resolve(self, name: str) -> str | None:
        """The canonical name for a name or alias, or None if nobody is called that."""
        return self._by_name.get(fold(name))

    def canonical(self, name: str) -> str:
        """The canonical name, or the name itself for someone not yet in the directory."""
        return self.resolve(name) or " ".join(name.split())

    def find(self, query: str) -> list[Actor]:
        """Exact name or alias first; otherwise every actor a part of whose names matches."""
        exact = self.resolve(query)
        if exact:
            return [self._actors[exact]]
        needle = fold(query)
        return sorted(
            (a for a in self._actors.values() if any(needle in fold(n) for n in a.names)),
            key=lambda a: a.name,
        )

    def near(self, name: str, limit: int = 3, *, slips: int | None = None) -> list[str]:
        """Canonical names of actors called almost `name` ("Untied States"): suggestions for a
        name that found nobody. With `slips`, only names a few typed characters away: a warning
        that a new actor may be a typo must not fire for "Government of Rwanda" beside "...India".
        Names differing only in their digits ("Force 2", "Force 3") are different actors.
        A very large directory is not searched: the comparison costs time for each name."""
        if len(self._by_name) > NEAR_MISS_LIMIT:
            return []
        folded = fold(name)
        close = difflib.get_close_matches(folded, self._by_name, n=limit * 3, cutoff=NEAR_MISS_CUTOFF)
        close = [c for c in close if _letters(c) != _letters(folded)]
        if slips is not None:
            close = [c for c in close if len(folded) >= 5 and _slips(folded, c) <= slips]
        return list(dict.fromkeys(self._by_name[c] for c in close))[:limit]

    def affiliation_chain(self, name: str) -> list[str]:
        """What `name` belongs to, nearest first, following first affiliations upward."""
        chain: list[str] = []
        current = self._actors.get(name)
        while current and current.affiliations:
            parent = self.canonical(current.affiliations[0])
            if parent in chain or parent == name:
                break
            chain.append(parent)
            current = self._actors.get(parent)
        return chain

    def parts_of(self, name: str) -> set[str]:
        """`name` and everything affiliated to it, at any depth."""
        children: dict[str, set[str]] = {}
        for actor in self._actors.values():
            for parent in actor.affiliations:
                children.setdefault(self.canonical(parent), set()).add(actor.name)
        found, todo = {name}, [name]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found


REGISTRY_ID = uuid.uuid5(ACTOR_NAMESPACE, "actor-registry")


class ActorRegistry(Aggregate):
    """Every actor the store knows, and the history of what was learnt about each.

    One aggregate for the whole store, because recording an entry must resolve its names
    against all actors at once; each actor's own history is still in the log, event by event.
    """

    @staticmethod
    def create_id() -> uuid.UUID:
        return REGISTRY_ID

    class Opened(Aggregate.Created):
        pass

    class ActorDefined(Aggregate.Event):
        actor: Actor

        def apply(self, aggregate: ActorRegistry) -> None:
            aggregate.actors[self.actor.name] = self.actor

    class ActorRevised(ActorDefined):
        pass

    # -- clean-ups: each undone by its opposite, nothing deleted from the log -----------------

    class ActorsMerged(Aggregate.Event):
        """`merged` was the same actor as `into` (a typo, a second spelling): its names become
        `into`'s aliases. `merged` is kept whole, so that unmerging restores it as it was."""

        merged: Actor
        into: Actor  # as it is after the merge
        was: Actor  # ... and as it was before, so that unmerging gives back what the merge took
        reported: date
        why: str | None

        def apply(self, aggregate: ActorRegistry) -> None:
            aggregate.actors.pop(self.merged.name, None)
            aggregate.actors[self.into.name] = self.into
            aggregate.merges[fold(self.merged.name)] = (self.merged, self.was)

    class ActorsUnmerged(Aggregate.Event):
        """The opposite of a merge: `restored` is its own actor again."""

        restored: Actor
        remaining: Actor  # the actor it had been merged into, without its names
        reported: date
        why: str | None

        def apply(self, aggregate: ActorRegistry) -> None:
            aggregate.actors[self.remaining.name] = self.remaining
            aggregate.actors[self.restored.name] = self.restored
            aggregate.merges.pop(fold(self.restored.name), None)

    class ActorRenamed(Aggregate.Event):
        """An actor's canonical name changes; the old one stays an alias."""

        old: str
        actor: Actor  # as it is after the rename
        reported: date
        why: str | None

        def apply(self, aggregate: ActorRegistry) -> None:
            aggregate.actors.pop(self.old, None)
            aggregate.actors[self.actor.name] = self.actor
            aggregate.renamed[fold(self.actor.name)] = self.old

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}
        # folded merged name -> (the actor merged, the one it went into as that was before)
        self.merges: dict[str, tuple[Actor, Actor]] = {}
        self.renamed: dict[str, str] = {}  # folded canonical name -> the name it had before

    def _known(self, name: str, field: str) -> Actor:
        directory = self.directory
        found = directory.resolve(name)
        if found is None:
            near = directory.near(name)
            hint = f" (did you mean {' or '.join(map(repr, near))}?)" if near else ""
            raise InvalidValue(field, name, f"names no actor in this store{hint}")
        return self.actors[found]

    def merge(self, name: str, into: str, reported: date, why: str | None) -> tuple[Actor, Actor]:
        """(the actor merged, the actor it is now part of). Refuses merging an actor into itself."""
        merged, target = self._known(name, "actor"), self._known(into, "into")
        if merged.name == target.name:
            raise InvalidValue("into", into, f"is {merged.name} itself: there is nothing to merge")
        became = Actor(
            name=target.name,
            type=target.type,
            aliases=_union(target.aliases, merged.names, also=(target.name,)),
            # An affiliation to the actor merged in would be to itself now.
            affiliations=tuple(a for a in target.affiliations if fold(a) not in map(fold, merged.names)),
            description=target.description or merged.description,
        )
        self.trigger_event(
            self.ActorsMerged, merged=merged, into=became, was=target, reported=reported, why=why
        )
        return merged, became

    def unmerge(self, name: str, reported: date, why: str | None) -> tuple[Actor, Actor]:
        """(the actor restored, the one it had been merged into). Refuses what was never merged,
        and a merge into an actor merged or renamed since (undo that first: last done, first undone)."""
        found = self.merges.get(fold(name))
        if found is None:
            near = difflib.get_close_matches(fold(name), self.merges, n=1, cutoff=NEAR_MISS_CUTOFF)
            hint = f" (did you mean {self.merges[near[0]][0].name!r}?)" if near else ""
            raise InvalidValue(
                "actor", name, f"was never merged into another actor: there is nothing to undo{hint}"
            )
        merged, was = found
        current = self.actors.get(was.name)
        if current is None:
            raise InvalidValue(
                "actor",
                name,
                f"was merged into {was.name}, which has been merged or renamed since: undo that first",
            )
        names = {fold(n) for n in merged.names}
        aliases = tuple(a for a in current.aliases if fold(a) not in names)
        affiliations = _union(current.affiliations, was.affiliations)  # what the merge had to drop
        remaining = attrs.evolve(current, aliases=aliases, affiliations=affiliations)
        self.trigger_event(
            self.ActorsUnmerged, restored=merged, remaining=remaining, reported=reported, why=why
        )
        return merged, remaining

    def rename(self, name: str, new: str, reported: date, why: str | None) -> tuple[str, Actor]:
        """(the old canonical name, the actor renamed). Refuses a name another actor has, and a
        name merged into another actor (it names that one now). Renaming back to the name it had
        undoes the rename: the name it is leaving is not kept as an alias."""
        if fold(name) in self.merges and self.directory.resolve(name) != name:
            was = self.merges[fold(name)][1]
            raise InvalidValue(
                "actor", name, f"was merged into {was.name}: unmerge it first, or rename {was.name} itself"
            )
        actor = self._known(name, "actor")
        new = Actor(new).name  # refuses an empty name
        other = self.directory.resolve(new)
        if other is not None and other != actor.name:
            raise InvalidValue("name", new, f"already names {other}: merge the two instead")
        if new == actor.name:
            raise InvalidValue("name", new, "is the actor's name already")
        undoing = fold(self.renamed.get(fold(actor.name), "")) == fold(new)
        keep = () if undoing else (actor.name,)
        aliases = tuple(a for a in _union(actor.aliases, keep) if fold(a) != fold(new))
        renamed = attrs.evolve(actor, name=new, aliases=aliases)
        self.trigger_event(self.ActorRenamed, old=actor.name, actor=renamed, reported=reported, why=why)
        return actor.name, renamed

    @classmethod
    def open(cls) -> ActorRegistry:
        return cls._create(cls.Opened)

    @property
    def directory(self) -> ActorDirectory:
        return ActorDirectory(self.actors.values())

    def define(self, actor: Actor, directory: ActorDirectory | None = None) -> Actor:
        """Adds or merges `actor`; refuses an alias that already names someone else.

        Pass the `directory` when defining many actors in a row, to avoid rebuilding it.
        """
        directory = directory if directory is not None else self.directory
        existing = directory.resolve(actor.name)
        before = directory.get(existing) if existing else None
        merged = directory.add(actor)
        if merged != before:
            event = self.ActorRevised if before else self.ActorDefined
            self.trigger_event(event, actor=merged)
        return merged
