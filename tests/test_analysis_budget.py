"""Budget totals and FTE (docs/formulas.md)."""

from __future__ import annotations

from kamdocs.analysis.budget import analyse_budget
from kamdocs.model import Budget, BudgetItem, Resource


def test_totals_hand_computed() -> None:
    budget = Budget(
        items=(
            BudgetItem(category="Personal", year=2028, amount=300_000),
            BudgetItem(category="Schulung", year=2027, amount=40_000),
            BudgetItem(category="Personal", year=2027, amount=250_000),
            BudgetItem(category="CRM", year=2027, amount=0),
            BudgetItem(category="Schulung", year=2028, amount=20_000.5),
        ),
        resources=(
            Resource(role="KAM", year=2028, fte=3.0),
            Resource(role="KAM", year=2027, fte=0.1),
            Resource(role="Innendienst", year=2027, fte=0.2),
        ),
    )
    result = analyse_budget(budget)
    assert result.total == 610_000.5
    assert result.by_year == {2027: 290_000.0, 2028: 320_000.5}
    assert list(result.by_year) == [2027, 2028]  # years ascending
    assert result.by_category == {"Personal": 550_000.0, "Schulung": 60_000.5, "CRM": 0.0}
    assert list(result.by_category) == ["Personal", "Schulung", "CRM"]  # first appearance in the file
    assert result.fte_by_year == {2027: 0.3, 2028: 3.0}  # exact: 0.1 + 0.2 is 0.3
    assert list(result.fte_by_year) == [2027, 2028]


def test_empty_budget() -> None:
    result = analyse_budget(Budget())
    assert (result.total, result.by_year, result.by_category, result.fte_by_year) == (0.0, {}, {}, {})
