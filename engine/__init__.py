"""pocapace engine: loads the law as data, compiles it into durable_rules, decides cases."""
