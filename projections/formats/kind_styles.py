"""How each kind looks, everywhere: a glyph (never colour alone: colour disappears under
NO_COLOR, on a printout, or to a reader who cannot tell red from green), the terminal's colour,
and the colour of the HTML report. A kind outside the typed set is drawn as "other"."""

from __future__ import annotations

import attrs


@attrs.frozen
class KindStyle:
    glyph: str
    terminal: str  # a rich style
    web: str  # a CSS colour


KIND_STYLES: dict[str, KindStyle] = {
    "strike": KindStyle("✹", "bold red", "#b3261e"),
    "intelligence-sharing": KindStyle("⇄", "green", "#2e7d4f"),
    "intelligence-pause": KindStyle("‖", "bold yellow", "#c98a00"),
    "intelligence-resumption": KindStyle("↻", "green", "#2e7d4f"),
    "intelligence-restriction": KindStyle("⊘", "yellow", "#d9640f"),
    "resignation-offer": KindStyle("✎", "magenta", "#7b3fa0"),
    "deployment": KindStyle("➤", "blue", "#2362a8"),
    "withdrawal": KindStyle("↩", "cyan", "#138a9e"),
    "statement": KindStyle("❝", "bright_white", "#4a4a4a"),
    "designation": KindStyle("⚑", "bright_red", "#9c2f26"),
    "legal-opinion": KindStyle("§", "cyan", "#0f7b80"),
}
OTHER = KindStyle("•", "white", "#6f7a80")


def kind_style(kind: str) -> KindStyle:
    return KIND_STYLES.get(kind, OTHER)
