"""The regimes pocapace decides: each maps a case file to facts for its rule set."""
