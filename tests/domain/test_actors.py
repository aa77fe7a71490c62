"""Actors: one canonical name, aliases, a type, and affiliations that roll up."""

from __future__ import annotations

import pytest

from storyline.domain import REGISTRY_ID, Actor, ActorDirectory, ActorRegistry, ActorType, InvalidValue, fold

UK = Actor("United Kingdom", "state", ["UK", "Britain", "U.K."])
US = Actor("United States", "state", "US; USA; U.S.")
DOD = Actor("Department of Defense", "agency", ["Pentagon", "Department of War"], ["United States"])
SOUTHCOM = Actor("U.S. Southern Command", "unit", ["SOUTHCOM"], ["Pentagon"])  # affiliated by alias
HOLSEY = Actor("Alvin Holsey", "person", ["Adm. Alvin Holsey"], ["SOUTHCOM"])
HEGSETH = Actor("Pete Hegseth", "person", ["Hegseth"], ["Department of Defense"])
NORTHCOM = Actor("U.S. Northern Command", "unit", ["NORTHCOM"], ["Department of Defense"])


def directory() -> ActorDirectory:
    return ActorDirectory([UK, US, DOD, SOUTHCOM, HOLSEY, HEGSETH, NORTHCOM])


# -- Actor ----------------------------------------------------------------------------------------


def test_an_actor_keeps_its_names_in_order_without_repeats() -> None:
    actor = Actor(" United Kingdom ", "State", "UK; Britain; ; UK; U.K.", description="  ")
    assert actor.name == "United Kingdom"
    assert actor.type is ActorType.STATE
    assert actor.aliases == ("UK", "Britain", "U.K.")
    assert actor.names == ("United Kingdom", "UK", "Britain", "U.K.")
    assert actor.affiliations == ()
    assert actor.description is None


@pytest.mark.parametrize(
    ("written", "actor_type"),
    [
        (None, ActorType.UNKNOWN),
        ("", ActorType.UNKNOWN),
        ("Organization", ActorType.ORGANISATION),
        ("organisation", ActorType.ORGANISATION),
        (" unit ", ActorType.UNIT),
        (ActorType.PERSON, ActorType.PERSON),
    ],
)
def test_actor_types(written: object, actor_type: ActorType) -> None:
    assert Actor("X", written).type is actor_type  # type: ignore[arg-type]


def test_an_unknown_type_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        Actor("X", "planet")
    assert (caught.value.field, caught.value.value) == ("type", "planet")
    assert "one of state, agency, unit, person, organisation, group, unknown" in caught.value.reason


@pytest.mark.parametrize("name", [None, "", "   "])
def test_a_name_is_required(name: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        Actor(name)  # type: ignore[arg-type]
    assert caught.value.field == "name"


def test_an_actor_cannot_belong_to_itself() -> None:
    with pytest.raises(InvalidValue) as caught:
        Actor("United States", affiliations=["NATO", " united  STATES "])
    assert (caught.value.field, caught.value.value) == ("affiliations", "United States")


def test_aliases_must_be_text() -> None:
    with pytest.raises(InvalidValue) as caught:
        Actor("X", aliases=42)  # type: ignore[arg-type]
    assert caught.value.field == "aliases"


def test_fold_ignores_case_and_spacing() -> None:
    assert fold("  United   KINGDOM ") == fold("united kingdom") == "united kingdom"


def test_merged_keeps_everything() -> None:
    known = Actor("United Kingdom", "state", ["UK", "Britain"], ["NATO"], "A state")
    heard = Actor("United Kingdom", None, ["U.K.", "UK"], ["Five Eyes"], None)  # type: ignore[arg-type]
    merged = known.merged(heard)
    assert merged == Actor(
        "United Kingdom", "state", ["UK", "Britain", "U.K."], ["NATO", "Five Eyes"], "A state"
    )


def test_merged_takes_a_known_type_and_a_new_description() -> None:
    known = Actor("Holsey", None, description="old")  # type: ignore[arg-type]
    merged = known.merged(Actor("Holsey", "person", description="new"))
    assert merged.type is ActorType.PERSON
    assert merged.description == "new"
    assert merged.merged(Actor("Holsey")).type is ActorType.PERSON  # unknown never overwrites


# -- ActorDirectory -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("United Kingdom", "United Kingdom"),
        ("uk", "United Kingdom"),
        ("BRITAIN", "United Kingdom"),
        ("  u.k. ", "United Kingdom"),
        ("united   kingdom", "United Kingdom"),
        ("pentagon", "Department of Defense"),
        ("Nobody", None),
        ("U", None),
    ],
)
def test_resolve_by_name_or_alias_case_insensitively(name: str, canonical: str | None) -> None:
    assert directory().resolve(name) == canonical


def test_canonical_falls_back_to_the_name_tidied() -> None:
    assert directory().canonical("britain") == "United Kingdom"
    assert directory().canonical("  Royal   Navy ") == "Royal Navy"


def test_find_an_exact_alias_gives_that_actor_only() -> None:
    assert [a.name for a in directory().find("US")] == ["United States"]


def test_find_by_an_unambiguous_part() -> None:
    assert directory().find("holsey") == [HOLSEY]


def test_find_by_an_ambiguous_part_gives_all_in_name_order() -> None:
    assert [a.name for a in directory().find("command")] == ["U.S. Northern Command", "U.S. Southern Command"]
    assert [a.name for a in directory().find("kingdom")] == ["United Kingdom"]
    assert directory().find("Atlantis") == []


def test_the_directory_iterates_and_counts_its_actors() -> None:
    found = directory()
    assert len(found) == 7
    assert {a.name for a in found} >= {"United Kingdom", "Alvin Holsey"}
    assert found.get("Alvin Holsey") == HOLSEY
    assert found.get("holsey") is None  # get takes the canonical name


def test_an_alias_that_already_names_someone_else_is_refused() -> None:
    found = directory()
    with pytest.raises(InvalidValue) as caught:
        found.add(Actor("Ukraine", "state", ["UA", "uk"]))
    assert (caught.value.field, caught.value.value) == ("aliases", "uk")
    assert caught.value.reason == "already names United Kingdom"
    assert found.resolve("UA") is None  # nothing of the refused actor was kept
    assert found.get("Ukraine") is None


def test_adding_under_an_alias_merges_into_the_canonical_actor() -> None:
    found = directory()
    merged = found.add(Actor("Britain", aliases=["GB"], description="Great Britain and NI"))
    assert merged.name == "United Kingdom"
    assert merged.aliases == ("UK", "Britain", "U.K.", "GB")
    assert found.resolve("gb") == "United Kingdom"
    assert len(found) == 7


def test_affiliation_chain_follows_first_affiliations_upward_through_aliases() -> None:
    assert directory().affiliation_chain("Alvin Holsey") == [
        "U.S. Southern Command",
        "Department of Defense",
        "United States",
    ]
    assert directory().affiliation_chain("United States") == []
    assert directory().affiliation_chain("Nobody") == []


def test_affiliation_chain_includes_an_unknown_parent_and_stops_there() -> None:
    found = ActorDirectory([Actor("Royal Navy", affiliations=["Ministry of Defence"])])
    assert found.affiliation_chain("Royal Navy") == ["Ministry of Defence"]


def test_affiliation_chain_stops_on_a_cycle() -> None:
    found = ActorDirectory(
        [Actor("A", affiliations=["B"]), Actor("B", affiliations=["C"]), Actor("C", affiliations=["B"])]
    )
    assert found.affiliation_chain("A") == ["B", "C"]
    looped = ActorDirectory([Actor("A", affiliations=["B"]), Actor("B", affiliations=["A"])])
    assert looped.affiliation_chain("A") == ["B"]


def test_parts_of_rolls_up_at_any_depth() -> None:
    assert directory().parts_of("United States") == {
        "United States",
        "Department of Defense",
        "U.S. Southern Command",
        "U.S. Northern Command",
        "Alvin Holsey",
        "Pete Hegseth",
    }
    assert directory().parts_of("U.S. Southern Command") == {"U.S. Southern Command", "Alvin Holsey"}
    assert directory().parts_of("United Kingdom") == {"United Kingdom"}
    assert directory().parts_of("Nobody") == {"Nobody"}


def test_parts_of_follows_every_affiliation_not_just_the_first() -> None:
    found = ActorDirectory([Actor("NATO"), Actor("EU"), Actor("France", affiliations=["EU", "NATO"])])
    assert found.parts_of("NATO") == {"NATO", "France"}
    assert found.parts_of("EU") == {"EU", "France"}


def test_parts_of_terminates_on_a_cycle() -> None:
    found = ActorDirectory(
        [
            Actor("A", affiliations=["B"]),
            Actor("B", affiliations=["C"]),
            Actor("C", affiliations=["A"]),
            Actor("D"),
        ]
    )
    assert found.parts_of("A") == {"A", "B", "C"}
    assert found.parts_of("D") == {"D"}


# -- ActorRegistry --------------------------------------------------------------------------------


def event_names(registry: ActorRegistry) -> list[str]:
    return [type(event).__name__ for event in registry.collect_events()]


def test_the_registry_has_one_well_known_id() -> None:
    registry = ActorRegistry.open()
    assert registry.id == REGISTRY_ID
    assert event_names(registry) == ["Opened"]
    assert registry.actors == {}


def test_define_a_new_actor_triggers_actor_defined() -> None:
    registry = ActorRegistry.open()
    registry.collect_events()
    assert registry.define(UK) == UK
    events = registry.collect_events()
    assert [type(e).__name__ for e in events] == ["ActorDefined"]
    assert events[0].actor == UK  # type: ignore[attr-defined]
    assert registry.actors == {"United Kingdom": UK}
    assert registry.version == 2


def test_define_what_is_already_known_triggers_nothing() -> None:
    registry = ActorRegistry.open()
    registry.define(UK)
    registry.collect_events()
    assert registry.define(Actor("United Kingdom", aliases=["UK"])) == UK
    assert registry.define(Actor("britain")) == UK
    assert registry.define(Actor("UK", "state")) == UK
    assert event_names(registry) == []
    assert registry.version == 2


def test_define_something_new_about_a_known_actor_triggers_actor_revised() -> None:
    registry = ActorRegistry.open()
    registry.define(UK)
    registry.collect_events()
    merged = registry.define(Actor("UK", aliases=["GB"], affiliations=["NATO"]))
    assert merged.aliases == ("UK", "Britain", "U.K.", "GB")
    assert merged.affiliations == ("NATO",)
    events = registry.collect_events()
    assert [type(e).__name__ for e in events] == ["ActorRevised"]
    assert events[0].actor == merged  # type: ignore[attr-defined]
    assert registry.actors["United Kingdom"] == merged


def test_define_refuses_a_conflicting_alias_and_records_nothing() -> None:
    registry = ActorRegistry.open()
    registry.define(UK)
    registry.collect_events()
    with pytest.raises(InvalidValue) as caught:
        registry.define(Actor("Ukraine", aliases=["Britain"]))
    assert (caught.value.field, caught.value.value) == ("aliases", "Britain")
    assert event_names(registry) == []
    assert set(registry.actors) == {"United Kingdom"}


def test_define_with_a_shared_directory_sees_earlier_definitions() -> None:
    registry = ActorRegistry.open()
    shared = registry.directory
    registry.define(UK, shared)
    registry.define(Actor("Britain", aliases=["GB"]), shared)
    assert shared.resolve("GB") == "United Kingdom"
    assert event_names(registry) == ["Opened", "ActorDefined", "ActorRevised"]
    assert registry.directory.resolve("gb") == "United Kingdom"


def test_an_alias_differing_only_in_case_is_nothing_new() -> None:
    registry = ActorRegistry.open()
    registry.define(UK)
    registry.collect_events()
    registry.define(Actor("United Kingdom", aliases=["uk", "BRITAIN"]))
    assert registry.actors["United Kingdom"].aliases == ("UK", "Britain", "U.K.")
    assert event_names(registry) == []


def test_near_finds_a_likely_typo_but_not_a_numbered_sibling() -> None:
    directory = ActorDirectory(
        [Actor("United States", aliases=("US",)), Actor("Alvin Holsey"), Actor("Force 2"), Actor("Canada")]
    )
    assert directory.near("Untied States") == ["United States"]
    assert directory.near("alvin holsy") == ["Alvin Holsey"]
    assert directory.near("Force 3") == []  # differs only in its number: another actor
    assert directory.near("Venezuela") == []


def test_a_new_actor_is_a_likely_typo_only_a_few_keystrokes_from_a_known_one() -> None:
    directory = ActorDirectory([Actor("Government of India"), Actor("United States")])
    assert directory.near("Untied States", slips=2) == ["United States"]
    assert directory.near("Government of Rwanda", slips=2) == []  # another government, not a slip
    assert directory.near("Government of Rwanda") == ["Government of India"]  # as a suggestion, fine
