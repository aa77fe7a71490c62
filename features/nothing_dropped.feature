Feature: Nothing a user typed is dropped silently
  A reporter on deadline trusts that what they typed went in. Every value of every option is
  kept, or the command is refused and says why. A column or field that is almost one Storyline
  knows is a typo, not a detail; any other column is kept, and the summary names it. A file's
  problems are listed together, and nothing of it is appended until all are fixed. Before
  writing anything, `--dry-run` shows what an import would do.

  Scenario: Two sources given to one record are both kept, each with its own link
    Given a store holding the bundled story caribbean-2025
    When I run `storyline record strike --id near-trinidad --on 2025-11-01 --title "A strike near Trinidad" --actor "United States" --source CNN --url https://cnn.com/a --source Reuters --url "" --story caribbean-2025`
    And I ask for the timeline
    Then the entry "near-trinidad" says "CNN https://cnn.com/a · Reuters"

  Scenario: An option that takes one value, given twice, is refused rather than overwritten
    Given a store holding the bundled story caribbean-2025
    When I run `storyline record strike --on 2025-11-01 --title First --title Second --story caribbean-2025`
    Then it fails with exit status 2
    And the error is one line saying "--title was given twice ('First' and 'Second'): it takes one value"
    And the store holds exactly what it held before

  Scenario: A misspelt column is refused with the column it meant
    Given a store holding the bundled story caribbean-2025
    And a file "strikes.csv" containing:
      """
      date,kind,title,actors,kiled,source
      2025-09-02,strike,The first boat strike,United States,11,CNN
      """
    When I run `storyline import strikes.csv --story caribbean-2025`
    Then it fails with exit status 2
    And the error is one line naming "strikes.csv", line 2, field "kiled" and value "11"
    And the error is one line saying "is not a field of strike: did you mean 'killed'?"
    And the store holds exactly what it held before

  Scenario: A column Storyline has no field for is kept as a detail, and named
    Given a store holding the bundled story caribbean-2025
    And a file "strikes.csv" containing:
      """
      id,date,kind,title,actors,killed,vessel_flag,source
      first-strike,2025-09-02,strike,The first boat strike,United States,11,Venezuela,CNN
      """
    When I run `storyline import strikes.csv --story caribbean-2025`
    Then it says "strikes.csv: 1 added, 0 corrected, 0 unchanged in story 'caribbean-2025'; columns kept as details: vessel_flag"
    And in JSON the entry "first-strike" has extra.vessel_flag "Venezuela"

  Scenario: A source the file never defines is an error, not a new outlet
    Given a store holding the bundled story caribbean-2025
    And a file "boats.yaml" containing:
      """
      story: caribbean-2025
      sources:
        cnn: {outlet: CNN, published: 2025-11-11}
      entries:
        - {kind: strike, date: 2025-09-02, title: The first boat strike, actors: [United States], sources: [reuters]}
      """
    When I run `storyline import boats.yaml`
    Then it fails with exit status 2
    And the error is one line saying "boats.yaml:5: sources[0]: 'reuters' is not a source the file defines"
    And the store holds exactly what it held before

  Scenario: A kind asked for that is a slip says which kind was meant
    Given a store holding the bundled story caribbean-2025
    When I run `storyline timeline --kind strke`
    Then it fails with exit status 2
    And the error is one line saying "no entry of kind 'strke' in this store (did you mean strike?)"

  Scenario: Every bad row of a file is listed at once
    Given a store holding the bundled story caribbean-2025
    And a file "strikes.csv" containing:
      """
      date,kind,title,actors,killed,source
      2025-09-02,strike,The first boat strike,United States,eleven,CNN
      2025-09-15,strike,The second boat strike,United States,3,CNN
      2025-13-01,strike,A strike in no month,United States,3,CNN
      """
    When I run `storyline import strikes.csv --story caribbean-2025`
    Then the errors are, a line each:
      """
      strikes.csv:2: killed: 'eleven' is not a count
      strikes.csv:4: date: '2025-13-01' is not a date
      strikes.csv: 2 problems; nothing was imported
      """
    And the store holds exactly what it held before

  Scenario: A dry run says what an import would do, per story, and writes nothing
    Given a store holding the bundled story caribbean-2025
    And a file "mixed.csv" containing:
      """
      id,story,date,kind,title,actors,killed,source
      s1,boat-strikes,2025-09-02,strike,The first boat strike,Untied States,11,CNN
      s2,boat-strikes,2025-09-15,strike,The second boat strike,United States,3,CNN
      p1,talks,2025-09-20,statement,Talks are proposed,Venezuela,,Reuters
      """
    When I run `storyline import mixed.csv --dry-run`
    Then it says "mixed.csv (dry run: nothing written): 3 to add, 0 to correct, 0 unchanged in stories 'boat-strikes', 'talks'; 1 new actor; 1 warning"
    And it says "'boat-strikes': 2 to add, 0 to correct, 0 unchanged"
    And it says "'talks': 1 to add, 0 to correct, 0 unchanged"
    And it warns "actor 'Untied States' is new (did you mean 'United States'?)"
    And the store holds exactly what it held before

  Scenario: A story named only by its file, beside one of a close name, is asked for
    Given a store holding the bundled story caribbean-2025
    And a file "boat-strikes.csv" containing:
      """
      id,date,kind,title,actors,killed,source
      s-0902,2025-09-02,strike,The first boat strike,United States,11,CNN
      """
    And a file "strikes.csv" containing:
      """
      id,date,kind,title,actors,killed,source
      s-0915,2025-09-15,strike,The second boat strike,United States,3,CNN
      """
    When I run `storyline import boat-strikes.csv`
    And I run `storyline import strikes.csv`
    Then it fails with exit status 2
    And the error is one line saying "would make a new story 'strikes' beside 'boat-strikes': give --story boat-strikes"
    And the store holds exactly what it held before

  Scenario: An entry is named in messages in a form every command takes
    Given a store holding the bundled story caribbean-2025
    When I run `storyline retract venezuela --reported 2025-11-20`
    Then it fails with exit status 2
    And the error is one line saying "name it whole to change it: caribbean-2025/venezuela-irked"
    When I run `storyline retract caribbean-2025/venezuela-irked --reported 2025-11-20 --why "misread"`
    Then it says "Retracted caribbean-2025/venezuela-irked (now version 2)"

  Scenario: An entry recorded without an id of yours gets a name you can type
    Given a store holding the bundled story caribbean-2025
    When I run `storyline record statement --on 2025-11-12 --title "Türk repeats his call" --speaker "Volker Türk" --source UN --story caribbean-2025`
    Then it says "Recorded statement “Türk repeats his call” in story caribbean-2025 as caribbean-2025/2e01761e"
    When I run `storyline correct caribbean-2025/2e01761e --set quote="the strikes must stop" --reported 2025-11-13`
    Then it says "Corrected caribbean-2025/2e01761e (now version 2)"
    When I run `storyline name caribbean-2025/2e01761e turk-repeats`
    Then it says "Named caribbean-2025/turk-repeats (now version 3)"

  Scenario: Notes written on entries are shown when asked for
    Given a store holding the bundled story caribbean-2025
    When I run `storyline timeline --notes`
    Then the entry "canada-condition" says "note: Canadian officials"
    When I ask for the timeline
    Then the entry "canada-condition" does not say "note:"
