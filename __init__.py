"""Storyline: an event-sourced timeline engine for developing stories, as a Python library.

    import storyline

    with storyline.open() as story:                       # the default store, with the bundled story
        for entry in story.timeline(kinds=["intelligence-pause"]):
            print(entry.occurred.text, entry.title)
        print(story.situation(datetime.date(2025, 11, 12)).to_json())

`storyline.open(store=None, *, key=None, key_file=None)` opens a SQLite file, a `postgresql://`
URL, or the default store, and returns a `Storyline` (projections/app.py): one method per use
case, typed results, `to_json()` on each. The CLI (`storyline ...`) is one face of it.

This file is the package's front door; the code lives in the folders beside it:
domain/ (the model), store/ (the log), projections/ (read models, formats, the use cases),
cli/ (the command line).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storyline.projections.app import Storyline
    from storyline.projections.timeline import Clocks

__all__ = ["Clocks", "Storyline", "open"]


def open(store: Any = None, **options: Any) -> Storyline:
    """Open a store and return a `Storyline` over it (see projections/bootstrap.py)."""
    from storyline.projections.bootstrap import open_storyline

    return open_storyline(store, **options)


def __getattr__(name: str) -> Any:
    # Named on first use, so that `import storyline` costs nothing a command does not need.
    if name == "Storyline":
        from storyline.projections.app import Storyline

        return Storyline
    if name == "Clocks":
        from storyline.projections.timeline import Clocks

        return Clocks
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")
