Feature: The military buildup in the Caribbean
  While the strikes went on, the US moved ships into the region: the Iwo Jima Amphibious Ready
  Group in August, three guided-missile destroyers, and on 11 November, two U.S. officials told
  Reuters, the USS Gerald R. Ford carrier strike group. Each deployment records the asset, its
  components, its personnel and the region, with the source's own attribution.

  Background:
    Given a store holding the bundled story caribbean-2025

  Scenario: Three deployments, oldest first
    When I run `storyline timeline --kind deployment`
    Then the timeline lists, oldest first:
      | entry                | shown as           |
      | iwo-jima-deploys     | Aug 2025           |
      | destroyers-operating | before 11 Nov 2025 |
      | ford-moves-in        | 11 Nov 2025        |
    And the entry "destroyers-operating" says "Three Navy guided-missile destroyers are operating in the Caribbean"
    And the entry "ford-moves-in" is marked "➤ deployment"
    And the entry "ford-moves-in" says "The USS Gerald R. Ford carrier strike group moves into the Latin America region"
    And the entry "ford-moves-in" says "Reuters (two U.S. officials told Reuters on Tuesday), 11 Nov 2025"
    And the entry "ford-moves-in" records its region as "Latin America"

  Scenario: The Iwo Jima Amphibious Ready Group deployed in August with more than 4,500 sailors and Marines
    When I ask for the timeline
    Then the entry "iwo-jima-deploys" is shown as "Aug 2025"
    And the entry "iwo-jima-deploys" says "more than 4,500 personnel; with USS Iwo Jima, USS Fort Lauderdale, USS San Antonio, 22nd Marine Expeditionary Unit"
    And the entry "iwo-jima-deploys" says "Department of War (according to the Department of War)"
    And the entry "iwo-jima-deploys" records its personnel as "more than 4,500"
    And the entry "iwo-jima-deploys" records its region as "Caribbean"
    When I run `storyline actor "Iwo Jima ARG" --with-parts`
    Then the actor shown is "Iwo Jima Amphibious Ready Group", a unit
    And the actor is part of "U.S. Navy → Department of Defense → United States"
    And it says "with 4 affiliated part(s): 22nd Marine Expeditionary Unit, USS Fort Lauderdale, USS Iwo Jima, USS San Antonio"

  Scenario: A withdrawal between two possible deployments leaves the force only possibly there
    Entries dated only "before" a later day may have happened by the day asked about. A force
    is there from the first deployment that may have happened, and a withdrawal that may have
    come after it makes it only possibly there, whatever is reported to come later.
    When I run `storyline record deployment --on "before 2025-12-20" --title "USS Wasp may have arrived" --asset "USS Wasp" --region Caribbean --source AP --reported 2025-11-20`
    And I run `storyline record withdrawal --on "before 2025-12-25" --title "USS Wasp may have left" --asset "USS Wasp" --region Caribbean --source AP --reported 2025-11-21`
    And I run `storyline record deployment --on "before 2025-12-30" --title "USS Wasp may be back" --asset "USS Wasp" --region Caribbean --source AP --reported 2025-11-22`
    And I run `storyline at 2025-12-01`
    Then the section "Forces deployed" says "USS Wasp in Caribbean: possibly withdrawn since before 20 Dec 2025"
