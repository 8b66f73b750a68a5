"""The console script's kept dataclass code (``core.dataclass_code``) builds every engine
dataclass exactly as ``dataclasses`` alone builds it: the same code for every generated
method, whether compiled now or read back; a damaged file is compiled afresh."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import hashlib, importlib, json, marshal, pkgutil, sys
from pathlib import Path
folder = sys.argv[1]
if folder != "none":
    from pocapace.engine.core.dataclass_code import reuse_compiled_code
    save = reuse_compiled_code(Path(folder))
import dataclasses
import pocapace.engine
for module in pkgutil.walk_packages(pocapace.engine.__path__, "pocapace.engine."):
    if ".tools" not in module.name and not module.name.endswith((".pdf", ".report")):
        importlib.import_module(module.name)
codes = {}
for name, module in sorted(sys.modules.items()):
    if not name.startswith("pocapace."):
        continue
    for value in vars(module).values():
        if isinstance(value, type) and dataclasses.is_dataclass(value) and \\
                value.__module__ == name:
            for method in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__",
                           "__delattr__"):
                function = value.__dict__.get(method)
                code = getattr(getattr(function, "__wrapped__", function), "__code__", None)
                if code is not None:
                    codes[f"{name}.{value.__qualname__}.{method}"] = hashlib.sha256(
                        marshal.dumps(code)).hexdigest()
if folder != "none":
    save()
print(json.dumps(codes))
"""


def _codes(folder) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(folder)], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def test_kept_dataclass_code_is_the_code_dataclasses_compiles(tmp_path):
    plain = _codes("none")
    assert len(plain) > 100
    first = _codes(tmp_path)
    [kept] = list(tmp_path.glob("dataclass-code-*.marshal"))
    saved = kept.read_bytes()
    read_back = _codes(tmp_path)
    assert first == plain and read_back == plain
    assert kept.read_bytes() == saved, "the second process compiled nothing new"
    kept.write_bytes(b"\x00damaged")
    assert _codes(tmp_path) == plain
