"""The one-line complaints the domain makes, and the plain-text fields they guard."""

from __future__ import annotations

import pytest

from storyline.domain import DomainError, InvalidValue, UnknownField
from storyline.domain.text import optional_text, required_text, text_list


def test_invalid_value_names_field_and_value() -> None:
    error = InvalidValue("killed", "many", "is not a count")
    assert isinstance(error, DomainError)
    assert (error.field, error.value, error.reason) == ("killed", "many", "is not a count")
    assert error.message == "'many' is not a count"
    assert str(error) == "killed: 'many' is not a count"


@pytest.mark.parametrize("value", [None, ""])
def test_a_missing_value_is_not_quoted(value: object) -> None:
    error = InvalidValue("title", value, "is missing: it is required")
    assert error.message == "is missing: it is required"
    assert str(error) == "title: is missing: it is required"


def test_within_nests_the_field() -> None:
    error = InvalidValue("url", "javascript:x", "is not a web address").within("sources[1]")
    assert (error.field, error.value) == ("sources[1].url", "javascript:x")
    assert str(error) == "sources[1].url: 'javascript:x' is not a web address"


def test_unknown_field_lists_the_known_fields_sorted() -> None:
    error = UnknownField("colour", "red", "strike", ["vessels", "killed", "by"])
    assert isinstance(error, InvalidValue)
    assert (error.field, error.value, error.kind, error.known) == (
        "colour",
        "red",
        "strike",
        ["by", "killed", "vessels"],
    )
    assert str(error) == "strike has no field 'colour' (its fields: by, killed, vessels)"
    assert error.message == "strike has no such field (its fields: by, killed, vessels)"


def test_required_text_is_trimmed_and_refused_when_empty_or_not_text() -> None:
    assert required_text("title", "  A title \n") == "A title"
    assert required_text("title", 42) == "42"
    for value, reason in [
        (None, "is missing: it is required"),
        ("  ", "is empty: it is required"),
        (True, "is missing: it is required"),
        (["a"], "is missing: it is required"),
        ({"a": 1}, "is missing: it is required"),
    ]:
        with pytest.raises(InvalidValue) as caught:
            required_text("title", value)
        assert (caught.value.field, caught.value.value, caught.value.reason) == ("title", value, reason)


def test_optional_text_is_trimmed_to_none() -> None:
    assert optional_text("notes", None) is None
    assert optional_text("notes", "   ") is None
    assert optional_text("notes", " kept <b>as given</b> ") == "kept <b>as given</b>"
    with pytest.raises(InvalidValue) as caught:
        optional_text("notes", ("a",))
    assert (caught.value.field, caught.value.reason) == ("notes", "is not text")


def test_text_list_reads_lists_or_semicolon_text_without_blanks_or_repeats() -> None:
    assert text_list("actors", None) == ()
    assert text_list("actors", "UK; US ;; UK ; ") == ("UK", "US")
    assert text_list("actors", ["UK", " US ", None, "", "UK"]) == ("UK", "US")
    assert text_list("actors", ("UK",)) == ("UK",)
    with pytest.raises(InvalidValue) as caught:
        text_list("actors", 7)
    assert (caught.value.field, caught.value.value, caught.value.reason) == ("actors", 7, "is not a list")
