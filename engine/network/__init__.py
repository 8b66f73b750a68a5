"""The Rete network: rule sets compiled once into durable_rules, facts, runs, run caches.

May import from core and law; knows nothing of regimes, decisions or tools."""
