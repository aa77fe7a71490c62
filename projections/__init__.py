"""The read side and the use cases: read models built from the log, the formats of the field,
and `Storyline` (app.py), the library every face of Storyline calls.

    app.py          Storyline: one method per use case          bootstrap.py  open_storyline()
    timeline.py     rows by the three clocks, and the tallies' running sums (tallies.py)
    runner.py       catching the views up, rebuilding them      database.py   where they live
    situation.py    the state of the world on a day; relations.py, periods.py, walk.py
    actor_views.py  one actor; history.py one entry's versions; verify.py the store's soundness
    entries.py, results.py   the typed values the use cases return
    formats/        each format of the field, its reader and writer side by side
    oracle.py       the same rules replayed in memory, for the tests to compare with
"""

from __future__ import annotations

import importlib
from typing import Any

# Names are imported on first use (PEP 562): a command pays only for the modules it uses.
_WHERE = {
    "ActorNotFound": "actor_views",
    "ActorView": "actor_views",
    "AmbiguousActor": "actor_views",
    "actor_view": "actor_views",
    "TimelineEntry": "entries",
    "AmbiguousEntry": "history",
    "UnknownEntry": "history",
    "entry_history": "history",
    "resolve_entry": "history",
    "Situation": "situation",
    "changes_between": "situation",
    "Clocks": "timeline",
    "TimelineQuery": "timeline",
    "StorySummary": "views",
    "Views": "views",
    "Storyline": "app",
    "open_storyline": "bootstrap",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
