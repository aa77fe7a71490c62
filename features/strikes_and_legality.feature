Feature: The strikes, and whether they are legal
  The strikes on suspected drug boats had killed at least 76 people by 11 November 2025. Who
  holds them illegal and who lawful is recorded as statements and legal opinions, each with the
  speaker's position and, where the article quotes it, their own words: the UN's human rights
  chief and the UK government call them extrajudicial killings; the administration calls them
  an armed conflict, backed by a classified Office of Legal Counsel memo.

  Background:
    Given a store holding the bundled story caribbean-2025

  Scenario: The strikes have killed at least 76 people
    When I run `storyline timeline --kind strike`
    Then the timeline lists, oldest first:
      | entry       | shown as          |
      | strike-toll | Sep – 11 Nov 2025 |
    And the entry "strike-toll" is marked "✹ strike"
    And the entry "strike-toll" says "US military strikes on suspected drug-trafficking boats in the Caribbean kill at least 76 people"
    And the entry "strike-toll" says "at least 76 killed, in the Caribbean"
    And the entry "strike-toll" records its killed as "at least 76"

  Scenario: Volker Türk calls the strikes illegal, and the UK agrees
    When I ask for the timeline
    Then the entry "turk-statement" is shown as "Oct 2025"
    And the entry "turk-statement" is marked "❝ statement"
    And the entry "turk-statement" says "holds US strikes on suspected drug boats illegal — “violate international law and amount to 'extrajudicial killing.'”"
    And the entry "turk-statement" records its speaker as "Volker Türk"
    And the entry "uk-agrees-with-turk" is shown as "before 11 Nov 2025"
    And the entry "uk-agrees-with-turk" says "holds US strikes on suspected drug boats illegal — “extrajudicial killings”"
    And the entry "uk-agrees-with-turk" says "CNN (sources confirmed to CNN), 11 Nov 2025"
    And the entry "uk-agrees-with-turk" records its speaker as "United Kingdom"

  Scenario: The administration calls it an armed conflict, and a classified memo backs it
    When I ask for the timeline
    Then the entry "cartels-designated" says "Trump administration designates Drug cartels as foreign terrorist groups"
    And the entry "operatives-enemy-combatants" says "Trump administration designates Cartel operatives as enemy combatants"
    And the entry "armed-conflict-framing" says "holds US strikes on suspected drug boats lawful — “armed conflict”"
    And the entry "olc-memo" is marked "§ legal-opinion"
    And the entry "olc-memo" says "A classified Office of Legal Counsel memo reportedly reinforces the legal argument for the strikes"
    And the entry "olc-memo" says "reinforces the armed-conflict argument, letting the US bypass due process for those targeted"
    And the entry "olc-memo" records its author as "Office of Legal Counsel"
    And the entry "olc-memo" records its classification as "classified"
