"""Text from records is untrusted: in the terminal it is shown through the one sanitiser
(projections/formats/inert_text.py) and into rich `Text` objects, never into markup strings.

rich interprets markup in strings and passes most control characters straight through, so an
entry titled "\\x1b]52;c;...\\x07" could write to the user's clipboard, and one titled
"[link=...]" could hide a link.
"""

from __future__ import annotations

from rich.text import Text

from storyline.projections.formats.inert_text import inert_json, visible

__all__ = ["inert_json", "safe", "visible"]


def safe(text: object, style: str = "") -> Text:
    """Record text as a rich Text: shown literally, styled as asked, never interpreted."""
    return Text(visible(text), style=style)
