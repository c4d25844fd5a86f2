"""One term per concept: what the examples build (site, PDF text, report) and the label files use one word each.

The synonyms that drifted in before are pinned here as forbidden, with the term to use instead:
the competency fit is "Profilerfüllung" / "profile fit" everywhere, posts are "VZÄ" in German and
"FTE" in English, a local unit is a "Niederlassung oder Kooperationspartner" as the seed document
says, a KPI on its plan path is "auf Kurs". The German example also must not fall back to English
terms, nor the English example to German ones or to translated German ("Delineation of tasks").
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kamdocs.analysis import analyse
from kamdocs.analysis.audience import make_view
from kamdocs.build import build_project
from kamdocs.load import load_playbook
from kamdocs.render.i18n import Catalogue
from kamdocs.render.print_html import PrintBuilder, page_id
from kamdocs.render.theme import Theme
from kamdocs.report import run_report
from kamdocs.resources import PACKAGE_DIR, example_dir
from kamdocs.site.assemble import assemble

MESSAGES = PACKAGE_DIR / "render" / "messages"

# pattern → the term to use instead (shown when the test fails)
FORBIDDEN: dict[str, dict[str, str]] = {
    "de": {
        r"\bPassung": "Profilerfüllung",
        r"Eignung\s*%": "Profilerfüllung",
        r"Erfüllungsgrad": "Profilerfüllung (Kompetenzen) oder Reifegrad (Voraussetzungen)",
        r"Landesgesellschaft": "Niederlassung oder Kooperationspartner",
        r"\bim Plan\b": "auf Kurs (Kennzahl) oder im Zeitplan (Aufgabe)",
        r"\bFTE\b": "VZÄ",
        r"\bKPIs?\b": "Kennzahl",
        r"Prognose-Ende|Prognose Ende|Prognose Planende": "Planende (Prognose)",
        r"Soll-Profil|Soll-Niveau": "Anforderungsprofil / Soll",
        r"\bStand:": "Stichtag: (der Stichtag as_of)",
        r"eingeschränkt \(mit personenbezogenen": "vertraulich",
        r"\bFit\b|\bprofile fit\b": "Profilerfüllung",
        r"Interne Fassung|Fassung für den Kunden|vertraulichen Fassung": "Ausgabe",
        r"Schlüsselkunde": "Key Account",
        r"Reifegrad der Organisation \(|Kompetenzen \(Schritt": "Reifegrad (Schritt 1), Kompetenzprofile (Schritt 3)",
    },
    "en": {
        r"VZÄ|Vollzeit": "FTE",
        r"Passung|Profilerfüllung|Eignung": "profile fit / suitability",
        r"Landesgesellschaft|[Ll]ocal unit": "branch or partner",
        r"[Dd]elineation": "who does what / division of tasks",
        r"[Oo]bject-oriented": "organised by customer",
        r"[Ll]one fighters?": "individual performers",
        r"\b[ABC] accounts?\b": "A-account",
        r"\bMeet it\b|>meet<": "at required level",
        r"[Dd]egree of fulfil?ment": "readiness",
        r"restricted edition": "confidential edition",
        r"\bauf Kurs\b|\bim Plan\b|\bStichtag\b": "on track / as of",
        r"Customer attractiveness": "account attractiveness",
        r"[Ss]tocktaking": "baseline review",
        r"[Pp]eople development": "HR development",
        r"\bkey customers\b": "key accounts",
        r"Playbook contents|management playbook": "handbook",
        r"Competencies \(step": "Competency profiles (step 3)",
        r"Readiness overall": "Overall readiness",
    },
}


@dataclass(frozen=True)
class Output:
    """The readable text of one output file of an example."""

    name: str
    text: str


_TAG = re.compile(r"<[^>]+>")
_SCRIPT_STYLE = re.compile(r"<(style|script)\b[^>]*>.*?</\1>", re.S)


def readable(markup: str) -> str:
    """Return the words a reader sees: no tags, attributes, CSS or scripts; entities decoded."""
    return html.unescape(_TAG.sub(" ", _SCRIPT_STYLE.sub(" ", markup)))


def _copy_example(lang: str, target: Path) -> Path:
    source = example_dir(lang)
    target.mkdir(parents=True)
    shutil.copy(source / "kamdocs.yaml", target / "kamdocs.yaml")
    shutil.copytree(source / "data", target / "data")
    shutil.copytree(source / "content", target / "content")
    return target


def _print_html(root: Path, audience: str) -> str:
    playbook, _ = load_playbook(root)
    theme = Theme.for_project(root, playbook.config.theme)
    view = make_view(playbook, analyse(playbook), audience)  # type: ignore[arg-type]
    site = assemble(view, Catalogue(playbook.config.language, theme.message_dirs()))
    return PrintBuilder(site, theme).handbook_html()


@dataclass(frozen=True)
class Example:
    """Everything one example builds, as text."""

    lang: str
    root: Path
    site: Path
    outputs: tuple[Output, ...]
    print_html: str
    report: str


@pytest.fixture(scope="module", params=["de", "en"])
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Example:
    lang: str = request.param
    base = tmp_path_factory.mktemp(f"terms-{lang}")
    root = _copy_example(lang, base / "playbook")
    outputs: list[Output] = []
    site = base / "site-internal"
    for audience in ("internal", "restricted"):
        out = base / f"site-{audience}"
        build_project(root, formats="html", audience=audience, out=out)
        for path in sorted(out.rglob("*")):
            if path.suffix in (".html", ".js") and "_static/js" not in path.as_posix():
                outputs.append(Output(f"{audience}/{path.relative_to(out)}", readable(path.read_text("utf-8"))))
    restricted_print = _print_html(root, "restricted")
    outputs.append(Output("PDF (print HTML, restricted)", readable(restricted_print)))
    report = run_report(root, audience="internal", as_json=False)
    outputs.append(Output("report (internal)", report))
    outputs.append(Output("report (restricted)", run_report(root, audience="restricted", as_json=False)))
    return Example(lang, root, site, tuple(outputs), _print_html(root, "internal"), report)


def _hits(lang: str, text: str) -> Iterator[str]:
    for pattern, instead in FORBIDDEN[lang].items():
        for found in re.finditer(pattern, text):
            start = max(found.start() - 40, 0)
            context = " ".join(text[start : found.end() + 40].split())
            yield f"{found.group(0)!r} (write {instead!r}) in …{context}…"


def test_no_forbidden_synonym_in_any_output(example: Example) -> None:
    problems = [f"{o.name}: {hit}" for o in example.outputs for hit in _hits(example.lang, o.text)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_forbidden_synonym_in_the_label_files(lang: str) -> None:
    problems = []
    for path in sorted(MESSAGES.glob(f"{lang}*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith("#") or ":" not in line:
                continue
            value = line.partition(":")[2]
            problems += [f"{path.name}:{number}: {hit}" for hit in _hits(lang, value)]
    assert not problems, "\n".join(problems)


def test_the_chosen_terms_are_what_the_outputs_say(example: Example) -> None:
    texts = {o.name: o.text for o in example.outputs}
    if example.lang == "de":
        expected = {
            "report (restricted)": ["Profilerfüllung", "Stellen (VZÄ)", "Reifegrad", "Strategie"],
            "restricted/competencies.html": ["Profilerfüllung"],
            "internal/organisation.html": ["Niederlassung oder Kooperationspartner"],
            "internal/goals.html": ["Stellen (VZÄ)", "auf Kurs"],
        }
    else:
        expected = {
            "report (restricted)": ["Profile fit", "FTE", "Readiness", "Strategy"],
            "restricted/competencies.html": ["Profile fit", "At required level"],
            "internal/organisation.html": ["Branch or partner"],
            "internal/goals.html": ["FTE", "on track"],
        }
    missing = [f"{name}: {term}" for name, terms in expected.items() for term in terms if term not in texts[name]]
    assert not missing, missing


_CARD = re.compile(r'<a class="card-link" href="([^"]+)">\s*<span class="card-number">([^<]*)</span>')
_TOC = re.compile(r'<li class="toc-chapter"><a href="#([^"]+)"><span class="toc-number">([^<]+)</span>')


def test_home_cards_carry_the_chapter_numbers_of_the_pdf(example: Example) -> None:
    home = (example.site / "index.html").read_text(encoding="utf-8")
    cards = {page_id(url): number for url, number in _CARD.findall(home)}
    toc = dict(_TOC.findall(example.print_html))
    assert len(cards) >= 10 and toc
    assert cards == {pid: number for pid, number in toc.items() if pid in cards}
    assert set(cards) <= set(toc), "every card is a chapter of the PDF"


def test_report_names_things_by_their_titles_not_their_ids(example: Example) -> None:
    playbook, _ = load_playbook(example.root)
    analysis = analyse(playbook)
    assert playbook.goals is not None and analysis.schedule is not None
    text = example.report
    titles = {t.id: t.title for t in analysis.schedule.tasks}
    path = " → ".join(titles[i] for i in analysis.schedule.critical_path)
    assert path.split(" → ")[0] in text and " ".join(path.split()) in " ".join(text.split())
    for goal in playbook.goals.goals:
        assert goal.title[:20] in text, goal.title
    ids = [*titles, *(a.id for a in playbook.accounts), *(g.id for g in playbook.goals.goals)]
    ids += [c.id for c in playbook.competencies.competencies] if playbook.competencies else []
    restricted = next(o.text for o in example.outputs if o.name == "report (restricted)")
    # An id that is also an ordinary word ("pilot") may stand in a title; a compound id may not.
    leaked = sorted({i for i in ids if re.search(r"[_-]", i) and re.search(rf"\b{re.escape(i)}\b", text + restricted)})
    assert not leaked, leaked
    reviews = text.split("Nächste Reviews" if example.lang == "de" else "Next reviews")[1]
    assert ("überfällig" if example.lang == "de" else "overdue") in reviews.splitlines()[3]


def test_no_forbidden_synonym_in_the_workbook(example: Example) -> None:
    from kamdocs.excel.export import build_workbook

    playbook, _ = load_playbook(example.root)
    workbook = build_workbook(playbook, "restricted")
    texts: list[tuple[str, str]] = []
    for sheet in workbook.worksheets:
        texts.append((sheet.title, sheet.title))
        for row in sheet.iter_rows():
            texts += [(f"{sheet.title}!{c.coordinate}", c.value) for c in row if isinstance(c.value, str)]
        for rule in sheet.data_validations.dataValidation:
            texts += [(f"{sheet.title} drop-down", t) for t in (rule.formula1, rule.prompt, rule.error) if t]
    assert any("Profilerfüllung" in t or "fit" in t.lower() for _, t in texts), "the workbook names the profile fit"
    shown = [(where, text) for where, text in texts if not text.startswith("=")]  # formulas are no words
    problems = [f"{where}: {hit}" for where, text in shown for hit in _hits(example.lang, text)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_workbook_drop_downs_use_the_site_words(lang: str) -> None:
    from kamdocs.excel.choices import CHOICES

    labels = Catalogue(lang)
    site_keys = {"task_status": "site.task_status", "direction": "site.direction", "point_kind": "site.kpi_point"}
    for choices, prefix in site_keys.items():
        for code, shown in CHOICES[choices][lang].items():  # type: ignore[index]
            assert shown == labels(f"{prefix}.{code}"), (choices, code)
