Feature: JSON output for other programs
  Every read command takes --json and then writes valid JSON with stable field names and the
  record text raw. Each timeline entry has its id, story, kind and title; when it occurred
  (start, end, precision, and the text a person would read); its actors; its sources (outlet,
  url, published); the fields of its kind under details; and its status.

  Background:
    Given a store holding the bundled story caribbean-2025

  Scenario: The timeline as JSON
    When I ask for the timeline as JSON
    Then the answer is valid JSON listing the same entries as the timeline, in the same order
    And every entry has the fields id, story, kind, title, occurred, actors, sources, details and status
    And every entry's occurred has the fields start, end, precision and text
    And every entry's sources have the fields outlet, url and published
    And in JSON the entry "uk-pause" reads:
      | field              | value                         |
      | story              | caribbean-2025                |
      | kind               | intelligence-pause            |
      | occurred.start     | 2025-09-01                    |
      | occurred.end       | 2025-10-10                    |
      | occurred.precision | between                       |
      | occurred.text      | Sep – 10 Oct 2025             |
      | actors             | United Kingdom, United States |
      | sources.outlet     | CNN                           |
      | sources.url        | null                          |
      | sources.published  | 2025-11-11                    |
      | details.provider   | United Kingdom                |
      | details.recipient  | United States                 |
      | status             | reported                      |
    And in JSON the entry "holsey-offers-resignation" reads:
      | field              | value              |
      | kind               | resignation-offer  |
      | occurred.start     | null               |
      | occurred.end       | 2025-11-10         |
      | occurred.precision | before             |
      | occurred.text      | before 11 Nov 2025 |
      | details.person     | Alvin Holsey       |
      | details.offered_to | Pete Hegseth       |
