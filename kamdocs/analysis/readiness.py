"""Readiness of the organisation (step 1, docs/formulas.md).

Formulas, with ``min``/``max`` the scale's ends and ``w`` a criterion's weight:

- index of an area = ``Σ w·(score − min) / Σ w·(max − min) × 100``; None for an
  area without criteria (or a degenerate scale with ``max == min``);
- target index of an area = the same formula with each criterion's ``target``,
  its ``score`` where no target is set;
- overall = the area indices averaged with the area weights
  (``Σ W·index / Σ W``), areas whose index is None left out; None when no area
  has one; the target overall likewise from the target indices;
- priority of a criterion = ``w·(target − score)`` when ``target > score``, else 0;
- action list = the criteria with ``target > score``, ordered by priority
  descending, then by id ascending.

All sums are exact (see :mod:`kamdocs.analysis.exact`); results are unrounded floats.
"""

from __future__ import annotations

from fractions import Fraction

from kamdocs.analysis.exact import as_float, exact, ratio_percent, weighted_mean
from kamdocs.analysis.results import AreaResult, CriterionResult, ReadinessResult
from kamdocs.model import Area, Criterion, Readiness


def area_index(criteria: tuple[Criterion, ...], low: int, high: int, *, use_target: bool = False) -> Fraction | None:
    """Return ``Σ w·(value − min) / Σ w·(max − min) × 100`` exactly; value = target or score."""
    numerator = Fraction(0)
    denominator = Fraction(0)
    for criterion in criteria:
        value = criterion.score
        if use_target and criterion.target is not None:
            value = criterion.target
        weight = exact(criterion.weight)
        numerator += weight * (value - low)
        denominator += weight * (high - low)
    return ratio_percent(numerator, denominator)


def _priority(criterion: Criterion) -> Fraction:
    """Return ``w·(target − score)`` when the target is above the score, else 0."""
    if criterion.target is None or criterion.target <= criterion.score:
        return Fraction(0)
    return exact(criterion.weight) * (criterion.target - criterion.score)


def _criterion(area: Area, criterion: Criterion) -> CriterionResult:
    return CriterionResult(
        id=criterion.id,
        area=area.id,
        statement=criterion.statement,
        weight=criterion.weight,
        score=criterion.score,
        target=criterion.target,
        priority=float(_priority(criterion)),
        comment=criterion.comment,
        action=criterion.action,
    )


def _overall(pairs: list[tuple[float, Fraction | None]]) -> Fraction | None:
    """Average the area indices with the area weights, leaving out areas without an index."""
    return weighted_mean((weight, index) for weight, index in pairs if index is not None)


def analyse_readiness(readiness: Readiness) -> ReadinessResult:
    """Compute the readiness per area, overall, and the ordered action list."""
    low, high = readiness.scale.min, readiness.scale.max
    areas: list[AreaResult] = []
    indices: list[tuple[float, Fraction | None]] = []
    target_indices: list[tuple[float, Fraction | None]] = []
    ranked: list[tuple[Fraction, str, CriterionResult]] = []
    for area in readiness.areas:
        index = area_index(area.criteria, low, high)
        target_index = area_index(area.criteria, low, high, use_target=True)
        indices.append((area.weight, index))
        target_indices.append((area.weight, target_index))
        results = tuple(_criterion(area, c) for c in area.criteria)
        for criterion, result in zip(area.criteria, results, strict=True):
            priority = _priority(criterion)
            if priority > 0:
                ranked.append((priority, criterion.id, result))
        areas.append(
            AreaResult(
                id=area.id,
                title=area.title,
                weight=area.weight,
                index=as_float(index),
                target_index=as_float(target_index),
                criteria=results,
            )
        )
    # Exact priorities decide the order, so 0.1·3 and 0.3·1 tie and fall back to the id.
    ranked.sort(key=lambda item: (-item[0], item[1]))
    return ReadinessResult(
        overall=as_float(_overall(indices)),
        target_overall=as_float(_overall(target_indices)),
        areas=tuple(areas),
        actions=tuple(item[2] for item in ranked),
        scale_min=low,
        scale_max=high,
        scale_labels=dict(readiness.scale.labels),
    )
