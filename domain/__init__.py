"""The pure domain: facts, actors, sources, fuzzy dates, and the entries that record them.

No I/O and no rendering here; only what the event store requires (its aggregate base class).
"""

from .actors import REGISTRY_ID, Actor, ActorDirectory, ActorRegistry, ActorType, fold
from .counts import Count, Qualifier
from .dates import Bound, FuzzyDate, Occurrence, Precision, parse_day
from .entry import (
    Entry,
    EntryState,
    content_key,
    entry_id,
    knowledge_steps,
    state_known_at,
    version_known_at,
)
from .errors import DomainError, InvalidValue, NothingChanged, UnknownField
from .facts import (
    KINDS,
    SHARING_KINDS,
    TALLIES,
    Development,
    Fact,
    ReportRole,
    Stance,
    Topic,
    build_fact,
    fact_class,
    kind_label,
    kinds_of,
    near_kinds,
)
from .records import (
    COMMON_FIELDS,
    Changes,
    Place,
    Record,
    check_changes,
    default_reported,
    draft_record,
    not_after_today,
    report_day,
    stale_in_title,
)
from .sources import Source, SourceStatus

__all__ = [
    "COMMON_FIELDS",
    "KINDS",
    "REGISTRY_ID",
    "SHARING_KINDS",
    "TALLIES",
    "Actor",
    "ActorDirectory",
    "ActorRegistry",
    "ActorType",
    "Bound",
    "Changes",
    "Count",
    "Development",
    "DomainError",
    "Entry",
    "EntryState",
    "Fact",
    "FuzzyDate",
    "InvalidValue",
    "NothingChanged",
    "Occurrence",
    "Place",
    "Precision",
    "Qualifier",
    "Record",
    "ReportRole",
    "Source",
    "SourceStatus",
    "Stance",
    "Topic",
    "UnknownField",
    "build_fact",
    "check_changes",
    "content_key",
    "default_reported",
    "draft_record",
    "entry_id",
    "fact_class",
    "fold",
    "kind_label",
    "kinds_of",
    "knowledge_steps",
    "near_kinds",
    "not_after_today",
    "parse_day",
    "report_day",
    "stale_in_title",
    "state_known_at",
    "version_known_at",
]
