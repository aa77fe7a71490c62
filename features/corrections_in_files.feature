Feature: Corrections in a spreadsheet
  A spreadsheet can correct itself. A row whose `corrects` column names the `id` of an earlier
  row is not a new entry: its non-empty fields replace that entry's from the row's `reported`
  date on, so what was known before that date stays as it was. Editing a row and importing the
  file again does the same. Importing an unchanged file again appends nothing.

  Scenario: A row corrects an earlier row's casualty figure from the day the recount was reported
    Given an empty store
    And a file "boat-strikes.csv" containing:
      """
      id,date,kind,title,actors,location,killed,source,reported,corrects
      toll,2025-09/2025-11-11,strike,Strikes on suspected drug boats have killed at least 76 people,United States,Caribbean,at least 76,CNN,2025-11-11,
      recount,,,,,,at least 80,CNN,2025-11-20,toll
      """
    When I run `storyline import boat-strikes.csv`
    Then it says "boat-strikes.csv: 1 added, 1 corrected, 0 unchanged in story 'boat-strikes'"
    And the store holds 1 entries
    When I run `storyline timeline --known-at 2025-11-15`
    Then the entry "toll" says "at least 76 killed"
    When I ask for the timeline
    Then the entry "toll" is shown as "Sep – 11 Nov 2025"
    And the entry "toll" says "at least 80 killed"
    And the entry "toll" says "CNN, 11 Nov 2025 · CNN, 20 Nov 2025"
    When I run `storyline import boat-strikes.csv` again
    Then it says "boat-strikes.csv: 0 added, 0 corrected, 2 unchanged in story 'boat-strikes'"
    And the store holds exactly what it held before

  Scenario: Editing a row and importing the file again appends only the correction
    Given an empty store
    And a file "notes.csv" containing:
      """
      id,date,kind,title,actors,location,killed,source,reported
      toll,2025-09/2025-11-11,strike,Strikes on suspected drug boats have killed at least 76 people,United States,Caribbean,at least 76,CNN,2025-11-11
      turk,2025-10,statement,Volker Türk calls the strikes extrajudicial killings,Volker Türk,,,CNN,2025-11-11
      """
    When I run `storyline import notes.csv`
    Then it says "notes.csv: 2 added, 0 corrected, 0 unchanged in story 'notes'"
    When I change "notes.csv" to:
      """
      id,date,kind,title,actors,location,killed,source,reported
      toll,2025-09/2025-11-11,strike,Strikes on suspected drug boats have killed at least 76 people,United States,Caribbean,at least 80,CNN,2025-11-20
      turk,2025-10,statement,Volker Türk calls the strikes extrajudicial killings,Volker Türk,,,CNN,2025-11-11
      """
    And I run `storyline import notes.csv`
    Then it says "notes.csv: 0 added, 1 corrected, 1 unchanged in story 'notes'"
    And the store holds 2 entries
    When I run `storyline history toll`
    Then the history lists, oldest first:
      | version | event     | reported   | what changed                      |
      | 1       | recorded  | 2025-11-11 | at least 76 people                |
      | 2       | corrected | 2025-11-20 | killed: at least 76 → at least 80 |

  Scenario: A row that corrects an id no earlier row has is refused, and the file with it
    Given an empty store
    And a file "boat-strikes.csv" containing:
      """
      id,date,kind,title,actors,location,killed,source,reported,corrects
      toll,2025-09/2025-11-11,strike,Strikes on suspected drug boats have killed at least 76 people,United States,Caribbean,at least 76,CNN,2025-11-11,
      recount,,,,,,at least 80,CNN,2025-11-20,tol
      """
    When I run `storyline import boat-strikes.csv`
    Then it fails with exit status 2
    And the error is one line naming "boat-strikes.csv", line 3, field "corrects" and value "tol"
    And the store holds exactly what it held before
