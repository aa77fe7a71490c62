Feature: Reading the timeline as git log is read
  People who live in a terminal already know how to read a log: a line an entry, the newest
  first, the last few, and output they can pipe into grep. The timeline reads the same way.

  Background:
    Given a store holding the bundled story caribbean-2025

  Scenario: One entry a line, the last three
    When I run `storyline timeline --oneline -n 3`
    Then it says "11 Nov 2025"
    And it says "ford-moves-in"
    And it does not say "uk-shares-intelligence"

  Scenario: Newest first, from one outlet
    When I run `storyline timeline --oneline --reverse --source CNN`
    Then it says "uk-pause"
    And it does not say "iwo-jima-deploys"
