"""The per-actor view: who an actor is, what they took part in and in which role, and where
their relations stand. Parts roll up on request: the United States with everything affiliated
to it (its departments, commands, units and people)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs

from storyline.domain import SHARING_KINDS, Actor, ActorDirectory, DomainError

from .entries import TimelineEntry
from .relations import Relation, relations
from .timeline import NOW, Clocks, TimelineQuery
from .views import Views


class ActorNotFound(DomainError):
    def __init__(self, query: str, near: list[str]) -> None:
        hint = f"did you mean {' or '.join(map(repr, near))}?" if near else "see `storyline actors`"
        super().__init__(f"no actor matches {query!r} ({hint})")


class AmbiguousActor(DomainError):
    def __init__(self, query: str, candidates: list[Actor]) -> None:
        self.candidates = candidates
        names = ", ".join(a.name for a in candidates[:12])
        more = f" and {len(candidates) - 12} more" if len(candidates) > 12 else ""
        super().__init__(f"{query!r} could be any of: {names}{more}; give more of the name")


@attrs.frozen
class ActorView:
    actor: Actor
    chain: list[str]
    parts: list[str]
    entries: list[TimelineEntry]
    roles: dict[str, str]  # entry id → the actor's role(s) in it
    relations: list[Relation]

    def to_json(self) -> dict[str, Any]:
        a = self.actor
        return {
            "name": a.name,
            "type": a.type.value,
            "aliases": list(a.aliases),
            "affiliations": list(a.affiliations),
            "part_of": self.chain,
            "description": a.description,
            "parts": self.parts,
            "relations": [r.to_json() for r in self.relations],
            "entries": [{**e.to_json(), "role": self.roles[e.id]} for e in self.entries],
        }


def resolve_actor(directory: ActorDirectory, query: str) -> Actor:
    candidates = directory.find(query)
    if not candidates:
        raise ActorNotFound(query, directory.near(query))
    if len(candidates) > 1:
        raise AmbiguousActor(query, candidates)
    return candidates[0]


def actor_view(
    views: Views, query: str, *, clocks: Clocks = NOW, stories: tuple[str, ...] = (), with_parts: bool = False
) -> ActorView:
    directory = views.directory(clocks)
    actor = resolve_actor(directory, query)
    parts = sorted(directory.parts_of(actor.name)) if with_parts else [actor.name]
    names = set(parts)
    entries = views.timeline(TimelineQuery(clocks=clocks, stories=stories, actors=tuple(parts)))
    roles = {
        row.id: ", ".join(
            dict.fromkeys(
                p.role if p.actor == actor.name else f"{p.role} ({p.actor})"
                for p in row.parties
                if p.actor in names
            )
        )
        for row in entries
    }
    sharing = views.timeline(TimelineQuery(clocks=clocks, stories=stories, kinds=SHARING_KINDS))
    related = [r for r in relations(sharing, clocks.as_of) if r.provider in names or r.recipient in names]
    return ActorView(actor, directory.affiliation_chain(actor.name), parts, entries, roles, related)


def actor_counts(
    views: Views, *, clocks: Clocks = NOW, stories: tuple[str, ...] = ()
) -> list[tuple[Actor, int]]:
    """Every known actor with the number of entries naming them (in the stories asked about)."""
    counts: Counter[str] = Counter()
    for row in views.timeline(TimelineQuery(clocks=clocks, stories=stories)):
        counts.update(row.actors)
    directory = views.directory(clocks)
    actors = [a for a in directory if not stories or counts[a.name]]
    return sorted(((a, counts[a.name]) for a in actors), key=lambda pair: (-pair[1], pair[0].name))
