"""Cleaning up mistakes of recording, each as an event undone by its opposite: move entries to
another story, change an entry's kind, give it a readable id; merge, unmerge or rename actors.
Nothing is deleted: `history` shows every clean-up, and the clocks see before and after."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from storyline.projections.results import ActorChanged, Changed

from ..main import Invocation
from ..options import Day, json_option, parse_sets, store_option, story_option
from ..output.terminal_text import visible


def cleanup_options(f: Any) -> Any:
    f = click.option("--why", help="Why (kept in the log, shown by `history`).")(f)
    return click.option(
        "--reported",
        type=Day(),
        help="From when --known-at sees it (default: from each entry's own report on: a mistake mended).",
    )(f)


def _entries_done(run: Invocation, done: list[Changed], as_json: bool) -> None:
    for warning in dict.fromkeys(w for changed in done for w in changed.warnings):
        run.env.stderr.write(f"storyline: warning: {visible(warning)}\n")
    if as_json:
        run.write_json([d.to_json() for d in done])
        return
    for changed in done:
        run.env.stdout.write(
            f"{changed.event.capitalize()} {visible(changed.name)} (now version {changed.version})\n"
        )


def _actor_done(run: Invocation, done: ActorChanged, as_json: bool, said: str) -> None:
    if as_json:
        run.write_json(done.to_json())
        return
    entries = "1 entry now says so" if done.entries == 1 else f"{done.entries} entries now say so"
    run.env.stdout.write(f"{visible(said)}; {entries}\n")


@click.command()
@click.argument("entries", nargs=-1, metavar="[ENTRY]...")
@click.option("--to", "to", required=True, metavar="STORY", help="The story they belong to.")
@click.option(
    "--from",
    "from_story",
    metavar="STORY",
    help="Move every entry of this story (with --kind: of those kinds).",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    help="With --from: only entries of this kind (repeatable).",
)
@cleanup_options
@story_option
@store_option
@json_option
@click.pass_obj
def move(
    run: Invocation,
    entries: tuple[str, ...],
    to: str,
    from_story: str | None,
    kinds: tuple[str, ...],
    reported: date | None,
    why: str | None,
    stories: tuple[str, ...],
    store: str | None,
    as_json: bool,
) -> None:
    """Move entries to another story: the ones named, or a whole story (--from).

    All move or none do; moving them back is the same command. Examples:

    \b
      storyline move strikes/s-0919 --to boat-strikes --why "filed under the wrong story"
      storyline move --from strikes --to boat-strikes
    """
    story = run.open(store, stories)
    done = story.move(
        entries, to=to, from_story=from_story, kinds=kinds, reported=reported, why=why, stories=stories
    )
    _entries_done(run, done, as_json)


@click.command()
@click.argument("entry", metavar="ENTRY")
@click.argument("kind", metavar="KIND")
@click.option(
    "--set", "sets", multiple=True, metavar="FIELD=VALUE", help="A field the new kind needs (repeatable)."
)
@cleanup_options
@story_option
@store_option
@json_option
@click.pass_obj
def rekind(
    run: Invocation,
    entry: str,
    kind: str,
    sets: tuple[str, ...],
    reported: date | None,
    why: str | None,
    stories: tuple[str, ...],
    store: str | None,
    as_json: bool,
) -> None:
    """Change an entry's kind (recorded as `statment`, meant as `statement`).

    Fields the new kind has take the old ones' values; the others are kept as details, so
    changing the kind back restores them. Example:

      storyline rekind boats/4069bde5 statement --set speaker="United States"
    """
    story = run.open(store, stories)
    done = story.rekind(entry, kind, parse_sets(sets), reported=reported, why=why, stories=stories)
    _entries_done(run, [done], as_json)


@click.command()
@click.argument("entry", metavar="ENTRY")
@click.argument("new_name", metavar="[NAME]", required=False)
@click.option("--original", is_flag=True, help="Give it back the id it was recorded with.")
@cleanup_options
@story_option
@store_option
@json_option
@click.pass_obj
def name(
    run: Invocation,
    entry: str,
    new_name: str | None,
    original: bool,
    reported: date | None,
    why: str | None,
    stories: tuple[str, ...],
    store: str | None,
    as_json: bool,
) -> None:
    """Give an entry a readable id after the fact (it keeps answering to its old one).

    storyline name caribbean-2025/4069bde5 un-rights-chief
    """
    if new_name is not None and original:
        raise click.UsageError("give the entry's new NAME or --original, not both")
    if new_name is None and not original:
        raise click.UsageError("give the entry's new NAME (or --original for the id it was recorded with)")
    if new_name is not None and not new_name.strip():
        raise click.BadParameter("is empty: give the entry's new id (or --original)", param_hint="NAME")
    story = run.open(store, stories)
    done = story.name(entry, None if original else new_name, reported=reported, why=why, stories=stories)
    _entries_done(run, [done], as_json)


@click.command()
@click.argument("actor", metavar="ACTOR")
@click.option("--into", required=True, metavar="ACTOR", help="The actor it was all along.")
@cleanup_options
@store_option
@json_option
@click.pass_obj
def merge(
    run: Invocation,
    actor: str,
    into: str,
    reported: date | None,
    why: str | None,
    store: str | None,
    as_json: bool,
) -> None:
    """Merge an actor into another (a typo, a second spelling): its names become aliases and
    every entry naming it names the other. `storyline unmerge ACTOR` undoes it.

      storyline merge "Untied States" --into "United States" --why typo
    """
    done = run.open(store).merge_actors(actor, into, reported=reported, why=why)
    _actor_done(run, done, as_json, f"Merged {done.other} into {done.actor}")


@click.command()
@click.argument("actor", metavar="ACTOR")
@cleanup_options
@store_option
@json_option
@click.pass_obj
def unmerge(
    run: Invocation, actor: str, reported: date | None, why: str | None, store: str | None, as_json: bool
) -> None:
    """Undo a merge: the actor is its own again, and the entries the merge changed name it."""
    done = run.open(store).unmerge_actor(actor, reported=reported, why=why)
    _actor_done(run, done, as_json, f"Unmerged {done.actor} from {done.other}")


@click.command()
@click.argument("actor", metavar="ACTOR")
@click.argument("new", metavar="NEW_NAME")
@cleanup_options
@store_option
@json_option
@click.pass_obj
def rename(
    run: Invocation,
    actor: str,
    new: str,
    reported: date | None,
    why: str | None,
    store: str | None,
    as_json: bool,
) -> None:
    """Rename an actor everywhere; the old name stays an alias. Renaming back undoes it."""
    done = run.open(store).rename_actor(actor, new, reported=reported, why=why)
    _actor_done(run, done, as_json, f"Renamed {done.other} to {done.actor}")


COMMANDS = [move, rekind, name, merge, unmerge, rename]
