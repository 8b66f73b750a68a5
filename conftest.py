"""Root pytest configuration: collects every worked case under cases/ as a test item."""

pytest_plugins = ["pocapace.engine.testing.pytest_plugin"]
