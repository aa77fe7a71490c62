"""Writing rendered output: through a pager when it is long and stdout is a terminal."""

from __future__ import annotations

import os

from rich.console import RenderableType

from ..environment import Environment


def emit(env: Environment, renderable: RenderableType) -> None:
    console = env.console()
    if env.use_pager and env.stdout_is_tty:
        with console.capture() as capture:
            console.print(renderable)
        text = capture.get()
        if text.count("\n") > env.height - 2:
            # less -R shows colour; -F quits at once when it fits, -X keeps the screen.
            os.environ.setdefault("LESS", "-FRX")
            with console.pager(styles=env.colour):
                console.print(renderable)
            return
        env.stdout.write(text)
        return
    show(env, renderable)


def show(env: Environment, renderable: RenderableType) -> None:
    """Written at once, never paged (a replay's steps, as they come). Into a pipe or a file,
    no cell's padding is left at a line's end."""
    console = env.console()
    if env.stdout_is_tty:
        console.print(renderable)
        env.stdout.flush()
        return
    with console.capture() as capture:
        console.print(renderable)
    env.stdout.write("\n".join(line.rstrip() for line in capture.get().split("\n")))
    env.stdout.flush()
