"""Varied German KAM prose for synthetic chapters: headings, paragraphs, lists, tables, quotes.

Sentences are assembled from templates and word pools with a seeded ``random.Random`` so a
chapter reads like a real handbook page (long compounds for hyphenation, numbers, emphasis)
while every chapter differs, which keeps caches from turning the benchmark into a no-op.
"""

from __future__ import annotations

import random

SUBJECTS = [
    "Das Key-Account-Management",
    "Der Key-Account-Manager",
    "Die Vertriebsleitung",
    "Das Account-Team",
    "Der Vertriebsinnendienst",
    "Der Außendienst",
    "Das Marketing",
    "Die Geschäftsführung",
    "Die Niederlassung vor Ort",
    "Das Controlling",
    "Der Kundenservice",
    "Die Anwendungstechnik",
    "Das Kernteam",
    "Jede verantwortliche Ansprechperson",
    "Die Programmleitung",
]
VERBS = [
    "analysiert",
    "überprüft",
    "verantwortet",
    "vereinbart",
    "dokumentiert",
    "priorisiert",
    "bewertet",
    "koordiniert",
    "plant",
    "steuert",
    "bespricht",
    "aktualisiert",
    "verhandelt",
    "begleitet",
]
OBJECTS = [
    "den Account-Plan",
    "die Deckungsbeitragsrechnung je Kunde",
    "die Rahmenvereinbarung",
    "die Lieferantenbewertung des Kunden",
    "das Buying Center",
    "die Kundenzufriedenheitsbefragung",
    "den Lieferanteil",
    "die Preisrealisierung",
    "die Quartalsbesprechung",
    "die Maßnahmenliste",
    "die Wettbewerbssituation",
    "die Anlagenverfügbarkeit",
    "das Serviceniveau",
    "die Angebotsstrategie",
    "die Entscheidungswege im Einkauf",
    "den Share of Wallet",
    "die Kennzahlenübersicht",
    "die Ersatzteilversorgung",
    "das Beschwerdemanagement",
    "die Innovationsprojekte",
]
ADVERBIALS = [
    "mindestens einmal im Quartal",
    "gemeinsam mit dem Kunden",
    "vor jeder Jahresplanung",
    "auf Basis der CRM-Daten",
    "im Rahmen des Quartalsreviews",
    "spätestens vier Wochen vor Vertragsende",
    "in enger Abstimmung mit der Niederlassung",
    "nach einem einheitlichen Verfahren",
    "für alle A-Kunden",
    "mit klaren Verantwortlichkeiten",
    "ohne Umwege über die Zentrale",
    "anhand nachvollziehbarer Kriterien",
    "im Vier-Augen-Prinzip",
]
REASONS = [
    "damit Zusagen zu Terminen und Preisen verlässlich bleiben",
    "weil der Kunde seinen Einkauf zunehmend zentral bündelt",
    "denn nur so lassen sich Deckungsbeiträge je Kunde belastbar vergleichen",
    "um Doppelarbeit zwischen Innendienst und Außendienst zu vermeiden",
    "weil Konzernwettbewerber mit globalen Rahmenverträgen werben",
    "damit Eskalationen nicht erst im Einkaufsgespräch sichtbar werden",
    "denn die Anlagenverfügbarkeit ist für den Kunden das entscheidende Kriterium",
    "um frühzeitig auf Veränderungen im Buying Center zu reagieren",
    "weil Investitionsentscheidungen beim Kunden oft zwei Jahre Vorlauf haben",
]
NOUNS = [
    "Kundenorientierung",
    "Lieferzuverlässigkeit",
    "Angebotsgeschwindigkeit",
    "Wertschöpfungspartnerschaft",
    "Instandhaltungsplanung",
    "Energieeffizienz",
    "Ausschreibungsvorbereitung",
    "Qualitätssicherungsvereinbarung",
    "Ersatzteilbevorratung",
    "Vertragsverlängerung",
    "Preisgleitklausel",
    "Kundenbindung",
    "Innovationsfähigkeit",
    "Anwendungsberatung",
    "Servicevereinbarung",
    "Wettbewerbsbeobachtung",
]
ADJECTIVES = [
    "strategische",
    "messbare",
    "verbindliche",
    "langfristige",
    "kundenspezifische",
    "transparente",
    "abgestimmte",
    "belastbare",
    "schrittweise",
    "regelmäßige",
    "zentrale",
    "gemeinsame",
]
KPIS = [
    "Umsatz mit Key Accounts",
    "Deckungsbeitrag III",
    "Share of Wallet",
    "Net Promoter Score",
    "Kundenbindungsrate",
    "Angebotserfolgsquote",
    "Liefertreue",
    "Reaktionszeit auf Anfragen",
    "Preisrealisierung",
    "Forderungslaufzeit",
]
INDUSTRIES = [
    "Chemie",
    "Wasserwirtschaft",
    "Lebensmittelindustrie",
    "Papierindustrie",
    "Pharma",
    "Energie",
    "Automobilzulieferer",
    "Anlagenbau",
    "Kommunale Versorger",
    "Bergbau",
]
HEADINGS = [
    "Ausgangslage",
    "Ziele und Kennzahlen",
    "Vorgehen",
    "Verantwortlichkeiten",
    "Zusammenarbeit mit dem Kunden",
    "Risiken und Gegenmaßnahmen",
    "Nächste Schritte",
    "Erfahrungen aus dem Pilot",
    "Werkzeuge und Daten",
    "Abgrenzung zu anderen Funktionen",
    "Internationale Abstimmung",
    "Qualitätssicherung",
    "Beispiele",
    "Häufige Fragen",
    "Checkliste",
    "Eskalationswege",
    "Berichtswesen",
    "Schulung und Entwicklung",
]
CHAPTER_TOPICS = [
    "Leitbild",
    "Kundenauswahl",
    "Account-Planung",
    "Buying Center",
    "Wertangebot",
    "Preisstrategie",
    "Rahmenverträge",
    "Quartalsreview",
    "Eskalation",
    "Service",
    "Innovation",
    "Kennzahlen",
    "CRM",
    "Zusammenarbeit",
    "International",
    "Ausschreibungen",
    "Verhandlung",
    "Onboarding",
    "Controlling",
    "Wettbewerb",
    "Kundenbesuche",
    "Reklamationen",
    "Ersatzteile",
    "Nachhaltigkeit",
]
COMPONENTS = [
    "kpi_table",
    "kpi_chart",
    "readiness_chart",
    "action_list",
    "gantt",
    "task_table",
    "org_chart",
    "raci",
    "competency_profile",
    "team_heatmap",
    "portfolio",
    "account_table",
    "budget_table",
    "swot",
]


def _number(rng: random.Random) -> str:
    """Return a German-formatted number or percentage."""
    kind = rng.randrange(3)
    if kind == 0:
        return f"{rng.randint(2, 40)} %"
    if kind == 1:
        return f"{rng.randint(2, 12)} Wochen"
    return f"{rng.randint(1, 95) * 10_000:,} EUR".replace(",", ".")


def _lower_article(subject: str) -> str:
    """Lower-case only the leading article so German nouns keep their capital."""
    return subject[0].lower() + subject[1:]


def sentence(rng: random.Random) -> str:
    """Return one sentence of KAM prose."""
    kind = rng.randrange(7)
    if kind == 0:
        text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ADVERBIALS)}"
    elif kind == 1:
        text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}, {rng.choice(REASONS)}"
    elif kind == 2:
        text = (
            f"Die {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} ist für Kunden aus der Branche "
            f"{rng.choice(INDUSTRIES)} ein zentrales Thema"
        )
    elif kind == 3:
        text = (
            f"Im letzten Geschäftsjahr lag die Kennzahl *{rng.choice(KPIS)}* bei {_number(rng)}, "
            f"das Ziel für das kommende Jahr liegt bei {_number(rng)}"
        )
    elif kind == 4:
        text = f"**Wichtig:** {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ADVERBIALS)}"
    elif kind == 5:
        text = (
            f"Erfahrungsgemäß verbessert eine {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} "
            f"die {rng.choice(NOUNS)} deutlich, {rng.choice(REASONS)}"
        )
    else:
        text = (
            f"Für die {rng.choice(NOUNS)} rechnen wir mit einem Aufwand von {_number(rng)}; "
            f"{_lower_article(rng.choice(SUBJECTS))} {rng.choice(VERBS)} dazu {rng.choice(OBJECTS)}"
        )
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    """Return a paragraph of ``sentences`` sentences."""
    return " ".join(sentence(rng) for _ in range(sentences))


def bullet_list(rng: random.Random, ordered: bool) -> str:
    """Return a Markdown list of 3–6 items."""
    items = []
    for index in range(rng.randint(3, 6)):
        marker = f"{index + 1}." if ordered else "-"
        item = f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)}: {rng.choice(ADVERBIALS)}"
        items.append(f"{marker} {item}")
    return "\n".join(items)


def table(rng: random.Random) -> str:
    """Return a Markdown (pipe) table of KPIs or responsibilities."""
    if rng.random() < 0.5:
        rows = ["| Kennzahl | Ausgangswert | Ziel | Verantwortlich |", "|---|---:|---:|---|"]
        for kpi in rng.sample(KPIS, rng.randint(3, 6)):
            rows.append(f"| {kpi} | {_number(rng)} | {_number(rng)} | {rng.choice(SUBJECTS)} |")
    else:
        rows = ["| Aufgabe | KAM | Innendienst | Außendienst | Marketing |", "|---|:-:|:-:|:-:|:-:|"]
        for noun in rng.sample(NOUNS, rng.randint(3, 6)):
            letters = ["A", *rng.sample(["R", "C", "I", "R"], 3)]
            rng.shuffle(letters)
            rows.append(f"| {noun} | " + " | ".join(letters) + " |")
    return "\n".join(rows)


def chapter_body(rng: random.Random, words: int, component: str | None = None) -> str:
    """Return a chapter body of roughly ``words`` words with headings, lists and tables."""
    blocks = [paragraph(rng, rng.randint(3, 5))]
    count = len(blocks[0].split())
    headings = rng.sample(HEADINGS, len(HEADINGS))
    section = 0
    while count < words:
        heading = headings[section % len(headings)]
        section += 1
        blocks.append(f"## {heading}")
        for _ in range(rng.randint(1, 3)):
            roll = rng.random()
            if roll < 0.55:
                block = paragraph(rng, rng.randint(3, 6))
            elif roll < 0.7:
                block = bullet_list(rng, ordered=False)
            elif roll < 0.8:
                block = bullet_list(rng, ordered=True)
            elif roll < 0.9:
                block = table(rng)
            elif roll < 0.95:
                block = "> " + sentence(rng)
            else:
                block = f"### {rng.choice(NOUNS)}\n\n" + paragraph(rng, rng.randint(2, 4))
            blocks.append(block)
            count += len(block.split())
            if count >= words:
                break
        if component is not None and section == 1:
            # A paragraph holding only the placeholder embeds a generated component.
            blocks.append(f"{{{{< {component} >}}}}")
    return "\n\n".join(blocks) + "\n"
