"""Plain text fields. Kept exactly as given (escaping is the job of whoever shows it),
only trimmed, and refused when a required one is empty."""

from __future__ import annotations

import re

from .errors import InvalidValue

# Characters a reader cannot see for what they are: C0 and C1 controls, DEL, bidi overrides and
# isolates, zero-width and other invisible format characters. The terminal, HTML and Markdown
# show them (cli/safe_text.py), JSON escapes them, links percent-encode them, and a URL refuses
# them: one list, so every one of those agrees on what is dangerous.
INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)

MAX_TEXT = 100_000  # characters in one field: far beyond any title, quote or note


def _clean(field: str, value: object) -> str:
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise InvalidValue(
            field, f"{text[:40]}…", f"is {len(text):,} characters long: at most {MAX_TEXT:,} are kept"
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a JSON "\ud800": no store could keep it
        raise InvalidValue(field, text[:40], "is not valid text (it holds half of a character)") from None
    return text


def required_text(field: str, value: object) -> str:
    if value is None or isinstance(value, bool | dict | list | tuple):
        raise InvalidValue(field, value, "is missing: it is required")
    text = _clean(field, value)
    if not text:
        raise InvalidValue(field, value, "is empty: it is required")
    return text


def optional_text(field: str, value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool | dict | list | tuple):
        raise InvalidValue(field, value, "is not text")
    return _clean(field, value) or None


def text_list(field: str, value: object) -> tuple[str, ...]:
    """A list given as a list, or as text separated by `;` (the spreadsheet form)."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[object] = list(value.split(";"))
    elif isinstance(value, list | tuple):
        items = list(value)
        for item in items:
            if isinstance(item, str) and ";" in item:
                # `;` separates names in spreadsheets and corrections: inside one it would split it.
                raise InvalidValue(field, item, "contains ';', which separates names: write them as two")
    else:
        raise InvalidValue(field, value, "is not a list")
    result = []
    for item in items:
        text = optional_text(field, item)
        if text and text not in result:
            result.append(text)
    return tuple(result)
