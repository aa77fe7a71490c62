"""An entry as it is shown: the JSON object every read command and export starts from.

Field names here are the product's stable JSON interface (`storyline timeline --json`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from storyline.domain import Count, EntryState, FuzzyDate, Source


def occurred_json(occurred: FuzzyDate) -> dict[str, Any]:
    return {
        "start": occurred.earliest.isoformat() if occurred.earliest else None,
        "end": occurred.latest.isoformat() if occurred.latest else None,
        "precision": occurred.precision.value,
        "text": occurred.text,
        "value": occurred.value,
    }


def source_json(source: Source) -> dict[str, Any]:
    return {
        "outlet": source.outlet,
        "url": source.url,
        "published": source.published.isoformat() if source.published else None,
        "attribution": source.attribution,
        "status": source.status.value,
    }


def _detail(value: object) -> object:
    if isinstance(value, Count):
        return {"value": value.value, "qualifier": value.qualifier.value, "text": value.text}
    if isinstance(value, tuple):
        return list(value)
    return str(value)


def entry_json(
    entry_id: str,
    key: str,
    state: EntryState,
    *,
    version: int,
    reported: date,
    recorded: datetime,
) -> dict[str, Any]:
    """The entry as it stood in one state of knowledge."""
    record = state.record
    parties = record.parties()
    place = record.place
    details = {
        name: _detail(value)
        for name, value in record.fact.values().items()
        if value is not None and value != () and name != "label"
    }
    return {
        "id": entry_id,
        "key": key,
        "story": record.story,
        "kind": record.kind,
        "title": record.title,
        "occurred": occurred_json(record.occurred),
        "actors": [actor for actor, _ in parties],
        "parties": [{"actor": actor, "role": role} for actor, role in parties],
        "summary": record.fact.summary(),
        "details": details,
        "extra": dict(record.details),
        "location": None
        if place is None
        else {"name": place.name, "latitude": place.latitude, "longitude": place.longitude},
        "notes": record.notes,
        "sources": [source_json(s) for s in record.sources],
        "status": "retracted" if state.retracted else record.status.value,
        "retraction": state.retraction,
        "reported": reported.isoformat(),
        "recorded": recorded.isoformat(),
        "version": version,
    }
