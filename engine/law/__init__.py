"""The law as loaded data: rule files, catalogues, lists, dated sets, registers, periods, YAML.

May import from core only: never the network, the decision or the tools."""
