"""Searching what entries say: `timeline --grep TEXT` and `storyline search TEXT`.

Every state of every entry the timeline keeps (timeline.py) is indexed by its words — title,
summary, notes, actors, sources and their attributions — in a full-text index: FTS5 on SQLite,
a GIN index over `to_tsvector` on PostgreSQL. A search asks the index which entries ever said
all the words given (each as the start of a word: `boat` finds "boats"), then keeps those whose
version shown at the moment asked about says them, so the three clocks hold for search too.
Matching ignores case and accents ("bogota" finds "Bogotá").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from storyline.domain.errors import InvalidValue

from .entries import TimelineEntry
from .tables import Table

_WORD = re.compile(r"\w+")


@attrs.frozen
class SearchTable(Table):
    """The index: a virtual FTS5 table on SQLite, a table with a GIN index on PostgreSQL. Both
    have the same columns, so the views of either compare with a rebuild made in memory."""

    def create(self, actual: str, token: str, dialect: str = "sqlite") -> list[str]:
        if dialect == "sqlite":
            return [
                f"CREATE VIRTUAL TABLE {actual} USING fts5("
                "entry_id UNINDEXED, story UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2')"
            ]
        return [
            f"CREATE TABLE {actual} (entry_id TEXT NOT NULL, story TEXT NOT NULL, text TEXT NOT NULL)",
            f"CREATE INDEX {self.name}_0_{token} ON {actual} USING GIN (to_tsvector('simple', text))",
        ]


TABLES = (SearchTable("entry_search", "entry_id, story, text"),)


def folded(text: str) -> str:
    """Text as a search compares it: no case, no accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(text: str) -> tuple[str, ...]:
    """The words a search is for; refused when there are none ("", "--", "!!")."""
    found = tuple(dict.fromkeys(_WORD.findall(folded(text))))
    if not found:
        raise InvalidValue("search", text, "has no word to search for")
    return found


def fields_of(shown: Mapping[str, Any]) -> dict[str, str]:
    """What a search reads of an entry (as its JSON shows it, `TimelineEntry.to_json`), field by
    field: the one reading both the index and the check of what is shown use."""
    sources = " · ".join(
        " ".join(part for part in (s["outlet"], s.get("attribution")) if part) for s in shown["sources"]
    )
    return {
        "title": shown["title"],
        "summary": shown["summary"] or "",
        "notes": shown["notes"] or "",
        "actors": ", ".join(p["actor"] for p in shown["parties"]),
        "sources": sources,
    }


def indexed_text(shown: Mapping[str, Any]) -> str:
    """The words the index keeps of an entry: folded here, so that either backend's index
    matches `bogota` to "Bogotá" (PostgreSQL's `simple` configuration keeps accents)."""
    return folded("\n".join(text for text in fields_of(shown).values() if text))


def says(entry: TimelineEntry, words: Iterable[str]) -> bool:
    """Whether the entry, as shown, holds every word (each as the start of one of its words)."""
    own = set(_WORD.findall(indexed_text(entry.to_json())))
    return all(any(w.startswith(word) for w in own) for word in words)


def condition(dialect: str, words: tuple[str, ...]) -> tuple[str, list[Any]]:
    """SQL selecting the entries the index says ever held all `words`."""
    if dialect == "sqlite":
        query = " ".join(f'"{word}"*' for word in words)  # words are \\w+: nothing to escape
        return "entry_id IN (SELECT entry_id FROM entry_search WHERE entry_search MATCH ?)", [query]
    query = " & ".join(f"{word}:*" for word in words)
    return (
        "entry_id IN (SELECT entry_id FROM entry_search "
        "WHERE to_tsvector('simple', text) @@ to_tsquery('simple', ?))",
        [query],
    )


@attrs.frozen
class Passage:
    """Where an entry says what was searched for: the field, and the words around it."""

    field: str
    text: str  # the passage, cut to about `WIDTH` characters around the first match
    spans: tuple[tuple[int, int], ...]  # where in `text` each match is

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "text": self.text, "matches": [list(s) for s in self.spans]}


WIDTH = 120


def passages(entry: TimelineEntry, words: tuple[str, ...]) -> tuple[Passage, ...]:
    """Each field of the entry that holds a searched word, with the matches marked."""
    found = []
    for field, text in fields_of(entry.to_json()).items():
        if not text:
            continue
        spans = _matches(text, words)
        if not spans:
            continue
        start = max(0, spans[0][0] - WIDTH // 3)
        start = text.rfind(" ", 0, start) + 1 if start else 0  # from the start of a word
        end = min(len(text), start + WIDTH)
        cut = text[start:end]
        prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
        shift = len(prefix) - start
        kept = tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
        found.append(Passage(field, f"{prefix}{cut}{suffix}", kept))
    return tuple(found)


def _matches(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of `text` whose words start with a searched word (compared folded)."""
    spans = []
    for match in _WORD.finditer(text):
        word = folded(match.group())
        if any(word.startswith(w) for w in words):
            spans.append(match.span())
    return spans
