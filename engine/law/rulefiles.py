"""Pydantic models of every rule-set, list and catalogue file under ``rules/``.

Every model forbids unknown keys, so a misspelt key fails loading instead of vanishing.
Rule conditions (``when:``) are kept as plain data here and parsed by the compiler.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .periods import Period
from .records import ParameterMethods

ID_PATTERN = r"^[a-z0-9][a-z0-9.\-/()]*$"


def _one_or_many(value: Any) -> Any:
    """A single period may be written without the list around it."""
    return [value] if isinstance(value, dict) else value


#: One or more in-force periods (``in_force: {from: ...}`` or a list of them).
Periods = Annotated[list[Period], BeforeValidator(_one_or_many), Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True,
                              defer_build=True)


class Citation(Strict):
    """Fields every legal entry carries: a pinpoint citation and plain-English statement."""

    citation: str = Field(min_length=3)
    url: str | None = None
    description: str = Field(min_length=10)


# ---------------------------------------------------------------- rule sets


class Parameter(ParameterMethods, Strict):
    """A named value the rules or fact builder use (an age, a sum, a period), with its source.

    ``value`` applies at all times unless ``values`` gives dated values (keyed by the day
    each took effect); before the first of them the parameter has no value (None).
    """

    value: Any = None
    values: dict[dt.date, Any] | None = None
    citation: str
    description: str
    interpretation: str | None = None
    unconfirmed: bool = False


class RuleSetHeader(Strict):
    kind: Literal["ruleset"]
    ruleset: str = Field(pattern=r"^[a-z0-9\-]+$")
    title: str
    jurisdiction: str
    checked_to: dt.date
    checked_note: str
    scopes: list[str]
    outcome_rule: str
    outcomes: dict[Literal["met", "not_met", "unknown"], str]
    #: A rule that must hold for the regime to apply at all; when it does not, the outcome
    #: is ``gate_outcome`` (e.g. a transitional bar gives ``not_applicable``).
    gate_rule: str | None = None
    gate_outcome: str | None = None
    #: One sentence per outcome, for the decision's summary line.
    summaries: dict[str, str] = {}
    parameters: dict[str, Parameter] = {}


class RuleVersion(Strict):
    """One version of a rule: the period it applied and the values it used."""

    in_force: Periods
    params: dict[str, Any] = {}
    source: str | None = None
    citation: str | None = None
    unconfirmed: bool = False
    interpretation: str | None = None


RuleKind = Literal["condition", "route", "obligation", "note", "consequence", "outcome", "bar",
                   "test"]


class RuleEntry(Citation):
    id: str = Field(pattern=ID_PATTERN)
    kind: RuleKind = "condition"
    label: str = Field(min_length=3)
    scope: str = "case"
    in_force: Periods | None = None
    versions: list[RuleVersion] | None = None
    when: Any
    interpretation: str | None = None
    unconfirmed: bool = False
    #: When the unconfirmed reading can change the answer: only when the rule holds, only
    #: when it does not, or either way.
    unconfirmed_when: Literal["met", "not_met", "any"] = "any"
    route: str | None = None
    test: str | None = None
    #: For obligations: when in the process it applies (before-request, on-taking, record...).
    stage: str | None = None
    #: For would-change: how to say, in plain words, what would make this rule hold.
    change: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> RuleEntry:
        if self.in_force is not None and self.versions is not None:
            raise ValueError("give either 'in_force' or 'versions', not both")
        if self.in_force is None and self.versions is None:
            raise ValueError("give 'in_force' (the dates the rule applied) or 'versions'")
        if self.kind == "route" and not self.route:
            raise ValueError("a rule of kind 'route' needs 'route' (its name)")
        if self.kind == "test" and not self.test:
            raise ValueError("a rule of kind 'test' needs 'test' (its name)")
        return self


class RulesFile(Strict):
    kind: Literal["rules"]
    rules: list[dict[str, Any]]


# ---------------------------------------------------------------- offence lists


class EntryEnd(Strict):
    """Why a list entry stopped applying after its last period: the provision that ended it,
    and whether that reading is confirmed (a decision after the end then says so)."""

    citation: str
    note: str
    unconfirmed: bool = False


class ListEntry(Strict):
    """One offence (or inchoate form of listed offences) in a dated statutory list."""

    offence: str | None = None
    inchoate: list[str] | None = None
    of: list[str] | Literal["this-list"] | None = None
    in_force: Periods
    note: str | None = None
    unconfirmed: bool = False
    interpretation: str | None = None
    ended: EntryEnd | None = None
    #: "unknown" where a version of the list could not be read and whether it named this
    #: offence is not confirmed: the answer is then undetermined, never a guess.
    listed: Literal["yes", "unknown"] = "yes"

    @model_validator(mode="after")
    def _shape(self) -> ListEntry:
        if bool(self.offence) == bool(self.inchoate):
            raise ValueError("an entry names either 'offence' or 'inchoate' (with 'of')")
        if self.inchoate and not self.of:
            raise ValueError("an inchoate entry needs 'of': the offences it applies to")
        return self


class Qualifier(Strict):
    """A condition an offence must meet to be listed: the drug or goods it concerned."""

    drug_in: str | None = None
    goods_in: list[str] | None = None
    description: str


class ListGroup(Strict):
    id: str = Field(pattern=ID_PATTERN)
    label: str
    citation: str
    url: str | None = None
    qualifier: Qualifier | None = None
    entries: list[ListEntry] = Field(min_length=1)


class ListFile(Strict):
    kind: Literal["list"]
    name: str = Field(alias="list", pattern=r"^[a-z0-9\-]+$")
    title: str
    citation: str
    url: str | None = None
    description: str
    applies_at: Literal["evaluation", "offence-committed"]
    groups: list[ListGroup] = Field(min_length=1)


# ---------------------------------------------------------------- drug sets


class DrugSetVersion(Strict):
    in_force: Periods
    citation: str
    url: str | None = None
    drugs: list[str] | None = None
    classes: list[Literal["A", "B", "C"]] | None = None
    unconfirmed: bool = False
    interpretation: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> DrugSetVersion:
        if not self.drugs and not self.classes:
            raise ValueError("a drug-set version lists 'drugs' or 'classes'")
        return self


class DrugSet(Strict):
    label: str
    citation: str
    description: str
    versions: list[DrugSetVersion] = Field(min_length=1)


class DrugSetsFile(Strict):
    kind: Literal["drug-sets"]
    sets: dict[str, DrugSet]


# ---------------------------------------------------------------- catalogues


class DrugClassChange(Strict):
    from_: dt.date = Field(alias="from")
    drug_class: Literal["A", "B", "C", "none"] = Field(alias="class")
    citation: str
    unconfirmed: bool = False


class Drug(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    aliases: list[str] = []
    classes: list[DrugClassChange] = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _sorted(self) -> Drug:
        days = [c.from_ for c in self.classes]
        if days != sorted(days) or len(set(days)) != len(days):
            raise ValueError("class changes must be in date order, one per day")
        return self


class DrugsFile(Strict):
    kind: Literal["drugs"]
    drugs: list[Drug]


class Offence(Strict):
    section: str = Field(pattern=r"^[0-9A-Za-z()\-]+$")
    title: str
    aliases: list[str] = []
    general: bool = False
    category: str
    note: str | None = None
    codes: dict[str, list[str]] = {}


class OffencesFile(Strict):
    kind: Literal["offences"]
    id: str = Field(pattern=r"^[a-z0-9\-]+$")
    act: str
    short_names: list[str] = []
    url: str | None = None
    section_word: Literal["section", "article", "paragraph", "regulation", "none"] = "section"
    offences: list[Offence] = Field(min_length=1)


class Rank(Strict):
    id: str
    label: str
    level: int
    aliases: list[str] = []


class RanksFile(Strict):
    kind: Literal["ranks"]
    description: str
    ranks: list[Rank]


class Notice(Strict):
    groups: list[Literal["arrest", "charge", "under-18"]] = Field(min_length=1)
    stations: list[str] | None = None
    from_: dt.date = Field(alias="from")
    withdrawn: dt.date | None = None
    note: str | None = None


class RegisterArea(Strict):
    id: str
    name: str
    aliases: list[str] = []
    stations: list[str] = []
    notices: list[Notice] = []


class RegisterFile(Strict):
    kind: Literal["notification-register"]
    title: str
    description: str
    areas: list[RegisterArea]


class CodeEntry(Strict):
    """What an offence code means: one offence, or alternatives the code does not tell apart."""

    offences: list[str] = Field(min_length=1)
    title: str
    drug_class: Literal["A", "B", "C"] | None = None
    goods: Literal["controlled-drug", "firearm", "ammunition", "other"] | None = None
    unconfirmed: bool = False
    note: str | None = None


class CodeTableFile(Strict):
    """Offence codes of one scheme (HOCR classifications, CJS codes, a force's own table)."""

    kind: Literal["code-table"]
    scheme: str = Field(pattern=r"^[a-z0-9\-]+$")
    title: str
    source: str
    prefixes: list[str] = []
    codes: dict[str, CodeEntry]
    #: A letter after a code that makes it an inchoate form (letter -> inchoate form id), and
    #: the shape (a regular expression) of the codes it may follow.
    suffixes: dict[str, str] = {}
    suffixed: str | None = None


class InchoateForm(Strict):
    id: str = Field(pattern=r"^[a-z0-9\-]+$")
    label: str
    citation: str
    covers: list[str] = []
    note: str | None = None
    #: Catalogue offences that are this form in general (the statutory offence of conspiracy,
    #: say); a case naming one must say which offence it was aimed at (``target:``).
    offences: list[str] = []


class InchoateFormsFile(Strict):
    kind: Literal["inchoate-forms"]
    description: str
    forms: list[InchoateForm]



class PoliceArea(Strict):
    id: str = Field(pattern=r"^[a-z0-9\-]+$")
    name: str
    aliases: list[str] = []


class PoliceAreasFile(Strict):
    kind: Literal["police-areas"]
    description: str
    areas: list[PoliceArea]


class DatedSetEntry(Strict):
    """Keys that joined (or, with 'to', left) a set on a day; 'unknown' keys are not confirmed."""

    keys: list[str] | Literal["all", "unknown"]
    in_force: Periods
    citation: str
    unconfirmed: bool = False
    #: For 'unknown' keys: what is not known, in words (default: "further areas ... are not
    #: confirmed").
    note: str | None = None


class DatedSetFile(Strict):
    """A dated set of keys (e.g. the police areas where a provision had been commenced)."""

    kind: Literal["dated-set"]
    name: str = Field(alias="set", pattern=r"^[a-z0-9\-]+$")
    label: str
    key: Literal["police-area"]
    citation: str
    description: str
    entries: list[DatedSetEntry] = Field(min_length=1)


# ---------------------------------------------------------------- guided interview


AnswerType = Literal["offence", "stage", "date", "datetime", "yes-no", "place", "station",
                     "rank", "drug", "drug-class", "goods", "inchoate", "money", "committed",
                     "earlier-taken-under"]


class Question(Strict):
    """One question of a regime's interview: the case-file path it fills, in plain English.

    ``path`` writes ``[]`` for "any item of the list" (``offences[].stage``). ``item`` says
    whether the question asks about a named item or about whether there is one more
    (``first``/``more`` for an item's first question). ``instead_of`` makes it the
    follow-up for a fact whose own question was answered "don't know".
    """

    path: str = Field(pattern=r"^[a-z_]+(\[\])?(\.[a-z_0-9]+(\[\])?)*$")
    ask: str = Field(min_length=5)
    help: str = Field(min_length=5)
    answer: AnswerType
    provision: str = Field(min_length=3)
    item: Literal["first", "more", "any"] = "any"
    instead_of: str | None = None
    #: A yes-no question whose "yes" opens a record to fill (an authorisation's details)
    #: and whose "no" leaves it absent, which the case file reads as "none given".
    record: bool = False


class Choice(Strict):
    value: str
    label: str


class OpenList(Strict):
    """A list of the case whose length the interview learns by asking for "one more"."""

    #: ``fact.attr`` whose upper bound an item not yet named could raise (it is left open).
    raises: list[str] = []
    #: Fields of a named item without which it too leaves those bounds open.
    until_known: list[str] = []
    #: The case has at least one: "don't know" to the first names an item not identified
    #: (any other "don't know" leaves open whether there is one more, without asking again).
    at_least_one: bool = False


class QuestionsFile(Strict):
    kind: Literal["questions"]
    description: str
    #: Case fields the interview fills itself (an id, the only jurisdiction decided).
    given: dict[str, Any] = {}
    #: How the case's ``at`` is written: a moment (date and time) or a day.
    at: Literal["moment", "day"] = "moment"
    lists: dict[str, OpenList] = {}
    #: Values that only let an unanswered field be read as a case (it is then left unknown).
    stand_ins: dict[str, Any] = {}
    #: Words before an offence's name that give its inchoate form (words -> form id).
    inchoate_words: dict[str, str] = {}
    choices: dict[str, list[Choice]] = {}
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _paths_once(self) -> QuestionsFile:
        seen = set()
        for q in self.questions:
            key = (q.path, q.item, q.instead_of)
            if key in seen:
                raise ValueError(f"question for '{q.path}' is given twice")
            seen.add(key)
        return self
