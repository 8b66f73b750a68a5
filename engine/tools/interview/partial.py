"""Deciding a partial case: every field the interview has not been told is unknown.

A case file gives defaults (no authorisation, still detained, no earlier convictions); an
interview must not: until a field is answered its fact is left open, and every list the
interview has not been told is complete ends in an item not yet named, which may be
anything. A decision reached this way holds whatever the open facts turn out to be.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace
from typing import Any

from ...api import Engine, input_hash
from ...core.findings import Finding
from ...decision.compose import compose_decision
from ...decision.model import Decision
from ...law.rulefiles import QuestionsFile
from ...network.compiler.patterns import hi, key, lo
from ...network.facts import FactSet
from ...network.runner import run_facts
from ...regimes.base import Context
from ...regimes.registry import REGIMES

UNNAMED = "an offence not yet named"
_INDEX = re.compile(r"\[\d+\]")


def template(path: str) -> str:
    """``offences[0].stage`` -> ``offences[].stage``."""
    return _INDEX.sub("[]", path)


def known_paths(data: Any, prefix: str = "") -> set[str]:
    """Every case-file path the answers give (a value of None is an answer: "none")."""
    found: set[str] = set()
    if isinstance(data, dict):
        for name, value in data.items():
            path = f"{prefix}.{name}" if prefix else name
            found.add(path)
            found |= known_paths(value, path)
    elif isinstance(data, list):
        for n, value in enumerate(data):
            found |= known_paths(value, f"{prefix}[{n}]")
    return found


def value_at(data: Any, path: str) -> Any:
    """The value at a case-file path (``offences[0].stage``), or None."""
    node = data
    for part in path.split("."):
        name, _, index = part.partition("[")
        node = node.get(name) if isinstance(node, dict) else None
        if index:
            n = int(index.rstrip("]"))
            node = node[n] if isinstance(node, list) and n < len(node) else None
    return node


@dataclass
class Answers:
    """What the interview has been told: a partial case, the facts answered "don't know",
    and the lists said to be complete."""

    case: dict[str, Any]
    unknown: set[str]
    closed: set[str]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Answers:
        """From ``{"case": {...}, "unknown": [paths], "closed": [lists]}`` (a service's form)."""
        return cls(dict(data.get("case") or {}), set(data.get("unknown") or ()),
                   set(data.get("closed") or ()))

    def to_json_dict(self) -> dict[str, Any]:
        return {"case": self.case, "unknown": sorted(self.unknown), "closed": sorted(self.closed)}

    def known(self) -> set[str]:
        return known_paths(self.case) - self.unknown

    def phantoms(self, questions: QuestionsFile) -> dict[str, int]:
        """Each open list and the index of its item not yet named."""
        return {name: len(self.case.get(name) or []) for name in questions.lists
                if name not in self.closed}


def questions_of(engine: Engine, regime: str) -> QuestionsFile:
    files = engine.ruleset(regime).files
    if files.questions is None:
        raise LookupError(f"the rule set {regime} has no questions.yaml")
    return files.questions


def decide_partial(engine: Engine, regime_name: str, answers: Answers, at=None) -> Decision:
    """The decision on what is known, every other fact left open."""
    regime = REGIMES[regime_name]
    questions = questions_of(engine, regime_name)
    phantoms = answers.phantoms(questions)
    filled = {"regime": regime_name, **_filled(answers, questions, phantoms)}
    case = regime.case_model.model_validate(filled)
    ruleset = engine.ruleset(regime_name)
    ctx = Context(engine.catalogues, ruleset, engine.register, "interview")
    moment = regime.moment(case, at)
    facts = regime.build_facts(case, moment, ctx)
    _open_unknowns(facts, ruleset.schema, questions, answers, phantoms)
    run = run_facts(ruleset, facts.as_list())
    decision = compose_decision(regime, case, ctx, facts, run, moment, engine.version,
                                input_hash(case))
    decision.input = {"source": "interview"}
    return decision


def _filled(answers: Answers, questions: QuestionsFile, phantoms: dict[str, int]) -> dict:
    """The answers as a case the model accepts: stand-ins where a required field is open."""
    data = copy.deepcopy(answers.case)
    for name, value in questions.given.items():
        data.setdefault(name, value)
    for name in phantoms:
        data.setdefault(name, [])
        data[name] = list(data[name] or []) + [{}]
    for path, value in questions.stand_ins.items():
        _stand_in(data, path.split("."), value)
    return data


def _stand_in(node: Any, parts: list[str], value: Any) -> None:
    """Put ``value`` at a ``[]`` path wherever the field is missing (or None, if required)."""
    head, rest = parts[0], parts[1:]
    name = head.removesuffix("[]")
    if not isinstance(node, dict):
        return
    if not rest:
        if node.get(name) is None:
            node[name] = value
        return
    child = node.get(name)
    for item in (child or []) if head.endswith("[]") else [child]:
        _stand_in(item, rest, value)


def _open_unknowns(facts: FactSet, schema, questions: QuestionsFile, answers: Answers,
                   phantoms: dict[str, int]) -> None:
    """Leave open every fact read from a field not answered, and every fact of an item not
    yet named; what would settle an unnamed item is the question "is there one more?"."""
    asked = {q.path for q in questions.questions}
    known = answers.known()
    unnamed = {f"{name}[{index}]": f"{name}[{index}].offence"
               for name, index in phantoms.items()}
    for (fact_type, index), fact in facts.facts.items():
        spec = schema.types.get(fact_type)
        if spec is None:
            continue
        item = item_prefix(spec, index)
        item = item if item in unnamed else None
        for attr, info in spec.attrs.items():
            source = info.source.format(i=index)
            if item is not None:
                _blank(facts, fact, fact_type, index, attr, unnamed[item], info.ask)
            elif "[]" not in source and template(source) in asked and source not in known:
                _blank(facts, fact, fact_type, index, attr, source, info.ask)
        if item is not None:
            facts.detail[(fact_type, index, "@info")] = replace(
                facts.detail[(fact_type, index, "@info")], display=UNNAMED, id="")
    _name_unnamed(facts, unnamed)
    _raise_bounds(facts, questions, phantoms, answers)
    _unnamed_offences(facts, schema, known)


def item_prefix(spec, index: int) -> str | None:
    """The case-file item a scoped fact is read from (``offences[1]``), or None."""
    if not spec.scoped:
        return None
    for attr in spec.attrs.values():
        if "[{i}]" in attr.source:
            return attr.source.split("[{i}]")[0] + f"[{index}]"
    return None


def _blank(facts: FactSet, fact: dict, fact_type: str, index: int, attr: str, path: str,
           ask: str) -> None:
    for name in (key(attr), lo(attr), hi(attr)):
        fact.pop(name, None)
    facts.shown.pop((fact_type, index, attr), None)
    facts.detail[(fact_type, index, attr)] = Finding("unknown", [], [], [(path, ask)])


def _name_unnamed(facts: FactSet, unnamed: dict[str, str]) -> None:
    """A fact that waits on an unnamed item's field waits on naming the item."""
    for slot, detail in list(facts.detail.items()):
        if not isinstance(detail, Finding) or not detail.missing:
            continue
        moved = []
        for path, ask in detail.missing:
            item = next((p for p in unnamed if path == p or path.startswith(p + ".")), None)
            entry = (unnamed[item], ask) if item else (path, ask)
            if entry not in moved:
                moved.append(entry)
        facts.detail[slot] = replace(detail, missing=moved)


def _raise_bounds(facts: FactSet, questions: QuestionsFile, phantoms: dict[str, int],
                  answers: Answers) -> None:
    """An item not yet named (or not yet dated) may add to a count or a sum: the upper
    bound of each such figure stays open until it is."""
    known = answers.known()
    for name, spec in questions.lists.items():
        waiting = [f"{name}[{phantoms[name]}].offence"] if name in phantoms else []
        for n, _ in enumerate(answers.case.get(name) or []):
            waiting += [f"{name}[{n}].{f}" for f in spec.until_known
                        if f"{name}[{n}].{f}" not in known][:1]
        if not waiting or not spec.raises:
            continue
        missing = [(path, "whether there is another entry, and its day"
                    if path.endswith(".offence") else "the day of that conviction")
                   for path in waiting]
        for dotted in spec.raises:
            fact_type, attr = dotted.split(".", 1)
            for (ftype, item), fact in facts.facts.items():
                if ftype == fact_type:
                    _open_above(facts, fact, (ftype, item, attr), hi(attr), missing)


def _open_above(facts: FactSet, fact: dict, slot: tuple, bound: str, missing: list) -> None:
    fact.pop(bound, None)
    shown = facts.shown.get(slot)
    if shown is not None and "not complete" not in shown:
        facts.shown[slot] = f"{shown} so far (the list is not complete)"
    detail = facts.detail.get(slot)
    facts.detail[slot] = replace(detail, missing=detail.missing + missing) \
        if isinstance(detail, Finding) else Finding("unknown", [], [], list(missing))


def _unnamed_offences(facts: FactSet, schema, known: set[str]) -> None:
    """An item whose offence was answered "don't know" is shown as not yet named."""
    for (fact_type, index, name), info in list(facts.detail.items()):
        spec = schema.types.get(fact_type)
        prefix = item_prefix(spec, index) if spec else None
        if name == "@info" and prefix and f"{prefix}.offence" not in known:
            facts.detail[(fact_type, index, name)] = replace(info, display=UNNAMED, id="")
