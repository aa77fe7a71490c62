"""Who said so: the outlet, where, when it was published, and how it was attributed."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from urllib.parse import urlsplit

import attrs

from .errors import InvalidValue
from .memo import memoized
from .text import INVISIBLE, optional_text, required_text


class SourceStatus(StrEnum):
    """How far a source vouches for what it says; the strongest source sets an entry's status."""

    CONFIRMED = "confirmed"
    REPORTED = "reported"
    CLAIMED = "claimed"
    DISPUTED = "disputed"


STATUS_STRENGTH = [SourceStatus.CONFIRMED, SourceStatus.REPORTED, SourceStatus.CLAIMED, SourceStatus.DISPUTED]


def _url(value: str | None) -> str | None:
    value = optional_text("url", value)
    if value is None:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:  # "http://[" and the like
        raise InvalidValue("url", value, "is not a web address") from None
    # Only web links: a `javascript:` or `file:` link in a shared timeline is an attack.
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidValue("url", value, "is not a web address (http:// or https://)")
    return value


def checked_url(value: str | None) -> str | None:
    """A URL as input must be: an absolute http(s) address with no whitespace or control
    character in it. `Source` itself takes what stores written before this check may hold (so
    they still decode); every way in — files, `record`, `correct` — goes through here."""
    value = _url(value)
    if value is None:
        return None
    # urlsplit quietly drops tabs and line breaks and strips leading controls, so a link it
    # accepts may still hold them: a line break in a link is how Markdown and HTML get injected.
    unseen = next((ch for ch in value if ch.isspace() or INVISIBLE.match(ch)), None)
    if unseen is not None:
        raise InvalidValue(
            "url",
            value,
            f"is not a web address: it holds whitespace or a control character (U+{ord(unseen):04X})",
        )
    return value


def _status(value: str | SourceStatus) -> SourceStatus:
    try:
        return SourceStatus(str(value).strip().lower())
    except ValueError:
        raise InvalidValue(
            "status", value, f"is not a status (one of {', '.join(s.value for s in SourceStatus)})"
        ) from None


def _outlet(value: object) -> str:
    return required_text("source", value)


def _attribution(value: object) -> str | None:
    return optional_text("attribution", value)


@attrs.frozen(cache_hash=True)
class Source:
    outlet: str = attrs.field(converter=_outlet)
    url: str | None = attrs.field(default=None, converter=_url)
    published: date | None = None
    attribution: str | None = attrs.field(default=None, converter=_attribution)
    status: SourceStatus = attrs.field(default=SourceStatus.REPORTED, converter=_status)

    @classmethod
    @memoized
    def given(
        cls,
        outlet: object,
        url: str | None = None,
        published: date | None = None,
        attribution: object = None,
        status: str | SourceStatus = SourceStatus.REPORTED,
    ) -> Source:
        """A source as a user gives it, its URL checked as input must be (`checked_url`)."""
        return cls(outlet, checked_url(url), published, attribution, status)

    @property
    def identity(self) -> tuple[str, str | None, str | None]:
        """What makes two mentions the same source: a new publication date is the same source."""
        return (self.outlet.casefold(), self.url, self.attribution)

    @property
    def text(self) -> str:
        when = f", {self.published.day} {self.published:%b %Y}" if self.published else ""
        return f"{self.outlet}{when}"


def strongest_status(sources: tuple[Source, ...]) -> SourceStatus:
    if not sources:
        return SourceStatus.REPORTED
    return min((s.status for s in sources), key=STATUS_STRENGTH.index)
