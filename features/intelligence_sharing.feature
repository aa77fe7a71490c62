Feature: Allies pause and restrict intelligence sharing
  For years the United Kingdom gave the United States intelligence on suspected drug-trafficking
  vessels in the Caribbean, to help the U.S. Coast Guard interdict and seize them. After the US
  began lethal military strikes on those boats in September 2025, Britain stopped sharing it;
  Canada kept coordinating with the US Coast Guard, but on a condition. Storyline records each
  move as its own kind of entry (who gives, who receives, what, why and who said so) and follows
  the relation between each pair of countries over time.

  Background:
    Given a store holding the bundled story caribbean-2025

  Scenario: The UK stops sharing intelligence with the US, and says why
    When I ask for the timeline
    Then the entry "uk-pause" is shown as "Sep – 10 Oct 2025"
    And the entry "uk-pause" is marked "‖ intelligence-pause"
    And the entry "uk-pause" says "The UK stops sharing intelligence on suspected drug boats in the Caribbean with the US"
    And the entry "uk-pause" says "United Kingdom → United States on suspected drug-trafficking vessels in the Caribbean"
    And the entry "uk-pause" says "CNN (sources familiar with the matter told CNN), 11 Nov 2025"
    And the entry "uk-pause" records its provider as "United Kingdom"
    And the entry "uk-pause" records its recipient as "United States"
    And the entry "uk-pause" records its reason as "does not want to be complicit in US military strikes and believes the attacks are illegal"

  Scenario: Canada keeps coordinating with the US Coast Guard, but its intelligence comes with a condition
    When I look up the actor "Canada"
    Then it says "Canada → United States on intelligence on suspected drug-trafficking vessels: restricted since before 11 Nov 2025"
    And the entry "canada-coordinates" is marked "⇄ intelligence-sharing"
    And the entry "canada-coordinates" says "Canada → United States on counter-narcotics coordination with the US Coast Guard"
    And the entry "canada-condition" is shown as "before 11 Nov 2025"
    And the entry "canada-condition" is marked "⊘ intelligence-restriction"
    And the entry "canada-condition" says "Canada tells the US its intelligence must not be used to target boats for deadly strikes"
    And the entry "canada-condition" says "CNN (sources familiar with the matter told CNN), 11 Nov 2025"
    And the entry "canada-condition" records its reason as "does not want its intelligence being used to help target boats for deadly strikes"
    And the actor takes part in "canada-condition" as "provider"

  Scenario Outline: The UK–US relation as it stood on <day>
    The pause is only known to have begun between September and 10 October, so in between
    Storyline says the relation is possibly paused rather than pretending to know.

    When I run `storyline actor UK --as-of <day>`
    Then it says "United Kingdom → United States on suspected drug-trafficking vessels in the Caribbean: <status> since <since>"

    Examples:
      | day        | status          | since             |
      | 2025-08-15 | active          | before 2024       |
      | 2025-09-15 | possibly paused | Sep – 10 Oct 2025 |
      | 2025-10-15 | paused          | Sep – 10 Oct 2025 |
