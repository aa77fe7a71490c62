"""`storyline export`: the store, or a view of it at a moment, in the formats the field uses."""

from __future__ import annotations

from pathlib import Path

import click

from storyline.projections.formats import EXPORT_FORMATS
from storyline.projections.periods import day_text

from ..main import Invocation
from ..options import ReadOptions, _gathered, clock_options, status_option, store_option, story_option
from ..output.progress import progress_bar
from ..output.terminal_text import visible
from .looking import clocks_text


@click.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="What to write.")
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
@status_option
@story_option
@store_option
@_gathered
@click.pass_obj
def export(run: Invocation, fmt: str, output: Path | None, group: str, read: ReadOptions) -> None:
    """Export entries: json (lossless: imports back into an identical store), csv (the
    spreadsheet columns import reads), markdown, timelinejs (TimelineJS3), timesketch (JSON
    Lines), geojson (QGIS, geojson.io), kml (Google Earth) or html (one self-contained report
    to publish, with where the story stands, a map, search and a corrections log).

    With --as-of, --known-at or --recorded-before, the export is the store as it stood then.
    """
    story = run.open(read.store, read.stories)
    clocks = read.clocks(story)
    entries = story.timeline(clocks=clocks, stories=read.stories)
    when = clocks_text(read)
    subtitle = (
        f"{len(entries)} entries" + (f" · {when}" if when else "") + f" · exported {day_text(story.today)}"
    )
    with progress_bar(run.env, "Exporting") as advance:
        text = story.export(
            fmt, clocks=clocks, stories=read.stories, group=group, subtitle=subtitle, progress=advance
        )
    several = sum(len(e.sources) > 1 for e in entries)
    if fmt == "csv" and several:  # one source per row: say what the spreadsheet leaves out
        run.env.stderr.write(
            f"storyline: warning: csv keeps the first source of each entry; {several} entr"
            f"{'y has' if several == 1 else 'ies have'} more (and so perhaps another grade): "
            "--format json keeps them all\n"
        )
    if output is None:
        run.env.stdout.write(text)
        return
    # The lossless copy is the whole log: as private as the store. The rest are for publishing.
    story.export_to(output, text, key_file=run.key_file_path, private=fmt == "json")
    run.env.stderr.write(f"storyline: wrote {len(entries)} entries as {fmt} to {visible(str(output))}\n")


COMMANDS = [export]
