"""Facts: one immutable class per kind of happening, each with its own fields and validation."""

from __future__ import annotations

import attrs
import pytest

from storyline.domain import (
    KINDS,
    SHARING_KINDS,
    Count,
    Development,
    Fact,
    InvalidValue,
    Qualifier,
    Stance,
    UnknownField,
    build_fact,
    fact_class,
    kind_label,
    near_kinds,
)
from storyline.domain.facts import (
    Deployment,
    Designation,
    IntelligencePause,
    LegalOpinion,
    ResignationOffer,
    Statement,
    Strike,
    Withdrawal,
    fact_kind,
)

# The required fields of each typed kind: a fact of that kind cannot be built without them.
REQUIRED = {
    "strike": (),
    "intelligence-sharing": ("provider", "recipient"),
    "intelligence-pause": ("provider", "recipient"),
    "intelligence-resumption": ("provider", "recipient"),
    "intelligence-restriction": ("provider", "recipient"),
    "resignation-offer": ("person",),
    "deployment": ("asset",),
    "withdrawal": ("asset",),
    "statement": ("speaker",),
    "designation": ("designator", "designee"),
    "legal-opinion": ("author",),
    "development": ("label",),
}


def test_every_kind_is_registered_under_its_own_name() -> None:
    assert set(KINDS) == set(REQUIRED)
    for kind, cls in KINDS.items():
        assert cls.kind == kind
        assert fact_class(kind) is cls
    assert set(SHARING_KINDS) == {k for k in KINDS if k.startswith("intelligence-")}


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_required_fields_per_kind(kind: str) -> None:
    specs = KINDS[kind].specs()
    assert tuple(name for name, spec in specs.items() if spec.required) == REQUIRED[kind]


@pytest.mark.parametrize(("kind", "required"), [(k, r) for k, names in REQUIRED.items() for r in names])
def test_a_missing_required_field_is_refused_naming_it(kind: str, required: str) -> None:
    fields = {name: "Someone" for name in REQUIRED[kind] if name != required}
    with pytest.raises(InvalidValue) as caught:
        KINDS[kind].build(fields)
    assert caught.value.field == required
    assert caught.value.value is None
    assert caught.value.reason.startswith("is missing")


def test_missing_provider_on_an_intelligence_pause() -> None:
    with pytest.raises(InvalidValue) as caught:
        build_fact("intelligence-pause", {"recipient": "United States"})
    assert caught.value.field == "provider"
    assert str(caught.value) == "provider: is missing: an intelligence-pause needs a provider"


def test_a_blank_required_field_is_refused_as_empty() -> None:
    with pytest.raises(InvalidValue) as caught:
        build_fact("intelligence-pause", {"provider": "  ", "recipient": "United States"})
    assert (caught.value.field, caught.value.value) == ("provider", "  ")
    assert caught.value.reason == "is empty: it is required"


def test_the_article_follows_the_kind() -> None:
    with pytest.raises(InvalidValue) as caught:
        build_fact("statement", {})
    assert caught.value.reason == "is missing: a statement needs a speaker"


def test_an_unknown_field_is_refused_naming_it_and_the_kind_and_its_fields() -> None:
    with pytest.raises(UnknownField) as caught:
        build_fact("designation", {"designator": "US", "designee": "cartels", "colour": "red"})
    error = caught.value
    assert isinstance(error, InvalidValue)
    assert (error.field, error.value, error.kind) == ("colour", "red", "designation")
    assert error.known == ["designated_as", "designator", "designee"]
    assert str(error) == "designation has no field 'colour' (its fields: designated_as, designator, designee)"
    assert error.message == "designation has no such field (its fields: designated_as, designator, designee)"


def test_a_strike_with_counts() -> None:
    fact = build_fact(
        "strike",
        {
            "by": "United States",
            "theatre": " Caribbean ",
            "vessels": "1",
            "killed": "at least 76",
            "survivors": 2,
            "strikes": "",
            "announced_by": "Pete Hegseth",
        },
    )
    assert fact == Strike(
        by="United States",
        theatre="Caribbean",
        vessels=Count(1),
        killed=Count(76, Qualifier.AT_LEAST),
        survivors=Count(2),
        announced_by="Pete Hegseth",
    )
    assert fact.strikes is None
    assert fact.summary() == "by United States, at least 76 killed, 2 survived, 1 vessel, in the Caribbean"


def test_a_bad_count_is_refused_naming_its_field() -> None:
    with pytest.raises(InvalidValue) as caught:
        build_fact("strike", {"killed": "many"})
    assert (caught.value.field, caught.value.value) == ("killed", "many")
    with pytest.raises(InvalidValue) as caught:
        build_fact("deployment", {"asset": "USS Gerald R. Ford", "personnel": "-4500"})
    assert (caught.value.field, caught.value.value) == ("personnel", "-4500")


@pytest.mark.parametrize(
    ("written", "stance"),
    [("illegal", Stance.ILLEGAL), ("Lawful", Stance.LAWFUL), (" CONCERNED ", Stance.CONCERNED), ("", None)],
)
def test_a_stance_is_read_case_insensitively(written: str, stance: Stance | None) -> None:
    fact = build_fact("statement", {"speaker": "UK", "position": written})
    assert isinstance(fact, Statement)
    assert fact.position is stance


def test_an_unknown_stance_is_refused_naming_the_choices() -> None:
    with pytest.raises(InvalidValue) as caught:
        build_fact("legal-opinion", {"author": "OLC", "position": "dubious"})
    assert (caught.value.field, caught.value.value) == ("position", "dubious")
    assert caught.value.reason == (
        "is not a position (one of illegal, lawful, concerned, distanced, supportive, opposed, other)"
    )


def test_actor_lists_read_from_text_or_lists() -> None:
    from_text = build_fact("deployment", {"asset": "Ford CSG", "components": "USS Gerald R. Ford; ; CVW-8"})
    from_list = build_fact("deployment", {"asset": "Ford CSG", "components": ["USS Gerald R. Ford", "CVW-8"]})
    assert isinstance(from_text, Deployment)
    assert from_text.components == ("USS Gerald R. Ford", "CVW-8")
    assert from_text == from_list


def test_texts_write_each_field_in_the_form_it_reads_back() -> None:
    fact = build_fact(
        "deployment",
        {"asset": "Ford CSG", "components": ["USS Gerald R. Ford", "CVW-8"], "personnel": "more than 4,500"},
    )
    assert fact.texts() == {
        "asset": "Ford CSG",
        "components": "USS Gerald R. Ford; CVW-8",
        "personnel": "more than 4,500",
        "region": None,
    }
    assert build_fact("deployment", fact.texts()) == fact


# -- who takes part ---------------------------------------------------------------------------------


def test_parties_name_each_actor_with_its_role() -> None:
    pause = build_fact("intelligence-pause", {"provider": "UK", "recipient": "US", "scope": "boats"})
    assert list(pause.parties()) == [("UK", "provider"), ("US", "recipient")]
    sharing = build_fact("intelligence-sharing", {"provider": "UK", "recipient": "US", "via": "JIATF-South"})
    assert list(sharing.parties()) == [("UK", "provider"), ("US", "recipient"), ("JIATF-South", "channel")]
    strike = build_fact("strike", {"by": "US", "theatre": "Caribbean", "announced_by": "Hegseth"})
    assert list(strike.parties()) == [("US", "striking"), ("Hegseth", "announcing")]
    deployment = build_fact("deployment", {"asset": "Ford CSG", "components": "USS Gerald R. Ford; CVW-8"})
    assert list(deployment.parties()) == [
        ("Ford CSG", "deployed"),
        ("USS Gerald R. Ford", "component"),
        ("CVW-8", "component"),
    ]
    assert list(build_fact("strike", {}).parties()) == []


def test_with_actors_canonicalises_every_actor_field_and_only_those() -> None:
    canonical = {"UK": "United Kingdom", "US": "United States", "Ford": "USS Gerald R. Ford"}.get
    pause = build_fact("intelligence-pause", {"provider": "UK", "recipient": "US", "scope": "UK"})
    assert pause.with_actors(lambda n: canonical(n, n)) == IntelligencePause(
        provider="United Kingdom", recipient="United States", scope="UK"
    )
    deployment = build_fact(
        "withdrawal", {"asset": "Ford CSG", "components": "Ford; USS Gerald R. Ford; CVW-8"}
    )
    assert deployment.with_actors(lambda n: canonical(n, n)) == Withdrawal(
        asset="Ford CSG", components=("USS Gerald R. Ford", "CVW-8")
    )


def test_a_fact_is_an_immutable_value() -> None:
    fact = build_fact("resignation-offer", {"person": "Alvin Holsey", "post": "SOUTHCOM commander"})
    assert fact == ResignationOffer(person="Alvin Holsey", post="SOUTHCOM commander")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fact.person = "someone else"  # type: ignore[misc]


# -- kinds outside the typed set ------------------------------------------------------------------


def test_an_unknown_kind_becomes_a_development_with_its_label() -> None:
    fact = build_fact("ceasefire", {})
    assert fact == Development(label="ceasefire")
    assert fact.kind == "development"
    assert fact_kind(fact) == "ceasefire"
    assert fact_kind(build_fact("strike", {})) == "strike"


def test_a_development_refuses_fields_it_does_not_have() -> None:
    with pytest.raises(UnknownField) as caught:
        build_fact("ceasefire", {"provider": "UK"})
    assert (caught.value.field, caught.value.kind) == ("provider", "development")


def test_a_development_recorded_as_such_needs_its_label() -> None:
    with pytest.raises(InvalidValue) as caught:
        build_fact("development", {})
    assert caught.value.field == "label"
    assert build_fact("development", {"label": "sanctions"}) == Development(label="sanctions")


@pytest.mark.parametrize(
    ("written", "label"),
    [
        ("Intelligence Pause", "intelligence-pause"),
        ("intelligence_pause", "intelligence-pause"),
        ("  Strike ", "strike"),
        ("legal   opinion", "legal-opinion"),
        ("search & rescue", "search-&-rescue"),
        ("g7/g20 summit", "g7/g20-summit"),
        ("a" * 60, "a" * 60),
    ],
)
def test_kind_label_normalises_what_people_write(written: str, label: str) -> None:
    assert kind_label(written) == label


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        (None, "is missing: it is required"),
        ("", "is empty: it is required"),
        ("  ", "is empty: it is required"),
        ("<script>", "is not a kind (letters, digits and dashes)"),
        ("-strike", "is not a kind (letters, digits and dashes)"),
        ("strike!", "is not a kind (letters, digits and dashes)"),
        ("a" * 61, "is not a kind (letters, digits and dashes)"),
    ],
)
def test_kind_label_refuses_what_is_not_a_kind(written: str | None, reason: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        kind_label(written)
    assert (caught.value.field, caught.value.value, caught.value.reason) == ("kind", written, reason)


# -- summaries --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fact", "summary"),
    [
        (
            IntelligencePause(provider="UK", recipient="US", scope="suspected drug boats"),
            "UK → US on suspected drug boats",
        ),
        (IntelligencePause(provider="UK", recipient="US"), "UK → US"),
        (
            IntelligencePause(provider="UK", recipient="US", reason="complicity"),
            "UK → US — why: complicity",
        ),
        (Strike(by="US", killed=Count(76, Qualifier.AT_LEAST)), "by US, at least 76 killed"),
        (
            ResignationOffer(person="Alvin Holsey", post="commander", offered_to="Pete Hegseth"),
            "Alvin Holsey offered to resign as commander, to Pete Hegseth",
        ),
        (
            Deployment(asset="Ford CSG", personnel=Count(4500, Qualifier.MORE_THAN), region="Caribbean"),
            "Ford CSG to Caribbean; more than 4,500 personnel",
        ),
        (
            Statement(speaker="UK", position=Stance.ILLEGAL, about="the strikes"),
            "UK holds the strikes illegal",
        ),
        (
            Statement(speaker="UK", about="the strikes", quote="We are concerned"),
            "UK on the strikes — “We are concerned”",
        ),
        (
            Designation(designator="US", designee="cartels", designated_as="foreign terrorist groups"),
            "US designates cartels as foreign terrorist groups",
        ),
        (
            LegalOpinion(author="OLC", classification="classified", position=Stance.LAWFUL),
            "OLC, classified — holds it lawful",
        ),
        (Strike(vessels=Count(3)), "3 vessels"),
    ],
)
def test_summary(fact: Fact, summary: str) -> None:
    assert fact.summary() == summary


@pytest.mark.parametrize(
    ("kind", "near"),
    [
        ("strik", ["strike"]),
        ("statment", ["statement"]),
        ("intel-pause", ["intelligence-pause"]),
        ("strike", []),
        ("authorization", []),
        ("protests", []),
    ],
)
def test_a_kind_almost_spelled_like_a_known_one_is_named(kind: str, near: list[str]) -> None:
    assert near_kinds(kind) == near
