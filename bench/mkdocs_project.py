"""Turn a kamdocs playbook into an MkDocs (Material) project with the same page count: the baseline.

Pages: home, goals, organisation, readiness, tasks, competencies, an accounts index, one page per
account and per candidate, and every prose chapter (front matter removed, title as ``# heading``,
component placeholders dropped because MkDocs has no equivalent).
Usage: ``python bench/mkdocs_project.py PLAYBOOK_DIR OUT_DIR``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

_COMPONENT = re.compile(r"^\{\{<.*>\}\}\s*$", re.MULTILINE)


def _load(path: Path) -> Any:
    """Return the YAML data of ``path`` or an empty dict when it is missing."""
    if not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _cell(value: Any) -> str:
    """Return a value fit for a Markdown table cell."""
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[Any]]) -> str:
    """Return a Markdown pipe table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _account_page(account: dict[str, Any]) -> str:
    """Return the Markdown page of one key account."""
    parts = [
        f"# {account.get('name', account.get('id'))}\n",
        _table(
            ["Feld", "Wert"],
            [[k, account.get(k)] for k in ("industry", "country", "kam", "classification", "revenue", "potential")],
        ),
        f"## Mission\n\n{account.get('mission', '')}\n",
    ]
    for key, title in (("attractiveness", "Attraktivität"), ("position", "Position")):
        rows = [[c.get("criterion"), c.get("weight", 1), c.get("score")] for c in account.get(key, [])]
        parts.append(f"## {title}\n\n" + _table(["Kriterium", "Gewicht", "Bewertung"], rows))
    parts.append(
        "## Ziele\n\n"
        + _table(
            ["Ziel", "KPI", "Ziel", "Fällig"],
            [[g.get("title"), g.get("kpi"), g.get("target"), g.get("due")] for g in account.get("goals", [])],
        )
    )
    parts.append(
        "## Kontakte\n\n"
        + _table(
            ["Name", "Funktion", "Rolle", "Haltung"],
            [[c.get("name"), c.get("function"), c.get("role"), c.get("attitude")] for c in account.get("contacts", [])],
        )
    )
    parts.append(
        "## Maßnahmen\n\n"
        + _table(
            ["Maßnahme", "Verantwortlich", "Fällig", "Status"],
            [[a.get("title"), a.get("owner"), a.get("due"), a.get("status")] for a in account.get("actions", [])],
        )
    )
    return "\n".join(parts)


def _candidate_page(candidate: dict[str, Any]) -> str:
    """Return the Markdown page of one candidate."""
    ratings = candidate.get("ratings", {}) or {}
    parts = [
        f"# {candidate.get('name', candidate.get('id'))}\n",
        f"Rolle: {candidate.get('role', '')}, bewertet am {candidate.get('assessed_on', '')}.\n",
        "## Bewertungen\n\n" + _table(["Kompetenz", "Bewertung"], [[k, v] for k, v in sorted(ratings.items())]),
        "## Entwicklung\n\n"
        + _table(
            ["Kompetenz", "Maßnahme", "Fällig", "Status"],
            [
                [d.get("competency"), d.get("measure"), d.get("due"), d.get("status")]
                for d in candidate.get("development", [])
            ],
        ),
    ]
    return "\n".join(parts)


def _section_pages(data: Path) -> dict[str, str]:
    """Return the pages that stand for kamdocs' generated sections."""
    company = _load(data / "company.yaml")
    goals = _load(data / "goals.yaml")
    budget = _load(data / "budget.yaml")
    org = _load(data / "organisation.yaml")
    readiness = _load(data / "readiness.yaml")
    tasks = _load(data / "tasks.yaml")
    comps = _load(data / "competencies.yaml")
    mission = (company.get("mission") or {}).get("statement", "")
    kpis = [
        [k.get("name"), k.get("unit"), k.get("baseline"), k.get("target"), k.get("actual")]
        for g in goals.get("goals", [])
        for k in g.get("kpis", [])
    ]
    raci_roles = [r.get("id") for r in org.get("roles", [])]
    return {
        "index.md": f"# {company.get('name', 'Playbook')}\n\n{mission}\n",
        "goals.md": "# Ziele und Rahmen\n\n"
        + _table(["KPI", "Einheit", "Ausgang", "Ziel", "Ist"], kpis)
        + "\n## Budget\n\n"
        + _table(
            ["Kategorie", "Jahr", "Betrag"],
            [[i.get("category"), i.get("year"), i.get("amount")] for i in budget.get("items", [])],
        ),
        "organisation.md": "# Organisation\n\n"
        + _table(
            ["Aktivität", *raci_roles],
            [
                [r.get("activity"), *[(r.get("raci") or {}).get(x, "") for x in raci_roles]]
                for r in org.get("responsibilities", [])
            ],
        ),
        "readiness.md": "# Reifegrad\n\n"
        + "\n".join(
            f"## {a.get('title')}\n\n"
            + _table(
                ["Aussage", "Gewicht", "Ist", "Ziel"],
                [
                    [c.get("statement"), c.get("weight", 1), c.get("score"), c.get("target")]
                    for c in a.get("criteria", [])
                ],
            )
            for a in readiness.get("areas", [])
        ),
        "tasks.md": "# Aufgabenplan\n\n"
        + _table(
            ["Aufgabe", "Phase", "Verantwortlich", "Start", "Ende", "Status"],
            [
                [
                    t.get("title"),
                    t.get("phase"),
                    t.get("owner"),
                    t.get("start"),
                    t.get("due", t.get("duration_days")),
                    t.get("status"),
                ]
                for t in tasks.get("tasks", [])
            ],
        ),
        "competencies.md": "# Kompetenzprofil\n\n"
        + _table(
            ["Kompetenz", "Gruppe", "Gewicht", "Soll"],
            [
                [c.get("name"), c.get("group"), c.get("weight", 1), c.get("required")]
                for c in comps.get("competencies", [])
            ],
        ),
    }


def make_mkdocs_project(playbook: Path, out: Path) -> int:
    """Write the MkDocs project for ``playbook`` into ``out``; return its number of pages."""
    docs = out / "docs"
    (docs / "accounts").mkdir(parents=True, exist_ok=True)
    (docs / "candidates").mkdir(parents=True, exist_ok=True)
    (docs / "chapters").mkdir(parents=True, exist_ok=True)
    data = playbook / "data"
    pages = _section_pages(data)
    accounts = [_load(p) for p in sorted((data / "accounts").glob("*.yaml"))]
    pages["accounts/index.md"] = "# Key Accounts\n\n" + _table(
        ["Kunde", "Branche", "Klasse", "Umsatz"],
        [
            [f"[{a.get('name')}]({a.get('id')}.md)", a.get("industry"), a.get("classification"), a.get("revenue")]
            for a in accounts
        ],
    )
    for account in accounts:
        pages[f"accounts/{account.get('id')}.md"] = _account_page(account)
    for candidate in _load(data / "candidates.yaml").get("candidates", []):
        pages[f"candidates/{candidate.get('id')}.md"] = _candidate_page(candidate)
    for path in sorted((playbook / "content").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        title, body = path.stem, text
        if text.startswith("---\n"):
            front, _, body = text[4:].partition("\n---\n")
            title = (yaml.safe_load(front) or {}).get("title", title)
        pages[f"chapters/{path.stem}.md"] = f"# {title}\n\n" + _COMPONENT.sub("", body)
    for rel, text in pages.items():
        (docs / rel).write_text(text, encoding="utf-8")
    config = {
        "site_name": "KAM-Handbuch (MkDocs-Vergleich)",
        "theme": {"name": "material", "language": "de"},
        "plugins": ["search"],
        "markdown_extensions": ["tables", "toc"],
    }
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(pages)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python bench/mkdocs_project.py PLAYBOOK_DIR OUT_DIR")
    count = make_mkdocs_project(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {count} pages to {sys.argv[2]}")
