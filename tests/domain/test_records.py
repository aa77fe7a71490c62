"""Records: what an entry says at one moment, read from raw fields and revised field by field."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.domain import (
    Actor,
    ActorDirectory,
    Changes,
    Count,
    FuzzyDate,
    InvalidValue,
    Place,
    Qualifier,
    Record,
    Source,
    SourceStatus,
    UnknownField,
    check_changes,
    default_reported,
    draft_record,
    stale_in_title,
)
from storyline.domain.facts import Development, IntelligencePause, Strike

from .strategies import record_kinds, records

STORY = "caribbean-2025"
CNN = Source("CNN", "https://edition.cnn.com/uk-pause", date(2025, 11, 11), "sources told CNN")
REUTERS = Source("Reuters", "https://www.reuters.com/ford", date(2025, 11, 11), status="confirmed")
DIRECTORY = ActorDirectory(
    [
        Actor("United Kingdom", "state", ["UK", "Britain"]),
        Actor("United States", "state", ["US", "U.S."]),
        Actor("Pete Hegseth", "person", ["Hegseth"]),
    ]
)


def pause(**overrides: object) -> Record:
    fields: dict[str, object] = {
        "kind": "Intelligence Pause",
        "title": "UK pauses intelligence sharing on suspected drug boats",
        "date": "2025-10",
        "date_precision": "",
        "provider": "UK",
        "recipient": "U.S.",
        "scope": "suspected drug boats in the Caribbean",
        "actors": "Britain; Hegseth",
        "location": "Caribbean",
        "latitude": "15.5",
        "longitude": "-75",
        "notes": "  ",
        **overrides,
    }
    return draft_record(STORY, fields, sources=(CNN,), canonical=DIRECTORY.canonical)


def strike(**overrides: object) -> Record:
    fields: dict[str, object] = {
        "kind": "strike",
        "title": "Strike on a boat",
        "date": "2025-09-02",
        "by": "US",
        "killed": "11",
        **overrides,
    }
    return draft_record(STORY, fields)


# -- draft_record ----------------------------------------------------------------------------------


def test_draft_record_reads_raw_fields_and_canonicalises_actors() -> None:
    record = pause()
    assert record.story == STORY
    assert record.kind == "intelligence-pause"
    assert record.title == "UK pauses intelligence sharing on suspected drug boats"
    assert record.occurred == FuzzyDate.parse("2025-10")
    assert record.fact == IntelligencePause(
        provider="United Kingdom", recipient="United States", scope="suspected drug boats in the Caribbean"
    )
    assert record.actors == ("United Kingdom", "Pete Hegseth")
    assert record.place == Place("Caribbean", 15.5, -75.0)
    assert record.notes is None
    assert record.sources == (CNN,)
    assert record.details == ()
    assert record.status is SourceStatus.REPORTED


def test_draft_record_applies_the_date_precision() -> None:
    assert pause(date="2025-10-06", date_precision="approximate").occurred.value == "~2025-10-06"
    assert pause(date="2025-10-06", date_precision="Month").occurred.value == "2025-10"


def test_draft_record_without_a_place_has_none() -> None:
    record = strike()
    assert record.place is None
    assert record.fact == Strike(by="US", killed=Count(11))


def test_draft_record_keeps_details_sorted_and_drops_blank_ones() -> None:
    record = draft_record(
        STORY,
        {"kind": "strike", "title": "t", "date": "2025"},
        details={"zeta": " z ", "alpha": "a", "empty": "  ", "none": None},
    )
    assert record.details == (("alpha", "a"), ("zeta", "z"))


@pytest.mark.parametrize(
    ("overrides", "field", "value"),
    [
        ({"kind": None}, "kind", None),
        ({"kind": "<b>bold</b>"}, "kind", "<b>bold</b>"),
        ({"date": None}, "date", None),
        ({"date": ""}, "date", ""),
        ({"date": "2025-02-30"}, "date", "2025-02-30"),
        ({"date": "2025-10", "date_precision": "day"}, "date", "2025-10"),
        ({"date_precision": "weekly"}, "date_precision", "weekly"),
        ({"title": " "}, "title", " "),
        ({"provider": None}, "provider", None),
        ({"latitude": "91", "longitude": "0"}, "latitude", "91"),
        ({"latitude": "0", "longitude": "-180.5"}, "longitude", "-180.5"),
        ({"latitude": "north", "longitude": "0"}, "latitude", "north"),
        ({"latitude": "10", "longitude": None}, "latitude", 10.0),
    ],
)
def test_draft_record_refuses_bad_fields_naming_them(
    overrides: dict[str, object], field: str, value: object
) -> None:
    with pytest.raises(InvalidValue) as caught:
        pause(**overrides)
    assert (caught.value.field, caught.value.value) == (field, value)


def test_draft_record_refuses_an_unknown_field() -> None:
    with pytest.raises(UnknownField) as caught:
        pause(colour="red")
    assert (caught.value.field, caught.value.value, caught.value.kind) == (
        "colour",
        "red",
        "intelligence-pause",
    )


@pytest.mark.parametrize("story", ["", "x" * 101, "line\nbreak", "bell\x07"])
def test_a_story_name_must_be_short_printable_text(story: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        draft_record(story, {"kind": "strike", "title": "t", "date": "2025"})
    assert caught.value.field == "story"


def test_an_unknown_kind_is_kept_as_a_development() -> None:
    record = draft_record(STORY, {"kind": "Naval Exercise", "title": "Exercise", "date": "2025-10"})
    assert record.kind == "naval-exercise"
    assert record.fact == Development(label="naval-exercise")


# -- field by field ---------------------------------------------------------------------------------


def test_field_texts_lists_every_correctable_field_as_text() -> None:
    record = attrs.evolve(pause(), details={"casualty_source": "Hegseth on X"})
    assert record.field_texts() == {
        "title": "UK pauses intelligence sharing on suspected drug boats",
        "date": "2025-10",
        "location": "Caribbean",
        "latitude": "15.5",
        "longitude": "-75.0",
        "actors": "United Kingdom; Pete Hegseth",
        "notes": None,
        "provider": "United Kingdom",
        "recipient": "United States",
        "scope": "suspected drug boats in the Caribbean",
        "reason": None,
        "details.casualty_source": "Hegseth on X",
    }
    assert record.correctable() == [
        "title", "date", "location", "latitude", "longitude", "actors", "notes",
        "provider", "recipient", "scope", "reason",
    ]  # fmt: skip


def test_a_development_does_not_offer_its_label_for_correction() -> None:
    record = draft_record(STORY, {"kind": "ceasefire", "title": "Truce", "date": "2025"})
    assert "label" not in record.field_texts()
    assert "label" not in record.correctable()


def test_changes_to_lists_only_what_differs_in_field_order() -> None:
    before = strike()
    after = strike(killed="at least 11", title="Strike on a boat", notes="revised toll", date="2025-09")
    assert before.changes_to(after) == Changes(
        (("date", "2025-09"), ("notes", "revised toll"), ("killed", "at least 11"))
    )
    assert before.changes_to(before) == Changes(())
    assert not before.changes_to(before)


def test_revised_applies_changes_by_name() -> None:
    record = strike()
    revised = record.revised(
        Changes([("killed", "at least 76"), ("date", "~2025-09-02"), ("theatre", "Caribbean")])
    )
    assert revised.fact == Strike(by="US", theatre="Caribbean", killed=Count(76, Qualifier.AT_LEAST))
    assert revised.occurred.value == "~2025-09-02"
    assert revised.title == record.title
    assert record.fact.killed == Count(11)  # type: ignore[attr-defined]  # the original is untouched


def test_revised_with_no_changes_is_the_same_record() -> None:
    record = strike()
    assert record.revised(Changes(())) is record


def test_revised_clears_a_field_with_none() -> None:
    revised = pause().revised(
        Changes([("scope", None), ("location", None), ("latitude", None), ("longitude", None)])
    )
    assert revised.fact.scope is None  # type: ignore[attr-defined]
    assert revised.place is None


def test_revised_sets_and_clears_details() -> None:
    record = attrs.evolve(strike(), details={"a": "1", "b": "2"})
    revised = record.revised(Changes([("details.a", None), ("details.c", "3"), ("details.b", "two")]))
    assert revised.details == (("b", "two"), ("c", "3"))


def test_revised_canonicalises_actor_names() -> None:
    revised = pause().revised(Changes([("recipient", "us"), ("actors", "Hegseth; UK")]), DIRECTORY.canonical)
    assert revised.fact.recipient == "United States"  # type: ignore[attr-defined]
    assert revised.actors == ("Pete Hegseth", "United Kingdom")


def test_revised_refuses_a_change_of_kind() -> None:
    with pytest.raises(InvalidValue) as caught:
        strike().revised(Changes([("kind", "statement")]))
    assert (caught.value.field, caught.value.value) == ("kind", "statement")
    assert caught.value.reason == "cannot be corrected: retract the entry and record it anew"


def test_revised_refuses_an_unknown_field_naming_it_and_the_kind() -> None:
    with pytest.raises(UnknownField) as caught:
        strike().revised(Changes([("provider", "UK")]))
    assert (caught.value.field, caught.value.value, caught.value.kind) == ("provider", "UK", "strike")
    assert "killed" in caught.value.known and "title" in caught.value.known


def test_revised_refuses_bad_values_naming_the_field() -> None:
    with pytest.raises(InvalidValue) as caught:
        strike().revised(Changes([("killed", "dozens")]))
    assert (caught.value.field, caught.value.value) == ("killed", "dozens")
    with pytest.raises(InvalidValue) as caught:
        strike().revised(Changes([("date", "2025-13")]))
    assert (caught.value.field, caught.value.value) == ("date", "2025-13")


def test_parties_put_the_facts_roles_first_then_everyone_else_named() -> None:
    assert pause().parties() == [
        ("United Kingdom", "provider"),
        ("United States", "recipient"),
        ("Pete Hegseth", "party"),
    ]


def test_with_source_adds_a_new_source_once() -> None:
    record = pause()
    assert record.with_source(CNN) is record
    assert record.with_source(REUTERS).sources == (CNN, REUTERS)
    assert record.with_source(REUTERS).status is SourceStatus.CONFIRMED


# -- check_changes ----------------------------------------------------------------------------------


def test_check_changes_accepts_what_a_record_of_the_kind_could_take() -> None:
    check_changes(
        "strike",
        Changes(
            [
                ("killed", "at least 80"),
                ("title", "New title"),
                ("date", "before 2025-10"),
                ("latitude", "12"),
                ("actors", "US; UK"),
                ("location", None),
                ("notes", None),
                ("details.anything", "x"),
            ]
        ),
    )
    check_changes("ceasefire", Changes([("title", "Truce holds")]))


@pytest.mark.parametrize(
    ("kind", "change", "error", "field"),
    [
        ("strike", ("kind", "statement"), InvalidValue, "kind"),
        ("strike", ("colour", "red"), UnknownField, "colour"),
        ("strike", ("label", "x"), UnknownField, "label"),
        ("strike", ("killed", "many"), InvalidValue, "killed"),
        ("strike", ("title", ""), InvalidValue, "title"),
        ("strike", ("title", None), InvalidValue, "title"),
        ("strike", ("date", "2025-02-30"), InvalidValue, "date"),
        ("strike", ("latitude", "95"), InvalidValue, "latitude"),
        ("strike", ("longitude", "east"), InvalidValue, "longitude"),
        ("intelligence-pause", ("provider", None), InvalidValue, "provider"),
        ("statement", ("position", "dubious"), InvalidValue, "position"),
        ("ceasefire", ("killed_by", "x"), UnknownField, "killed_by"),
    ],
)
def test_check_changes_refuses_before_anything_is_written(
    kind: str, change: tuple[str, str | None], error: type[InvalidValue], field: str
) -> None:
    with pytest.raises(error) as caught:
        check_changes(kind, Changes([change]))
    assert type(caught.value) is error
    assert caught.value.field == field


# -- default_reported -------------------------------------------------------------------------------

TODAY = date(2025, 11, 20)


def test_default_reported_is_the_earliest_publication_among_the_sources() -> None:
    record = attrs.evolve(
        pause(),
        sources=(
            Source("CNN", published=date(2025, 11, 11)),
            Source("Blog"),
            Source("Reuters", published=date(2025, 11, 10)),
        ),
    )
    assert default_reported(record, TODAY) == date(2025, 11, 10)


@pytest.mark.parametrize(
    ("written", "reported"),
    [
        ("2025-08", date(2025, 8, 31)),  # the last day it could have happened
        ("before 2025-10-11", date(2025, 10, 10)),
        ("2025-09/2025-10-10", date(2025, 10, 10)),
        ("~2025-10-06", date(2025, 10, 13)),
        ("2025", TODAY),  # its last day is after today: today
        ("2025-11-20", TODAY),
        ("after 2025-09", TODAY),  # no last day: today
    ],
)
def test_default_reported_without_publication_dates(written: str, reported: date) -> None:
    record = attrs.evolve(strike(), occurred=FuzzyDate.parse(written), sources=(Source("Blog"),))
    assert default_reported(record, TODAY) == reported


# -- edge cases found by these tests ----------------------------------------------------------------------------------


def test_correcting_a_development_labelled_strike_keeps_it_a_development() -> None:
    record = draft_record(STORY, {"kind": "development", "label": "strike", "title": "t", "date": "2025"})
    assert isinstance(record.fact, Development)
    revised = record.revised(Changes([("title", "u")]))
    assert isinstance(revised.fact, Development)


def test_a_development_labelled_development_can_be_corrected() -> None:
    record = draft_record(
        STORY, {"kind": "development", "label": "development", "title": "t", "date": "2025"}
    )
    assert record.revised(Changes([("title", "u")])).title == "u"


def test_an_actor_name_with_a_semicolon_is_refused_rather_than_split_later() -> None:
    # `;` separates names in spreadsheets and corrections; one name holding it would come back
    # as two after a correction, so it is refused where it comes in.
    with pytest.raises(InvalidValue) as caught:
        strike(actors=["Smith; Jones LLP", "United States"])
    assert caught.value.field == "actors"
    assert caught.value.value == "Smith; Jones LLP"


# -- properties -------------------------------------------------------------------------------------


@st.composite
def two_records_of_a_kind(draw: st.DrawFn) -> tuple[Record, Record]:
    kind = draw(record_kinds)
    return draw(records(kind)), draw(records(kind))


@settings(max_examples=200, deadline=None)
@given(two_records_of_a_kind())
def test_property_changes_to_then_revised_gives_the_other_record(pair: tuple[Record, Record]) -> None:
    a, b = pair
    changes = a.changes_to(b)
    revised = a.revised(changes)
    assert revised.field_texts() == b.field_texts()
    assert revised == attrs.evolve(b, sources=a.sources)  # every field, not just its text
    assert revised.changes_to(b) == Changes(())
    check_changes(a.kind, changes)  # what revised takes, check_changes lets through


@settings(max_examples=200, deadline=None)
@given(record_kinds.flatmap(records))
def test_property_field_texts_read_back_to_the_same_record(record: Record) -> None:
    texts = record.field_texts()
    rebuilt = Changes([(name, text) for name, text in texts.items()])
    assert record.revised(rebuilt) == record


def test_a_corrected_value_the_title_still_states_is_named() -> None:
    before = draft_record(
        "s",
        {"kind": "strike", "date": "2025-09", "title": "Strikes kill at least 76", "killed": "at least 76"},
    )
    after = before.revised(Changes([("killed", "at least 80")]))
    assert stale_in_title(before, after) == [("killed", "at least 76", "at least 80")]
    retitled = after.revised(Changes([("title", "Strikes kill at least 80")]))
    assert stale_in_title(before, retitled) == []
