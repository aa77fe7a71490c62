"""An encrypted SQLite store keeps its views between commands, sealed with its own key
(projections/sealed_views.py): the next command opens them instead of replaying the log, and
views that are not this log's, or not this key's, are never used. Each test runs on both ways of
keeping them: a database encrypted page by page (SQLCipher), and, where SQLCipher is not
installed, an image of the in-memory views sealed whole."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import storyline
from storyline.projections import database, views
from storyline.projections.sealed_views import MAGIC, image_path, page_cipher
from storyline.store import new_key

SQLITE_HEADER = b"SQLite format 3\x00"


@pytest.fixture(autouse=True, params=["pages", "image"])
def keeping(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "pages" and page_cipher() is None:
        if os.environ.get("STORYLINE_REQUIRE_SQLCIPHER"):  # .ci/run: the wheel is there for its machine
            pytest.fail("SQLCipher (sqlcipher3-binary) is not installed")
        pytest.skip("SQLCipher (sqlcipher3-binary) has no wheel for this machine: views are kept as an image")
    if request.param == "image":
        monkeypatch.setattr(views, "page_cipher", lambda: None)
    return str(request.param)


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


def test_the_views_are_encrypted_page_by_page_where_sqlcipher_is_installed(
    tmp_path: Path, keeping: str
) -> None:
    key, path = new_key(), tmp_path / "e.db"
    recorded(path, key, "Strike on a boat near Trinidad")
    head = path.with_name("e.db.views").read_bytes()[:32]
    assert not head.startswith(SQLITE_HEADER)  # no page of it is in the clear, not even the first
    assert head.startswith(MAGIC) == (keeping == "image")


def test_views_kept_the_other_way_are_made_anew(
    tmp_path: Path, keeping: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store moved to a machine with (or without) SQLCipher: the file it finds is not one it
    reads, and the views are made from the log again, and kept its way from then on."""
    key, path = new_key(), tmp_path / "e.db"
    with monkeypatch.context() as other_way:
        if keeping == "pages":
            other_way.setattr(views, "page_cipher", lambda: None)
        elif page_cipher() is None:
            pytest.skip("SQLCipher (sqlcipher3-binary) has no wheel for this machine")
        else:
            other_way.setattr(views, "page_cipher", page_cipher)
        recorded(path, key, "A strike")
    with open_encrypted(path, key) as story:
        assert story.lag > 0
        story.catch_up()
        assert [e.title for e in story.timeline()] == ["A strike"]
    with open_encrypted(path, key) as story:
        assert story.lag == 0


def test_views_the_key_does_not_open_say_nothing_on_the_terminal(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    key, path = new_key(), tmp_path / "e.db"
    recorded(path, key, "A strike")
    path.with_name("e.db.views").write_bytes(b"not views at all" * 512)
    capfd.readouterr()
    with open_encrypted(path, key) as story:
        story.catch_up()
        assert [e.title for e in story.timeline()] == ["A strike"]
    assert capfd.readouterr() == ("", "")


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


def test_commands_opening_a_new_encrypted_store_at_once_all_see_its_views(
    tmp_path: Path, keeping: str
) -> None:
    """Each makes the views file if it is not there yet; none finds the others' file unreadable
    (its key and salt are the store's, not drawn by whichever came first). Kept as an image, each
    builds the views in memory and the last to finish leaves its image."""
    if keeping == "image" and page_cipher() is not None:
        pytest.skip("the commands run as processes of their own, which find SQLCipher installed")
    key, path = new_key(), tmp_path / "e.db"
    recorded(path, key, "A strike")
    path.with_name("e.db.views").unlink()
    env = {**os.environ, "STORYLINE_STORE": str(path), "STORYLINE_CIPHER_KEY": key, "NO_COLOR": "1"}
    commands = [
        subprocess.Popen(
            [sys.executable, "-c", "from storyline.cli.main import main; main()", "timeline", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for command in commands:
        out, err = command.communicate(timeout=120)
        assert command.returncode == 0 and err == "", err
        assert [e["title"] for e in json.loads(out)] == ["A strike"]
    with open_encrypted(path, key) as story:
        assert story.lag == 0


def cli_on(path: Path, key: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STORYLINE_STORE": str(path), "STORYLINE_CIPHER_KEY": key, "NO_COLOR": "1", **extra}
    return subprocess.run(
        [sys.executable, "-c", "from storyline.cli.main import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_views_busy_longer_than_the_wait_are_one_line_not_a_traceback(tmp_path: Path, keeping: str) -> None:
    """Seen in a review: with SQLCipher, a lock held past STORYLINE_LOCK_TIMEOUT ended in the
    driver's own error class, which nothing caught."""
    if keeping == "image":
        pytest.skip("an image's views are in memory: no other process holds their lock")
    key, path = new_key(), tmp_path / "e.db"
    recorded(path, key, "A strike")
    with open_encrypted(path, key) as story:
        holder = story.views.database
        assert isinstance(holder, database.SQLiteViewDatabase)
        holder.connection.execute("BEGIN IMMEDIATE")  # another command's catch-up, mid-batch
        try:
            # The views need not be written to open (nor the log to record): only to catch up.
            more = ("--story", "boats", "--on", "2025-09-03", "--title", "Another strike")
            recorded_meanwhile = cli_on(path, key, "record", "strike", *more, STORYLINE_LOCK_TIMEOUT="1")
            assert recorded_meanwhile.returncode == 0, recorded_meanwhile.stderr
            busy = cli_on(path, key, "timeline", STORYLINE_LOCK_TIMEOUT="1")
        finally:
            holder.connection.rollback()
    assert busy.returncode == 3 and busy.stderr.count("\n") == 1, busy.stderr  # the store's trouble
    assert "busy" in busy.stderr and "Traceback" not in busy.stderr
    assert cli_on(path, key, "timeline").returncode == 0


def test_damaged_views_are_made_anew_or_named_with_their_cure(tmp_path: Path, keeping: str) -> None:
    """Seen in a review: 40 bytes changed in one page of the views' file stopped every command,
    `rebuild` and `verify` included, with a traceback. Each of the first pages in turn: the
    command either finds it as it opens the views and makes them anew, or names the cure."""
    if keeping == "image" and page_cipher() is not None:
        pytest.skip("the commands run as processes of their own, which find SQLCipher installed")
    key, path = new_key(), tmp_path / "e.db"
    recorded(path, key, "A strike")
    recorded(path, key, "Another strike")
    views_file = path.with_name("e.db.views")
    named = 0
    for page in range(1, 12):
        data = bytearray(views_file.read_bytes())
        at = page * 4096 + 100
        data[at : at + 40] = os.urandom(40)
        views_file.write_bytes(bytes(data))
        shown = cli_on(path, key, "timeline", "--json")
        if shown.returncode != 0:
            named += 1
            assert shown.returncode == 2 and shown.stderr.count("\n") == 1, shown.stderr
            assert "the views are damaged" in shown.stderr and "storyline rebuild" in shown.stderr
            rebuilt = cli_on(path, key, "rebuild")
            assert rebuilt.returncode == 0 and "Traceback" not in rebuilt.stderr, rebuilt.stderr
            shown = cli_on(path, key, "timeline", "--json")
        assert shown.returncode == 0 and shown.stderr == "", (page, shown.stderr)
        assert sorted(e["title"] for e in json.loads(shown.stdout)) == ["A strike", "Another strike"], page
    assert cli_on(path, key, "verify").returncode == 0
    assert named or keeping == "image"  # with pages, some damage is met only by the query reading it
