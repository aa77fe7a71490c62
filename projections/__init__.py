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
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:  # what the type checker is to see behind __getattr__
    from .actor_views import ActorNotFound as ActorNotFound
    from .actor_views import ActorView as ActorView
    from .actor_views import AmbiguousActor as AmbiguousActor
    from .actor_views import actor_view as actor_view
    from .app import Storyline as Storyline
    from .bootstrap import open_storyline as open_storyline
    from .entries import TimelineEntry as TimelineEntry
    from .history import AmbiguousEntry as AmbiguousEntry
    from .history import UnknownEntry as UnknownEntry
    from .history import entry_history as entry_history
    from .history import resolve_entry as resolve_entry
    from .situation import Situation as Situation
    from .situation import changes_between as changes_between
    from .timeline import Clocks as Clocks
    from .timeline import TimelineQuery as TimelineQuery
    from .views import StorySummary as StorySummary
    from .views import Views as Views


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
