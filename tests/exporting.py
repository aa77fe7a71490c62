"""Exporters' input built from entries' JSON, as the stores of older versions could hold it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storyline.projections.entries import TimelineEntry
from storyline.projections.formats import Export


def entries_of(bodies: Sequence[dict[str, Any]]) -> list[TimelineEntry]:
    return [TimelineEntry.from_json(body) for body in bodies]


def export_of(
    bodies: Sequence[dict[str, Any]], title: str = "t", subtitle: str = "s", group: str = "kind"
) -> Export:
    return Export(entries_of(bodies), title, subtitle, group=group)
