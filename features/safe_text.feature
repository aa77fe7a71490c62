Feature: Record text is shown, never obeyed
  Titles, names and quotes come from articles, spreadsheets and other people's files, so the
  terminal treats them as untrusted. Storyline shows record text literally: rich markup is
  printed as typed, and control characters such as ESC are made visible (as ␛) instead of being
  sent to the terminal. JSON output keeps the text exactly as recorded.

  Background:
    Given a store holding the bundled story caribbean-2025

  Scenario: Markup in a title is printed as typed
    When I run `storyline record statement --id markup --on 2025-10 --speaker UK --title "Officials call it [bold]x[/bold] and [link=https://example.org]more[/link]"`
    And I ask for the timeline
    Then the entry "markup" says "Officials call it [bold]x[/bold] and [link=https://example.org]more[/link]"

  Scenario: An escape sequence in a title is made visible, not sent to the terminal
    When I run `storyline record statement --id alert --on 2025-10 --speaker UK --title "Alert ESC[2J the screen was not cleared"`, with ESC typed as the escape character
    And I ask for the timeline
    Then the entry "alert" says "Alert ␛[2J the screen was not cleared"
    And no escape character reaches the terminal
    And the JSON keeps the title of "alert" exactly as it was typed
