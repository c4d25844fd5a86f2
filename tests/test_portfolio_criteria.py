"""One portfolio model (docs/formats.md#dataportfolioyaml, docs/formulas.md#account-portfolio)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamdocs.analysis.engine import analyse
from kamdocs.analysis.portfolio import analyse_portfolio
from kamdocs.errors import Severity
from kamdocs.load import load_project
from kamdocs.model import Account, PortfolioCriteria
from tests.conftest import MakeProject

PORTFOLIO = """
threshold: 6
attractiveness: [{id: growth, criterion: Wachstum, weight: 2}, {id: volume, criterion: Volumen, weight: 1}]
position: [{id: share, criterion: Lieferanteil, weight: 1}, {id: satisfaction, criterion: Zufriedenheit, weight: 1},
           {id: relationship, criterion: Beziehung, weight: 2}]
"""
ACME = """
id: acme
name: ACME AG
scores:
  attractiveness: {growth: 8, volume: 5}
  position: {share: 5, satisfaction: 6, relationship: 6}
"""


def found(root: Path, *, notes: bool = False) -> list[str]:
    return [p.format() for p in load_project(root).problems if notes or p.severity > Severity.NOTE]


def test_worked_example_with_portfolio_yaml(make_project: MakeProject) -> None:
    root = make_project({"data/portfolio.yaml": PORTFOLIO, "data/accounts/acme.yaml": ACME})
    result = load_project(root)
    assert result.playbook is not None, result.problems
    acme = analyse(result.playbook).portfolio.accounts[0]  # type: ignore[union-attr]
    # (2·8 + 1·5)/3 = 7.0; (1·5 + 1·6 + 2·6)/4 = 5.75 < 6 → invest_selectively
    assert (acme.attractiveness, acme.position, acme.quadrant) == (7.0, 5.75, "invest_selectively")
    default = result.playbook.portfolio.model_copy(update={"threshold": 5.5})  # type: ignore[union-attr]
    assert analyse_portfolio(result.playbook.accounts, default).accounts[0].quadrant == "develop"


def test_the_threshold_is_compared_exactly() -> None:
    criteria = PortfolioCriteria.model_validate(
        {
            "threshold": 5.3,
            "attractiveness": [{"id": "a", "criterion": "A"}],
            "position": [{"id": "p", "criterion": "P"}],
        }
    )
    account = Account.model_validate(
        {"id": "x", "name": "X", "scores": {"attractiveness": {"a": 5.3}, "position": {"p": 5.29}}}
    )
    portfolio = analyse_portfolio((account,), criteria)
    assert portfolio.threshold == 5.3
    assert portfolio.accounts[0].quadrant == "invest_selectively"


def test_unknown_and_missing_criterion_ids_are_errors(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/portfolio.yaml": PORTFOLIO,
            "data/accounts/acme.yaml": """
            id: acme
            name: ACME AG
            scores:
              attractiveness: {growth: 8, volumen: 5}
              position: {share: 5, satisfaction: 6, relationship: 6}
            """,
        }
    )
    assert found(root) == [
        "data/accounts/acme.yaml:4:3: error: account 'acme' has no attractiveness score for 'volume'; "
        "data/portfolio.yaml asks every account for one score 1–10 per criterion",
        "data/accounts/acme.yaml:4:31: error: unknown attractiveness criterion 'volumen'; did you mean 'volume'?",
    ]


def test_v1_lists_are_an_error_with_portfolio_yaml(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/portfolio.yaml": PORTFOLIO,
            "data/accounts/acme.yaml": ACME + "position:\n  - {criterion: Lieferanteil, score: 4}\n",
        }
    )
    assert found(root) == [
        "data/accounts/acme.yaml:6:1: error: with data/portfolio.yaml the account is scored on its criteria "
        "under 'scores:', so the list 'position:' is not used; write 'scores: {position: {<criterion id>: "
        "<1–10>, …}}' instead",
    ]


def test_an_account_without_scores_is_an_error_with_portfolio_yaml(make_project: MakeProject) -> None:
    root = make_project({"data/portfolio.yaml": PORTFOLIO, "data/accounts/acme.yaml": "id: acme\nname: ACME AG\n"})
    assert found(root) == [
        "data/accounts/acme.yaml:1:5: error: account 'acme' has no scores; data/portfolio.yaml asks every "
        "account for one score 1–10 per criterion (attractiveness: growth, volume; position: share, "
        "satisfaction, relationship) under 'scores:'",
    ]


def test_duplicate_criterion_ids_are_errors(make_project: MakeProject) -> None:
    root = make_project(
        {"data/portfolio.yaml": "attractiveness: [{id: a, criterion: A}, {id: a, criterion: B}]\nposition: []\n"}
    )
    assert found(root) == [
        "data/portfolio.yaml:1:46: error: duplicate attractiveness criterion id 'a': already used on line 1; "
        "every attractiveness criterion needs its own id",
    ]


def test_scores_without_portfolio_yaml_are_an_error(make_project: MakeProject) -> None:
    root = make_project({"data/accounts/acme.yaml": ACME})
    assert found(root) == [
        "data/accounts/acme.yaml:3:1: error: 'scores:' refers to the criterion ids of data/portfolio.yaml, "
        "which does not exist; write that file (docs/formats.md#dataportfolioyaml), or score with the lists "
        "'attractiveness:' and 'position:'",
    ]


def v1_account(aid: str, weight: float = 1, criterion: str = "Wachstum") -> str:
    return (
        f"id: {aid}\nname: {aid.upper()}\n"
        f"attractiveness:\n  - {{criterion: {criterion}, weight: {weight}, score: 7}}\n"
        "position:\n  - {criterion: Lieferanteil, score: 4}\n"
    )


def test_v1_lists_keep_working_and_accounts_on_other_criteria_get_a_warning(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/accounts/a.yaml": v1_account("a"),
            "data/accounts/b.yaml": v1_account("b", weight=2),
            "data/accounts/c.yaml": v1_account("c"),
            "data/accounts/d.yaml": v1_account("d", criterion="Umsatz"),
        }
    )
    result = load_project(root)
    assert result.playbook is not None
    assert found(root) == [
        "data/accounts/b.yaml:3:1: warning: account 'b' scores the portfolio on other criteria or weights than "
        "'a', so their places in the portfolio matrix are not comparable; put one set of criteria and weights "
        "into data/portfolio.yaml (format v2) and score every account on it",
        "data/accounts/d.yaml:3:1: warning: account 'd' scores the portfolio on other criteria or weights than "
        "'a', so their places in the portfolio matrix are not comparable; put one set of criteria and weights "
        "into data/portfolio.yaml (format v2) and score every account on it",
    ]


def test_v1_lists_alike_get_only_the_note_naming_the_v2_form(make_project: MakeProject) -> None:
    root = make_project({"data/accounts/a.yaml": v1_account("a"), "data/accounts/b.yaml": v1_account("b")})
    problems = found(root, notes=True)
    assert [p for p in problems if "portfolio" in p] == [
        "data/accounts/a.yaml:3:1: note: the accounts score the portfolio with their own criteria lists; "
        "data/portfolio.yaml (format v2) gives every account the same criteria and weights, and each account "
        "then writes only 'scores:'",
    ]
    positions = analyse(load_project(root).playbook).portfolio.accounts  # type: ignore[arg-type, union-attr]
    assert [(p.attractiveness, p.position, p.quadrant) for p in positions] == [(7.0, 4.0, "invest_selectively")] * 2


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_examples_score_every_account_on_one_portfolio(lang: str) -> None:
    from kamdocs.resources import example_dir

    playbook = load_project(example_dir(lang)).playbook
    assert playbook is not None and playbook.portfolio is not None
    assert all(account.scores is not None and not account.attractiveness for account in playbook.accounts)
