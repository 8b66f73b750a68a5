"""Tools built on decisions: batch, worked cases, quiz, coverage, law-change comparison, listings.

May import anything in the engine; never the command line."""
