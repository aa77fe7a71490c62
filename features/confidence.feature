Feature: How solid each entry is, and what the headline figures count
  Before a newsroom publishes a figure it needs to know who said it. Every entry has a grade
  from its sources — confirmed, reported, claimed, disputed, retracted — and the headline
  figures count only what is confirmed or reported and certainly happened. A party's own claim
  is shown beside them, never added in, and a figure no source gave is not reported, not zero.

  Background:
    Given a store holding the bundled story caribbean-2025

  Scenario: A strike only Telesur claims does not raise the death toll
    When I run `storyline record strike --id telesur-claim --on 2025-11-20 --title "Telesur reports a strike" --actor "United States" --killed 40 --source Telesur --status claimed --story caribbean-2025`
    And I run `storyline at 2025-11-30`
    Then the section "Tallies" says "killed at least 76"
    And the section "Tallies" says "claimed: 40"
    When I run `storyline timeline --status claimed`
    Then the entry "telesur-claim" says "? claimed"
    And the timeline lists, oldest first:
      | entry         | shown as    |
      | telesur-claim | 20 Nov 2025 |

  Scenario: No source counted the survivors, so their number is not reported
    When I run `storyline at 2025-11-12`
    Then the tallies read:
      | tally     | certain      | and possibly |
      | killed    | at least 76  |              |
      | survivors | not reported |              |
    When I run `storyline record strike --id another-boat --on 2025-11-05 --title "Another boat is struck" --actor "United States" --source CNN --published 2025-11-06 --story caribbean-2025`
    And I run `storyline at 2025-11-12`
    Then the section "Tallies" says "1 of 2 entries give a figure"

  Scenario: A date range closing is not news of the period
    The toll of "at least 76" is dated September to 11 November: by 10 November it may have
    happened, by 12 November it certainly has. That is not 76 deaths in two days.

    When I run `storyline diff 2025-11-10 2025-11-12`
    Then it says "killed: +76 (now at least 76) — all of it a date range closing"

  Scenario: What the record learned between two days
    When I run `storyline correct strike-toll --set killed="at least 80" --reported 2025-11-20 --source CNN --why "a later count"`
    And I run `storyline retract venezuela-irked --reported 2025-11-25 --why "misread"`
    And I run `storyline changes 2025-11-12 2025-11-30`
    Then it says "2025-11-20 corrected caribbean-2025/strike-toll killed: at least 76 → at least 80"
    And it says "why: a later count"
    And it says "2025-11-25 retracted caribbean-2025/venezuela-irked why: misread"

  Scenario: Every number is traced to the entries that add up to it
    When I run `storyline record strike --id telesur-claim --on 2025-11-20 --title "Telesur reports a strike" --actor "United States" --killed 40 --source Telesur --status claimed --story caribbean-2025`
    And I run `storyline at 2025-11-30 --explain killed`
    Then it says "killed: at least 76"
    And it says "caribbean-2025/strike-toll at least 76 • reported · CNN · reported 2025-11-11"
    And it says "claimed: not a confirmed or reported figure"

  Scenario: What the bundled story rests on
    The article's attributions are graded as they read. That the UK paused its intelligence
    sharing rests on "sources familiar with the matter told CNN": one outlet's report. That the UK
    agrees the strikes are extrajudicial killings was confirmed to CNN. The Iwo Jima group's
    deployment is stated by the Department of War, a party to it.

    When I run `storyline timeline --status confirmed`
    Then the timeline lists, oldest first:
      | entry               | shown as           |
      | iwo-jima-deploys    | Aug 2025           |
      | uk-agrees-with-turk | before 11 Nov 2025 |
    And the entry "iwo-jima-deploys" says "✔ confirmed"
    When I ask for the timeline
    Then the entry "uk-pause" says "CNN (sources familiar with the matter told CNN), 11 Nov 2025 · • reported"

  Scenario: Two sources give different tolls, and both are kept
    CNN reported at least 76 killed. Say AP later counts 80, and SOUTHCOM, a party to the
    strikes, claims 3. The entry shows AP's count — a report as strong as CNN's, and later —
    with the others beside it, and the tally carries the range.

    When I run `storyline corroborate strike-toll --source AP --set killed=80 --published 2025-11-26`
    And I run `storyline corroborate strike-toll --source SOUTHCOM --status claimed --set killed=3 --published 2025-11-27`
    And I ask for the timeline
    Then the entry "strike-toll" says "killed 80 (AP, 26 Nov 2025) · CNN said at least 76 · SOUTHCOM said 3"
    When I run `storyline at 2025-11-30`
    Then the section "Tallies" says "sources say 3–80"
    When I run `storyline disputes`
    Then it says "caribbean-2025/strike-toll killed: CNN at least 76 · AP 80 (2025-11-26) · SOUTHCOM 3 (2025-11-27)"
    When I run `storyline at 2025-11-30 --known-at 2025-11-25`
    Then the section "Tallies" says "killed at least 76"

  Scenario: The published report shows how solid each entry is
    When I run `storyline correct strike-toll --set killed="at least 80" --reported 2025-11-20 --source CNN --why "a later count"`
    And I run `storyline corroborate strike-toll --source AP --set killed=80 --published 2025-11-26`
    And I run `storyline export --format html -o report.html`
    Then the file "report.html" says "Corrected: killed: at least 76 → at least 80 (CNN, 2025-11-20; a later count)"
    And the file "report.html" says "Claims: killed at least 80 (CNN) · killed 80 (AP, 2025-11-26)"
    And the file "report.html" says "✔ confirmed"
