"""Reading stored events back, trusting nothing in the store's file.

The library's mapper imports whatever module a stored topic names (`this:s` would run Python's
`this`), and an event of a class or version this Storyline does not know crashes deep in its
upcasting. Here a topic is looked up among Storyline's own event classes only, a version newer
than ours is refused, and anything that does not decode is one error that names the event.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import date, datetime
from typing import Any

from eventsourcing.domain import Snapshot
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import get_topic

from storyline.domain.errors import DomainError


class Catalogue:
    """Storyline's event classes, by topic, and what each field of them holds once decoded.
    Made on first use (`catalogue()`): a command that only reads the views never decodes an
    event, and need not load the aggregates."""

    def __init__(self) -> None:
        from storyline.domain import (
            Actor,
            ActorRegistry,
            Changes,
            Entry,
            EntryAlias,
            Record,
            Source,
            StoryProfile,
        )

        self.event_classes: dict[str, type] = {
            get_topic(cls): cls
            for cls in (
                Entry.Recorded,
                Entry.Corrected,
                Entry.Corroborated,
                Entry.Retracted,
                Entry.Moved,
                Entry.Rekinded,
                Entry.Named,
                EntryAlias.Given,
                ActorRegistry.Opened,
                ActorRegistry.ActorDefined,
                ActorRegistry.ActorRevised,
                ActorRegistry.ActorsMerged,
                ActorRegistry.ActorsUnmerged,
                ActorRegistry.ActorRenamed,
                StoryProfile.Opened,
                StoryProfile.Described,
                Snapshot,
            )
        }
        self.aggregates = {get_topic(c) for c in (Entry, EntryAlias, ActorRegistry, StoryProfile)}
        self.snapshot_of = {get_topic(ActorRegistry)}  # the only aggregate Storyline snapshots
        self.fields = {
            topic: {f.name for f in dataclasses.fields(cls)} - {"originator_id", "originator_version"}
            for topic, cls in self.event_classes.items()
        }
        self.alias_topic = get_topic(EntryAlias.Given)
        self.recorded_topics = {t for t, cls in self.event_classes.items() if cls is Entry.Recorded}
        self.entry_topics = {
            t for t, cls in self.event_classes.items() if issubclass(cls, Entry.Recorded | Entry.Event)
        }
        # What each field of Storyline's events holds once decoded: a value of another type is damage.
        self.field_types: dict[str, type | tuple[type, ...]] = {
            "timestamp": datetime,
            "reported": date,
            "record": Record,
            "key": str,
            "changes": Changes,
            "claims": Changes,
            "source": (Source, type(None)),
            "why": (str, type(None)),
            "ref": (str, type(None)),
            "actor": Actor,
            "merged": Actor,
            "into": Actor,
            "was": Actor,
            "restored": Actor,
            "remaining": Actor,
            "old": str,
            "story": str,
            "kind": str,
            "name": (str, type(None)),
            "entry": str,
            "title": (str, type(None)),
            "description": (str, type(None)),
            "originator_topic": str,
        }


@functools.cache
def catalogue() -> Catalogue:
    return Catalogue()


def _type_name(expected: type | tuple[type, ...]) -> str:
    kinds = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join("nothing" if k is type(None) else k.__name__ for k in kinds)


class UnreadableEvent(DomainError):
    def __init__(self, event: StoredEvent, why: str) -> None:
        where = getattr(event, "id", None)
        self.position = where
        name = f"event {where}" if where is not None else f"an event of {event.originator_id}"
        super().__init__(
            f"{name} was written by a newer Storyline, or is damaged ({why}); see `storyline verify`"
        )


class StorylineMapper(Mapper[Any]):
    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        known = catalogue()
        cls = known.event_classes.get(stored_event.topic)
        if cls is None:
            raise UnreadableEvent(
                stored_event, f"its kind {stored_event.topic[:80]!r} is not one this version knows"
            )
        try:
            state = stored_event.state
            if self.cipher:
                state = self.cipher.decrypt(state)
            if self.compressor:
                state = self.compressor.decompress(state)
            event_state: dict[str, Any] = self.transcoder.decode(state)
        except Exception as exc:  # whatever damaged bytes raise: the cipher, the JSON, a transcoding
            raise UnreadableEvent(
                stored_event, f"it does not decode: {' '.join(str(exc).split())[:160]}"
            ) from None
        if not isinstance(event_state, dict):
            raise UnreadableEvent(stored_event, "it does not decode to an event")
        version = getattr(cls, "class_version", 1)
        written = event_state.pop("class_version", 1)
        if not isinstance(written, int) or isinstance(written, bool) or written > version:
            raise UnreadableEvent(
                stored_event, f"its version {written!r} is newer than this Storyline's {version}"
            )
        if written < 1:
            raise UnreadableEvent(stored_event, f"its version {written!r} is no version Storyline wrote")
        while written < version:
            getattr(cls, f"upcast_v{written}_v{written + 1}")(event_state)
            written += 1
        if set(event_state) != known.fields[stored_event.topic]:
            raise UnreadableEvent(stored_event, "its fields are not those of its kind")
        for name, value in event_state.items():
            expected = known.field_types.get(name)
            if expected is not None and not isinstance(value, expected):
                raise UnreadableEvent(stored_event, f"its {name} is not a {_type_name(expected)}")
        # Topics inside an event are resolved (imported) by the library as it replays: only ours.
        if "originator_topic" in event_state and event_state["originator_topic"] not in known.aggregates:
            raise UnreadableEvent(stored_event, "it names an aggregate Storyline does not have")
        if cls is Snapshot and event_state.get("topic") not in known.snapshot_of:
            raise UnreadableEvent(stored_event, "it is a snapshot of something Storyline does not snapshot")
        event_state["originator_id"] = stored_event.originator_id
        event_state["originator_version"] = stored_event.originator_version
        event: Any = object.__new__(cls)
        object.__setattr__(event, "__dict__", event_state)
        return event
