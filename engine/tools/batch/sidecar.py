"""The rules manifest beside a batch's ``decision.v2`` output (``OUT.rules.json``): what the
records' rule ids mean, for each rules version they were decided under."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ...core.errors import InputError
from ...decision.manifest import SIDECAR, rules_manifest, sidecar, sidecar_path


def write_sidecar(out: Path, engines: list, keep: bool = False) -> Path:
    """Write the manifests of ``engines`` beside ``out`` (``keep``: also those already there,
    for a resumed run whose earlier records may be of another rules version)."""
    manifests = read_sidecar(out)["manifests"] if keep and sidecar_path(out).exists() else []
    manifests += [rules_manifest(engine) for engine in engines]
    path = sidecar_path(out)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(_dumps(sidecar(manifests)))
    os.replace(temporary, path)
    return path


def read_sidecar(out: Path) -> dict[str, Any]:
    """The sidecar of ``out``; a missing or unreadable one is an input error."""
    path = sidecar_path(out)
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"Cannot resume {out}: its rules manifest {path} is missing (a "
                         "decision.v2 output needs it); run without --resume to start again"
                         ) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"Cannot read the rules manifest {path}: {exc}") from None
    if not isinstance(found, dict) or found.get("schema") != SIDECAR:
        raise InputError(f"{path} is not a rules manifest sidecar (schema {SIDECAR} expected)")
    return found


def route_names(found: dict[str, Any]) -> dict[tuple[str, str], str]:
    """Each route rule's route name by (regime, rule id as a record gives it: without the
    ruleset's prefix, or whole), over every manifest of a sidecar."""
    names = {}
    for manifest in found["manifests"]:
        for regime, about in manifest["regimes"].items():
            prefix = f"{about['ruleset']}."
            for rule, meta in manifest["rules"].items():
                if "route" in meta and rule.startswith(prefix):
                    names[(regime, rule)] = names[(regime, rule[len(prefix):])] = meta["route"]
    return names


def _dumps(body: dict[str, Any]) -> bytes:
    import orjson

    return orjson.dumps(body, option=orjson.OPT_INDENT_2)
