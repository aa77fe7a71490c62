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
    corrects    the id of an earlier row this row corrects (its non-empty fields replace that
                entry's from its `reported` date on)
    details     a mapping of anything else; unknown columns land here too
"""

from __future__ import annotations

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
ROW_FIELDS = ("id", "kind", "date_precision", "sources", "reported", "corrects", "details")
ALL_FACT_FIELDS = {name for cls in KINDS.values() for name in cls.specs()} - {"label"}


@attrs.frozen
class Submission:
    """An entry to record, or a correction of one (when `corrects` names its key)."""

    record: Record | None  # None for a correction row
    key: str | None
    reported: date | None
    corrects: str | None = None
    changes: tuple[tuple[str, str | None], ...] = ()
    source: Source | None = None  # the correction's source
    story: str = ""


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
    if isinstance(raw, Mapping):
        unknown = set(raw) - {"outlet", "url", "published", "attribution", "status", "name"}
        if unknown:
            name = sorted(unknown)[0]
            raise InvalidValue(f"{field}.{name}", raw[name], "is not a field of a source")
        try:
            return Source(
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
                Source(
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


def split_row(row: Mapping[str, Any], kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(fields the record takes, details to keep): unknown names become details."""
    own = set(fact_class(kind).specs()) - {"label"}
    fields: dict[str, Any] = {"kind": kind}
    details: dict[str, Any] = dict(row.get("details") or {})
    if not isinstance(row.get("details") or {}, Mapping):
        raise InvalidValue("details", row.get("details"), "is not a mapping of names to values")
    for name, value in row.items():
        if name in ROW_FIELDS or name in SOURCE_FIELDS:
            continue
        if name in COMMON_FIELDS or name in own:
            fields[name] = value
        elif name in ALL_FACT_FIELDS:
            if optional_text(name, value if not isinstance(value, list) else "; ".join(map(str, value))):
                raise InvalidValue(name, value, f"is not a field of {kind}")
        elif value is not None and str(value).strip():
            details[name] = value if isinstance(value, str) else str(value)
    fields["date_precision"] = row.get("date_precision")
    return fields, details


def submission_from_row(
    row: Mapping[str, Any],
    *,
    story: str,
    named_sources: Mapping[str, Source],
    canonical: Callable[[str], str],
) -> Submission:
    key = optional_text("id", row.get("id"))
    reported = parse_date_field("reported", row.get("reported"))
    corrects = optional_text("corrects", row.get("corrects"))
    if corrects is not None:
        return _correction(row, story, key, reported, corrects, named_sources)
    kind = kind_label(row.get("kind"))
    fields, details = split_row(row, kind)
    _fill_parties(kind, fields)
    sources = row_sources(row, named_sources, reported)
    record = draft_record(story, fields, sources=sources, details=details, canonical=canonical)
    return Submission(record=record, key=key, reported=reported, story=story)


def _correction(
    row: Mapping[str, Any],
    story: str,
    key: str | None,
    reported: date | None,
    corrects: str,
    named_sources: Mapping[str, Source],
) -> Submission:
    if reported is None:
        raise InvalidValue(
            "reported", row.get("reported"), "is required on a correction row: when was it reported?"
        )
    changes: list[tuple[str, str | None]] = []
    for name, value in row.items():
        if name in ROW_FIELDS or name in SOURCE_FIELDS:
            continue
        text = optional_text(name, "; ".join(map(str, value)) if isinstance(value, list) else value)
        if text is None:
            continue
        if name == "date":
            text = FuzzyDate.parse(text, row.get("date_precision")).value
        known = name in COMMON_FIELDS or name in ALL_FACT_FIELDS
        changes.append((name if known else f"{DETAIL_PREFIX}{name}", text))
    sources = row_sources(row, named_sources, reported)
    return Submission(
        record=None,
        key=key,
        reported=reported,
        corrects=corrects,
        changes=tuple(changes),
        source=sources[0] if sources else None,
        story=story,
    )
