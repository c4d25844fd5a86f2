"""Budget and resources (docs/formulas.md).

- total = the sum of all item amounts;
- by_year = the sum of the amounts per year, years ascending;
- by_category = the sum of the amounts per category, categories in the order
  they first appear in the file (the order the author chose);
- fte_by_year = the sum of the resources' FTE per year, years ascending.

Sums are exact decimals converted to float once (0.1 + 0.2 FTE is 0.3).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import TypeVar

from kamdocs.analysis.exact import exact
from kamdocs.analysis.results import BudgetResult
from kamdocs.model import Budget

K = TypeVar("K", int, str)


def _totals(pairs: Iterable[tuple[K, float]]) -> dict[K, Fraction]:
    totals: dict[K, Fraction] = {}
    for key, value in pairs:
        totals[key] = totals.get(key, Fraction(0)) + exact(value)
    return totals


def analyse_budget(budget: Budget) -> BudgetResult:
    """Sum the budget per year, per category and overall, and the FTE per year."""
    by_year = _totals((item.year, item.amount) for item in budget.items)
    by_category = _totals((item.category, item.amount) for item in budget.items)
    fte = _totals((resource.year, resource.fte) for resource in budget.resources)
    return BudgetResult(
        total=float(sum(by_year.values(), Fraction(0))),
        by_year={year: float(by_year[year]) for year in sorted(by_year)},
        by_category={name: float(value) for name, value in by_category.items()},
        fte_by_year={year: float(fte[year]) for year in sorted(fte)},
    )
