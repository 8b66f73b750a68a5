"""Test support: the pytest plugin that runs worked cases."""
