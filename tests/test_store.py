"""The store on both backends: importing, idempotence, corrections, and refusing bad input
without appending anything."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storyline.domain import Changes, Entry, entry_id
from storyline.projections.formats import read_document
from storyline.projections.oracle import read_log
from storyline.store import Importer, InputError, StoryStore

from .conftest import import_bundled


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def log_size(store: StoryStore) -> int:
    return store.recorder.max_notification_id() or 0


def test_bundled_story_imports_every_entry_with_its_actors(store: StoryStore) -> None:
    import_bundled(store)
    entries = [e for _, e in read_log(store) if isinstance(e, Entry.Recorded)]
    assert len(entries) == 21
    uk_pause = store.entry(entry_id("caribbean-2025", "uk-pause"))
    assert uk_pause.state.record.fact.provider == "United Kingdom"
    assert uk_pause.state.record.occurred.text == "Sep – 10 Oct 2025"
    assert uk_pause.reported == date(2025, 11, 11)
    directory = store.registry().directory
    assert directory.resolve("Britain") == "United Kingdom"
    assert directory.affiliation_chain("Alvin Holsey") == [
        "U.S. Southern Command",
        "Department of Defense",
        "United States",
    ]


def test_importing_the_same_file_again_appends_nothing(store: StoryStore) -> None:
    import_bundled(store)
    before = log_size(store)
    import_bundled(store)
    assert log_size(store) == before


def test_a_changed_row_is_appended_as_a_correction(store: StoryStore, tmp_path: Path) -> None:
    header = "id,date,kind,title,actors,killed,source,reported\n"
    first = write(
        tmp_path,
        "strikes.csv",
        header + "s1,2025-09-02,strike,First strike,United States,11,CNN,2025-09-02\n",
    )
    Importer(store).import_document(read_document(first))
    changed = write(
        tmp_path,
        "strikes.csv",
        header + "s1,2025-09-02,strike,First strike,United States,14,CNN,2025-09-05\n",
    )
    report = Importer(store).import_document(read_document(changed))
    assert (report.added, report.corrected) == (0, 1)
    entry = store.entry(entry_id("strikes", "s1"))
    assert entry.version == 2
    assert str(entry.state.record.fact.killed) == "14"
    # ...and importing the changed file once more appends nothing.
    again = Importer(store).import_document(read_document(changed))
    assert (again.added, again.corrected, again.unchanged) == (0, 0, 1)


def test_a_revised_row_is_news_the_day_it_arrives_unless_it_names_a_later_report(
    store: StoryStore, tmp_path: Path
) -> None:
    header = "id,date,kind,title,actors,killed,source,reported\n"
    row = "s1,2025-09-02,strike,First strike,United States,{killed},CNN,{reported}\n"
    path = tmp_path / "strikes.csv"
    today = date(2025, 12, 1)
    for killed, reported in [(11, "2025-09-02"), (14, "2025-09-02"), (17, "2025-10-20")]:
        path.write_text(header + row.format(killed=killed, reported=reported))
        Importer(store, today=today).import_document(read_document(path))
    entry = store.entry(entry_id("strikes", "s1"))
    # The same reported day as before: the revision was not known then, so it is news today;
    # a later reported day in the row is when the revision was reported.
    assert [e.reported for e in entry.log] == [date(2025, 9, 2), today, date(2025, 10, 20)]


def test_correction_rows_apply_from_their_reported_date_and_stay_idempotent(
    store: StoryStore, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "toll.csv",
        "id,date,kind,title,killed,source,reported,corrects\n"
        "toll,2025-09,strike,Strikes,at least 76,CNN,2025-11-11,\n"
        "toll-fix,,,,at least 80,CNN,2025-11-20,toll\n",
    )
    Importer(store).import_document(read_document(path))
    Importer(store).import_document(read_document(path))
    entry = store.entry(entry_id("toll", "toll"))
    assert entry.version == 2
    assert str(entry.state.record.fact.killed) == "at least 80"


@pytest.mark.parametrize(
    ("row", "complaint"),
    [
        ("a,2025-13-40,strike,Bad date,,", "line 3"),
        ("a,2025-09-01,strike,Negative,-3,", "killed"),
        ("a,2025-10-11/2025-09-01,strike,Backwards,,", "ends before it starts"),
        ("a,2025-09-01,strike,,1,", "title"),
        ("a,2025-09-01,,No kind,1,", "kind"),
        ('a,2025-09-01,strike,"Unclosed,1,\nb,2025-09-02,strike,Swallowed,2,', "never closed"),
    ],
)
def test_one_bad_row_and_nothing_is_appended(
    store: StoryStore, tmp_path: Path, row: str, complaint: str
) -> None:
    path = write(
        tmp_path, "bad.csv", "id,date,kind,title,killed,notes\nok,2025-09-01,strike,Fine,1,\n" + row + "\n"
    )
    with pytest.raises(InputError) as caught:
        Importer(store).import_document(read_document(path))
    message = str(caught.value)
    assert message.startswith(f"{path}:3: ")
    assert complaint in message or complaint == "line 3"
    assert "\n" not in message
    assert log_size(store) == 0


@pytest.mark.parametrize(
    ("row", "complaint"),
    [
        (
            "fix,2025-09-02,,,,,s1,2025-09-01",
            "reported: '2025-09-01' is before 's1' itself was reported (2025-09-02)",
        ),
        ("fix,2025-09-02,,,,,s1,2027-01-01", "reported: '2027-01-01' is after today (2026-11-27)"),
    ],
)
def test_a_correction_from_before_its_entry_or_from_the_future_is_refused(
    store: StoryStore, tmp_path: Path, row: str, complaint: str
) -> None:
    header = "id,date,kind,title,actors,killed,corrects,reported\n"
    first = "s1,2025-09-02,strike,First strike,United States,11,,2025-09-02\n"
    path = write(
        tmp_path, "fix.csv", header + first + row.replace("fix,2025-09-02,,,,,", "fix,,,,,14,") + "\n"
    )
    with pytest.raises(InputError) as caught:
        Importer(store, today=date(2026, 11, 27)).import_document(read_document(path))
    assert str(caught.value).startswith(f"{path}:3: {complaint}")
    assert log_size(store) == 0


def test_an_impossible_unquoted_yaml_date_is_a_complaint_not_a_crash(
    store: StoryStore, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "bad.yaml",
        "story: t\nentries:\n  - {date: 2025-09-01, kind: strike, title: Fine}\n"
        "  - date: 2025-02-30\n    kind: strike\n    title: Bad\n",
    )
    with pytest.raises(InputError) as caught:
        Importer(store).import_document(read_document(path))
    assert str(caught.value) == f"{path}:4: date: '2025-02-30' is not a date (day is out of range for month)"
    assert log_size(store) == 0


def test_unknown_date_precision_names_the_column(store: StoryStore, tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", "date,date_precision,kind,title\n2025-08,weekly,strike,X\n")
    with pytest.raises(InputError, match=r"p.csv:2: date_precision: 'weekly' is not a precision"):
        Importer(store).import_document(read_document(path))
    assert log_size(store) == 0


def test_a_correction_of_a_field_the_kind_lacks_is_refused(store: StoryStore) -> None:
    import_bundled(store)
    before = log_size(store)
    with pytest.raises(Exception, match="no field 'colour'"):
        store.correct(
            entry_id("caribbean-2025", "uk-pause"),
            Changes((("colour", "red"),)),
            reported=date(2025, 11, 20),
            source=None,
            why="test",
        )
    assert log_size(store) == before


def test_events_travel_through_the_store_unchanged(store: StoryStore) -> None:
    import_bundled(store)
    fresh = store.repository.get(entry_id("caribbean-2025", "iwo-jima-deploys"))
    record = fresh.state.record
    assert record.fact.components == (
        "USS Iwo Jima",
        "USS Fort Lauderdale",
        "USS San Antonio",
        "22nd Marine Expeditionary Unit",
    )
    assert record.fact.personnel.text == "more than 4,500"
    assert record.sources[0].outlet == "Department of War"
    # An undated source: public from the end of the occurred date.
    assert fresh.reported == date(2025, 8, 31)


def test_the_bulk_path_writes_the_events_the_aggregate_would(store: StoryStore) -> None:
    from datetime import UTC, datetime

    from storyline.domain import draft_record
    from storyline.store.importer import recorded_event

    record = draft_record("s", {"kind": "strike", "date": "2025-09", "title": "T", "killed": "at least 3"})
    moment = datetime(2025, 11, 11, 12, 0, tzinfo=UTC)
    normal = Entry._create(
        Entry.Recorded, record=record, reported=date(2025, 11, 11), key="k", timestamp=moment
    )
    (expected,) = normal.collect_events()
    bulk = recorded_event(normal.id, record, date(2025, 11, 11), "k")
    object.__setattr__(bulk, "timestamp", moment)
    assert store.mapper.to_stored_event(bulk) == store.mapper.to_stored_event(expected)


def test_csv_columns_are_matched_whatever_their_case(store: StoryStore, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Strikes.csv",
        "ID,Date,Kind,Title,Actors,Killed,Details.Vessel\ns1,2025-09-02,Strike,First strike,United States,11,go-fast\n",
    )
    report = Importer(store).import_document(read_document(path))
    assert report.added == 1
    record = store.entry(entry_id("Strikes", "s1")).state.record
    assert str(record.fact.killed) == "11"
    assert dict(record.details) == {"Vessel": "go-fast"}


def test_a_csv_saved_with_semicolons_is_read(store: StoryStore, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "eu.csv",
        'id;date;kind;title;actors;killed\ns1;2025-09-01;strike;A strike, at sea;"US;UK";3\n',
    )
    report = Importer(store).import_document(read_document(path))
    assert report.added == 1
    record = store.entry(entry_id("eu", "s1")).state.record
    assert (record.title, str(record.fact.killed)) == ("A strike, at sea", "3")
    assert [name for name, _ in record.parties()] == ["US", "UK"]


def test_postgresql_is_spoken_through_libpq_in_c() -> None:
    """The project's own dependencies bring psycopg's C binding (psycopg[binary]): the pure
    Python one spent two thirds of a PostgreSQL catch-up inside itself. Its libpq pipelines
    executemany, so a batch of rows is sent without a round trip each."""
    import psycopg

    assert psycopg.pq.__impl__ in ("c", "binary")
    assert psycopg.Pipeline.is_supported()
