"""One row of any input — a spreadsheet line, a YAML entry, a JSON object, a `record` command —
turned into a `Submission` for the store. All formats meet here, so they mean the same thing.

Row fields:
    id          the user's own stable id (optional; re-importing a row with the same id
                corrects the entry instead of adding another)
    kind, title, date, date_precision, actors, location, latitude, longitude, notes
    the kind's own fields (killed, provider, ...)
    source, url, attribution, status, published   one source, spreadsheet style
    sources     a list of sources (YAML/JSON), each a name from the file's `sources:` or a mapping
    reported    when the public record first said so (default: the earliest publication among
                the sources, else the end of the occurred date)
    story       the row's story, when a file holds several (default: the file's)
    details     a mapping of anything else; unknown columns land here too

A row can instead act on an earlier entry (named by its id):
    corrects     its non-empty fields replace that entry's from its `reported` date on
                 (`clear`: a list of fields it empties; `why`: the reason)
    retracts     the entry leaves the timeline from `reported` on (with `why`, `source`)
    corroborates the row's source supports the entry from `reported` on
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import attrs

from storyline.domain import (
    COMMON_FIELDS,
    KINDS,
    Bound,
    FuzzyDate,
    InvalidValue,
    Record,
    Source,
    draft_record,
    fact_class,
    kind_label,
)
from storyline.domain.records import DETAIL_PREFIX
from storyline.domain.text import optional_text, required_text, text_list

SOURCE_FIELDS = ("source", "url", "attribution", "status", "published")
# Clean-ups in files: what `storyline move`, `rekind` and `name` do, as rows (a lossless
# export writes them, so that importing it gives the same history).
CLEANUPS = {"moves": "move", "rekinds": "rekind", "renames": "name"}
CLEANUP_FIELDS = ("to", "new_id")  # what a clean-up row says it becomes
ACTIONS = ("corrects", "retracts", "corroborates", *CLEANUPS)
ROW_FIELDS = (
    "id",
    "kind",
    "date_precision",
    "sources",
    "reported",
    "details",
    "roles",
    "story",
    "why",
    "clear",
    *ACTIONS,
)
ALL_FACT_FIELDS = {name for cls in KINDS.values() for name in cls.specs()} - {"label"}
NEAR_FIELD_CUTOFF = 0.75


def refuse_near_field(name: str, value: object, kind: str) -> None:
    """A column or field that is almost one Storyline knows (`kiled`, `killd`) is a typo, not a
    detail: kept as a detail, the tally would miss it. Anything farther is kept as a detail."""
    own = [n for n in fact_class(kind).specs() if n != "label"]
    if name in KINDS:
        raise InvalidValue(
            name, value, f"is a kind, not a field: a {kind}'s own fields are {', '.join(own) or 'none'}"
        )
    known = [*COMMON_FIELDS, *own, *SOURCE_FIELDS, *ROW_FIELDS, *CLEANUP_FIELDS]
    if near := difflib.get_close_matches(name, known, n=2, cutoff=NEAR_FIELD_CUTOFF):
        raise InvalidValue(
            name,
            value,
            f"is not a field of {kind}: did you mean {' or '.join(map(repr, near))}? "
            f"(to keep it as a detail, name it {DETAIL_PREFIX}{name})",
        )


@attrs.frozen
class Submission:
    """An entry to record, or something done to an earlier one (`action` on `target`)."""

    story: str
    key: str | None  # the row's own id
    reported: date | None
    record: Record | None = None  # for action "record"
    action: str = "record"  # record | correct | retract | corroborate
    target: str | None = None  # the id of the entry acted on
    changes: tuple[tuple[str, str | None], ...] = ()
    source: Source | None = None
    why: str | None = None
    # Columns no field of Storyline's has, kept as details: the import summary names them.
    kept_as_details: tuple[str, ...] = ()
    to: str | None = None  # a clean-up's new story (move), kind (rekind) or id (name; None: its own)


def parse_date_field(field: str, value: object) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        return value
    bound = Bound.parse(str(value), field)
    if bound.grain != "day":
        raise InvalidValue(field, value, "is not a whole day (write YYYY-MM-DD)")
    return bound.first


def read_source(raw: object, named: Mapping[str, Source], field: str) -> Source:
    if isinstance(raw, str) and raw.strip() in named:
        return named[raw.strip()]
    if isinstance(raw, str) and named and field.startswith("sources["):
        # The file keeps its sources by key: a name that is none of them is a slip, not an outlet.
        near = difflib.get_close_matches(raw.strip(), named, n=1, cutoff=0.6)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise InvalidValue(
            field,
            raw,
            f"is not a source the file defines ({hint}its sources: {', '.join(sorted(named))}; "
            "for another outlet write {outlet: NAME})",
        )
    if isinstance(raw, Mapping):
        unknown = set(raw) - {"outlet", "url", "published", "attribution", "status", "name"}
        if unknown:
            name = sorted(unknown)[0]
            raise InvalidValue(f"{field}.{name}", raw[name], "is not a field of a source")
        try:
            return Source.given(
                outlet=raw.get("outlet") or raw.get("name"),
                url=raw.get("url"),
                published=parse_date_field("published", raw.get("published")),
                attribution=raw.get("attribution"),
                status=raw.get("status") or "reported",
            )
        except InvalidValue as exc:
            raise exc.within(field) from None
    return Source(outlet=required_text(field, raw))


def row_sources(
    row: Mapping[str, Any], named: Mapping[str, Source], reported: date | None
) -> tuple[Source, ...]:
    sources: list[Source] = []
    listed = row.get("sources")
    if listed is not None:
        items = listed if isinstance(listed, list | tuple) else text_list("sources", listed)
        sources.extend(read_source(item, named, f"sources[{i}]") for i, item in enumerate(items))
    outlet = optional_text("source", row.get("source"))
    if outlet is not None:
        if outlet in named and not any(row.get(f) for f in SOURCE_FIELDS[1:]):
            sources.append(named[outlet])
        else:
            published = parse_date_field("published", row.get("published")) or reported
            sources.append(
                Source.given(
                    outlet=outlet,
                    url=row.get("url"),
                    published=published,
                    attribution=row.get("attribution"),
                    status=optional_text("status", row.get("status")) or "reported",
                )
            )
    elif any(optional_text(f, row.get(f)) for f in SOURCE_FIELDS[1:]):
        field = next(f for f in SOURCE_FIELDS[1:] if optional_text(f, row.get(f)))
        raise InvalidValue(
            field, row.get(field), "belongs to a source, but the row names none (add a source)"
        )
    return tuple(dict.fromkeys(sources))


def _fill_parties(kind: str, fields: dict[str, Any]) -> None:
    """A spreadsheet row often names its parties only in `actors`: take the kind's required
    actor fields from them, in order (a pause's provider, then its recipient)."""
    actors = list(text_list("actors", fields.get("actors")))
    for name, spec in fact_class(kind).specs().items():
        missing = spec.codec == "actor" and spec.required and not optional_text(name, fields.get(name))
        if missing and actors:
            fields[name] = actors.pop(0)


def split_row(
    row: Mapping[str, Any], kind: str, *, strict_names: bool = False
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(fields the record takes, details to keep): unknown names become details; with
    `strict_names` (files people write by hand), a near miss of a known name is refused."""
    own = set(fact_class(kind).specs()) - {"label"}
    fields: dict[str, Any] = {"kind": kind}
    details: dict[str, Any] = dict(row.get("details") or {})
    if not isinstance(row.get("details") or {}, Mapping):
        raise InvalidValue("details", row.get("details"), "is not a mapping of names to values")
    for name, value in row.items():
        if value is None or value == "" or name in ROW_FIELDS or name in SOURCE_FIELDS:
            continue  # an empty cell says nothing: most of a wide spreadsheet's are
        if name.startswith(DETAIL_PREFIX):  # `details.region`: a detail, whatever its name
            if value is not None and str(value).strip():
                detail = name[len(DETAIL_PREFIX) :]
                if detail in details or row.get(detail) not in (None, ""):
                    raise InvalidValue(name, value, f"gives the detail {detail!r} a second time in this row")
                details[detail] = value if isinstance(value, str) else str(value)
        elif name in COMMON_FIELDS or name in own:
            fields[name] = value
        elif name in ALL_FACT_FIELDS:
            if optional_text(name, value if not isinstance(value, list) else "; ".join(map(str, value))):
                raise InvalidValue(name, value, f"is not a field of {kind}")
        elif value is not None and str(value).strip():
            if strict_names:
                refuse_near_field(name, value, kind)
            details[name] = value if isinstance(value, str) else str(value)
    fields["date_precision"] = row.get("date_precision")
    if row.get("roles"):
        fields["roles"] = row["roles"]
    return fields, details


def submission_from_row(
    row: Mapping[str, Any],
    *,
    story: str,
    named_sources: Mapping[str, Source],
    canonical: Callable[[str], str],
    forced_story: bool = False,
    strict_names: bool = False,
) -> Submission:
    """`story` is the file's story; a row may name its own unless the user forced one.
    `strict_names`: the row was written by hand, so a near miss of a field's name is a typo."""
    key = optional_text("id", row.get("id"))
    reported = parse_date_field("reported", row.get("reported"))
    if not forced_story:
        story = optional_text("story", row.get("story")) or story
    acting = [name for name in ACTIONS if optional_text(name, row.get(name))]
    if len(acting) > 1:
        raise InvalidValue(acting[1], row.get(acting[1]), f"cannot be combined with {acting[0]} in one row")
    if acting:
        return _action(row, acting[0], story, key, reported, named_sources, strict_names)
    kind = kind_label(row.get("kind"))
    fields, details = split_row(row, kind, strict_names=strict_names)
    _fill_parties(kind, fields)
    sources = row_sources(row, named_sources, reported)
    record = draft_record(story, fields, sources=sources, details=details, canonical=canonical)
    given = dict(row.get("details") or {})
    kept = tuple(name for name in details if name not in given and f"{DETAIL_PREFIX}{name}" not in row)
    return Submission(story=story, key=key, reported=reported, record=record, kept_as_details=kept)


def _action(
    row: Mapping[str, Any],
    action: str,
    story: str,
    key: str | None,
    reported: date | None,
    named_sources: Mapping[str, Source],
    strict_names: bool,
) -> Submission:
    target = required_text(action, row.get(action))
    if action in CLEANUPS:
        return _cleanup(row, action, story, key, reported, strict_names)
    if reported is None:
        raise InvalidValue(
            "reported",
            row.get("reported"),
            f"is required on a row that {action} another: when was it reported?",
        )
    sources = row_sources(row, named_sources, reported)
    why = optional_text("why", row.get("why"))
    verb = {"corrects": "correct", "retracts": "retract", "corroborates": "corroborate"}[action]
    if verb == "corroborate" and not sources:
        raise InvalidValue("source", row.get("source"), "is required: which source corroborates it?")
    # A correcting row's values replace the entry's; a corroborating row's are its source's claims.
    changes = _changes(row, strict_names) if verb in ("correct", "corroborate") else ()
    if verb == "correct" and not changes:
        raise InvalidValue("corrects", target, "changes nothing: give the fields it corrects")
    return Submission(
        story=story,
        key=key,
        reported=reported,
        action=verb,
        target=target,
        changes=changes,
        source=sources[0] if sources else None,
        why=why,
    )


def _cleanup(
    row: Mapping[str, Any],
    action: str,
    story: str,
    key: str | None,
    reported: date | None,
    strict_names: bool,
) -> Submission:
    """`moves: KEY` with `to: STORY`; `rekinds: KEY` with `kind: KIND` and any fields the new
    kind needs; `renames: KEY` with `new_id: ID` (blank: back to the id it was recorded with).
    Without `reported`, a clean-up holds from the entry's own report on."""
    verb = CLEANUPS[action]
    to: str | None
    changes: tuple[tuple[str, str | None], ...] = ()
    if verb == "move":
        to = required_text("to", row.get("to"))
    elif verb == "rekind":
        to = kind_label(row.get("kind"))
        changes = _changes({k: v for k, v in row.items() if k not in ("to", "new_id")}, strict_names)
    else:
        to = optional_text("new_id", row.get("new_id"))
    return Submission(
        story=story,
        key=key,
        reported=reported,
        action=verb,
        target=required_text(action, row.get(action)),
        changes=changes,
        why=optional_text("why", row.get("why")),
        to=to,
    )


def _changes(row: Mapping[str, Any], strict_names: bool) -> tuple[tuple[str, str | None], ...]:
    changes: list[tuple[str, str | None]] = []
    for name, value in row.items():
        if name in ROW_FIELDS or name in SOURCE_FIELDS:
            continue
        text = optional_text(name, "; ".join(map(str, value)) if isinstance(value, list) else value)
        if text is None:
            continue
        if name == "date":
            text = FuzzyDate.parse(text, row.get("date_precision")).value
        known = name in COMMON_FIELDS or name in ALL_FACT_FIELDS or name.startswith(DETAIL_PREFIX)
        if not known and strict_names:
            # The corrected entry's kind is not known here: any kind's field names count.
            near = difflib.get_close_matches(
                name, [*COMMON_FIELDS, *sorted(ALL_FACT_FIELDS)], n=1, cutoff=NEAR_FIELD_CUTOFF
            )
            if near:
                raise InvalidValue(name, value, f"is not a field: did you mean {near[0]!r}?")
        changes.append((name if known else f"{DETAIL_PREFIX}{name}", text))
    for name in text_list("clear", row.get("clear")):
        changes.append((name, None))
    return tuple(changes)
