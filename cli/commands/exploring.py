"""`storyline explore`: the story in a full-screen terminal UI (cli/tui/), on both clocks."""

from __future__ import annotations

from datetime import date

import click

from ..main import Invocation
from ..options import Day, store_option, story_option


def typed_day(text: str) -> tuple[date, str | None]:
    """A day typed in the UI: ISO silently, a phrase read as the command line reads it, with
    the day understood said back (so an ambiguous phrase is never silently misread)."""
    from storyline.domain.dates import parse_day
    from storyline.domain.errors import InvalidValue

    from ..natural_dates import understand
    from ..options import ISO_LIKE

    try:
        return parse_day(text, "day"), None
    except InvalidValue:
        if ISO_LIKE.fullmatch(text):
            raise
    understood = understand(text, "day")
    return understood.day, understood.said_back("day").strip()


@click.command()
@click.option("--as-of", type=Day(), metavar="DATE", help="Start with the occurred clock on DATE.")
@click.option(
    "--known-at", type=Day(), metavar="DATE", help="Start with the reported clock on DATE (default: now)."
)
@story_option
@store_option
@click.pass_obj
def explore(
    run: Invocation, as_of: date | None, known_at: date | None, stories: tuple[str, ...], store: str | None
) -> None:
    """Explore a story in a full-screen terminal UI: move the occurred clock (what had happened
    by a day) and the reported clock (what had been reported by then), watch the situation
    change, play the story forward, filter, and read each entry. `?` shows every key.

    \b
      storyline explore
      storyline explore --as-of 2025-09-30 --known-at 2025-11-10
    """
    if not run.env.stdout_is_tty:
        raise click.UsageError("explore needs a terminal; `storyline replay` prints the same steps")
    from storyline.projections.bootstrap import open_storyline
    from storyline.store.keys import resolve_key

    from ..tui.explore_app import ExploreApp

    story = run.open(store, stories)
    key = resolve_key(run.key_file, run.env.environ)

    def follower() -> object:
        return open_storyline(store, key=key, environ=run.env.environ, catch_up=False)

    ExploreApp(
        story, stories=stories, as_of=as_of, known_at=known_at, follower=follower, read_day=typed_day
    ).run()


COMMANDS = [explore]
