Feature: Days as people say them
  Wherever a command takes a day, it takes it as people say it too: "3 October 2025", "Oct 2025",
  "yesterday", "last monday", "2 weeks ago". A phrase is read in your own time zone, and the day
  it was read as is said back on stderr, so a phrase is never silently misread. ISO dates are
  read as ever, and nothing is said back. A phrase that names no day, or one that names two
  different days depending on how day and month are ordered, is refused in one line.

  Background:
    Given a store holding the bundled story caribbean-2025

  Scenario: A date written out in words is the day it names
    When I run `storyline timeline --since "1 October 2025" --until "10 November 2025"`
    Then it says back "read --since '1 October 2025' as Wed 1 Oct 2025"
    And the entry "turk-statement" is shown as "Oct 2025"
    And the entry "ford-moves-in" is not shown

  Scenario: A month stands for its last day when it ends a question, its first when it starts one
    When I run `storyline at "Oct 2025"`
    Then it says back "read DATE 'Oct 2025' as October 2025 (Fri 31 Oct 2025)"
    And it says "Situation as of 31 Oct 2025"

  Scenario: An ISO date is read silently
    When I run `storyline at 2025-10-31`
    Then it says "Situation as of 31 Oct 2025"
    And it says nothing back

  Scenario: A day that could be read two ways is refused
    When I run `storyline at 03/04/2025`
    Then it fails with exit status 2
    And the error is one line saying "could be 03 Apr 2025 or 04 Mar 2025: write it as YYYY-MM-DD"

  Scenario: A phrase that names no day is refused
    When I run `storyline timeline --as-of "the day after the strike"`
    Then it fails with exit status 2
    And the error is one line saying "is not a date (write YYYY-MM-DD, or a phrase such as yesterday"
