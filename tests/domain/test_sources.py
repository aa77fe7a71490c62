"""Sources: who said so, where, when, and how far they vouch for it."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.domain import InvalidValue, Source, SourceStatus
from storyline.domain.sources import strongest_status

CNN_URL = "https://edition.cnn.com/2025/11/11/world/uk-intelligence-caribbean"


def test_a_full_source() -> None:
    source = Source(
        " CNN ", CNN_URL, date(2025, 11, 11), " sources familiar with the matter told CNN ", "Confirmed"
    )
    assert source.outlet == "CNN"
    assert source.url == CNN_URL
    assert source.published == date(2025, 11, 11)
    assert source.attribution == "sources familiar with the matter told CNN"
    assert source.status is SourceStatus.CONFIRMED
    assert source.text == "CNN, 11 Nov 2025"


def test_defaults() -> None:
    source = Source("Reuters")
    assert (source.url, source.published, source.attribution) == (None, None, None)
    assert source.status is SourceStatus.REPORTED
    assert source.text == "Reuters"


@pytest.mark.parametrize(
    "url", ["http://example.org/a", "https://example.org", "HTTPS://EXAMPLE.ORG/x?y=1#z"]
)
def test_web_links_are_accepted(url: str) -> None:
    assert Source("CNN", url).url == url


@pytest.mark.parametrize("url", [None, "", "   "])
def test_a_blank_link_is_no_link(url: str | None) -> None:
    assert Source("CNN", url).url is None


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://example.org/file",
        "http://",
        "https:/example.org",
        "example.org",
        "//example.org/path",
    ],
)
def test_anything_but_a_web_link_is_refused(url: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        Source("CNN", url)
    assert caught.value.field == "url"
    assert caught.value.value == url.strip()
    assert caught.value.reason == "is not a web address (http:// or https://)"


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("confirmed", SourceStatus.CONFIRMED),
        ("Reported", SourceStatus.REPORTED),
        (" CLAIMED ", SourceStatus.CLAIMED),
        ("disputed", SourceStatus.DISPUTED),
        (SourceStatus.DISPUTED, SourceStatus.DISPUTED),
    ],
)
def test_status_values(written: str, status: SourceStatus) -> None:
    assert Source("CNN", status=written).status is status


def test_an_unknown_status_is_refused_naming_the_choices() -> None:
    with pytest.raises(InvalidValue) as caught:
        Source("CNN", status="rumoured")
    assert (caught.value.field, caught.value.value) == ("status", "rumoured")
    assert (
        str(caught.value)
        == "status: 'rumoured' is not a status (one of confirmed, reported, claimed, disputed)"
    )


@pytest.mark.parametrize("outlet", [None, "", "  "])
def test_an_outlet_is_required(outlet: str | None) -> None:
    with pytest.raises(InvalidValue) as caught:
        Source(outlet)  # type: ignore[arg-type]
    assert caught.value.field == "source"


def test_identity_ignores_case_of_the_outlet_and_the_publication_date() -> None:
    first = Source("CNN", CNN_URL, date(2025, 11, 11), "sources told CNN")
    updated = Source("cnn", CNN_URL, date(2025, 11, 12), "sources told CNN", "confirmed")
    assert first.identity == updated.identity == ("cnn", CNN_URL, "sources told CNN")
    assert first != updated


def test_identity_differs_by_link_or_attribution() -> None:
    base = Source("CNN", CNN_URL, attribution="sources told CNN")
    assert Source("CNN", "https://cnn.com/other", attribution="sources told CNN").identity != base.identity
    assert Source("CNN", CNN_URL, attribution="a US official").identity != base.identity


def test_sources_are_values() -> None:
    assert Source("CNN", CNN_URL, date(2025, 11, 11)) == Source("CNN ", CNN_URL, date(2025, 11, 11))
    assert hash(Source("CNN")) == hash(Source("CNN"))


def test_the_strongest_status_wins() -> None:
    sources = (Source("A", status="claimed"), Source("B", status="disputed"), Source("C", status="reported"))
    assert strongest_status(sources) is SourceStatus.REPORTED
    assert strongest_status((*sources, Source("D", status="confirmed"))) is SourceStatus.CONFIRMED
    assert strongest_status((Source("A", status="disputed"),)) is SourceStatus.DISPUTED
    assert strongest_status(()) is SourceStatus.REPORTED
