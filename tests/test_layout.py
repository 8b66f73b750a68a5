"""The engine's layout is its architecture: each package imports only from the layers below it,
and nothing in the engine imports the command line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[1] / "engine"

# Each layer may import from itself and from the layers listed before it.
LAYERS = ["core", "law", "network", "regimes", "decision", "front", "tools"]
FRONT = {"api", "cases", "__init__"}  # the engine's front door: top-level modules


def layer_of(module: str) -> str | None:
    """``pocapace.engine.law.lists`` -> ``law``; top-level modules are the front door."""
    parts = module.split(".")
    if parts[:2] != ["pocapace", "engine"]:
        return None
    if len(parts) == 2 or parts[2] in FRONT:
        return "front"
    return "tools" if parts[2] == "testing" else parts[2]


def module_name(path: Path, root: Path = ENGINE) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = ["pocapace", "engine", *rel.parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, root: Path = ENGINE) -> list[tuple[int, str]]:
    """Every module ``path`` imports (relative imports resolved), with its line."""
    tree = ast.parse(path.read_text())
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            found += [(node.lineno, f"{target}.{a.name}") for a in node.names
                      if layer_of(f"{target}.{a.name}") and _is_module(f"{target}.{a.name}", root)]
    for node in ast.walk(tree):  # importlib.import_module("pocapace....") strings
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value.startswith("pocapace.") and " " not in node.value:
            found.append((node.lineno, node.value))
    return found


def _is_module(name: str, root: Path) -> bool:
    rel = Path(*name.split(".")[2:])
    return (root / rel).with_suffix(".py").exists() or (root / rel / "__init__.py").exists()


def violations(root: Path = ENGINE) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        here = layer_of(module_name(path, root))
        for line, target in imports(path, root):
            where = f"{path.relative_to(root.parent)}:{line} imports {target}"
            if target.startswith("pocapace.cli"):
                found.append(f"{where}: the engine never imports the command line")
                continue
            there = layer_of(target)
            if there is None or there == here:
                continue
            if LAYERS.index(there) > LAYERS.index(here):
                found.append(f"{where}: {here} may not import from {there}")
    return found


def test_every_import_runs_down_the_layers():
    assert violations() == []


def test_every_engine_package_says_what_it_holds_and_may_import():
    for init in ENGINE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text())) or ""
        assert doc, f"{init} has no docstring"
        if init.parent.parent == ENGINE:
            assert "import" in doc, f"{init} does not say what it may import"


def test_the_check_finds_an_upward_import(tmp_path):
    """The rule can fail: a law module importing the network, or a tool the CLI, is reported."""
    fake = tmp_path / "engine"
    for folder in ("law", "network", "tools"):
        (fake / folder).mkdir(parents=True)
    (fake / "network" / "runner.py").write_text("")
    (fake / "law" / "bad.py").write_text("from ..network.runner import run_facts\n")
    (fake / "tools" / "worse.py").write_text("from pocapace.cli.check import check\n")
    found = violations(fake)
    assert any("law may not import from network" in v for v in found)
    assert any("never imports the command line" in v for v in found)


@pytest.mark.parametrize("cli", sorted((ENGINE.parent / "cli").glob("*.py")))
def test_the_command_line_holds_no_network_or_law_internals(cli):
    """The CLI reaches the engine through its front door, decisions and tools."""
    tree = ast.parse(cli.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
                "pocapace.engine.network"):
            pytest.fail(f"{cli.name}:{node.lineno} imports {node.module}")


def test_the_public_entry_gives_the_engine_and_decision_types():
    import pocapace.engine as engine

    for name in engine.__all__:
        assert getattr(engine, name).__name__ == name
    assert engine.get_engine().decide_raw is not None
