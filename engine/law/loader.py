"""Finds, reads and validates every file under ``rules/``: catalogues, registers, rule sets."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.digests import sha256
from ..core.errors import RuleFileError
from .catalogue.areas import AreaCatalogue
from .catalogue.drugs import DrugCatalogue
from .catalogue.inchoate import InchoateCatalogue
from .catalogue.offences import OffenceCatalogue
from .catalogue.ranks import RankCatalogue
from .catalogue.references import ReferenceResolver
from .layout import SCENARIOS

if TYPE_CHECKING:
    from .rulefiles import (
        DatedSetFile,
        ListFile,
        QuestionsFile,
        RegisterFile,
        RuleEntry,
        RuleSetHeader,
        RulesFile,
    )
    from .scenarios import Scenario

# The rule-file models (pydantic) and the YAML reader are imported only when files are read:
# a warm start takes everything from the compiled-rules cache and never builds them.


def rules_root() -> Path:
    """The installed ``rules/`` folder (package data of ``pocapace.rules``)."""
    return Path(importlib.import_module("pocapace.rules").__file__).parent


def _read(path: Path, root: Path) -> tuple[str, Any]:
    from .yamlio import YamlSyntaxError, load_yaml_file

    source = str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path)
    try:
        data = load_yaml_file(path)
    except YamlSyntaxError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        raise RuleFileError(source, f"{where}{exc.problem}") from None
    if not isinstance(data, dict) or "kind" not in data:
        raise RuleFileError(source, "expected a mapping with a 'kind' key at the top")
    return source, data


@dataclass
class Catalogues:
    """The shared catalogues every regime uses."""

    offences: OffenceCatalogue
    drugs: DrugCatalogue
    ranks: RankCatalogue
    areas: AreaCatalogue
    inchoate: InchoateCatalogue
    references: ReferenceResolver


@dataclass
class RegimeFiles:
    """The validated files of one regime folder (``rules/<regime>/``)."""

    header: RuleSetHeader
    rules: list[tuple[str, RuleEntry]] = field(default_factory=list)
    lists: dict[str, ListFile] = field(default_factory=dict)
    drug_sets: dict[str, Any] = field(default_factory=dict)
    dated_sets: dict[str, DatedSetFile] = field(default_factory=dict)
    #: The law scenario the files were read under (None: the law in force).
    scenario: Scenario | None = None
    #: The guided interview's questions (``questions.yaml``), when the regime has them.
    questions: QuestionsFile | None = None


def load_catalogues(root: Path) -> Catalogues:
    from .rulefiles import (
        CodeTableFile,
        DrugsFile,
        InchoateFormsFile,
        OffencesFile,
        PoliceAreasFile,
        RanksFile,
    )
    from .validation import validate_rule_file

    folder = root / "catalogue"
    offence_files, drugs, ranks, areas, forms, tables = [], None, None, None, None, {}
    for path in sorted(folder.rglob("*.yaml")):
        source, data = _read(path, root)
        kind = data["kind"]
        if kind == "offences":
            offence_files.append((source, validate_rule_file(OffencesFile, data, source)))
        elif kind == "drugs":
            drugs = (source, validate_rule_file(DrugsFile, data, source))
        elif kind == "ranks":
            ranks = validate_rule_file(RanksFile, data, source)
        elif kind == "police-areas":
            areas = validate_rule_file(PoliceAreasFile, data, source)
        elif kind == "inchoate-forms":
            forms = validate_rule_file(InchoateFormsFile, data, source)
        elif kind == "code-table":
            table = validate_rule_file(CodeTableFile, data, source)
            tables[table.scheme] = table
        else:
            raise RuleFileError(source, f"unexpected kind '{kind}' in the catalogue folder")
    for name, found in (("drugs", drugs), ("ranks", ranks), ("police-areas", areas),
                        ("inchoate-forms", forms)):
        if found is None:
            raise RuleFileError(str(folder), f"no catalogue file of kind '{name}'")
    offences = OffenceCatalogue(offence_files)
    references = ReferenceResolver(offences, tables)
    broken = references.check()
    if broken:
        raise RuleFileError(str(folder), f"code tables name offences not in the catalogue: "
                                         f"{', '.join(broken[:5])}")
    unknown = [oid for form in forms.forms for oid in form.offences if oid not in offences.by_id]
    if unknown:
        raise RuleFileError(str(folder / "inchoate-forms.yaml"),
                            f"inchoate forms name offences not in the catalogue: {', '.join(unknown)}")
    return Catalogues(offences, DrugCatalogue(drugs[1], drugs[0]), RankCatalogue(ranks),
                      AreaCatalogue(areas), InchoateCatalogue(forms), references)


def load_regime(root: Path, name: str, scenario: Scenario | None = None) -> RegimeFiles:
    """A regime's rule files, with commencements resolved and any law scenario applied."""
    from .rulefiles import (
        DatedSetFile,
        DrugSetsFile,
        ListFile,
        QuestionsFile,
        RuleSetHeader,
        RulesFile,
    )
    from .scenarios import apply as apply_scenario
    from .scenarios import commencement_days, load_commencements
    from .validation import validate_rule_file

    folder = root / name
    if not folder.is_dir():
        raise RuleFileError(str(folder), "no such rule-set folder")
    days = commencement_days(load_commencements(root), scenario)
    header, rules, lists, drug_sets, dated, questions = None, [], {}, {}, {}, None
    for path in sorted(folder.glob("*.yaml")):
        source, data = _read(path, root)
        data = apply_scenario(data, days, scenario, source)
        kind = data["kind"]
        if kind == "ruleset":
            header = validate_rule_file(RuleSetHeader, data, source)
        elif kind == "rules":
            rules += _rule_entries(validate_rule_file(RulesFile, data, source), source)
        elif kind == "list":
            listing = validate_rule_file(ListFile, data, source)
            lists[listing.name] = listing
        elif kind == "drug-sets":
            drug_sets.update(validate_rule_file(DrugSetsFile, data, source).sets)
        elif kind == "dated-set":
            dated_set = validate_rule_file(DatedSetFile, data, source)
            dated[dated_set.name] = dated_set
        elif kind == "questions":
            questions = validate_rule_file(QuestionsFile, data, source)
        else:
            raise RuleFileError(source, f"unexpected kind '{kind}' in rule-set folder {name}")
    if header is None:
        raise RuleFileError(str(folder), "no file of kind 'ruleset' (the rule set's header)")
    return RegimeFiles(header, rules, lists, drug_sets, dated, scenario=scenario,
                       questions=questions)


def _rule_entries(file: RulesFile, source: str) -> list[tuple[str, RuleEntry]]:
    from .rulefiles import RuleEntry
    from .validation import validate_rule_file

    entries = []
    for n, raw in enumerate(file.rules):
        label = raw.get("id", f"rules[{n}]") if isinstance(raw, dict) else f"rules[{n}]"
        entries.append((source, validate_rule_file(RuleEntry, raw, source, entry=str(label))))
    return entries


def load_register(path: Path) -> RegisterFile:
    from .rulefiles import RegisterFile
    from .validation import validate_rule_file

    source, data = _read(path, path.parent)
    return validate_rule_file(RegisterFile, data, source)


def rules_version(root: Path, scenario: Scenario | None = None) -> str:
    """A short hash of every rule file's path and bytes (and of the law scenario, if any):
    the rule-set version of a decision."""
    digest = sha256()
    for path in sorted(root.rglob("*.yaml")):
        if SCENARIOS in path.relative_to(root).parts[:1]:
            continue  # a scenario counts only when it is applied
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    if scenario is not None:
        digest.update(f"scenario:{scenario.digest()}".encode())
    return digest.hexdigest()[:16]
