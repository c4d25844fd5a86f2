"""Realistic analysis results for the chart tests and for looking at the charts by eye."""

from __future__ import annotations

import datetime as dt

from kamdocs.analysis.results import (
    AccountPosition,
    AreaResult,
    CandidateFit,
    CompetencyResult,
    KpiResult,
    KpiStatus,
    KpiSummary,
    PhaseResult,
    Portfolio,
    ReadinessResult,
    Schedule,
    ScheduledTask,
    TeamCompetency,
)
from kamdocs.model.organisation import Unit, Variant

HOSTILE = '"><img src=x onerror=alert(1)>'
D = dt.date


def readiness(title: str = "Kundenorientierung der Prozesse") -> ReadinessResult:
    areas = (
        AreaResult("processes", title, 2, 50.0, 66.7, ()),
        AreaResult("management", "Unterstützung durch die Geschäftsleitung", 1, 75.0, 87.5, ()),
        AreaResult("it", "Informationssysteme und Datenbasis (CRM, Kundendaten, Berichte)", 1, 37.5, 62.5, ()),
        AreaResult("people", "Personal und Kompetenzen", 1, 62.5, 62.5, ()),
        AreaResult("structure", "Organisationsstruktur", 1, None, None, ()),
    )
    return ReadinessResult(overall=55.0, target_overall=70.9, areas=areas, actions=(), scale_min=1, scale_max=5)


def kpi(kid: str, name: str, achievement: float | None, status: KpiStatus) -> KpiResult:
    return KpiResult(
        kid,
        "growth",
        name,
        "EUR",
        "increase",
        0,
        100,
        None if achievement is None else achievement,
        D(2027, 12, 31),
        achievement,
        status,
    )


def kpis(name: str = "Umsatz mit Key Accounts") -> KpiSummary:
    items = (
        kpi("ka_revenue", name, 37.5, "at_risk"),
        kpi("share", "Lieferanteil bei A-Kunden", 112.5, "achieved"),
        kpi("nps", "Kundenzufriedenheit (Net Promoter Score der Key Accounts)", 80.0, "on_track"),
        kpi("plans", "Account-Pläne mit dem Kunden abgestimmt", None, "no_data"),
        kpi("margin", "Deckungsbeitrag", -20.0, "at_risk"),
        kpi("response", "Reaktionszeit auf Anfragen", 100.0, "achieved"),
    )
    counts: dict[str, int] = {}
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    return KpiSummary(items, counts)


def task(
    tid: str,
    title: str,
    phase: str | None,
    start: dt.date,
    due: dt.date,
    status: str = "open",
    *,
    milestone: bool = False,
    overdue: bool = False,
    critical: bool = False,
    slip: int = 0,
) -> ScheduledTask:
    """A scheduled task; ``slip`` moves its forecast that many days (the start too, unless it is in progress)."""
    moved = dt.timedelta(days=slip)
    return ScheduledTask(
        tid,
        title,
        phase,
        None,
        start,
        due,
        status,
        milestone,
        overdue,
        critical,
        (),
        float=0 if critical else 5,
        forecast_start=start if status == "in_progress" else start + moved,
        forecast_due=due + moved,
        slip=slip,
        late_start=status in ("open", "blocked") and slip > 0,
    )


def schedule(title: str = "Kick-off mit der Geschäftsleitung") -> Schedule:
    tasks = (
        task("kickoff", title, "concept", D(2027, 1, 4), D(2027, 1, 8), "done", critical=True),
        task(
            "select",
            "Key Accounts auswählen und klassifizieren",
            "concept",
            D(2027, 1, 11),
            D(2027, 2, 5),
            "done",
            critical=True,
        ),
        task("mission", "KAM-Mission formulieren", "concept", D(2027, 1, 18), D(2027, 2, 12), "done"),
        task(
            "concept_ok",
            "Konzept freigegeben",
            "concept",
            D(2027, 2, 26),
            D(2027, 2, 26),
            "done",
            milestone=True,
            critical=True,
        ),
        task(
            "profiles",
            "Anforderungsprofil für Key-Account-Manager",
            "staff",
            D(2027, 3, 1),
            D(2027, 3, 26),
            "in_progress",
            overdue=True,
            critical=True,
            slip=19,
        ),
        task("assess", "Mitarbeiter bewerten", "staff", D(2027, 3, 15), D(2027, 4, 9), "open", overdue=True, slip=12),
        task(
            "training",
            "Schulungsprogramm Verhandlungsführung und Präsentation",
            "staff",
            D(2027, 4, 12),
            D(2027, 6, 30),
            "open",
            critical=True,
        ),
        task("staffed", "KAM-Team besetzt", "staff", D(2027, 7, 1), D(2027, 7, 1), milestone=True, critical=True),
        task("crm", "CRM um Account-Pläne erweitern", "rollout", D(2027, 4, 1), D(2027, 6, 15), "blocked"),
        task(
            "plans", "Account-Pläne mit den Kunden abstimmen", "rollout", D(2027, 7, 5), D(2027, 9, 17), critical=True
        ),
        task("review", "Erste Überprüfung der KPIs", "rollout", D(2027, 9, 20), D(2027, 10, 1), critical=True),
        task("golive", "Regelbetrieb", "rollout", D(2027, 10, 4), D(2027, 10, 4), milestone=True, critical=True),
        task("extra", "Intranet-Seite einrichten", None, D(2027, 2, 1), D(2027, 2, 19), "done"),
    )
    phases = (
        PhaseResult("concept", "Konzeption", 4, 4, 100.0, D(2027, 1, 4), D(2027, 2, 26)),
        PhaseResult("staff", "Personal und Qualifizierung", 4, 0, 0.0, D(2027, 3, 1), D(2027, 7, 1)),
        PhaseResult("rollout", "Einführung", 4, 0, 0.0, D(2027, 4, 1), D(2027, 10, 4)),
    )
    return Schedule(
        tasks,
        phases,
        D(2027, 1, 4),
        D(2027, 10, 4),
        tuple(t.id for t in tasks if t.critical),
        tuple(t.id for t in tasks if t.overdue),
        forecast_end=max(t.forecast_due for t in tasks),
    )


def variant(name: str = "Geschäftsführung") -> Variant:
    units = [
        Unit(id="ceo", name=name),
        Unit(id="sales", name="Vertrieb", parent="ceo"),
        Unit(id="marketing", name="Marketing", parent="ceo"),
        Unit(id="production", name="Produktion", parent="ceo"),
        Unit(id="finance", name="Finanzen und Controlling", parent="ceo"),
        Unit(id="inside", name="Vertriebsinnendienst", parent="sales"),
        Unit(id="north", name="Außendienst Nord", parent="sales"),
        Unit(id="south", name="Außendienst Süd", parent="sales"),
        Unit(id="kam", name="Key-Account-Management", parent="sales", kam=True),
        Unit(id="pm", name="Produktmarketing", parent="marketing"),
        Unit(id="comms", name="Kommunikation und Messen", parent="marketing"),
    ]
    return Variant(id="by_customer", type="customer", title="Objektorientiert (nach Kunden)", units=tuple(units))


def wide_variant(count: int = 30) -> Variant:
    units = [Unit(id="root", name="Vorstand")]
    for i in range(1, 5):
        units.append(Unit(id=f"d{i}", name=f"Geschäftsbereich {i} International", parent="root"))
    i = 0
    while len(units) < count:
        parent = f"d{i % 4 + 1}"
        units.append(Unit(id=f"u{i}", name=f"Abteilung {i} mit einem recht langen Namen", parent=parent, kam=i == 5))
        i += 1
    return Variant(id="wide", type="functional", title="Funktional", units=tuple(units))


COMPETENCIES = (
    ("industry", "Branchenkenntnisse", 4, True),
    ("product", "Produkt- und Anwendungswissen", 4, False),
    ("negotiation", "Verhandlungsgeschick", 4, True),
    ("strategy", "Strategisches Denken", 3, False),
    ("projects", "Projektmanagement", 3, False),
    ("communication", "Kommunikation und Präsentation", 4, False),
    ("network", "Interne Vernetzung", 3, False),
    ("speed", "Schnelligkeit", 3, False),
)

RATINGS = {
    "Maria Beispiel": (4, 5, 3, 3, 4, 4, 2, 3),
    "Jonas Muster": (5, 4, 4, 2, 3, 5, 3, None),
    "Ayşe Yılmaz": (3, 3, 2, 4, 3, 3, 4, 4),
    "Peter Probe": (2, 4, 3, 1, 2, 3, 3, 2),
}


def competencies(person: str = "Maria Beispiel") -> CompetencyResult:
    people = dict(RATINGS)
    if person != "Maria Beispiel":
        people[person] = people.pop("Maria Beispiel")
    team = []
    for i, (cid, name, required, critical) in enumerate(COMPETENCIES):
        given = [rating for r in people.values() if (rating := r[i]) is not None]
        team.append(
            TeamCompetency(
                cid,
                name,
                None,
                1,
                required,
                critical,
                sum(1 for r in people.values() if (r[i] or 0) < required),
                sum(given) / len(given) if given else None,
                len(given),
                sum(1 for r in people.values() if (r[i] or 0) >= required),
            )
        )
    candidates = []
    for rank, (pname, ratings) in enumerate(people.items(), start=1):
        by_id = {c[0]: r for c, r in zip(COMPETENCIES, ratings, strict=True)}
        gaps = {c[0]: c[2] - (r or 0) for c, r in zip(COMPETENCIES, ratings, strict=True) if (r or 0) < c[2]}
        candidates.append(
            CandidateFit(f"c{rank:02d}", pname, None, 90.0 - rank * 7, by_id, gaps, (), (), not gaps, True, rank)
        )
    return CompetencyResult(tuple(team), tuple(candidates), len(people), 0, 3, 1, 5)


def account(
    aid: str,
    name: str,
    revenue: float | None,
    attractiveness: float | None,
    position: float | None,
    classification: str | None = "A",
) -> AccountPosition:
    quadrant = None
    if attractiveness is not None and position is not None:
        high_a, high_p = attractiveness >= 5.5, position >= 5.5
        quadrant = ("develop" if high_p else "invest_selectively") if high_a else ("maintain" if high_p else "harvest")
    return AccountPosition(aid, name, classification, revenue, None, attractiveness, position, quadrant, None)  # type: ignore[arg-type]


def portfolio(name: str = "ACME AG") -> Portfolio:
    accounts = (
        account("acme", name, 4_200_000, 7.2, 5.1),
        account("bolt", "Bolt Automotive GmbH", 9_800_000, 8.1, 7.6),
        account("cargo", "Cargo Logistik SE", 1_200_000, 6.8, 3.2, "B"),
        account("delta", "Delta Werkzeugbau", 650_000, 3.9, 7.9, "B"),
        account("elbe", "Elbe Stahl AG", 2_900_000, 4.4, 6.2),
        account("fjord", "Fjord Maritime AS", 300_000, 2.5, 2.1, "C"),
        account("gamma", "Gamma Präzisionstechnik", 2_100_000, 8.0, 7.4, "B"),
        account("helix", "Helix Medizintechnik", None, 7.9, 2.6, "C"),
        account("iris", "Iris Optik", 1_500_000, 5.5, 5.5, "B"),
        account("jade", "Jade Chemie KG", 800_000, None, None, "C"),
        account("kappa", "Kappa Energie", 1_100_000, 4.5, 6.3, "B"),
    )
    return Portfolio(accounts, {"A": 4, "B": 5, "C": 2}, {}, 24_550_000, 60_000_000)
