"""Test support: the pytest plugin that runs worked cases (a tool, like those in tools/).

May import anything in the engine; never the command line."""
