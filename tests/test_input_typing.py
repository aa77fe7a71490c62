"""Issue 9, item 12 (part): a value is read as the text the user wrote; a key given twice is
refused; a bad UCDP source date is named as `source_date`; a PostgreSQL password is never shown.

YAML 1.1 turns `017` into 15, `on` into True, `1:20` into 80 and `0x10` into 16. Storyline reads
every scalar as its text (only `~`, `null` and an empty value mean "nothing") and its own parsers
decide what the text means, so a story called 017 stays `017` and `0x10` is no count.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.cli.main import _complain
from storyline.domain import InvalidValue
from storyline.store import locate

from .conftest import Run

FIXTURES = Path(__file__).parent / "fixtures"

TYPED_YAML = """\
story: 017
actors:
  - name: no
    type: organisation
    aliases: [on, off]
    description: 1:20
sources:
  yes:
    outlet: on
    published: 2025-11-11
    attribution: 0x10
entries:
  - id: 0x10
    kind: statement
    date: 2025-11
    title: 1:20
    speaker: no
    location: on
    notes: 1e3
    sources: [yes]
    details: {code: 017, flag: off, nested: 1_000, empty: ~}
  - id: 08
    kind: protest
    date: 2025-11-02
    title: None
    actors: [no]
    notes: ~
    location:
"""


def import_text(cli: Run, tmp_path: Path, name: str, text: str) -> object:
    path = tmp_path / name
    path.write_text(text)
    return cli("import", str(path))


def test_yaml_scalars_are_the_text_written(cli: Run, tmp_path: Path) -> None:
    result = import_text(cli, tmp_path, "typed.yaml", TYPED_YAML)
    assert result.exit_code == 0, result.stderr
    assert [s["story"] for s in json.loads(cli("stories", "--json").stdout)] == ["017"]
    entries = {e["key"]: e for e in json.loads(cli("timeline", "--json").stdout)}
    assert set(entries) == {"0x10", "08"}
    said = entries["0x10"]
    assert (said["title"], said["location"]["name"], said["notes"]) == ("1:20", "on", "1e3")
    assert said["details"]["speaker"] == "no"
    assert said["extra"] == {"code": "017", "flag": "off", "nested": "1_000"}
    assert said["sources"][0]["outlet"] == "on" and said["sources"][0]["attribution"] == "0x10"
    protest = entries["08"]
    assert protest["title"] == "None"  # only ~, null (Null, NULL) and nothing at all are nothing
    assert protest["notes"] is None and protest["location"] is None
    actor = json.loads(cli("actor", "no", "--json").stdout)
    assert (actor["name"], actor["aliases"], actor["description"]) == ("no", ["on", "off"], "1:20")


def test_a_hexadecimal_or_sexagesimal_count_is_no_count(cli: Run, tmp_path: Path) -> None:
    for written in ("0x10", "1:20", "0o17", "1_000"):
        text = f"- kind: strike\n  date: 2025-09-02\n  title: T\n  killed: {written}\n"
        result = import_text(cli, tmp_path, "count.yaml", text)
        assert result.exit_code == 2, (written, result.stdout)
        assert f"count.yaml:4: killed: '{written}' is not a count" in result.stderr
    zero_padded = import_text(
        cli, tmp_path, "padded.yaml", "- {kind: strike, date: 2025-09-02, title: T, killed: 017}\n"
    )
    assert zero_padded.exit_code == 0, zero_padded.stderr  # the count seventeen, as written, not fifteen
    assert json.loads(cli("timeline", "--json").stdout)[0]["details"]["killed"]["value"] == 17


DUPLICATE_YAML = {
    "entry field": ("- kind: strike\n  date: 2025-09-02\n  title: A\n  title: B\n", 4, "title"),
    "section": ("entries: []\nstory: a\nstory: b\n", 3, "story"),
    "named source": (
        "sources:\n  cnn: {outlet: CNN}\n  cnn: {outlet: CNN2}\nentries: []\n",
        3,
        "cnn",
    ),
    "actor field": ("actors:\n  - name: A\n    name: B\nentries: []\n", 3, "name"),
    "nested mapping": (
        "- kind: strike\n  date: 2025-09-02\n  title: A\n  details:\n    code: 1\n    code: 2\n",
        6,
        "code",
    ),
    "inline source": (
        "- kind: strike\n  date: 2025-09-02\n  title: A\n  sources: [{outlet: CNN, outlet: BBC}]\n",
        4,
        "outlet",
    ),
}


@pytest.mark.parametrize("case", DUPLICATE_YAML)
def test_a_yaml_key_given_twice_is_refused(cli: Run, tmp_path: Path, case: str) -> None:
    text, line, key = DUPLICATE_YAML[case]
    result = import_text(cli, tmp_path, "twice.yaml", text)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.count("\n") == 1
    assert f"twice.yaml:{line}: {key}: " in result.stderr and "twice" in result.stderr
    assert cli("stories", "--json").stdout.strip() == "[]"


DUPLICATE_JSON = {
    "entry field": ('{"entries": [\n{"kind": "strike", "date": "2025-09-02", "title": "A", "title": "B"}]}', 2, "title"),
    "section": ('{"story": "a",\n "story": "b", "entries": []}', 1, "story"),
    "nested": ('[\n{"kind": "strike", "date": "2025-09-02", "title": "A",\n "details": {"a": 1, "a": 2}}]', 3, "a"),
}  # fmt: skip


@pytest.mark.parametrize("case", DUPLICATE_JSON)
def test_a_json_key_given_twice_is_refused(cli: Run, tmp_path: Path, case: str) -> None:
    text, line, key = DUPLICATE_JSON[case]
    result = import_text(cli, tmp_path, "twice.json", text)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.count("\n") == 1
    assert f"twice.json:{line}: {key}: " in result.stderr and "twice" in result.stderr


def test_a_json_lines_key_given_twice_is_refused(cli: Run, tmp_path: Path) -> None:
    text = '{"kind": "strike", "date": "2025-09-02", "title": "A"}\n{"kind": "strike", "date": "2025-09-03", "title": "A", "date": "2025-09-04"}\n'
    result = import_text(cli, tmp_path, "twice.jsonl", text)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "twice.jsonl:2: date: " in result.stderr and "twice" in result.stderr
    assert cli("stories", "--json").stdout.strip() == "[]"


# -- UCDP's source dates -----------------------------------------------------------------------------


def test_a_bad_ucdp_source_date_is_named_as_source_date(cli: Run, tmp_path: Path) -> None:
    lines = (FIXTURES / "ucdp_sample.csv").read_text().split("\n")
    text = "\n".join(lines).replace("2025-03-02;2025-03-03", "2025-13-02;2025-03-03", 1)
    assert text != "\n".join(lines)
    result = import_text(cli, tmp_path, "ged.csv", text)
    assert result.exit_code == 2
    assert "ged.csv:2: source_date: '2025-13-02' is not a date" in result.stderr, result.stderr


# -- a PostgreSQL password is never shown --------------------------------------------------------------

SECRET = "s3cr%40et-pass"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://newsroom:{SECRET}@db.example.org/",
        f"postgresql://newsroom:{SECRET}@db.example.org/storyline?schema=not-a-name",
        f"postgres://newsroom:{SECRET}@db.example.org:5433",
    ],
)
def test_a_refused_store_url_masks_its_password(cli: Run, url: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        locate(url, {})
    assert SECRET not in str(refused.value) and "newsroom:***@db.example.org" in str(refused.value)
    result = cli("timeline", "--store", url)
    assert result.exit_code == 2 and SECRET not in result.stderr and "***" in result.stderr


def test_a_store_that_cannot_be_reached_masks_its_password(cli: Run) -> None:
    result = cli("timeline", "--store", f"postgresql://newsroom:{SECRET}@127.0.0.1:9/storyline")
    assert result.exit_code != 0 and SECRET not in result.stderr + result.stdout
    assert "postgresql://newsroom@127.0.0.1:9/storyline" in result.stderr


def test_the_one_place_that_prints_errors_masks_any_password(capsys: pytest.CaptureFixture[str]) -> None:
    _complain(f"error: cannot reach postgresql://a:{SECRET}@h/d or postgres://:{SECRET}@h, nor x://b:c@d")
    err = capsys.readouterr().err
    assert SECRET not in err and ":c@" not in err
    assert "postgresql://a:***@h/d" in err and "postgres://:***@h" in err and "x://b:***@d" in err
