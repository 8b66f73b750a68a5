"""The law as data: rule sets, lists and catalogues (package data of pocapace)."""
