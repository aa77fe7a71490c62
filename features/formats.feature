Feature: The field's formats, in and out
  Analysts keep conflict data in ACLED and UCDP exports, and publish to TimelineJS, Timesketch,
  spreadsheets and web pages. Storyline reads the datasets as they are, and writes each format
  faithfully — with record text that can never run as a formula, a script or markup.

  Scenario: An ACLED export is read with its kinds, fuzzy dates, actors and deaths
    Given an empty store
    And a copy of the fixture "acled_sample.csv"
    When I run `storyline import acled_sample.csv --story venezuela`
    Then it says "acled_sample.csv: 3 added, 0 corrected, 0 unchanged in story 'venezuela'"
    And in JSON the entry "VEN100" has kind "strike"
    And the entry "VEN100" records its killed as "11"
    And in JSON the entry "VEN101" has occurred.text "about 15 Sep 2025"
    And in JSON the entry "VEN102" has occurred.text "Oct 2025"
    And in JSON the entry "VEN102" has extra.event_type "Battles"

  Scenario: A UCDP export keeps its intervals and warns about its own broken rules
    Given an empty store
    And a copy of the fixture "ucdp_sample.csv"
    When I run `storyline import ucdp_sample.csv`
    Then it warns "ucdp_sample.csv:4: warning: low 5, best 4, high 5 break UCDP's low <= best <= high; imported as given"
    And in JSON the entry "900002" has occurred.text "1–30 Apr 2025"
    And in JSON the entry "900001" has actors "Government of Colombia, ELN"

  Scenario: A JSON export of the story imports into an empty store as the same story
    Given a store holding the bundled story caribbean-2025
    When I run `storyline correct strike-toll --set "killed=at least 80" --reported 2025-11-20 --source CNN --why "a later count"`
    And I run `storyline export --format json -o story.json`
    Then importing "story.json" into an empty store gives the same timeline and history

  Scenario: A spreadsheet export never hands a spreadsheet a formula
    Given an empty store
    When I run `storyline record statement --story s --on 2025-11-01 --title '=HYPERLINK("http://evil")' --speaker "@someone" --id s1`
    And I run `storyline export --format csv -o story.csv`
    Then in the file "story.csv", the cell "title" of the row "s1" reads "'=HYPERLINK("http://evil")"
    And in the file "story.csv", the cell "speaker" of the row "s1" reads "'@someone"

  Scenario: TimelineJS gets dates as precise as they were known, and an era for the pause
    Given a store holding the bundled story caribbean-2025
    When I run `storyline export --format timelinejs -o timeline.json`
    Then in the file "timeline.json", the event "caribbean-2025-iwo-jima-deploys" starts on {"year": 2025, "month": 8}
    And in the file "timeline.json", the event "caribbean-2025-uk-pause" is shown as "Sep – 10 Oct 2025"
    And the file "timeline.json" says "United Kingdom → United States: intelligence sharing paused"

  Scenario: Timesketch gets a line for when each entry occurred, was reported and was recorded
    Given a store holding the bundled story caribbean-2025
    When I run `storyline export --format timesketch -o sketch.jsonl`
    Then the file "sketch.jsonl" has 63 lines, each with a message, a datetime and a timestamp_desc

  Scenario: The HTML report is one file that fetches nothing and shows hostile text as text
    Given a store holding the bundled story caribbean-2025
    When I run `storyline record statement --story caribbean-2025 --on 2025-11-01 --title "<script>alert(1)</script>" --speaker US`
    And I run `storyline export --format html -o report.html`
    Then the file "report.html" fetches nothing from the network
    And the file "report.html" says "&lt;script&gt;alert(1)&lt;/script&gt;"
    And the file "report.html" says "Who took part, and when"

  Scenario: Lanes and a chart in the terminal
    Given a store holding the bundled story caribbean-2025
    When I run `storyline chart --by month`
    Then it says "Nov 2025"
    And it says "at least 76"
    When I run `storyline lanes --by month`
    Then it says "United Kingdom"
