"""Situation reports, diffs, replays, corrections and entry history through the command line,
on each backend: `at`, `diff`, `replay`, `correct`, `retract`, `corroborate`, `history`, the
three clocks (--as-of, --known-at, --recorded-before) and the mistakes a user can make."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from .conftest import CORRECT_TOLL, Run

UK_US_SCOPE = "suspected drug-trafficking vessels in the Caribbean"
REPORT_FIELDS = {
    "as_of",
    "known_at",
    "story",
    "tallies",
    "relations",
    "deployments",
    "stances",
    "open_matters",
}
TALLY_FIELDS = {
    "strikes",
    "killed",
    "survivors",
    "vessels",
    "text",
    "given",
    "low",
    "high",
    "possible",
    "claimed",
    "disputed",
}
ZERO_TALLIES = {"strikes": 0, "killed": 0, "survivors": 0, "vessels": 0}
SEED_KEYS = {
    "uk-shares-intelligence",
    "strikes-authorized",
    "strike-toll",
    "uk-concern",
    "uk-pause",
    "turk-statement",
    "uk-agrees-with-turk",
    "cartels-designated",
    "operatives-enemy-combatants",
    "armed-conflict-framing",
    "olc-memo",
    "holsey-questions-legality",
    "holsey-offers-resignation",
    "dod-lawyers-concerned",
    "canada-coordinates",
    "canada-condition",
    "canada-separate-and-distinct",
    "iwo-jima-deploys",
    "destroyers-operating",
    "ford-moves-in",
    "venezuela-irked",
}
CNN_AGAIN = (  # the source uk-pause was recorded with
    "corroborate",
    "uk-pause",
    "--source",
    "CNN",
    "--published",
    "2025-11-11",
    "--attribution",
    "sources familiar with the matter told CNN",
)
RETRACT_VENEZUELA = ("retract", "venezuela-irked", "--reported", "2025-11-25", "--why", "misread")


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    return result


def as_json(cli: Run, *args: str) -> Any:
    return json.loads(ok(cli(*args, "--json")).stdout)


def timeline(cli: Run, *args: str) -> dict[str, dict[str, Any]]:
    return {entry["key"]: entry for entry in as_json(cli, "timeline", *args)}


def relation(
    report: dict[str, Any], provider: str, recipient: str = "United States", scope: str | None = None
) -> dict[str, Any]:
    found = [
        r
        for r in report["relations"]
        if (r["provider"], r["recipient"]) == (provider, recipient) and scope in (None, r["scope"])
    ]
    assert len(found) == 1, report["relations"]
    return found[0]


def counts(tallies: dict[str, Any]) -> dict[str, int]:
    return {name: tallies[name] for name in ZERO_TALLIES}


def killed_text(cli: Run, *clocks: str, key: str = "strike-toll") -> str:
    return timeline(cli, "--kind", "strike", *clocks)[key]["details"]["killed"]["text"]


def one_line_error(result: Result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("storyline: error: "), lines[0]
    return lines[0]


# at: the situation on a day -----------------------------------------------------------------


def test_at_json_has_the_documented_shape(seeded_cli: Run) -> None:
    report = as_json(seeded_cli, "at", "2025-11-12")
    assert set(report) == REPORT_FIELDS
    assert (report["as_of"], report["known_at"], report["story"]) == ("2025-11-12", None, None)
    assert set(report["tallies"]) == TALLY_FIELDS
    # No source gave a figure of survivors or vessels: unknown, not zero.
    assert counts(report["tallies"]) == {"strikes": 2, "killed": 76, "survivors": None, "vessels": None}
    assert report["tallies"]["text"]["killed"] == "at least 76"
    assert report["tallies"]["text"]["survivors"] == "not reported"
    assert counts(report["tallies"]["possible"]) == ZERO_TALLIES
    for item in report["relations"]:
        assert set(item) >= {"provider", "recipient", "scope", "status", "since"}
    for item in report["deployments"]:
        assert set(item) >= {"asset", "region", "since", "status"}
    uk = relation(report, "United Kingdom")
    assert (uk["scope"], uk["status"], uk["since"]["text"]) == (UK_US_SCOPE, "paused", "Sep – 10 Oct 2025")
    canada = relation(report, "Canada", scope="intelligence on suspected drug-trafficking vessels")
    assert (canada["status"], canada["since"]["text"]) == ("restricted", "before 11 Nov 2025")
    # Canada's coordination with the Coast Guard is a relation of its own, and goes on.
    coordination = relation(report, "Canada", scope="counter-narcotics coordination with the US Coast Guard")
    assert coordination["status"] == "active"
    assert [(d["asset"], d["region"], d["status"], d["since"]["text"]) for d in report["deployments"]] == [
        ("Iwo Jima Amphibious Ready Group", "Caribbean", "deployed", "Aug 2025"),
        ("Three guided-missile destroyers", "Caribbean", "deployed", "before 11 Nov 2025"),
        ("USS Gerald R. Ford carrier strike group", "Latin America", "deployed", "11 Nov 2025"),
    ]
    stances = {(s["actor"], s["about"], s["position"]) for s in report["stances"]}
    assert ("Volker Türk", "US strikes on suspected drug boats", "illegal") in stances
    assert ("Trump administration", "US strikes on suspected drug boats", "lawful") in stances
    assert ("Venezuela", "the US military buildup in the Caribbean", "opposed") in stances
    assert all(s["certain"] for s in report["stances"])
    assert [m["entry"] for m in report["open_matters"]] == ["holsey-offers-resignation"]


@pytest.mark.parametrize(
    ("day", "status", "since"),
    [
        ("2025-08-31", "active", "before 2024"),
        ("2025-09-15", "possibly paused", "Sep – 10 Oct 2025"),
        ("2025-10-10", "paused", "Sep – 10 Oct 2025"),  # the range's last day counts whole
        ("2025-11-12", "paused", "Sep – 10 Oct 2025"),
    ],
)
def test_at_follows_the_uk_us_relation(seeded_cli: Run, day: str, status: str, since: str) -> None:
    uk = relation(as_json(seeded_cli, "at", day), "United Kingdom")
    assert (uk["status"], uk["since"]["text"]) == (status, since)


def test_at_known_at_the_day_before_cnn_has_the_sharing_still_active(seeded_cli: Run) -> None:
    report = as_json(seeded_cli, "at", "2025-11-12", "--known-at", "2025-11-10")
    assert (report["as_of"], report["known_at"]) == ("2025-11-12", "2025-11-10")
    assert [(r["provider"], r["status"], r["since"]["text"]) for r in report["relations"]] == [
        ("United Kingdom", "active", "before 2024")
    ]
    assert counts(report["tallies"]) == ZERO_TALLIES
    assert [d["asset"] for d in report["deployments"]] == ["Iwo Jima Amphibious Ready Group"]
    assert report["stances"] == [] and report["open_matters"] == []
    text = ok(seeded_cli("at", "2025-11-12", "--known-at", "2025-11-10")).stdout
    assert (
        text.splitlines()[0] == "Situation as of 12 Nov 2025 · known at 10 Nov 2025  in story caribbean-2025"
    )
    assert "active since before 2024" in " ".join(text.split())
    assert "paused" not in text


def test_at_counts_what_only_possibly_happened_apart(seeded_cli: Run) -> None:
    report = as_json(seeded_cli, "at", "2025-09-15")
    assert counts(report["tallies"]) == ZERO_TALLIES
    possible = report["tallies"]["possible"]
    assert counts(possible) == {"strikes": 2, "killed": 76, "survivors": 0, "vessels": 0}
    assert possible["text"]["killed"] == "at least 76"
    destroyers = [d for d in report["deployments"] if d["asset"] == "Three guided-missile destroyers"]
    assert [d["status"] for d in destroyers] == ["possibly deployed"]
    assert [m["certain"] for m in report["open_matters"]] == [False]
    text = " ".join(ok(seeded_cli("at", "2025-09-15")).stdout.split())
    assert "killed 0 and possibly at least 76 more" in text


def test_a_date_only_bound_includes_the_whole_day(seeded_cli: Run) -> None:
    def assets(*args: str) -> list[str]:
        return [d["asset"] for d in as_json(seeded_cli, "at", *args)["deployments"]]

    assert "USS Gerald R. Ford carrier strike group" not in assets("2025-11-10")
    assert "USS Gerald R. Ford carrier strike group" in assets("2025-11-11")
    assert set(timeline(seeded_cli, "--known-at", "2025-11-10")) == {
        "uk-shares-intelligence",
        "iwo-jima-deploys",
    }
    assert set(timeline(seeded_cli, "--known-at", "2025-11-11")) == SEED_KEYS
    # a month means its end for --as-of: the Turk statement (October) has happened by 2025-10
    assert "turk-statement" in timeline(seeded_cli, "--as-of", "2025-10")
    assert "turk-statement" not in timeline(seeded_cli, "--as-of", "2025-09")


def test_at_for_one_story(seeded_cli: Run) -> None:
    report = as_json(seeded_cli, "at", "2025-11-12", "--story", "caribbean-2025")
    assert report["story"] == "caribbean-2025"
    assert counts(report["tallies"])["killed"] == 76


# The empty state ------------------------------------------------------------------------------


def test_at_before_anything_was_recorded_is_an_empty_state(cli: Run) -> None:
    assert as_json(cli, "timeline") == []
    report = as_json(cli, "at", "1990-01-01")
    assert report["as_of"] == "1990-01-01"
    assert counts(report["tallies"]) == ZERO_TALLIES
    assert counts(report["tallies"]["possible"]) == ZERO_TALLIES
    assert report["relations"] == [] and report["deployments"] == []
    assert report["stances"] == [] and report["open_matters"] == []
    text = ok(cli("at", "1990-01-01")).stdout
    assert text.splitlines()[0] == "Situation as of 1 Jan 1990  in no story yet"
    assert "none recorded" in text
    changes = as_json(cli, "diff", "1990-01-01", "1990-12-31")
    assert changes["entries"] == [] and changes["changes"] == {
        "relations": [],
        "tallies": {},
        "deployments": [],
    }
    assert ok(cli("replay")).stdout.strip() == "Nothing to replay."


def test_at_before_the_story_began_has_nothing_certain(seeded_cli: Run) -> None:
    # Nothing had been reported on 1 Jan 1990: an empty state.
    report = as_json(seeded_cli, "at", "1990-01-01", "--known-at", "1990-01-01")
    assert counts(report["tallies"]) == ZERO_TALLIES
    assert report["relations"] == [] and report["deployments"] == [] and report["stances"] == []
    # Nothing had been recorded in this store in 2000 either.
    report = as_json(seeded_cli, "at", "2025-11-30", "--recorded-before", "2000-01-01")
    assert counts(report["tallies"]) == ZERO_TALLIES
    assert report["relations"] == [] and report["deployments"] == [] and report["open_matters"] == []
    # As of 1990 as known now, the open "before ..." dates may reach that far back: nothing in
    # the report is certain, and the tallies are zero.
    report = as_json(seeded_cli, "at", "1990-01-01")
    assert counts(report["tallies"]) == ZERO_TALLIES
    assert counts(report["tallies"]["possible"]) == ZERO_TALLIES
    assert all(r["status"].startswith("possibly ") for r in report["relations"])
    assert all(not s["certain"] for s in report["stances"])


# diff -------------------------------------------------------------------------------------------


def test_diff_json_lists_entries_relation_changes_and_tallies(seeded_cli: Run) -> None:
    result = as_json(seeded_cli, "diff", "2025-09-01", "2025-10-31")
    assert set(result) == {"from", "to", "known_at", "entries", "changes", "tally_changes", "tallies"}
    assert (result["from"], result["to"], result["known_at"]) == ("2025-09-01", "2025-10-31", None)
    keys = [e["key"] for e in result["entries"]]
    assert keys[:5] == ["strikes-authorized", "uk-concern", "uk-pause", "strike-toll", "turk-statement"]
    assert "iwo-jima-deploys" not in keys and "ford-moves-in" not in keys
    assert "uk-shares-intelligence" not in keys
    assert [(r["provider"], r["recipient"], r["from"], r["to"]) for r in result["changes"]["relations"]] == [
        ("United Kingdom", "United States", "possibly paused", "paused")
    ]
    assert result["changes"]["tallies"] == {}
    assert set(result["tallies"]) == {"from", "to"}
    assert counts(result["tallies"]["to"]["possible"])["killed"] == 76


def test_diff_reports_tally_deltas_and_new_deployments(seeded_cli: Run) -> None:
    result = as_json(seeded_cli, "diff", "2025-11-10", "2025-11-11")
    assert [e["key"] for e in result["entries"]] == ["strike-toll", "ford-moves-in"]
    assert result["changes"]["tallies"] == {"strikes": 2, "killed": 76}
    assert [(d["asset"], d["from"], d["to"]) for d in result["changes"]["deployments"]] == [
        ("USS Gerald R. Ford carrier strike group", None, "deployed")
    ]
    text = ok(seeded_cli("diff", "2025-11-10", "2025-11-11")).stdout
    assert "killed: +76" in text and "From 10 Nov 2025 to 11 Nov 2025" in text


def test_diff_known_at_sees_only_what_was_reported(seeded_cli: Run) -> None:
    result = as_json(seeded_cli, "diff", "2025-11-10", "2025-11-11", "--known-at", "2025-11-10")
    assert result["known_at"] == "2025-11-10"
    assert result["entries"] == []
    assert result["changes"] == {"relations": [], "tallies": {}, "deployments": []}
    ok(seeded_cli(*CORRECT_TOLL))
    before = as_json(seeded_cli, "diff", "2025-11-10", "2025-11-30", "--known-at", "2025-11-19")
    after = as_json(seeded_cli, "diff", "2025-11-10", "2025-11-30", "--known-at", "2025-11-20")
    assert before["changes"]["tallies"] == {"strikes": 2, "killed": 76}
    assert after["changes"]["tallies"] == {"strikes": 2, "killed": 80}


def test_diff_of_one_day_with_itself_is_empty(seeded_cli: Run) -> None:
    result = as_json(seeded_cli, "diff", "2025-11-11", "2025-11-11")
    assert result["entries"] == [] and result["changes"]["relations"] == []


# replay -----------------------------------------------------------------------------------------


def test_replay_json_steps_through_the_story(seeded_cli: Run) -> None:
    result = as_json(seeded_cli, "replay", "--by", "month")
    assert set(result) == {"by", "from", "to", "steps"}
    assert (result["by"], result["from"], result["to"]) == ("month", "2023-12-31", "2025-11-11")
    steps = result["steps"]
    for step in steps:
        assert set(step) == {"period", "from", "to", "entries", "changes", "tallies"}
    assert steps[-1]["to"] == "2025-11-11"
    with_entries = {s["period"]: [e["key"] for e in s["entries"]] for s in steps if s["entries"]}
    assert list(with_entries) == ["until Dec 2023", "Aug 2025", "Sep 2025", "Oct 2025", "Nov 2025"]
    assert with_entries["Aug 2025"] == ["iwo-jima-deploys"]
    assert with_entries["Sep 2025"] == ["strikes-authorized", "uk-concern", "uk-pause", "strike-toll"]
    assert with_entries["Oct 2025"] == ["turk-statement"]
    every = [key for keys in with_entries.values() for key in keys]
    assert sorted(every) == sorted(SEED_KEYS)  # each entry in exactly one step
    by_period = {s["period"]: s for s in steps}
    assert [(r["from"], r["to"]) for r in by_period["Oct 2025"]["changes"]["relations"]] == [
        ("possibly paused", "paused")
    ]
    assert by_period["Nov 2025"]["changes"]["tallies"] == {"strikes": 2, "killed": 76}
    assert counts(by_period["Nov 2025"]["tallies"])["killed"] == 76


def test_replay_by_year_and_too_many_steps(seeded_cli: Run) -> None:
    steps = as_json(seeded_cli, "replay", "--by", "year")["steps"]
    assert [s["period"] for s in steps] == ["until 2023", "2024", "2025"]
    assert steps[-1]["to"] == "2025-11-11"
    result = seeded_cli("replay", "--by", "day", "--from", "2023-01-01")
    assert result.exit_code == 2
    assert "more than 400; use a longer --by, or --from and --to" in result.stderr


def test_replay_by_day_between_two_days(seeded_cli: Run) -> None:
    result = as_json(seeded_cli, "replay", "--from", "2025-11-09", "--to", "2025-11-11", "--by", "day")
    steps = result["steps"]
    assert [(s["period"], s["from"], s["to"]) for s in steps] == [
        ("9 Nov 2025", "2025-11-09", "2025-11-09"),
        ("10 Nov 2025", "2025-11-10", "2025-11-10"),
        ("11 Nov 2025", "2025-11-11", "2025-11-11"),
    ]
    assert [e["key"] for e in steps[2]["entries"]] == ["ford-moves-in"]
    assert "holsey-offers-resignation" in [e["key"] for e in steps[1]["entries"]]
    assert steps[2]["changes"]["tallies"] == {"strikes": 2, "killed": 76}


def test_replay_by_week_ends_weeks_on_sundays(seeded_cli: Run) -> None:
    steps = as_json(seeded_cli, "replay", "--from", "2025-11-01", "--by", "week")["steps"]
    assert [(s["from"], s["to"]) for s in steps] == [
        ("2025-11-01", "2025-11-02"),
        ("2025-11-03", "2025-11-09"),
        ("2025-11-10", "2025-11-11"),
    ]
    assert date.fromisoformat(steps[1]["to"]).weekday() == 6


def test_replay_known_at_replays_only_what_was_reported(seeded_cli: Run) -> None:
    steps = as_json(seeded_cli, "replay", "--known-at", "2025-11-10")["steps"]
    keys = [e["key"] for s in steps for e in s["entries"]]
    assert keys == ["uk-shares-intelligence", "iwo-jima-deploys"]
    assert all(counts(s["tallies"]) == ZERO_TALLIES for s in steps)


def test_replay_from_a_day_lists_only_what_happened_from_that_day(seeded_cli: Run) -> None:
    steps = as_json(seeded_cli, "replay", "--from", "2025-10-01", "--to", "2025-10-31")["steps"]
    assert [s["period"] for s in steps] == ["Oct 2025"]
    assert [e["key"] for e in steps[0]["entries"]] == ["turk-statement"]


def test_replay_json_with_nothing_to_replay_is_still_json(cli: Run) -> None:
    result = as_json(cli, "replay")
    assert result["steps"] == []


# correct, retract, corroborate, history ----------------------------------------------------------


def test_correct_applies_from_its_reported_date_on(seeded_cli: Run) -> None:
    warned = seeded_cli(*CORRECT_TOLL, "--json")
    assert "the title still says 'at least 76' (killed is now 'at least 80')" in warned.stderr
    done = json.loads(warned.stdout)
    assert done == {
        "story": "caribbean-2025",
        "entry": "strike-toll",
        "name": "caribbean-2025/strike-toll",
        "version": 2,
        "event": "corrected",
    }
    assert killed_text(seeded_cli) == "at least 80"
    assert killed_text(seeded_cli, "--known-at", "2025-11-15") == "at least 76"
    assert killed_text(seeded_cli, "--known-at", "2025-11-19") == "at least 76"
    assert killed_text(seeded_cli, "--known-at", "2025-11-20") == "at least 80"  # the whole day
    assert killed_text(seeded_cli, "--as-of", "2025-11-30") == "at least 80"
    now = as_json(seeded_cli, "at", "2025-11-30")["tallies"]
    then = as_json(seeded_cli, "at", "2025-11-30", "--known-at", "2025-11-15")["tallies"]
    assert (now["killed"], now["text"]["killed"]) == (80, "at least 80")
    assert (then["killed"], then["text"]["killed"]) == (76, "at least 76")
    text = " ".join(ok(seeded_cli("timeline", "--kind", "strike")).stdout.split())
    assert "at least 80 killed" in text
    assert "· 2 versions · strike-toll" in text  # a sign there is a history to read
    then = " ".join(ok(seeded_cli("timeline", "--kind", "strike", "--known-at", "2025-11-15")).stdout.split())
    assert "versions" not in then


def test_history_takes_the_knowledge_and_record_clocks(seeded_cli: Run) -> None:
    ok(seeded_cli(*CORRECT_TOLL))
    assert [
        v["version"] for v in as_json(seeded_cli, "history", "strike-toll", "--known-at", "2025-11-19")
    ] == [1]
    assert [
        v["version"] for v in as_json(seeded_cli, "history", "strike-toll", "--known-at", "2025-11-20")
    ] == [1, 2]
    recorded = as_json(seeded_cli, "history", "strike-toll")[1]["recorded"]
    before = as_json(seeded_cli, "history", "strike-toll", "--recorded-before", recorded)
    assert [v["version"] for v in before] == [1]


def test_history_json_lists_every_version(seeded_cli: Run) -> None:
    ok(seeded_cli(*CORRECT_TOLL))
    versions = as_json(seeded_cli, "history", "strike-toll")
    assert [(v["version"], v["event"], v["reported"]) for v in versions] == [
        (1, "recorded", "2025-11-11"),
        (2, "corrected", "2025-11-20"),
    ]
    for version in versions:
        assert set(version) >= {"version", "reported", "recorded", "changes"}
        recorded = datetime.fromisoformat(version["recorded"])
        assert recorded.tzinfo is not None
        assert abs(datetime.now(UTC) - recorded) < timedelta(minutes=10)
    first, second = versions
    assert {"field": "killed", "from": None, "to": "at least 76"} in first["changes"]
    assert second["changes"] == [{"field": "killed", "from": "at least 76", "to": "at least 80"}]
    assert second["why"] == "new count"
    assert second["source"]["outlet"] == "CNN"
    assert datetime.fromisoformat(first["recorded"]) <= datetime.fromisoformat(second["recorded"])
    text = ok(seeded_cli("history", "strike-toll")).stdout
    assert text.splitlines()[0].startswith("caribbean-2025/strike-toll  2 version(s) · id ")
    assert "killed: at least 76 → at least 80" in text


def test_an_entry_is_named_by_its_id_a_prefix_of_it_or_the_users_own_id(seeded_cli: Run) -> None:
    entry_id = timeline(seeded_cli)["uk-pause"]["id"]
    for ref in ("uk-pause", entry_id, entry_id[:8]):
        versions = as_json(seeded_cli, "history", ref)
        assert [v["event"] for v in versions] == ["recorded"], ref
        assert any(c["field"] == "provider" and c["to"] == "United Kingdom" for c in versions[0]["changes"])
    done = as_json(
        seeded_cli, "corroborate", entry_id[:8], "--source", "Reuters", "--published", "2025-11-12"
    )
    assert (done["entry"], done["version"], done["event"]) == ("uk-pause", 2, "corroborated")


def test_an_entry_to_change_must_be_named_whole(seeded_cli: Run) -> None:
    # Reading by a part of the user's id is a convenience; changing by one could hit the wrong entry.
    assert as_json(seeded_cli, "history", "uk-pa")[0]["event"] == "recorded"
    entry_id = timeline(seeded_cli)["uk-pause"]["id"]
    for ref in ("uk-pa", entry_id[:6]):
        result = seeded_cli("retract", ref, "--why", "slip")
        assert result.exit_code == 2
        assert "no entry" in result.stderr and "caribbean-2025/uk-pause" in result.stderr
    assert "uk-pause" in timeline(seeded_cli)


def test_retract_keeps_the_entry_in_history_and_out_of_the_timeline(seeded_cli: Run) -> None:
    done = as_json(seeded_cli, *RETRACT_VENEZUELA)
    assert done == {
        "story": "caribbean-2025",
        "entry": "venezuela-irked",
        "name": "caribbean-2025/venezuela-irked",
        "version": 2,
        "event": "retracted",
    }
    assert "venezuela-irked" not in timeline(seeded_cli)
    assert len(timeline(seeded_cli)) == 20
    assert "venezuela-irked" in timeline(seeded_cli, "--known-at", "2025-11-24")
    assert "venezuela-irked" not in timeline(seeded_cli, "--known-at", "2025-11-25")
    stances_now = as_json(seeded_cli, "at", "2025-11-30")["stances"]
    stances_then = as_json(seeded_cli, "at", "2025-11-30", "--known-at", "2025-11-24")["stances"]
    assert "Venezuela" not in [s["actor"] for s in stances_now]
    assert "Venezuela" in [s["actor"] for s in stances_then]
    versions = as_json(seeded_cli, "history", "venezuela-irked")
    assert [(v["version"], v["event"], v["reported"], v["retracted"]) for v in versions] == [
        (1, "recorded", "2025-11-11", False),
        (2, "retracted", "2025-11-25", True),
    ]
    assert versions[1]["why"] == "misread"
    before = timeline(seeded_cli)
    message = one_line_error(seeded_cli(*RETRACT_VENEZUELA))
    assert "already retracted" in message
    assert timeline(seeded_cli) == before
    message = one_line_error(seeded_cli("correct", "venezuela-irked", "--set", "position=concerned"))
    assert "retracted" in message
    assert len(as_json(seeded_cli, "history", "venezuela-irked")) == 2


def test_corroborate_adds_a_source_from_its_date_on(seeded_cli: Run) -> None:
    reuters = ("corroborate", "uk-pause", "--source", "Reuters", "--published", "2025-11-12")
    ok(seeded_cli(*reuters))
    outlets = [s["outlet"] for s in timeline(seeded_cli)["uk-pause"]["sources"]]
    assert outlets == ["CNN", "Reuters"]
    earlier = timeline(seeded_cli, "--known-at", "2025-11-11")["uk-pause"]
    assert [s["outlet"] for s in earlier["sources"]] == ["CNN"]
    versions = as_json(seeded_cli, "history", "uk-pause")
    assert [(v["event"], v["reported"]) for v in versions] == [
        ("recorded", "2025-11-11"),
        ("corroborated", "2025-11-12"),
    ]
    assert versions[1]["source"]["outlet"] == "Reuters"
    assert versions[1]["source"]["published"] == "2025-11-12"
    before = timeline(seeded_cli)
    message = one_line_error(seeded_cli(*reuters))
    assert "already supports" in message
    assert timeline(seeded_cli) == before


def test_known_at_reports_the_version_that_was_then_known(seeded_cli: Run) -> None:
    ok(seeded_cli(*CORRECT_TOLL))
    then = timeline(seeded_cli, "--known-at", "2025-11-15")["strike-toll"]
    assert then["details"]["killed"]["text"] == "at least 76"
    assert then["version"] == 1


# --recorded-before: the store's own history --------------------------------------------------------


def a_moment_between() -> str:
    """A time with seconds, local and naive as a user types it, strictly after everything
    recorded so far; returns once it has passed, so what is recorded next comes after it."""
    moment = datetime.now().replace(microsecond=0) + timedelta(seconds=1)
    while datetime.now() <= moment + timedelta(milliseconds=50):
        time.sleep(0.05)
    return moment.isoformat()


def test_recorded_before_answers_from_what_the_store_held_then(seeded_cli: Run) -> None:
    ok(seeded_cli(*CORRECT_TOLL))
    moment = a_moment_between()
    assert len(moment) == 19 and moment[10] == "T"  # 2025-11-27T09:31:41
    ok(seeded_cli(*RETRACT_VENEZUELA))
    ok(
        seeded_cli(
            "record",
            "strike",
            "--id",
            "second-strike",
            "--on",
            "2025-11-15",
            "--title",
            "Another strike",
            "--actor",
            "United States",
            "--killed",
            "3",
            "--source",
            "CNN",
            "--published",
            "2025-11-16",
        )
    )

    held = timeline(seeded_cli, "--recorded-before", moment)
    assert set(held) == SEED_KEYS
    assert held["strike-toll"]["details"]["killed"]["text"] == "at least 80"
    assert held["venezuela-irked"]["version"] == 1
    now = timeline(seeded_cli)
    assert set(now) == SEED_KEYS - {"venezuela-irked"} | {"second-strike"}

    report = as_json(seeded_cli, "at", "2025-11-30", "--recorded-before", moment)
    assert counts(report["tallies"])["killed"] == 80
    assert "Venezuela" in [s["actor"] for s in report["stances"]]
    current = as_json(seeded_cli, "at", "2025-11-30")
    assert counts(current["tallies"]) == {"strikes": 3, "killed": 83, "survivors": None, "vessels": None}
    assert "Venezuela" not in [s["actor"] for s in current["stances"]]

    # The same moment written with its offset means the same thing.
    offset = datetime.fromisoformat(moment).astimezone(UTC).isoformat()
    assert timeline(seeded_cli, "--recorded-before", offset) == held

    # With --known-at too: the correction is held, but was not yet reported on 15 Nov.
    both = as_json(seeded_cli, "at", "2025-11-30", "--recorded-before", moment, "--known-at", "2025-11-15")
    assert counts(both["tallies"])["killed"] == 76

    steps = as_json(seeded_cli, "replay", "--recorded-before", moment)["steps"]
    assert "second-strike" not in [e["key"] for s in steps for e in s["entries"]]
    assert counts(steps[-1]["tallies"])["killed"] == 80
    changes = as_json(seeded_cli, "diff", "2025-11-12", "2025-11-30", "--recorded-before", moment)
    assert changes["entries"] == [] and changes["changes"]["tallies"] == {}
    changes = as_json(seeded_cli, "diff", "2025-11-12", "2025-11-30")
    assert [e["key"] for e in changes["entries"]] == ["second-strike"]
    assert changes["changes"]["tallies"] == {"strikes": 1, "killed": 3}

    venezuela = as_json(seeded_cli, "actor", "Venezuela", "--recorded-before", moment)
    assert "venezuela-irked" in json.dumps(venezuela)
    assert "venezuela-irked" not in json.dumps(as_json(seeded_cli, "actor", "Venezuela"))

    # history is the store's whole record of an entry, whatever the clocks
    assert len(as_json(seeded_cli, "history", "venezuela-irked")) == 2


# Bad input: one line on stderr, exit status 2, nothing appended --------------------------------------


BAD_COMMANDS = [
    (
        ("correct", "no-such-entry", "--set", "killed=80", "--reported", "2025-11-20"),
        "no entry 'no-such-entry'",
    ),
    (("correct", "strike-toll", "--set", "provider=UK", "--reported", "2025-11-20"), "no field 'provider'"),
    (("correct", "strike-toll", "--set", "colour=red", "--reported", "2025-11-20"), "no field 'colour'"),
    (("correct", "strike-toll", "--set", "killed=lots", "--reported", "2025-11-20"), "'lots' is not a count"),
    (("correct", "strike-toll", "--set", "killed", "--reported", "2025-11-20"), "is not FIELD=VALUE"),
    (
        ("correct", "strike-toll", "--set", "killed=at least 76", "--reported", "2025-11-20"),
        "changes nothing",
    ),
    (
        ("correct", "strike-toll", "--set", "date=2025-13", "--reported", "2025-11-20"),
        "'2025-13' is not a date",
    ),
    (
        ("correct", "strike-toll", "--set", "killed=90", "--reported", "2025-13-45"),
        "'2025-13-45' is not a date",
    ),
    (("correct", "strike-toll", "--reported", "2025-11-20"), "--set"),
    (("correct", "strike-toll", "--set", "killed=90", "--published", "2025-11-20"), "needs --source"),
    (("retract", "no-such-entry", "--reported", "2025-11-25"), "no entry 'no-such-entry'"),
    (("retract", "venezuela-irked", "--reported", "the day after"), "'the day after' is not a date"),
    (("corroborate", "no-such-entry", "--source", "Reuters"), "no entry 'no-such-entry'"),
    (("corroborate", "uk-pause"), "--source"),
    (CNN_AGAIN, "already supports"),
    (("history", "no-such-entry"), "no entry 'no-such-entry'"),
    (("replay", "--from", "2025-11-01", "--to", "2025-09-01"), "is after"),
    (("replay", "--from", "banana"), "'banana' is not a date"),
    (("replay", "--by", "fortnight"), "fortnight"),
    (("diff", "2025-10-31", "2025-09-01"), "give the earlier date first"),
    (("diff", "2025-09-01", "nope"), "'nope' is not a date"),
    (("diff", "2025-09-01"), "DATE2"),
    (("at", "2025-02-30"), "'2025-02-30' is not a date"),
    (("at", "2025-11-12", "--known-at", "11/10/2025"), "'11/10/2025' could be 10 Nov 2025 or 11 Oct 2025"),
    (("at", "2025-11-12", "--known-at", "25/10/2025"), "'25/10/2025' is not a date"),
    (("at", "2025-11-12", "--recorded-before", "2025-11-12T25:00:00"), "'2025-11-12T25:00:00'"),
    (("timeline", "--as-of", "2025-13"), "'2025-13' is not a date"),
    (("timeline", "--recorded-before", "not-a-time"), "'not-a-time'"),
    (("actor", "UK", "--known-at", "soon"), "'soon' is not a date"),
]


@pytest.mark.parametrize(
    ("args", "fragment"), BAD_COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_bad_input_is_one_line_and_appends_nothing(
    seeded_cli: Run, args: tuple[str, ...], fragment: str
) -> None:
    before = ok(seeded_cli("timeline", "--json")).stdout
    history_before = ok(seeded_cli("history", "strike-toll", "--json")).stdout
    message = one_line_error(seeded_cli(*args))
    assert fragment in message, message
    assert ok(seeded_cli("timeline", "--json")).stdout == before
    assert ok(seeded_cli("history", "strike-toll", "--json")).stdout == history_before


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return str(path)


TOLL_ROW = (
    "toll,2025-09/2025-11-11,strike,Strikes on suspected drug boats have killed at least 76 people,"
    "United States,Caribbean,at least 76,CNN,2025-11-11,"
)
HEADER = "id,date,kind,title,actors,location,killed,source,reported,corrects"


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        (
            [TOLL_ROW, "recount,,,,,,at least 80,CNN,2025-11-20,tol"],
            ":3: corrects: 'tol' is the id of no earlier row",
        ),
        (
            ["recount,,,,,,at least 80,CNN,2025-11-20,toll", TOLL_ROW],
            ":2: corrects: 'toll' is the id of no earlier row",
        ),
        ([TOLL_ROW, "recount,,,,,,at least 80,CNN,,toll"], ":3: reported:"),
        (
            [TOLL_ROW, "recount,,,,,,at least 80,CNN,2025-11-20,toll", "x,2025-13-01,strike,T,US,,1,CNN,,"],
            ":4: date:",
        ),
    ],
    ids=["unknown id", "correction before its row", "correction without reported", "a bad row later"],
)
def test_a_bad_correction_row_refuses_the_whole_file(
    seeded_cli: Run, tmp_path: Path, rows: list[str], fragment: str
) -> None:
    path = write(tmp_path, "boat-strikes.csv", "\n".join([HEADER, *rows]))
    before = ok(seeded_cli("timeline", "--json")).stdout
    message = one_line_error(seeded_cli("import", path))
    assert "boat-strikes.csv" in message and fragment in message, message
    assert ok(seeded_cli("timeline", "--json")).stdout == before


def test_a_correction_row_of_a_field_the_kind_lacks_refuses_the_file(cli: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "boat-strikes.csv",
        f"{HEADER},provider\n{TOLL_ROW},\nrecount,,,,,,,CNN,2025-11-20,toll,United Kingdom",
    )
    message = one_line_error(cli("import", path))
    assert ":3: provider:" in message and "strike has no such field" in message, message
    assert as_json(cli, "timeline") == []


# Files that correct themselves ------------------------------------------------------------------------


def test_a_csv_correction_row_and_importing_again(cli: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path, "boat-strikes.csv", f"{HEADER}\n{TOLL_ROW}\nrecount,,,,,,at least 80,CNN,2025-11-20,toll"
    )
    first = ok(cli("import", path)).stdout
    assert "boat-strikes.csv: 1 added, 1 corrected, 0 unchanged in story 'boat-strikes'" in first
    entries = as_json(cli, "timeline")
    assert [e["key"] for e in entries] == ["toll"]
    assert killed_text(cli, key="toll") == "at least 80"
    assert killed_text(cli, "--known-at", "2025-11-19", key="toll") == "at least 76"
    versions = as_json(cli, "history", "toll")
    assert [(v["event"], v["reported"]) for v in versions] == [
        ("recorded", "2025-11-11"),
        ("corrected", "2025-11-20"),
    ]
    assert {"field": "killed", "from": "at least 76", "to": "at least 80"} in versions[1]["changes"]

    again = ok(cli("import", path)).stdout
    assert "0 added, 0 corrected, 2 unchanged" in again
    assert as_json(cli, "timeline") == entries
    assert len(as_json(cli, "history", "toll")) == 2


def test_a_changed_file_appends_only_corrections(cli: Run, tmp_path: Path) -> None:
    header = "id,date,kind,title,actors,killed,source,reported"
    turk = (
        "turk,2025-10,statement,Volker Türk calls the strikes extrajudicial killings,"
        "Volker Türk,,CNN,2025-11-11"
    )
    toll = "toll,2025-09/2025-11-11,strike,Strikes kill at least 76,United States,{killed},CNN,{reported}"
    path = write(
        tmp_path,
        "notes.csv",
        "\n".join([header, toll.format(killed="at least 76", reported="2025-11-11"), turk]),
    )
    assert "2 added, 0 corrected, 0 unchanged" in ok(cli("import", path)).stdout
    turk_before = as_json(cli, "history", "turk")
    write(
        tmp_path,
        "notes.csv",
        "\n".join([header, toll.format(killed="at least 80", reported="2025-11-20"), turk]),
    )
    assert "0 added, 1 corrected, 1 unchanged" in ok(cli("import", path)).stdout
    assert len(as_json(cli, "timeline")) == 2
    versions = as_json(cli, "history", "toll")
    assert [(v["event"], v["reported"]) for v in versions] == [
        ("recorded", "2025-11-11"),
        ("corrected", "2025-11-20"),
    ]
    assert versions[1]["changes"] == [{"field": "killed", "from": "at least 76", "to": "at least 80"}]
    assert as_json(cli, "history", "turk") == turk_before
    assert killed_text(cli, "--known-at", "2025-11-15", key="toll") == "at least 76"
    assert "0 added, 0 corrected, 2 unchanged" in ok(cli("import", path)).stdout


def test_a_csv_date_may_be_a_start_and_an_end(cli: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "range.csv",
        "id,date,kind,title,actors,killed,source,reported\n"
        "sept,2025-09-01/2025-09-30,strike,A strike some time in September,United States,3,CNN,2025-10-01",
    )
    ok(cli("import", path))
    occurred = timeline(cli)["sept"]["occurred"]
    assert (occurred["start"], occurred["end"], occurred["precision"]) == (
        "2025-09-01",
        "2025-09-30",
        "between",
    )
    assert as_json(cli, "at", "2025-09-15")["tallies"]["possible"]["killed"] == 3
    assert as_json(cli, "at", "2025-09-30")["tallies"]["killed"] == 3
    assert as_json(cli, "at", "2025-09-30", "--known-at", "2025-09-30")["tallies"]["killed"] == 0
