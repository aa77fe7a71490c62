"""Read models built from the log: the timeline, per-actor views, relations, situation reports.

Each catches up incrementally from its tracking position, can be rebuilt from zero, and answers
as-of questions from rows indexed by the three clocks.
"""

from .actors import ActorNotFound, ActorView, AmbiguousActor, actor_counts, actor_view
from .history import AmbiguousEntry, UnknownEntry, entry_history, resolve_entry
from .relations import relations
from .situation import changes_between
from .timeline import Clocks, EntryRow, TimelineQuery
from .views import StorySummary, Views

__all__ = [
    "ActorNotFound",
    "ActorView",
    "AmbiguousActor",
    "AmbiguousEntry",
    "Clocks",
    "EntryRow",
    "StorySummary",
    "TimelineQuery",
    "UnknownEntry",
    "Views",
    "actor_counts",
    "actor_view",
    "changes_between",
    "entry_history",
    "relations",
    "resolve_entry",
]
