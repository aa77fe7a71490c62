Feature: Publishing a story: an HTML report, a map, and Markdown
  A newsroom publishes what it recorded. `storyline export --format html` writes one page that
  opens offline and fetches nothing: the story's title and description, where the story stands
  on the report's day, who took part and when, a map when entries have coordinates, the
  chronology with every entry's sources, grade and corrections, and a corrections log. Every
  entry has a permanent anchor, `#story/key`, to link to. In a browser the page can be searched
  and filtered by kind, actor and grade, and on a phone a tap opens what a hover shows.
  GeoJSON and KML take the entries with places to QGIS and Google Earth, and Markdown reads as
  intended on GitHub. None of them runs anything a record says.

  Scenario: The report says where the story stands on its day
    Given a store holding the bundled story caribbean-2025
    When I run `storyline export --format html --as-of 2025-11-11 -o report.html`
    Then the page "report.html" shows "Where it stands on 11 Nov 2025"
    And the page "report.html" shows "killed at least 76"
    And the page "report.html" shows "United Kingdom → United States on suspected drug-trafficking vessels in the Caribbean: paused since Sep – 10 Oct 2025"
    And the page "report.html" shows "Alvin Holsey offered to resign as commander of U.S. Southern Command"

  Scenario: A correction is shown on its entry and in the corrections log
    Given a store holding the bundled story caribbean-2025
    When I run `storyline correct strike-toll --set "killed=at least 80" --reported 2025-11-20 --source CNN --why "a later count"`
    And I run `storyline export --format html -o report.html`
    Then the page "report.html" shows "Corrections Corrected: killed: at least 76 → at least 80 (CNN, 2025-11-20; a later count)"
    And the page "report.html" shows "2025-11-20 US military strikes on suspected drug-trafficking boats in the Caribbean kill at least 76 people: killed: at least 76 → at least 80"
    And the file "report.html" says "<li class="entry" id="caribbean-2025/strike-toll""

  Scenario: A retracted entry leaves the chronology, and its retraction is in the log
    Given a store holding the bundled story caribbean-2025
    When I run `storyline retract venezuela-irked --reported 2025-11-25 --why misread`
    And I run `storyline export --format html -o report.html`
    And I run `storyline export --format markdown -o story.md`
    Then the page "report.html" shows "2025-11-25 The US military buildup in the Caribbean irks Venezuela retracted: retracted (2025-11-25; misread)"
    And the file "story.md" says "- 2025-11-25 · **The US military buildup in the Caribbean irks Venezuela** (venezuela-irked): retracted (2025-11-25; misread)"
    And the file "report.html" says "<ol class="chronology">"

  Scenario: Searching the report on a phone
    Given a store holding the bundled story caribbean-2025
    When I run `storyline export --format html -o report.html`
    Then in a browser 390 pixels wide, searching "report.html" for "Holsey" shows holsey-questions-legality, holsey-offers-resignation
    And in a browser 390 pixels wide, searching "report.html" for "turk" shows turk-statement, uk-agrees-with-turk

  Scenario: Entries with coordinates are on a map, and the others are listed beside it
    Given an empty store
    And a copy of the fixture "ucdp_sample.csv"
    When I run `storyline import ucdp_sample.csv`
    And I run `storyline export --format html -o places.html`
    Then the page "places.html" shows "2 of 3 entries have coordinates"
    And the page "places.html" shows "Not on the map (1) Entries without coordinates, with their named place where one was given. 10–12 May 2025 — ELN - FARC dissidents: Tibú, Colombia"

  Scenario: GeoJSON and KML hold every entry, placed or not
    Given an empty store
    And a copy of the fixture "ucdp_sample.csv"
    When I run `storyline import ucdp_sample.csv`
    And I run `storyline export --format geojson -o places.geojson`
    And I run `storyline export --format kml -o places.kml`
    Then the file "places.geojson" holds 3 features, 2 of them points
    And the file "places.kml" holds 3 placemarks, 2 of them points

  Scenario: Markdown keeps a corrections log by the day each was reported
    Given a store holding the bundled story caribbean-2025
    When I run `storyline correct strike-toll --set "killed=at least 80" --reported 2025-11-20 --source CNN --why "a later count"`
    And I run `storyline export --format markdown -o story.md`
    Then the file "story.md" says "## Corrections"
    And the file "story.md" says "- 2025-11-20 · **US military strikes on suspected drug-trafficking boats in the Caribbean kill at least 76 people** (strike-toll): killed: at least 76 → at least 80 (CNN, 2025-11-20; a later count)"
