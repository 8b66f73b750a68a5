"""A realistic mixed export in the flat CSV layout: both regimes, a spread of offences, ages,
dates and figures, and about 2% bad records. Deterministic for a given seed."""

from __future__ import annotations

import csv
import datetime as dt
import random

COLUMNS = ["id", "regime", "at", "person.date_of_birth", "person.appears_under_18",
           "detention.police_area", "detention.station", "detention.sample_already_taken",
           "detention.brought_before_custody_officer", "offence", "stage", "drug", "inchoate",
           "inspector_authorisation.rank",
           "inspector_authorisation.suspects_class_a_misuse_contributed", "jurisdiction",
           "proceedings_started", "record", "committed.on", "committed.from", "committed.to",
           "benefit", "convicted_on"]

PACE_OFFENCES = [
    ("Theft Act 1968 s.1", None), ("Theft Act 1968 s.9", None), ("Theft Act 1968 s.8", None),
    ("Theft Act 1968 s.12", None), ("Theft Act 1968 s.22", None), ("Theft Act 1968 s.25", None),
    ("Fraud Act 2006 s.1", None), ("Vagrancy Act 1824 s.3", None),
    ("MDA 1971 s.5(2)", "heroin"), ("MDA 1971 s.5(2)", "crack"), ("MDA 1971 s.5(2)", "cannabis"),
    ("MDA 1971 s.5(2)", "ecstasy"), ("MDA 1971 s.5(3)", "cocaine"), ("MDA 1971 s.4(3)", "heroin"),
    ("Criminal Damage Act 1971 s.1(1)", None), ("Public Order Act 1986 s.4", None),
    ("Public Order Act 1986 s.5", None), ("Criminal Justice Act 1988 s.39", None),
    ("Offences against the Person Act 1861 s.47", None), ("Road Traffic Act 1988 s.5", None),
    ("Prevention of Crime Act 1953 s.1", None), ("Criminal Justice Act 1988 s.139", None),
]
POCA_OFFENCES = [
    ("Misuse of Drugs Act 1971 s.4(3)", "cocaine"), ("Misuse of Drugs Act 1971 s.5(3)", "heroin"),
    ("Misuse of Drugs Act 1971 s.5(2)", "cannabis"), ("Proceeds of Crime Act 2002 s.327", None),
    ("Proceeds of Crime Act 2002 s.329", None), ("Fraud Act 2006 s.1", None),
    ("Theft Act 1968 s.1", None), ("Theft Act 1968 s.21", None), ("Theft Act 1968 s.9", None),
    ("Modern Slavery Act 2015 s.2", None), ("92/30", None), ("Bribery Act 2010 s.1", None),
]
AREAS = [("metropolitan", "brixton"), ("metropolitan", "holborn"), ("west-midlands", "lloyd-house"),
         ("nottinghamshire", "bridewell"), ("kent", "medway"), ("cumbria", "carlisle"),
         ("thames-valley", "reading"), ("essex", "chelmsford")]
RANKS = ["inspector", "chief inspector", "sergeant", "superintendent"]


def day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def pace_rows(rng: random.Random, case_id: str) -> list[dict]:
    at = dt.datetime.combine(day(rng, dt.date(2003, 1, 1), dt.date(2026, 6, 1)),
                             dt.time(rng.randrange(24), rng.randrange(60)))
    area, station = rng.choice(AREAS)
    base = {"id": case_id, "regime": "pace-s63b", "at": at.isoformat(timespec="minutes"),
            "detention.police_area": area, "detention.station": station,
            "detention.sample_already_taken": rng.choice(["false"] * 9 + ["true"]),
            "detention.brought_before_custody_officer": "true"}
    if rng.random() < 0.05:
        base["person.appears_under_18"] = rng.choice(["true", "false"])
    else:
        base["person.date_of_birth"] = (at.date() - dt.timedelta(
            days=rng.randrange(13 * 365, 70 * 365))).isoformat()
    rows = []
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
        offence, drug = rng.choice(PACE_OFFENCES)
        row = dict(base, offence=offence, stage=rng.choice(["arrested", "arrested", "charged"]))
        if drug:
            row["drug"] = drug
        if rng.random() < 0.05 and offence.startswith("Theft Act 1968 s.9"):
            row["inchoate"] = "attempt"
        if rng.random() < 0.1:
            row["inspector_authorisation.rank"] = rng.choice(RANKS)
            row["inspector_authorisation.suspects_class_a_misuse_contributed"] = "true"
        rows.append(row)
    return rows


def poca_rows(rng: random.Random, case_id: str) -> list[dict]:
    started = day(rng, dt.date(2005, 1, 1), dt.date(2025, 12, 31))
    base = {"id": case_id, "regime": "poca-s75", "jurisdiction": "england-and-wales",
            "at": (started + dt.timedelta(days=rng.randrange(60, 400))).isoformat(),
            "proceedings_started": started.isoformat()}
    rows = []
    for _ in range(rng.choice([1, 1, 2, 3, 4, 5])):
        offence, drug = rng.choice(POCA_OFFENCES)
        first = started - dt.timedelta(days=rng.randrange(30, 900))
        row = dict(base, record="conviction", offence=offence,
                   benefit="" if rng.random() < 0.05 else f"{rng.randrange(0, 2000000) / 100:.2f}")
        if drug:
            row["drug"] = drug
        if rng.random() < 0.5:
            row["committed.on"] = first.isoformat()
        else:
            row["committed.from"] = first.isoformat()
            row["committed.to"] = min(first + dt.timedelta(days=rng.randrange(10, 400)),
                                      started).isoformat()
        rows.append(row)
    for _ in range(rng.choice([0, 0, 1, 2])):
        offence, _drug = rng.choice(POCA_OFFENCES[5:10])
        rows.append(dict(base, record="tic", offence=offence,
                         benefit=f"{rng.randrange(0, 300000) / 100:.2f}"))
    for _ in range(rng.choice([0, 0, 1, 2, 3])):
        offence, _drug = rng.choice(POCA_OFFENCES[5:10])
        rows.append(dict(base, record="previous", offence=offence,
                         convicted_on=(started - dt.timedelta(days=rng.randrange(30, 3000))
                                       ).isoformat(),
                         benefit=f"{rng.randrange(0, 500000) / 100:.2f}"))
    return rows


def spoil(rng: random.Random, rows: list[dict]) -> list[dict] | None:
    """Make a case bad: a misspelt offence, an impossible date, or a short row (None)."""
    kind = rng.choice(["offence", "date", "short"])
    if kind == "short":
        return None
    if kind == "offence":
        rows[0]["offence"] = rows[0]["offence"].replace("Act", "Akt")
    else:
        rows[0]["at"] = "2026-02-30"
        for row in rows:
            row["at"] = "2026-02-30"
    return rows


def write_export(path, cases: int, seed: int = 2026, bad: float = 0.02) -> None:
    rng = random.Random(seed)
    with open(path, "w", newline="") as file:
        writer = csv.DictWriter(file, COLUMNS)
        writer.writeheader()
        for n in range(cases):
            case_id = f"C{n:07d}"
            rows = pace_rows(rng, case_id) if rng.random() < 0.7 else poca_rows(rng, case_id)
            if rng.random() < bad:
                rows = spoil(rng, rows)
                if rows is None:
                    file.write(f"{case_id},pace-s63b,2026-01-01\n")
                    continue
            writer.writerows(rows)
