"""`storyline`: a thin command line over the store and its projections.

Each command parses its options, calls the store or the views, and renders. User mistakes end
as one line on stderr and exit status 2; only bugs produce tracebacks.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from storyline.domain import DomainError
from storyline.store import InputError, InputErrors
from storyline.store.location import masked

from .environment import Environment
from .options import RepeatRefusingGroup
from .output.progress import progress_bar
from .output.terminal_text import inert_json, visible

if TYPE_CHECKING:
    from storyline.projections.app import Storyline

USER_ERRORS = (DomainError, InputError)


class Invocation:
    """What every command can reach: the terminal, and the store once a command opens it."""

    def __init__(self, env: Environment, key_file: str | None = None) -> None:
        self.env = env
        self.key_file = key_file
        self._story: Storyline | None = None
        self.json_fields: tuple[str, ...] = ()  # --json FIELD,FIELD: only these
        self.jq: str | None = None  # --jq EXPR

    def open(
        self, store_option: str | None, stories: tuple[str, ...] = (), *, catch_up: bool = True
    ) -> Storyline:
        """The store, opened once per command, its views caught up (with a bar on a terminal);
        `stories` asked about must exist in it."""
        if self._story is None:
            from storyline.projections.bootstrap import open_storyline
            from storyline.store.keys import resolve_key

            key = resolve_key(self.key_file, self.env.environ)
            self._story = open_storyline(store_option, key=key, environ=self.env.environ, catch_up=False)
            for notice in self._story.notices:
                self.env.stderr.write(f"storyline: {visible(notice)}\n")
            if catch_up and self._story.lag:
                with progress_bar(self.env, "Updating views") as advance:
                    self._story.catch_up(advance)
        self._story.check_stories(stories)
        return self._story

    @property
    def key_file_path(self) -> Path | None:
        from storyline.store.keys import key_file_in_use

        return key_file_in_use(self.key_file, self.env.environ)

    @property
    def created(self) -> str | None:
        """Where the store this command created lies, if it was new (and not the default one)."""
        return self._story.location.label if self._story is not None and self._story.created else None

    def write_json(self, data: Any, known_fields: Sequence[str] = (), *, line: bool = False) -> None:
        """What --json writes: every field, or those --json named, then through --jq.
        `known_fields`: what a list's objects hold, so a field is checked even when none is;
        `line`: one value a line, flushed at once (JSON Lines, what a follower prints)."""
        if self.json_fields:
            data = selected(data, self.json_fields, known_fields)
        indent = None if line else 2
        for result in [data] if self.jq is None else jq_results(self.jq, data):
            # A string from jq is written raw, as gh and jq -r do; anything else as JSON.
            text = (
                visible(result)
                if self.jq is not None and isinstance(result, str)
                else inert_json(result, indent)
            )
            self.env.stdout.write(text + "\n")
        if line:
            self.env.stdout.flush()

    def close(self) -> None:
        if self._story is not None:
            self._story.close()


class StorylineGroup(RepeatRefusingGroup):
    """Turns user mistakes, ours and click's, into one line and exit status 2."""

    # click overloads main() on standalone_mode (NoReturn when true), which no override taking
    # it through **extra can match.
    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        args = _json_alone(list(sys.argv[1:] if args is None else args))
        extra.setdefault("standalone_mode", True)
        standalone = extra.pop("standalone_mode")
        try:
            code = super().main(args, prog_name, standalone_mode=False, **extra)
            return _finish(standalone, code if isinstance(code, int) else 0)
        except SystemExit:  # _finish's own exit, not to meet the clauses below
            raise
        except click.Abort:
            _complain("aborted")
            return _finish(standalone, 1)
        except click.ClickException as exc:
            message = exc.format_message()
            if isinstance(exc, click.UsageError) and exc.ctx is not None and "No such command" in message:
                message += f" (see `{exc.ctx.command_path} --help`)"
            elif "unexpected extra argument" in message and "--json" in args:
                message += " (--json takes its fields joined by commas: --json key,title)"
            elif "Missing argument" in message and "--json" in args:
                # `search --json strike`: the word could be the fields --json takes, and was taken so.
                message += " (--json took the word after it as its fields: put the argument first, or give --json at the end)"
            _complain(f"error: {message}")
            return _finish(standalone, exc.exit_code)
        except InputErrors as exc:  # a file's every problem, a line each
            for problem in exc.errors:
                _complain(f"error: {problem}")
            _complain(f"error: {exc.summary}")
            return _finish(standalone, 2)
        except USER_ERRORS as exc:
            _complain(f"error: {exc}")
            return _finish(standalone, 2)
        # The library's errors are looked up only when something is raised this far (an except
        # clause is evaluated when reached): importing them cost `--version` 30 of its 250 ms here.
        except _library_error("MapperDeserialisationError") as exc:
            _complain(
                f"error: the store holds an event that does not decode; run `storyline verify` ({str(exc)[:200]})"
            )
            return _finish(standalone, 3)
        except (_library_error("PersistenceError"), sqlite3.OperationalError) as exc:
            _complain(f"error: {_store_trouble(exc)}")
            return _finish(standalone, 3)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMAND_MODULES.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"{__package__}.commands.{module_name}")
        return next(c for c in module.COMMANDS if c.name == cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            if isinstance(ctx.obj, Invocation) and ctx.obj.created:
                ctx.obj.env.stderr.write(f"storyline: created a new store at {visible(ctx.obj.created)}\n")
            return result
        except BrokenPipeError:  # `| head` has read enough: stop as its reader asked, exit 0
            _quiet_stdout()
            ctx.exit(0)
        finally:
            if isinstance(ctx.obj, Invocation):
                ctx.obj.close()


def selected(data: Any, fields: tuple[str, ...], known_fields: Sequence[str] = ()) -> Any:
    """Only `fields` of each object written (of the object, or of each in a list). The fields
    known are those of the data, or when it is empty, `known_fields` (if the command says)."""
    objects = data if isinstance(data, list) else [data]
    known = list(dict.fromkeys(k for item in objects if isinstance(item, dict) for k in item))
    known = known or list(known_fields)
    unknown = [f for f in fields if known and f not in known]
    if unknown:
        raise click.UsageError(f"--json: no field {unknown[0]!r} here (fields: {', '.join(known)})")

    def only(item: Any) -> Any:
        return {f: item[f] for f in fields if f in item} if isinstance(item, dict) else item

    return [only(item) for item in data] if isinstance(data, list) else only(data)


def jq_results(expression: str, data: Any) -> list[Any]:
    """`data` through a jq expression (the `jq` library: jq's own C implementation)."""
    import jq

    try:
        program = jq.compile(expression)
    except ValueError as exc:
        detail = next((line for line in str(exc).splitlines() if line.strip()), "does not compile")
        raise click.UsageError(f"--jq: {detail.removeprefix('jq: error: ').rstrip(':')}") from None
    try:
        return list(program.input_value(data).all())
    except ValueError as exc:
        raise click.UsageError(f"--jq: {' '.join(str(exc).split())}") from None


def _library_error(name: str) -> type[Exception]:
    import eventsourcing.persistence

    error: type[Exception] = getattr(eventsourcing.persistence, name)
    return error


def _complain(message: str) -> None:
    """One line on stderr, whatever the message quotes: a file's own bytes can be in it, and
    a store's URL its password (hidden here whatever raised the message)."""
    click.echo(f"storyline: {visible(masked(' '.join(message.split())))}", err=True)


def _quiet_stdout() -> None:
    """The reader of our stdout has gone: what Python would still flush at exit goes nowhere."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test's): nothing to quiet
        pass


def _json_alone(args: list[str]) -> list[str]:
    """`--json` takes FIELD,FIELD when they follow it (like gh); followed by anything else — a
    day, a name — it is the flag alone, and what follows is the command's own argument."""
    from .options import ALL_FIELDS, FIELD_LIST

    out = list(args)
    for index, token in enumerate(out):
        if token == "--":
            break
        following = out[index + 1] if index + 1 < len(out) else None
        if (
            token == "--json"
            and following is not None
            and not following.startswith("-")
            and not FIELD_LIST.fullmatch(following)
        ):
            out[index] = f"--json={ALL_FIELDS}"
    return out


def _store_trouble(exc: BaseException) -> str:
    detail = " ".join(str(exc).split())
    if any(word in detail for word in ("locked", "busy", "lock timeout")):
        return "the store is busy: another process has held it longer than the wait allows; try again"
    return f"the store could not do that: {detail}"


def _finish(standalone: bool, code: int | None) -> int:
    if standalone:
        sys.exit(code or 0)
    return code or 0


@click.group(
    cls=StorylineGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.version_option(package_name="storyline", message="storyline %(version)s")
@click.option(
    "--key-file",
    type=click.Path(dir_okay=False),
    metavar="PATH",
    help="The store's key, in a file readable by you only (default: $STORYLINE_KEY_FILE, else $STORYLINE_CIPHER_KEY).",
)
@click.pass_context
def main(ctx: click.Context, key_file: str | None) -> None:
    """Storyline records what happened in a developing story — who, when (often only
    roughly) and who said so — as an append-only log, and shows timelines, per-actor views
    and situation reports as of any date.

    \b
    Start with:
      storyline timeline                 the bundled story, oldest first
      storyline actor "United Kingdom"   one actor's view
      storyline timeline --as-of 2025-09-15 --known-at 2025-11-10
    """
    if ctx.obj is None:
        ctx.obj = Invocation(Environment.from_system())
    ctx.obj.key_file = key_file or ctx.obj.key_file


# Each command's module is imported only when the command runs: `storyline timeline` should not
# pay for exporters, pictures and importers it never uses.
COMMAND_MODULES = {
    "timeline": "looking",
    "search": "looking",
    "actor": "looking",
    "actors": "looking",
    "stories": "looking",
    "disputes": "looking",
    "at": "reporting",
    "diff": "reporting",
    "replay": "reporting",
    "changes": "reporting",
    "explore": "exploring",
    "lanes": "drawing",
    "chart": "drawing",
    "record": "recording",
    "import": "recording",
    "correct": "correcting",
    "retract": "correcting",
    "corroborate": "correcting",
    "history": "correcting",
    "move": "cleaning",
    "rekind": "cleaning",
    "name": "cleaning",
    "merge": "cleaning",
    "unmerge": "cleaning",
    "rename": "cleaning",
    "export": "exporting",
    "stats": "keeping",
    "rebuild": "keeping",
    "copy": "keeping",
    "verify": "keeping",
    "keygen": "keeping",
}
