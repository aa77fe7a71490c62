"""Progress bars for work that takes more than a moment: on a terminal only, never in a pipe."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..environment import Environment

Advance = Callable[[int, int], None]


@contextmanager
def progress_bar(env: Environment, label: str) -> Iterator[Advance]:
    """Yields advance(done, total). Draws on stderr when it is a terminal; otherwise silent."""
    if not env.stderr_is_tty:
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=env.error_console(), transient=True) as progress:
        task = progress.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance
