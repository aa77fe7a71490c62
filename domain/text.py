"""Plain text fields. Kept exactly as given (escaping is the job of whoever shows it),
only trimmed, and refused when a required one is empty."""

from __future__ import annotations

from .errors import InvalidValue

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
