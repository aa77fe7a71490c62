Feature: Recording entries and importing files
  Anyone following a story records what happened with `storyline record KIND`, one entry at a
  time, or imports a spreadsheet (CSV), YAML, JSON or JSON Lines file. Every record is appended
  to the store's log and never edited in place. A file is checked whole before anything is
  written, and importing the same file again appends nothing.

  Scenario: Recording a strike from the command line
    Given a store holding the bundled story caribbean-2025
    When I run `storyline record strike --id first-boat-strike --on 2025-09-02 --title "A US strike on a suspected drug boat" --actor "United States" --theatre Caribbean --killed 11 --source CNN --published 2025-09-02`
    Then it says "Recorded strike “A US strike on a suspected drug boat” in story caribbean-2025 as caribbean-2025/first-boat-strike"
    When I ask for the timeline
    Then the entry "first-boat-strike" is shown as "2 Sep 2025"
    And the entry "first-boat-strike" is marked "✹ strike"
    And the entry "first-boat-strike" says "11 killed, in the Caribbean"
    And the entry "first-boat-strike" says "CNN, 2 Sep 2025"
    And the timeline lists, among others, oldest first:
      | entry             | shown as          |
      | strike-toll       | Sep – 11 Nov 2025 |
      | first-boat-strike | 2 Sep 2025        |
      | turk-statement    | Oct 2025          |

  Scenario: Importing a spreadsheet
    Given an empty store
    And a file "my-notes.csv" containing:
      """
      id,date,date_precision,kind,title,actors,location,killed,survivors,vessels,source,url,notes,provider,recipient
      pause,2025-09/2025-10-10,,intelligence-pause,The UK pauses some intelligence sharing with the US,,,,,,CNN,,began more than a month before 11 Nov,United Kingdom,United States
      toll,2025-09/2025-11-11,,strike,Strikes on suspected drug boats have killed at least 76 people,United States,Caribbean,at least 76,,,CNN,,,,
      turk,2025-10,month,statement,Volker Türk calls the strikes extrajudicial killings,Volker Türk,,,,,CNN,,,,
      """
    When I run `storyline import my-notes.csv`
    Then it says "my-notes.csv: 3 added, 0 corrected, 0 unchanged in story 'my-notes'"
    And the store holds 3 entries
    When I ask for the timeline
    Then the timeline lists, oldest first:
      | entry | shown as          |
      | pause | Sep – 10 Oct 2025 |
      | toll  | Sep – 11 Nov 2025 |
      | turk  | Oct 2025          |
    And the entry "pause" says "United Kingdom → United States"
    And the entry "toll" says "at least 76 killed"

  Scenario: Importing the same file twice appends nothing
    Given an empty store
    And a file "strikes.csv" containing:
      """
      date,date_precision,kind,title,actors,location,killed,survivors,vessels,source,url,notes
      2025-09,,authorization,The Trump administration begins authorizing lethal strikes,United States,,,,,CNN,,
      2025-09/2025-11-11,between,strike,Strikes kill at least 76 people,United States,Caribbean,at least 76,,,CNN,,
      """
    When I run `storyline import strikes.csv`
    Then it says "strikes.csv: 2 added, 0 corrected, 0 unchanged in story 'strikes'"
    When I run `storyline import strikes.csv` again
    Then it says "strikes.csv: 0 added, 0 corrected, 2 unchanged in story 'strikes'"
    And the store holds exactly what it held before

  Scenario: A file with one bad row is refused whole
    Given a store holding the bundled story caribbean-2025
    And a file "boat-strikes.csv" containing:
      """
      date,date_precision,kind,title,actors,location,killed,survivors,vessels,source,url,notes
      2025-09-15,,strike,A second strike on a suspected drug boat,United States,Caribbean,3,,1,CNN,,
      2025-13-40,,strike,A strike on a day that does not exist,United States,Caribbean,3,,1,CNN,,
      """
    When I run `storyline import boat-strikes.csv`
    Then it fails with exit status 2
    And the error is one line naming "boat-strikes.csv", line 3, field "date" and value "2025-13-40"
    And the store holds exactly what it held before

  Scenario: An id of yours cannot be the start of another entry's id
    Messages name an entry by the start of its id (`caribbean-2025/baa28ab4`). An id of yours
    written the same way would take that entry's place in every such reference.
    Given a store holding the bundled story caribbean-2025
    When I run `storyline record strike --id baa28ab4 --on 2025-11-01 --title "A strike"`
    Then it fails with exit status 2
    And the error is one line saying "'baa28ab4' is the start of the id of caribbean-2025/uk-shares-intelligence"
    And the store holds 21 entries
