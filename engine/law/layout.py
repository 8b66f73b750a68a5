"""Folder names inside ``rules/`` that the loader and the scenarios share."""

#: Law scenarios (``rules/scenarios/<name>.yaml``): read only when one is assumed.
SCENARIOS = "scenarios"
