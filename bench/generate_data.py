"""The data files of a synthetic playbook (docs/formats.md), built from seeded word pools.

Every function returns plain dicts/lists ready for ``yaml.safe_dump``; the values are chosen so
that ``kamdocs check`` finds no error: unique slug ids, a task DAG with derivable dates,
exactly one A and at least one R per RACI row, one root per org chart, ratings inside the scale.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    '<rect width="40" height="40" rx="6" fill="#0b4f6c"/>'
    '<text x="48" y="27" font-family="sans-serif" font-size="18" fill="#0b4f6c">Bench</text></svg>\n'
)
FIRST = [
    "Anna",
    "Lukas",
    "Maria",
    "Jonas",
    "Sophie",
    "Felix",
    "Laura",
    "Paul",
    "Lea",
    "Tobias",
    "Julia",
    "Stefan",
    "Katrin",
    "Michael",
    "Sabine",
    "Thomas",
    "Nicole",
    "Andreas",
    "Petra",
    "Markus",
]
LAST = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
]
NAME_A = [
    "Vantis",
    "Alpen",
    "Nord",
    "Rhein",
    "Talbach",
    "Elb",
    "Donau",
    "Weser",
    "Saale",
    "Isar",
    "Brenn",
    "Hohen",
    "Mittel",
    "Ost",
    "West",
    "Süd",
    "Berg",
    "Wald",
    "See",
    "Stein",
]
NAME_B = [
    "chemie",
    "milch",
    "papier",
    "werke",
    "pharma",
    "stahl",
    "energie",
    "wasser",
    "glas",
    "tec",
    "agrar",
    "plast",
    "metall",
    "food",
    "bau",
]
FORMS = ["AG", "GmbH", "SE", "GmbH & Co. KG", "Stadtwerke"]
INDUSTRIES = [
    "Chemie",
    "Wasserwirtschaft",
    "Lebensmittel",
    "Papier",
    "Pharma",
    "Energie",
    "Metall",
    "Anlagenbau",
    "Kunststoff",
    "Glas",
]
COUNTRIES = ["DE", "DE", "DE", "AT", "CH", "PL", "CZ", "NL"]
ROLES = [
    "Außendienst Süd",
    "Außendienst Nord",
    "Vertriebsinnendienst",
    "Anwendungstechnik",
    "Produktmanagement",
    "Service",
    "Vertriebsleitung Export",
    "Projektvertrieb",
]
MEASURES = [
    "Coaching durch Vertriebsleitung",
    "Seminar Verhandlungsführung",
    "Mentoring",
    "Job Rotation",
    "Projektarbeit im Pilot-Account",
    "Branchenschulung",
    "Produkttraining",
    "Hospitation beim Kunden",
]
SEED_COMPETENCIES = [
    ("identification", "Identifikation mit Produkten und Leistungen", "Haltung", False),
    ("qualification", "Hohe fachliche Qualifikation", "Fachkompetenz", True),
    ("speed", "Bewusstsein für Schnelligkeit", "Haltung", False),
    ("service_quality", "Bewusstsein für Servicequalität", "Haltung", False),
    ("company_strengths", "Stärken des Unternehmens kennen und argumentieren", "Fachkompetenz", False),
    ("customer_requirements", "Anforderungen des Kunden sehr gut kennen", "Kundenkompetenz", True),
    ("industry_knowledge", "Branche des Kunden sehr gut kennen", "Kundenkompetenz", True),
    ("trends", "Trends, Technologien und Markttreiber kennen", "Marktkompetenz", False),
]
EXTRA_COMPETENCIES = [
    "negotiation",
    "finance",
    "project_management",
    "languages",
    "crm",
    "presentation",
    "leadership",
    "intercultural",
]
PHASES = [
    ("concept", "Konzeption"),
    ("selection", "Auswahl der Key Accounts"),
    ("planning", "Account-Pläne der Pilotkunden"),
    ("pilot", "Pilotphase"),
    ("rollout", "Roll-out"),
    ("operation", "Betrieb"),
]
TASK_VERBS = [
    "erstellen",
    "abstimmen",
    "prüfen",
    "einführen",
    "schulen",
    "auswerten",
    "freigeben",
    "dokumentieren",
    "vorbereiten",
    "durchführen",
]
TASK_OBJECTS = [
    "Account-Plan",
    "Kundenauswahl",
    "CRM-Erweiterung",
    "Kennzahlenset",
    "Rollenbeschreibung",
    "Zielvereinbarung",
    "Quartalsreview",
    "Kundenworkshop",
    "Preisrichtlinie",
    "Schulungskonzept",
    "Eskalationsprozess",
    "Rahmenvertragsmuster",
    "Deckungsbeitragsrechnung",
    "Kommunikationsplan",
]
OWNERS = [
    "Vertriebsleitung",
    "KAM-Programmleitung",
    "Controlling",
    "IT",
    "Personalentwicklung",
    "Marketing",
    "Vertriebsinnendienst",
    "Geschäftsführung",
]
ATTRACTIVENESS = ["Wachstum", "Volumen", "Profitabilität", "Referenzwert", "Kooperationspotenzial"]
POSITION = ["Lieferanteil", "Zufriedenheit", "Beziehungsstufe", "Service", "Nähe"]
CONTACT_ROLES = ["economic_buyer", "decision_maker", "influencer", "user", "gatekeeper", "champion"]
FUNCTIONS = [
    "Leitung Einkauf",
    "Technischer Leiter",
    "Werkleiter",
    "Instandhaltung",
    "Geschäftsführer",
    "Strategischer Einkauf",
    "Qualitätsmanagement",
    "Projektingenieur",
]
STATUSES = ["open", "in_progress", "done", "blocked"]


def config(size_name: str) -> dict[str, Any]:
    """Return kamdocs.yaml."""
    return {
        "title": f"KAM-Handbuch Benchmark {size_name}",
        "subtitle": "Synthetisches Playbook für Leistungsmessungen",
        "language": "de",
        "currency": "EUR",
        "as_of": dt.date(2026, 11, 1),
        "theme": "default",
        "output_dir": "site",
        "formats": ["html", "pdf"],
        "pdf": {"filename": "handbuch.pdf", "paper": "A4"},
        "brand": {"logo": "content/assets/logo.svg", "primary_color": "#0b4f6c"},
        "privacy": {"publish_individual_ratings": False},
    }


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def company(rng: random.Random, agreed_with: list[str]) -> dict[str, Any]:
    """Return company.yaml."""

    def items(prefix: str, count: int) -> list[str]:
        return [f"{prefix} {rng.choice(TASK_OBJECTS)} ({rng.choice(INDUSTRIES)})" for _ in range(count)]

    return {
        "name": "Benchmark Fluidtechnik GmbH",
        "industry": "Industriepumpen und Armaturen",
        "employees": 940,
        "revenue": 186_000_000,
        "countries": ["DE", "AT", "CH", "PL", "CZ", "NL"],
        "mission": {
            "statement": "Wir sind für unsere Key Accounts der Partner, der ihre Anlagen zuverlässig, "
            "effizient und sicher am Laufen hält.",
            "values": ["Verlässlichkeit", "Offenheit", "Ein Gesicht zum Kunden", "Gemeinsamer Erfolg"],
            "agreed_with": agreed_with,
        },
        "market": {
            "summary": "Der adressierbare Markt wächst real um 2–3 % pro Jahr; Konzerne bündeln ihren Einkauf.",
            "market_share": 13.5,
            "competitors": [
                {
                    "name": f"{rng.choice(NAME_A)}{rng.choice(NAME_B)} {rng.choice(FORMS[:3])}",
                    "market_share": float(rng.randint(4, 20)),
                    "strengths": items("Stark bei", 2),
                    "weaknesses": items("Schwach bei", 2),
                }
                for _ in range(5)
            ],
            "swot": {
                "strengths": items("Stärke:", 4),
                "weaknesses": items("Schwäche:", 3),
                "opportunities": items("Chance:", 3),
                "threats": items("Risiko:", 3),
            },
            "trends": [
                {
                    "title": f"Trend {rng.choice(TASK_OBJECTS)}",
                    "kind": rng.choice(["technology", "market", "regulation", "customer"]),
                    "impact": rng.randint(1, 5),
                }
                for _ in range(6)
            ],
        },
        "data_sources": [
            {
                "item": f"{obj} je Kunde",
                "source": rng.choice(["CRM", "ERP", "BI", "Excel"]),
                "owner": rng.choice(OWNERS),
                "available": rng.random() < 0.6,
            }
            for obj in TASK_OBJECTS[:8]
        ],
    }


def goals(rng: random.Random, count: int) -> dict[str, Any]:
    """Return goals.yaml with three KPIs per goal."""
    result = []
    for g in range(count):
        kpis = []
        for k in range(3):
            baseline = float(rng.randint(10, 200))
            increase = rng.random() < 0.7
            delta = float(rng.randint(5, 60))
            kpi: dict[str, Any] = {
                "id": f"kpi-{g + 1:02d}-{k + 1}",
                "name": f"{rng.choice(TASK_OBJECTS)}: Kennzahl {k + 1}",
                "unit": rng.choice(["EUR", "%", "count", "days", "score"]),
                "direction": "increase" if increase else "decrease",
                "baseline": baseline,
                "target": baseline + delta if increase else baseline - delta / 2,
                "due": dt.date(2027 + k % 2, 12, 31),
            }
            if rng.random() < 0.8:
                kpi["actual"] = round(baseline + (delta if increase else -delta / 2) * rng.uniform(-0.2, 1.2), 1)
            kpis.append(kpi)
        result.append(
            {
                "id": f"goal-{g + 1:02d}",
                "title": f"Ziel {g + 1}: {rng.choice(TASK_OBJECTS)} stärken",
                "owner": rng.choice(OWNERS),
                "kpis": kpis,
            }
        )
    return {"goals": result}


def budget(rng: random.Random, accounts: int) -> dict[str, Any]:
    """Return budget.yaml: items and FTE per year."""
    items = [
        {
            "category": cat,
            "description": f"{cat} für das KAM-Programm",
            "year": year,
            "amount": rng.randint(2, 60) * 5_000,
        }
        for year in (2026, 2027, 2028)
        for cat in ("Personal", "Schulung", "CRM", "Reisen", "Beratung")
    ]
    resources = [
        {"role": role, "year": year, "fte": round(max(0.5, accounts / 15 * rng.uniform(0.3, 1)), 1)}
        for year in (2026, 2027, 2028)
        for role in ("Key-Account-Manager", "Assistenz", "Controlling")
    ]
    return {"items": items, "resources": resources}


def organisation(rng: random.Random, raci_rows: int, accounts: int) -> dict[str, Any]:
    """Return organisation.yaml with two org chart variants and a RACI matrix."""
    functional = [
        {"id": "ceo", "name": "Geschäftsführung", "parent": None},
        {"id": "sales", "name": "Vertrieb", "parent": "ceo"},
        {"id": "marketing", "name": "Marketing", "parent": "ceo"},
        {"id": "production", "name": "Produktion", "parent": "ceo"},
        {"id": "kam", "name": "Key-Account-Management", "parent": "sales", "kam": True},
        {"id": "inside-sales", "name": "Vertriebsinnendienst", "parent": "sales"},
        {"id": "field-sales", "name": "Außendienst", "parent": "sales"},
    ]
    customer = [
        {"id": "ceo", "name": "Geschäftsführung", "parent": None},
        {"id": "customer-mgmt", "name": "Kundenmanagement", "parent": "ceo", "kam": True},
    ]
    for index, industry in enumerate(INDUSTRIES[: max(2, min(len(INDUSTRIES), accounts // 25))]):
        customer.append({"id": f"team-{index + 1}", "name": f"Kundenteam {industry}", "parent": "customer-mgmt"})
    roles = [
        {"id": "kam", "name": "Key-Account-Management"},
        {"id": "inside_sales", "name": "Innendienst"},
        {"id": "field_sales", "name": "Außendienst"},
        {"id": "marketing", "name": "Marketing"},
        {"id": "management", "name": "Geschäftsführung"},
    ]
    role_ids = [r["id"] for r in roles]
    rows = []
    for index in range(raci_rows):
        accountable, responsible, *rest = rng.sample(role_ids, len(role_ids))
        raci = {accountable: "A", responsible: "R"}
        for role in rest:
            letter = rng.choice(["R", "C", "I", None])
            if letter:
                raci[role] = letter
        rows.append(
            {
                "activity": f"{rng.choice(TASK_OBJECTS)} {rng.choice(TASK_VERBS)} ({index + 1})",
                "raci": {r: raci[r] for r in role_ids if r in raci},
            }
        )
    international = [
        {
            "activity": f"{rng.choice(TASK_OBJECTS)} ({index + 1})",
            "level": rng.choice(["hq", "local", "shared"]),
            "note": "Abstimmung im Quartal",
        }
        for index in range(max(4, raci_rows // 2))
    ]
    return {
        "placement": "sales",
        "rationale": "KAM bleibt nah am Vertrieb, bekommt aber eigene Ziele und Budgets.",
        "selected": "by-customer",
        "variants": [
            {
                "id": "functional",
                "type": "functional",
                "title": "Funktionsorientiert",
                "pros": ["Klare Fachverantwortung"],
                "cons": ["Viele Schnittstellen zum Kunden"],
                "units": functional,
            },
            {
                "id": "by-customer",
                "type": "customer",
                "title": "Objektorientiert (nach Kunden)",
                "pros": ["Ein Gesicht zum Kunden"],
                "cons": ["Doppelte Fachfunktionen"],
                "units": customer,
            },
        ],
        "roles": roles,
        "responsibilities": rows,
        "international": international,
    }


def readiness(rng: random.Random, per_area: int) -> dict[str, Any]:
    """Return readiness.yaml: seven areas on a 1–5 scale."""
    areas = []
    for area_id, title in [
        ("strategy", "Strategie"),
        ("processes", "Prozesse"),
        ("organisation", "Organisation"),
        ("data-it", "Daten und IT"),
        ("people", "Menschen und Anreize"),
        ("measurement", "Messung"),
        ("international", "Internationale Abstimmung"),
    ]:
        criteria = []
        for index in range(per_area):
            score = rng.randint(1, 5)
            criterion: dict[str, Any] = {
                "id": f"{area_id}-{index + 1}",
                "statement": f"{rng.choice(TASK_OBJECTS)} ist im Bereich {title} verbindlich geregelt.",
                "weight": rng.choice([1, 1, 2, 3]),
                "score": score,
            }
            if score < 5 and rng.random() < 0.6:
                criterion["target"] = rng.randint(score + 1, 5)
                criterion["action"] = f"{rng.choice(TASK_OBJECTS)} {rng.choice(TASK_VERBS)}"
            criteria.append(criterion)
        areas.append({"id": area_id, "title": title, "weight": rng.choice([1, 2]), "criteria": criteria})
    return {"scale": {"min": 1, "max": 5, "labels": {1: "ad hoc", 3: "definiert", 5: "optimiert"}}, "areas": areas}


def tasks(rng: random.Random, count: int, plan_start: dt.date, as_of: dt.date) -> dict[str, Any]:
    """Return tasks.yaml: phases of parallel streams ending in a milestone; every date derivable."""
    per_phase = [count // len(PHASES) + (1 if i < count % len(PHASES) else 0) for i in range(len(PHASES))]
    result: list[dict[str, Any]] = []
    due_of: dict[str, dt.date] = {}
    previous_milestone: str | None = None
    for (phase_id, _title), n in zip(PHASES, per_phase, strict=True):
        width = max(1, (n - 1) // 5)
        ids = [f"{phase_id}-{j + 1:03d}" for j in range(n)]
        for j, task_id in enumerate(ids):
            task: dict[str, Any] = {"id": task_id, "phase": phase_id}
            milestone = j == n - 1
            if milestone:
                deps = sorted({ids[k] for k in range(max(0, n - 1 - width), n - 1)})
                task["title"] = f"Meilenstein: {_title} abgeschlossen"
            else:
                task["title"] = f"{rng.choice(TASK_OBJECTS)} {rng.choice(TASK_VERBS)}"
                if j >= width:
                    deps = [ids[j - width]]
                    if j > width and rng.random() < 0.15:
                        extra = ids[rng.randrange(0, j - 1)]
                        if extra not in deps:
                            deps.append(extra)
                else:
                    deps = [previous_milestone] if previous_milestone else []
            task["owner"] = rng.choice(OWNERS)
            derived = max((due_of[d] for d in deps), default=plan_start - dt.timedelta(days=1))
            start = derived + dt.timedelta(days=1)
            if not deps:
                start = plan_start + dt.timedelta(days=j % 5)
                task["start"] = start
            elif rng.random() < 0.1:
                start = start + dt.timedelta(days=rng.randint(0, 3))
                task["start"] = start
            duration = 1 if milestone else rng.randint(3, 15)
            due = start + dt.timedelta(days=duration - 1)
            if milestone or rng.random() >= 0.3:
                task["duration_days"] = duration
            else:
                task["due"] = due
            if deps:
                task["depends_on"] = deps
            due_of[task_id] = due
            if due < as_of:
                task["status"] = "done" if rng.random() < 0.9 else "in_progress"
            elif start <= as_of:
                task["status"] = "in_progress"
            else:
                task["status"] = "blocked" if rng.random() < 0.03 else "open"
            task["milestone"] = milestone
            if not milestone:
                task["effort_days"] = rng.randint(1, 20)
            result.append(task)
        previous_milestone = ids[-1]
    return {"phases": [{"id": p, "title": t} for p, t in PHASES], "tasks": result}


def competency_ids(extra: int) -> list[str]:
    """Return the ids of the competency model: the seed's eight plus ``extra``."""
    return [c[0] for c in SEED_COMPETENCIES] + EXTRA_COMPETENCIES[:extra]


def competencies(extra: int) -> dict[str, Any]:
    """Return competencies.yaml: the seed's eight requirements plus ``extra`` more."""
    items = [
        {
            "id": cid,
            "name": name,
            "group": group,
            "weight": 2 if critical else 1,
            "required": 4 if critical else 3,
            "critical": critical,
        }
        for cid, name, group, critical in SEED_COMPETENCIES
    ]
    items += [
        {
            "id": cid,
            "name": cid.replace("_", " ").title(),
            "group": "Methodenkompetenz",
            "weight": 1,
            "required": 3,
            "critical": False,
        }
        for cid in EXTRA_COMPETENCIES[:extra]
    ]
    return {"scale": {"min": 1, "max": 5, "labels": {1: "Grundkenntnisse", 5: "Experte"}}, "competencies": items}


def candidates(rng: random.Random, count: int, extra: int) -> dict[str, Any]:
    """Return candidates.yaml with ratings and development measures for the gaps."""
    required = {c["id"]: c["required"] for c in competencies(extra)["competencies"]}
    result = []
    for index in range(count):
        ratings = {cid: rng.randint(1, 5) for cid in required if rng.random() > 0.05}
        gaps = [cid for cid, level in required.items() if ratings.get(cid, 0) < level]
        result.append(
            {
                "id": f"c{index + 1:03d}",
                "name": _person(rng),
                "role": rng.choice(ROLES),
                "assessed_on": dt.date(2026, rng.randint(6, 10), rng.randint(1, 28)),
                "assessed_by": "Vertriebsleitung",
                "ratings": ratings,
                "strengths": [f"Stark in {rng.choice(TASK_OBJECTS)}"],
                "development": [
                    {
                        "competency": cid,
                        "measure": rng.choice(MEASURES),
                        "due": dt.date(2027, rng.randint(1, 12), 28),
                        "status": rng.choice(["open", "in_progress", "done"]),
                    }
                    for cid in gaps[:3]
                ],
            }
        )
    return {"candidates": result}


def accounts(rng: random.Random, count: int, candidate_ids: list[str]) -> list[dict[str, Any]]:
    """Return ``count`` account plans with unique slug ids."""
    result = []
    seen: set[str] = set()
    for index in range(count):
        base = f"{rng.choice(NAME_A)}{rng.choice(NAME_B)}"
        slug = base.lower().replace("ü", "ue")
        account_id = slug if slug not in seen else f"{slug}-{index + 1}"
        seen.add(account_id)
        revenue = rng.randint(2, 500) * 10_000
        result.append(
            {
                "id": account_id,
                "name": f"{base} {rng.choice(FORMS)}",
                "industry": rng.choice(INDUSTRIES),
                "country": rng.choice(COUNTRIES),
                "kam": rng.choice(candidate_ids) if candidate_ids and rng.random() < 0.7 else _person(rng),
                "classification": rng.choice(["A", "B", "B", "C"]),
                "revenue": revenue,
                "potential": revenue * rng.randint(2, 8),
                "mission": "Gemeinsam die Verfügbarkeit der Anlagen erhöhen und die Gesamtkosten senken.",
                "mission_agreed": rng.random() < 0.4,
                "attractiveness": [
                    {"criterion": c, "weight": rng.choice([1, 2, 3]), "score": rng.randint(1, 10)}
                    for c in ATTRACTIVENESS
                ],
                "position": [
                    {"criterion": c, "weight": rng.choice([1, 2]), "score": rng.randint(1, 10)} for c in POSITION
                ],
                "goals": [
                    {
                        "title": f"{rng.choice(TASK_OBJECTS)} ausbauen",
                        "kpi": "Umsatz",
                        "target": f"+{rng.randint(3, 25)} %",
                        "due": dt.date(2027, 12, 31),
                    }
                    for _ in range(rng.randint(1, 3))
                ],
                "contacts": [
                    {
                        "name": _person(rng),
                        "function": rng.choice(FUNCTIONS),
                        "role": rng.choice(CONTACT_ROLES),
                        "attitude": rng.choice(["supporter", "neutral", "opponent"]),
                    }
                    for _ in range(rng.randint(3, 6))
                ],
                "actions": [
                    {
                        "title": f"{rng.choice(TASK_OBJECTS)} {rng.choice(TASK_VERBS)}",
                        "owner": rng.choice(OWNERS),
                        "due": dt.date(2027, rng.randint(1, 12), 15),
                        "status": rng.choice(STATUSES),
                    }
                    for _ in range(rng.randint(2, 5))
                ],
            }
        )
    return result
