"""What the use cases return, besides entries (entries.py) and situation reports (situation.py):
typed, immutable values whose `to_json()` is what the command's `--json` prints."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from storyline.domain import Actor, Count

from .entries import TimelineEntry
from .formats.kind_styles import kind_style
from .history import Version
from .periods import Period
from .search import Passage

JSON = dict[str, Any]


@attrs.frozen
class Recorded:
    """What `record` did: an entry added, or found recorded already (or corrected, for an id
    the user gave again with other values)."""

    story: str
    id: str | None
    key: str | None  # the user's own id, if given
    added: int
    corrected: int
    unchanged: int
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """How messages name it: the story and the user's id, or the start of Storyline's."""
        return f"{self.story}/{self.key or (self.id or '')[:8]}"

    def to_json(self) -> JSON:
        return {
            "story": self.story,
            "id": self.id,
            "key": self.key,
            "added": self.added,
            "corrected": self.corrected,
            "unchanged": self.unchanged,
        }


@attrs.frozen
class Changed:
    """A correction, retraction or corroboration, appended."""

    story: str
    entry: str  # its key
    version: int
    event: str  # corrected, retracted, corroborated
    warnings: tuple[str, ...] = ()
    name: str = ""  # how messages name it (see `entry_name`)

    def to_json(self) -> JSON:
        return {
            "story": self.story,
            "entry": self.entry,
            "name": self.name,
            "version": self.version,
            "event": self.event,
        }


@attrs.frozen
class ActorChanged:
    """An actor clean-up: merged, unmerged or renamed, and how many entries followed."""

    event: str  # merged, unmerged, renamed
    actor: str  # the actor as it is now: merged into, restored, renamed to
    other: str  # the actor merged in, the one unmerged from, the old name
    entries: int

    def to_json(self) -> JSON:
        return {"event": self.event, "actor": self.actor, "other": self.other, "entries": self.entries}


@attrs.frozen
class SearchHit:
    """An entry that says what was searched for, as shown at the moment asked about, and each
    passage of it where it says so."""

    entry: TimelineEntry
    passages: tuple[Passage, ...]

    def to_json(self) -> JSON:
        return {**self.entry.to_json(), "passages": [p.to_json() for p in self.passages]}


@attrs.frozen
class Dispute:
    """A field of an entry on which sources disagree, with each one's claim."""

    entry: str  # story/key
    title: str
    field: str
    claims: tuple[Any, ...]  # ClaimShown, oldest first

    def to_json(self) -> JSON:
        return {
            "entry": self.entry,
            "title": self.title,
            "field": self.field,
            "claims": [
                {
                    "value": c.value,
                    "source": c.source,
                    "status": c.status,
                    "reported": c.to_json()["reported"],
                }
                for c in self.claims
            ],
        }


@attrs.frozen
class History:
    entry_id: str
    story: str
    key: str
    versions: tuple[Version, ...]

    def to_json(self) -> list[JSON]:
        return [v.to_json() for v in self.versions]


@attrs.frozen
class ActorCount:
    actor: Actor
    entries: int
    part_of: tuple[str, ...]

    def to_json(self) -> JSON:
        return {
            "name": self.actor.name,
            "type": self.actor.type.value,
            "aliases": list(self.actor.aliases),
            "part_of": list(self.part_of),
            "entries": self.entries,
        }


@attrs.frozen
class ChartPoint:
    """The tallies at the end of one period: of what certainly happened, and what possibly had."""

    period: Period
    label: str
    certain: Mapping[str, Count]
    possible: Mapping[str, Count]
    unknown: frozenset[str] = frozenset()  # figures entries could give and none did: not reported

    def to_json(self) -> JSON:
        return {
            "period": self.label,
            "end": self.period.end.isoformat(),
            "certain": {m: None if m in self.unknown else c.value for m, c in self.certain.items()},
            "possible": {m: c.value for m, c in self.possible.items()},
        }


@attrs.frozen
class Chart:
    by: str
    points: tuple[ChartPoint, ...]
    clipped: bool  # only the last periods are there: the span holds more than a chart shows

    def to_json(self) -> list[JSON]:
        return [p.to_json() for p in self.points]


@attrs.frozen
class LaneCell:
    """An actor in one period: the kind of what they took part in ("several" for more than one),
    and whether it certainly happened in that period or only possibly did."""

    kind: str
    certain: bool

    @property
    def glyph(self) -> str:
        if not self.certain:
            return "·"
        return "◆" if self.kind == "several" else kind_style(self.kind).glyph


@attrs.frozen
class Lanes:
    by: str
    periods: tuple[Period, ...]
    lanes: Mapping[str, tuple[LaneCell | None, ...]]  # actor → one cell per period
    earlier: Mapping[str, bool]  # actor → took part in something before the first period
    kinds: tuple[str, ...]  # the kinds drawn
    clipped: bool  # only the last periods are there

    def to_json(self) -> JSON:
        return {
            "by": self.by,
            "periods": [[p.start.isoformat(), p.end.isoformat()] for p in self.periods],
            "lanes": {name: [c.glyph if c else None for c in cells] for name, cells in self.lanes.items()},
        }


@attrs.frozen
class ViewPosition:
    position: int
    lag: int

    def to_json(self) -> JSON:
        return {"position": self.position, "lag": self.lag}


@attrs.frozen
class StoreStats:
    store: str
    events: int
    entries: int
    stories: int
    actors: int
    views: Mapping[str, ViewPosition]
    timeline_rows: int
    size_bytes: int | None

    def to_json(self) -> JSON:
        return {
            "store": self.store,
            "events": self.events,
            "entries": self.entries,
            "stories": self.stories,
            "actors": self.actors,
            "views": {name: v.to_json() for name, v in self.views.items()},
            "timeline_rows": self.timeline_rows,
            "size_bytes": self.size_bytes,
        }


@attrs.frozen
class Problem:
    where: str  # a position in the log, or a view's name
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"

    def to_json(self) -> JSON:
        return {"where": self.where, "what": self.what}


@attrs.frozen
class Verification:
    events: int
    problems: tuple[Problem, ...]
    head: str | None  # the head of the log's hash chain, to keep elsewhere
    expected: str | None = None  # the head given to prove the log up to it unchanged
    # When the chain began, if the store already held events then (it was written by an older
    # Storyline, or its chain was removed): those are proven only from that day on.
    chain_began: Mapping[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def note(self) -> str | None:
        began = self.chain_began
        if not began or not began.get("events_found"):
            return None
        return (
            f"the hash chain began on {str(began['since'])[:10]}, when the store already held "
            f"{began['events_found']:,} events: they are proven unchanged from that day on, not before"
        )

    def to_json(self) -> JSON:
        return {
            "events": self.events,
            "problems": [p.to_json() for p in self.problems],
            "head": self.head,
            "note": self.note,
        }


@attrs.frozen
class Copied:
    events: int
    target: str

    def to_json(self) -> JSON:
        return {"events": self.events, "target": self.target}


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
