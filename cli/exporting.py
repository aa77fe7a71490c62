"""`storyline export`: the store, or a view of it at a moment, in the formats the field uses."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from storyline.projections import TimelineQuery

from .exports import FORMATS, render, store_files, write_export
from .keys import key_file_in_use
from .main import Context
from .options import clock_options, store_option, story_option
from .progress import progress_bar
from .reading import clocks_text
from .safe_text import visible


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="What to write.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: standard output).",
)
@click.option(
    "--group",
    type=click.Choice(["kind", "actor"]),
    default="kind",
    show_default=True,
    help="TimelineJS rows: by kind or by first actor.",
)
@clock_options
@story_option
@store_option
@click.pass_obj
def export(
    ctx: Context,
    fmt: str,
    output: Path | None,
    group: str,
    as_of: date | None,
    known_at: date | None,
    recorded_before: datetime | None,
    stories: tuple[str, ...],
    store: str | None,
) -> None:
    """Export entries: json (lossless: imports back into an identical store), csv (the
    spreadsheet columns import reads), markdown, timelinejs (TimelineJS3), timesketch (JSON
    Lines) or html (one self-contained report to publish).

    With --as-of, --known-at or --recorded-before, the export is the store as it stood then.
    """
    session = ctx.session(store, stories)
    clocks = ctx.clocks(session, as_of, known_at, recorded_before)
    rows = session.views.timeline(TimelineQuery(clocks=clocks, stories=stories))
    names = sorted({row.body["story"] for row in rows}) or list(stories)
    title = ", ".join(names) or "Storyline"
    when = clocks_text(clocks, recorded_before)
    subtitle = (
        f"{len(rows)} entries" + (f" · {when}" if when else "") + f" · exported {date.today():%d %b %Y}"
    )
    with progress_bar(ctx.env, "Exporting") as advance:
        text = render(fmt, session, rows, clocks, stories, group, title, subtitle, progress=advance)
    if output is None:
        ctx.env.stdout.write(text)
        return
    protected = store_files(session.location.path)
    key_file = key_file_in_use(ctx.key_file, ctx.env.environ)
    if key_file is not None:
        protected[key_file] = "the store's key"
    write_export(output, text, protected=protected)
    ctx.env.stderr.write(f"storyline: wrote {len(rows)} entries as {fmt} to {visible(str(output))}\n")


COMMANDS = [export]
