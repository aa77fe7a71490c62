Feature: Cleaning up mistakes, by events and never by deleting
  A mistake of recording — entries filed under the wrong story, a typo in an actor's name, a
  misspelt kind, an entry without a readable id — is mended by an event with its reason, as a
  correction is. `history` shows it, every clock sees the store before and after it, and the
  opposite command undoes it. Nothing is deleted. By default a clean-up holds from each entry's
  own report on, since it mends how something was recorded, not what was known.

  Background:
    Given a store holding the bundled story caribbean-2025
    And a file "strikes.csv" containing:
      """
      id,date,kind,title,actors,killed,source
      s-0902,2025-09-02,strike,The first boat strike,Untied States,11,CNN
      s-0915,2025-09-15,strike,The second boat strike,United States,3,CNN
      """
    When I run `storyline import strikes.csv --story strikes`

  Scenario: Strikes filed under the wrong story are moved into the right one
    When I run `storyline move --from strikes --to caribbean-2025 --why "filed under the wrong story"`
    Then it says "Moved caribbean-2025/s-0902 (now version 2)"
    And it says "Moved caribbean-2025/s-0915 (now version 2)"
    When I run `storyline stories`
    Then it says "caribbean-2025 23"
    When I run `storyline history caribbean-2025/s-0902`
    Then the history lists, oldest first:
      | version | event    | reported   | what changed                    |
      | 1       | recorded | 2025-09-02 | The first boat strike           |
      | 2       | moved    | 2025-09-02 | story: strikes → caribbean-2025 |

  Scenario: An entry moved by mistake is moved back the same way, and found by either name
    When I run `storyline move strikes/s-0902 --to caribbean-2025`
    And I run `storyline move caribbean-2025/s-0902 --to strikes --why "it was right the first time"`
    Then it says "Moved strikes/s-0902 (now version 3)"
    When I run `storyline history caribbean-2025/s-0902`
    Then the history lists, oldest first:
      | version | event    | reported   | what changed                    |
      | 1       | recorded | 2025-09-02 | The first boat strike           |
      | 2       | moved    | 2025-09-02 | story: strikes → caribbean-2025 |
      | 3       | moved    | 2025-09-02 | story: caribbean-2025 → strikes |

  Scenario: A move onto an entry of the same name is refused, and nothing moves
    Given a file "more.csv" containing:
      """
      id,date,kind,title,actors,killed,source
      s-0915,2025-09-16,strike,Another strike,Venezuela,1,BBC
      """
    When I run `storyline import more.csv --story boat-strikes`
    And I run `storyline move --from strikes --to boat-strikes`
    Then it fails with exit status 2
    And the error is one line saying "boat-strikes/s-0915 names another entry already"
    And the store holds exactly what it held before

  Scenario: A typo in an actor's name is merged into the right actor
    When I run `storyline merge "Untied States" --into "United States" --why "a typo"`
    Then it says "Merged Untied States into United States; 1 entry now says so"
    When I look up the actor "Untied States"
    Then the actor shown is "United States", a state
    And the actor takes part in "s-0902" as "party"
    When I run `storyline history strikes/s-0902`
    Then the history lists, oldest first:
      | version | event     | reported   | what changed                        |
      | 1       | recorded  | 2025-09-02 | The first boat strike               |
      | 2       | corrected | 2025-09-02 | actors: Untied States → United States |

  Scenario: A merge is undone by unmerging
    When I run `storyline merge "Untied States" --into "United States"`
    And I run `storyline unmerge "Untied States" --why "two different spellings after all"`
    Then it says "Unmerged Untied States from United States; 1 entry now says so"
    When I look up the actor "Untied States"
    Then the actor shown is "Untied States", a unknown
    When I run `storyline unmerge "Untied States"`
    Then it fails with exit status 2
    And the error is one line saying "was never merged into another actor: there is nothing to undo"

  Scenario: Renaming an actor to a name another actor has is refused
    When I run `storyline rename "Untied States" "United Kingdom"`
    Then it fails with exit status 2
    And the error is one line saying "already names United Kingdom: merge the two instead"

  Scenario: A misspelt kind is changed to the kind that was meant
    When I run `storyline record statment --id uk-explains --on 2025-11-12 --title "The UK explains the pause" --actor "United Kingdom" --source BBC --story caribbean-2025`
    And I run `storyline rekind uk-explains statement --set speaker=UK --why "typo in the kind"`
    Then it says "Rekinded caribbean-2025/uk-explains (now version 2)"
    When I run `storyline timeline --story caribbean-2025`
    Then the entry "uk-explains" is marked "❝ statement"
    When I run `storyline history uk-explains`
    Then the history lists, oldest first:
      | version | event    | reported   | what changed                   |
      | 1       | recorded | 2025-11-12 | The UK explains the pause      |
      | 2       | rekinded | 2025-11-12 | kind: statment → statement     |

  Scenario: An entry is given a readable id, and keeps answering to its old one
    When I run `storyline name strike-toll boat-strike-toll --why "clearer"`
    Then it says "Named caribbean-2025/boat-strike-toll (now version 2)"
    When I run `storyline timeline --story caribbean-2025`
    Then the entry "boat-strike-toll" says "at least 76 killed"
    When I run `storyline history strike-toll`
    Then it says "id: strike-toll → boat-strike-toll"
    When I run `storyline name boat-strike-toll --original`
    Then it says "Named caribbean-2025/strike-toll (now version 3)"
