"""Old meaning against new: every worked case and a generated export decide today exactly as
they did when ``tests/golden/meaning.json`` was written (outcome, routes or tests, and a digest
of the whole decision record: figures, missing facts, obligations, trace, input hash).

The fast path a batch uses (run cache on) is compared, so an optimisation of any phase (facts,
network, trace, record) that changes a decision fails here, naming the record. Rewrite the file
only for a change meant to change decisions: ``python bench/golden.py --write``.
"""

from __future__ import annotations

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from golden import GOLDEN, decide_all  # noqa: E402


def _fast(engine, regime, case, where) -> dict:
    if engine.runs is None:
        engine.remember_runs()
    return engine.decide(regime, case, where).to_json_dict()


def test_golden_when_decided_today_every_record_means_what_it_meant():
    golden = json.loads(GOLDEN.read_text())
    found = decide_all(_fast)
    assert set(found) == set(golden), "records added or lost: " \
        f"{sorted(set(found) ^ set(golden))[:5]}"
    changed = [f"{name}: was {golden[name][:2]} now {found[name][:2]}"
               + (" (same outcome and routes; the record differs)"
                  if golden[name][:2] == found[name][:2] else "")
               for name in golden if golden[name] != found[name]]
    assert not changed, f"{len(changed)} decisions changed:\n" + "\n".join(changed[:10])

