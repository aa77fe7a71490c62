"""The README's picture of `storyline explore`: an SVG that Textual exports of the bundled story
in September 2025 as the record stood on 10 November — the UK's pause possibly under way, not
yet reported (greyed).

    python bench/explore_screenshot.py [--out docs/explore.svg]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


async def shoot(out: Path) -> None:
    from storyline.cli.commands.exploring import typed_day
    from storyline.cli.tui.explore_app import ExploreApp
    from storyline.projections.bootstrap import open_storyline

    with tempfile.TemporaryDirectory() as scratch:
        story = open_storyline(Path(scratch, "store.db"))
        story.import_bundled("caribbean-2025")
        app = ExploreApp(story, as_of=date(2025, 9, 30), known_at=date(2025, 11, 10), read_day=typed_day)
        async with app.run_test(size=(120, 34)) as pilot:
            await pilot.press("u")
            await pilot.pause()
            app.save_screenshot(filename=out.name, path=str(out.parent))
        story.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "explore.svg")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    asyncio.run(shoot(args.out))
    print(args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
