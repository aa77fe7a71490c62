"""The commands, by what a user is doing: looking, recording, correcting, reporting, drawing,
exporting, keeping the store. Each parses its options, calls the library, and renders."""
