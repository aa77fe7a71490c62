"""Looking after a store: `stats`, `rebuild` (the views, from the log) and `copy` (the whole log
into another store — how a team moves from a SQLite file to a PostgreSQL server)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from storyline.store import new_key
from storyline.store.keys import read_key_file, write_key_file

from ..main import Invocation
from ..options import json_option, store_option
from ..output.pager import emit
from ..output.progress import progress_bar
from ..output.terminal_text import safe, visible


def _size(size: int | None) -> str:
    if size is None:
        return "unknown"
    amount: float = size
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if amount < 1024 or unit == "GiB":
            return f"{amount:,.0f} {unit}" if unit == "bytes" else f"{amount:,.1f} {unit}"
        amount /= 1024
    return str(amount)


@click.command()
@store_option
@json_option
@click.pass_obj
def stats(run: Invocation, store: str | None, as_json: bool) -> None:
    """What the store holds: events, entries, stories, actors, its size, and where each view
    stands against the log (its position and how many events it lags behind)."""
    figures = run.open(store).stats()
    if as_json:
        run.write_json(figures.to_json())
        return
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    for label, value in (
        ("store", safe(figures.store)),
        ("size", _size(figures.size_bytes)),
        ("events in the log", f"{figures.events:,}"),
        ("entries", f"{figures.entries:,}"),
        ("stories", f"{figures.stories:,}"),
        ("actors", f"{figures.actors:,}"),
    ):
        table.add_row(label, value)
    for name, view in figures.views.items():
        table.add_row(f"view {name}", f"at {view.position:,}, {view.lag:,} behind")
    emit(run.env, table)


@click.command()
@store_option
@click.pass_obj
def rebuild(run: Invocation, store: str | None) -> None:
    """Rebuild every view from the log. Safe at any time, whatever state the views are in: they
    hold nothing the log lacks, and the new ones replace them only once they are complete."""
    story = run.open(store, catch_up=False)  # the views may be too damaged to catch up
    from storyline.projections.runner import RebuildDisplaced

    try:
        with progress_bar(run.env, "Rebuilding views") as advance:
            events = story.rebuild(progress=advance)
    except RebuildDisplaced as taken_over:  # the views are being rebuilt all the same
        run.env.stdout.write(f"{str(taken_over).capitalize()}\n")
        return
    run.env.stdout.write(f"Rebuilt the views from {events:,} events\n")


@click.command()
@click.option(
    "--to",
    "target",
    required=True,
    metavar="PATH|URL",
    help="An empty store: a SQLite file or a postgresql:// URL.",
)
@click.option(
    "--to-key-file",
    type=click.Path(dir_okay=False),
    metavar="PATH",
    help="Encrypt the copy with this key (from `storyline keygen --file`).",
)
@store_option
@click.pass_obj
def copy(run: Invocation, target: str, to_key_file: str | None, store: str | None) -> None:
    """Copy the whole log into another, empty store, event for event: entries, corrections,
    actors, and when each was recorded. For example, to move to a team's server:

      storyline copy --to postgresql://newsroom@db.example.org/storyline

    With --to-key-file the copy is encrypted at rest, whether the original was or not.
    """
    story = run.open(store)
    key = read_key_file(Path(to_key_file)) if to_key_file else None
    with progress_bar(run.env, "Copying") as advance:
        copied = story.copy_to(target, key=key, progress=advance)
    run.env.stdout.write(f"Copied {copied.events:,} events to {visible(copied.target)}\n")


@click.command()
@click.option("--head", is_flag=True, help="Also print the head of the log's hash chain, to keep elsewhere.")
@click.option(
    "--expect",
    metavar="HEAD",
    help="A head printed by --head earlier: prove the log up to it is unchanged since.",
)
@store_option
@json_option
@click.pass_obj
def verify(run: Invocation, head: bool, expect: str | None, store: str | None, as_json: bool) -> None:
    """Check the store: no event of the log altered, removed, inserted or moved (its hash chain),
    positions without gaps, every event decodes, and every view equals a rebuild from the log.
    Exit status 0 when all is well, 1 when not.

    \b
    Keep the head it prints with --head somewhere else (a notebook, a message to yourself):
      storyline verify --expect 3010:9f2c41...
    proves later that nothing the log held then has changed, even by someone able to rewrite
    the chain of a store that is not encrypted.
    """
    story = run.open(store, catch_up=False)  # verify reads the log itself, and names what it cannot
    with progress_bar(run.env, "Verifying") as advance:
        found = story.verify(advance, expect=expect)
    chain_head = found.head
    if as_json:
        run.write_json(found.to_json())
    elif found.problems:
        for problem in found.problems:
            run.env.stdout.write(f"{visible(str(problem))}\n")
        run.env.stdout.write(f"{len(found.problems)} problem(s) in {found.events:,} events\n")
    else:
        proven = f"; the log up to {expect.split(':')[0]} is as it was" if expect else ""
        run.env.stdout.write(
            f"All is well: {found.events:,} events, none altered, removed, inserted or moved, every one decodes, "
            f"and every view equals a rebuild{proven}\n"
        )
    if found.note and not as_json:
        run.env.stdout.write(f"Note: {found.note}\n")
    if head and not as_json:
        run.env.stdout.write(f"Head of the log's chain: {chain_head or 'none (the log is empty)'}\n")
    if found.problems:
        raise click.exceptions.Exit(1)


@click.command()
@click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write it to this new file (readable by you only) instead.",
)
@click.pass_obj
def keygen(run: Invocation, path: Path | None) -> None:
    """Make a new key for a store encrypted at rest (AES-GCM, 256 bits).

    Keep it apart from the store: with it, STORYLINE_CIPHER_KEY=KEY (or --key-file FILE) opens
    an encrypted store; without it, nothing recorded there can be read. A new store is encrypted
    when it is first opened with a key.
    """
    key = new_key()
    if path is None:
        run.env.stdout.write(key + "\n")
        return
    write_key_file(path, key)
    run.env.stderr.write(f"storyline: wrote a new key to {visible(str(path))} (readable by you only)\n")


COMMANDS = [stats, rebuild, copy, verify, keygen]
