"""Story files: YAML, JSON and JSON Lines in, and the lossless JSON export out, in one shape.

A reader turns a file into a `Document` (store/documents.py): the story it names, the actors and
named sources it defines, and its rows, each with the line it came from, so every complaint can
say where. JSON Lines rows are streamed. The lossless export writes the same shape back: every
entry as first recorded, then every correction, retraction and corroboration, so importing it
into an empty store gives the same timelines and histories.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from storyline.domain import Actor, Entry, Record, Source
from storyline.store.documents import Document, InputError, Row

from ..entries import source_json
from .export import Export
from .inert_text import inert_json


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


# -- structured documents: YAML and JSON share one shape ----------------------------------------
#
#   story: caribbean-2025          # optional
#   actors:  [{name, type, aliases, affiliations, description}, ...]
#   sources: {cnn: {outlet, url, published, attribution, status}, ...}
#   entries: [{kind, date, title, ...}, ...]
#
# or simply a list of entries.


_SECTIONS = {
    "storyline": None,  # the export format's version
    "story": None,
    "title": None,
    "description": None,
    "actors": list,
    "sources": dict,
    "entries": list,
}


def _text_section(label: str, top: Mapping[str, Any], lines: Mapping[str, int], name: str) -> str | None:
    """The story's `title:` or `description:`: text, or refused in one line."""
    value = top.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(label, lines.get(name), name, f"{value!r} is not text")
    return value


def _check_sections(label: str, top: Mapping[str, Any], lines: Mapping[str, int]) -> None:
    for name, value in top.items():
        if name not in _SECTIONS:
            raise InputError(
                label,
                lines.get(name),
                name,
                "is not a section of a story file (story, actors, sources, entries)",
            )
        shape = _SECTIONS[name]
        if value is None:
            continue
        if shape is None and not isinstance(value, str | int):
            raise InputError(label, lines.get(name), name, "is not a name")
        if shape is not None and not isinstance(value, shape):
            wanted = "a list" if shape is list else "a mapping of names to sources"
            raise InputError(label, lines.get(name), name, f"is not {wanted}")


class _KeyTwice(Exception):
    """A mapping names a key twice: which one, and where."""

    def __init__(self, key: str, line: int | None, first: int | None) -> None:
        self.key, self.line, self.first = key, line, first


def _refuse_twice(pairs: list[tuple[str, int | None]]) -> None:
    """(key, line) in order: the first key seen again is refused, naming where."""
    seen: dict[str, int | None] = {}
    for key, line in pairs:
        if key in seen:
            raise _KeyTwice(key, line, seen[key])
        seen[key] = line


def _twice(label: str, exc: _KeyTwice) -> InputError:
    first = f" (first on line {exc.first})" if exc.first and exc.first != exc.line else ""
    return InputError(label, exc.line, exc.key, f"is given twice in one mapping{first}: give it once")


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases: `*name` repeats a value by reference, and a
    few lines of them can expand into more than any machine holds. A key given twice in one
    mapping is refused too: YAML would keep the last one without a word."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not read: write the value out", event.start_mark
            )
        event = self.peek_event()
        # `!!int 017`, `!!binary ...`: a tag would make the value something other than the text
        # written, which is what every value is read as.
        if getattr(event, "tag", None) not in (None, "!"):
            raise yaml.composer.ComposerError(
                None, None, f"tags ({event.tag}) are not read: write the value plainly", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        _refuse_twice(
            [(str(k.value), k.start_mark.line + 1) for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        )
        return super().construct_mapping(node, deep=deep)


# Every scalar is read as the text written, and Storyline's own parsers decide what it means:
# YAML 1.1 would make `story: 017` the story 15, `on` True, `1:20` the number 80, `0x10` a count
# of 16, and `2025-02-30` a crash instead of a complaint naming the field. Only `~`, `null` and
# an empty value still mean "nothing".
_NULL = "tag:yaml.org,2002:null"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag == _NULL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path, label: str) -> Document:
    loader: _Loader | None = None
    try:
        loader = _Loader(read_text(path))  # reading checks the characters: it may refuse them
        node = loader.get_single_node()

        def value(item: yaml.Node) -> Any:
            return loader.construct_object(item, deep=True)

        def row(item: yaml.Node, extra: dict[str, Any] | None = None) -> Row:
            if not isinstance(item, yaml.MappingNode):
                raise InputError(label, item.start_mark.line + 1, None, "is not a mapping of fields")
            fields: dict[str, Any] = dict(extra or {})
            lines: dict[str, int] = {}
            _refuse_twice([(_key(k, value), k.start_mark.line + 1) for k, _ in item.value])
            for key_node, value_node in item.value:
                key = _key(key_node, value)
                fields[key] = value(value_node)
                lines[key] = key_node.start_mark.line + 1
            return Row(item.start_mark.line + 1, fields, lines)

        if node is None:
            raise InputError(label, 1, None, "is empty")
        if isinstance(node, yaml.SequenceNode):
            entries = [row(item) for item in node.value]
            return Document(label, "yaml", None, [], {}, lambda: iter(entries))
        if not isinstance(node, yaml.MappingNode):
            raise InputError(label, 1, None, "holds neither a list of entries nor a mapping with `entries`")
        _refuse_twice([(_key(k, value), k.start_mark.line + 1) for k, _ in node.value])
        sources_node = next((v for k, v in node.value if _key(k, value) == "sources"), None)
        if isinstance(sources_node, yaml.MappingNode):
            _refuse_twice([(_key(k, value), k.start_mark.line + 1) for k, _ in sources_node.value])
        sections = {_key(k, value): v for k, v in node.value}
        lines = {_key(k, value): k.start_mark.line + 1 for k, _ in node.value}
        shapes = {
            name: []
            if isinstance(v, yaml.SequenceNode)
            else {}
            if isinstance(v, yaml.MappingNode)
            else value(v)
            for name, v in sections.items()
        }
        _check_sections(label, shapes, lines)
        actors = [row(item) for item in getattr(sections.get("actors"), "value", [])]
        sources = {
            _key(k, value): row(v, {"_name": _key(k, value)})
            for k, v in getattr(sections.get("sources"), "value", [])
        }
        entries = [row(item) for item in getattr(sections.get("entries"), "value", [])]
        story = shapes.get("story")
        return Document(
            label,
            "yaml",
            None if story is None else str(story),
            actors,
            sources,
            lambda: iter(entries),
            title=_text_section(label, shapes, lines, "title"),
            description=_text_section(label, shapes, lines, "description"),
        )
    except _KeyTwice as exc:
        raise _twice(label, exc) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(label, line, None, f"is not valid YAML ({exc.problem or exc})") from None
    except yaml.YAMLError as exc:
        raise InputError(label, None, None, f"is not valid YAML ({exc})") from None
    except RecursionError:
        raise InputError(label, None, None, "is nested too deeply to be a story file") from None
    finally:
        if loader is not None:
            loader.dispose()


def _key(node: yaml.Node, construct: Callable[[yaml.Node], Any]) -> str:
    """A mapping key as written: YAML 1.1 would read `on:` or `no:` as a boolean."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    return str(construct(node))


# Python reads at most 4,300 digits as an int and raises ValueError past them, which no JSON
# reader expects: such a number stays the text written, and is refused where a number is wanted.
_INT_DIGITS = 4000


def _json_int(text: str) -> int | str:
    return int(text) if len(text) <= _INT_DIGITS else text


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object, refusing a key given twice: JSON would keep the last one without a word."""
    _refuse_twice([(key, None) for key, _ in pairs])
    return dict(pairs)


class _LocatingDecoder(json.JSONDecoder):
    """A JSON decoder that remembers where each object started, to name its line."""

    def __init__(self) -> None:
        super().__init__(object_pairs_hook=_json_object, parse_int=_json_int)
        self.starts: dict[int, int] = {}
        self.parse_object = self._parse_object
        # The C scanner ignores overrides. (typeshed declares neither py_make_scanner nor JSONObject.)
        self.scan_once = json.scanner.py_make_scanner(self)  # type: ignore[attr-defined]

    def _parse_object(self, s_and_end: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
        try:
            obj, end = json.decoder.JSONObject(s_and_end, *args, **kwargs)  # type: ignore[attr-defined]
        except _KeyTwice as exc:
            if exc.line is None:  # raised for the innermost object: name the line it starts on
                exc.line = s_and_end[0].count("\n", 0, s_and_end[1]) + 1
            raise
        self.starts[id(obj)] = s_and_end[1] - 1
        return obj, end


def read_json(path: Path, label: str) -> Document:
    text = read_text(path)
    decoder = _LocatingDecoder()
    try:
        top = decoder.decode(text)
    except _KeyTwice as exc:
        raise _twice(label, exc) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            label, exc.lineno, None, f"is not valid JSON ({exc.msg}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise InputError(label, None, None, "is nested too deeply to be a story file") from None

    def row(item: object, extra: dict[str, Any] | None = None) -> Row:
        line = text.count("\n", 0, decoder.starts.get(id(item), 0)) + 1
        if not isinstance(item, dict):
            raise InputError(label, line, None, "is not an object of fields")
        return Row(line, {**(extra or {}), **item})

    if isinstance(top, list):
        entries = [row(item) for item in top]
        return Document(label, "json", None, [], {}, lambda: iter(entries))
    if not isinstance(top, dict):
        raise InputError(label, 1, None, "holds neither a list of entries nor an object with `entries`")
    _check_sections(label, top, {})
    actors = [row(item) for item in top.get("actors") or []]
    sources = {str(k): row(v, {"_name": k}) for k, v in (top.get("sources") or {}).items()}
    entries = [row(item) for item in top.get("entries") or []]
    story = top.get("story")
    return Document(
        label,
        "json",
        None if story is None else str(story),
        actors,
        sources,
        lambda: iter(entries),
        title=_text_section(label, top, {}, "title"),
        description=_text_section(label, top, {}, "description"),
    )


def read_jsonl(path: Path, label: str) -> Document:
    def rows() -> Iterator[Row]:
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line, object_pairs_hook=_json_object, parse_int=_json_int)
                except _KeyTwice as exc:
                    exc.line = number
                    raise _twice(label, exc) from None
                except RecursionError:
                    raise InputError(label, number, None, "is nested too deeply to be an entry") from None
                except json.JSONDecodeError as exc:
                    raise InputError(
                        label, number, None, f"is not valid JSON ({exc.msg}, column {exc.colno})"
                    ) from None
                if not isinstance(item, dict):
                    raise InputError(label, number, None, "is not an object of fields")
                yield Row(number, item)

    return Document(label, "jsonl", None, [], {}, rows)


# -- the lossless JSON export: this same shape, written back ----------------------------------------

FORMAT_VERSION = 1


def _record_row(record: Record) -> dict[str, Any]:
    place = record.place
    row: dict[str, Any] = {
        "story": record.story,
        "kind": record.kind,
        "title": record.title,
        "date": record.occurred.value,
        "actors": list(record.actors),
    }
    if record.roles:
        row["roles"] = [list(pair) for pair in record.roles]
    if place is not None:
        row |= {"location": place.name, "latitude": place.latitude, "longitude": place.longitude}
    row |= {k: v for k, v in record.fact.texts().items() if v is not None and k != "label"}
    if record.notes:
        row["notes"] = record.notes
    if record.details:
        row["details"] = dict(record.details)
    row["sources"] = [_source(s) for s in record.sources]
    return {k: v for k, v in row.items() if v is not None}


def _source(source: Source) -> dict[str, Any]:
    return {k: v for k, v in source_json(source).items() if v is not None}


def event_rows(events: Iterable[Any], stories: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Import rows for entry events, in log order."""
    keys: dict[Any, tuple[str, str]] = {}
    rows: list[dict[str, Any]] = []
    for event in events:
        if isinstance(event, Entry.Recorded):
            keys[event.originator_id] = (event.record.story, event.key)
            if stories and event.record.story not in stories:
                continue
            rows.append(
                {"id": event.key, **_record_row(event.record), "reported": event.reported.isoformat()}
            )
            continue
        if not isinstance(event, Entry.Event) or event.originator_id not in keys:
            continue
        story, key = keys[event.originator_id]
        if stories and story not in stories:
            continue
        row: dict[str, Any] = {
            "story": story,
            "id": f"{key}#v{event.originator_version}",
            "reported": event.reported.isoformat(),
        }
        if isinstance(event, Entry.Corrected):
            row["corrects"] = key
            cleared = [name for name, value in event.changes if value is None]
            row |= {name: value for name, value in event.changes if value is not None}
            if cleared:
                row["clear"] = cleared
        elif isinstance(event, Entry.Retracted):
            row["retracts"] = key
        elif isinstance(event, Entry.Corroborated):
            row["corroborates"] = key
            row |= {name: value for name, value in event.claims if value is not None}
        elif isinstance(event, Entry.Moved):
            row |= {"moves": key, "to": event.story}
        elif isinstance(event, Entry.Rekinded):
            row |= {"rekinds": key, "kind": event.kind}
            row |= {name: value for name, value in event.changes if value is not None}
        elif isinstance(event, Entry.Named):
            row |= {"renames": key, "new_id": event.name or ""}
        source = getattr(event, "source", None)
        if source is not None:
            row["sources"] = [_source(source)]
        why = getattr(event, "why", None)
        if why:
            row["why"] = why
        rows.append(row)
    return rows


def lossless_json(
    actors: Iterable[Actor], events: Sequence[Any], stories: tuple[str, ...] = ()
) -> dict[str, Any]:
    rows = event_rows(events, stories)
    named = {row["story"] for row in rows}
    used = {
        actor
        for event in events
        if isinstance(event, Entry.Recorded) and (not stories or event.record.story in stories)
        for actor, _ in event.record.parties()
    }
    return {
        "storyline": FORMAT_VERSION,
        "actors": [
            {
                k: v
                for k, v in {
                    "name": a.name,
                    "type": a.type.value,
                    "aliases": list(a.aliases),
                    "affiliations": list(a.affiliations),
                    "description": a.description,
                }.items()
                if v
            }
            for a in actors
            if not stories or a.name in used
        ],
        "entries": rows,
        **({"story": next(iter(named))} if len(named) == 1 else {}),
        **(_profile(events, next(iter(named))) if len(named) == 1 else {}),
    }


def _profile(events: Sequence[Any], story: str) -> dict[str, str]:
    """The story's title and description, as the last of its profile's events says them."""
    from storyline.domain import StoryProfile, profile_id

    said = [
        e for e in events if isinstance(e, StoryProfile.Described) and e.originator_id == profile_id(story)
    ]
    if not said:
        return {}
    return {k: v for k, v in (("title", said[-1].title), ("description", said[-1].description)) if v}


def write_lossless(export: Export) -> str:
    return inert_json(lossless_json(export.actors, export.events, export.stories)) + "\n"
