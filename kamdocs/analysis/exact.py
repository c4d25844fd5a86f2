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
from math import lcm

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


def _parts(value: Number) -> tuple[int, int]:
    """Return ``exact(value)`` as (numerator, denominator) without building a Fraction where it can."""
    kind = type(value)
    if kind is int:
        return value, 1  # type: ignore[return-value]
    if kind is float:
        return _float_parts(value)
    part = exact(value)
    return part.numerator, part.denominator


@lru_cache(maxsize=4096)
def _float_parts(value: float) -> tuple[int, int]:
    part = _exact_float(value)
    return part.numerator, part.denominator


def exact_sum(values: Iterable[Number]) -> Fraction:
    """Return the exact sum of ``values``."""
    num, den = 0, 1
    for value in values:
        n, d = _parts(value)
        num, den = _add(num, den, n, d)
    return Fraction(num, den)


def _add(num: int, den: int, n: int, d: int) -> tuple[int, int]:
    """Return ``num/den + n/d`` as an unreduced pair over the least common denominator.

    Why not ``Fraction +``: it reduces by a gcd after every step; summing integer numerators over
    a common denominator and reducing once (``Fraction(num, den)``) gives the same, canonical value
    several times faster, and decimal inputs share few denominators (powers of ten), so ``den`` stays small.
    """
    if d == den:
        return num + n, den
    common = lcm(den, d)
    return num * (common // den) + n * (common // d), common


def exact_dot(pairs: Iterable[tuple[Number, Number]]) -> Fraction:
    """Return the exact ``Σ a·b`` over ``(a, b)`` pairs."""
    num, den = 0, 1
    for a, b in pairs:
        (an, ad), (bn, bd) = _parts(a), _parts(b)
        num, den = _add(num, den, an * bn, ad * bd)
    return Fraction(num, den)


def ratio_percent(numerator: Fraction, denominator: Fraction) -> Fraction | None:
    """Return ``numerator / denominator × 100``, or None when the denominator is 0."""
    if denominator == 0:
        return None
    return numerator * 100 / denominator


def weighted_mean(pairs: Iterable[tuple[Number, Number]]) -> Fraction | None:
    """Return ``Σ w·x / Σ w`` over ``(weight, value)`` pairs, or None without weight."""
    weight_num, weight_den = 0, 1
    total_num, total_den = 0, 1
    for weight, value in pairs:
        (wn, wd), (xn, xd) = _parts(weight), _parts(value)
        weight_num, weight_den = _add(weight_num, weight_den, wn, wd)
        total_num, total_den = _add(total_num, total_den, wn * xn, wd * xd)
    if weight_num == 0:
        return None
    # (total_num / total_den) / (weight_num / weight_den), reduced once by Fraction.
    return Fraction(total_num * weight_den, total_den * weight_num)


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
