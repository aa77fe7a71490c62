"""Plain text fields. Kept exactly as given (escaping is the job of whoever shows it),
only trimmed, and refused when a required one is empty."""

from __future__ import annotations

from .errors import InvalidValue


def required_text(field: str, value: object) -> str:
    if value is None or isinstance(value, bool | dict | list | tuple):
        raise InvalidValue(field, value, "is missing: it is required")
    text = str(value).strip()
    if not text:
        raise InvalidValue(field, value, "is empty: it is required")
    return text


def optional_text(field: str, value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool | dict | list | tuple):
        raise InvalidValue(field, value, "is not text")
    text = str(value).strip()
    return text or None


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
