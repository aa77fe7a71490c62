"""An entry's history: every version, what changed, when it was reported and recorded, and
on whose word. Read straight from the entry's events in the log."""

from __future__ import annotations

import uuid
from typing import Any

from storyline.domain import DomainError, Entry, EntryState
from storyline.store import StoryStore

from .entries import source_json
from .views import Views

EVENT_NAMES = {
    Entry.Recorded: "recorded",
    Entry.Corrected: "corrected",
    Entry.Corroborated: "corroborated",
    Entry.Retracted: "retracted",
}


class AmbiguousEntry(DomainError):
    def __init__(self, ref: str, matches: list[tuple[str, str, str]]) -> None:
        listed = ", ".join(f"{story}/{key}" for _, story, key in matches[:10])
        several_stories = len({story for _, story, _ in matches}) > 1
        hint = "add --story or give more of the id" if several_stories else "give more of the id"
        super().__init__(f"{ref!r} names several entries ({listed}); {hint}")


class UnknownEntry(DomainError):
    def __init__(self, ref: str, near: list[tuple[str, str, str]] | None = None) -> None:
        hint = "give an entry's id, or your own id from the import"
        if near:
            hint = "name it whole to change it: " + ", ".join(f"{story}/{key}" for _, story, key in near[:5])
        super().__init__(f"no entry {ref!r} ({hint})")


def resolve_entry(
    views: Views, ref: str, stories: tuple[str, ...] = (), *, to_change: bool = False
) -> tuple[uuid.UUID, str, str]:
    """(entry id, story, key) for an entry's id, a prefix of it, or the user's own id. An entry
    about to be changed must be named exactly: the user's whole id, or at least the first
    8 characters of the entry's id, so a slip of the keyboard cannot correct the wrong one."""
    ref = ref.strip()
    matches = views.entry_ids(ref, stories)
    exact = [m for m in matches if m[2] == ref]
    if not exact and (not to_change or len(ref) >= 8):
        exact = [m for m in matches if not to_change or m[0].startswith(ref.lower())]
    if not exact:
        raise UnknownEntry(ref, [m for m in matches if to_change])
    if len(exact) > 1:
        raise AmbiguousEntry(ref, exact)
    entry_id, story, key = exact[0]
    return uuid.UUID(entry_id), story, key


def entry_history(store: StoryStore, entry_id: uuid.UUID) -> list[dict[str, Any]]:
    versions: list[dict[str, Any]] = []
    state: EntryState | None = None
    for event in store.entry_events(entry_id):
        before = state.record.field_texts() if state else {}
        sources_before = {s.identity for s in state.record.sources} if state else set()
        state = EntryState(event.record) if isinstance(event, Entry.Recorded) else event.revise(state)
        after = state.record.field_texts()
        changes = [
            {"field": name, "from": before.get(name), "to": after.get(name)}
            for name in dict.fromkeys([*before, *after])
            if before.get(name) != after.get(name)
        ]
        added = [s for s in state.record.sources if s.identity not in sources_before]
        if added and not isinstance(event, Entry.Recorded):
            changes.append({"field": "sources", "from": None, "to": ", ".join(s.outlet for s in added)})
        source = getattr(event, "source", None)
        versions.append(
            {
                "version": event.originator_version,
                "event": EVENT_NAMES[type(event)],
                "reported": event.reported.isoformat(),
                "recorded": event.timestamp.isoformat(),
                "source": source_json(source) if source is not None else None,
                "sources": [source_json(s) for s in state.record.sources]
                if isinstance(event, Entry.Recorded)
                else None,
                "why": getattr(event, "why", None),
                "changes": changes,
                "retracted": state.retracted,
            }
        )
    return versions
