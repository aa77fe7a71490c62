Feature: Actors and the names they go by
  Every state, agency, unit and person in a story is one actor with one canonical name, its
  aliases, and what it is part of: Adm. Alvin Holsey belongs to U.S. Southern Command, which
  belongs to the Department of Defense, which belongs to the United States. `storyline actor NAME`
  finds an actor by its name, an alias or an unambiguous part of either, in any case, and shows
  who it is and every entry it takes part in, with its role in each.

  Background:
    Given a store holding the bundled story caribbean-2025

  Scenario: Adm. Alvin Holsey offered to resign to Pete Hegseth
    When I look up the actor "holsey"
    Then the actor shown is "Alvin Holsey", a person
    And it says "commander of U.S. Southern Command"
    And the actor is part of "U.S. Southern Command → Department of Defense → United States"
    And the entry "holsey-questions-legality" says "Adm. Alvin Holsey questions the legality of the strikes"
    And the actor takes part in "holsey-questions-legality" as "speaker"
    And the entry "holsey-offers-resignation" is shown as "before 11 Nov 2025"
    And the entry "holsey-offers-resignation" is marked "✎ resignation-offer"
    And the entry "holsey-offers-resignation" says "Alvin Holsey offered to resign as commander of U.S. Southern Command, to Pete Hegseth"
    And the actor takes part in "holsey-offers-resignation" as "offering"
    And the entry "holsey-offers-resignation" records its reason as "after questioning the legality of the strikes"
    When I look up the actor "Hegseth"
    Then the actor shown is "Pete Hegseth", a person
    And the actor is part of "Department of Defense → United States"
    And the actor takes part in "holsey-offers-resignation" as "offered to"

  Scenario Outline: "<asked>" finds <actor>
    When I look up the actor "<asked>"
    Then the actor shown is "<actor>", a <type>

    Examples:
      | asked    | actor                 | type   |
      | ALVIN    | Alvin Holsey          | person |
      | SOUTHCOM | U.S. Southern Command | unit   |
      | Pentagon | Department of Defense | agency |
      | turk     | Volker Türk           | person |

  Scenario: "UK" and "Britain" are the same actor
    When I look up the actor "UK"
    And I look up the actor "Britain"
    Then both answers are the same
    And the actor shown is "United Kingdom", a state
    And it says "also called: UK, U.K., Britain, British government"

  Scenario: An ambiguous name lists the candidates instead of guessing
    When I look up the actor "united"
    Then it fails with exit status 2
    And the error lists the candidates "United Kingdom", "United Nations" and "United States"
