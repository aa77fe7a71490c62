"""Tallies (strikes, killed, survivors, vessels) kept as running deltas, so a situation report
sums a few rows per day instead of reading every entry.

Each state of an entry adds its counts at two points of the occurred axis — its earliest
possible day (edge "s": from then on it may have happened) and its latest (edge "e": from then
on it certainly has) — and on the reported axis from the day it became known, subtracting them
again on the day a later report replaced it. So, for any as-of day D and known-at day T:

    certain  = sum of "e" deltas with occ_day <= D and known_day <= T
    possible = sum of "s" deltas with occ_day <= D and known_day <= T  -  certain

Counts keep how many of their parts were bounds or estimates ("at least 76"), so a sum can say
"at least" too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from storyline.domain import TALLIES, Count, Record, fact_class
from storyline.domain.counts import bound_flags, from_flags
from storyline.domain.dates import OPEN_FUTURE

from .tables import Table, TableNames

METRICS = TALLIES  # each kind says which of its counts it adds (domain/facts.py)
PARTS = ("", "_lo", "_up", "_ab")  # value, lower bounds, upper bounds, estimates
COLUMNS = [f"{metric}{part}" for metric in METRICS for part in PARTS]
_SUMS = ", ".join(f"{column} BIGINT NOT NULL" for column in COLUMNS)

TABLES = (
    Table(
        "tally_deltas",
        f"story TEXT NOT NULL, edge TEXT NOT NULL, occ_day INTEGER NOT NULL, known_day INTEGER NOT NULL, "
        f"{_SUMS}, PRIMARY KEY (story, edge, occ_day, known_day)",
        ("(edge, occ_day, known_day)",),
    ),
    # The same deltas summed over every report: what the tallies are as known now.
    Table(
        "tally_now",
        f"story TEXT NOT NULL, edge TEXT NOT NULL, occ_day INTEGER NOT NULL, {_SUMS}, "
        "PRIMARY KEY (story, edge, occ_day)",
    ),
)


def counted(entry: Any) -> dict[str, Count]:
    """What a timeline entry adds to the tallies (nothing once retracted)."""
    if entry.status == "retracted":
        return {}
    cls = fact_class(entry.kind)
    result = {name: figure.count for name in cls.tallied if (figure := entry.figure(name)) is not None}
    if cls.counts_itself and cls.counts_itself not in result:
        result[cls.counts_itself] = Count(1)
    return result


class Tally:
    """Sums of counts that remember whether any part was a bound or an estimate."""

    def __init__(self) -> None:
        self.sums = {metric: [0, 0, 0, 0] for metric in METRICS}  # value, lower, upper, about

    def add(self, counts: dict[str, Count], sign: int = 1) -> None:
        for metric, count in counts.items():
            acc = self.sums[metric]
            for index, amount in enumerate((count.value, *bound_flags(count))):
                acc[index] += sign * amount

    def vector(self) -> list[int]:
        return [amount for metric in METRICS for amount in self.sums[metric]]

    @classmethod
    def of_vector(cls, vector: list[int]) -> Tally:
        tally = cls()
        for index, metric in enumerate(METRICS):
            tally.sums[metric] = list(vector[index * 4 : index * 4 + 4])
        return tally

    def counts(self) -> dict[str, Count]:
        return {metric: from_flags(*acc) for metric, acc in self.sums.items()}


def _accumulate(
    pending: dict[tuple[Any, ...], list[int]], key: tuple[Any, ...], vector: list[int], sign: int
) -> None:
    sums = pending.setdefault(key, [0] * len(vector))
    for index, value in enumerate(vector):
        sums[index] += sign * value


def counted_record(record: Record, retracted: bool) -> dict[str, Count]:
    """`counted` from the typed record, sparing a parse of what was just written as text."""
    return {} if retracted else record.fact.tallies()


class TallyDeltas:
    """Maintains the `tally_deltas` and `tally_now` tables (under the names it is given)."""

    def __init__(self, database: Any, names: TableNames) -> None:
        self.database = database
        columns, values = ", ".join(COLUMNS), ", ".join("?" for _ in COLUMNS)

        def upsert(table: str, key: str) -> str:
            assignments = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COLUMNS)
            return database.sql(
                f"INSERT INTO {table} ({key}, {columns}) VALUES ({', '.join('?' for _ in key.split(','))}, {values}) "
                f"ON CONFLICT ({key}) DO UPDATE SET {assignments}"
            )

        self.upsert_delta = upsert(names["tally_deltas"], "story, edge, occ_day, known_day")
        self.upsert_now = upsert(names["tally_now"], "story, edge, occ_day")
        self.pending_deltas: dict[tuple[Any, ...], list[int]] = {}
        self.pending_now: dict[tuple[Any, ...], list[int]] = {}

    def add(
        self,
        story: str,
        occ: tuple[int, int],
        known: tuple[int, int],
        counts: dict[str, Count],
        sign: int = 1,
    ) -> None:
        """Add (or with sign=-1 take back) one timeline row's contribution — a row holding from
        day `known[0]` until `known[1]` of the reported clock, for `occ` on the occurred one —
        to the pending sums, written by `flush`."""
        if not counts:
            return
        tally = Tally()
        tally.add(counts, sign)
        vector = tally.vector()
        known_from, known_to = known
        for edge, day in (("s", occ[0]), ("e", occ[1])):
            if edge == "e" and day == OPEN_FUTURE:
                continue  # never certain: nothing to add on the certain edge
            _accumulate(self.pending_deltas, (story, edge, day, known_from), vector, 1)
            if known_to != OPEN_FUTURE:
                _accumulate(self.pending_deltas, (story, edge, day, known_to), vector, -1)
            else:  # what is known now: only the last state of knowledge counts
                _accumulate(self.pending_now, (story, edge, day), vector, 1)

    def flush(self, cursor: Any) -> None:
        """Write the pending sums: one upsert per day touched, however many entries touched it."""
        for statement, pending in (
            (self.upsert_delta, self.pending_deltas),
            (self.upsert_now, self.pending_now),
        ):
            rows = [(*key, *vector) for key, vector in pending.items() if any(vector)]
            if rows:
                cursor.executemany(statement, rows)
            pending.clear()


def query_tallies(
    database: Any, as_of: date, known_at: date | None, stories: tuple[str, ...]
) -> tuple[dict[str, Count], dict[str, Count]]:
    """(certain, possible) tallies as of the end of `as_of`, from the running deltas."""
    where = ["occ_day <= ?"]
    params: list[Any] = [as_of.toordinal()]
    table = "tally_now"
    if known_at is not None:
        table = "tally_deltas"
        where.append("known_day <= ?")
        params.append(known_at.toordinal())
    if stories:
        where.append(f"story IN ({', '.join('?' for _ in stories)})")
        params += list(stories)
    sums = ", ".join(f"COALESCE(SUM({c}), 0) AS {c}" for c in COLUMNS)
    statement = f"SELECT edge, {sums} FROM {table} WHERE {' AND '.join(where)} GROUP BY edge"
    totals = {"s": [0] * len(COLUMNS), "e": [0] * len(COLUMNS)}
    with database.transaction(commit=False) as c:
        c.execute(database.sql(statement), params)
        for row in c.fetchall():
            totals[row["edge"]] = [int(row[col]) for col in COLUMNS]
    certain = Tally.of_vector(totals["e"])
    possible = Tally.of_vector([s - e for s, e in zip(totals["s"], totals["e"], strict=True)])
    return certain.counts(), possible.counts()
