Feature: Fuzzy dates, shown as they were known
  The article dates things loosely: "in August", "last month", "more than a month ago", or not at
  all. Storyline keeps each date exactly as precise as it was known, shows it that way, and sorts
  the timeline oldest first by the earliest day each entry could have happened (the narrower range
  first; an open "before" at its bound). Every read command can also be asked what had happened
  by a given day (--as-of), and what the public record had said by a given day (--known-at).

  Background:
    Given a store holding the bundled story caribbean-2025

  Scenario: The timeline shows each date as it was known, oldest first
    When I ask for the timeline
    Then the timeline lists, among others, oldest first:
      | entry                     | shown as           |
      | uk-shares-intelligence    | before 2024        |
      | iwo-jima-deploys          | Aug 2025           |
      | strikes-authorized        | Sep 2025           |
      | uk-pause                  | Sep – 10 Oct 2025  |
      | strike-toll               | Sep – 11 Nov 2025  |
      | turk-statement            | Oct 2025           |
      | holsey-offers-resignation | before 11 Nov 2025 |
      | ford-moves-in             | 11 Nov 2025        |

  Scenario: As of a day inside a fuzzy range, an entry has only possibly happened
    When I run `storyline timeline --as-of 2025-09-15`
    Then the entry "iwo-jima-deploys" is shown as "Aug 2025"
    And the entry "uk-pause" is shown as "Sep – 10 Oct 2025 (possibly)"
    And the entry "holsey-offers-resignation" is shown as "before 11 Nov 2025 (possibly)"
    And the entry "turk-statement" is not shown
    And the entry "ford-moves-in" is not shown

  Scenario: The day before CNN's report, the public record held only the old arrangement and the August deployment
    When I run `storyline timeline --known-at 2025-11-10`
    Then the timeline lists, oldest first:
      | entry                  | shown as    |
      | uk-shares-intelligence | before 2024 |
      | iwo-jima-deploys       | Aug 2025    |
