"""Situation commands: `at` (the state of the world on a day), `diff` (what changed between
two days) and `replay` (step through a story, watching the situation change)."""

from __future__ import annotations

import calendar
import time
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import click
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from storyline.domain.dates import OPEN_FUTURE, OPEN_PAST
from storyline.projections import TimelineQuery, changes_between
from storyline.projections.tallies import METRICS

from .main import Context
from .options import Day, clock_flags, json_option, store_option, story_option
from .output import emit
from .reading import clocks_text
from .render import empty_note, heading, kind_label, relation_lines, timeline_table
from .safe_text import safe

METRIC_NAMES = {"strikes": "strikes", "killed": "killed", "survivors": "survivors", "vessels": "vessels"}


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def tallies_view(tallies: dict[str, Any]) -> Table:
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column("metric", style="bold")
    table.add_column("certain", justify="right")
    table.add_column("possible", style="italic yellow")
    possible = tallies["possible"]
    for metric, label in METRIC_NAMES.items():
        extra = f"and possibly {possible['text'][metric]} more" if possible[metric] else ""
        table.add_row(f"  {label}", tallies["text"][metric], extra)
    return table


def deployments_view(deployments: list[dict[str, Any]]) -> list[Text]:
    lines = []
    for force in deployments:
        line = Text("  ")
        line.append_text(safe(force["asset"], "bold"))
        if force["region"]:
            line.append(" in ")
            line.append_text(safe(force["region"]))
        line.append(f": {force['status']} since ", style="dim")
        line.append_text(safe(force["since"]["text"]))
        if force.get("personnel"):
            line.append(" · ")
            line.append_text(safe(f"{force['personnel']} personnel"))
        lines.append(line)
    return lines


def stances_view(stances: list[dict[str, Any]]) -> list[Text]:
    by_matter: dict[str, dict[str, list[str]]] = {}
    for stance in stances:
        who = stance["actor"] + ("" if stance["certain"] else " (possibly)")
        by_matter.setdefault(stance["about"], {}).setdefault(stance["position"], []).append(who)
    lines = []
    for matter, positions in by_matter.items():
        lines.append(Text("  ") + safe(matter, "italic"))
        for position, actors in positions.items():
            lines.append(Text(f"    {position}: ", style="bold") + safe(", ".join(actors)))
    return lines


def matters_view(matters: list[dict[str, Any]]) -> list[Text]:
    lines = []
    for matter in matters:
        line = Text("  ") + kind_label(matter["kind"]) + Text("  ")
        line.append_text(safe(matter["summary"] or matter["title"]))
        line.append(" · ", style="dim")
        line.append_text(safe(matter["since"]["text"], "dim"))
        if not matter["certain"]:
            line.append(" (possibly)", style="italic yellow")
        lines.append(line)
    return lines


def situation_view(report: dict[str, Any], title: str) -> Group:
    parts: list[RenderableType] = [heading(title), Text("")]
    parts += [heading("Tallies"), tallies_view(report["tallies"]), Text("")]
    parts += [heading("Intelligence sharing")]
    parts += relation_lines(report["relations"]) or [empty_note("  none recorded")]
    parts += [Text(""), heading("Forces deployed")]
    parts += deployments_view(report["deployments"]) or [empty_note("  none recorded")]
    parts += [Text(""), heading("Stances")]
    parts += stances_view(report["stances"]) or [empty_note("  none recorded")]
    parts += [Text(""), heading("Open matters")]
    parts += matters_view(report["open_matters"]) or [empty_note("  none")]
    return Group(*parts)


def _report_json(
    report: dict[str, Any], as_of: date, known_at: date | None, stories: tuple[str, ...]
) -> dict[str, Any]:
    return {
        "as_of": as_of.isoformat(),
        "known_at": known_at.isoformat() if known_at else None,
        "story": stories[0] if len(stories) == 1 else list(stories) or None,
        **report,
    }


@click.command()
@click.argument("day", metavar="DATE", type=Day(), required=False)
@click.option("--as-of", "as_of", type=Day(), metavar="DATE", help="The same as DATE.")
@clock_flags
@story_option
@json_option
@store_option
@click.pass_obj
def at(
    ctx: Context,
    day: date | None,
    as_of: date | None,
    known_at: date | None,
    recorded_before: datetime | None,
    stories: tuple[str, ...],
    as_json: bool,
    store: str | None,
) -> None:
    """The situation at the end of DATE: tallies, intelligence-sharing relations, forces
    deployed, stances and open matters. What only possibly happened by then is shown apart."""
    if day is not None and as_of is not None and day != as_of:
        raise click.BadParameter(f"{day} and --as-of {as_of} disagree: give one", param_hint="DATE")
    day = day or as_of
    if day is None:
        raise click.UsageError("give the DATE to report on (storyline at 2025-11-12)")
    session = ctx.session(store, stories)
    clocks = ctx.clocks(session, day, known_at, recorded_before)
    report = session.views.situation(day, clocks, stories)
    if as_json:
        ctx.write_json(_report_json(report, day, known_at, stories))
        return
    when = clocks_text(clocks, recorded_before)
    emit(ctx.env, situation_view(report, f"Situation {when}  {counted(session.views, stories)}"))


def counted(views: Any, stories: tuple[str, ...]) -> str:
    """Which stories a report adds up: all of them, unless --story narrowed it."""
    names = list(stories) or views.story_names()
    if len(names) == 1:
        return f"in story {names[0]}"
    listed = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"in {len(names)} stories: {listed}" if names else "in no story yet"


def changes_view(changes: dict[str, Any], tallies: dict[str, Any] | None = None) -> list[Text]:
    """`tallies`: the totals after the change, so a delta can say what it adds up to."""
    lines = []
    pairs = Counter((r["provider"], r["recipient"]) for r in changes["relations"])
    for relation in changes["relations"]:
        line = Text("  ") + safe(f"{relation['provider']} → {relation['recipient']}")
        if pairs[(relation["provider"], relation["recipient"])] > 1 and relation.get("scope"):
            line.append(" on ")  # two relations of one pair: their scopes tell them apart
            line.append_text(safe(relation["scope"], "italic"))
        line.append(f": {relation['from'] or 'not yet recorded'} → ", style="dim")
        line.append(relation["to"], style="bold yellow")
        lines.append(line)
    texts = (tallies or {}).get("text", {})
    for metric, delta in changes["tallies"].items():
        total = texts.get(metric)
        lines.append(Text(f"  {metric}: {delta:+,}" + (f" (now {total})" if total else "")))
    for force in changes["deployments"]:
        line = Text("  ") + safe(force["asset"])
        line.append(f": {force['from'] or 'not there'} → {force['to'] or 'gone'}", style="dim")
        lines.append(line)
    return lines


@click.command()
@click.argument("start", metavar="DATE1", type=Day())
@click.argument("end", metavar="DATE2", type=Day())
@clock_flags
@story_option
@json_option
@store_option
@click.pass_obj
def diff(
    ctx: Context,
    start: date,
    end: date,
    known_at: date | None,
    recorded_before: datetime | None,
    stories: tuple[str, ...],
    as_json: bool,
    store: str | None,
) -> None:
    """What changed between the end of DATE1 and the end of DATE2: entries that could have
    happened in between, relations that changed, and the tallies' deltas."""
    if start > end:
        raise click.BadParameter(f"{start} is after {end}: give the earlier date first", param_hint="DATE1")
    session = ctx.session(store, stories)
    clocks = ctx.clocks(session, None, known_at, recorded_before)
    result = session.views.diff(start, end, clocks, stories)
    if as_json:
        ctx.write_json(
            {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "known_at": known_at.isoformat() if known_at else None,
                "entries": [row.shown(end) for row in result["entries"]],
                "changes": result["changes"],
                "tallies": {"from": result["before"]["tallies"], "to": result["after"]["tallies"]},
            }
        )
        return
    rows = result["entries"]
    parts: list[RenderableType] = [
        heading(
            f"From {_day(start)} to {_day(end)}",
            f"{clocks_text(clocks, recorded_before)}  {counted(session.views, stories)}".strip(),
        )
    ]
    parts.append(heading("Entries", str(len(rows))))
    if rows:
        parts.append(timeline_table((r.body, r.occurrence(end).value) for r in rows))
    else:
        parts.append(empty_note("  nothing could have happened in between"))
    parts += [Text(""), heading("Changes")]
    parts += changes_view(result["changes"], result["after"]["tallies"]) or [empty_note("  none")]
    emit(ctx.env, Group(*parts))


# How many days a step can span, to start the last steps of a long span close to its end.
_REACH = {"day": 1, "week": 7, "month": 31, "year": 366}


def period_count(start: date, end: date, by: str) -> int:
    """How many steps `period_ends` makes, counted without making them."""
    if end < start:
        return 0
    if by == "day":
        return end.toordinal() - start.toordinal() + 1
    if by == "week":
        return len(range(start.toordinal() + 6 - start.weekday(), end.toordinal(), 7)) + 1
    if by == "year":
        return end.year - start.year + 1
    return (end.year - start.year) * 12 + end.month - start.month + 1


def period_ends(start: date, end: date, by: str, last: int | None = None) -> list[date]:
    """The last day of each step from `start` to `end` (weeks end on Sundays); with `last`,
    only the last that many. Worked out in ordinals and (year, month) pairs: a step past 31 Dec
    9999 does not exist, and a story may reach that far."""
    if last is not None and period_count(start, end, by) > last:
        # Begun close to the end: a span from the year 1 holds millions of days.
        nearer = max(start.toordinal(), end.toordinal() - _REACH[by] * (last + 1))
        return period_ends(date.fromordinal(nearer), end, by)[-last:]
    if by == "day":
        return [date.fromordinal(day) for day in range(start.toordinal(), end.toordinal() + 1)]
    if by == "week":
        sundays = range(start.toordinal() + 6 - start.weekday(), end.toordinal(), 7)
        return [*map(date.fromordinal, sundays), end] if start <= end else []
    if by == "year":
        return [min(date(year, 12, 31), end) for year in range(start.year, end.year + 1)]
    ends = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        ends.append(min(date(year, month, calendar.monthrange(year, month)[1]), end))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


def period_start(end: date, by: str) -> date:
    """The first day of the step that ends on `end`."""
    if by == "week":
        return end - timedelta(days=end.weekday())  # the Monday
    if by == "month":
        return end.replace(day=1)
    if by == "year":
        return end.replace(month=1, day=1)
    return end


def _after(day: date) -> date:
    """The next day, or the last day the calendar has."""
    return day if day == date.max else day + timedelta(days=1)


def period_label(first: date, last: date, by: str) -> str:
    if by == "day":
        return _day(last)
    if by == "month":
        return f"{last:%b %Y}"
    if by == "year":
        return f"{last:%Y}"
    return f"{_day(first)} – {_day(last)}"


MAX_STEPS = 400
# The situation before the calendar's first day: a replay from 1 Jan 1 compares its first step with it.
NOTHING_YET: dict[str, Any] = {"relations": [], "tallies": dict.fromkeys(METRICS, 0), "deployments": []}


@click.command()
@click.option("--from", "start", type=Day(end=False), help="First day (default: the story's first entry).")
@click.option("--to", "end", type=Day(), help="Last day (default: the story's last entry).")
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True)
@click.option(
    "--delay",
    type=click.FloatRange(0, 10),
    help="Seconds between steps (default: 0.4 on a terminal, else 0).",
)
@clock_flags
@story_option
@json_option
@store_option
@click.pass_obj
def replay(
    ctx: Context,
    start: date | None,
    end: date | None,
    by: str,
    delay: float | None,
    known_at: date | None,
    recorded_before: datetime | None,
    stories: tuple[str, ...],
    as_json: bool,
    store: str | None,
) -> None:
    """Step through a story: at each step, what happened and how the situation changed.

    This is event sourcing's replay made visible: every step is the state of the world
    rebuilt as of that day, from the same log.
    """
    if start and end and start > end:
        raise click.BadParameter(f"{start} is after --to {end}", param_hint="--from")
    session = ctx.session(store, stories)
    clocks = ctx.clocks(session, None, known_at, recorded_before)
    rows = session.views.timeline(TimelineQuery(clocks=clocks, stories=stories))
    if not rows:
        if as_json:
            ctx.write_json({"by": by, "from": None, "to": None, "steps": []})
        else:
            emit(ctx.env, empty_note("Nothing to replay."))
        return
    first_day, last_day = start or _first_day(rows), end or _last_day(rows)
    if first_day > last_day:
        raise click.BadParameter(f"{first_day} is after the story's last day {last_day}", param_hint="--from")
    steps_wanted = period_count(first_day, last_day, by)
    if start is not None and steps_wanted > MAX_STEPS:
        raise click.BadParameter(
            f"that is {steps_wanted:,} steps, more than {MAX_STEPS}; use a longer --by, or --from and --to "
            "for a shorter span",
            param_hint="--by",
        )
    # Without --from the first step holds all that came before it, so a story reaching further
    # back than MAX_STEPS steps is replayed over its last ones rather than refused.
    ends = period_ends(first_day, last_day, by, last=MAX_STEPS)
    pause = delay if delay is not None else (0.4 if ctx.env.stdout_is_tty and not as_json else 0.0)
    previous = (
        session.views.situation(first_day - timedelta(days=1), clocks, stories)
        if first_day > date.min
        else NOTHING_YET  # nothing happens before the calendar's first day
    )
    console = ctx.env.console()
    if not as_json and steps_wanted > len(ends):
        console.print(
            empty_note(f"(the last {len(ends)} {by}s of {steps_wanted:,}; --from for earlier ones)")
        )
    steps = []
    step_start = first_day
    for index, step_end in enumerate(ends):
        # Without --from the first step also holds what came before the story's first day.
        lower = -1 if index == 0 and start is None else step_start.toordinal()
        happened = [r for r in rows if lower <= _anchor(r) <= step_end.toordinal()]
        current = session.views.situation(step_end, clocks, stories)
        changes = changes_between(previous, current)
        label = period_label(step_start, step_end, by)
        if lower == -1:  # it also holds what came before, such as a "before 2024" baseline
            label = f"until {period_label(step_end, step_end, 'day' if by == 'week' else by)}"
        steps.append(
            {
                "period": label,
                "from": step_start.isoformat(),
                "to": step_end.isoformat(),
                "entries": [r.shown(step_end) for r in happened],
                "changes": changes,
                "tallies": current["tallies"],
            }
        )
        if not as_json and (happened or any(changes.values())):
            parts: list[RenderableType] = [Rule(label, align="left", style="bold")]
            if happened:
                parts.append(timeline_table((r.body, r.occurrence(step_end).value) for r in happened))
            lines = changes_view(changes, current["tallies"])
            if lines:
                parts += [Text("  what changed", style="bold dim"), *lines]
            console.print(Group(*parts))
            if pause:
                time.sleep(pause)
        previous, step_start = current, _after(step_end)
    if as_json:
        ctx.write_json({"by": by, "from": first_day.isoformat(), "to": last_day.isoformat(), "steps": steps})
        return
    console.print(heading("Where it stands", f"{_day(last_day)}  {counted(session.views, stories)}"))
    console.print(tallies_view(steps[-1]["tallies"]))


def _anchor(row: Any) -> int:
    """Where a row sits in the replay: where it sits in the timeline (an open `before` at its
    bound)."""
    return row.occ_start if row.occ_start != OPEN_PAST else row.occ_end


def _first_day(rows: list[Any]) -> date:
    return date.fromordinal(min(_anchor(r) for r in rows))


def _last_day(rows: list[Any]) -> date:
    bounded = [r.occ_end for r in rows if r.occ_end != OPEN_FUTURE]
    return date.fromordinal(max(bounded)) if bounded else _first_day(rows)


COMMANDS = [at, diff, replay]
