"""Timesketch JSON Lines: a line for when each entry occurred, was reported and was recorded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..safe_text import inert_json
from .spreadsheet import cell

Body = dict[str, Any]


def timesketch_lines(bodies: Sequence[Body]) -> str:
    """JSON Lines with Timesketch's three fields — message, datetime, timestamp_desc — and the
    entry's own: a line for when it occurred (the earliest possible day), when it was first
    reported, and when it was recorded in this store."""
    lines = []
    for body in bodies:
        occurred = body["occurred"]
        day = occurred["start"] or occurred["end"]
        common = {
            "story": body["story"],
            "entry_id": body["id"],
            "entry_key": body["key"],
            "kind": body["kind"],
            "title": body["title"],
            "summary": body["summary"],
            "occurred": occurred["text"],
            "occurred_precision": occurred["precision"],
            "actors": "; ".join(body["actors"]),
            "sources": "; ".join(s["outlet"] for s in body["sources"]),
            "status": body["status"],
            **{f"detail_{k}": cell(v) for k, v in body["details"].items()},
        }
        edge = "earliest possible day" if occurred["start"] else "latest possible day"
        stamps = [
            (f"{day}T00:00:00+00:00", f"Occurred ({edge} of {occurred['text']}, {occurred['precision']})"),
            (f"{body['reported']}T00:00:00+00:00", "Reported"),
            (body["recorded"], "Recorded in Storyline"),
        ]
        for stamp, description in stamps:
            lines.append(
                inert_json(
                    {"message": body["title"], "datetime": stamp, "timestamp_desc": description, **common},
                    indent=None,
                )
            )
    return "".join(line + "\n" for line in lines)
