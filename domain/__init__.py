"""The pure domain: facts, actors, sources, fuzzy dates, and the entries that record them.

No I/O and no rendering here; only what the event store requires (its aggregate base class).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Names are imported on first use (PEP 562): a command that reads the views needs dates and
# counts, not the aggregates and the event store's classes that only writing uses.
_WHERE = {
    "Actor": "actors",
    "ActorDirectory": "actors",
    "ActorRegistry": "actors",
    "ActorType": "actors",
    "Bound": "dates",
    "COMMON_FIELDS": "records",
    "Changes": "records",
    "Count": "counts",
    "Development": "facts",
    "DomainError": "errors",
    "Entry": "entry",
    "EntryAlias": "entry",
    "EntryState": "entry",
    "Fact": "facts",
    "FuzzyDate": "dates",
    "GRADE_GLYPHS": "grades",
    "Grade": "grades",
    "InvalidValue": "errors",
    "KINDS": "facts",
    "NothingChanged": "errors",
    "Occurrence": "dates",
    "Place": "records",
    "Precision": "dates",
    "Qualifier": "counts",
    "REGISTRY_ID": "actors",
    "Record": "records",
    "ReportRole": "facts",
    "SHARING_KINDS": "facts",
    "SOLID": "grades",
    "Source": "sources",
    "SourceStatus": "sources",
    "Stance": "facts",
    "StoryProfile": "story_profile",
    "profile_id": "story_profile",
    "TALLIES": "facts",
    "Topic": "facts",
    "UnknownField": "errors",
    "build_fact": "facts",
    "check_changes": "records",
    "content_key": "entry",
    "default_reported": "records",
    "draft_record": "records",
    "entry_id": "entry",
    "entry_name": "entry",
    "fact_class": "facts",
    "fold": "actors",
    "grade_of": "grades",
    "is_content_key": "entry",
    "kind_label": "facts",
    "kinds_of": "facts",
    "knowledge_steps": "entry",
    "near_kinds": "facts",
    "not_after_today": "records",
    "parse_day": "dates",
    "parse_grade": "grades",
    "report_day": "records",
    "stale_in_title": "records",
    "state_known_at": "entry",
    "version_known_at": "entry",
}

__all__ = sorted(_WHERE)

if TYPE_CHECKING:  # what the type checker is to see behind __getattr__
    from .actors import REGISTRY_ID as REGISTRY_ID
    from .actors import Actor as Actor
    from .actors import ActorDirectory as ActorDirectory
    from .actors import ActorRegistry as ActorRegistry
    from .actors import ActorType as ActorType
    from .actors import fold as fold
    from .counts import Count as Count
    from .counts import Qualifier as Qualifier
    from .dates import Bound as Bound
    from .dates import FuzzyDate as FuzzyDate
    from .dates import Occurrence as Occurrence
    from .dates import Precision as Precision
    from .dates import parse_day as parse_day
    from .entry import Entry as Entry
    from .entry import EntryAlias as EntryAlias
    from .entry import EntryState as EntryState
    from .entry import content_key as content_key
    from .entry import entry_id as entry_id
    from .entry import entry_name as entry_name
    from .entry import is_content_key as is_content_key
    from .entry import knowledge_steps as knowledge_steps
    from .entry import state_known_at as state_known_at
    from .entry import version_known_at as version_known_at
    from .errors import DomainError as DomainError
    from .errors import InvalidValue as InvalidValue
    from .errors import NothingChanged as NothingChanged
    from .errors import UnknownField as UnknownField
    from .facts import KINDS as KINDS
    from .facts import SHARING_KINDS as SHARING_KINDS
    from .facts import TALLIES as TALLIES
    from .facts import Development as Development
    from .facts import Fact as Fact
    from .facts import ReportRole as ReportRole
    from .facts import Stance as Stance
    from .facts import Topic as Topic
    from .facts import build_fact as build_fact
    from .facts import fact_class as fact_class
    from .facts import kind_label as kind_label
    from .facts import kinds_of as kinds_of
    from .facts import near_kinds as near_kinds
    from .grades import GRADE_GLYPHS as GRADE_GLYPHS
    from .grades import SOLID as SOLID
    from .grades import Grade as Grade
    from .grades import grade_of as grade_of
    from .grades import parse_grade as parse_grade
    from .records import COMMON_FIELDS as COMMON_FIELDS
    from .records import Changes as Changes
    from .records import Place as Place
    from .records import Record as Record
    from .records import check_changes as check_changes
    from .records import default_reported as default_reported
    from .records import draft_record as draft_record
    from .records import not_after_today as not_after_today
    from .records import report_day as report_day
    from .records import stale_in_title as stale_in_title
    from .sources import Source as Source
    from .sources import SourceStatus as SourceStatus
    from .story_profile import StoryProfile as StoryProfile
    from .story_profile import profile_id as profile_id


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
