"""A small playbook with one complete account plan (format v2) and a second account, with canary strings.

Each canary is a word that appears nowhere else, so a test can tell exactly where a field went.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_files

CONTACT_NAME = "Canaria Kontaktfrau"
CONTACT_FUNCTION = "Leiterin Einkauf Canary"
ATTITUDE_CONTACT = "Opponio Widerstand"
WEAKNESS = "Schwächecanary Lieferzeit"
THREAT = "Bedrohungcanary Billiganbieter"
STRENGTH = "Stärkecanary Service"
OPPORTUNITY = "Chancecanary Retrofit"
SUPPLIER = "Konkurrenzcanary AG"
CUSTOMER_COMPETITOR = "Kundenwettbewerbcanary SE"
VALUE = "Nutzencanary: weniger Stillstand"
STRATEGY = "Strategiecanary Wachstum Osteuropa"
REVIEW_SUMMARY = "Reviewcanary: Pilot läuft"
DECISION = "Beschlusscanary Rollout Werk 2"
OTHER_ACCOUNT = "Zweitkunde Geheimwerk GmbH"
CANDIDATE = "Kandidatia Beispiel"
COUNTERPART = "Gegenstückcanary Vertrieb"

FULL_ACCOUNT = f"""
id: acme
name: ACME Canary AG
industry: Automotive
country: DE
kam: c01
classification: A
mission: "Missioncanary: gemeinsam effizienter"
mission_agreed: true
attractiveness: [{{criterion: Wachstum, weight: 2, score: 8}}]
position: [{{criterion: Lieferanteil, weight: 1, score: 4}}]
plan: {{start: 2027-01-01, end: 2027-12-31, version: "2", approved_by: "Dr. Freigabe", approved_on: 2026-12-15,
       review_every_days: 91}}
sponsor: "Dr. Sponsorcanary"
team: [{{role: Innendienst, name: "Teamcanary Innen"}}]
customer:
  strategy: "{STRATEGY}"
  goals: ["Kundenzielcanary"]
  challenges: ["Herausforderungcanary"]
  market_position: "Marktcanary Nummer zwei"
  competitors: [{{name: "{CUSTOMER_COMPETITOR}", note: "stark im Export"}}]
suppliers: [{{name: "{SUPPLIER}", share: 45, note: "Rahmenvertrag"}}, {{name: Wir, share: 30}}]
swot:
  strengths: ["{STRENGTH}"]
  weaknesses: ["{WEAKNESS}"]
  opportunities: ["{OPPORTUNITY}"]
  threats: ["{THREAT}"]
value_proposition: "{VALUE}"
financials:
  - {{year: 2025, revenue: 3800000, plan: 3900000, potential: 11000000, contribution_margin: 610000}}
  - {{year: 2026, revenue: 4200000, plan: 4500000, potential: 12000000, contribution_margin: 730000}}
  - {{year: 2027, plan: 5000000, potential: 12500000}}
goals:
  - {{id: frame, title: "Rahmenvertragcanary", kpi: Umsatz, unit: EUR, baseline: 4000000, target: 5000000,
     actual: 4500000, due: 2027-12-31}}
  - {{id: sow, title: "Anteilsziel", kpi: "Anteil am Bedarf", unit: "%", baseline: 30, target: 40, due: 2027-12-31}}
  - {{title: "Textziel", target: "+15 %", due: 2027-06-30}}
contacts:
  - {{name: "{CONTACT_NAME}", function: "{CONTACT_FUNCTION}", role: decision_maker, attitude: supporter, influence: 4,
     relationship: 5, counterpart: "{COUNTERPART}", last_contact: 2026-12-01}}
  - {{name: "{ATTITUDE_CONTACT}", function: Werkleiter, role: economic_buyer, attitude: opponent, influence: 5,
     relationship: 2}}
actions:
  - {{title: "Aktioncanary Pilot", owner: KAM, due: 2027-03-31, status: open}}
reviews:
  - {{date: 2026-10-20, participants: ["Kunde", "KAM"], summary: "Erstes Review", decisions: ["Start"],
     next: 2027-01-20}}
  - {{date: 2027-01-20, participants: ["{CONTACT_NAME}", "KAM"], summary: "{REVIEW_SUMMARY}",
     decisions: ["{DECISION}"]}}
"""

OTHER = f"""
id: other
name: "{OTHER_ACCOUNT}"
revenue: 1000000
potential: 2000000
attractiveness: [{{criterion: Wachstum, weight: 2, score: 3}}]
position: [{{criterion: Lieferanteil, weight: 1, score: 3}}]
"""

CANDIDATES = f"""
candidates:
  - id: c01
    name: "Karla KAM"
    ratings: {{}}
  - id: c02
    name: "{CANDIDATE}"
    ratings: {{}}
"""

V1_ACCOUNT = """
id: plain
name: Plain Old GmbH
revenue: 500000
potential: 1000000
mission: "Eine v1-Mission"
goals: [{title: "Ein v1-Ziel", kpi: Umsatz, target: "+10 %", due: 2027-12-31}]
contacts: [{name: "Vera Eins", function: Einkauf, role: user, attitude: neutral}]
actions: [{title: "Eine v1-Aktion", status: done}]
"""


def write_account_project(root: Path, *, publish_contacts: bool = False, v1: bool = False) -> Path:
    """Write the project below ``root`` and return it."""
    privacy = "privacy: {publish_contacts: true}\n" if publish_contacts else ""
    files: dict[str, str | bytes] = {
        "kamdocs.yaml": f"title: Test-Playbook\nas_of: 2027-02-15\n{privacy}",
        "data/company.yaml": "name: Test GmbH\nmission:\n  statement: Wir wachsen.\n  agreed_with: [acme, other]\n",
        "data/competencies.yaml": "competencies: [{id: a, name: A, required: 3}]\n",
        "data/candidates.yaml": CANDIDATES,
        "data/accounts/acme.yaml": FULL_ACCOUNT,
        "data/accounts/other.yaml": OTHER,
    }
    if v1:
        files["data/accounts/plain.yaml"] = V1_ACCOUNT
    return write_files(root, files)
