"""Synthetic stores for measurement: a realistic mix of kinds, actors, fuzzy dates, report
dates and corrections, written as the spreadsheet CSV that `storyline import` reads."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

HEADER = [
    "id",
    "date",
    "date_precision",
    "kind",
    "title",
    "actors",
    "location",
    "killed",
    "survivors",
    "vessels",
    "source",
    "url",
    "notes",
    "reported",
    "corrects",
    "provider",
    "recipient",
    "speaker",
    "position",
    "about",
    "asset",
    "region",
]
START = date(2022, 1, 1)
SPAN_DAYS = 4 * 365
STATES = [
    "United States",
    "United Kingdom",
    "Canada",
    "Venezuela",
    "Colombia",
    "Mexico",
    "Netherlands",
    "France",
]
GROUPS = [f"Armed group {n}" for n in range(40)]
OUTLETS = ["CNN", "Reuters", "AP", "BBC", "Al Jazeera", "El País", "The Guardian"]
KINDS = [
    ("strike", 40),
    ("protest", 20),
    ("statement", 15),
    ("deployment", 8),
    ("intelligence-pause", 3),
    ("intelligence-sharing", 3),
    ("battle", 11),
]


def _date(rng: random.Random) -> tuple[str, date]:
    day = START + timedelta(days=rng.randrange(SPAN_DAYS))
    form = rng.random()
    if form < 0.7:
        return day.isoformat(), day
    if form < 0.85:
        return f"{day:%Y-%m}", day
    if form < 0.93:
        end = day + timedelta(days=rng.randrange(1, 20))
        return f"{day.isoformat()}/{end.isoformat()}", end
    if form < 0.97:
        return f"~{day.isoformat()}", day + timedelta(days=7)
    return f"before {day.isoformat()}", day


def rows(count: int, seed: int = 7) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    kinds = [k for k, weight in KINDS for _ in range(weight)]
    for n in range(count):
        text, latest = _date(rng)
        kind = rng.choice(kinds)
        reported = latest + timedelta(days=rng.randrange(0, 10))
        a, b = rng.sample(STATES, 2)
        row = dict.fromkeys(HEADER, "")
        row |= {
            "id": f"e{n}",
            "date": text,
            "kind": kind,
            "title": f"{kind.replace('-', ' ').capitalize()} number {n} involving {a}",
            "actors": f"{a};{rng.choice(GROUPS)}",
            "location": rng.choice(["Caribbean", "Pacific", "Caracas", "Bogotá", "Border area"]),
            "source": rng.choice(OUTLETS),
            "reported": reported.isoformat(),
        }
        if kind in ("strike", "battle"):
            row["killed"] = rng.choice(["0", "1", "2", "3", "at least 4", "about 10", "6"])
        if kind == "strike":
            row["vessels"] = rng.choice(["1", "1", "2"])
            row["survivors"] = rng.choice(["0", "0", "1"])
        if kind.startswith("intelligence"):
            row |= {"provider": a, "recipient": b, "actors": ""}
        if kind == "statement":
            row |= {
                "speaker": a,
                "position": rng.choice(["illegal", "lawful", "concerned"]),
                "about": "the strikes",
                "actors": "",
            }
        if kind == "deployment":
            row |= {"asset": f"Task group {rng.randrange(30)}", "region": "Caribbean", "actors": ""}
        yield row
        if rng.random() < 0.05 and kind in ("strike", "battle"):
            fix = dict.fromkeys(HEADER, "")
            fix |= {
                "id": f"e{n}-fix",
                "corrects": f"e{n}",
                "killed": str(rng.randrange(0, 12)),
                "source": rng.choice(OUTLETS),
                "reported": (reported + timedelta(days=rng.randrange(1, 30))).isoformat(),
            }
            yield fix


def write_csv(path: Path, count: int, seed: int = 7) -> int:
    """Write `count` entries (plus about 2% correction rows); returns the number of rows."""
    written = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        for row in rows(count, seed):
            writer.writerow(row)
            written += 1
    return written
