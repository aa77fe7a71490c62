"""Intelligence-sharing relations between pairs of actors, as of a day, and over time.

A relation is a provider, a recipient and a scope ("suspected drug-trafficking vessels"):
Canada can coordinate with the Coast Guard while restricting intelligence for targeting. It
exists from its recorded baseline (sharing in place) and changes with each pause, resumption or
restriction of the same scope (the kinds whose report role is a relation, domain/facts.py).
While a change's fuzzy date straddles the day, the relation is only *possibly* changed, and
says so ("possibly paused") instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import attrs

from storyline.domain import Occurrence, Topic, fact_class

from .entries import Occurred, TimelineEntry


@attrs.frozen
class Relation:
    provider: str
    recipient: str
    scope: str | None
    status: str  # active, paused, restricted, or "possibly ..." while a change's date straddles the day
    since: Occurred
    entry: str  # the key of the entry that set it

    def to_json(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "recipient": self.recipient,
            "scope": self.scope,
            "status": self.status,
            "since": self.since.to_json(),
            "entry": self.entry,
        }


def changes_relation(entry: TimelineEntry) -> bool:
    role = fact_class(entry.kind).report_role
    return role is not None and role.topic is Topic.RELATION and entry.topic_key is not None


def _status(entry: TimelineEntry) -> str:
    role = fact_class(entry.kind).report_role
    assert role is not None and role.becomes is not None
    return role.becomes


def relations(entries: Iterable[TimelineEntry], as_of: date | None) -> list[Relation]:
    """Relations from timeline entries in timeline order (earliest possible day, then position).

    Per relation, only its last change certain by the day and the possible ones after it
    matter: a later certain change settles what came before.
    """
    certain: dict[str, TimelineEntry] = {}
    possible: dict[str, TimelineEntry] = {}
    for entry in entries:
        if not changes_relation(entry):
            continue
        occurrence = entry.occurrence(as_of)
        if occurrence is Occurrence.NOT_YET:
            continue
        key = entry.topic_key
        assert key is not None
        if occurrence is Occurrence.CERTAIN:
            certain[key] = entry
            possible.pop(key, None)
        else:
            possible[key] = entry
    result = []
    for key in dict.fromkeys([*certain, *possible]):
        settled, maybe = certain.get(key), possible.get(key)
        shown, status = settled, _status(settled) if settled else ""
        if maybe is not None and (settled is None or _status(maybe) != _status(settled)):
            shown, status = maybe, f"possibly {_status(maybe)}"
        assert shown is not None
        scope = shown.text("scope") or (settled.text("scope") if settled else None)
        result.append(
            Relation(
                provider=shown.text("provider") or "",
                recipient=shown.text("recipient") or "",
                scope=scope,
                status=status,
                since=shown.occurred,
                entry=shown.key,
            )
        )
    return sorted(result, key=lambda r: (r.provider, r.recipient, r.scope or ""))


@attrs.frozen
class RelationPeriod:
    """A stretch of time a relation stood in one status: from the earliest day its change could
    have happened until the next change of the same relation (None: still)."""

    provider: str
    recipient: str
    scope: str | None
    status: str
    start: date | None
    end: date | None
    entry: str


def relation_periods(entries: Sequence[TimelineEntry]) -> list[RelationPeriod]:
    """Every relation's periods, from the same changes, in the same order, as `relations`."""
    changes: dict[str, list[TimelineEntry]] = {}
    for entry in entries:
        if changes_relation(entry):
            changes.setdefault(entry.topic_key or "", []).append(entry)
    found = []
    for steps in changes.values():
        for index, entry in enumerate(steps):
            following = steps[index + 1] if index + 1 < len(steps) else None
            start = entry.occurred.start or entry.occurred.end
            end = (following.occurred.end or following.occurred.start) if following else None
            found.append(
                RelationPeriod(
                    provider=entry.text("provider") or "",
                    recipient=entry.text("recipient") or "",
                    scope=entry.text("scope"),
                    status=_status(entry),
                    start=start,
                    end=end,
                    entry=entry.key,
                )
            )
    return found
