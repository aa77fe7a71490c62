"""Situation reports: the state of the world on a day, what changed between two days, and a
replay stepping through them.

Everything here is a fold of timeline entries in timeline order, as of a day: tallies, intelligence-
sharing relations (relations.py), forces deployed, stances on matters, and open matters such as a
resignation offered. Which kinds take part, and how, is each kind's report role (domain/facts.py).
Entries certain to have happened by the day count; those whose fuzzy dates straddle it are
reported apart, as possible.

The tracked tallies (`tally_deltas`, kept by the timeline projection) give the same numbers
without reading every entry; `tally_entries` here is the reference they are tested against.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import attrs

from storyline.domain import KINDS, SOLID, TALLIES, Count, Grade, Occurrence, Topic, fact_class

from .entries import Occurred, TimelineEntry
from .periods import Period
from .relations import Relation, relations
from .tallies import Tally, counted, ranges_of

JSON = dict[str, Any]


# Counts of entries themselves (strikes): known whenever anything is, zero included.
SELF_COUNTS = {cls.counts_itself for cls in KINDS.values() if cls.counts_itself}


@attrs.frozen
class Tallies:
    """Counts as of a day. The headline (`certain`) counts what certainly happened by then and
    is solid (confirmed or reported); beside it, apart: what only possibly had (`possible`),
    and what only a party claims (`claimed`) or a source disputes (`disputed`). `given` says,
    per figure, how many of the headline's entries gave it of how many could have: a figure
    none gave is unknown, never zero."""

    certain: dict[str, Count]
    possible: dict[str, Count]
    claimed: dict[str, Count] = attrs.field(factory=lambda: dict.fromkeys(TALLIES, Count(0)))
    disputed: dict[str, Count] = attrs.field(factory=lambda: dict.fromkeys(TALLIES, Count(0)))
    given: dict[str, tuple[int, int]] = attrs.field(factory=dict)
    ranges: dict[str, tuple[int, int]] = attrs.field(factory=dict)  # the headline's low and high

    @classmethod
    def none(cls) -> Tallies:
        zero = dict.fromkeys(TALLIES, Count(0))
        return cls(dict(zero), dict(zero))

    @classmethod
    def of(cls, certain: Tally, possible: Tally, claimed: Tally, disputed: Tally) -> Tallies:
        return cls(
            certain.counts(),
            possible.counts(),
            claimed.counts(),
            disputed.counts(),
            certain.given(),
            certain.ranges(),
        )

    def spread(self, metric: str) -> str | None:
        """ "76–80": the range the sources' claims span, when they differ."""
        low, high = self.ranges.get(metric, (0, 0))
        return f"{low:,}–{high:,}" if low != high and self.known(metric) else None

    def known(self, metric: str) -> bool:
        """Whether the figure is known: some entry of the headline gave it, or none could have
        (nothing of its kinds happened yet: zero). Entries that could give it and none did: unknown."""
        gave, could = self.given.get(metric, (0, 0))
        return metric in SELF_COUNTS or gave > 0 or could == 0

    def headline(self, metric: str) -> int | None:
        return self.certain[metric].value if self.known(metric) else None

    def text(self, metric: str) -> str:
        """ "at least 76", or "not reported" when no entry gave the figure."""
        return self.certain[metric].text if self.known(metric) else "not reported"

    def partly_given(self, metric: str) -> str | None:
        """ "1 of 2 entries give a figure", when only some of the headline's entries do."""
        gave, could = self.given.get(metric, (0, 0))
        if metric in SELF_COUNTS or not 0 < gave < could:
            return None
        return f"{gave} of {could} entries give a figure"

    def apart(self, metric: str) -> list[str]:
        """What stands beside the headline, apart from it: "and possibly 4 more", "claimed: 40",
        "sources say 76–80", "1 of 2 entries give a figure"."""
        notes = []
        if self.possible[metric].value:
            notes.append(f"and possibly {self.possible[metric].text} more")
        for label, counts in (("claimed", self.claimed), ("disputed", self.disputed)):
            if counts[metric].value:
                notes.append(f"{label}: {counts[metric].text}")
        if spread := self.spread(metric):
            notes.append(f"sources say {spread}")
        if partly := self.partly_given(metric):
            notes.append(partly)
        return notes

    def to_json(self) -> JSON:
        def apart(counts: dict[str, Count]) -> JSON:
            return {
                **{metric: count.value for metric, count in counts.items()},
                "text": {metric: count.text for metric, count in counts.items()},
            }

        return {
            **{metric: self.headline(metric) for metric in self.certain},
            "text": {metric: self.text(metric) for metric in self.certain},
            "given": {
                metric: {"entries": gave, "of": could}
                for metric, (gave, could) in self.given.items()
                if metric not in SELF_COUNTS
            },
            "low": {
                m: (self.ranges[m][0] if self.known(m) else None) for m in self.certain if m in self.ranges
            },
            "high": {
                m: (self.ranges[m][1] if self.known(m) else None) for m in self.certain if m in self.ranges
            },
            "possible": apart(self.possible),
            "claimed": apart(self.claimed),
            "disputed": apart(self.disputed),
        }


def tally_entries(entries: Iterable[TimelineEntry], as_of: date) -> Tallies:
    """The tallies as of the end of `as_of`, from timeline entries: the reference the tracked
    deltas are tested against, and the answer for the store's own past."""
    certain, possible, claimed, disputed = Tally(), Tally(), Tally(), Tally()
    for entry in entries:
        occurrence = entry.occurrence(as_of)
        if occurrence is Occurrence.NOT_YET:
            continue
        if entry.grade == Grade.CLAIMED:
            claimed.add(counted(entry), ranges=ranges_of(entry.claims))
        elif entry.grade == Grade.DISPUTED:
            disputed.add(counted(entry), ranges=ranges_of(entry.claims))
        elif occurrence is Occurrence.CERTAIN:
            certain.add(counted(entry), ranges=ranges_of(entry.claims))
        else:
            possible.add(counted(entry), ranges=ranges_of(entry.claims))
    return Tallies.of(certain, possible, claimed, disputed)


@attrs.frozen
class Force:
    asset: str
    region: str | None
    since: Occurred
    status: str  # deployed, possibly deployed, possibly withdrawn
    components: tuple[str, ...]
    personnel: str | None
    entry: str

    def to_json(self) -> JSON:
        return {
            "asset": self.asset,
            "region": self.region,
            "since": self.since.to_json(),
            "status": self.status,
            "components": list(self.components),
            "personnel": self.personnel,
            "entry": self.entry,
        }


@attrs.frozen
class StanceHeld:
    actor: str
    about: str
    position: str
    quote: str | None
    since: Occurred
    certain: bool
    entry: str

    def to_json(self) -> JSON:
        return {
            "actor": self.actor,
            "about": self.about,
            "position": self.position,
            "quote": self.quote,
            "since": self.since.to_json(),
            "certain": self.certain,
            "entry": self.entry,
        }


@attrs.frozen
class OpenMatter:
    kind: str
    title: str
    summary: str
    since: Occurred
    certain: bool
    entry: str

    def to_json(self) -> JSON:
        return {
            "kind": self.kind,
            "title": self.title,
            "summary": self.summary,
            "since": self.since.to_json(),
            "certain": self.certain,
            "entry": self.entry,
        }


def _topic(entry: TimelineEntry) -> Topic | None:
    role = fact_class(entry.kind).report_role
    return role.topic if role is not None and entry.topic_key is not None else None


def forces(entries: Sequence[TimelineEntry], as_of: date) -> list[Force]:
    """Forces in place on the day: deployed and not withdrawn, by asset and region."""
    present: dict[tuple[str, str | None], Force] = {}
    for entry in entries:
        if _topic(entry) is not Topic.FORCE:
            continue
        occurrence = entry.occurrence(as_of)
        if occurrence is Occurrence.NOT_YET:
            continue
        key = (entry.text("asset") or "", entry.text("region"))
        certain = occurrence is Occurrence.CERTAIN
        role = fact_class(entry.kind).report_role
        assert role is not None  # a kind has a topic through its role
        if role.becomes:
            if certain or key not in present:
                components = entry.details.get("components", ())
                personnel = entry.figure("personnel")
                present[key] = Force(
                    asset=key[0],
                    region=key[1],
                    since=entry.occurred,
                    status="deployed" if certain else "possibly deployed",
                    components=components if isinstance(components, tuple) else (),
                    personnel=personnel.text if personnel else None,
                    entry=entry.key,
                )
        elif certain:
            present.pop(key, None)
        elif key in present:
            present[key] = attrs.evolve(present[key], status="possibly withdrawn")
    return sorted(present.values(), key=lambda f: (f.region or "", f.asset))


def stances(entries: Sequence[TimelineEntry], as_of: date) -> list[StanceHeld]:
    """Who holds what position on which matter, the latest statement of each actor winning."""
    held: dict[tuple[str, str], StanceHeld] = {}
    for entry in entries:
        if _topic(entry) is not Topic.STANCE:
            continue
        occurrence = entry.occurrence(as_of)
        if occurrence is Occurrence.NOT_YET:
            continue
        actor = entry.text("speaker") or entry.text("author") or ""
        about = entry.text("about") or "—"
        held[(about, actor)] = StanceHeld(
            actor=actor,
            about=about,
            position=entry.text("position") or "",
            quote=entry.text("quote"),
            since=entry.occurred,
            certain=occurrence is Occurrence.CERTAIN,
            entry=entry.key,
        )
    return sorted(held.values(), key=lambda s: (s.about, s.position, s.actor))


def open_matters(entries: Sequence[TimelineEntry], as_of: date) -> list[OpenMatter]:
    """Matters raised and not settled in the record: a resignation offered."""
    matters = []
    for entry in entries:
        if _topic(entry) is not Topic.MATTER:
            continue
        occurrence = entry.occurrence(as_of)
        if occurrence is Occurrence.NOT_YET:
            continue
        matters.append(
            OpenMatter(
                kind=entry.kind,
                title=entry.title,
                summary=entry.summary,
                since=entry.occurred,
                certain=occurrence is Occurrence.CERTAIN,
                entry=entry.key,
            )
        )
    return matters


@attrs.frozen
class Situation:
    """The state of the world at the end of a day, as the clocks asked about see it."""

    as_of: date
    known_at: date | None
    stories: tuple[str, ...]
    tallies: Tallies
    relations: tuple[Relation, ...]
    forces: tuple[Force, ...]
    stances: tuple[StanceHeld, ...]
    open_matters: tuple[OpenMatter, ...]

    def to_json(self) -> JSON:
        return {
            "as_of": self.as_of.isoformat(),
            "known_at": self.known_at.isoformat() if self.known_at else None,
            "story": self.stories[0] if len(self.stories) == 1 else list(self.stories) or None,
            **self.report_json(),
        }

    def report_json(self) -> JSON:
        """The report's body, without the question's own days."""
        return {
            "tallies": self.tallies.to_json(),
            "relations": [r.to_json() for r in self.relations],
            "deployments": [f.to_json() for f in self.forces],
            "stances": [s.to_json() for s in self.stances],
            "open_matters": [m.to_json() for m in self.open_matters],
        }


def situation(
    as_of: date,
    tallies: Tallies,
    entries: Sequence[TimelineEntry],
    *,
    known_at: date | None = None,
    stories: tuple[str, ...] = (),
) -> Situation:
    """The report from the tallies and the entries of the situation's kinds, in timeline order.
    A retracted entry says nothing of the world, even when a question asks to see it listed."""
    entries = [e for e in entries if e.status != "retracted"]
    return Situation(
        as_of=as_of,
        known_at=known_at,
        stories=stories,
        tallies=tallies,
        relations=tuple(relations(entries, as_of)),
        forces=tuple(forces(entries, as_of)),
        stances=tuple(stances(entries, as_of)),
        open_matters=tuple(open_matters(entries, as_of)),
    )


@attrs.frozen
class RelationChange:
    provider: str
    recipient: str
    scope: str | None
    was: str | None
    now: str
    since: Occurred

    def to_json(self) -> JSON:
        return {
            "provider": self.provider,
            "recipient": self.recipient,
            "scope": self.scope,
            "from": self.was,
            "to": self.now,
            "since": self.since.to_json(),
        }


@attrs.frozen
class ForceChange:
    asset: str
    region: str | None
    was: str | None
    now: str | None  # None: gone

    def to_json(self) -> JSON:
        return {"asset": self.asset, "region": self.region, "from": self.was, "to": self.now}


@attrs.frozen
class SituationChanges:
    """What a situation report gained or lost from one day to another."""

    relations: tuple[RelationChange, ...] = ()
    tallies: dict[str, int] = attrs.field(factory=dict)  # metric → delta
    forces: tuple[ForceChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.relations or self.tallies or self.forces)

    def to_json(self) -> JSON:
        return {
            "relations": [r.to_json() for r in self.relations],
            "tallies": dict(self.tallies),
            "deployments": [f.to_json() for f in self.forces],
        }


def changes_between(before: Situation | None, after: Situation) -> SituationChanges:
    """What changed from `before` (None: nothing yet, before the calendar's first day) to `after`."""
    old_relations = {
        (r.provider, r.recipient, r.scope): r.status for r in (before.relations if before else ())
    }
    relation_changes = tuple(
        RelationChange(
            r.provider,
            r.recipient,
            r.scope,
            old_relations.get((r.provider, r.recipient, r.scope)),
            r.status,
            r.since,
        )
        for r in after.relations
        if old_relations.get((r.provider, r.recipient, r.scope)) != r.status
    )
    was = before.tallies.certain if before else {}
    deltas = {
        metric: count.value - (was[metric].value if metric in was else 0)
        for metric, count in after.tallies.certain.items()
        if count.value != (was[metric].value if metric in was else 0)
    }
    old_forces = {(f.asset, f.region): f.status for f in (before.forces if before else ())}
    new_forces = {(f.asset, f.region): f.status for f in after.forces}
    force_changes = tuple(
        [
            ForceChange(asset, region, old_forces.get((asset, region)), status)
            for (asset, region), status in new_forces.items()
            if old_forces.get((asset, region)) != status
        ]
        + [
            ForceChange(asset, region, status, None)
            for (asset, region), status in old_forces.items()
            if (asset, region) not in new_forces
        ]
    )
    return SituationChanges(relation_changes, deltas, force_changes)


@attrs.frozen
class Diff:
    """What could have happened after `start` and by `end`, and how the situation changed."""

    start: date
    end: date
    known_at: date | None
    entries: tuple[TimelineEntry, ...]
    before: Situation
    after: Situation
    changes: SituationChanges

    @property
    def became_certain(self) -> dict[str, int]:
        """Of each tally's change, how much is not news of the period: entries that could
        already have happened by `start` (a fuzzy date, "Sep – 11 Nov") and are now certain
        to have. "+76 killed" over two days is then a date range closing, not 76 deaths."""
        closing = Tally()
        for entry in self.entries:
            was_possible = entry.occurrence(self.start) is Occurrence.POSSIBLE
            if entry.grade in SOLID and was_possible and entry.occurrence(self.end) is Occurrence.CERTAIN:
                closing.add(counted(entry))
        return {m: c.value for m, c in closing.counts().items() if c.value and m in self.changes.tallies}

    def to_json(self) -> JSON:
        closing = self.became_certain
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "known_at": self.known_at.isoformat() if self.known_at else None,
            "entries": [e.to_json() for e in self.entries],
            "changes": self.changes.to_json(),
            # Each tally's change: what newly happened in the period, and what was possible
            # before it and is certain by its end.
            "tally_changes": {
                metric: {"happened": delta - closing.get(metric, 0), "became_certain": closing.get(metric, 0)}
                for metric, delta in self.changes.tallies.items()
            },
            "tallies": {"from": self.before.tallies.to_json(), "to": self.after.tallies.to_json()},
        }


@attrs.frozen
class ReplayStep:
    """One step of a replay: what happened in the period, and the situation at its end."""

    period: Period
    label: str  # the period as a reader says it ("Sep 2025", or "until Aug 2025" for the first)
    entries: tuple[TimelineEntry, ...]
    changes: SituationChanges
    situation: Situation

    def to_json(self) -> JSON:
        return {
            "period": self.label,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "entries": [e.to_json() for e in self.entries],
            "changes": self.changes.to_json(),
            "tallies": self.situation.tallies.to_json(),
        }
