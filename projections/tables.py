"""The tables a read model keeps, declared once, made under any name.

A rebuild never touches the tables commands are reading: it fills a fresh set under names of its
own (`timeline_rows_r3f2a…`) and swaps them in, in one transaction, when they are complete. So a
table is declared by its columns and indexes, and every statement that writes is given the
names to write to. Index names carry a token of their own, since an index keeps its name when
its table is renamed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping

import attrs


@attrs.frozen
class Table:
    name: str
    columns: str  # the body of CREATE TABLE, between its parentheses
    indexes: tuple[str, ...] = ()  # each "(column, ...)"

    def create(self, actual: str, token: str, dialect: str = "sqlite") -> list[str]:
        """The statements that make this table under the name `actual` (the same on either
        backend, `dialect` "sqlite" or "postgresql", but for a search index: search.py)."""
        return [
            f"CREATE TABLE {actual} ({self.columns})",
            *(
                f"CREATE INDEX {self.name}_{n}_{token} ON {actual} {cols}"
                for n, cols in enumerate(self.indexes)
            ),
        ]


@attrs.frozen
class TableNames(Mapping[str, str]):
    """Declared name → the name written to: the tables themselves, or a rebuild's fresh set."""

    names: Mapping[str, str]
    token: str = ""

    def __getitem__(self, name: str) -> str:
        return self.names[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    @classmethod
    def of(cls, tables: Iterable[Table]) -> TableNames:
        return cls({t.name: t.name for t in tables})

    @classmethod
    def fresh(cls, tables: Iterable[Table]) -> TableNames:
        token = uuid.uuid4().hex[:10]
        return cls({t.name: f"{t.name}_r{token}" for t in tables}, token)
