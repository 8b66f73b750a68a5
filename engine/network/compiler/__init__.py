"""Compiles YAML rule sets into durable_rules rulesets with three-valued (met / not met / unknown) logic."""
