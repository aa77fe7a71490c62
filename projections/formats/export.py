"""What a writer of an export format is given."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from storyline.domain import Actor

from ..entries import TimelineEntry
from ..situation import Situation


@attrs.frozen
class Export:
    """What a writer writes: the entries as the question shows them, with a title; the lossless
    format writes the events and actors behind them instead."""

    entries: Sequence[TimelineEntry]
    title: str
    subtitle: str
    stories: tuple[str, ...] = ()
    group: str = "kind"  # TimelineJS rows: by kind or by first actor
    description: str | None = None  # what the story is about, as its file says
    events: Sequence[Any] = ()
    actors: Sequence[Actor] = ()
    situation: Situation | None = None  # where the story stands on the export's day (HTML)
    retracted: Sequence[TimelineEntry] = ()  # left out of the entries, kept in a corrections log
