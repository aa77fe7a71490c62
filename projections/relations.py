"""Intelligence-sharing relations between pairs of actors, as of a day.

A relation exists from its recorded baseline (sharing in place) and changes with each pause,
resumption or restriction. While a change's fuzzy date straddles the day, the relation is only
*possibly* changed, and says so ("possibly paused") instead of guessing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from storyline.domain import SHARING_KINDS, Occurrence

from .timeline import EntryRow

STATUS_AFTER = {
    "intelligence-sharing": "active",
    "intelligence-pause": "paused",
    "intelligence-resumption": "active",
    "intelligence-restriction": "restricted",
}


def relations(rows: Sequence[EntryRow], as_of: date | None) -> list[dict[str, Any]]:
    """Relations from timeline rows in timeline order (earliest possible day, then position).

    A relation is a provider, a recipient and a scope ("suspected drug-trafficking vessels"):
    Canada can coordinate with the Coast Guard while restricting intelligence on targets. A
    change that names no scope applies to every relation of its pair.
    """
    state: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        if row.kind not in SHARING_KINDS:
            continue
        occurrence = row.occurrence(as_of)
        if occurrence is Occurrence.NOT_YET:
            continue
        details = row.body["details"]
        pair = (details["provider"], details["recipient"])
        scope = details.get("scope")
        if scope:
            keys = [(*pair, " ".join(scope.split()).casefold())]
        else:
            keys = [key for key in state if key[:2] == pair] or [(*pair, "")]
        status = STATUS_AFTER[row.kind]
        for key in keys:
            current = state.setdefault(
                key, {"status": None, "since": None, "scope": scope, "possible": None, "entries": []}
            )
            current["entries"].append(row.body["key"])
            if occurrence is Occurrence.CERTAIN:
                current.update(status=status, since=row.body["occurred"], possible=None)
            else:
                current["possible"] = (status, row.body["occurred"])
    result = []
    for (provider, recipient, _), current in state.items():
        status, since = current["status"], current["since"]
        possible = current["possible"]
        if possible is not None and possible[0] != status:
            status, since = f"possibly {possible[0]}", possible[1]
        result.append(
            {
                "provider": provider,
                "recipient": recipient,
                "scope": current["scope"],
                "status": status,
                "since": since,
                "entries": current["entries"],
            }
        )
    return sorted(result, key=lambda r: (r["provider"], r["recipient"], r["scope"] or ""))
