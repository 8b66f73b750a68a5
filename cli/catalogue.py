"""``pocapace offences``, ``pocapace rules`` and ``pocapace schema``."""

from __future__ import annotations

import datetime as dt
import json

import click

from pocapace.cli.options import (
    REGIME_CHOICE,
    Moment,
    assume_option,
    format_option,
    reports_errors,
)
from pocapace.engine.api import get_engine
from pocapace.engine.core.errors import UnknownReferenceError
from pocapace.engine.regimes.registry import REGIMES
from pocapace.engine.tools.listing import list_entries, rules_in_force


@click.command()
@click.argument("query", required=False, default="")
@format_option
@reports_errors
def offences(query, fmt):
    """Search the offence catalogue (all offences without QUERY).

    \b
    Example:
      pocapace offences burglary
      pocapace offences 92/3       (an offence code)
      pocapace offences cocaine    (the codes that give the drug's class)
    """
    catalogues = get_engine().catalogues
    found = catalogues.offences.search(query)
    forms = {i.id: catalogues.inchoate.form_of(i.id) for i in found}
    coded = _coded(catalogues, query) if query else []
    if fmt == "json":
        click.echo(json.dumps([{"code": r.code.split(":", 1)[1], "id": r.info.id,
                                "offence": r.info.display, "title": r.info.title,
                                **({"drug_class": r.drug_class} if r.drug_class else {}),
                                **({"inchoate_form": r.inchoate} if r.inchoate else {})}
                               for r in coded] +
                              [{"id": i.id, "offence": i.display, "title": i.title,
                                "category": i.category,
                                **({"inchoate_form": forms[i.id].id} if forms[i.id] else {})}
                               for i in found], indent=2))
        return
    for ref in coded:
        extra = "".join(f", {w}" for w in (ref.drug_class and f"Class {ref.drug_class}",
                                           ref.inchoate and catalogues.inchoate.by_id[
                                               ref.inchoate].label) if w)
        text = ref.info.display if ref.info.category == "code" else \
            f"{ref.info.display} - {ref.info.title}"
        click.echo(f"{ref.code.split(':', 1)[1]:45} {text}{extra}")
    for info in found:
        click.echo(f"{info.id:45} {info.display} - {info.title}")
        if forms[info.id]:
            click.echo(f"{'':45}   a case gives the offence aimed at: 'offence: <that offence>' "
                       f"with 'inchoate: {forms[info.id].id}' (or this offence with 'target:')")
    if not found and not coded:
        click.echo(f"No offence or code matches '{query}'.", err=True)


def _coded(catalogues, query: str) -> list:
    """The code ``query`` is, or the codes that say the class of the drug it names (today)."""
    ref = catalogues.references.by_code(query)
    if ref is not None:
        return [ref]
    try:
        drug = catalogues.drugs.resolve(query)
    except UnknownReferenceError:
        return []
    return catalogues.references.with_class(catalogues.drugs.class_on(drug.id, dt.date.today()))


@click.command()
@click.option("--regime", type=REGIME_CHOICE, default=None, help="Only this regime.")
@click.option("--at", "at", type=Moment(), default=None, help="Only what was in force then.")
@click.option("--manifest", is_flag=True,
              help="Print the rules manifest (JSON) that decision.v2 records refer to.")
@assume_option
@format_option
@reports_errors
def rules(regime, at, manifest, assume, fmt):
    """List the rules (and offence-list entries) with citations, optionally as at a date.

    \b
    Example:
      pocapace rules --regime pace-s63b --at 2004-06-01
      pocapace rules --manifest --assume cpa-2026 > rules.json
    """
    engine = get_engine().under(assume)
    if manifest:
        if at or regime:
            raise click.UsageError("--manifest is the whole rules version: give no --at or "
                                   "--regime")
        from pocapace.engine.decision.manifest import rules_manifest

        click.echo(json.dumps(rules_manifest(engine), indent=2, ensure_ascii=False))
        return
    day = at.date() if at else None
    out = []
    for name in [regime] if regime else sorted(REGIMES):
        ruleset = engine.ruleset(name)
        out.append((name, rules_in_force(ruleset, day),
                    list_entries(ruleset, engine.catalogues, day)))
    if fmt == "json":
        click.echo(json.dumps([{"regime": n, "rules": [r.__dict__ for r in rs],
                                "lists": [e.__dict__ for e in es]} for n, rs, es in out],
                              indent=2, default=str))
        return
    for name, lines, entries in out:
        when = f" in force on {day}" if day else ""
        click.echo(f"{name}: rules{when}")
        for r in lines:
            flag = " (unconfirmed)" if r.unconfirmed else ""
            click.echo(f"  {r.rule:55} {r.citation} [{r.in_force}]{flag}")
        current = None
        for e in entries:
            if e.list_name != current:
                current = e.list_name
                click.echo(f"{name}: list '{current}'{when}")
            flag = " (unconfirmed)" if e.unconfirmed else ""
            click.echo(f"  {e.citation}: {e.entry} [{e.in_force}]{flag}")


@click.command()
@click.option("--regime", type=REGIME_CHOICE, default=None, help="Only this regime's schema.")
@click.option("--decision", is_flag=True,
              help="The schema of a decision.v2 output line instead (docs/decision-v2.md).")
def schema(regime, decision):
    """Print the JSON Schema of the case file format (or of a decision.v2 record).

    \b
    Example:
      pocapace schema --regime poca-s75
      pocapace schema --decision
    """
    if decision:
        from pocapace.engine.decision.v2_schema import json_schema

        click.echo(json.dumps(json_schema(), indent=2))
        return
    names = [regime] if regime else sorted(REGIMES)
    schemas = {n: REGIMES[n].case_model.model_json_schema() for n in names}
    if regime:
        click.echo(json.dumps(schemas[regime], indent=2))
        return
    click.echo(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema",
                           "title": "pocapace case file", "oneOf": list(schemas.values())},
                          indent=2))
