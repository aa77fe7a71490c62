"""An entry's history: every version, what changed, when it was reported and recorded, and
on whose word. Read straight from the entry's events in the log."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import attrs

from storyline.domain import DomainError, Entry, EntryState, entry_name, is_content_key
from storyline.store import StoryStore

from .entries import Citation
from .views import EntryMatch, Views


class AmbiguousEntry(DomainError):
    def __init__(self, ref: str, matches: list[EntryMatch]) -> None:
        listed = ", ".join(entry_name(m.story, m.key, m.entry_id) for m in matches[:10])
        several_stories = len({m.story for m in matches}) > 1
        hint = "add --story or give more of the id" if several_stories else "give more of the id"
        super().__init__(f"{ref!r} names several entries ({listed}); {hint}")


class UnknownEntry(DomainError):
    def __init__(self, ref: str, near: list[EntryMatch] | None = None) -> None:
        hint = "give an entry's id, or your own id from the import"
        if near:
            hint = "name it whole to change it: " + ", ".join(
                entry_name(m.story, m.key, m.entry_id) for m in near[:5]
            )
        super().__init__(f"no entry {ref!r} ({hint})")


def resolve_entry(
    views: Views, ref: str, stories: tuple[str, ...] = (), *, to_change: bool = False
) -> tuple[uuid.UUID, str, str]:
    """(entry id, story, key) for any name a message shows: the user's own id, an entry's id
    or a prefix of it, each alone or after its story (`boats/s-0919`, `boats/1a2b3c4d`). An
    entry about to be changed must be named exactly: the user's whole id, or at least the first
    8 characters of the entry's id, so a slip of the keyboard cannot correct the wrong one."""
    ref = ref.strip()
    matches = views.entry_ids(ref, stories)
    exact = _exact(matches, ref, to_change)
    if not exact and "/" in ref:
        # `story/key`: the story is what comes before a slash (a key may hold slashes too).
        for at in (i for i, ch in enumerate(ref) if ch == "/"):
            story, key = ref[:at], ref[at + 1 :]
            if key and (not stories or story in stories):
                within = views.entry_ids(key, (story,))
                exact += _exact(within, key, to_change)
                matches += within
    if not exact:
        raise UnknownEntry(ref, [m for m in matches if to_change])
    exact = list({m.entry_id: m for m in exact}.values())  # found by two of its names: one entry
    if len(exact) > 1:
        raise AmbiguousEntry(ref, exact)
    match = exact[0]
    return uuid.UUID(match.entry_id), match.story, match.key


def _exact(matches: list[EntryMatch], ref: str, to_change: bool) -> list[EntryMatch]:
    exact = [m for m in matches if m.by_key]
    if not exact and (not to_change or len(ref) >= 8):
        exact = [m for m in matches if not to_change or m.entry_id.startswith(ref.lower())]
    return exact


@attrs.frozen
class FieldChange:
    field: str
    was: str | None
    now: str | None

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "from": self.was, "to": self.now}


@attrs.frozen
class Version:
    """One version of an entry: the event that made it, and what it changed."""

    version: int
    event: str  # recorded, corrected, corroborated, retracted
    reported: date
    recorded: datetime
    source: Citation | None  # the source of a correction, retraction or corroboration
    sources: tuple[Citation, ...] | None  # every source, for the version first recorded
    why: str | None
    changes: tuple[FieldChange, ...]
    retracted: bool
    state: EntryState | None = attrs.field(default=None, eq=False, repr=False)  # what it said then

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "event": self.event,
            "reported": self.reported.isoformat(),
            "recorded": self.recorded.isoformat(),
            "source": self.source.to_json() if self.source else None,
            "sources": [s.to_json() for s in self.sources] if self.sources is not None else None,
            "why": self.why,
            "changes": [c.to_json() for c in self.changes],
            "retracted": self.retracted,
        }


def _texts(state: EntryState, key: str, *, with_names: bool) -> dict[str, str | None]:
    texts = state.record.field_texts()
    if with_names:
        texts = {"story": state.record.story, "kind": state.record.kind, "id": state.name or key, **texts}
    return texts


def _shown_key(entry_id: uuid.UUID, key: str) -> str:
    return str(entry_id)[:8] if is_content_key(key) else key


def entry_history(
    store: StoryStore,
    entry_id: uuid.UUID,
    *,
    known_at: date | None = None,
    recorded_before: datetime | None = None,
) -> list[Version]:
    """Every version of an entry, oldest first; with the clocks, only those reported by the end
    of `known_at`, or recorded here before `recorded_before`."""
    versions = versions_of(entry_id, store.entry_events(entry_id))
    return [
        v
        for v in versions
        if (known_at is None or v.reported <= known_at)
        and (recorded_before is None or v.recorded < recorded_before)
    ]


def versions_of(entry_id: uuid.UUID, events: Sequence[Any]) -> list[Version]:
    """Each of an entry's events as a version: what it changed, in log order."""
    versions: list[Version] = []
    state: EntryState | None = None
    key = ""
    for event in events:
        if isinstance(event, Entry.Recorded):
            key = _shown_key(entry_id, event.key)
        before = _texts(state, key, with_names=True) if state else {}
        sources_before = {s.identity for s in state.record.sources} if state else set()
        state = EntryState(event.record) if isinstance(event, Entry.Recorded) else event.revise(state)
        # A clean-up changes where the entry is, what kind it is, or what it is called.
        after = _texts(state, key, with_names=not isinstance(event, Entry.Recorded))
        changes = [
            FieldChange(name, before.get(name), after.get(name))
            for name in dict.fromkeys([*before, *after])
            if before.get(name) != after.get(name)
        ]
        added = [s for s in state.record.sources if s.identity not in sources_before]
        if added and not isinstance(event, Entry.Recorded):
            changes.append(FieldChange("sources", None, ", ".join(s.outlet for s in added)))
        if isinstance(event, Entry.Corroborated):  # a source's claims, shown beside corrections
            changes += [
                FieldChange("claims", None, f"{name} {value or '—'} ({event.source.outlet})")
                for name, value in event.claims
            ]
        source = getattr(event, "source", None)
        versions.append(
            Version(
                version=event.originator_version,
                event=type(event).__name__.lower(),
                reported=event.reported,
                recorded=event.timestamp,
                source=Citation.of(source) if source is not None else None,
                sources=tuple(Citation.of(s) for s in state.record.sources)
                if isinstance(event, Entry.Recorded)
                else None,
                why=getattr(event, "why", None),
                changes=tuple(changes),
                retracted=state.retracted,
                state=state,
            )
        )
    return versions
