"""The exact sums of kamdocs.analysis.exact give the very Fraction a plain Fraction loop gives."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from kamdocs.analysis.exact import Number, exact, exact_dot, exact_sum, weighted_mean

SETTINGS = settings(deadline=None, max_examples=300)

# What the analyses are handed: YAML ints and floats (decimals as written), bools, Fractions.
numbers = st.one_of(
    st.integers(-(10**15), 10**15),
    st.decimals("-1e6", "1e6", places=3, allow_nan=False, allow_infinity=False).map(float),
    st.floats(-1e15, 1e15, allow_nan=False, allow_infinity=False),
    st.fractions(max_denominator=10**6),
    st.booleans(),
)


def reference_sum(values: list[Number]) -> Fraction:
    return sum((exact(v) for v in values), Fraction(0))


def reference_mean(pairs: list[tuple[Number, Number]]) -> Fraction | None:
    total_weight = sum((exact(w) for w, _ in pairs), Fraction(0))
    if total_weight == 0:
        return None
    return sum((exact(w) * exact(x) for w, x in pairs), Fraction(0)) / total_weight


@SETTINGS
@given(st.lists(numbers, max_size=40))
def test_exact_sum_is_the_fraction_sum(values: list[Number]) -> None:
    result = exact_sum(values)
    assert type(result) is Fraction
    assert (result.numerator, result.denominator) == _canonical(reference_sum(values))


@SETTINGS
@given(st.lists(st.tuples(numbers, numbers), max_size=30))
def test_exact_dot_and_weighted_mean_are_the_fraction_results(pairs: list[tuple[Number, Number]]) -> None:
    dot = exact_dot(pairs)
    assert dot == sum((exact(a) * exact(b) for a, b in pairs), Fraction(0))
    mean, expected = weighted_mean(pairs), reference_mean(pairs)
    assert mean == expected
    if mean is not None and expected is not None:
        assert (mean.numerator, mean.denominator) == _canonical(expected)


def test_the_decimals_as_written_still_meet_their_threshold() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in binary floats; exactly 3/10 as written.
    assert exact_sum([0.1, 0.2]) == Fraction(3, 10)
    assert weighted_mean([(1, 5.5), (2, 5.5)]) == Fraction(11, 2)
    assert weighted_mean([(0, 3.0)]) is None and weighted_mean([]) is None
    assert weighted_mean([(0.5, 1), (-0.5, 2)]) is None  # the weights cancel: no mean
    assert weighted_mean([(1, -2.5), (3, 0.5)]) == Fraction(-1, 4)


def _canonical(value: Fraction) -> tuple[int, int]:
    return value.numerator, value.denominator
