"""The timeline: every entry in every state of knowledge, indexed by the three clocks.

Each row says: from store position `rec_from` until `rec_to`, for reports up to `known_from`
until `known_to`, the entry said `body` and occurred between `occ_start` and `occ_end`. A
question about any moment of any clock is then one indexed SELECT, never a replay:

    recorded (system time)   rec_from <= P < rec_to           (P: last position included)
    reported (knowledge)     known_from <= T < known_to       (T: last reported day included)
    occurred (valid time)    occ_start <= D                   (D: the as-of day)

When an entry gets a new event, its current rows are closed (`rec_to` = the new position)
and the new states of knowledge are inserted, so the past stays answerable.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs
import orjson

if TYPE_CHECKING:  # the entries' aggregate: what writing rows needs, not reading them
    from storyline.domain import Entry, EntryState, Fact
from storyline.domain.dates import OPEN_FUTURE

from .database import OPEN_POSITION, ViewDatabase, ViewsDamaged
from .entries import TimelineEntry, entry_json
from .read_model import ReadModel
from .search import TABLES as SEARCH_TABLES
from .search import condition as search_condition
from .search import indexed_text, says, words_of
from .tables import Table, TableNames
from .tallies import TABLES as TALLY_TABLES
from .tallies import Counted, Ranges, TallyDeltas, counted, counted_record, ranges_of

TABLES = (
    # One row per entry per state of knowledge: which store positions it holds for (rec_from
    # up to rec_to) and which reported days (known_from up to known_to), with what occurred.
    Table(
        "timeline_rows",
        """entry_id TEXT NOT NULL,
        rec_from BIGINT NOT NULL,
        rec_to BIGINT NOT NULL,
        known_from INTEGER NOT NULL,
        known_to INTEGER NOT NULL,
        story TEXT NOT NULL,
        entry_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        occ_start INTEGER NOT NULL,
        occ_end INTEGER NOT NULL,
        sort_start INTEGER NOT NULL,
        sort_span INTEGER NOT NULL,
        first_position BIGINT NOT NULL,
        retracted INTEGER NOT NULL,
        grade TEXT NOT NULL,
        topic TEXT,
        topic_key TEXT,
        body TEXT NOT NULL,
        PRIMARY KEY (entry_id, rec_from, known_from)""",
        (
            # Pages of the timeline as of a day, whatever the reported clock asks. The walks
            # end with what the clocks ask, so rows of another state of knowledge are passed
            # over in the index without reading the table.
            "(rec_to, sort_start, sort_span, first_position, known_from, known_to, retracted)",
            "(occ_start, rec_to, sort_start, sort_span, first_position, known_from, known_to, retracted)",
            "(entry_id, rec_to)",
            "(entry_key, story)",
            "(story)",
            # A situation report walks back from its day, key by key (see walk.py).
            "(topic, topic_key, sort_start, sort_span, first_position, rec_to, known_from, known_to, retracted)",
            "(topic, topic_key, occ_start, sort_start, sort_span, first_position, rec_to, known_from, known_to, retracted, kind)",
        ),
    ),
    Table(
        "situation_keys",
        """story TEXT NOT NULL,
        topic TEXT NOT NULL,
        topic_key TEXT NOT NULL,
        PRIMARY KEY (story, topic, topic_key)""",
    ),
    # Every actor an entry has ever named, to find an actor's entries without a scan.
    Table("entry_parties", "actor TEXT NOT NULL, entry_id TEXT NOT NULL, PRIMARY KEY (actor, entry_id)"),
)


def topic_of(entry_id: str, fact: Fact) -> tuple[str, str] | None:
    """(topic, key) of an entry in situation reports, or None when it is in none."""
    role, key = fact.report_role, fact.topic_key(entry_id)
    return (role.topic.value, key) if role is not None and key is not None else None


@attrs.frozen
class Clocks:
    """The moment a question is asked about. None on every clock means "now, all we know"."""

    as_of: date | None = None  # occurred: the world at the end of this day
    known_at: date | None = None  # reported: only what was public by the end of this day
    recorded_through: int | None = None  # recorded: only store positions up to this one
    # Not a clock, but asked with them everywhere: only entries of these grades (--status).
    grades: tuple[str, ...] = ()

    @property
    def is_now(self) -> bool:
        return self.known_at is None and self.recorded_through is None


NOW = Clocks()


@attrs.frozen
class TimelineQuery:
    clocks: Clocks = Clocks()
    stories: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # canonical names; any of them makes an entry match
    grades: tuple[str, ...] = ()  # only entries of these grades (domain/grades.py)
    since: date | None = None
    until: date | None = None
    include_retracted: bool = False
    text: str | None = None  # only entries that say these words (search.py)
    limit: int | None = None
    newest_first: bool = False  # with a limit: the page that ends at the question's day
    offset: int = 0


@attrs.frozen
class StateRow:
    """One row of `timeline_rows`, before it is written."""

    entry_id: str
    rec_from: int
    known_from: int
    known_to: int
    story: str
    key: str
    kind: str
    occ_start: int
    occ_end: int
    sort_start: int
    sort_span: int
    first_position: int
    retracted: bool
    body: dict[str, Any]
    topic: tuple[str, str] | None = None

    @property
    def grade(self) -> str:
        return str(self.body["grade"])

    def values(self, rec_to: int = OPEN_POSITION) -> tuple[Any, ...]:
        return (
            self.entry_id,
            self.rec_from,
            rec_to,
            self.known_from,
            self.known_to,
            self.story,
            self.key,
            self.kind,
            self.occ_start,
            self.occ_end,
            self.sort_start,
            self.sort_span,
            self.first_position,
            1 if self.retracted else 0,
            self.grade,
            self.topic[0] if self.topic else None,
            self.topic[1] if self.topic else None,
            orjson.dumps(self.body).decode(),
        )


def state_rows(
    entry_id: str, key: str, events: Sequence[Any], position: int, first_position: int
) -> list[tuple[StateRow, EntryState]]:
    """The rows of an entry as of store position `position`: one per state of knowledge."""
    from storyline.domain import knowledge_steps, version_known_at

    recorded: Entry.Recorded = events[0]
    steps = knowledge_steps(events)
    rows = []
    for index, (known_from, state) in enumerate(steps):
        known_to = steps[index + 1][0].toordinal() if index + 1 < len(steps) else OPEN_FUTURE
        record = state.record
        occurred = record.occurred
        body = entry_json(
            entry_id,
            key,
            state,
            version=version_known_at(events, known_from),
            reported=recorded.reported,
            recorded=recorded.timestamp,
        )
        sort_start, sort_span = occurred.sort_key
        rows.append(
            (
                StateRow(
                    entry_id=entry_id,
                    rec_from=position,
                    known_from=known_from.toordinal(),
                    known_to=known_to,
                    story=record.story,
                    key=state.name or key,
                    kind=record.kind,
                    occ_start=occurred.start_ordinal,
                    occ_end=occurred.end_ordinal,
                    sort_start=sort_start,
                    sort_span=sort_span,
                    first_position=first_position,
                    retracted=state.retracted,
                    body=body,
                    topic=topic_of(entry_id, record.fact),
                ),
                state,
            )
        )
    return rows


STATE_ROW_COLUMNS = (
    "entry_id",
    "rec_from",
    "rec_to",
    "known_from",
    "known_to",
    "story",
    "entry_key",
    "kind",
    "occ_start",
    "occ_end",
    "sort_start",
    "sort_span",
    "first_position",
    "retracted",
    "grade",
    "topic",
    "topic_key",
    "body",
)  # in the order of StateRow.values()


class TimelineProjection:
    """Turns entry events into timeline rows and tally deltas, inside the catch-up's transaction.

    New rows are gathered and written together at `flush`, once per batch. An event that
    changes an entry closes its current rows: those gathered in this batch where they wait,
    those already written with one UPDATE, so a correction never breaks a batch in two."""

    def __init__(self, database: ViewDatabase, events_of: Any, names: TableNames) -> None:
        from storyline.domain import Entry

        self.database = database
        self.recorded, self.entry_events = Entry.Recorded, (Entry.Recorded, Entry.Event)
        self.events_of = events_of  # (entry id, up to version) -> the entry's earlier events
        self.names = names
        self.tallies = TallyDeltas(database, names)
        self.rows: list[tuple[Any, ...]] = []
        # entry id -> its open rows gathered in this batch: (index in `rows`, the row, what it added)
        self.gathered: dict[str, list[tuple[int, StateRow, Counted, Ranges]]] = {}
        self.topics: set[tuple[str, str, str]] = set()
        self.parties: set[tuple[str, str]] = set()
        self.searched: list[tuple[str, str, str]] = []  # (entry id, story, its words) per state

    def sql(self, statement: str) -> str:
        return self.database.sql(statement.format(**self.names))

    def process(self, cursor: Any, position: int, event: Any) -> None:
        if not isinstance(event, self.entry_events):
            return  # the actor registry's events: another model's
        sql = self.sql
        entry_id = str(event.originator_id)
        if isinstance(event, self.recorded):
            events: list[Any] = [event]
            key, first_position = event.key, position
        elif (gathered := self.gathered.pop(entry_id, None)) is not None:
            events = [*self.events_of(event.originator_id, event.originator_version - 1), event]
            key, first_position = events[0].key, gathered[0][1].first_position
            for index, was, counts, ranges in gathered:  # closed, and what they added taken back
                self.rows[index] = was.values(rec_to=position)
                occ, known = (was.occ_start, was.occ_end), (was.known_from, was.known_to)
                self.tallies.add(was.story, was.grade, occ, known, counts, sign=-1, ranges=ranges)
        else:
            events = [*self.events_of(event.originator_id, event.originator_version - 1), event]
            cursor.execute(
                sql(
                    "SELECT entry_key, first_position, story, known_from, known_to, occ_start, occ_end, body "
                    "FROM {timeline_rows} WHERE entry_id = ? AND rec_to = ?"
                ),
                (entry_id, OPEN_POSITION),
            )
            current = cursor.fetchall()
            if not current:
                raise ViewsDamaged(f"entry {entry_id} has a new event but no rows to revise")
            # The key it was recorded with: a readable id given later is the state's, row by row.
            key, first_position = events[0].key, current[0]["first_position"]
            for row in current:
                occ, known = (row["occ_start"], row["occ_end"]), (row["known_from"], row["known_to"])
                shown = TimelineEntry.from_json(orjson.loads(row["body"]))
                self.tallies.add(
                    row["story"],
                    shown.grade,
                    occ,
                    known,
                    counted(shown),
                    sign=-1,
                    ranges=ranges_of(shown.claims),
                )
            cursor.execute(
                sql("UPDATE {timeline_rows} SET rec_to = ? WHERE entry_id = ? AND rec_to = ?"),
                (position, entry_id, OPEN_POSITION),
            )
        opened = self.gathered[entry_id] = []
        for row, state in state_rows(entry_id, key, events, position, first_position):
            counts, ranges = counted_record(state.record, state.retracted), ranges_of(state.claims)
            opened.append((len(self.rows), row, counts, ranges))
            self.rows.append(row.values())
            occ, known = (row.occ_start, row.occ_end), (row.known_from, row.known_to)
            self.tallies.add(row.story, row.grade, occ, known, counts, ranges=ranges)
            if row.topic:
                self.topics.add((row.story, *row.topic))
            self.parties.update((party["actor"], entry_id) for party in row.body["parties"])
            self.searched.append((entry_id, row.story, indexed_text(row.body)))

    def flush(self, cursor: Any) -> None:
        insert, names = self.database.insert_rows, self.names
        if self.rows:
            insert(cursor, names["timeline_rows"], STATE_ROW_COLUMNS, self.rows)
        if self.topics:
            insert(
                cursor,
                names["situation_keys"],
                ("story", "topic", "topic_key"),
                sorted(self.topics),
                on_conflict="ON CONFLICT DO NOTHING",
            )
        if self.parties:
            insert(
                cursor,
                names["entry_parties"],
                ("actor", "entry_id"),
                sorted(self.parties),
                on_conflict="ON CONFLICT DO NOTHING",
            )
        if self.searched:
            insert(cursor, names["entry_search"], ("entry_id", "story", "text"), self.searched)
        self.tallies.flush(cursor)
        self.rows, self.topics, self.parties, self.gathered = [], set(), set(), {}
        self.searched = []

    def discard(self) -> None:
        """Forget what was gathered for a transaction that failed."""
        self.rows, self.topics, self.parties, self.gathered = [], set(), set(), {}
        self.searched = []
        self.tallies.discard()


def clock_conditions(clocks: Clocks) -> tuple[list[str], list[Any]]:
    """WHERE conditions selecting the rows that hold at the recorded and reported moments."""
    where: list[str] = []
    params: list[Any] = []
    if clocks.recorded_through is None:
        where.append("rec_to = ?")
        params.append(OPEN_POSITION)
    else:
        where.append("rec_from <= ? AND rec_to > ?")
        params += [clocks.recorded_through, clocks.recorded_through]
    if clocks.known_at is None:
        where.append("known_to = ?")
        params.append(OPEN_FUTURE)
    else:
        day = clocks.known_at.toordinal()
        where.append("known_from <= ? AND known_to > ?")
        params += [day, day]
    if clocks.grades:
        where.append(f"grade IN ({', '.join('?' for _ in clocks.grades)})")
        params += list(clocks.grades)
    return where, params


def entry_of(row: Any) -> TimelineEntry:
    """A timeline row as the typed entry it shows."""
    try:
        return TimelineEntry.from_json(
            orjson.loads(row["body"]), position=row["first_position"], topic_key=row["topic_key"]
        )
    except (ValueError, TypeError, KeyError) as exc:  # no row a catch-up writes looks so
        raise ViewsDamaged(f"a timeline row does not read back ({type(exc).__name__})") from None


ROW_COLUMNS = "body, first_position, topic_key"


def select_rows(database: ViewDatabase, query: TimelineQuery) -> list[TimelineEntry]:
    where, params = clock_conditions(query.clocks)
    if not query.include_retracted and "retracted" not in query.clocks.grades:
        where.append("retracted = 0")
    if query.since is not None:
        where.append("occ_end >= ?")
        params.append(query.since.toordinal())
    if query.until is not None:
        where.append("occ_start <= ?")
        params.append(query.until.toordinal())
    for column, values in (("story", query.stories), ("kind", query.kinds), ("grade", query.grades)):
        if values:
            where.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params += list(values)
    if query.actors:
        where.append(
            f"entry_id IN (SELECT entry_id FROM entry_parties WHERE actor IN ({', '.join('?' for _ in query.actors)}))"
        )
        params += list(query.actors)
    words = words_of(query.text) if query.text is not None else ()
    if words:
        matching, more = search_condition(database.dialect, words)
        where.append(matching)
        params += more
    # As of a day: entries sorting by then, and after them those dated only "before" a later
    # day (possible, but sorted at their bound). Two index walks instead of one scan.
    parts: list[tuple[str, list[Any]]] = [("", [])]
    if query.clocks.as_of is not None:
        day = query.clocks.as_of.toordinal()
        parts = [(" AND sort_start <= ?", [day]), (" AND occ_start = 0 AND sort_start > ?", [day])]
    if query.newest_first:
        parts.reverse()
    direction = " DESC" if query.newest_first else ""
    order = f" ORDER BY sort_start{direction}, sort_span{direction}, first_position{direction}"
    # An entry may have named the actor only in an earlier version: check the version shown.
    wanted = set(query.actors)
    needed = None if query.limit is None or wanted or words else query.offset + query.limit
    rows: list[TimelineEntry] = []
    with database.transaction(commit=False) as c:
        for condition, extra in parts:
            statement = (
                f"SELECT {ROW_COLUMNS} FROM timeline_rows WHERE {' AND '.join(where)}{condition}{order}"
            )
            arguments = [*params, *extra]
            if needed is not None:
                statement += " LIMIT ?"
                arguments.append(needed - len(rows))
            c.execute(database.sql(statement), arguments)
            rows += [entry_of(r) for r in c.fetchall()]
            if needed is not None and len(rows) >= needed:
                break
    if wanted:
        rows = [r for r in rows if wanted & set(r.actors)]
    if words:  # the index knows every version: only those whose version shown says it
        rows = [r for r in rows if says(r, words)]
    if query.limit is not None:
        rows = rows[query.offset : query.offset + query.limit]
    if query.clocks.as_of is not None:  # each says whether it certainly or only possibly happened by then
        rows = [r.as_of(query.clocks.as_of) for r in rows]
    return rows[::-1] if query.newest_first else rows


MODEL = ReadModel(
    "timeline",
    (*TABLES, *TALLY_TABLES, *SEARCH_TABLES),
    lambda database, store, names: TimelineProjection(database, store.entry_events, names),
    serves=("timeline", "tallies", "situation"),
)
