"""Exact arithmetic for the analyses: decimal inputs as written, one rounding at the end.

Weights and scores arrive as Python floats parsed from YAML (``0.1``, ``5.5``).
Summing them as binary floats can put a value that is mathematically on a
threshold (KPI 70 %, portfolio 5.5) a hair below it, or make two candidates with
the same fit rank by noise. Every formula therefore converts its inputs with
``Fraction(repr(x))`` — the decimal the user wrote — computes exactly and
converts to ``float`` once; comparisons and tie-breaks use the exact value.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache

Number = int | float | Fraction


def exact(value: Number) -> Fraction:
    """Return ``value`` as the exact decimal it was written as (``0.1`` → 1/10)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return _exact_float(value)


@lru_cache(maxsize=4096)
def _exact_float(value: float) -> Fraction:
    # Parsing repr() is the slow part, and playbooks repeat the same few weights and scores
    # thousands of times (300 accounts × 10 criteria); -0.0 and 0.0 share a key, which is
    # harmless because both are exactly zero.
    return Fraction(repr(value))


def exact_sum(values: Iterable[Number]) -> Fraction:
    """Return the exact sum of ``values``."""
    return sum((exact(v) for v in values), Fraction(0))


def ratio_percent(numerator: Fraction, denominator: Fraction) -> Fraction | None:
    """Return ``numerator / denominator × 100``, or None when the denominator is 0."""
    if denominator == 0:
        return None
    return numerator * 100 / denominator


def weighted_mean(pairs: Iterable[tuple[Number, Number]]) -> Fraction | None:
    """Return ``Σ w·x / Σ w`` over ``(weight, value)`` pairs, or None without weight."""
    total_weight = Fraction(0)
    total = Fraction(0)
    for weight, value in pairs:
        w = exact(weight)
        total_weight += w
        total += w * exact(value)
    if total_weight == 0:
        return None
    return total / total_weight


def as_float(value: Fraction | None) -> float | None:
    """Return the nearest float; None stays None, and so does a value beyond any float.

    The models bound every input, but a ratio can still explode (a KPI whose target
    differs from its baseline by 1e-300): such a value "cannot be computed" (docs/report-json.md: null).
    """
    if value is None:
        return None
    try:
        return float(value)
    except OverflowError:
        return None
