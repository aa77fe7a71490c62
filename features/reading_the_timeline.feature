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

  Scenario: Only the fields wanted, and a jq filter over them
    When I run `storyline timeline --kind intelligence-pause --json key,grade`
    Then it says "uk-pause"
    And it says "reported"
    And it does not say "title"
    When I run `storyline timeline --jq ".[] | select(.kind == \"intelligence-pause\") | .key"`
    Then it says "uk-pause"

  Scenario: A field that is not there is one line
    When I run `storyline timeline --json titel`
    Then it fails with exit status 2
    And the error is one line saying "--json: no field 'titel' here"

  Scenario: One line an entry has no room for notes, and says so
    When I run `storyline timeline --oneline --notes`
    Then it fails with exit status 2
    And the error is one line saying "--oneline shows one line an entry, without notes"

  Scenario: --json before a word that could be its fields takes it as its fields, and says so
    When I run `storyline search --json strike`
    Then it fails with exit status 2
    And the error is one line saying "--json took the word after it as its fields"
    When I run `storyline search strike --json`
    Then it says "strike-toll"

  Scenario: At 80 columns an entry's text has the line
    When I run `storyline timeline` in a terminal 80 columns wide
    Then no line is wider than 80 columns
    And a line reads "Sep – 10 Oct 2025  ‖ intelligence-pause"
    And a line reads "  The UK stops sharing intelligence on suspected drug boats in the Caribbean"
    And a line reads "  CNN (sources familiar with the matter told CNN), 11 Nov 2025  ·  • reported"

  Scenario: A wide terminal gets a table
    When I run `storyline timeline` in a terminal 160 columns wide
    Then a line starts with "When                What                        Entry"

  Scenario: A wrapped line continues under its own start
    When I run `storyline at 2025-11-11` in a terminal 60 columns wide
    Then a line reads "  United Kingdom → United States on suspected"
    And a line reads "  drug-trafficking vessels in the Caribbean: paused since"

  Scenario: Piped, a logical line is one line
    When I pipe `storyline at 2025-11-11` into another program
    Then a line reads "  United Kingdom → United States on suspected drug-trafficking vessels in the Caribbean: paused since Sep – 10 Oct 2025"
