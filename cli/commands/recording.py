"""Recording: one entry (`record KIND`), or files (`import`). Both go through the same import
path, so a command-line record and a spreadsheet row are validated and stored identically."""

from __future__ import annotations

import calendar
from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from storyline.domain import KINDS, Development, InvalidValue, fact_class, kind_label, near_kinds
from storyline.projections.formats import INPUT_FORMATS
from storyline.store import InputError
from storyline.store.seed import BUNDLED_STORIES, bundled_story_path

from ..main import Invocation
from ..options import RepeatRefusingGroup, json_option, remember_key_file, store_option
from ..output.progress import progress_bar
from ..output.terminal_text import visible

# Where a row field comes from on the command line, for messages that name the option.
OPTION_OF_FIELD = {"date": "--on", "date_precision": "--precision", "id": "--id"}


class RecordGroup(RepeatRefusingGroup):
    """`storyline record KIND`: one sub-command per kind, with that kind's own fields as options.
    Any other KIND is recorded as a development under that label."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [k for k in KINDS if k != Development.kind]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        try:
            kind = kind_label(cmd_name)
        except InvalidValue:
            return None
        return _record_command(kind)


def _common_options() -> list[click.Parameter]:
    return [
        click.Option(
            ["--on", "date"],
            required=True,
            metavar="DATE",
            help="When it happened: 2025-11-11, 2025-08, before 2025-10-11, 2025-09/2025-10-10, ~2025-10-06.",
        ),
        click.Option(
            ["--precision", "date_precision"],
            metavar="PRECISION",
            help="day, month, year, before, after, between or approximate (default: read from DATE).",
        ),
        click.Option(["--title"], required=True, help="One line saying what happened."),
        click.Option(
            ["--actor", "actors"], multiple=True, metavar="NAME", help="Someone involved (repeatable)."
        ),
        click.Option(
            ["--story"], metavar="NAME", help="The story it belongs to (default: the store's only story)."
        ),
        click.Option(["--id"], metavar="ID", help="Your own stable id for the entry."),
        # A record may cite several sources: each of these is given once per --source, in order.
        click.Option(
            ["--source", "outlets"], multiple=True, metavar="OUTLET", help="Who said so (repeatable)."
        ),
        click.Option(["--url", "urls"], multiple=True, help="Link to the source (one per --source)."),
        click.Option(
            ["--published", "published_days"],
            multiple=True,
            metavar="DATE",
            help="When the source published it (one per --source).",
        ),
        click.Option(
            ["--attribution", "attributions"],
            multiple=True,
            help='How the source put it ("sources familiar with the matter told CNN"; one per --source).',
        ),
        click.Option(
            ["--status", "statuses"],
            multiple=True,
            metavar="STATUS",
            help="confirmed, reported, claimed or disputed (one per --source).",
        ),
        click.Option(
            ["--reported"],
            metavar="DATE",
            help="When the public record first said so (default: the source's date).",
        ),
        click.Option(["--location"], help="Where."),
        click.Option(["--latitude"], type=float, help="Where, as a latitude (with --longitude)."),
        click.Option(["--longitude"], type=float, help="Where, as a longitude (with --latitude)."),
        click.Option(["--notes"], help="Anything you want to remember about it."),
        click.Option(
            ["--detail", "details"],
            multiple=True,
            metavar="NAME=VALUE",
            help="Anything else worth keeping (repeatable).",
        ),
    ]


def _record_command(kind: str) -> click.Command:
    cls = fact_class(kind)
    options = _common_options()
    for name, spec in cls.specs().items():
        if name == "label":
            continue
        options.append(
            click.Option(
                [f"--{name.replace('_', '-')}", name],
                multiple=spec.codec == "actors",
                required=False,
                help=spec.help + (" (required)" if spec.required else ""),
            )
        )
    options += [
        click.Option(["--store"], metavar="PATH|URL", help="SQLite file or postgresql:// URL."),
        click.Option(
            ["--key-file"],
            metavar="PATH",
            expose_value=False,
            callback=remember_key_file,
            help="The store's key, in a file readable by you only.",
        ),
        click.Option(["--json", "as_json"], is_flag=True, help="Write the result as JSON."),
    ]

    @click.pass_obj
    def callback(run: Invocation, **values: Any) -> None:
        _record(run, kind, values)

    if cls is Development:
        help_text = f"Record a {kind} (any kind outside the typed set, kept under its own label)."
        return OwnKindCommand(kind, params=options, callback=callback, help=help_text)
    help_text = (cls.__doc__ or f"Record a {kind}.").strip().splitlines()[0]
    return click.Command(kind, params=options, callback=callback, help=help_text)


class OwnKindCommand(click.Command):
    """A kind of the user's own. When an option is refused and the label is almost a known
    kind ("statment ... --speaker"), the refusal says which kind was probably meant."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.NoSuchOption as exc:
            if kinds := near_kinds(self.name or ""):
                # click declares the message Final, but it is a plain attribute: adding to it is how
                # the refusal keeps click's own wording.
                exc.message += (  # type: ignore[misc]
                    f" ({self.name!r} is not a kind Storyline knows: did you mean {' or '.join(kinds)}?)"
                )
            raise


# The per-source options, as the option says them and as a source's field.
SOURCE_OPTIONS = {
    "urls": "url",
    "published_days": "published",
    "attributions": "attribution",
    "statuses": "status",
}


def _sources(values: dict[str, Any]) -> list[dict[str, str]]:
    """Every --source with its own --url, --published, ... (the i-th of each goes with the
    i-th source), as a row's `sources` list: nothing given is dropped."""
    outlets = values.pop("outlets")
    given = {field: values.pop(option) for option, field in SOURCE_OPTIONS.items()}
    sources = [{"outlet": outlet} for outlet in outlets]
    for field, texts in given.items():
        if not texts:
            continue
        if not outlets:
            raise click.BadParameter(
                f"{texts[0]!r} belongs to a source, but none is named (add --source)", param_hint=f"--{field}"
            )
        if len(texts) != len(outlets):
            raise click.BadParameter(
                f"given {len(texts)} times for {len(outlets)} sources: give one per --source, "
                "in the same order ('' for a source without one)",
                param_hint=f"--{field}",
            )
        for source, text in zip(sources, texts, strict=True):
            if text.strip():
                source[field] = text
    for source in sources:
        if "published" not in source and values.get("reported"):
            source["published"] = values["reported"]  # as a spreadsheet's source column is read
    return sources


def _as_written(run: Invocation, option: str, text: str, *, fuzzy: bool = False) -> str:
    """A day option as the row takes it: a date Storyline reads (2025-11-11, and for --on also
    `before 2025-10`, `~2025-10-06`) as it is; a phrase (`yesterday`) as the day it names, said back."""
    from storyline.domain import FuzzyDate, parse_day

    from ..natural_dates import understand

    try:
        if fuzzy:
            FuzzyDate.parse(text)
        else:
            parse_day(text, option)
        return text
    except InvalidValue as exc:
        if any(c.isdigit() for c in text) and not any(c.isalpha() for c in text.replace("~", "")):
            raise click.BadParameter(exc.message, param_hint=option) from None
    try:
        understood = understand(text, option.lstrip("-"), end=False)
    except InvalidValue as exc:
        raise click.BadParameter(exc.message, param_hint=option) from None
    if understood.grain == "day":
        run.env.stderr.write(understood.said_back(option))
        return understood.day.isoformat()
    # A month, a quarter or a year is a fuzzy date of its own: kept as one, and said so.
    if not fuzzy:
        raise click.BadParameter(f"{text!r} is not one day: write the day", param_hint=option)
    first = understood.day  # read with end=False: the period's first day
    if understood.grain == "month":
        written = f"{first:%Y-%m}"
    elif understood.grain == "quarter":  # its three months, first day to last
        last_month = first.month + 2
        last = first.replace(month=last_month, day=calendar.monthrange(first.year, last_month)[1])
        written = f"{first.isoformat()}/{last.isoformat()}"
    else:
        written = f"{first.year}"
    phrase = visible(repr(understood.phrase))
    run.env.stderr.write(
        f"storyline: read {option} {phrase} as {understood.period}, the whole {understood.grain}\n"
    )
    return written


def _record(run: Invocation, kind: str, values: dict[str, Any]) -> None:
    story = run.open(values.pop("store"))
    as_json = values.pop("as_json")
    fields: dict[str, Any] = {}
    if values.get("date"):
        values["date"] = _as_written(run, "--on", values["date"], fuzzy=True)
    if values.get("reported"):
        values["reported"] = _as_written(run, "--reported", values["reported"])
    values["published_days"] = tuple(
        _as_written(run, "--published", text) if text.strip() else text for text in values["published_days"]
    )
    if sources := _sources(values):
        fields["sources"] = sources
    for name, value in values.items():
        if name == "details":
            for item in value:
                key, sep, text = item.partition("=")
                if not sep or not key.strip():
                    raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--detail")
                if key.strip() in fields.get("details", {}):  # the last would silently win
                    raise click.BadParameter(f"{key.strip()!r} is given twice", param_hint="--detail")
                fields.setdefault("details", {})[key.strip()] = text
        elif name == "id" and value is not None and not value.strip():
            raise click.BadParameter("is empty: give an id, or leave --id out", param_hint="--id")
        elif name != "story" and value not in (None, ()):
            fields[name] = list(value) if isinstance(value, tuple) else value
    try:
        done = story.record(kind, fields, story=values.get("story"))
    except InputError as exc:  # said as the option the field came from
        field = exc.field or ""
        if field.startswith("sources["):  # `sources[1].url`: the second source's --url
            field = {"outlet": "source", "name": "source"}.get(
                field.partition(".")[2], field.partition(".")[2]
            )
            field = field or "source"
        option = OPTION_OF_FIELD.get(field, f"--{field.split('.')[0].replace('_', '-')}")
        raise click.BadParameter(str(exc).split(": ", 2)[-1], param_hint=option) from None
    for warning in done.warnings:  # a likely typo: recorded all the same, and retractable
        run.env.stderr.write(f"storyline: warning: {visible(warning)}\n")
    if as_json:
        run.write_json(done.to_json())
        return
    verb = "Recorded" if done.added else "Corrected" if done.corrected else "Already recorded:"
    run.env.stdout.write(
        f"{verb} {kind} “{visible(fields['title'])}” in story {visible(done.story)} as {visible(done.name)}\n"
    )


@click.group(cls=RecordGroup)
def record() -> None:
    """Record one entry: storyline record KIND --on DATE --title T --actor A --source S [kind fields].

    KIND is one of the kinds below, or any other label (recorded as a development under it).
    See `storyline record KIND --help` for the fields of a kind.
    """


@click.command(name="import")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--story", metavar="NAME", help="Story to import into (default: the one the file names, else its name)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", *INPUT_FORMATS]),
    default="auto",
    show_default=True,
    help="The files' format (auto: by the name, and for CSV by the header).",
)
@click.option(
    "--bundled", type=click.Choice(BUNDLED_STORIES), help="Import a story that ships with Storyline."
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Say what would be added, corrected, left alone and warned about, per story; write nothing.",
)
@store_option
@json_option
@click.pass_obj
def import_(
    run: Invocation,
    files: tuple[Path, ...],
    story: str | None,
    fmt: str,
    bundled: str | None,
    dry_run: bool,
    store: str | None,
    as_json: bool,
) -> None:
    """Import YAML, JSON, JSON Lines or spreadsheet CSV files.

    Each file is checked whole before anything is written: one bad row and nothing is
    appended. Importing a file again appends nothing; a changed file appends only corrections
    (rows are matched by their `id` column, or by kind, date and title).

    \b
    CSV columns: date, date_precision, kind, title, actors (separated by ;), location,
    killed, survivors, vessels, source, url, notes, plus any field of the row's kind
    (provider, recipient, ...). Other columns are kept as details.
    """
    paths = list(files) + ([bundled_story_path(bundled)] if bundled else [])
    if not paths:
        raise click.UsageError("name a FILE to import (or --bundled caribbean-2025)")
    from storyline.projections.formats import read_document

    documents = [read_document(path, fmt) for path in paths]  # all readable before any write
    story_line = run.open(store)
    # The bar's label is rich markup: the file's name is shown, never interpreted.
    names = ", ".join(Path(d.path).name for d in documents)
    verb = "Checking" if dry_run else "Importing"
    with progress_bar(run.env, f"{verb} {escape(visible(names))}") as advance:
        # One outcome for all the files: every row of every file checked before any is written.
        reports = story_line.import_documents(documents, story=story, progress=advance, dry_run=dry_run)
    for report in reports:
        for warning in report.warnings:
            run.env.stderr.write(f"storyline: {visible(warning)}\n")  # file names are the user's
    if as_json:
        run.write_json([r.to_json() for r in reports])
        return
    for report in reports:
        for line in report.summary.splitlines():  # a line per story, when it wrote to several
            run.env.stdout.write(visible(line) + "\n")


COMMANDS = [record, import_]
