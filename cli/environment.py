"""The terminal a command talks to, injected so rendering can be tested (the httpie way).

Tests build an `Environment` with a width, colour on or off and a TTY or not, and read what
was written; the real one is read off the process once, in `Environment.from_system`.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Mapping
from typing import IO, Any

import attrs
from rich.console import Console

DEFAULT_WIDTH = 100
UNWRAPPED = 100_000  # piped with no COLUMNS: a logical line stays one line, however long


@attrs.define
class Environment:
    stdout: IO[str]
    stderr: IO[str]
    stdout_is_tty: bool = False
    stderr_is_tty: bool = False
    colour: bool = False
    width: int = DEFAULT_WIDTH
    height: int = 40
    # Text wrapped to `width` (a terminal, or COLUMNS given); piped, it is not: `grep` and `cut`
    # see one logical line per line. Drawings (lanes, chart) are laid out to `width` either way.
    wrap: bool = True
    use_pager: bool = True
    environ: Mapping[str, str] = attrs.field(factory=lambda: dict(os.environ))

    @classmethod
    def from_system(cls) -> Environment:
        environ = dict(os.environ)
        tty = sys.stdout.isatty()
        size = shutil.get_terminal_size((DEFAULT_WIDTH, 40))
        colour = tty and "NO_COLOR" not in environ and environ.get("TERM") != "dumb"
        return cls(
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdout_is_tty=tty,
            stderr_is_tty=sys.stderr.isatty(),
            colour=colour or ("FORCE_COLOR" in environ and "NO_COLOR" not in environ),
            width=size.columns if tty else int(environ.get("COLUMNS", DEFAULT_WIDTH)),
            height=size.lines,
            wrap=tty or "COLUMNS" in environ,
            use_pager=tty and environ.get("STORYLINE_PAGER", "1") != "0",
            environ=environ,
        )

    @classmethod
    def for_test(cls, **kwargs: Any) -> Environment:
        return cls(stdout=io.StringIO(), stderr=io.StringIO(), environ=kwargs.pop("environ", {}), **kwargs)

    def console(self, file: IO[str] | None = None) -> Console:
        # markup, emoji and highlighting off: record text is never interpreted, only shown.
        return Console(
            file=file or self.stdout,
            width=self.width if self.wrap else UNWRAPPED,
            color_system="truecolor" if self.colour else None,
            force_terminal=self.colour,
            no_color=not self.colour,
            markup=False,
            emoji=False,
            highlight=False,
            soft_wrap=False,
        )

    def error_console(self) -> Console:
        return self.console(self.stderr)
