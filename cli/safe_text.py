"""Text from records is untrusted: this is the one place it is made safe for a terminal.

rich interprets markup in strings and passes most control characters straight through, so an
entry titled "\\x1b]52;c;...\\x07" could write to the user's clipboard, and one titled
"[link=...]" could hide a link. Every piece of record text goes through `visible()` and into a
`rich.text.Text`, never into a markup string. Control characters are shown, not obeyed:
C0 controls as their Unicode control pictures (␛, ␇, ␊), DEL as ␡, and C1 controls, bidi
overrides, zero-width and other invisible format characters as <U+XXXX>.
"""

from __future__ import annotations

import re

from rich.text import Text

_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


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


def safe(text: object, style: str = "") -> Text:
    """Record text as a rich Text: shown literally, styled as asked, never interpreted."""
    return Text(visible(text), style=style)
