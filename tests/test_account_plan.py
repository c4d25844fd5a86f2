"""The complete account plan (format v2): sections in order, contacts privacy, the customer version."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.analysis import analyse
from kamdocs.analysis.audience import make_view
from kamdocs.build import build_project
from kamdocs.cli import main
from kamdocs.errors import KamdocsError
from kamdocs.load import load_playbook
from kamdocs.model import OutputAudience
from kamdocs.render.i18n import Catalogue
from kamdocs.render.print_html import PrintBuilder
from kamdocs.render.theme import Theme
from kamdocs.site.assemble import assemble
from kamdocs.site.catalogue import PAGES
from kamdocs.site.model import Site
from tests import account_plans as ap

SECTION_ORDER = list(PAGES["account"].sections)
"""The account plan's sections in their order: the catalogue's, the one list the page, the PDF and the docs follow."""


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html)).replace("\xa0", " ").replace("\u202f", " ")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ap.write_account_project(tmp_path_factory.mktemp("plans") / "p", v1=True)


def _site(root: Path, audience: OutputAudience, account: str | None = None) -> tuple[Site, Theme]:
    playbook, _ = load_playbook(root)
    theme = Theme.for_project(root, playbook.config.theme)
    view = make_view(playbook, analyse(playbook), audience, account)
    return assemble(view, Catalogue(playbook.config.language, theme.message_dirs())), theme


@pytest.fixture(scope="module")
def internal(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("internal")
    build_project(project, formats="html", out=out)
    return out


@pytest.fixture(scope="module")
def restricted(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("restricted")
    build_project(project, formats="html", audience="restricted", out=out)
    return out


def test_sections_in_the_order_of_the_account_plan(project: Path) -> None:
    site, _ = _site(project, "restricted")
    page = next(p for p in site.pages if p.kind == "account" and p.key == "acme")
    assert [s.partial for s in page.sections] == SECTION_ORDER
    assert SECTION_ORDER[0] == "account_summary" and SECTION_ORDER[-1] == "account_reviews"  # issue 13's order


def test_the_account_plan_pdf_has_the_sections_in_the_same_order(project: Path) -> None:
    site, theme = _site(project, "restricted")
    html = PrintBuilder(site, theme).account_html("acme")
    printed = re.findall(r'<section class="section section-(account_[a-z_]+)"', html)
    assert printed == SECTION_ORDER


def test_every_field_appears_on_the_restricted_page(restricted: Path) -> None:
    html = (restricted / "accounts/acme.html").read_text(encoding="utf-8")
    text = _text(html)
    for canary in (
        ap.STRATEGY, ap.CUSTOMER_COMPETITOR, ap.SUPPLIER, ap.STRENGTH, ap.WEAKNESS, ap.OPPORTUNITY, ap.THREAT,
        ap.VALUE, ap.REVIEW_SUMMARY, ap.DECISION, ap.CONTACT_NAME, ap.COUNTERPART, "Dr. Sponsorcanary",
        "Teamcanary Innen", "Dr. Freigabe", "Kundenzielcanary", "Herausforderungcanary", "Marktcanary Nummer zwei",
        "Aktioncanary Pilot", "Rahmenvertragcanary", "Missioncanary",
    ):  # fmt: skip
        assert canary in text, canary
    assert "Karla KAM" in text  # the KAM by name, the candidate id resolved
    assert 'class="kd-chart kd-chart--relationship-map"' in html
    assert 'class="kd-chart kd-chart--account-financials"' in html
    # goals computed like KPIs: (4.5 − 4.0) / (5.0 − 4.0) = 50 %, and a v1 goal without status
    assert "50,0 %" in text and "+15 %" in text
    # next review: the latest review (2027-01-20) has no 'next', so + 91 days
    assert "21.04.2027" in text
    # contribution margin of the latest year that has one
    assert "730.000" in text or "0,73 Mio" in text


def test_internal_pages_and_search_index_hold_no_contact_name_or_attitude(internal: Path) -> None:
    html = (internal / "accounts/acme.html").read_text(encoding="utf-8")
    text = _text(html)
    assert ap.CONTACT_FUNCTION in text  # function and role stay
    assert "Entscheider" in text
    for secret in (ap.CONTACT_NAME, ap.ATTITUDE_CONTACT, ap.COUNTERPART, "Gegner", "Unterstützer"):
        assert secret not in text, secret
    assert "relationship-map" not in html
    index = (internal / "_static/search-index.js").read_text(encoding="utf-8")
    for secret in (ap.CONTACT_NAME, ap.ATTITUDE_CONTACT, ap.COUNTERPART):
        assert secret not in json.dumps(index, ensure_ascii=False) and secret not in index
    for path in internal.rglob("*.html"):
        assert ap.CONTACT_NAME not in path.read_text(encoding="utf-8"), path


def test_publish_contacts_shows_names_internally_without_the_map(tmp_path: Path) -> None:
    root = ap.write_account_project(tmp_path / "p", publish_contacts=True)
    site, _ = _site(root, "internal")
    page = next(p for p in site.pages if p.kind == "account" and p.key == "acme")
    contacts = next(s for s in page.sections if s.partial == "account_contacts").data
    assert contacts.names and not contacts.relationship_map  # type: ignore[attr-defined]
    assert contacts.contacts[0].name == ap.CONTACT_NAME  # type: ignore[attr-defined]


def test_an_account_without_v2_fields_renders_as_before(internal: Path) -> None:
    html = (internal / "accounts/plain.html").read_text(encoding="utf-8")
    text = _text(html)
    for shown in ("Eine v1-Mission", "Ein v1-Ziel", "+10 %", "Eine v1-Aktion", "Einkauf", "50,0 %"):
        assert shown in text, shown
    for absent in ("Der Kunde", "Unsere Position", "Finanzen", "Reviews", "Nächstes Review", "Vera Eins"):
        assert absent not in text, absent


def test_customer_print_html_holds_none_of_the_excluded_items(project: Path) -> None:
    site, theme = _site(project, "customer", "acme")
    html = PrintBuilder(site, theme).account_html("acme")
    for excluded in (
        ap.OTHER_ACCOUNT, "Zweitkunde", ap.CANDIDATE, ap.WEAKNESS, ap.THREAT, ap.CONTACT_NAME, ap.ATTITUDE_CONTACT,
        ap.SUPPLIER, ap.CUSTOMER_COMPETITOR, "Plain Old", "Gegner", "Unterstützer",
        "Lieferanteil", "Fragezeichen", "selektiv", "Portfolio", "Attraktivität", "Deckungsbeitrag", "730.000",
        "kd-chart--portfolio", "relationship-map", "Interne Ausgabe",
    ):  # fmt: skip
        assert excluded not in html, excluded
    text = _text(html)
    for shown in (
        ap.STRENGTH, ap.OPPORTUNITY, ap.VALUE, ap.REVIEW_SUMMARY, ap.DECISION, ap.STRATEGY, "Rahmenvertragcanary",
        "Aktioncanary Pilot", "Missioncanary", "Karla KAM", "Dr. Sponsorcanary", "Erstellt für ACME Canary AG",
        "Ausgabe für den Kunden",
    ):  # fmt: skip
        assert shown in text, shown


def test_customer_view_is_one_account_and_no_candidates(project: Path) -> None:
    playbook, _ = load_playbook(project)
    view = make_view(playbook, analyse(playbook), "customer", "acme")
    assert [a.id for a in view.playbook.accounts] == ["acme"]
    assert view.playbook.candidates is None and view.playbook.chapters == ()
    assert view.playbook.company.mission.agreed_with == ()
    assert view.analysis.kpis is None and view.analysis.competencies is None
    account = view.playbook.accounts[0]
    assert account.kam == "Karla KAM" and account.contacts == () and account.revenue is None
    with pytest.raises(KamdocsError, match="no key account 'nope'"):
        make_view(playbook, analyse(playbook), "customer", "nope")


def test_customer_without_account_is_a_usage_error(project: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(project), "--audience", "customer"])
    assert result.exit_code == 2
    assert "--account" in result.output


def test_customer_builds_only_the_pdf(project: Path, tmp_path: Path) -> None:
    with pytest.raises(KamdocsError, match="--format pdf"):
        build_project(project, formats="html", audience="customer", account="acme", out=tmp_path / "o")


def test_overview_lists_overdue_reviews_first_with_a_filter(tmp_path: Path) -> None:
    root = ap.write_account_project(tmp_path / "p", v1=True)
    (root / "data/accounts/other.yaml").write_text(
        ap.OTHER + "kam: Otto Zweit\nplan: {start: 2026-06-01, review_every_days: 30}\n", encoding="utf-8"
    )
    site, _ = _site(root, "internal")
    overview = next(p for p in site.pages if p.kind == "accounts")
    table = next(s for s in overview.sections if s.partial == "account_table").data
    rows = table.rows  # type: ignore[attr-defined]
    assert [r.id for r in rows] == ["other", "acme", "plain"]  # overdue first, then by next review
    assert rows[0].review_overdue and rows[1].next_review.isoformat() == "2027-04-21"
    assert rows[1].goal_status == {"on_track": 1, "no_data": 1}
    assert table.kams == ("Karla KAM", "Otto Zweit")  # type: ignore[attr-defined]
    out = tmp_path / "site"
    build_project(root, formats="html", out=out)
    html = (out / "accounts/index.html").read_text(encoding="utf-8")
    assert "data-account-filter" in html and 'data-kam="Otto Zweit"' in html
    assert '<script src="../_static/js/accounts.js" defer></script>' in html
    assert (out / "_static/js/accounts.js").is_file()


@pytest.mark.slow
def test_customer_pdf_holds_none_of_the_excluded_items(project: Path, tmp_path: Path) -> None:
    import pypdf

    out = tmp_path / "kunde"
    args = ["build", str(project), "--account", "acme", "--audience", "customer", "--format", "pdf", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["acme-kunde.pdf"]
    reader = pypdf.PdfReader(out / "acme-kunde.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    outline = json.dumps([str(item) for item in reader.outline], ensure_ascii=False)
    for where in (text, meta, outline):
        for excluded in (
            ap.OTHER_ACCOUNT, "Zweitkunde", ap.CANDIDATE, ap.WEAKNESS, ap.THREAT, ap.CONTACT_NAME,
            ap.ATTITUDE_CONTACT, ap.SUPPLIER, ap.CUSTOMER_COMPETITOR, "Plain Old", "Gegner", "Lieferanteil",
        ):  # fmt: skip
            assert excluded not in where, excluded
    flat = " ".join(text.split())
    for shown in (ap.VALUE, ap.REVIEW_SUMMARY, "Rahmenvertragcanary", "Erstellt für ACME Canary AG"):
        assert " ".join(shown.split()) in flat, shown
