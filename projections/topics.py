"""What a situation report follows, and under which key: each entry of a situation kind belongs
to one topic (a relation, a force, a stance, an open matter) and one key within it.

The report's state for a key depends only on the key's last entry certain by the day and the
possible ones after it, so the timeline stores the topic and key with each row and a report
walks back from the day, key by key, instead of reading every entry.
"""

from __future__ import annotations

from typing import Any

from storyline.domain import SHARING_KINDS

TOPICS = ("relation", "force", "stance", "matter")
FORCE_KINDS = ("deployment", "withdrawal")
STANCE_KINDS = ("statement", "legal-opinion")
MATTER_KINDS = ("resignation-offer",)
SITUATION_KINDS = (*SHARING_KINDS, *FORCE_KINDS, *STANCE_KINDS, *MATTER_KINDS)
SEP = "\x1f"


def fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def topic_of(entry_id: str, kind: str, details: dict[str, Any]) -> tuple[str, str] | None:
    """(topic, key) of an entry as shown, or None when it is in no situation report."""
    if kind in SHARING_KINDS:
        return "relation", SEP.join((details["provider"], details["recipient"], fold(details.get("scope"))))
    if kind in FORCE_KINDS:
        return "force", SEP.join((details["asset"], details.get("region") or ""))
    if kind in STANCE_KINDS and details.get("position"):
        holder = details.get("speaker") or details.get("author") or ""
        return "stance", SEP.join((holder, details.get("about") or "—"))
    if kind in MATTER_KINDS:
        return "matter", entry_id
    return None


def topic_of_body(body: dict[str, Any]) -> tuple[str, str] | None:
    return topic_of(body["id"], body["kind"], body["details"])
