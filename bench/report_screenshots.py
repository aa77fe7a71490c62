"""Screenshots of the HTML report, for a person to look at: the bundled story at a desk's width
and a phone's, opened at an entry's anchor, printed, and a map of the UCDP sample's events.

    python bench/report_screenshots.py [--out bench/out/report] [--docs]

Each report is exported through the CLI into a fresh store in a temporary folder, served from
127.0.0.1 and opened in Debian's Chromium (headless, through Playwright; nothing else is
reachable). Writes report.html, desktop.png, phone.png, entry.png, print.pdf and map.png into
--out; with --docs, also docs/report.png (the README's screenshot: the top of the desktop page).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests import browser  # noqa: E402  (the tests' own Chromium, served the same way)


def storyline(home: Path, *args: str) -> None:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "NO_COLOR": "1"}
    env["STORYLINE_STORE"] = str(home / "store.db")
    command = [str(Path(sys.executable).with_name("storyline")), *args]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "out" / "report")
    parser.add_argument("--docs", action="store_true", help="also write docs/report.png")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch, "site")
        site.mkdir()
        story, places = Path(scratch, "story"), Path(scratch, "places")
        story.mkdir()
        places.mkdir()
        storyline(story, "import", "--bundled", "caribbean-2025")
        storyline(
            story,
            *("correct", "strike-toll", "--set", "killed=at least 80", "--reported", "2025-11-20"),
            *("--source", "CNN", "--why", "a later count"),
        )
        storyline(story, "export", "--format", "html", "-o", str(site / "report.html"))
        storyline(places, "import", str(ROOT / "tests" / "fixtures" / "ucdp_sample.csv"))
        storyline(places, "export", "--format", "html", "-o", str(site / "places.html"))
        shutil.copy(site / "report.html", out / "report.html")
        with browser.serve(site) as url:
            with browser.chromium(Path(scratch, "desk"), viewport={"width": 1280, "height": 900}) as desk:
                page = desk.new_page()
                page.goto(url + "/report.html")
                page.screenshot(path=out / "desktop.png", full_page=True)
                if args.docs:
                    (ROOT / "docs").mkdir(exist_ok=True)
                    page.screenshot(path=ROOT / "docs" / "report.png", clip=_top(page))
                page.goto(url + "/report.html#caribbean-2025/uk-pause")
                page.screenshot(path=out / "entry.png")
                page.pdf(path=out / "print.pdf")
                page.goto(url + "/places.html")
                page.locator("#map").screenshot(path=out / "map.png")
                if args.docs:
                    page.locator("#map").screenshot(path=ROOT / "docs" / "report-map.png")
            with browser.chromium(
                Path(scratch, "phone"),
                viewport={"width": 390, "height": 844},
                is_mobile=True,
                has_touch=True,
                device_scale_factor=2,
            ) as phone:
                page = phone.new_page()
                page.goto(url + "/report.html")
                page.screenshot(path=out / "phone.png")
    for name in ("report.html", "desktop.png", "entry.png", "print.pdf", "map.png", "phone.png"):
        print(out / name)


def _top(page: object) -> dict[str, float]:
    """From the top of the page to the end of the where-it-stands box."""
    box = page.locator("#where-it-stands").bounding_box()  # type: ignore[attr-defined]
    return {"x": 0, "y": 0, "width": 1280, "height": box["y"] + box["height"] + 24}


if __name__ == "__main__":
    main()
