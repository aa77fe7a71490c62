"""A story file's `title:` and `description:` are recorded (domain/story_profile.py), not
dropped: the stories list, every export and a lossless round trip carry them, a revised title
is an event the recorded clock can go back before, and a title that is not text is refused."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import Run

STORY = """
story: boats
title: Strikes on boats in the Caribbean
description: What the US military struck, and who said so.
entries:
  - {id: s1, kind: strike, date: 2025-09-02, title: A strike on a boat, killed: "11", source: CNN, reported: 2025-09-03}
"""


def write(tmp_path: Path, text: str, name: str = "boats.yaml") -> str:
    path = tmp_path / name
    path.write_text(text.strip() + "\n")
    return str(path)


def test_title_and_description_are_recorded_and_shown_everywhere(cli: Run, tmp_path: Path) -> None:
    done = cli("import", write(tmp_path, STORY))
    assert done.exit_code == 0, done.stderr
    assert "title and description" in done.stdout + done.stderr
    (story,) = json.loads(cli("stories", "--json").stdout)
    assert story["title"] == "Strikes on boats in the Caribbean"
    assert story["description"] == "What the US military struck, and who said so."
    assert "Strikes on boats in the Caribbean" in cli("stories").stdout
    report = cli("export", "--format", "html").stdout
    assert "<h1>Strikes on boats in the Caribbean</h1>" in report
    assert "What the US military struck, and who said so." in report
    markdown = cli("export", "--format", "markdown").stdout
    assert markdown.startswith("# Strikes on boats in the Caribbean\n\nWhat the US military struck")


def test_the_same_file_again_records_nothing_and_a_revised_title_is_news(cli: Run, tmp_path: Path) -> None:
    assert cli("import", write(tmp_path, STORY)).exit_code == 0
    events = json.loads(cli("stats", "--json").stdout)["events"]
    again = cli("import", write(tmp_path, STORY))
    assert again.exit_code == 0 and "title and description" not in again.stdout + again.stderr
    assert json.loads(cli("stats", "--json").stdout)["events"] == events
    revised = STORY.replace("title: Strikes on boats in the Caribbean", "title: Lethal strikes on boats")
    assert cli("import", write(tmp_path, revised)).exit_code == 0
    (now,) = json.loads(cli("stories", "--json").stdout)
    assert now["title"] == "Lethal strikes on boats"
    assert now["description"] == "What the US military struck, and who said so."  # kept: not given anew
    history = json.loads(cli("stats", "--json").stdout)["events"]
    assert history == events + 1


def test_a_lossless_export_carries_the_profile_into_another_store(cli: Run, tmp_path: Path) -> None:
    assert cli("import", write(tmp_path, STORY)).exit_code == 0
    copy = tmp_path / "copy.json"
    assert cli("export", "--format", "json", "-o", str(copy)).exit_code == 0
    assert json.loads(copy.read_text())["title"] == "Strikes on boats in the Caribbean"
    other = str(tmp_path / "other.db")
    assert cli("import", str(copy), env={"STORYLINE_STORE": other}).exit_code == 0
    (story,) = json.loads(cli("stories", "--json", env={"STORYLINE_STORE": other}).stdout)
    assert (story["title"], story["description"]) == (
        "Strikes on boats in the Caribbean",
        "What the US military struck, and who said so.",
    )


def test_a_title_that_is_not_text_is_one_line_and_nothing_is_appended(cli: Run, tmp_path: Path) -> None:
    bad = STORY.replace("title: Strikes on boats in the Caribbean", "title: [not, text]")
    done = cli("import", write(tmp_path, bad))
    assert done.exit_code == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "boats.yaml:2: title:" in lines[0], lines
    assert json.loads(cli("stats", "--json").stdout)["events"] == 0


def test_the_profile_rebuilds_and_verifies_with_the_views(cli: Run, tmp_path: Path) -> None:
    assert cli("import", write(tmp_path, STORY)).exit_code == 0
    assert cli("rebuild").exit_code == 0
    (story,) = json.loads(cli("stories", "--json").stdout)
    assert story["title"] == "Strikes on boats in the Caribbean"
    checked = cli("verify")
    assert checked.exit_code == 0, checked.stdout + checked.stderr


def test_a_report_of_several_stories_is_headed_by_their_titles(cli: Run, tmp_path: Path) -> None:
    assert cli("import", write(tmp_path, STORY)).exit_code == 0
    assert cli("import", "--bundled", "caribbean-2025").exit_code == 0
    report = cli("export", "--format", "html").stdout
    heading = report.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert "Strikes on boats in the Caribbean" in heading and "UK halts intelligence sharing" in heading
    assert "caribbean-2025" not in heading
