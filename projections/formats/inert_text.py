"""Text from records and files is untrusted: this is the one place it is made inert, for every
output — the terminal (cli/safe_text.py wraps it for rich), HTML, Markdown, CSV, TimelineJS, JSON.

Control characters are shown, not obeyed: C0 controls as their Unicode control pictures
(␛, ␇, ␊), DEL as ␡, and C1 controls, bidi overrides, zero-width and other invisible format
characters as <U+XXXX>. JSON keeps the text exact, with those characters as \\uXXXX escapes.
Links are web addresses only, percent-encoded.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, urlsplit

from storyline.domain.text import INVISIBLE as _INVISIBLE


def _show(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def visible(text: object) -> str:
    """The text with every control and invisible format character made visible."""
    return _INVISIBLE.sub(_show, "" if text is None else str(text))


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":  # json.dumps escapes every control inside a string: this one is layout
        return char
    code = ord(char)
    if code > 0xFFFF:  # JSON spells a character beyond the BMP as its UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def inert_json(data: Any, indent: int | None = 2) -> str:
    """JSON that stays raw and valid — it decodes to exactly the record's text — and whose
    bytes are inert in a terminal: json.dumps escapes C0 controls but writes DEL, C1 controls
    and bidi overrides as they are, so those are written as \\uXXXX escapes too. Outside
    strings JSON holds nothing but structure and layout, so every one of them is in a string."""
    return _INVISIBLE.sub(_json_escape, json.dumps(data, ensure_ascii=False, indent=indent))


# In a link target: anything invisible, any whitespace, and what ends or escapes a target in
# HTML or Markdown (angle brackets, double quote, backslash, backtick).
_UNSAFE_IN_LINK = re.compile(f'(?:{_INVISIBLE.pattern})|[\\s<>"\\\\`]')


def link_target(url: object) -> str | None:
    """A source's URL as a link target any export can write: every unsafe character
    percent-encoded (as a browser would send it), and only an absolute http(s) address; None
    for anything else, which is shown as text and never linked. Stores written before URLs
    were checked at input may hold a line break or an escape sequence in one."""
    if url is None or not str(url).strip():
        return None
    encoded = _UNSAFE_IN_LINK.sub(lambda m: quote(m.group(), safe=""), str(url).strip())
    try:
        parts = urlsplit(encoded)
    except ValueError:  # "http://[" and the like
        return None
    return encoded if parts.scheme in ("http", "https") and parts.netloc else None
