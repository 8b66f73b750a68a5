"""The regimes pocapace decides: each maps a case file to facts for its rule set.

May import from core, law and network; never the decision, the front door or the tools."""
