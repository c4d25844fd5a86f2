"""Sheet names, column headers and notes of the planning workbook in German and English.

The labels live here rather than in the theme's message catalogue because they
are part of the workbook's *format*: ``import`` recognises a sheet by its name
in either language, so a workbook exported in German can be read back after
the project switched to English.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "sheet.readiness": "Voraussetzungen",
        "sheet.tasks": "Aufgaben",
        "sheet.competencies": "Kompetenzen",
        "sheet.ratings": "Bewertungen",
        "sheet.routines": "Routinen",
        "sheet.kpis": "Kennzahlen",
        "sheet.kpi_points": "Kennzahlen-Verlauf",
        "title.routines": "Wiederkehrende Aufgaben im Betrieb",
        "title.kpis": "Ziele und Kennzahlen",
        "title.kpi_points": "Kennzahlen im Zeitverlauf: Zwischenziele und gemessene Werte",
        "col.every_days": "alle … Tage",
        "col.last_done": "Zuletzt erledigt",
        "col.first_due": "Erster Termin",
        "col.description": "Beschreibung",
        "col.due_next": "Nächster Termin (Formel)",
        "col.goal": "Ziel-Kürzel",
        "col.target_value": "Zielwert",
        "col.kpi_due": "Zieltermin",
        "col.title_name": "Ziel / Kennzahl",
        "col.unit": "Einheit",
        "col.direction": "Richtung",
        "col.baseline": "Ausgangswert",
        "col.baseline_date": "Ausgangswert vom",
        "col.actual": "Ist",
        "col.source": "Ist aus den Account-Dateien",
        "col.kpi": "Kennzahl",
        "col.kind": "Art",
        "col.date": "Datum",
        "col.value": "Wert",
        "col.kpi_name": "Name der Kennzahl (Formel)",
        "head.baseline_date": "Ausgangswerte vom (für Kennzahlen ohne eigenes Datum)",
        "title.readiness": "Schritt 1: Organisatorische Voraussetzungen (Skala {min}–{max})",
        "title.tasks": "Schritt 2: Aufgabenplan",
        "title.competencies": "Schritt 3a: Anforderungsprofil (Skala {min}–{max})",
        "title.ratings": "Schritt 3b: Bewertungen (Skala {min}–{max}) – personenbezogene Daten, vertraulich",
        "col.area": "Bereich",
        "col.id": "Kürzel",
        "col.title_statement": "Bereich / Aussage",
        "col.weight": "Gewicht",
        "col.score": "Bewertung",
        "col.target": "Ziel",
        "col.comment": "Kommentar",
        "col.action": "Maßnahme",
        "col.index": "Index % (Formel)",
        "col.title": "Aufgabe",
        "col.phase": "Phase",
        "col.owner": "Verantwortlich",
        "col.start": "Start",
        "col.due": "Ende",
        "col.duration_days": "Dauer (Tage)",
        "col.depends_on": "Vorgänger",
        "col.status": "Status",
        "col.scheduled_start": "Start geplant (Formel)",
        "col.scheduled_due": "Ende geplant (Formel)",
        "col.name": "Name",
        "col.group": "Gruppe",
        "col.required": "Soll-Stufe",
        "col.critical": "Kritisch",
        "col.role": "Funktion",
        "col.fit": "Profilerfüllung % (Formel)",
        "row.weight": "Gewicht",
        "row.required": "Soll-Stufe",
        "overall": "Gesamtindex %",
        "as_of": "Stichtag",
        "yes": "ja",
        "no": "nein",
        "valid.scale.title": "Bewertung",
        "valid.scale": "Bitte eine ganze Zahl von {min} bis {max} eingeben.",
        "valid.task_status": "Bitte einen Status aus der Liste wählen.",
        "valid.direction": "Bitte aus der Liste wählen: höher oder niedriger ist besser.",
        "valid.point_kind": "Bitte Zwischenziel oder gemessen wählen.",
        "valid.kpi": "Bitte das Kürzel einer Kennzahl aus dem Blatt Kennzahlen wählen.",
        "valid.kpi_source": "Bitte eine Quelle aus der Liste wählen oder die Zelle leer lassen.",
        "valid.bool": "Bitte ja oder nein wählen.",
    },
    "en": {
        "sheet.readiness": "Readiness",
        "sheet.tasks": "Tasks",
        "sheet.competencies": "Competencies",
        "sheet.ratings": "Ratings",
        "sheet.routines": "Routines",
        "sheet.kpis": "KPIs",
        "sheet.kpi_points": "KPI history",
        "title.routines": "Recurring tasks of the operation",
        "title.kpis": "Goals and KPIs",
        "title.kpi_points": "KPIs over time: intermediate targets and measured values",
        "col.every_days": "Every … days",
        "col.last_done": "Last done",
        "col.first_due": "First due",
        "col.description": "Description",
        "col.due_next": "Next due (formula)",
        "col.goal": "Goal id",
        "col.target_value": "Target",
        "col.kpi_due": "Due",
        "col.title_name": "Goal / KPI",
        "col.unit": "Unit",
        "col.direction": "Direction",
        "col.baseline": "Baseline",
        "col.baseline_date": "Baseline date",
        "col.actual": "Actual",
        "col.source": "Actual from the account files",
        "col.kpi": "KPI",
        "col.kind": "Kind",
        "col.date": "Date",
        "col.value": "Value",
        "col.kpi_name": "KPI name (formula)",
        "head.baseline_date": "Baselines of (for KPIs without their own date)",
        "title.readiness": "Step 1: Organisational prerequisites (scale {min}–{max})",
        "title.tasks": "Step 2: Task plan",
        "title.competencies": "Step 3a: Required competency profile (scale {min}–{max})",
        "title.ratings": "Step 3b: Ratings (scale {min}–{max}) – personal data, confidential",
        "col.area": "Area",
        "col.id": "Id",
        "col.title_statement": "Area / statement",
        "col.weight": "Weight",
        "col.score": "Score",
        "col.target": "Target",
        "col.comment": "Comment",
        "col.action": "Action",
        "col.index": "Index % (formula)",
        "col.title": "Task",
        "col.phase": "Phase",
        "col.owner": "Owner",
        "col.start": "Start",
        "col.due": "Due",
        "col.duration_days": "Duration (days)",
        "col.depends_on": "Depends on",
        "col.status": "Status",
        "col.scheduled_start": "Scheduled start (formula)",
        "col.scheduled_due": "Scheduled due (formula)",
        "col.name": "Name",
        "col.group": "Group",
        "col.required": "Required level",
        "col.critical": "Critical",
        "col.role": "Role",
        "col.fit": "Profile fit % (formula)",
        "row.weight": "Weight",
        "row.required": "Required level",
        "overall": "Overall index %",
        "as_of": "As of",
        "yes": "yes",
        "no": "no",
        "valid.scale.title": "Rating",
        "valid.scale": "Enter a whole number from {min} to {max}.",
        "valid.task_status": "Choose a status from the list.",
        "valid.direction": "Choose from the list: higher or lower is better.",
        "valid.point_kind": "Choose intermediate target or measured.",
        "valid.kpi": "Choose the id of a KPI of the KPIs sheet.",
        "valid.kpi_source": "Choose a source from the list or leave the cell empty.",
        "valid.bool": "Choose yes or no.",
    },
}


def label(lang: str, key: str, **values: object) -> str:
    """Return the label ``key`` in ``lang`` (English when the language is unknown)."""
    table = LABELS.get(lang, LABELS["en"])
    text = table[key]
    return text.format(**values) if values else text


def sheet_kinds() -> dict[str, str]:
    """Return every known sheet name (both languages) → sheet kind (``readiness`` …)."""
    kinds: dict[str, str] = {}
    for table in LABELS.values():
        for key, text in table.items():
            if key.startswith("sheet."):
                kinds[text] = key.removeprefix("sheet.")
    return kinds


def sheet_language(name: str) -> str:
    """Return the language of a sheet name kamdocs writes (``en`` for any other name)."""
    for lang, table in LABELS.items():
        if any(key.startswith("sheet.") and text == name.strip() for key, text in table.items()):
            return lang
    return "en"
