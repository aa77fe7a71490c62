"""Options shared by commands, and the parsing of dates given on the command line."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import attrs
import click

from storyline.domain import Grade, InvalidValue, parse_day

if TYPE_CHECKING:
    from storyline.projections.app import Storyline
    from storyline.projections.timeline import Clocks

F = Callable[..., Any]


ISO_LIKE = re.compile(r"\d{4}(-\d{1,2}){0,2}")


def read_day(
    value: str, param: click.Parameter | None, ctx: click.Context | None, *, end: bool = True
) -> date:
    """A day as given: ISO (2025-10, 2025-10-03) silently, or a phrase (`last monday`) read by
    cli/natural_dates.py and said back on stderr. Refused: InvalidValue, naming the value."""
    field = param.name if param is not None and param.name else "date"
    text = value.strip()
    try:
        return parse_day(text, field, end=end)
    except InvalidValue:
        if ISO_LIKE.fullmatch(text):
            raise  # 2025-13-01: the calendar's own complaint says more than any phrase would
    from .natural_dates import understand

    understood = understand(text, field, end=end)
    if param is not None and param.opts and param.opts[0].startswith("-"):
        name = param.opts[0]
    else:
        name = param.human_readable_name if param is not None else "date"
    env = getattr(ctx.find_root().obj, "env", None) if ctx is not None else None
    line = understood.said_back(name)
    if env is not None:
        env.stderr.write(line)
    else:
        click.echo(line, err=True, nl=False)
    return understood.day


class Day(click.ParamType):
    """A day, a month or a year; a bound reaching a month or year means its last day
    (`--as-of 2025-10` is the end of October) or, for `--since`, its first. A phrase (`last
    monday`, `Oct 2025`) is read too, and said back."""

    name = "DATE"

    def __init__(self, *, end: bool = True) -> None:
        self.end = end

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return read_day(str(value), param, ctx, end=self.end)
        except InvalidValue as exc:
            self.fail(exc.message, param, ctx)


class Moment(click.ParamType):
    """A point in the store's own time. A date alone means the end of that day, local time."""

    name = "WHEN"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", text):
                day = read_day(text, param, ctx)
                # The end of the day: the next one's start, or (on the calendar's last day) its last moment.
                moment = (
                    datetime.max if day == date.max else datetime.combine(day + timedelta(days=1), time.min)
                )
            else:
                moment = datetime.fromisoformat(text)
        except (InvalidValue, ValueError):
            self.fail(
                f"{text!r} is not a date or a date and time (2025-11-12, 2025-11-12T09:30, or a phrase "
                "such as yesterday)",
                param,
                ctx,
            )
        try:
            if moment.tzinfo is None:
                moment = moment.astimezone()  # the user's local time
            return moment.astimezone(UTC)
        except (OverflowError, ValueError):  # a moment at the calendar's edge, in some time zone
            return (datetime.max if moment.year > 1 else datetime.min).replace(tzinfo=UTC)


def remember_key_file(ctx: click.Context, _: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.obj.key_file = value


def store_option(f: F) -> F:
    """`--store`, and `--key-file` for an encrypted one: given after the command as well as before."""
    f = click.option(
        "--key-file",
        type=click.Path(dir_okay=False),
        metavar="PATH",
        expose_value=False,
        callback=remember_key_file,
        help="The store's key, in a file readable by you only (as `storyline --key-file`).",
    )(f)
    return click.option(
        "--store",
        metavar="PATH|URL",
        help="SQLite file or postgresql:// URL (default: $STORYLINE_STORE, else your data folder).",
    )(f)


def story_option(f: F) -> F:
    return click.option(
        "--story", "stories", multiple=True, metavar="NAME", help="Only this story (repeatable)."
    )(f)


ALL_FIELDS = "*"  # `--json` alone: every field
FIELD_LIST = re.compile(r"[a-z_]+(\s*,\s*[a-z_]+)*")  # what `--json FIELD,FIELD` takes, like gh


def _json_fields(ctx: click.Context, _: click.Parameter, value: str | None) -> bool:
    """`--json` alone, or `--json FIELD,FIELD`: the command is told JSON or not, and the
    Invocation keeps which fields to write (cli/main.py, write_json). `--jq` implies JSON."""
    invocation = ctx.find_root().obj
    if value and value != ALL_FIELDS:
        invocation.json_fields = tuple(dict.fromkeys(field.strip() for field in value.split(",")))
    return bool(value) or invocation.jq is not None


def _jq(ctx: click.Context, _: click.Parameter, value: str | None) -> None:
    if value is not None:
        if not value.strip():
            raise click.BadParameter("is empty: give a jq expression, such as '.[].title'")
        ctx.find_root().obj.jq = value


def json_option(f: F) -> F:
    f = click.option(
        "--json",
        "as_json",
        is_flag=False,
        flag_value=ALL_FIELDS,
        default=None,
        metavar="[FIELDS]",
        callback=_json_fields,
        help="Write JSON instead of a table; --json id,title writes only those fields.",
    )(f)
    return click.option(
        "--jq",
        metavar="EXPR",
        is_eager=True,  # read before --json, which it implies
        expose_value=False,
        callback=_jq,
        help="Filter the JSON through a jq expression ('.[] | .title'); implies --json.",
    )(f)


def clock_options(f: F) -> F:
    f = click.option(
        "--recorded-before",
        type=Moment(),
        metavar="WHEN",
        help="The store's own history: only what was recorded here before WHEN.",
    )(f)
    f = click.option(
        "--known-at",
        type=Day(),
        metavar="DATE",
        help="Only what had been reported by the end of DATE (later corrections not applied).",
    )(f)
    return click.option(
        "--as-of",
        type=Day(),
        metavar="DATE",
        help="The world at the end of DATE, as we know it now.",
    )(f)


def clock_flags(f: F) -> F:
    """--known-at and --recorded-before: for commands whose own argument is the as-of day."""
    f = click.option(
        "--recorded-before", type=Moment(), metavar="WHEN", help="Only what this store held before WHEN."
    )(f)
    return click.option(
        "--known-at", type=Day(), metavar="DATE", help="Only what had been reported by the end of DATE."
    )(f)


@attrs.frozen
class ReadOptions:
    """What every read command takes, gathered: where the store is, which stories, JSON or a
    table, and the three clocks."""

    store: str | None = None
    stories: tuple[str, ...] = ()
    as_json: bool = False
    as_of: date | None = None
    known_at: date | None = None
    recorded_before: datetime | None = None
    grades: tuple[str, ...] = ()  # --status: only entries of these grades

    def clocks(self, story: Storyline, *, as_of: date | None = None) -> Clocks:
        return story.clocks(
            as_of=as_of or self.as_of,
            known_at=self.known_at,
            recorded_before=self.recorded_before,
            grades=self.grades,
        )


def _gathered(f: F) -> F:
    """The command receives `read: ReadOptions` instead of each read option apart."""

    @functools.wraps(f)
    def command(*args: Any, **values: Any) -> Any:
        read = ReadOptions(**{name: values.pop(name, None) or default for name, default in _DEFAULTS.items()})
        return f(*args, read=read, **values)

    return command


_DEFAULTS: dict[str, Any] = {
    "store": None,
    "stories": (),
    "as_json": False,
    "as_of": None,
    "known_at": None,
    "recorded_before": None,
    "grades": (),
}


def status_option(f: F) -> F:
    return click.option(
        "--status",
        "grades",
        multiple=True,
        metavar="GRADE",
        type=click.Choice([g.value for g in Grade], case_sensitive=False),
        help="Only entries of this grade: confirmed, reported, claimed, disputed, retracted (repeatable).",
    )(f)


def read_options(f: F) -> F:
    """--store, --story, --json and the three clocks: what every read command takes."""
    f = _gathered(f)
    for option in (clock_options, status_option, json_option, story_option, store_option):
        f = option(f)
    return f


def report_options(f: F) -> F:
    """The same, for a command whose own argument is the as-of day: --known-at and
    --recorded-before only."""
    f = _gathered(f)
    for option in (clock_flags, status_option, json_option, story_option, store_option):
        f = option(f)
    return f


def refuse_repeated(command: click.Command, args: list[str]) -> None:
    """click keeps the last of an option given twice and says nothing: `--title A --title B`
    would record B. An option that takes one value, given twice, is refused instead."""
    single: dict[str, click.Option] = {}
    takes_value: set[str] = set()
    for param in command.params:
        if not isinstance(param, click.Option):
            continue
        names = [*param.opts, *param.secondary_opts]
        if param.is_flag or param.count:
            continue  # a switch said twice still says the same
        takes_value.update(names)
        if not param.multiple:
            single.update(dict.fromkeys(names, param))
    seen: dict[click.Option, str] = {}
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            break
        name, has_value, value = token.partition("=") if token.startswith("--") else (token, "", "")
        if name in takes_value and not has_value:
            value = next(tokens, "")  # the option's value, whatever it looks like
        option = single.get(name)
        if option is None:
            continue
        if option in seen:
            raise click.UsageError(
                f"{name} was given twice ({seen[option]!r} and {value!r}): it takes one value",
                click.get_current_context(silent=True),
            )
        seen[option] = value


class RepeatRefusingGroup(click.Group):
    """A group whose commands refuse a one-value option given twice (see `refuse_repeated`)."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None and not isinstance(command, click.Group):
            refuse_repeated(command, rest)
        return name, command, rest


def parse_sets(items: tuple[str, ...]) -> dict[str, str | None]:
    """`--set FIELD=VALUE` options as field -> value (an empty value clears the field)."""
    changes: dict[str, str | None] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not FIELD=VALUE", param_hint="--set")
        if name.strip() in changes:  # the last would silently win
            raise click.BadParameter(f"{name.strip()!r} is given twice", param_hint="--set")
        changes[name.strip()] = value.strip() or None
    return changes
