"""The full-screen terminal UI of `storyline explore` (Textual): a face of the library like the
other commands, asking it only what they ask."""
