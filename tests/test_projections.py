"""Projections on both backends: incremental catch-up, rebuild and the in-memory oracle agree,
and the per-actor view and relations read the story right."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.domain import Changes, entry_id
from storyline.projections import Clocks, TimelineQuery, Views, actor_view
from storyline.projections.formats import read_document
from storyline.projections.oracle import read_log, replay_timeline
from storyline.projections.relations import relations
from storyline.projections.situation import situation, tally_entries
from storyline.store import Importer, StoryStore

from .conftest import import_bundled

QUESTIONS = [
    TimelineQuery(),
    TimelineQuery(clocks=Clocks(as_of=date(2025, 9, 15))),
    TimelineQuery(clocks=Clocks(known_at=date(2025, 11, 10))),
    TimelineQuery(clocks=Clocks(as_of=date(2025, 11, 12), known_at=date(2025, 11, 15))),
    TimelineQuery(kinds=("statement",), since=date(2025, 10, 1)),
    TimelineQuery(actors=("United Kingdom",)),
    TimelineQuery(limit=5, offset=3),
    TimelineQuery(clocks=Clocks(as_of=date(2025, 10, 31)), limit=4, newest_first=True),
]


def bodies(rows: list) -> list[dict]:
    return [row.to_json() for row in rows]


def test_the_timeline_is_oldest_first_with_dates_as_known(seeded: Views) -> None:
    rows = seeded.timeline()
    texts = [row.occurred.text for row in rows]
    assert texts[0] == "before 2024"
    assert texts[1] == "Aug 2025"
    assert "Sep – 10 Oct 2025" in texts
    assert texts[-1] == "11 Nov 2025"
    assert [row.key for row in rows][:3] == [
        "uk-shares-intelligence",
        "iwo-jima-deploys",
        "strikes-authorized",
    ]


@pytest.mark.parametrize("query", QUESTIONS, ids=range(len(QUESTIONS)))
def test_tracked_rows_answer_like_the_oracle(store: StoryStore, seeded: Views, query: TimelineQuery) -> None:
    store.correct(
        entry_id("caribbean-2025", "strike-toll"),
        Changes((("killed", "at least 80"),)),
        reported=date(2025, 11, 14),
        source=None,
        why="a later count",
    )
    seeded.catch_up()
    assert bodies(seeded.timeline(query)) == bodies(replay_timeline(read_log(store), query))


def test_a_rebuild_equals_incremental_catch_up(store: StoryStore, views: Views, tmp_path: Path) -> None:
    import_bundled(store)
    views.catch_up()
    csv = tmp_path / "more.csv"
    csv.write_text(
        "id,date,kind,title,actors,killed,source,reported\na,2025-09-02,strike,A strike,US,11,CNN,2025-09-03\n"
    )
    Importer(store).import_document(read_document(csv))
    views.catch_up()
    store.correct(
        entry_id("more", "a"), Changes((("killed", "14"),)), reported=date(2025, 9, 9), source=None, why="x"
    )
    views.catch_up()
    incremental = [bodies(views.timeline(q)) for q in QUESTIONS]
    views.rebuild()
    assert [bodies(views.timeline(q)) for q in QUESTIONS] == incremental
    assert views.lag == 0


def test_catching_up_twice_counts_nothing_twice(store: StoryStore, views: Views) -> None:
    import_bundled(store)
    assert views.catch_up() > 0
    assert views.catch_up() == 0
    assert len(views.timeline()) == 21


def test_uk_sharing_is_paused_now_and_was_active_before(seeded: Views) -> None:
    def uk_us(clocks: Clocks) -> dict:
        rows = seeded.timeline(TimelineQuery(clocks=clocks))
        found = [r.to_json() for r in relations(rows, clocks.as_of) if r.provider == "United Kingdom"]
        assert len(found) == 1
        return found[0]

    assert uk_us(Clocks())["status"] == "paused"
    assert uk_us(Clocks(as_of=date(2025, 8, 31)))["status"] == "active"
    assert uk_us(Clocks(as_of=date(2025, 9, 15)))["status"] == "possibly paused"
    assert uk_us(Clocks(as_of=date(2025, 11, 12)))["since"]["text"] == "Sep – 10 Oct 2025"
    assert uk_us(Clocks(as_of=date(2025, 11, 12), known_at=date(2025, 11, 10)))["status"] == "active"


def test_the_actor_view_finds_holsey_by_part_of_his_name(seeded: Views) -> None:
    view = actor_view(seeded, "holsey")
    assert view.actor.name == "Alvin Holsey"
    assert view.chain == ["U.S. Southern Command", "Department of Defense", "United States"]
    roles = {row.key: view.roles[row.id] for row in view.entries}
    assert roles == {"holsey-questions-legality": "speaker", "holsey-offers-resignation": "offering"}


def test_the_united_states_rolls_up_its_parts_on_request(seeded: Views) -> None:
    alone = actor_view(seeded, "US")
    rolled = actor_view(seeded, "US", with_parts=True)
    assert len(rolled.entries) > len(alone.entries)
    assert "Alvin Holsey" in rolled.parts
    assert any(r.provider == "United Kingdom" for r in rolled.relations)


@pytest.mark.parametrize("possible_changes", [1, 74, 75])
def test_a_situation_walks_back_past_many_possible_changes(
    store: StoryStore, views: Views, tmp_path: Path, possible_changes: int
) -> None:
    """A relation with a certain pause and then dozens of changes that only possibly happened
    by the day: the report must find the certain one however far back it lies."""
    rows = ["id,date,kind,title,provider,recipient,scope,reported"]
    rows.append("p0,2025-02-01,intelligence-pause,Certain pause,UK,US,boats,2025-02-02")
    rows.append("r0,2025-03-01,intelligence-resumption,Certain resumption,UK,US,boats,2025-03-02")
    for n in range(1, possible_changes + 1):
        kind = "intelligence-pause" if n % 2 else "intelligence-resumption"
        rows.append(f"x{n},2025-04-{n % 28 + 1:02d}/2025-12-31,{kind},Maybe {n},UK,US,boats,2026-01-01")
    rows.append("b1,before 2025-12-01,intelligence-pause,Open-ended pause,UK,US,boats,2026-01-02")
    csv = tmp_path / "walk.csv"
    csv.write_text("\n".join(rows) + "\n")
    Importer(store).import_document(read_document(csv))
    views.catch_up()
    log = read_log(store)
    for day in (date(2025, 2, 15), date(2025, 3, 15), date(2025, 6, 1), date(2025, 12, 31)):
        oracle = replay_timeline(log, TimelineQuery(clocks=Clocks(as_of=day)))
        expected = situation(day, tally_entries(oracle, day), oracle)
        assert views.situation(day).report_json() == expected.report_json(), day
    june = views.situation(date(2025, 6, 1)).relations
    assert [(r.status, r.since.text) for r in june] == [("possibly paused", "before 1 Dec 2025")]


def test_views_of_an_older_shape_are_made_anew_from_the_log(store: StoryStore, seeded: Views) -> None:
    with seeded.database.transaction(commit=True) as cursor:
        cursor.execute(seeded.database.sql("UPDATE view_meta SET value = ? WHERE name = ?"), ("0", "version"))
        cursor.execute("DROP TABLE situation_keys")  # as if an older version never had it
    reopened = Views(store)
    assert reopened.lag == store.recorder.max_notification_id()  # its position forgotten
    reopened.catch_up()
    assert len(reopened.timeline()) == 21
    assert reopened.situation(date(2025, 11, 12)).relations


def test_known_at_tallies_from_blocks_equal_the_sum_of_every_delta(store: StoryStore, views: Views) -> None:
    """A known-at tally sums whole blocks and two strips of single deltas (tallies.py): for
    strikes on every day of four months, reported days to weeks later and some corrected, on
    pairs of days across them and by grade, it equals the plain sum of every delta."""
    from storyline.domain import Entry, Source, draft_record
    from storyline.projections.tallies import BLOCK_DAYS, COLUMNS, query_tallies

    first = date(2025, 8, 1).toordinal()
    for n in range(120):
        values = {
            "kind": "strike",
            "date": date.fromordinal(first + n).isoformat(),
            "title": f"s{n}",
            "killed": str(n % 7),
        }
        status = ("reported", "confirmed", "claimed")[n % 3]
        entry = Entry.record(
            draft_record("s", values, sources=(Source(outlet="R", status=status),)),
            date.fromordinal(first + n + n * 7 % 40),
            f"s{n}",
        )
        store.save(entry)
        if n % 4 == 0:
            later = date.fromordinal(first + n + 45)
            store.correct(entry.id, Changes((("killed", "9"),)), reported=later, source=None, why="recount")
    views.catch_up()
    database = views.database
    sums = ", ".join(f"SUM({c}) AS {c}" for c in COLUMNS)

    def plain(occ: int, known: int, grades: tuple[str, ...]) -> dict[tuple[str, str], list[int]]:
        where, params = ["occ_day <= ?", "known_day <= ?"], [occ, known]
        if grades:
            where.append(f"grade IN ({', '.join('?' for _ in grades)})")
            params += list(grades)
        statement = (
            f"SELECT grade, edge, {sums} FROM tally_deltas WHERE {' AND '.join(where)} GROUP BY grade, edge"
        )
        with database.transaction(commit=False) as c:
            c.execute(database.sql(statement), params)
            return {(r["grade"], r["edge"]): [int(r[col]) for col in COLUMNS] for r in c.fetchall()}

    for occ in range(first - BLOCK_DAYS, first + 130, 5):
        for known in range(occ - BLOCK_DAYS, first + 180, 7):
            for grades in ((), ("confirmed", "claimed")):
                found = query_tallies(database, date.fromordinal(occ), date.fromordinal(known), (), grades)
                expected = plain(occ, known, grades)
                assert {key: tally.vector() for key, tally in found.items()} == expected, (occ, known)
