"""The decisions' meaning before a change, to compare after it (``tests/test_golden.py``).

Decides every worked case and a generated export (seed 14) the full, slow way and writes,
per record, its outcome, routes or tests and a digest of the whole decision record (the
``input`` block, which names file paths, left out). Rewrite it only when a change is meant to
change decisions (a law amendment), and say so in the commit:

    python bench/golden.py --write
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "meaning.json"
EXPORT_CASES, EXPORT_SEED = 2000, 14

sys.path.insert(0, str(ROOT / "bench"))


def digest(record: dict) -> str:
    body = {k: v for k, v in record.items() if k != "input"}
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def entry(record: dict) -> list:
    labels = [r["route"] for r in record.get("routes", [])] or \
        sorted({t["test"] for t in record.get("tests", []) if t["outcome"] == "met"})
    return [record.get("outcome"), labels, digest(record)]


def decide_all(evaluate) -> dict[str, list]:
    """{record name: [outcome, labels, digest]} for every worked case and the export;
    ``evaluate(engine, regime, case, where)`` gives the decision record."""
    from generate import write_export

    from pocapace.engine.api import Engine
    from pocapace.engine.cases import RawCase, read_cases, validate_case
    from pocapace.engine.core.errors import CaseFileError
    from pocapace.engine.tools.batch.readers import read_records

    engines: dict = {}

    def engine(scenario):
        if scenario not in engines:
            engines[scenario] = Engine(scenario=scenario)
        return engines[scenario]

    out: dict[str, list] = {}
    for path in sorted((ROOT / "cases").glob("*/*.yaml")):
        if path.parent.name not in ("pace-s63b", "poca-s75"):
            continue
        for raw in read_cases(str(path)):
            regime, case = validate_case(raw)
            name = f"{path.parent.name}/{path.stem}" + (f" {raw.position}" if raw.position else "")
            out[name] = entry(evaluate(engine(raw.data.get("assume")), regime, case, raw.where))
    with tempfile.TemporaryDirectory() as folder:
        export = pathlib.Path(folder) / "export.csv"
        write_export(export, EXPORT_CASES, seed=EXPORT_SEED)
        plain = Engine()  # as a batch decides: without "what would change this"
        plain.explain_changes = False
        for record in read_records(str(export)):
            name = f"export {record.position}"
            if record.error is not None:
                continue
            try:
                regime, case = validate_case(RawCase(record.data, "export.csv", record.position))
                out[name] = entry(evaluate(plain, regime, case, "export.csv"))
            except CaseFileError as exc:
                out[name] = ["error", exc.field, digest({"message": exc.message})]
    return out


def reference(engine, regime, case, where) -> dict:
    return engine.reference_evaluate(regime, case, where).decision.to_json_dict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite tests/golden/meaning.json")
    args = parser.parse_args()
    found = decide_all(reference)
    if args.write:
        lines = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in found.items()]
        GOLDEN.write_text("{\n" + ",\n".join(lines) + "\n}\n")
        print(f"wrote {len(found):,} records to {GOLDEN.relative_to(ROOT)}")
    else:
        golden = json.loads(GOLDEN.read_text())
        changed = [name for name in golden if golden[name] != found.get(name)]
        print(f"{len(golden):,} records, {len(changed):,} changed", *changed[:20], sep="\n")


if __name__ == "__main__":
    main()
