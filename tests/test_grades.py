"""How solid each entry is, and what headline figures count (issue 12, items 1, 2, 4 and 5 in
part): a grade per entry from its sources by one rule, `--status` on the read commands, the
headline counting only what is confirmed or reported with the rest apart, a figure no source
gave shown as unknown, `diff` telling a date range closing from news, and `changes`, the
changelog of what the record learned between two report days. Both backends."""

from __future__ import annotations

import json
from typing import Any

import pytest

from storyline.domain import Grade, Source, grade_of

from .conftest import Run

TELESUR = (
    "record", "strike", "--id", "telesur-claim", "--on", "2025-11-20", "--title", "Telesur reports a strike",
    "--actor", "United States", "--killed", "40", "--source", "Telesur", "--status", "claimed",
    "--story", "caribbean-2025",
)  # fmt: skip


def as_json(cli: Run, *args: str) -> Any:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("statuses", "retracted", "grade"),
    [
        ((), False, Grade.REPORTED),  # the recorder's own word
        (("reported",), False, Grade.REPORTED),
        (("claimed",), False, Grade.CLAIMED),
        (("claimed", "reported"), False, Grade.REPORTED),
        (("confirmed",), False, Grade.CONFIRMED),
        (("reported", "reported"), False, Grade.CONFIRMED),  # two independent outlets
        (("confirmed", "disputed"), False, Grade.DISPUTED),  # a denial weighs more
        (("confirmed",), True, Grade.RETRACTED),
    ],
)
def test_one_rule_grades_an_entry_from_its_sources(
    statuses: tuple[str, ...], retracted: bool, grade: Grade
) -> None:
    sources = [Source(outlet=f"Outlet {i}", status=status) for i, status in enumerate(statuses)]
    assert grade_of(sources, retracted) is grade
    # The same outlet twice is one outlet, not two independent ones.
    assert grade_of([Source(outlet="CNN"), Source(outlet="cnn", url="https://cnn.com/x")]) is Grade.REPORTED


def test_a_claimed_figure_is_kept_apart_from_the_headline(seeded_cli: Run) -> None:
    """`record strike ... --killed 40 --status claimed --source Telesur` raised "killed at least 91"."""
    before = as_json(seeded_cli, "at", "2025-11-30")["tallies"]
    assert seeded_cli(*TELESUR).exit_code == 0
    after = as_json(seeded_cli, "at", "2025-11-30")["tallies"]
    assert after["killed"] == before["killed"] and after["strikes"] == before["strikes"]
    assert after["claimed"]["killed"] == 40 and after["claimed"]["strikes"] == 1
    shown = seeded_cli("at", "2025-11-30").stdout
    assert "claimed: 40" in shown
    (entry,) = [e for e in as_json(seeded_cli, "timeline") if e["key"] == "telesur-claim"]
    assert entry["grade"] == "claimed"
    assert "? claimed" in seeded_cli("timeline", "--last", "1").stdout


def test_a_disputed_entry_counts_apart(seeded_cli: Run) -> None:
    assert seeded_cli(*TELESUR).exit_code == 0
    done = seeded_cli(
        "corroborate",
        "telesur-claim",
        "--source",
        "SOUTHCOM",
        "--status",
        "disputed",
        "--published",
        "2025-11-21",
    )
    assert done.exit_code == 0, done.stderr
    tallies = as_json(seeded_cli, "at", "2025-11-30")["tallies"]
    assert tallies["disputed"]["killed"] == 40 and tallies["claimed"]["killed"] == 0
    # Known on the 20th, before the denial, it was a claim.
    then = as_json(seeded_cli, "at", "2025-11-30", "--known-at", "2025-11-20")["tallies"]
    assert then["claimed"]["killed"] == 40 and then["disputed"]["killed"] == 0


def test_status_keeps_only_entries_of_those_grades(seeded_cli: Run) -> None:
    assert seeded_cli(*TELESUR).exit_code == 0
    assert [e["key"] for e in as_json(seeded_cli, "timeline", "--status", "claimed")] == ["telesur-claim"]
    solid = as_json(seeded_cli, "timeline", "--status", "confirmed", "--status", "reported")
    assert "telesur-claim" not in {e["key"] for e in solid} and len(solid) == 21
    assert (
        as_json(seeded_cli, "at", "2025-11-30", "--status", "claimed")["tallies"]["claimed"]["killed"] == 40
    )
    assert seeded_cli("retract", "telesur-claim", "--reported", "2025-11-22").exit_code == 0
    assert [e["key"] for e in as_json(seeded_cli, "timeline", "--status", "retracted")] == ["telesur-claim"]
    assert seeded_cli("timeline", "--status", "rumoured").exit_code == 2


def test_a_figure_no_source_gave_is_not_reported(seeded_cli: Run) -> None:
    """`at 2025-11-12` printed "survivors 0, vessels 0" where no source gave any figure."""
    tallies = as_json(seeded_cli, "at", "2025-11-12")["tallies"]
    assert (tallies["survivors"], tallies["vessels"]) == (None, None)
    assert tallies["text"]["survivors"] == "not reported"
    assert tallies["given"]["killed"] == {"entries": 1, "of": 1}  # an authorization owes no toll
    another = (
        "record", "strike", "--on", "2025-11-05", "--title", "Another boat is struck", "--source", "CNN",
        "--published", "2025-11-06", "--story", "caribbean-2025",
    )  # fmt: skip
    assert seeded_cli(*another).exit_code == 0
    assert as_json(seeded_cli, "at", "2025-11-12")["tallies"]["given"]["killed"] == {"entries": 1, "of": 2}
    shown = seeded_cli("at", "2025-11-12").stdout
    assert "not reported" in shown and "1 of 2 entries give a figure" in shown
    chart = as_json(seeded_cli, "chart", "--by", "month")
    assert chart[-1]["certain"]["survivors"] is None  # the chart says what `at` says
    # Before anything happened, nothing is a count of nothing: zero.
    assert as_json(seeded_cli, "at", "2024-01-01")["tallies"]["killed"] == 0


def test_diff_tells_a_date_range_closing_from_news(seeded_cli: Run) -> None:
    """`diff 2025-11-10 2025-11-12` said "killed: +76": a Sep – 11 Nov date becoming certain."""
    result = as_json(seeded_cli, "diff", "2025-11-10", "2025-11-12")
    assert result["tally_changes"]["killed"] == {"happened": 0, "became_certain": 76}
    shown = seeded_cli("diff", "2025-11-10", "2025-11-12").stdout
    assert "killed: +76" in shown and "all of it a date range closing" in " ".join(shown.split())


def test_changes_is_the_changelog_of_the_news(seeded_cli: Run) -> None:
    """After a correction reported on 20 Nov and a retraction on 25 Nov, `diff 2025-11-12
    2025-11-30` said nothing could have happened: it never looked at when things were reported."""
    assert seeded_cli(
        "correct", "strike-toll", "--set", "killed=at least 80", "--reported", "2025-11-20", "--source", "CNN",
        "--why", "a later count",
    ).exit_code == 0  # fmt: skip
    assert (
        seeded_cli("retract", "venezuela-irked", "--reported", "2025-11-25", "--why", "misread").exit_code
        == 0
    )
    news = as_json(seeded_cli, "changes", "2025-11-12", "2025-11-30")
    assert [(n["reported"], n["action"], n["entry"]) for n in news] == [
        ("2025-11-20", "corrected", "caribbean-2025/strike-toll"),
        ("2025-11-25", "retracted", "caribbean-2025/venezuela-irked"),
    ]
    assert news[0]["changes"] == {"killed": {"before": "at least 76", "after": "at least 80"}}
    assert news[0]["source"]["outlet"] == "CNN" and news[0]["why"] == "a later count"
    first = as_json(seeded_cli, "changes", "2025-11-11", "2025-11-11")
    assert len(first) == 19 and {n["action"] for n in first} == {"recorded"}
    shown = seeded_cli("changes", "2025-11-12", "2025-11-30").stdout
    assert "killed: at least 76 → at least 80" in shown
    assert seeded_cli("changes", "2025-11-30", "2025-11-12").exit_code == 2
    assert seeded_cli("changes", "2025-11-12", "2025-11-30", "--known-at", "2025-11-20").exit_code == 2
    held = as_json(
        seeded_cli, "changes", "2025-11-12", "2025-11-30", "--recorded-before", news[0]["reported"]
    )
    assert held == []


def test_every_number_is_traced_to_its_entries(seeded_cli: Run) -> None:
    assert seeded_cli(*TELESUR).exit_code == 0
    found = as_json(seeded_cli, "at", "2025-11-30", "--explain", "killed")
    assert (found["figure"], found["headline"], found["text"]) == ("killed", 76, "at least 76")
    assert [(t["entry"], t["value"], t["grade"]) for t in found["counted"]] == [
        ("caribbean-2025/strike-toll", "at least 76", "reported")
    ]
    why = {t["entry"]: t["left_out"] for t in found["left_out"]}
    assert why["caribbean-2025/telesur-claim"].startswith("claimed")
    assert why["caribbean-2025/strikes-authorized"] == "gives no figure"
    then = as_json(seeded_cli, "at", "2025-11-30", "--explain", "killed", "--known-at", "2025-11-15")
    late = {t["entry"]: t["left_out"] for t in then["left_out"]}
    assert late["caribbean-2025/telesur-claim"] == "not yet reported by 2025-11-15 (reported 2025-11-20)"
    early = as_json(seeded_cli, "at", "2025-10-01", "--explain", "killed")
    possible = {t["entry"]: t["left_out"] for t in early["left_out"]}
    assert early["counted"] == [] and possible["caribbean-2025/strike-toll"].startswith(
        "only possibly happened"
    )
    shown = seeded_cli("at", "2025-11-30", "--explain", "killed").stdout
    assert "Counted" in shown and "Left out" in shown and "gives no figure" in shown
    slip = seeded_cli("at", "2025-11-30", "--explain", "kiled")
    assert slip.exit_code == 2 and "did you mean killed?" in slip.stderr


def test_the_exports_carry_each_entrys_grade(seeded_cli: Run) -> None:
    assert seeded_cli(*TELESUR).exit_code == 0

    def exported(fmt: str) -> str:
        result = seeded_cli("export", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    sketch = [json.loads(line) for line in exported("timesketch").splitlines()]
    assert {row["grade"] for row in sketch if row["entry_key"] == "telesur-claim"} == {"claimed"}
    tl = json.loads(exported("timelinejs"))
    (event,) = [e for e in tl["events"] if e["text"]["headline"] == "Telesur reports a strike"]
    assert "Grade: claimed" in event["text"]["text"]
    assert "— Telesur reports a strike _(claimed)_" in exported("markdown")
    assert 'class="grade grade-claimed">? claimed</span>' in exported("html")


# Competing claims (item 3) ---------------------------------------------------------------------

AP = ("corroborate", "strike-toll", "--source", "AP", "--set", "killed=80", "--published", "2025-11-26")
SOUTHCOM = (
    "corroborate", "strike-toll", "--source", "SOUTHCOM", "--status", "claimed", "--set", "killed=3",
    "--published", "2025-11-27",
)  # fmt: skip


def toll(cli: Run, *args: str) -> dict:
    (entry,) = [e for e in as_json(cli, "timeline", *args) if e["key"] == "strike-toll"]
    return entry


def test_a_second_sources_figure_is_kept_beside_the_first(seeded_cli: Run) -> None:
    assert seeded_cli(*AP).exit_code == 0
    assert seeded_cli(*SOUTHCOM).exit_code == 0
    entry = toll(seeded_cli)
    # The stronger status wins, then the later report: AP's 80 over CNN's, and over SOUTHCOM's claim.
    assert entry["details"]["killed"]["text"] == "80"
    assert [(c["source"], c["value"], c["reported"]) for c in entry["claims"]] == [
        ("CNN", "at least 76", None),
        ("AP", "80", "2025-11-26"),
        ("SOUTHCOM", "3", "2025-11-27"),
    ]
    assert "killed 80 (AP, 26 Nov 2025) · CNN said at least 76 · SOUTHCOM said 3" in " ".join(
        seeded_cli("timeline").stdout.split()
    )
    tallies = as_json(seeded_cli, "at", "2025-11-30")["tallies"]
    assert (tallies["killed"], tallies["low"]["killed"], tallies["high"]["killed"]) == (80, 3, 80)
    assert "sources say 3–80" in seeded_cli("at", "2025-11-30").stdout
    # Known on the 25th, before AP's count, CNN's figure is the only one.
    assert toll(seeded_cli, "--known-at", "2025-11-25")["claims"] == []
    assert toll(seeded_cli, "--known-at", "2025-11-25")["details"]["killed"]["text"] == "at least 76"


def test_a_sources_later_report_replaces_its_own_claim(seeded_cli: Run) -> None:
    assert seeded_cli(*AP).exit_code == 0
    later = (
        "corroborate",
        "strike-toll",
        "--source",
        "AP",
        "--set",
        "killed=83",
        "--published",
        "2025-11-28",
    )
    assert seeded_cli(*later).exit_code == 0
    assert [(c["source"], c["value"]) for c in toll(seeded_cli)["claims"]] == [
        ("CNN", "at least 76"),
        ("AP", "83"),
    ]
    again = seeded_cli(*later)
    assert again.exit_code == 2 and "changes nothing" in again.stderr


def test_disputes_lists_every_field_sources_disagree_on(seeded_cli: Run) -> None:
    assert as_json(seeded_cli, "disputes") == []
    assert seeded_cli(*AP).exit_code == 0
    (dispute,) = as_json(seeded_cli, "disputes")
    assert (dispute["entry"], dispute["field"]) == ("caribbean-2025/strike-toll", "killed")
    assert [(c["value"], c["source"], c["reported"]) for c in dispute["claims"]] == [
        ("at least 76", "CNN", None),
        ("80", "AP", "2025-11-26"),
    ]
    assert as_json(seeded_cli, "disputes", "--known-at", "2025-11-20") == []
    assert "killed: CNN at least 76 · AP 80" in seeded_cli("disputes").stdout


def test_claims_travel_in_files_and_the_lossless_export(
    seeded_cli: Run, cli: Run, tmp_path: Any, store_url: str
) -> None:
    path = tmp_path / "ap.jsonl"
    path.write_text(
        '{"id": "ap-1", "corroborates": "strike-toll", "killed": "80", "source": "AP", '
        '"published": "2025-11-26", "reported": "2025-11-26"}\n'
    )
    assert as_json(seeded_cli, "import", str(path), "--story", "caribbean-2025")[0]["corrected"] == 1
    assert as_json(seeded_cli, "import", str(path), "--story", "caribbean-2025")[0]["corrected"] == 0
    assert seeded_cli(*SOUTHCOM).exit_code == 0
    exported = tmp_path / "all.json"
    assert seeded_cli("export", "--format", "json", "-o", str(exported)).exit_code == 0
    other = (
        str(tmp_path / "copy.db") if "://" not in store_url else store_url.replace("?schema=", "?schema=c")
    )
    assert cli("import", str(exported), env={"STORYLINE_STORE": other}).exit_code == 0
    copied = json.loads(seeded_cli("disputes", "--json", env={"STORYLINE_STORE": other}).stdout)
    assert copied == as_json(seeded_cli, "disputes")
    html = seeded_cli("export", "--format", "html").stdout
    assert "Claims: killed at least 76 (CNN) · killed 80 (AP, 2025-11-26)" in html
    assert "claims: killed 3 (SOUTHCOM)" in seeded_cli("history", "strike-toll").stdout


def test_what_a_data_editor_found(seeded_cli: Run) -> None:
    """A review found: a retracted entry could be corroborated; `export` took no --status; the
    CSV export dropped every source but the first without a word."""
    assert seeded_cli("retract", "venezuela-irked", "--reported", "2025-11-25").exit_code == 0
    refused = seeded_cli("corroborate", "venezuela-irked", "--source", "BBC", "--published", "2025-11-26")
    assert refused.exit_code == 2 and "is retracted" in refused.stderr
    assert seeded_cli(*TELESUR).exit_code == 0
    only = json.loads(
        seeded_cli("export", "--format", "timesketch", "--status", "claimed").stdout.splitlines()[0]
    )
    assert only["entry_key"] == "telesur-claim"
    assert seeded_cli(*AP).exit_code == 0
    csv = seeded_cli("export", "--format", "csv")
    assert "csv keeps the first source of each entry; 1 entry has more" in csv.stderr


def test_the_html_report_shows_grades_claims_and_corrections(seeded_cli: Run) -> None:
    assert seeded_cli(
        "correct", "strike-toll", "--set", "killed=at least 80", "--reported", "2025-11-20", "--source", "CNN",
        "--why", "a later count",
    ).exit_code == 0  # fmt: skip
    assert seeded_cli(*AP).exit_code == 0
    page = seeded_cli("export", "--format", "html").stdout
    assert "Corrected: killed: at least 76 → at least 80 (CNN, 2025-11-20; a later count)" in page
    assert "Claims: killed at least 80 (CNN) · killed 80 (AP, 2025-11-26)" in page
    assert 'class="grade grade-confirmed">✔ confirmed</span>' in page  # CNN and AP: two outlets
