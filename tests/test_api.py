"""The Python API, use case by use case, on both backends: what a notebook or a script does with
`storyline.open()`, and that each result's `to_json()` is what the command's `--json` prints."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import storyline
from storyline.domain import DomainError, Source
from storyline.projections.app import Storyline, StoryNeeded, UnknownStory
from storyline.store import InputError

from .conftest import Run

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def story(store_url: str) -> Iterator[Storyline]:
    with storyline.open(store_url) as opened:
        opened.import_bundled("caribbean-2025")
        yield opened


def test_the_readme_example_runs(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    block = re.search(r"^## Python API\n.*?^```python\n(.*?)^```", README, re.M | re.S)
    assert block, "README has a Python API example"
    code = block.group(1).replace('"newsroom.db"', repr(store_url))
    exec(compile(code, "README.md", "exec"), {})  # the README's own example
    printed = capsys.readouterr().out
    assert "Sep – 10 Oct 2025 · UK halts intelligence sharing" in printed or "Sep – 10 Oct 2025" in printed
    assert "at least 80" in printed and "title" in printed  # the frame printed its columns


def test_recording_is_validated_and_stored_as_an_imported_row(story: Storyline) -> None:
    fields = {
        "date": "2025-09-02",
        "title": "A strike",
        "actors": ["United States"],
        "source": "CNN",
        "killed": "11",
    }
    done = story.record("strike", fields, story="caribbean-2025")
    assert (done.added, done.story, done.key) == (1, "caribbean-2025", None)
    assert done.to_json()["id"] == done.id
    again = story.record("strike", fields, story="caribbean-2025")
    assert (again.added, again.unchanged) == (0, 1)
    found = [e for e in story.timeline(kinds=["strike"]) if e.title == "A strike"]
    assert len(found) == 1 and found[0].figure("killed").value == 11  # type: ignore[union-attr]
    with pytest.raises(InputError, match="killed"):
        story.record("strike", {**fields, "killed": "many", "title": "B"}, story="caribbean-2025")


def test_a_record_without_a_story_goes_to_the_only_one_or_asks(story: Storyline, tmp_path: Path) -> None:
    done = story.record("protest", {"date": "2025-10-01", "title": "A protest"})
    assert done.story == "caribbean-2025"
    csv = tmp_path / "boats.csv"
    csv.write_text("date,kind,title\n2025-09-02,strike,Another\n")
    story.import_files([csv])
    with pytest.raises(StoryNeeded, match="name the story"):
        story.record("protest", {"date": "2025-10-01", "title": "Another protest"})


def test_files_import_as_one_outcome(story: Storyline, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text("id,date,kind,title\ng,2025-09-02,strike,Good\n")
    bad.write_text("id,date,kind,title\nb,2025-13-40,strike,Bad\n")
    before = len(story.timeline())
    with pytest.raises(InputError, match=r"bad\.csv:2"):
        story.import_files([good, bad], story="boats")
    assert len(story.timeline()) == before
    (report,) = story.import_files([good], story="boats")
    assert report.to_json()["added"] == 1


def test_corrections_retractions_and_corroborations_keep_every_version(story: Storyline) -> None:
    corrected = story.correct(
        "strike-toll", {"killed": "at least 80"}, reported=date(2025, 11, 20), why="a later count"
    )
    assert corrected.to_json() == {
        "story": "caribbean-2025",
        "entry": "strike-toll",
        "name": "caribbean-2025/strike-toll",
        "version": 2,
        "event": "corrected",
    }
    assert corrected.warnings  # the title still says "at least 76"
    story.corroborate("uk-pause", source=Source(outlet="BBC", published=date(2025, 11, 12)))
    story.retract("venezuela-irked", reported=date(2025, 11, 25), why="misread")
    history = story.history("strike-toll")
    assert [v.event for v in history.versions] == ["recorded", "corrected"]
    assert history.versions[1].changes[0].now == "at least 80"
    earlier = story.history("strike-toll", known_at=date(2025, 11, 19))
    assert len(earlier.versions) == 1
    assert all(e.key != "venezuela-irked" for e in story.timeline())
    with pytest.raises(DomainError, match="report cannot come from the future"):
        story.correct("strike-toll", {"killed": "81"}, reported=date(2999, 1, 1))
    with pytest.raises(DomainError, match="no entry"):
        story.correct("strike", {"killed": "81"})  # too short a prefix of an id to change by


def test_the_timeline_filters(story: Storyline) -> None:
    everything = story.timeline()
    assert len(everything) == 21 and everything[0].occurred.text == "before 2024"
    assert {e.kind for e in story.timeline(kinds=["Intelligence Pause"])} == {"intelligence-pause"}
    holsey = story.timeline(actors=["Holsey"])
    southcom = story.timeline(actors=["U.S. Southern Command"], with_parts=True)
    assert {e.id for e in holsey} <= {e.id for e in southcom}
    autumn = story.timeline(since=date(2025, 11, 1), until=date(2025, 11, 30))
    assert all(e.occurred.end_ordinal >= date(2025, 11, 1).toordinal() for e in autumn)
    last = story.timeline(last=3, clocks=story.clocks(as_of=date(2025, 9, 30)))
    assert len(last) == 3 and all(e.certainty in ("certainly", "possibly") for e in last)
    with pytest.raises(UnknownStory, match="no story 'boat'"):
        story.timeline(stories=["boat"])


def test_actors_and_stories(story: Storyline) -> None:
    view = story.actor("uk")
    assert view.actor.name == "United Kingdom"
    assert {r.status for r in view.relations} == {"paused"}
    counts = story.actors()
    assert counts[0].entries >= counts[-1].entries
    (summary,) = story.stories()
    assert summary.to_json()["entries"] == 21 and summary.first.text == "before 2024"


def test_the_situation_diff_replay_chart_and_lanes(story: Storyline) -> None:
    now = story.situation(date(2025, 11, 12))
    uk = next(r for r in now.relations if r.provider == "United Kingdom")
    assert uk.status == "paused" and now.tallies.certain["killed"].text == "at least 76"
    then = story.situation(date(2025, 11, 12), clocks=story.clocks(known_at=date(2025, 11, 10)))
    assert next(r for r in then.relations if r.provider == "United Kingdom").status == "active"
    change = story.diff(date(2025, 8, 31), date(2025, 11, 12))
    assert change.entries and change.to_json()["changes"]["relations"]
    replay = story.replay(by="month")
    steps = list(replay.steps)
    assert steps[0].label.startswith("until") and steps[-1].situation.as_of == replay.end
    chart = story.tallies_over_time(by="month")
    assert chart.points[-1].certain["killed"].value == 76
    lanes = story.lanes(room=40)
    assert "United States" in lanes.lanes and lanes.to_json()["by"] in ("week", "month")


def test_every_export_format(story: Storyline, tmp_path: Path) -> None:
    from storyline.projections.formats import EXPORT_FORMATS

    texts = {fmt: story.export(fmt) for fmt in EXPORT_FORMATS}
    assert json.loads(texts["json"])["entries"]
    assert texts["csv"].startswith("id,story,date")
    assert texts["html"].startswith("<!doctype html>")
    copy = tmp_path / "story.json"
    copy.write_text(texts["json"])
    with storyline.open(tmp_path / "again.db") as again:
        again.import_files([copy])
        assert [e.title for e in again.timeline()] == [e.title for e in story.timeline()]


def test_keeping_the_store(story: Storyline, tmp_path: Path) -> None:
    assert story.stats().entries == 21
    assert story.rebuild() == story.stats().events
    checked = story.verify()
    assert checked.ok and checked.head and checked.to_json()["problems"] == []
    copied = story.copy_to(str(tmp_path / "copy.db"))
    assert copied.events == story.stats().events
    with storyline.open(tmp_path / "copy.db") as copy:
        assert [e.to_json() for e in copy.timeline()] == [e.to_json() for e in story.timeline()]


@pytest.mark.parametrize(
    ("command", "call"),
    [
        (("timeline", "--json"), lambda s: [e.to_json() for e in s.timeline()]),
        (
            ("timeline", "--as-of", "2025-09-15", "--json"),
            lambda s: [e.to_json() for e in s.timeline(clocks=s.clocks(as_of=date(2025, 9, 15)))],
        ),
        (("at", "2025-11-12", "--json"), lambda s: s.situation(date(2025, 11, 12)).to_json()),
        (
            ("diff", "2025-09-01", "2025-11-12", "--json"),
            lambda s: s.diff(date(2025, 9, 1), date(2025, 11, 12)).to_json(),
        ),
        (("history", "uk-pause", "--json"), lambda s: s.history("uk-pause").to_json()),
        (("actor", "Holsey", "--json"), lambda s: s.actor("Holsey").to_json()),
        (("actors", "--json"), lambda s: [a.to_json() for a in s.actors()]),
        (("stories", "--json"), lambda s: [x.to_json() for x in s.stories()]),
        (("chart", "--json"), lambda s: s.tallies_over_time().to_json()),
        (("replay", "--json"), lambda s: s.replay().to_json()),
    ],
    ids=lambda value: value[0] if isinstance(value, tuple) else "",
)
def test_to_json_is_what_the_command_prints(
    seeded_cli: Run, store_url: str, command: tuple[str, ...], call: object
) -> None:
    printed = json.loads(seeded_cli(*command).stdout)
    with storyline.open(store_url) as story:
        assert printed == json.loads(json.dumps(call(story)))  # type: ignore[operator]


def test_a_list_of_entries_is_a_dataframe(story: Storyline) -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(story.timeline())
    assert len(frame) == 21 and {"title", "kind", "occurred", "sources"} <= set(frame.columns)
