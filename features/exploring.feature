Feature: Exploring a story on its two clocks
  `storyline explore` opens the story full screen. Two time bars stand for the two clocks: the
  occurred clock (what had happened by a day) and the reported clock (what the public record had
  said by then). The arrow keys move the active clock a step — a day, a week, a month or a year —
  `[` and `]` jump to the previous or next day something happens, `c` switches clocks, `g` goes
  to a typed day, `space` plays the story forward. The timeline shows the entries as of those
  days, and the situation pane what stood on the day, exactly as `storyline at` says it.

  Background:
    Given a store holding the bundled story caribbean-2025

  Scenario: It opens on the story's last day, with everything known
    When I open the explorer
    Then the occurred clock stands on 11 Nov 2025
    And the reported clock stands on now
    And the timeline shows "uk-pause"
    And the situation says "United Kingdom → United States on suspected drug-trafficking vessels in the Caribbean: paused since Sep – 10 Oct 2025"
    And what the explorer shows agrees with `storyline at` and `storyline timeline` for the same days

  Scenario: In September the UK's pause was possibly under way
    When I open the explorer
    And I press "left left"
    Then the occurred clock stands on 11 Sep 2025
    And the timeline shows "uk-pause" as possibly happened
    And the situation says "possibly paused"
    And what the explorer shows agrees with `storyline at` and `storyline timeline` for the same days

  Scenario: ... but it was known only from 11 November
    When I open the explorer
    And I press "left left c g"
    And I type "10 November 2025" and press enter
    Then the reported clock stands on 10 Nov 2025
    And the timeline does not show "uk-pause"
    And the situation says "United Kingdom → United States on suspected drug-trafficking vessels in the Caribbean: active since before 2024"
    When I press "u"
    Then the timeline shows "uk-pause" greyed, as not yet reported
    When I press "]"
    Then the reported clock stands on 11 Nov 2025
    And the timeline shows "uk-pause" as possibly happened
    And what the explorer shows agrees with `storyline at` and `storyline timeline` for the same days

  Scenario: Filtering by kind and words
    When I open the explorer
    And I press "/"
    And I type "kind:statement Holsey" and press enter
    Then the timeline shows only "holsey-questions-legality"
