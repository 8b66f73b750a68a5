"""pocapace command line: a thin click layer over pocapace.engine."""
