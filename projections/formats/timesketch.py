"""Timesketch JSON Lines: a line for when each entry occurred, was reported and was recorded."""

from __future__ import annotations

from .export import Export
from .inert_text import inert_json
from .spreadsheet import cell


def write_timesketch(export: Export) -> str:
    """JSON Lines with Timesketch's three fields — message, datetime, timestamp_desc — and the
    entry's own: a line for when it occurred (the earliest possible day), when it was first
    reported, and when it was recorded in this store."""
    lines = []
    for entry in export.entries:
        occurred = entry.occurred
        day = occurred.start or occurred.end
        common = {
            "story": entry.story,
            "entry_id": entry.id,
            "entry_key": entry.key,
            "kind": entry.kind,
            "title": entry.title,
            "summary": entry.summary,
            "occurred": occurred.text,
            "occurred_precision": occurred.precision,
            "actors": "; ".join(entry.actors),
            "sources": "; ".join(s.outlet for s in entry.sources),
            "status": entry.status,
            "grade": entry.grade,
            "claims": "; ".join(f"{c.field} {c.value} ({c.source})" for c in entry.claims),
            **{f"detail_{k}": cell(v) for k, v in entry.details.items()},
        }
        edge = "earliest possible day" if occurred.start else "latest possible day"
        stamps = [
            (
                f"{day.isoformat() if day else ''}T00:00:00+00:00",
                f"Occurred ({edge} of {occurred.text}, {occurred.precision})",
            ),
            (f"{entry.reported.isoformat()}T00:00:00+00:00", "Reported"),
            (entry.recorded.isoformat(), "Recorded in Storyline"),
        ]
        for stamp, description in stamps:
            lines.append(
                inert_json(
                    {"message": entry.title, "datetime": stamp, "timestamp_desc": description, **common},
                    indent=None,
                )
            )
    return "".join(line + "\n" for line in lines)
