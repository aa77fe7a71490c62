"""Situation reports: the state of the world on a day, and what changed between two days.

Everything here is a fold of timeline rows in timeline order, as of a day: tallies (strikes,
killed, survivors, vessels), intelligence-sharing relations, forces deployed, stances on
matters, and open matters such as a resignation offered. Entries certain to have happened by
the day count; those whose fuzzy dates straddle it are reported apart, as possible.

The tracked tallies (`tally_deltas`, kept by the timeline projection) give the same numbers
without reading every row; `tally_rows` here is the reference they are tested against.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from storyline.domain import Count, Occurrence

from .relations import relations
from .tallies import METRICS, Tally, counted
from .timeline import EntryRow
from .topics import FORCE_KINDS, MATTER_KINDS, SITUATION_KINDS, STANCE_KINDS

__all__ = ["SITUATION_KINDS", "changes_between", "situation", "tally_rows"]


def tally_rows(rows: Iterable[EntryRow], as_of: date) -> tuple[dict[str, Count], dict[str, Count]]:
    """(certain, possible) tallies as of the end of `as_of`, from timeline rows."""
    certain, possible = Tally(), Tally()
    for row in rows:
        occurrence = row.occurrence(as_of)
        if occurrence is Occurrence.CERTAIN:
            certain.add(counted(row.body))
        elif occurrence is Occurrence.POSSIBLE:
            possible.add(counted(row.body))
    return certain.counts(), possible.counts()


def tallies_json(certain: dict[str, Count], possible: dict[str, Count]) -> dict[str, Any]:
    return {
        **{metric: count.value for metric, count in certain.items()},
        "text": {metric: count.text for metric, count in certain.items()},
        "possible": {
            **{metric: count.value for metric, count in possible.items()},
            "text": {metric: count.text for metric, count in possible.items()},
        },
    }


def _since(row: EntryRow) -> dict[str, Any]:
    return row.body["occurred"]


def deployments(rows: Sequence[EntryRow], as_of: date) -> list[dict[str, Any]]:
    """Forces in place on the day: deployed and not withdrawn, by asset and region."""
    present: dict[tuple[str, str | None], dict[str, Any]] = {}
    for row in rows:
        if row.kind not in FORCE_KINDS:
            continue
        occurrence = row.occurrence(as_of)
        if occurrence is Occurrence.NOT_YET:
            continue
        details = row.body["details"]
        key = (details["asset"], details.get("region"))
        certain = occurrence is Occurrence.CERTAIN
        if row.kind == "deployment":
            if certain or key not in present:
                present[key] = {
                    "asset": key[0],
                    "region": key[1],
                    "since": _since(row),
                    "status": "deployed" if certain else "possibly deployed",
                    "components": details.get("components", []),
                    "personnel": details.get("personnel", {}).get("text")
                    if details.get("personnel")
                    else None,
                    "entry": row.body["key"],
                }
        elif certain:
            present.pop(key, None)
        elif key in present:
            present[key]["status"] = "possibly withdrawn"
    return sorted(present.values(), key=lambda d: (d["region"] or "", d["asset"]))


def stances(rows: Sequence[EntryRow], as_of: date) -> list[dict[str, Any]]:
    """Who holds what position on which matter, the latest statement of each actor winning."""
    held: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        if row.kind not in STANCE_KINDS:
            continue
        details = row.body["details"]
        position = details.get("position")
        occurrence = row.occurrence(as_of)
        if position is None or occurrence is Occurrence.NOT_YET:
            continue
        actor = details.get("speaker") or details.get("author")
        about = details.get("about") or "—"
        held[(about, actor)] = {
            "actor": actor,
            "about": about,
            "position": position,
            "quote": details.get("quote"),
            "since": _since(row),
            "certain": occurrence is Occurrence.CERTAIN,
            "entry": row.body["key"],
        }
    return sorted(held.values(), key=lambda s: (s["about"], s["position"], s["actor"]))


def open_matters(rows: Sequence[EntryRow], as_of: date) -> list[dict[str, Any]]:
    """Matters raised and not settled in the record: a resignation offered."""
    matters = []
    for row in rows:
        if row.kind not in MATTER_KINDS:
            continue
        occurrence = row.occurrence(as_of)
        if occurrence is Occurrence.NOT_YET:
            continue
        matters.append(
            {
                "kind": row.kind,
                "title": row.body["title"],
                "summary": row.body["summary"],
                "since": _since(row),
                "certain": occurrence is Occurrence.CERTAIN,
                "entry": row.body["key"],
            }
        )
    return matters


def situation(
    as_of: date,
    tallies: tuple[dict[str, Count], dict[str, Count]],
    situation_rows: Sequence[EntryRow],
) -> dict[str, Any]:
    """The report's body from the tallies and the rows of the situation's kinds."""
    return {
        "tallies": tallies_json(*tallies),
        "relations": [
            {key: r[key] for key in ("provider", "recipient", "scope", "status", "since", "entry")}
            for r in relations(situation_rows, as_of)
        ],
        "deployments": deployments(situation_rows, as_of),
        "stances": stances(situation_rows, as_of),
        "open_matters": open_matters(situation_rows, as_of),
    }


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What a situation report gained or lost from one day to another."""
    old_relations = {(r["provider"], r["recipient"], r["scope"]): r for r in before["relations"]}
    relation_changes = []
    for relation in after["relations"]:
        key = (relation["provider"], relation["recipient"], relation["scope"])
        was = old_relations.get(key, {}).get("status")
        if was != relation["status"]:
            relation_changes.append(
                {
                    "provider": key[0],
                    "recipient": key[1],
                    "scope": key[2],
                    "from": was,
                    "to": relation["status"],
                    "since": relation["since"],
                }
            )
    deltas = {
        metric: after["tallies"][metric] - before["tallies"][metric]
        for metric in METRICS
        if after["tallies"][metric] != before["tallies"][metric]
    }
    old_forces = {(d["asset"], d["region"]): d["status"] for d in before["deployments"]}
    new_forces = {(d["asset"], d["region"]): d["status"] for d in after["deployments"]}
    force_changes = [
        {"asset": asset, "region": region, "from": old_forces.get((asset, region)), "to": status}
        for (asset, region), status in new_forces.items()
        if old_forces.get((asset, region)) != status
    ] + [
        {"asset": asset, "region": region, "from": status, "to": None}
        for (asset, region), status in old_forces.items()
        if (asset, region) not in new_forces
    ]
    return {"relations": relation_changes, "tallies": deltas, "deployments": force_changes}
