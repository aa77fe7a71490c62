Feature: What was known when: situation reports, corrections and retractions
  A developing story is told three times over. Things happen in the world (the occurred clock,
  --as-of, often only roughly known); the public record says so later (the reported clock,
  --known-at: CNN's and Reuters' reports of 11 November 2025); and someone records it in this
  store (the recorded clock, --recorded-before). `storyline at DATE` sums up the situation at
  the end of a day: tallies, intelligence sharing, forces deployed, stances and open matters.
  A figure that changes later is corrected, never overwritten: what was known before the
  correction stays as it was, and `storyline history` shows every version.

  Background:
    Given a store holding the bundled story caribbean-2025

  Scenario Outline: Britain's intelligence sharing with the US, as it stood on <day>
    The pause is only known to have begun between September and 10 October, so in between
    the situation report says the sharing was possibly paused rather than pretending to know.

    When I run `storyline at <day>`
    Then the section "Intelligence sharing" says "United Kingdom → United States on suspected drug-trafficking vessels in the Caribbean: <status> since <since>"

    Examples:
      | day        | status          | since             |
      | 2025-08-31 | active          | before 2024       |
      | 2025-09-15 | possibly paused | Sep – 10 Oct 2025 |
      | 2025-11-12 | paused          | Sep – 10 Oct 2025 |

  Scenario: On 10 November the public record did not know of the pause yet; today it does
    Nothing about the pause was public before CNN's report of 11 November, so the situation
    on 12 November, as known on 10 November, still has Britain sharing its intelligence.

    When I run `storyline at 2025-11-12 --known-at 2025-11-10`
    Then it says "Situation as of 12 Nov 2025 · known at 10 Nov 2025"
    And the section "Intelligence sharing" says "United Kingdom → United States on suspected drug-trafficking vessels in the Caribbean: active since before 2024"
    And the section "Intelligence sharing" does not say "paused"
    And the section "Stances" says "none recorded"
    When I run `storyline at 2025-11-12`
    Then the section "Intelligence sharing" says "United Kingdom → United States on suspected drug-trafficking vessels in the Caribbean: paused since Sep – 10 Oct 2025"
    When I run `storyline timeline --known-at 2025-11-10`
    Then the entry "uk-pause" is not shown
    When I ask for the timeline
    Then the entry "uk-pause" is shown as "Sep – 10 Oct 2025"

  Scenario: The situation on 12 November: tallies, forces and stances
    No source gives a count of survivors or of vessels: they are not reported, which is not zero.

    When I run `storyline at 2025-11-12`
    Then the tallies read:
      | tally     | certain      | and possibly |
      | strikes   | at least 2   |              |
      | killed    | at least 76  |              |
      | survivors | not reported |              |
      | vessels   | not reported |              |
    And the section "Intelligence sharing" says "Canada → United States on intelligence on suspected drug-trafficking vessels: restricted since before 11 Nov 2025"
    And the section "Forces deployed" says "Iwo Jima Amphibious Ready Group in Caribbean: deployed since Aug 2025 · more than 4,500 personnel"
    And the section "Forces deployed" says "Three guided-missile destroyers in Caribbean: deployed since before 11 Nov 2025"
    And the section "Forces deployed" says "USS Gerald R. Ford carrier strike group in Latin America: deployed since 11 Nov 2025"
    And the section "Stances" says "illegal: United Kingdom, Volker Türk"
    And the section "Stances" says "lawful: Office of Legal Counsel, Trump administration"
    And the section "Stances" says "opposed: Venezuela"
    And the section "Open matters" says "Alvin Holsey offered to resign as commander of U.S. Southern Command, to Pete Hegseth, after questioning the legality of the strikes · before 11 Nov 2025"

  Scenario: In mid-September the killing had only possibly begun
    The toll of at least 76 is dated from September to 11 November, so on 15 September it is
    counted apart, as possible, and not added to what certainly happened.

    When I run `storyline at 2025-09-15`
    Then the tallies read:
      | tally   | certain | and possibly |
      | strikes | 0       | at least 2   |
      | killed  | 0       | at least 76  |
    And the section "Forces deployed" says "Iwo Jima Amphibious Ready Group in Caribbean: deployed since Aug 2025"
    And the section "Forces deployed" says "Three guided-missile destroyers in Caribbean: possibly deployed since before 11 Nov 2025"
    And the section "Forces deployed" does not say "USS Gerald R. Ford"

  Scenario: A casualty figure corrected later does not change what was known before the correction
    When I run `storyline correct strike-toll --set killed="at least 80" --reported 2025-11-20 --source CNN --why "a new count"`
    Then it says "Corrected caribbean-2025/strike-toll (now version 2)"
    When I run `storyline timeline --kind strike --known-at 2025-11-15`
    Then the entry "strike-toll" says "at least 76 killed"
    When I run `storyline timeline --kind strike`
    Then the entry "strike-toll" says "at least 80 killed"
    When I run `storyline at 2025-11-30 --known-at 2025-11-15`
    Then the tallies read:
      | tally  | certain     | and possibly |
      | killed | at least 76 |              |
    When I run `storyline at 2025-11-30`
    Then the tallies read:
      | tally  | certain     | and possibly |
      | killed | at least 80 |              |
    When I run `storyline history strike-toll`
    Then the history lists, oldest first:
      | version | event     | reported   | what changed                                                                                     |
      | 1       | recorded  | 2025-11-11 | US military strikes on suspected drug-trafficking boats in the Caribbean kill at least 76 people |
      | 2       | corrected | 2025-11-20 | killed: at least 76 → at least 80 why: a new count                                               |

  Scenario: The latest report wins, even when an older one is recorded later
    An analyst records CNN's recount of 20 November first, then finds a Reuters figure of
    14 November. Reuters' figure is what was known from the 14th to the 19th; CNN's, being
    the later report, is what is known now.

    When I run `storyline correct strike-toll --set killed="at least 80" --reported 2025-11-20 --source CNN`
    And I run `storyline correct strike-toll --set killed="at least 78" --reported 2025-11-14 --source Reuters`
    And I run `storyline timeline --kind strike --known-at 2025-11-16`
    Then the entry "strike-toll" says "at least 78 killed"
    When I run `storyline timeline --kind strike`
    Then the entry "strike-toll" says "at least 80 killed"
    When I run `storyline correct strike-toll --set killed=90 --reported 2025-11-01`
    Then the error is one line saying "'2025-11-01' is before the entry itself was reported (2025-11-11)"

  Scenario: A retracted report leaves the timeline, but stays in the history
    When I run `storyline retract venezuela-irked --reported 2025-11-25 --source Reuters --why "the report was misread"`
    Then it says "Retracted caribbean-2025/venezuela-irked (now version 2)"
    When I ask for the timeline
    Then the entry "venezuela-irked" is not shown
    When I run `storyline timeline --known-at 2025-11-24`
    Then the entry "venezuela-irked" is shown as "before 11 Nov 2025"
    When I run `storyline at 2025-11-30`
    Then the section "Stances" does not say "Venezuela"
    When I run `storyline history venezuela-irked`
    Then the history lists, oldest first:
      | version | event     | reported   | what changed                                            |
      | 1       | recorded  | 2025-11-11 | The US military buildup in the Caribbean irks Venezuela |
      | 2       | retracted | 2025-11-25 | retracted why: the report was misread                   |

  Scenario Outline: A correction that cannot be made is refused, and nothing is appended
    When I run `storyline <command>`
    Then it fails with exit status 2
    And the error is one line saying "<message>"
    And the store holds exactly what it held before

    Examples:
      | command                                                                         | message                              |
      | correct no-such-entry --set killed=80 --reported 2025-11-20 --source CNN        | no entry 'no-such-entry'             |
      | correct strike-toll --set provider=UK --reported 2025-11-20 --source CNN        | strike has no field 'provider'       |
      | correct strike-toll --set killed="at least 76" --reported 2025-11-20            | changes nothing                      |
      | retract venezuela-irked --reported 25/11/2025 --why misread                     | '25/11/2025' is not a date           |

  Scenario: What changed between the start of September and the end of October
    When I run `storyline diff 2025-09-01 2025-10-31`
    Then it says "From 1 Sep 2025 to 31 Oct 2025"
    And the entry "uk-pause" is shown as "Sep – 10 Oct 2025"
    And the entry "turk-statement" is shown as "Oct 2025"
    And the entry "strike-toll" is shown as "Sep – 11 Nov 2025 (possibly)"
    And the entry "iwo-jima-deploys" is not shown
    And the entry "ford-moves-in" is not shown
    And the section "Changes" says "United Kingdom → United States: possibly paused → paused"

  Scenario: Replaying the story month by month
    When I run `storyline replay --by month`
    Then the replay steps are "until Dec 2023", "Aug 2025", "Sep 2025", "Oct 2025" and "Nov 2025"
    And the replay step "Aug 2025" shows only "iwo-jima-deploys"
    And the replay step "Aug 2025" says "Iwo Jima Amphibious Ready Group: not there → deployed"
    And the replay step "Sep 2025" says "United Kingdom → United States: active → possibly paused"
    And the replay step "Oct 2025" shows only "turk-statement"
    And the replay step "Oct 2025" says "United Kingdom → United States: possibly paused → paused"
    And the replay step "Nov 2025" says "killed: +76"
    And it says "Where it stands 11 Nov 2025"
