"""An encrypted SQLite store keeps its views between commands, sealed with its own key
(projections/sealed_views.py): the next command opens them instead of replaying the log, and an
image that is not this log's, or not this key's, is never used."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

import storyline
from storyline.projections import database
from storyline.projections.sealed_views import image_path
from storyline.store import new_key


def open_encrypted(path: Path, key: str) -> storyline.Storyline:
    return storyline.open(str(path), key=key, catch_up=False)


def recorded(path: Path, key: str, title: str) -> None:
    with storyline.open(str(path), key=key) as story:
        story.record("strike", {"title": title, "date": "2025-09-02", "killed": "3"}, story="boats")
        story.catch_up()  # what the next command does first; it then seals the views as it closes


def test_the_next_command_opens_the_sealed_views_instead_of_replaying(tmp_path: Path) -> None:
    key, path = new_key(), tmp_path / "e.db"
    recorded(path, key, "Strike on a boat near Trinidad")
    with open_encrypted(path, key) as story:
        assert story.lag == 0  # nothing to replay: the image stands at the log's end
        assert [e.title for e in story.timeline()] == ["Strike on a boat near Trinidad"]
    image = path.with_name("e.db.views")
    assert image_path(story.store) == image and image.exists()
    assert b"Trinidad" not in image.read_bytes() and b"boats" not in image.read_bytes()
    assert oct(image.stat().st_mode & 0o777) == "0o600"


def test_what_is_recorded_after_the_image_is_caught_up_and_sealed_again(tmp_path: Path) -> None:
    key, path = new_key(), tmp_path / "e.db"
    recorded(path, key, "First strike")
    recorded(path, key, "Second strike")
    with open_encrypted(path, key) as story:
        assert story.lag == 0
        assert sorted(e.title for e in story.timeline()) == ["First strike", "Second strike"]
        assert story.situation(date(2025, 9, 30)).tallies.certain["killed"].value == 6


def test_an_image_of_another_log_or_key_is_never_used(tmp_path: Path) -> None:
    key = new_key()
    one, other = tmp_path / "one.db", tmp_path / "other.db"
    recorded(one, key, "Only in the first store")
    recorded(other, key, "Only in the second store")
    # The first store's image laid beside the second (same key, same name pattern).
    shutil.copy(one.with_name("one.db.views"), other.with_name("other.db.views"))
    with open_encrypted(other, key) as story:
        assert story.lag > 0  # the image was refused: the views start from the log
        story.catch_up()
        assert [e.title for e in story.timeline()] == ["Only in the second store"]
    # Under another key the image does not open at all (the store is re-keyed by copying it).
    second_key = new_key()
    copy = tmp_path / "copy.db"
    with storyline.open(str(other), key=key) as story:
        story.copy_to(str(copy), key=second_key)
    shutil.copy(other.with_name("other.db.views"), copy.with_name("copy.db.views"))
    with open_encrypted(copy, second_key) as story:
        assert story.lag > 0
        story.catch_up()
        assert [e.title for e in story.timeline()] == ["Only in the second store"]


def test_a_damaged_image_is_ignored_and_replaced(tmp_path: Path) -> None:
    key, path = new_key(), tmp_path / "e.db"
    recorded(path, key, "A strike")
    image = path.with_name("e.db.views")
    image.write_bytes(image.read_bytes()[:1000])  # cut short
    with open_encrypted(path, key) as story:
        assert story.lag > 0
        story.catch_up()
        assert [e.title for e in story.timeline()] == ["A strike"]
    with open_encrypted(path, key) as story:
        assert story.lag == 0  # sealed whole again


def test_a_plain_store_has_no_image(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    with storyline.open(str(path)) as story:
        story.record("strike", {"title": "A strike", "date": "2025-09-02"}, story="boats")
        assert image_path(story.store) is None
    assert not path.with_name("plain.db.views").exists()


def test_an_image_of_views_of_another_version_is_made_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, path = new_key(), tmp_path / "e.db"
    recorded(path, key, "A strike")
    # The next Storyline shapes its views otherwise: the image, this log's and this key's, is not its.
    monkeypatch.setattr(database, "VIEWS_VERSION", f"{database.VIEWS_VERSION}-next")
    with open_encrypted(path, key) as story:
        assert story.lag > 0
        story.catch_up()
        assert [e.title for e in story.timeline()] == ["A strike"]
