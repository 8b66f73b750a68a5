"""Drug testing in custody: turns a custody case into facts for the rule set in rules/pace-s63b."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..core.dates import age_on
from ..core.findings import finding
from ..law.datedsets import in_dated_set
from ..law.loader import Catalogues
from ..law.register import notified
from ..network.compiler.schema import Attr, FactSchema, FactType
from ..network.facts import FactSet
from .base import Context, LazyModel, Regime, judge_lists, list_item, not_after, resolve, resolve_offence

NOTICE_SOURCE = "notification.{group} (or the register entry for detention.police_area)"

if TYPE_CHECKING:  # (imported when first used: see base.LazyModel)
    from .pace_case import PaceCase


def _status(source: str, ask: str) -> Attr:
    return Attr("status", source, ask)


class PaceRegime(Regime):
    name = "pace-s63b"
    case_model = LazyModel("pocapace.engine.regimes.pace_case", "PaceCase")
    flat_item_fields = frozenset({
        "offence", "stage", "drug", "drug_class", "inchoate", "target",
        "inspector_authorisation.rank",
        "inspector_authorisation.suspects_class_a_misuse_contributed",
        "inspector_authorisation.oral", "inspector_authorisation.treated_as_inspector",
        "detention_for_offence_ended", "charged"})

    def flat_item(self, item: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """A row's offence; a ``charged`` yes/no column stands for the stage."""
        charged = item.pop("charged", None)
        if charged is not None and "stage" not in item:
            item["stage"] = "charged" if str(charged).lower() in (
                "true", "yes", "y", "1") else "arrested"
        return "offences", item

    def schema(self, catalogues: Catalogues, lists: list[str] = (),
               dated_sets: list[str] = ()) -> FactSchema:
        ranks = tuple((r.id, r.level) for r in catalogues.ranks.by_id.values())
        offence = {
            "stage": Attr("enum", "offences[{i}].stage", "whether arrested or charged",
                          ("arrested", "charged")),
            "inchoate": Attr("enum", "offences[{i}].inchoate", "the inchoate form, if any",
                             ("none", "attempt", "conspiracy", "incitement",
                              "encouraging-or-assisting", "aiding-abetting")),
            "authorised": Attr("bool", "offences[{i}].inspector_authorisation",
                               "whether an officer has authorised the sample"),
            "authoriser_rank": Attr("number", "offences[{i}].inspector_authorisation.rank",
                                    "the authorising officer's rank", scale=ranks),
            "treated_as_inspector": Attr(
                "bool", "offences[{i}].inspector_authorisation.treated_as_inspector",
                "whether the sergeant was authorised to act as an inspector"),
            "suspects_misuse": Attr(
                "bool", "offences[{i}].inspector_authorisation.suspects_class_a_misuse_contributed",
                "whether the officer suspects, on reasonable grounds, that misuse of a specified "
                "Class A drug caused or contributed to the offence"),
            "oral_authorisation": Attr("bool", "offences[{i}].inspector_authorisation.oral",
                                       "whether the authorisation was given orally"),
            "detention_ended": Attr("bool", "offences[{i}].detention_for_offence_ended",
                                    "whether detention for this offence has ended"),
        }
        for name in lists:
            offence[f"list:{name}"] = _status("offences[{i}].offence",
                                              f"whether the offence is in the {name} list")
        detention = {
            "first_sample_unsuitable": Attr(
                "bool", "detention.first_sample_unsuitable",
                "whether the sample already taken was unsuitable or insufficient for the test"),
            "sample_already_taken": Attr("bool", "detention.sample_already_taken",
                                         "whether a drug-test sample has already been taken in "
                                         "this continuous period of detention"),
            "sample_taken_under": Attr("enum", "detention.sample_taken_under",
                                       "which condition the earlier sample was taken under",
                                       ("arrest", "charge")),
            "hours_detained": Attr("number", "detention.detention_began",
                                   "when this continuous period of detention began"),
            "brought_before_custody_officer": Attr(
                "bool", "detention.brought_before_custody_officer",
                "whether the person has been brought before the custody officer"),
            "at_police_station": Attr("bool", "detention.at_police_station",
                                      "whether the person is detained at a police station"),
        }
        for name in dated_sets:
            detention[f"set:{name}"] = _status("detention.police_area",
                                               "the police area of detention")
        notice_ask = "whether the Secretary of State's notice covers this area or station for {g}"
        notification = {
            group: Attr("bool", NOTICE_SOURCE.format(group=group), notice_ask.format(g=label))
            for group, label in (("arrest", "testing on arrest"), ("charge", "testing on charge"),
                                 ("under_18", "persons under 18"))
        }
        return FactSchema({
            "person": FactType("person", {
                "age": Attr("number", "person.date_of_birth",
                            "the person's date of birth (or whether they appear to be under 18)"),
            }),
            "detention": FactType("detention", detention),
            "notification": FactType("notification", notification),
            "offence": FactType("offence", offence, scoped=True, label="offence"),
        })

    def moment(self, case: PaceCase, at: dt.datetime | None) -> dt.datetime:
        return at or case.at

    def build_facts(self, case: PaceCase, moment: dt.datetime, ctx: Context) -> FactSet:
        facts = FactSet(moment.date(), ["offence"])
        self._person(case, facts, ctx)
        area = self._detention(case, moment, facts, ctx)
        self._notification(case, area, facts, ctx)
        for index, entry in enumerate(case.offences):
            self._offence(index, entry, facts, ctx)
        return facts

    # ------------------------------------------------------------ person

    def _person(self, case: PaceCase, facts: FactSet, ctx: Context) -> None:
        person, day = case.person, facts.day
        not_after(ctx, "person.date_of_birth", person.date_of_birth, day, "the date of birth",
                  "the day of the decision")
        presumption = ctx.ruleset.param("juvenile-presumption-age", day)
        if person.date_of_birth is not None:
            age = age_on(person.date_of_birth, day, ctx.ruleset.param("leap-day-birthday"))
            facts.set_range("person", 0, "age", age, age,
                            f"{age} on {day} (born {person.date_of_birth})")
        elif person.appears_under_18 and presumption is not None:
            facts.set_range("person", 0, "age", None, presumption - 1,
                            f"treated as under {presumption}: appears under {presumption}, "
                            "no date of birth")
        elif person.appears_under_18 is False:
            adult = ctx.ruleset.param("adult-appearance-age", day)
            facts.set_range("person", 0, "age", adult, None,
                            f"{adult} or over on appearance (no date of birth)")
        else:
            facts.fact("person")

    # ------------------------------------------------------------ detention

    def _detention(self, case: PaceCase, moment: dt.datetime, facts: FactSet,
                   ctx: Context) -> str | None:
        d = case.detention
        area = None
        if d.police_area is not None:
            area = resolve(ctx, "detention.police_area", ctx.catalogues.areas.resolve,
                           d.police_area).id
        facts.set("detention", 0, "sample_already_taken", d.sample_already_taken)
        facts.set("detention", 0, "first_sample_unsuitable", d.first_sample_unsuitable)
        facts.set("detention", 0, "sample_taken_under", d.sample_taken_under)
        facts.set("detention", 0, "brought_before_custody_officer",
                  d.brought_before_custody_officer)
        facts.set("detention", 0, "at_police_station", d.at_police_station)
        not_after(ctx, "detention.detention_began", _naive(d.detention_began), _naive(moment),
                  "the start of detention", "the moment of the request")
        if d.detention_began is not None:
            hours = round((moment - d.detention_began).total_seconds() / 3600, 2)
            facts.set_range("detention", 0, "hours_detained", hours, hours,
                            f"{hours} hours since {d.detention_began:%Y-%m-%d %H:%M}")
        for name, dated in ctx.ruleset.files.dated_sets.items():
            answer = in_dated_set(dated, area, facts.day)
            missing = []
            if answer.status == "unknown":
                missing = [("detention.police_area", "the police area of detention")] \
                    if area is None else [(f"law: {dated.label} ({area})", answer.reason)]
            facts.set_status("detention", 0, f"set:{name}", answer.status, answer.reason,
                             finding(answer.status, answer.reason, missing, answer.unconfirmed))
        return area

    def _notification(self, case: PaceCase, area: str | None, facts: FactSet,
                      ctx: Context) -> None:
        override = case.notification
        station = case.detention.station
        for group, register_group in (("arrest", "arrest"), ("charge", "charge"),
                                      ("under_18", "under-18")):
            given = getattr(override, group) if override else None
            if given is not None:
                facts.set("notification", 0, group, given,
                          f"{'yes' if given else 'no'} (stated in the case)")
                continue
            answer = notified(ctx.register, area, station, register_group, facts.day)
            shown = f"{'yes' if answer.value else 'no'}: {answer.reason}" \
                if answer.value is not None else None
            facts.set("notification", 0, group, answer.value, shown)
            if answer.value is None:
                missing = [(f"notification.{group}", f"whether a notice covers {register_group} "
                                                     "testing here"),
                           ("detention.station" if answer.needs_station else
                            "detention.police_area", "where the person is detained")]
                facts.detail[("notification", 0, group)] = finding("unknown", answer.reason,
                                                                   missing)

    # ------------------------------------------------------------ offences

    def _offence(self, index: int, entry, facts: FactSet, ctx: Context) -> None:
        facts.add_item("offence")
        path = f"offences[{index}]"
        named = resolve_offence(ctx, path, entry)
        ref, info, drug, inchoate = named.ref, named.ref.info, named.drug, named.inchoate
        facts.detail[("offence", index, "@info")] = info
        facts.set("offence", index, "stage", entry.stage)
        facts.set("offence", index, "inchoate", inchoate or "none")
        facts.set("offence", index, "detention_ended", entry.detention_for_offence_ended)
        self._authorisation(index, entry.inspector_authorisation, facts, ctx, path)
        judge_lists(ctx, facts, "offence", index, list_item(
            path, info, inchoate, drug, ref.goods, entry.drug_class or ref.drug_class,
            named.offence_field))

    def _authorisation(self, index, auth, facts: FactSet, ctx: Context, path: str) -> None:
        facts.set("offence", index, "authorised", auth is not None,
                  "yes" if auth else "no authorisation given")
        if auth is None:
            return
        rank = resolve(ctx, f"{path}.inspector_authorisation.rank",
                       ctx.catalogues.ranks.resolve, auth.rank)
        facts.set_range("offence", index, "authoriser_rank", rank.level, rank.level, rank.label)
        facts.set("offence", index, "treated_as_inspector", auth.treated_as_inspector)
        facts.set("offence", index, "suspects_misuse", auth.suspects_class_a_misuse_contributed)
        facts.set("offence", index, "oral_authorisation", auth.oral)

    def describe_item(self, case: PaceCase, facts: FactSet, scope: str,
                      item: int | None) -> dict[str, Any]:
        if item is None:
            return {}
        info = facts.detail[("offence", item, "@info")]
        return {"offence": info.display, "offence_id": info.id}


def _naive(moment: dt.datetime | None) -> dt.datetime | None:
    """A moment as local clock time (custody records keep local time; a zone is dropped)."""
    return moment.replace(tzinfo=None) if moment is not None else None
