"""Read models built from the log: the timeline, per-actor views, relations, situation reports.

Each catches up incrementally from its tracking position, can be rebuilt from zero, and answers
as-of questions from rows indexed by the three clocks.
"""

from .actors import ActorNotFound, ActorView, AmbiguousActor, actor_counts, actor_view
from .relations import relations
from .timeline import Clocks, EntryRow, TimelineQuery
from .views import StorySummary, Views

__all__ = [
    "ActorNotFound",
    "ActorView",
    "AmbiguousActor",
    "Clocks",
    "EntryRow",
    "StorySummary",
    "TimelineQuery",
    "Views",
    "actor_counts",
    "actor_view",
    "relations",
]
