"""Entries: the events of recording a happening, and what was known of it on any day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.domain import (
    Actor,
    ActorDirectory,
    Changes,
    Count,
    Entry,
    EntryState,
    InvalidValue,
    Qualifier,
    Record,
    Source,
    content_key,
    draft_record,
    entry_id,
    knowledge_steps,
    state_known_at,
)

from .strategies import counts, words

STORY = "caribbean-2025"
NOV = {day: date(2025, 11, day) for day in range(1, 31)}
CNN = Source("CNN", "https://edition.cnn.com/uk-pause", NOV[11])
REUTERS = Source("Reuters", "https://www.reuters.com/ford", NOV[12], status="confirmed")
AP = Source("AP", "https://apnews.com/strike", NOV[2])
GUARDIAN = Source("The Guardian", published=NOV[14])


def strike_record() -> Record:
    return draft_record(
        STORY,
        {
            "kind": "strike",
            "title": "Strike on a boat",
            "date": "2025-09-02",
            "by": "United States",
            "killed": "11",
        },
        sources=(CNN,),
    )


def recorded(reported: date = NOV[11], key: str = "strike-1") -> Entry:
    return Entry.record(strike_record(), reported, key)


def names(events: Sequence[object]) -> list[str]:
    return [type(e).__name__ for e in events]


def killed(state: EntryState | None) -> str | None:
    assert state is not None
    return state.record.field_texts()["killed"]


# -- the aggregate ----------------------------------------------------------------------------------


def test_record_creates_an_entry_with_a_stable_id() -> None:
    entry = recorded()
    assert entry.id == entry_id(STORY, "strike-1") == entry_id(STORY, "strike-1")
    assert entry_id(STORY, "strike-2") != entry.id
    assert entry_id("other-story", "strike-1") != entry.id
    assert entry.version == 1
    assert entry.state == EntryState(strike_record())
    assert (entry.key, entry.reported, entry.base, entry.refs) == (
        "strike-1",
        NOV[11],
        strike_record(),
        set(),
    )
    events = entry.collect_events()
    assert names(events) == ["Recorded"]
    assert events[0].record == strike_record()  # type: ignore[attr-defined]
    assert events[0].reported == NOV[11]  # type: ignore[attr-defined]


def test_content_key_is_what_the_record_says() -> None:
    assert content_key(strike_record()) == "~strike|2025-09-02|Strike on a boat"


def test_correct_records_only_what_really_changes() -> None:
    entry = recorded()
    entry.correct(
        Changes([("killed", "at least 11"), ("by", "United States"), ("theatre", "Caribbean")]),
        NOV[12],
        REUTERS,
        "toll revised",
    )
    assert entry.version == 2
    event = entry.collect_events()[-1]
    assert isinstance(event, Entry.Corrected)
    assert event.changes == Changes([("theatre", "Caribbean"), ("killed", "at least 11")])
    assert (event.reported, event.source, event.why, event.ref) == (NOV[12], REUTERS, "toll revised", None)
    assert entry.state.record.fact.killed == Count(11, Qualifier.AT_LEAST)  # type: ignore[attr-defined]
    assert entry.state.record.sources == (CNN, REUTERS)  # the correcting source now supports it


def test_correct_makes_actor_names_canonical_in_the_event() -> None:
    directory = ActorDirectory(
        [Actor("United States", aliases=["US"]), Actor("Pete Hegseth", aliases=["Hegseth"])]
    )
    entry = recorded()
    entry.correct(
        Changes([("by", "US"), ("announced_by", "hegseth")]), NOV[12], None, None, directory.canonical
    )
    event = entry.collect_events()[-1]
    assert event.changes == Changes([("announced_by", "Pete Hegseth")])  # type: ignore[attr-defined]


def test_a_correction_that_changes_nothing_is_refused() -> None:
    entry = recorded()
    with pytest.raises(InvalidValue) as caught:
        entry.correct(Changes([("killed", "11"), ("title", " Strike on a boat ")]), NOV[12], None, None)
    assert caught.value.field == "set"
    assert caught.value.reason == "changes nothing: every value given is already recorded"
    assert entry.version == 1


def test_a_correction_is_validated_before_any_event() -> None:
    entry = recorded()
    with pytest.raises(InvalidValue) as caught:
        entry.correct(Changes([("killed", "dozens")]), NOV[12], None, None)
    assert caught.value.field == "killed"
    assert names(entry.collect_events()) == ["Recorded"]


def test_a_correction_from_the_entrys_own_row_revises_its_base() -> None:
    entry = recorded(key="row-7")
    entry.correct(Changes([("killed", "12")]), NOV[12], None, None, ref="row-7")
    entry.correct(Changes([("notes", "per Reuters")]), NOV[13], None, None, ref="corrections.csv:3")
    assert entry.base.fact.killed == Count(12)  # type: ignore[attr-defined]
    assert entry.base.notes is None  # a correction from elsewhere leaves the base alone
    assert entry.state.record.notes == "per Reuters"
    assert entry.refs == {"row-7", "corrections.csv:3"}


def test_corroborate_adds_a_source() -> None:
    entry = recorded()
    entry.corroborate(REUTERS, NOV[12])
    assert entry.version == 2
    event = entry.collect_events()[-1]
    assert isinstance(event, Entry.Corroborated)
    assert (event.source, event.reported) == (REUTERS, NOV[12])
    assert entry.state.record.sources == (CNN, REUTERS)


def test_corroborate_by_a_source_already_there_is_refused() -> None:
    entry = recorded()
    with pytest.raises(InvalidValue) as caught:
        entry.corroborate(CNN, NOV[12])
    assert (caught.value.field, caught.value.value) == ("source", "CNN")
    assert entry.version == 1


def test_retract() -> None:
    entry = recorded()
    entry.retract(NOV[14], GUARDIAN, "the boat was a fishing vessel")
    assert entry.version == 2
    event = entry.collect_events()[-1]
    assert isinstance(event, Entry.Retracted)
    assert (event.reported, event.source, event.why) == (NOV[14], GUARDIAN, "the boat was a fishing vessel")
    assert entry.state.retracted is True
    assert entry.state.retraction == "the boat was a fishing vessel"
    assert entry.state.record == strike_record()  # what it said is kept


def test_a_retracted_entry_cannot_be_corrected_or_retracted_again() -> None:
    entry = recorded()
    entry.retract(NOV[14], None, None)
    with pytest.raises(InvalidValue) as caught:
        entry.correct(Changes([("killed", "12")]), NOV[15], None, None)
    assert (caught.value.field, caught.value.value) == ("entry", "strike-1")
    assert caught.value.reason == "is retracted: it cannot be corrected"
    with pytest.raises(InvalidValue) as caught:
        entry.retract(NOV[15], None, None)
    assert caught.value.reason == "is already retracted"
    assert entry.version == 2


def test_versions_count_the_events() -> None:
    entry = recorded()
    entry.correct(Changes([("killed", "12")]), NOV[12], None, None)
    entry.corroborate(REUTERS, NOV[12])
    entry.retract(NOV[14], None, None)
    events = entry.collect_events()
    assert names(events) == ["Recorded", "Corrected", "Corroborated", "Retracted"]
    assert [e.originator_version for e in events] == [1, 2, 3, 4]
    assert entry.version == 4


# -- what was known when ----------------------------------------------------------------------------


def test_state_known_at_applies_what_was_reported_by_the_day() -> None:
    entry = recorded(NOV[11])
    entry.correct(Changes([("killed", "14")]), NOV[13], None, None)
    entry.correct(Changes([("killed", "at least 14")]), NOV[15], None, None)
    events = entry.collect_events()
    assert state_known_at(events, NOV[10]) is None  # not yet public
    assert killed(state_known_at(events, NOV[11])) == "11"
    assert killed(state_known_at(events, NOV[12])) == "11"
    assert killed(state_known_at(events, NOV[13])) == "14"
    assert killed(state_known_at(events, NOV[14])) == "14"
    assert killed(state_known_at(events, NOV[15])) == "at least 14"
    assert killed(state_known_at(events, None)) == "at least 14"
    assert state_known_at(events, None) == entry.state


def test_state_known_at_skips_what_was_reported_later_even_when_recorded_earlier() -> None:
    entry = recorded(NOV[11])
    entry.correct(Changes([("killed", "16")]), NOV[20], None, "late report, recorded first")
    entry.correct(Changes([("theatre", "Caribbean")]), NOV[14], None, "early report, recorded second")
    events = entry.collect_events()
    known = state_known_at(events, NOV[15])
    assert known is not None
    assert killed(known) == "11"
    assert known.record.field_texts()["theatre"] == "Caribbean"
    assert killed(state_known_at(events, NOV[20])) == "16"


def test_the_latest_report_wins_even_when_an_older_one_is_recorded_later() -> None:
    entry = recorded(NOV[11])
    entry.correct(Changes([("killed", "16")]), NOV[20], None, None)
    entry.correct(Changes([("killed", "14")]), NOV[14], None, None)  # reported earlier, recorded later
    events = entry.collect_events()
    assert killed(state_known_at(events, NOV[13])) == "11"
    assert killed(state_known_at(events, NOV[14])) == "14"
    assert killed(state_known_at(events, NOV[19])) == "14"
    assert killed(state_known_at(events, NOV[20])) == "16"  # the report of the 20th is the latest
    assert killed(state_known_at(events, None)) == "16"
    assert killed(entry.state) == "16"  # the aggregate agrees with the replay


def test_reports_of_the_same_day_apply_in_the_order_they_were_recorded() -> None:
    entry = recorded(NOV[11])
    entry.correct(Changes([("killed", "16")]), NOV[20], None, None)
    entry.correct(Changes([("killed", "14")]), NOV[20], None, None)
    assert killed(state_known_at(entry.collect_events(), None)) == "14"


def test_a_correction_cannot_be_older_news_than_the_entry() -> None:
    entry = recorded(NOV[11])
    with pytest.raises(InvalidValue, match="before the entry itself was reported"):
        entry.correct(Changes([("killed", "12")]), NOV[5], None, "reported before the strike was public")
    with pytest.raises(InvalidValue, match="before the entry itself was reported"):
        entry.retract(NOV[5], None, "withdrawn before it was public")
    # A corroborating source may have published first: it counts from the entry's own day.
    entry.corroborate(REUTERS, NOV[5])
    events = entry.collect_events()
    assert state_known_at(events, NOV[10]) is None
    assert state_known_at(events, NOV[11]).record.sources == (CNN, REUTERS)


def test_retraction_and_corroboration_by_reported_day() -> None:
    entry = recorded(NOV[11])
    entry.corroborate(REUTERS, NOV[12])
    entry.retract(NOV[14], None, "withdrawn")
    events = entry.collect_events()
    on_12 = state_known_at(events, NOV[12])
    on_14 = state_known_at(events, NOV[14])
    assert on_12 is not None and on_14 is not None
    assert on_12.record.sources == (CNN, REUTERS)
    assert on_12.retracted is False
    assert (on_14.retracted, on_14.retraction) == (True, "withdrawn")


def test_no_events_no_state() -> None:
    assert state_known_at([], NOV[11]) is None
    assert state_known_at([], None) is None


def test_knowledge_steps_give_one_state_per_distinct_reported_day() -> None:
    entry = recorded(NOV[11])
    entry.correct(Changes([("killed", "16")]), NOV[20], None, None)
    entry.corroborate(REUTERS, NOV[14])
    entry.correct(Changes([("theatre", "Caribbean")]), NOV[14], None, None)
    entry.corroborate(AP, NOV[2])  # published before the entry: effective from NOV[11]
    events = entry.collect_events()
    steps = knowledge_steps(events)
    assert [day for day, _ in steps] == [NOV[11], NOV[14], NOV[20]]
    assert [killed(state) for _, state in steps] == ["11", "11", "16"]
    assert [state.record.sources for _, state in steps] == [(CNN, AP), (CNN, AP, REUTERS), (CNN, AP, REUTERS)]
    for day, state in steps:
        assert state == state_known_at(events, day)


def test_an_earlier_report_of_an_already_recorded_value_is_kept_for_knowledge_time() -> None:
    entry = recorded(NOV[11])
    entry.correct(Changes([("killed", "16")]), NOV[20], None, "Guardian, 20 Nov")
    entry.correct(Changes([("killed", "16")]), NOV[14], None, "Reuters had said so on 14 Nov")
    assert killed(state_known_at(entry.collect_events(), NOV[15])) == "16"


# -- property: knowledge by hand --------------------------------------------------------------------

FIRST = date(2025, 11, 11)
FIELD_VALUES = {
    "killed": counts.map(lambda c: c.text),
    "survivors": st.none() | counts.map(lambda c: c.text),
    "title": words,
    "notes": st.none() | words,
    "theatre": st.none() | words,
}
field_changes = st.sampled_from(sorted(FIELD_VALUES)).flatmap(
    lambda name: st.tuples(st.just(name), FIELD_VALUES[name])
)
SOURCES = [CNN, REUTERS, GUARDIAN, Source("AP"), Source("BBC", status="claimed")]
operations = st.lists(
    st.tuples(
        st.integers(-20, 20),  # reported: days from FIRST (the entry itself is reported within 5 days of it)
        st.one_of(
            st.tuples(st.just("correct"), field_changes, st.sampled_from([None, *SOURCES])),
            st.tuples(st.just("corroborate"), st.sampled_from(SOURCES)),
            st.tuples(st.just("retract")),
        ),
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(st.integers(-5, 5), operations)
def test_property_state_known_at_equals_folding_by_hand(
    first_offset: int, ops: list[tuple[int, tuple]]
) -> None:
    first = FIRST + timedelta(days=first_offset)
    entry = Entry.record(strike_record(), first, "k")
    # What each event does, written down as it is made, to be folded by hand below.
    applied: list[tuple[date, str, object]] = []
    for offset, (op, *args) in ops:
        reported = FIRST + timedelta(days=offset)
        if entry.state.retracted:
            break
        if op != "corroborate":
            reported = max(reported, first)  # a correction older than the entry is refused
        if op == "correct":
            (name, value), source = args
            if entry.state.record.field_texts()[name] == value:
                continue  # nothing would change: refused, and rightly
            entry.correct(Changes([(name, value)]), reported, source, None)
            applied.append((reported, "correct", (name, value, source)))
        elif op == "corroborate":
            (source,) = args
            if source in entry.state.record.sources:
                continue
            entry.corroborate(source, reported)
            applied.append((reported, "corroborate", source))
        else:
            entry.retract(reported, None, "retracted")
            applied.append((reported, "retract", None))
    events = entry.collect_events()

    for day in (FIRST + timedelta(days=n) for n in range(-25, 26)):
        known = state_known_at(events, day)
        if day < first:
            assert known is None
            continue
        texts, sources, retracted = strike_record().field_texts(), list(strike_record().sources), False
        # By reported day (never before the entry's own), ties in the order they were made.
        in_order = sorted(enumerate(applied), key=lambda item: (max(item[1][0], first), item[0]))
        for _, (reported, op, payload) in in_order:
            if max(reported, first) > day:
                continue
            if op == "correct":
                name, value, source = payload  # type: ignore[misc]
                texts[name] = value
                if source is not None and source not in sources:
                    sources.append(source)
            elif op == "corroborate":
                if payload not in sources:  # an earlier-reported correction may have cited it
                    sources.append(payload)
            else:
                retracted = True
        assert known is not None
        assert known.record.field_texts() == texts
        assert known.record.sources == tuple(sources)
        assert known.retracted is retracted

    steps = knowledge_steps(events)
    step_days = [d for d, _ in steps]
    assert step_days == sorted({max(r, first) for r, _, _ in applied} | {first})
    for day, state in steps:
        assert state == state_known_at(events, day)
