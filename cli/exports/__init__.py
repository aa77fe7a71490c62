"""Exports to the formats the field already uses. Each writes the whole file or nothing."""

from __future__ import annotations

from typing import Any

from storyline.projections import Clocks, EntryRow

from ..safe_text import inert_json
from .files import ExportFailed, store_files, write_export
from .lossless import lossless_json
from .markdown import markdown
from .report import html_report
from .spreadsheet import spreadsheet_csv
from .timelinejs import timelinejs
from .timesketch import timesketch_lines

FORMATS = ("json", "csv", "markdown", "timelinejs", "timesketch", "html")

__all__ = ["FORMATS", "ExportFailed", "render", "store_files", "write_export"]


def _log_for(session: Any, clocks: Clocks, rows: list[EntryRow], progress: Any = None) -> list[Any]:
    """The events to export: the whole log, or — asked about a moment — only what had been
    recorded and reported by then, of the entries visible then."""
    visible = {row.id for row in rows}
    events = []
    total = session.store.recorder.max_notification_id() or 0
    for position, event in session.store.read_log():
        if clocks.recorded_through is not None and position > clocks.recorded_through:
            break
        events.append(event)
        if progress and position % 1000 == 0:
            progress(position, total)
    if clocks.is_now and clocks.as_of is None:
        return events
    kept, first_reported = [], {}
    for event in events:
        if not hasattr(event, "reported"):  # not an entry's event: actors and the like
            kept.append(event)
            continue
        entry = str(event.originator_id)
        first_reported.setdefault(entry, event.reported)
        # An event takes effect when it was reported, but never before its entry was.
        effective = max(event.reported, first_reported[entry])
        if entry in visible and (clocks.known_at is None or effective <= clocks.known_at):
            kept.append(event)
    return kept


def render(
    fmt: str,
    session: Any,
    rows: list[EntryRow],
    clocks: Clocks,
    stories: tuple[str, ...],
    group: str,
    title: str,
    subtitle: str,
    progress: Any = None,
) -> str:
    bodies = [row.shown(clocks.as_of) for row in rows]
    if fmt == "json":
        data = lossless_json(session.views.directory(), _log_for(session, clocks, rows, progress), stories)
        return inert_json(data) + "\n"
    if fmt == "csv":
        return spreadsheet_csv(bodies)
    if fmt == "timelinejs":
        return inert_json(timelinejs(bodies, group)) + "\n"
    if fmt == "timesketch":
        return timesketch_lines(bodies)
    if fmt == "markdown":
        return markdown(bodies, title)
    return html_report(bodies, title, subtitle)
