"""Intelligence-sharing relations between pairs of actors, as of a day.

A relation is a provider, a recipient and a scope ("suspected drug-trafficking vessels"):
Canada can coordinate with the Coast Guard while restricting intelligence for targeting. It
exists from its recorded baseline (sharing in place) and changes with each pause, resumption or
restriction of the same scope. While a change's fuzzy date straddles the day, the relation is
only *possibly* changed, and says so ("possibly paused") instead of guessing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from storyline.domain import SHARING_KINDS, Occurrence

from .timeline import EntryRow
from .topics import topic_of_body

STATUS_AFTER = {
    "intelligence-sharing": "active",
    "intelligence-pause": "paused",
    "intelligence-resumption": "active",
    "intelligence-restriction": "restricted",
}


def relations(rows: Sequence[EntryRow], as_of: date | None) -> list[dict[str, Any]]:
    """Relations from timeline rows in timeline order (earliest possible day, then position).

    Per relation, only its last change certain by the day and the possible ones after it
    matter: a later certain change settles what came before.
    """
    state: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.kind not in SHARING_KINDS:
            continue
        occurrence = row.occurrence(as_of)
        if occurrence is Occurrence.NOT_YET:
            continue
        details = row.body["details"]
        _, key = topic_of_body(row.body)  # type: ignore[misc]
        current = state.setdefault(
            key,
            {
                "provider": details["provider"],
                "recipient": details["recipient"],
                "certain": None,
                "possible": None,
            },
        )
        change = {
            "status": STATUS_AFTER[row.kind],
            "since": row.body["occurred"],
            "scope": details.get("scope"),
            "entry": row.body["key"],
        }
        if occurrence is Occurrence.CERTAIN:
            current.update(certain=change, possible=None)
        else:
            current["possible"] = change
    result = []
    for current in state.values():
        certain, possible = current["certain"], current["possible"]
        shown = certain
        if possible is not None and (certain is None or possible["status"] != certain["status"]):
            shown = {**possible, "status": f"possibly {possible['status']}"}
        assert shown is not None
        result.append(
            {
                "provider": current["provider"],
                "recipient": current["recipient"],
                "scope": shown["scope"] or (certain or {}).get("scope"),
                "status": shown["status"],
                "since": shown["since"],
                "entry": shown["entry"],
            }
        )
    return sorted(result, key=lambda r: (r["provider"], r["recipient"], r["scope"] or ""))
