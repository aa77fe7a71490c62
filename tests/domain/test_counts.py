"""Counts as reported: "at least 76 killed", "more than 4,500 sailors and Marines"."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.domain import Count, InvalidValue, Qualifier
from storyline.domain.counts import bound_flags, from_flags, total

from .strategies import counts

EXACT, AT_LEAST, MORE_THAN = Qualifier.EXACT, Qualifier.AT_LEAST, Qualifier.MORE_THAN
ABOUT, AT_MOST, FEWER_THAN = Qualifier.ABOUT, Qualifier.AT_MOST, Qualifier.FEWER_THAN


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("76", Count(76)),
        ("0", Count(0)),
        (" 76 ", Count(76)),
        ("4,500", Count(4500)),
        ("1,000,000", Count(1_000_000)),
        ("at least 76", Count(76, AT_LEAST)),
        ("At Least 76", Count(76, AT_LEAST)),
        ("76+", Count(76, AT_LEAST)),
        ("4,500 +", Count(4500, AT_LEAST)),
        (">=3", Count(3, AT_LEAST)),
        ("more than 4,500", Count(4500, MORE_THAN)),
        ("over 20", Count(20, MORE_THAN)),
        (">3", Count(3, MORE_THAN)),
        ("~30", Count(30, ABOUT)),
        ("about 30", Count(30, ABOUT)),
        ("around 30", Count(30, ABOUT)),
        ("some 30", Count(30, ABOUT)),
        ("up to 5", Count(5, AT_MOST)),
        ("at most 5", Count(5, AT_MOST)),
        ("<=5", Count(5, AT_MOST)),
        ("fewer than 10", Count(10, FEWER_THAN)),
        ("less than 10", Count(10, FEWER_THAN)),
        ("<10", Count(10, FEWER_THAN)),
        (76, Count(76)),
        (0, Count(0)),
    ],
)
def test_parse_reads_numbers_and_their_qualifiers(raw: object, expected: Count) -> None:
    assert Count.parse(raw) == expected


def test_parse_passes_a_count_through() -> None:
    count = Count(76, AT_LEAST)
    assert Count.parse(count) is count


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("-3", "is negative: a count is zero or more"),
        ("- 3", "is negative: a count is zero or more"),
        ("at least -3", "is negative: a count is zero or more"),
        (-1, "is negative: a count is zero or more"),
        ("many", 'is not a count (write 76, "at least 76" or "76+")'),
        ("", 'is not a count (write 76, "at least 76" or "76+")'),
        ("7.5", 'is not a count (write 76, "at least 76" or "76+")'),
        ("4,50", 'is not a count (write 76, "at least 76" or "76+")'),
        ("1,0000", 'is not a count (write 76, "at least 76" or "76+")'),
        ("about", 'is not a count (write 76, "at least 76" or "76+")'),
        ("at least 76+", 'is not a count (write 76, "at least 76" or "76+")'),
        (7.0, 'is not a count (write 76, "at least 76" or "76+")'),
        (True, "is not a count"),
        (False, "is not a count"),
    ],
)
def test_parse_refuses_what_is_not_a_count_naming_field_and_value(raw: object, reason: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        Count.parse(raw, "killed")
    assert caught.value.field == "killed"
    assert caught.value.value == raw
    assert type(caught.value.value) is type(raw)
    assert caught.value.reason == reason


@pytest.mark.parametrize("value", [-1, True, "3", 2.0, None])
def test_a_count_built_directly_must_be_a_whole_number_of_zero_or_more(value: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        Count(value)  # type: ignore[arg-type]
    assert caught.value.field == "count"
    assert caught.value.value is value


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (Count(76), "76"),
        (Count(4500, MORE_THAN), "more than 4,500"),
        (Count(76, AT_LEAST), "at least 76"),
        (Count(30, ABOUT), "about 30"),
        (Count(5, AT_MOST), "at most 5"),
        (Count(10, FEWER_THAN), "fewer than 10"),
        (Count(1_234_567), "1,234,567"),
    ],
)
def test_text(count: Count, text: str) -> None:
    assert count.text == text
    assert str(count) == text


@pytest.mark.parametrize(
    ("a", "b", "qualifier"),
    [
        (EXACT, EXACT, EXACT),
        (EXACT, AT_LEAST, AT_LEAST),
        (MORE_THAN, EXACT, AT_LEAST),  # more than 11, plus 3: at least 14
        (AT_LEAST, AT_LEAST, AT_LEAST),
        (MORE_THAN, MORE_THAN, AT_LEAST),
        (AT_LEAST, MORE_THAN, AT_LEAST),
        (EXACT, AT_MOST, AT_MOST),
        (FEWER_THAN, EXACT, AT_MOST),
        (AT_MOST, FEWER_THAN, AT_MOST),
        (FEWER_THAN, FEWER_THAN, AT_MOST),
        (AT_LEAST, AT_MOST, ABOUT),  # bounds on both sides say nothing either way
        (MORE_THAN, FEWER_THAN, ABOUT),
        (EXACT, ABOUT, ABOUT),
        (ABOUT, AT_LEAST, ABOUT),
        (ABOUT, FEWER_THAN, ABOUT),
        (ABOUT, ABOUT, ABOUT),
    ],
)
def test_a_sum_combines_qualifiers(a: Qualifier, b: Qualifier, qualifier: Qualifier) -> None:
    assert Count(11, a) + Count(3, b) == Count(14, qualifier)
    assert Count(3, b) + Count(11, a) == Count(14, qualifier)


def test_total() -> None:
    assert total([]) == Count(0)
    assert total([Count(11), Count(3), Count(6)]) == Count(20)
    assert total([Count(11), Count(76, AT_LEAST), Count(3)]) == Count(90, AT_LEAST)
    assert total([Count(4500, MORE_THAN)]) == Count(4500, AT_LEAST)
    assert total([Count(5, AT_MOST), Count(76, AT_LEAST)]) == Count(81, ABOUT)


@pytest.mark.parametrize(
    ("count", "flags"),
    [
        (Count(3), (0, 0, 0)),
        (Count(3, AT_LEAST), (1, 0, 0)),
        (Count(3, MORE_THAN), (1, 0, 0)),
        (Count(3, AT_MOST), (0, 1, 0)),
        (Count(3, FEWER_THAN), (0, 1, 0)),
        (Count(3, ABOUT), (0, 0, 1)),
    ],
)
def test_bound_flags(count: Count, flags: tuple[int, int, int]) -> None:
    assert bound_flags(count) == flags


# -- properties -----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(counts)
def test_property_text_round_trips(count: Count) -> None:
    assert Count.parse(count.text) == count


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**9))
def test_property_plain_and_grouped_numbers_read_the_same(number: int) -> None:
    assert Count.parse(str(number)) == Count.parse(f"{number:,}") == Count.parse(number) == Count(number)


def _consistent(actual: int, count: Count) -> bool:
    """Is a true figure of `actual` consistent with having reported `count`?"""
    return {
        EXACT: actual == count.value,
        AT_LEAST: actual >= count.value,
        MORE_THAN: actual > count.value,
        AT_MOST: actual <= count.value,
        FEWER_THAN: actual < count.value,
        ABOUT: True,
    }[count.qualifier]


@settings(max_examples=200, deadline=None)
@given(counts, counts, st.integers(-3, 3), st.integers(-3, 3))
def test_property_a_sum_never_claims_more_than_its_parts(a: Count, b: Count, da: int, db: int) -> None:
    """Whatever true figures lie behind two reported counts, their sum agrees with the summed count."""
    actual_a, actual_b = a.value + da, b.value + db
    if actual_a < 0 or actual_b < 0 or not (_consistent(actual_a, a) and _consistent(actual_b, b)):
        return
    assert _consistent(actual_a + actual_b, a + b)
    assert a + b == b + a


@settings(max_examples=200, deadline=None)
@given(st.lists(counts, max_size=6), st.randoms(use_true_random=False))
def test_property_a_total_is_the_same_in_any_order_and_from_tallied_flags(
    parts: list[Count], rng: random.Random
) -> None:
    shuffled = rng.sample(parts, len(parts))
    assert total(shuffled) == total(parts)
    flags = [bound_flags(c) for c in parts]
    tallied = from_flags(sum(c.value for c in parts), *(sum(f[i] for f in flags) for i in range(3)))
    assert tallied == total(parts)
