"""JSON that loses nothing: every entry as first recorded, then every correction, retraction and
corroboration in log order, each with its reported date, source and reason — the same file
shape `storyline import` reads, so exporting a store and importing the file into an empty one
gives the same timeline, history and report dates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from storyline.domain import Actor, Entry, Record, Source
from storyline.projections.entries import source_json

FORMAT_VERSION = 1


def _record_row(record: Record) -> dict[str, Any]:
    place = record.place
    row: dict[str, Any] = {
        "story": record.story,
        "kind": record.kind,
        "title": record.title,
        "date": record.occurred.value,
        "actors": list(record.actors),
    }
    if record.roles:
        row["roles"] = [list(pair) for pair in record.roles]
    if place is not None:
        row |= {"location": place.name, "latitude": place.latitude, "longitude": place.longitude}
    row |= {k: v for k, v in record.fact.texts().items() if v is not None and k != "label"}
    if record.notes:
        row["notes"] = record.notes
    if record.details:
        row["details"] = dict(record.details)
    row["sources"] = [_source(s) for s in record.sources]
    return {k: v for k, v in row.items() if v is not None}


def _source(source: Source) -> dict[str, Any]:
    return {k: v for k, v in source_json(source).items() if v is not None}


def event_rows(events: Iterable[Any], stories: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Import rows for entry events, in log order."""
    keys: dict[Any, tuple[str, str]] = {}
    rows: list[dict[str, Any]] = []
    for event in events:
        if isinstance(event, Entry.Recorded):
            keys[event.originator_id] = (event.record.story, event.key)
            if stories and event.record.story not in stories:
                continue
            rows.append(
                {"id": event.key, **_record_row(event.record), "reported": event.reported.isoformat()}
            )
            continue
        if not isinstance(event, Entry.Event) or event.originator_id not in keys:
            continue
        story, key = keys[event.originator_id]
        if stories and story not in stories:
            continue
        row: dict[str, Any] = {
            "story": story,
            "id": f"{key}#v{event.originator_version}",
            "reported": event.reported.isoformat(),
        }
        if isinstance(event, Entry.Corrected):
            row["corrects"] = key
            cleared = [name for name, value in event.changes if value is None]
            row |= {name: value for name, value in event.changes if value is not None}
            if cleared:
                row["clear"] = cleared
        elif isinstance(event, Entry.Retracted):
            row["retracts"] = key
        elif isinstance(event, Entry.Corroborated):
            row["corroborates"] = key
        source = getattr(event, "source", None)
        if source is not None:
            row["sources"] = [_source(source)]
        if getattr(event, "why", None):
            row["why"] = event.why
        rows.append(row)
    return rows


def lossless_json(
    actors: Iterable[Actor], events: list[Any], stories: tuple[str, ...] = ()
) -> dict[str, Any]:
    rows = event_rows(events, stories)
    named = {row["story"] for row in rows}
    used = {
        actor
        for event in events
        if isinstance(event, Entry.Recorded) and (not stories or event.record.story in stories)
        for actor, _ in event.record.parties()
    }
    return {
        "storyline": FORMAT_VERSION,
        "actors": [
            {
                k: v
                for k, v in {
                    "name": a.name,
                    "type": a.type.value,
                    "aliases": list(a.aliases),
                    "affiliations": list(a.affiliations),
                    "description": a.description,
                }.items()
                if v
            }
            for a in actors
            if not stories or a.name in used
        ],
        "entries": rows,
        **({"story": next(iter(named))} if len(named) == 1 else {}),
    }
