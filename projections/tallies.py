"""Tallies (strikes, killed, survivors, vessels) kept as running deltas, so a situation report
sums a few rows per day instead of reading every entry.

Each state of an entry adds its counts at two points of the occurred axis — its earliest
possible day (edge "s": from then on it may have happened) and its latest (edge "e": from then
on it certainly has) — and on the reported axis from the day it became known, subtracting them
again on the day a later report replaced it. So, for any as-of day D and known-at day T:

    certain  = sum of "e" deltas with occ_day <= D and known_day <= T
    possible = sum of "s" deltas with occ_day <= D and known_day <= T  -  certain

Those sums would read every delta up to D, however many there are. So the deltas are also kept
summed over blocks of BLOCK_DAYS days on both axes (`tally_blocks`): a known-at question sums
the whole blocks below (D, T), and only the deltas of the two partial strips along its edges.

Counts keep how many of their parts were bounds or estimates ("at least 76"), so a sum can say
"at least" too, and how many entries gave the figure of how many that could have: a figure
no source gave is unknown, not zero. Every delta is kept by the entry's grade, so headline
figures count only what is solid (confirmed or reported) and the rest is shown beside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from storyline.domain import SOLID, TALLIES, Count, Grade, InvalidValue, Record, fact_class
from storyline.domain.counts import bound_flags, from_flags
from storyline.domain.dates import OPEN_FUTURE

from .tables import Table, TableNames

METRICS = TALLIES  # each kind says which of its counts it adds (domain/facts.py)
# value, lower bounds, upper bounds, estimates; entries giving the figure, entries that could
# and the lowest and highest figure the entries' sources claim (domain/claims.py)
PARTS = ("", "_lo", "_up", "_ab", "_n", "_of", "_low", "_high")
COLUMNS = [f"{metric}{part}" for metric in METRICS for part in PARTS]
_SUMS = ", ".join(f"{column} BIGINT NOT NULL" for column in COLUMNS)
# Days per block of `tally_blocks`: a known-at question reads up to two strips this wide of
# single deltas, and the blocks below them (at most (span / BLOCK_DAYS)^2, far fewer in practice:
# most reports come within weeks of what they report). At 100,000 entries 8, 16, 32 and 64 days
# answer alike (p95 17-19 ms); the strips grow with the log and the blocks do not.
BLOCK_DAYS = 16

TABLES = (
    Table(
        "tally_deltas",
        f"story TEXT NOT NULL, grade TEXT NOT NULL, edge TEXT NOT NULL, occ_day INTEGER NOT NULL, "
        f"known_day INTEGER NOT NULL, {_SUMS}, PRIMARY KEY (story, grade, edge, occ_day, known_day)",
        ("(edge, occ_day, known_day)", "(edge, known_day, occ_day)"),
    ),
    # The same deltas summed by BLOCK_DAYS on each axis: block n holds days n*BLOCK_DAYS and on.
    Table(
        "tally_blocks",
        f"story TEXT NOT NULL, grade TEXT NOT NULL, edge TEXT NOT NULL, occ_block INTEGER NOT NULL, "
        f"known_block INTEGER NOT NULL, {_SUMS}, PRIMARY KEY (story, grade, edge, occ_block, known_block)",
    ),
    # The same deltas summed over every report: what the tallies are as known now.
    Table(
        "tally_now",
        f"story TEXT NOT NULL, grade TEXT NOT NULL, edge TEXT NOT NULL, occ_day INTEGER NOT NULL, {_SUMS}, "
        "PRIMARY KEY (story, grade, edge, occ_day)",
    ),
)


Counted = dict[str, Count | None]  # metric -> the entry's figure; None: its kind has one, it gave none
Ranges = dict[str, tuple[int, int]]  # metric -> (lowest, highest) its sources claim, where they differ


def _counted(kind: str, figures: dict[str, Count]) -> Counted:
    cls = fact_class(kind)
    # A development of the user's own (an authorization, a protest) may give a toll, but is not
    # expected to: one that gives none is not counted among those that could have.
    expected = cls.tallied if cls.counts_itself else [name for name in cls.tallied if name in figures]
    result: Counted = {name: figures.get(name) for name in expected}
    if cls.counts_itself:
        result[cls.counts_itself] = figures.get(cls.counts_itself) or Count(1)
    return result


def counted(entry: Any) -> Counted:
    """What a timeline entry adds to the tallies (nothing once retracted)."""
    if entry.status == "retracted":
        return {}
    cls = fact_class(entry.kind)
    return _counted(entry.kind, {n: f.count for n in cls.tallied if (f := entry.figure(n)) is not None})


def counted_record(record: Record, retracted: bool) -> Counted:
    """`counted` from the typed record, sparing a parse of what was just written as text."""
    return {} if retracted else _counted(record.kind, record.fact.tallies())


def ranges_of(claims: Iterable[Any]) -> Ranges:
    """The range each contested figure's claims span (claims of the domain or as shown)."""
    found: Ranges = {}
    for claim in claims:
        try:
            value = Count.parse(claim.value).value if claim.value is not None else None
        except InvalidValue:
            continue
        if value is None:
            continue
        low, high = found.get(claim.field, (value, value))
        found[claim.field] = (min(low, value), max(high, value))
    return found


class Tally:
    """Sums of counts that remember whether any part was a bound or an estimate, and how many
    entries gave the figure of how many could have."""

    def __init__(self) -> None:
        self.sums = {metric: [0] * len(PARTS) for metric in METRICS}

    def add(self, counts: Counted, sign: int = 1, ranges: Ranges | None = None) -> None:
        for metric, count in counts.items():
            acc = self.sums[metric]
            acc[5] += sign
            if count is None:
                continue
            low, high = (ranges or {}).get(metric, (count.value, count.value))
            # Every part but the fifth ("_of", counted above for a figure given or not).
            for index, amount in zip(
                (0, 1, 2, 3, 4, 6, 7), (count.value, *bound_flags(count), 1, low, high), strict=True
            ):
                acc[index] += sign * amount

    def plus(self, other: Tally, sign: int = 1) -> Tally:
        total = Tally()
        for metric in METRICS:
            total.sums[metric] = [
                a + sign * b for a, b in zip(self.sums[metric], other.sums[metric], strict=True)
            ]
        return total

    def vector(self) -> list[int]:
        return [amount for metric in METRICS for amount in self.sums[metric]]

    @classmethod
    def of_vector(cls, vector: list[int]) -> Tally:
        tally = cls()
        width = len(PARTS)
        for index, metric in enumerate(METRICS):
            tally.sums[metric] = list(vector[index * width : index * width + width])
        return tally

    def counts(self) -> dict[str, Count]:
        return {metric: from_flags(*acc[:4]) for metric, acc in self.sums.items()}

    def ranges(self) -> dict[str, tuple[int, int]]:
        """metric -> (the sum of the lowest claims, of the highest)."""
        return {metric: (acc[6], acc[7]) for metric, acc in self.sums.items()}

    def given(self) -> dict[str, tuple[int, int]]:
        """metric -> (entries that gave the figure, entries whose kind has it)."""
        return {metric: (acc[4], acc[5]) for metric, acc in self.sums.items()}


def _accumulate(
    pending: dict[tuple[Any, ...], list[int]], key: tuple[Any, ...], vector: list[int], sign: int
) -> None:
    sums = pending.setdefault(key, [0] * len(vector))
    for index, value in enumerate(vector):
        sums[index] += sign * value


class TallyDeltas:
    """Maintains the `tally_deltas` and `tally_now` tables (under the names it is given)."""

    def __init__(self, database: Any, names: TableNames) -> None:
        self.database = database

        def upsert(table: str, key: tuple[str, ...]) -> tuple[str, tuple[str, ...], str]:
            """(table, its columns, the clause that adds a day's sums to those already there)"""
            added = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COLUMNS)
            return table, (*key, *COLUMNS), f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {added}"

        self.deltas = upsert(names["tally_deltas"], ("story", "grade", "edge", "occ_day", "known_day"))
        self.now = upsert(names["tally_now"], ("story", "grade", "edge", "occ_day"))
        self.blocks = upsert(names["tally_blocks"], ("story", "grade", "edge", "occ_block", "known_block"))
        self.pending_deltas: dict[tuple[Any, ...], list[int]] = {}
        self.pending_now: dict[tuple[Any, ...], list[int]] = {}
        self.pending_blocks: dict[tuple[Any, ...], list[int]] = {}

    def add(
        self,
        story: str,
        grade: str,
        occ: tuple[int, int],
        known: tuple[int, int],
        counts: Counted,
        sign: int = 1,
        ranges: Ranges | None = None,
    ) -> None:
        """Add (or with sign=-1 take back) one timeline row's contribution — a row holding from
        day `known[0]` until `known[1]` of the reported clock, for `occ` on the occurred one —
        to the pending sums, written by `flush`."""
        if not counts:
            return
        tally = Tally()
        tally.add(counts, sign, ranges)
        vector = tally.vector()
        known_from, known_to = known
        deltas, blocks = self.pending_deltas, self.pending_blocks
        for edge, day in (("s", occ[0]), ("e", occ[1])):
            if edge == "e" and day == OPEN_FUTURE:
                continue  # never certain: nothing to add on the certain edge
            block = day // BLOCK_DAYS
            _accumulate(deltas, (story, grade, edge, day, known_from), vector, 1)
            _accumulate(blocks, (story, grade, edge, block, known_from // BLOCK_DAYS), vector, 1)
            if known_to != OPEN_FUTURE:
                _accumulate(deltas, (story, grade, edge, day, known_to), vector, -1)
                _accumulate(blocks, (story, grade, edge, block, known_to // BLOCK_DAYS), vector, -1)
            else:  # what is known now: only the last state of knowledge counts
                _accumulate(self.pending_now, (story, grade, edge, day), vector, 1)

    def discard(self) -> None:
        """Forget the pending sums of a transaction that failed."""
        for pending in (self.pending_deltas, self.pending_now, self.pending_blocks):
            pending.clear()

    def flush(self, cursor: Any) -> None:
        """Write the pending sums: one upsert per day touched, however many entries touched it."""
        for (table, columns, upsert), pending in (
            (self.deltas, self.pending_deltas),
            (self.now, self.pending_now),
            (self.blocks, self.pending_blocks),
        ):
            rows = [(*key, *vector) for key, vector in pending.items() if any(vector)]
            if rows:
                self.database.insert_rows(cursor, table, columns, rows, on_conflict=upsert)
            pending.clear()


def query_tallies(
    database: Any, as_of: date, known_at: date | None, stories: tuple[str, ...], grades: tuple[str, ...] = ()
) -> dict[tuple[str, str], Tally]:
    """(grade, edge) -> the sums as of the end of `as_of`, from the running deltas: edge "e"
    what certainly happened by then, "s" what at least possibly had."""
    chosen, chosen_params = [], []
    if stories:
        chosen.append(f"story IN ({', '.join('?' for _ in stories)})")
        chosen_params += list(stories)
    if grades:
        chosen.append(f"grade IN ({', '.join('?' for _ in grades)})")
        chosen_params += list(grades)
    sums = ", ".join(f"COALESCE(SUM({c}), 0) AS {c}" for c in COLUMNS)
    occ = as_of.toordinal()
    if known_at is None:
        parts = [("tally_now", ["occ_day <= ?"], [occ])]
    else:
        # Whole blocks below (D, T), then the strip of days D's block holds up to D (every
        # report up to T), then the strip of T's block up to T under the whole blocks of D.
        known = known_at.toordinal()
        occ_start, known_start = occ - occ % BLOCK_DAYS, known - known % BLOCK_DAYS
        parts = [
            (
                "tally_blocks",
                ["occ_block < ?", "known_block < ?"],
                [occ_start // BLOCK_DAYS, known_start // BLOCK_DAYS],
            ),
            (
                "tally_deltas",
                ["edge IN ('s', 'e')", "occ_day >= ?", "occ_day <= ?", "known_day <= ?"],
                [occ_start, occ, known],
            ),
            (
                "tally_deltas",
                ["edge IN ('s', 'e')", "known_day >= ?", "known_day <= ?", "occ_day < ?"],
                [known_start, known, occ_start],
            ),
        ]
    selects, params = [], []
    for table, where, where_params in parts:
        selects.append(
            f"SELECT grade, edge, {sums} FROM {table} WHERE {' AND '.join([*where, *chosen])} GROUP BY grade, edge"
        )
        params += [*where_params, *chosen_params]
    statement = (
        selects[0]
        if len(selects) == 1
        else (
            f"SELECT grade, edge, {', '.join(f'SUM({c}) AS {c}' for c in COLUMNS)} "
            f"FROM ({' UNION ALL '.join(selects)}) AS parts GROUP BY grade, edge"
        )
    )
    found: dict[tuple[str, str], Tally] = {}
    with database.transaction(commit=False) as c:
        c.execute(database.sql(statement), params)
        for row in c.fetchall():
            found[(row["grade"], row["edge"])] = Tally.of_vector([int(row[col]) for col in COLUMNS])
    return found


def by_grade(found: dict[tuple[str, str], Tally]) -> tuple[Tally, Tally, Tally, Tally]:
    """(certain, only possible — of what is solid —, claimed, disputed) from sums by grade."""

    def summed(grades: tuple[str, ...], edge: str) -> Tally:
        total = Tally()
        for grade in grades:
            total = total.plus(found.get((grade, edge), Tally()))
        return total

    certain = summed(SOLID, "e")
    possible = summed(SOLID, "s").plus(certain, sign=-1)
    return certain, possible, summed((Grade.CLAIMED,), "s"), summed((Grade.DISPUTED,), "s")
