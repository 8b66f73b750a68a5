"""Small types every layer shares: errors, date arithmetic, three-valued findings.

May import nothing else from the engine."""
