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


def record_markup(page: str) -> str:
    """The report with its one script (ours, allowed by the page's policy) taken out, exactly
    once: what is left must hold no markup that record text could have put there."""
    from storyline.projections.formats.html_report import report_script

    ours = f"<script>{report_script()}</script>"
    assert page.count(ours) == 1, "the report's own script is missing or repeated"
    return page.replace(ours, "")
