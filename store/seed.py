"""The stories Storyline ships with, as ordinary import files inside the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLED_STORIES = ("caribbean-2025",)


def bundled_story_path(name: str) -> Path:
    """The YAML file of a bundled story (a real file: the package is installed unzipped)."""
    return Path(str(resources.files("storyline.store") / "stories" / f"{name}.yaml"))
