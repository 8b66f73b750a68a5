"""Dated sets of drugs, such as the "specified Class A drugs" of each day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .catalogue.drugs import DrugCatalogue
from .records import in_any

if TYPE_CHECKING:
    from .rulefiles import DrugSet


@dataclass(frozen=True)
class DrugSetAnswer:
    """Whether a drug was in a set on a day, why, and whether that rests on an unconfirmed reading."""

    status: str  # met | not_met
    reason: str
    citation: str
    unconfirmed: bool = False


def in_drug_set(drug_set: DrugSet, drugs: DrugCatalogue, drug_id: str, day: dt.date) -> DrugSetAnswer:
    """Whether ``drug_id`` belonged to ``drug_set`` on ``day``."""
    name = drugs.by_id[drug_id].name
    for version in drug_set.versions:
        period = in_any(version.in_force, day)
        if period is None:
            continue
        if version.drugs is not None and drug_id in version.drugs:
            return DrugSetAnswer("met", f"{name} is a {drug_set.label} on {day}", version.citation,
                                 version.unconfirmed)
        drug_class = drugs.class_on(drug_id, day)
        if version.classes and drug_class in version.classes:
            change = drugs.class_change(drug_id, day)
            late = bool(period.from_ and change and change.from_ > period.from_)
            reason = f"{name} is Class {drug_class} on {day}, so a {drug_set.label}"
            if late and version.interpretation:
                reason += f" ({version.interpretation})"
            return DrugSetAnswer("met", reason, version.citation, version.unconfirmed or late)
        shown = "not a controlled drug" if drug_class == "none" else f"Class {drug_class}"
        return DrugSetAnswer("not_met", f"{name} ({shown} on {day}) is not a {drug_set.label} "
                                        f"on {day}", version.citation, version.unconfirmed)
    return DrugSetAnswer("not_met", f"no {drug_set.label} was defined on {day}",
                         drug_set.citation)


def in_drug_set_by_class(drug_set: DrugSet, drugs: DrugCatalogue, drug_class: str,
                         day: dt.date) -> DrugSetAnswer:
    """Membership when only the drug's class is known (e.g. from an offence code)."""
    for version in drug_set.versions:
        if in_any(version.in_force, day) is None:
            continue
        if version.classes is not None:
            status = "met" if drug_class in version.classes else "not_met"
            return DrugSetAnswer(status, f"a Class {drug_class} drug is "
                                         f"{'' if status == 'met' else 'not '}a {drug_set.label} "
                                         f"on {day}", version.citation, version.unconfirmed)
        listed = {drugs.class_on(d, day) for d in version.drugs or []}
        if drug_class not in listed:
            return DrugSetAnswer("not_met", f"no Class {drug_class} drug is a {drug_set.label} on "
                                            f"{day}", version.citation, version.unconfirmed)
        return DrugSetAnswer("unknown", f"only some Class {drug_class} drugs are "
                                        f"{drug_set.label}s on {day}", version.citation,
                             version.unconfirmed)
    return DrugSetAnswer("not_met", f"no {drug_set.label} was defined on {day}",
                         drug_set.citation)
