"""Catalogues: offences, drugs, police ranks, police areas and code tables, loaded from rules/catalogue."""
