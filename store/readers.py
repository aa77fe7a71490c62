"""Reading files people keep: YAML, JSON, JSON Lines and spreadsheet CSV.

A reader turns a file into a `Document`: the story it names, the actors and named sources it
defines, and its rows, each with the line it came from, so every complaint can say where.
Rows are produced by a function, not a list: a large CSV or JSON Lines file is streamed, and
can be read twice (once to validate everything, once to write).
"""

from __future__ import annotations

import csv
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from .errors import InputError

FORMATS = ("yaml", "json", "jsonl", "csv", "acled", "ucdp")
SUFFIXES = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}


@attrs.frozen
class Row:
    line: int
    fields: Mapping[str, Any]
    field_lines: Mapping[str, int] = attrs.field(factory=dict)
    # For rows mapped from another dataset's columns: our field -> their column, so complaints
    # name the column the user can see in their file.
    columns: Mapping[str, str] = attrs.field(factory=dict)
    warnings: tuple[str, ...] = ()

    def line_of(self, field: str | None) -> int:
        if field is None:
            return self.line
        return self.field_lines.get(field.split(".")[0].split("[")[0], self.line)

    def column_of(self, field: str | None) -> str | None:
        """The column to name: `sources[1].published` is UCDP's `source_date` (a mapping for
        `sources.published`), else `source_office` (the one for `sources`)."""
        if field is None:
            return None
        nested = re.sub(r"\[\d+\]", "", field)
        return self.columns.get(nested) or self.columns.get(field.split(".")[0].split("[")[0], field)


@attrs.frozen
class Document:
    path: str
    format: str
    story: str | None
    actors: list[Row]
    sources: dict[str, Row]
    rows: Callable[[], Iterator[Row]]

    def each_row(self) -> Iterator[Row]:
        """The rows, streamed; a file that turns out unreadable part-way is one clear line."""
        try:
            yield from self.rows()
        except UnicodeDecodeError as exc:
            raise InputError(
                self.path, None, None, f"is not UTF-8 text (byte {exc.start} of a line is not)"
            ) from None
        except OSError as exc:
            raise InputError(self.path, None, None, f"cannot be read ({exc.strerror or exc})") from None


def _read_text(path: Path) -> str:
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


def _yaml(path: Path, label: str) -> Document:
    loader: _Loader | None = None
    try:
        loader = _Loader(_read_text(path))  # reading checks the characters: it may refuse them
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
            label, "yaml", None if story is None else str(story), actors, sources, lambda: iter(entries)
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
        self.parse_object = self._parse_object  # type: ignore[assignment]
        self.scan_once = json.scanner.py_make_scanner(self)  # the C scanner ignores overrides

    def _parse_object(self, s_and_end: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
        try:
            obj, end = json.decoder.JSONObject(s_and_end, *args, **kwargs)  # type: ignore[attr-defined]
        except _KeyTwice as exc:
            if exc.line is None:  # raised for the innermost object: name the line it starts on
                exc.line = s_and_end[0].count("\n", 0, s_and_end[1]) + 1
            raise
        self.starts[id(obj)] = s_and_end[1] - 1
        return obj, end


def _json(path: Path, label: str) -> Document:
    text = _read_text(path)
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
        label, "json", None if story is None else str(story), actors, sources, lambda: iter(entries)
    )


def _jsonl(path: Path, label: str) -> Document:
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


def _column_name(header: str) -> str:
    """Columns are matched whatever their case ("Date" is `date`); the name of a user's own
    `details.` column keeps its case."""
    name = header.strip()
    prefix, dot, rest = name.partition(".")
    return f"{prefix.lower()}{dot}{rest}" if prefix.lower() == "details" and dot else name.lower()


def _delimiter(path: Path) -> str:
    """`,` — or `;` or a tab, when the header is written with those: spreadsheets set to a
    European locale save "CSV" with semicolons."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        first = handle.readline()
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def csv_header(path: Path, label: str) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            header = next(csv.reader(handle, delimiter=_delimiter(path)), None)
        except csv.Error as exc:
            raise InputError(label, 1, None, f"is not valid CSV ({exc})") from None
    if not header or not any(h.strip() for h in header):
        raise InputError(label, 1, None, "is empty: a header row is required")
    names = [_column_name(h) for h in header]
    duplicates = sorted({n for n in names if names.count(n) > 1 and n})
    if duplicates:
        raise InputError(label, 1, duplicates[0], "appears twice in the header")
    return names


def csv_records(path: Path, label: str, names: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(first line, cells by column) for every non-blank record; quoted cells may span lines."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        # Strict: a quote never closed is refused, not read as one cell swallowing later rows.
        reader = csv.reader(handle, strict=True, delimiter=_delimiter(path))
        start = 1
        try:
            next(reader, None)
            start = reader.line_num + 1
            for cells in reader:
                if any(c.strip() for c in cells):
                    if len(cells) > len(names):
                        raise InputError(
                            label, start, None, f"has {len(cells)} cells, but the header has {len(names)}"
                        )
                    yield start, {n: c for n, c in zip(names, cells, strict=False) if n}
                start = reader.line_num + 1
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                raise InputError(label, start, None, 'opens a quote (") that is never closed') from None
            raise InputError(label, reader.line_num, None, f"is not valid CSV ({exc})") from None


REQUIRED_COLUMNS = ("date", "kind", "title")
# Cells a spreadsheet would run as a formula. Storyline's CSV export writes them behind a `'`
# (the spreadsheets' own mark for "text"); reading its own CSV back takes the mark off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _unmarked(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def _csv(path: Path, label: str) -> Document:
    names = csv_header(path, label)
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise InputError(
            label,
            1,
            None,
            f"has a header that matches no format Storyline reads (no {', '.join(missing)} column; "
            "expected Storyline's spreadsheet columns, or an ACLED or UCDP GED export)",
        )

    def rows() -> Iterator[Row]:
        for line, cells in csv_records(path, label, names):
            yield Row(line, {name: _unmarked(cell) for name, cell in cells.items()})

    return Document(label, "csv", None, [], {}, rows)


OWN_READERS = {"yaml": _yaml, "json": _json, "jsonl": _jsonl, "csv": _csv}
