"""Issue 9, second round: what an attacker's walk through the first fixes still broke. Each test
is one finding, reproduced as it was seen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pytest

import storyline
from storyline.store import KeyRefused, StoryStore, locate

from .conftest import Run
from .test_log_evidence import Raw

STORYLINE = str(Path(sys.executable).parent / "storyline")


@pytest.fixture
def raw(store_url: str) -> Raw:
    return Raw(store_url)


def big_csv(path: Path, rows: int, prefix: str = "r", kind: str = "strike") -> Path:
    lines = ["id,date,kind,title,actors,source"]
    lines += [
        f"{prefix}{i},2025-09-02,{kind},Secret title {prefix}{i},United States,CNN" for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def cut_copy(source_url: str, target: str, key: str | None = None) -> None:
    """A copy killed after its first batch: the batches before it whole, the rest missing."""

    def cut(done: int, total: int) -> None:
        raise KeyboardInterrupt

    source, destination = StoryStore(locate(source_url)), StoryStore(locate(target), cipher_key=key)
    try:
        with pytest.raises(KeyboardInterrupt):
            source.copy_log_to(destination, progress=cut, batch=100)
    finally:
        source.close()
        destination.close()


# -- 1, 2 and 17: an unfinished copy resumes only as it began ------------------------------------


def test_an_unfinished_encrypted_copy_resumes_only_with_its_key(
    cli: Run, store_url: str, tmp_path: Path
) -> None:
    assert cli("import", str(big_csv(tmp_path / "big.csv", 400)), "--story", "s").exit_code == 0
    key_file = tmp_path / "k.key"
    assert cli("keygen", "--file", str(key_file)).exit_code == 0
    target = str(tmp_path / "dst.db")
    cut_copy(store_url, target, key_file.read_text().strip())
    told = cli("--key-file", str(key_file), "timeline", "--store", target)
    assert told.exit_code == 2 and "--to-key-file KEY" in told.stderr, told.stderr  # the advice names the key
    without = cli("copy", "--to", target)
    assert without.exit_code == 2 and "is encrypted" in without.stderr, without.stderr
    other = tmp_path / "other.key"
    cli("keygen", "--file", str(other))
    wrong = cli("copy", "--to", target, "--to-key-file", str(other))
    assert wrong.exit_code == 2 and "does not open" in wrong.stderr
    done = cli("copy", "--to", target, "--to-key-file", str(key_file))
    assert done.exit_code == 0, done.stderr
    assert b"Secret title" not in b"".join(p.read_bytes() for p in tmp_path.glob("dst.db*"))
    assert cli("--key-file", str(key_file), "verify", "--store", target).exit_code == 0


def test_an_unfinished_copy_resumes_only_from_the_store_it_began_with(
    cli: Run, store_url: str, tmp_path: Path
) -> None:
    other = str(tmp_path / "other.db")
    assert cli("import", str(big_csv(tmp_path / "a.csv", 400)), "--story", "a").exit_code == 0
    assert (
        cli("import", str(big_csv(tmp_path / "b.csv", 300, "b")), "--story", "b", "--store", other).exit_code
        == 0
    )
    target = str(tmp_path / "dst.db")
    cut_copy(store_url, target)
    told = cli("stats", "--store", target)
    assert "?schema=" in told.stderr or "://" not in store_url  # the source named whole
    mixed = cli("copy", "--store", other, "--to", target)
    assert mixed.exit_code == 2 and "unfinished copy of another store" in mixed.stderr, mixed.stderr
    assert cli("copy", "--to", target).exit_code == 0
    assert cli("verify", "--store", target).exit_code == 0
    counts = {
        s["story"]: s["entries"] for s in json.loads(cli("stories", "--json", "--store", target).stdout)
    }
    assert counts == {"a": 400}


def test_the_marker_of_an_unfinished_encrypted_copy_names_its_source_to_no_one_without_the_key(
    cli: Run, store_url: str, tmp_path: Path
) -> None:
    assert cli("import", str(big_csv(tmp_path / "big.csv", 300)), "--story", "s").exit_code == 0
    key = cli("keygen").stdout.strip()
    target = tmp_path / "dst.db"
    cut_copy(store_url, str(target), key)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("dst.db*"))
    assert store_url.split("?")[0].encode() not in raw and b"store.db" not in raw


# -- 3: removing the chain does not make Storyline chain a tampered log again ---------------------


def test_a_chain_removed_is_not_made_again_silently(seeded_cli: Run, raw: Raw) -> None:
    raw("DELETE FROM {chain}")
    raw("DELETE FROM " + ("storyline_store_meta" if raw.postgres else "store_meta") + " WHERE name = 'chain'")
    again = seeded_cli("verify")
    assert "had no hash chain" in again.stderr  # said once, as for an old store ...
    result = seeded_cli("verify")
    assert "Note: the hash chain began on" in result.stdout  # ... and in every verify after it
    assert "51 events" in result.stdout


def test_links_whose_start_is_not_recorded_are_reported_not_made_again(seeded_cli: Run, raw: Raw) -> None:
    raw("DELETE FROM " + ("storyline_store_meta" if raw.postgres else "store_meta") + " WHERE name = 'chain'")
    result = seeded_cli("verify")
    assert result.exit_code == 1 and "where its hash chain began is gone" in result.stdout, result.stdout
    assert seeded_cli("timeline").exit_code == 0  # the store still opens


# -- 4: no export over a key, wherever it came from ------------------------------------------------


def test_an_export_never_writes_over_a_key_given_through_the_environment(cli: Run, tmp_path: Path) -> None:
    key_file = tmp_path / "storyline.key"
    cli("keygen", "--file", str(key_file))
    env = {"STORYLINE_CIPHER_KEY": key_file.read_text().strip()}
    assert cli("import", "--bundled", "caribbean-2025", env=env).exit_code == 0
    result = cli("export", "--format", "csv", "-o", str(key_file), env=env)
    assert result.exit_code == 2 and "holds a key" in result.stderr
    assert cli("timeline", env={"STORYLINE_CIPHER_KEY": key_file.read_text().strip()}).exit_code == 0


# -- 5: an encrypted store's ids are read off the log, not off a note beside it -------------------


def test_an_encrypted_store_keeps_its_keyed_ids_whatever_its_notes_say(cli: Run, raw: Raw) -> None:
    env = {"STORYLINE_CIPHER_KEY": cli("keygen").stdout.strip()}
    assert cli("import", "--bundled", "caribbean-2025", env=env).exit_code == 0
    raw(
        "DELETE FROM "
        + ("storyline_store_meta" if raw.postgres else "store_meta")
        + " WHERE name = 'entry_ids'"
    )
    again = cli("import", "--bundled", "caribbean-2025", env=env)
    assert again.exit_code == 0 and "0 added" in again.stdout, again.stdout
    assert len(json.loads(cli("timeline", "--json", env=env).stdout)) == 21


# -- 6: nothing outside the chain decides what is recorded ----------------------------------------


def test_the_store_keeps_no_snapshots(store_url: str) -> None:
    with storyline.open(store_url) as story:
        story.import_bundled("caribbean-2025")
        assert story.store.snapshots is None  # the registry is read from its events, all of them


# -- 7: only the tables Storyline made are Storyline's to drop ------------------------------------


def test_tables_that_are_not_storylines_are_never_dropped(postgres_database: str) -> None:
    url = f"{postgres_database}?schema=t_foreign"
    with psycopg.connect(postgres_database, autocommit=True) as connection:
        connection.execute("CREATE SCHEMA t_foreign")
        connection.execute("CREATE TABLE t_foreign.log_positions (x int)")
        connection.execute("CREATE TABLE t_foreign.invoices_r2025120101 (x int)")
        connection.execute("INSERT INTO t_foreign.log_positions VALUES (1)")
    result = subprocess.run(
        [STORYLINE, "stats", "--store", url],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 2 and "not Storyline's" in result.stderr, result.stderr
    with psycopg.connect(postgres_database, autocommit=True) as connection:
        assert connection.execute("SELECT x FROM t_foreign.log_positions").fetchall() == [(1,)]
        connection.execute("DROP TABLE t_foreign.log_positions")
    assert subprocess.run([STORYLINE, "rebuild", "--store", url], capture_output=True).returncode == 0
    with psycopg.connect(postgres_database, autocommit=True) as connection:
        assert connection.execute("SELECT count(*) FROM t_foreign.invoices_r2025120101").fetchone() == (0,)


# -- 8: a store on PostgreSQL opens without waiting on other writers' locks -----------------------


def test_reading_a_postgresql_store_waits_on_no_writer(seeded_cli: Run, store_url: str) -> None:
    if "://" not in store_url:
        pytest.skip("PostgreSQL's table locks")
    database, schema = store_url.split("?schema=")
    holder = psycopg.connect(database)
    holder.execute(f'LOCK TABLE "{schema}".storyline_events IN EXCLUSIVE MODE')  # a writer, holding on
    try:
        read = seeded_cli("timeline", env={"STORYLINE_LOCK_TIMEOUT": "2"})
        assert read.exit_code == 0, read.stderr
        write = seeded_cli(
            "record",
            "protest",
            "--on",
            "2025-10-01",
            "--title",
            "Blocked",
            env={"STORYLINE_LOCK_TIMEOUT": "2"},
        )
        assert write.exit_code != 0 and "try again" in write.stderr, write.stderr
    finally:
        holder.rollback()
        holder.close()


# -- 9: verify beside a writer ---------------------------------------------------------------------


def test_verify_beside_an_import_finds_nothing_wrong(seeded_cli: Run, store_url: str, tmp_path: Path) -> None:
    files = [big_csv(tmp_path / f"f{n}.csv", 200, f"f{n}-") for n in range(4)]
    env = {**os.environ, "STORYLINE_STORE": store_url, "NO_COLOR": "1"}

    def imports() -> None:
        for path in files:
            subprocess.run([STORYLINE, "import", str(path), "--story", "more"], env=env, capture_output=True)

    writer = threading.Thread(target=imports)
    writer.start()
    outcomes = []
    while writer.is_alive():
        outcomes.append(subprocess.run([STORYLINE, "verify"], env=env, capture_output=True, text=True))
    writer.join()
    assert outcomes and all(o.returncode == 0 for o in outcomes), [o.stdout for o in outcomes if o.returncode]


# -- 11: YAML tags ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["!!int 017", "!!binary aGVsbG8=", "!!float 5", "!!bool yes", "!custom x"])
def test_a_yaml_tag_is_refused(cli: Run, tmp_path: Path, value: str) -> None:
    path = tmp_path / "tagged.yaml"
    path.write_text(f"story: s\nentries:\n  - kind: strike\n    date: 2025-09-02\n    title: {value}\n")
    result = cli("import", str(path))
    assert result.exit_code == 2 and "tags" in result.stderr and "tagged.yaml:5" in result.stderr, (
        result.stderr
    )


# -- 12: damaged events are named, never a traceback ----------------------------------------------


DAMAGES = {
    "version 0": lambda state: {**state, "class_version": 0},
    "a day that is not one": lambda state: {**state, "reported": "x"},
}


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_damaged_events_are_named(seeded_cli: Run, raw: Raw, damage: str) -> None:
    position = raw.position_of(b'"record"')
    raw.set_state(position, json.dumps(DAMAGES[damage](json.loads(raw.state(position)))).encode())
    raw("DELETE FROM {tracking} WHERE application_name = 'Storyline'")
    for command in (("timeline",), ("rebuild",)):
        result = seeded_cli(*command)
        assert result.exit_code != 0 and result.stderr.count("\n") == 1, result.stderr
        assert "newer Storyline, or is damaged" in result.stderr
    listed = json.loads(seeded_cli("verify", "--json").stdout)["problems"]
    assert any(p["where"] == f"position {position}" and "is damaged" in p["what"] for p in listed)


def test_an_event_stored_as_text_is_named(seeded_cli: Run, store_url: str) -> None:
    if "://" in store_url:
        pytest.skip("PostgreSQL's column holds bytes only")
    import sqlite3

    connection = sqlite3.connect(store_url)
    connection.execute("UPDATE stored_events SET state = CAST(state AS TEXT) WHERE rowid = 5")
    connection.commit()
    connection.close()
    result = seeded_cli("verify", "--json")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert any(p["where"] == "position 5" for p in json.loads(result.stdout)["problems"])


def test_verify_names_the_first_event_when_that_one_is_damaged(seeded_cli: Run, raw: Raw) -> None:
    raw("UPDATE {events} SET topic = 'os:system' WHERE {pos} = 1")
    result = seeded_cli("verify", "--json")
    assert result.exit_code == 1, result.stderr
    assert any(p["where"] == "position 1" for p in json.loads(result.stdout)["problems"])


# -- 13, 14: the calendar's edges, and URLs that are not ------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("timeline", "--recorded-before", "9999-12-31"),
        ("timeline", "--recorded-before", "9999"),
        ("timeline", "--recorded-before", "0001-01-01T00:00:00+05:00"),
        ("diff", "9999-12-31", "9999-12-31"),
    ],
)
def test_the_calendars_edges_in_commands(seeded_cli: Run, command: tuple[str, ...]) -> None:
    result = seeded_cli(*command, env={"TZ": "Asia/Tokyo"})
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres:S3C/RETpw@127.0.0.1:5432/db",
        "postgresql://u@h:99999/db",
        "postgresql://[::1/db",
    ],
)
def test_a_malformed_postgresql_url_is_one_line_and_keeps_its_password(cli: Run, url: str) -> None:
    result = cli("stats", "--store", url)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "S3C" not in result.stderr and "RETpw" not in result.stderr


# -- 15: one id, one kind -----------------------------------------------------------------------------


def test_an_id_reused_for_another_kind_is_refused(cli: Run, tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text("id,date,kind,title,actors,source\nx,2025-09-02,strike,A strike,United States,CNN\n")
    b = tmp_path / "b.csv"
    b.write_text("id,date,kind,title,asset,source\nx,2025-09-02,deployment,Another title,Navy,CNN\n")
    together = cli("import", str(a), str(b), "--story", "s")
    assert together.exit_code == 2 and "names a strike" in together.stderr, together.stderr
    assert cli("import", str(a), "--story", "s").exit_code == 0
    alone = cli("import", str(b), "--story", "s")
    assert alone.exit_code == 2 and "names a strike" in alone.stderr, alone.stderr


# -- 16: damaged views say so, and rebuild repairs even these ------------------------------------


def test_views_past_the_logs_end_are_damaged(seeded_cli: Run, raw: Raw) -> None:
    raw("UPDATE {tracking} SET notification_id = 99999 WHERE application_name = 'Storyline'")
    result = seeded_cli("timeline")
    assert result.exit_code == 2 and "storyline rebuild" in result.stderr, result.stderr
    assert seeded_cli("verify").exit_code == 1
    assert seeded_cli("rebuild").exit_code == 0 and seeded_cli("verify").exit_code == 0


def test_a_row_that_does_not_read_back_is_damage(seeded_cli: Run, raw: Raw) -> None:
    raw("UPDATE timeline_rows SET body = 'not json'")
    result = seeded_cli("timeline")
    assert result.exit_code == 2 and "storyline rebuild" in result.stderr and "Traceback" not in result.stderr
    assert seeded_cli("rebuild").exit_code == 0 and seeded_cli("verify").exit_code == 0


def test_rebuild_repairs_a_table_someone_made_a_view(seeded_cli: Run, raw: Raw) -> None:
    raw("DROP TABLE timeline_rows")
    raw("CREATE VIEW timeline_rows AS SELECT 1 AS x")
    assert seeded_cli("rebuild").exit_code == 0
    assert seeded_cli("verify").exit_code == 0


# -- 17: the rest --------------------------------------------------------------------------------------


def test_a_title_beginning_with_a_quote_mark_round_trips_through_csv(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "quoted.json"
    rows = [
        {"id": f"q{n}", "kind": "protest", "date": "2025-09-02", "title": title}
        for n, title in enumerate(["'=1+1 sum", "'Tis so"])
    ]
    path.write_text(json.dumps({"story": "q", "entries": rows}))
    assert cli("import", str(path)).exit_code == 0
    exported = tmp_path / "q.csv"
    assert cli("export", "--format", "csv", "-o", str(exported)).exit_code == 0
    again = tmp_path / "again.db"
    assert cli("import", str(exported), "--store", str(again)).exit_code == 0
    titles = {e["title"] for e in json.loads(cli("timeline", "--json", "--store", str(again)).stdout)}
    assert titles == {"'=1+1 sum", "'Tis so"}


def test_an_export_through_a_dangling_link_names_where_it_leads(seeded_cli: Run, tmp_path: Path) -> None:
    link = tmp_path / "latest.md"
    link.symlink_to(tmp_path / "gone" / "story.md")
    result = seeded_cli("export", "--format", "markdown", "-o", str(link))
    assert result.exit_code == 2 and str(tmp_path / "gone") in result.stderr


def test_a_key_too_regular_to_be_secret_is_refused(tmp_path: Path) -> None:
    import base64

    for raw_key in (bytes(32), b"\x01" * 32, b"ab" * 16):
        with pytest.raises(KeyRefused):
            StoryStore(locate(str(tmp_path / "k.db")), cipher_key=base64.b64encode(raw_key).decode())
