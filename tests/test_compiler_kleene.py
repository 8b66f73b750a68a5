"""The Rete compilation of three-valued logic agrees with a direct Kleene evaluation.

Random condition trees over random (partly unknown) facts are compiled into durable_rules
and run; every rule's conclusion must equal the reference evaluation below.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pocapace.engine.law.loader import RegimeFiles
from pocapace.engine.law.rulefiles import RuleEntry, RuleSetHeader
from pocapace.engine.network.compiler.schema import Attr, FactSchema, FactType
from pocapace.engine.network.facts import FactSet
from pocapace.engine.network.ruleset import compile_ruleset
from pocapace.engine.network.runner import run_facts

FLAGS = ["a", "b", "c"]


def _attrs(prefix):
    attrs = {f: Attr("bool", f"{prefix}.{f}", f) for f in FLAGS}
    attrs["n"] = Attr("number", f"{prefix}.n", "n")
    return attrs


SCHEMA = FactSchema({
    "case": FactType("case", _attrs("case")),
    "item": FactType("item", _attrs("items[{i}]"), scoped=True),
})
DAY = dt.date(2020, 1, 1)


def kleene_and(values):
    if "not_met" in values:
        return "not_met"
    return "unknown" if "unknown" in values else "met"


def kleene_or(values):
    if "met" in values:
        return "met"
    return "unknown" if "unknown" in values else "not_met"


NOT = {"met": "not_met", "not_met": "met", "unknown": "unknown"}


def leaves(scope, refs=()):
    fact = "item" if scope == "item" else "case"
    flag = st.sampled_from(FLAGS).map(lambda f: {"fact": f"{fact}.{f}", "is": True})
    number = st.tuples(st.sampled_from(["at_least", "below", "above", "at_most"]),
                       st.integers(0, 4)).map(lambda t: {"fact": f"{fact}.n", t[0]: t[1]})
    options = [flag, number]
    if refs:
        options.append(st.sampled_from(list(refs)))
    return st.one_of(*options)


def expressions(scope, refs=()):
    return st.recursive(
        leaves(scope, refs),
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
            inner.map(lambda x: {"not": x}),
        ),
        max_leaves=6,
    )


def evaluate(expr, facts, item):
    if "all" in expr:
        return kleene_and([evaluate(e, facts, item) for e in expr["all"]])
    if "any" in expr:
        return kleene_or([evaluate(e, facts, item) for e in expr["any"]])
    if "not" in expr:
        return NOT[evaluate(expr["not"], facts, item)]
    if "some" in expr:
        return kleene_or([facts["helper"][i] for i in range(len(facts["items"]))])
    if "every" in expr:
        return kleene_and([facts["helper"][i] for i in range(len(facts["items"]))])
    if "rule" in expr:
        return facts["helper"][item]
    fact, attr = expr["fact"].split(".")
    value = facts["case"].get(attr) if fact == "case" else facts["items"][item].get(attr)
    if attr == "n":
        return compare(expr, value)
    return "unknown" if value is None else ("met" if value else "not_met")


def compare(expr, bounds):
    """Three-valued comparison of a quantity known to lie in [lo, hi] (None = unbounded)."""
    low, high = bounds if bounds is not None else (None, None)
    op, limit = next((k, v) for k, v in expr.items() if k != "fact")
    holds = {"at_least": lambda x: x >= limit, "below": lambda x: x < limit,
             "above": lambda x: x > limit, "at_most": lambda x: x <= limit}[op]
    candidates = range(low if low is not None else -10, (high if high is not None else 15) + 1)
    results = {holds(x) for x in candidates}
    if results == {True}:
        return "met"
    return "not_met" if results == {False} else "unknown"


def entry(rule_id, scope, when):
    return RuleEntry(id=rule_id, label=f"rule {rule_id}", citation="Test Act s1",
                     description="A rule used only by this test.", scope=scope,
                     in_force=[{"from": dt.date(2000, 1, 1)}], when=when)


def compile_rules(helper_expr, item_expr, case_expr, quantifier):
    header = RuleSetHeader(kind="ruleset", ruleset="kleene", title="t", jurisdiction="x",
                           checked_to=DAY, checked_note="n", scopes=["item"],
                           outcome_rule="outcome",
                           outcomes={"met": "yes", "not_met": "no", "unknown": "maybe"})
    rules = [entry("helper", "item", helper_expr),
             entry("per-item", "item", item_expr), entry("whole", "case", case_expr),
             entry("outcome", "case", {"all": [{"rule": "whole"},
                                               {quantifier: "item", "rule": "per-item"}]})]
    files = RegimeFiles(header, [("test", r) for r in rules])
    return compile_ruleset(files, SCHEMA, catalogues=None)


tri = st.sampled_from([True, False, None])
bound = st.one_of(st.none(), st.integers(0, 4))
interval = st.one_of(st.none(), st.tuples(bound, bound).map(
    lambda t: t if None in t else tuple(sorted(t))))
flag_values = st.fixed_dictionaries({**{f: tri for f in FLAGS}, "n": interval})
REFS = ({"rule": "helper"},)
QUANTIFIED = ({"some": "item", "rule": "helper"}, {"every": "item", "rule": "helper"})


def put(facts, fact, index, values):
    for attr, value in values.items():
        if attr == "n":
            if value is not None:
                facts.set_range(fact, index, "n", value[0], value[1])
        else:
            facts.set(fact, index, attr, value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(helper_expr=expressions("item"), item_expr=expressions("item", REFS),
       case_expr=expressions("case", QUANTIFIED),
       case_flags=flag_values, items=st.lists(flag_values, min_size=0, max_size=3),
       quantifier=st.sampled_from(["some", "every"]))
def test_rete_conclusions_when_random_conditions_equal_kleene_evaluation(
        helper_expr, item_expr, case_expr, case_flags, items, quantifier):
    ruleset = compile_rules(helper_expr, item_expr, case_expr, quantifier)
    facts = FactSet(DAY, ["item"])
    put(facts, "case", 0, case_flags)
    for values in items:
        put(facts, "item", facts.add_item("item"), values)

    run = run_facts(ruleset, facts.as_list())

    world = {"case": case_flags, "items": items}
    world["helper"] = [evaluate(helper_expr, world, i) for i in range(len(items))]
    per_item = [evaluate(item_expr, world, i) for i in range(len(items))]
    whole = evaluate(case_expr, world, None)
    quantified = (kleene_or if quantifier == "some" else kleene_and)(per_item)
    assert [run.value("kleene.per-item", i) for i in range(len(items))] == per_item
    assert run.value("kleene.whole") == whole
    assert run.value("kleene.outcome") == kleene_and([whole, quantified])
