"""Readiness (docs/formulas.md): hand-computed indices, overall, targets and the action list."""

from __future__ import annotations

import pytest

from kamdocs.analysis.readiness import analyse_readiness
from kamdocs.model import Area, Criterion, Readiness, Scale


def crit(cid: str, score: int, target: int | None = None, weight: float = 1) -> Criterion:
    return Criterion(id=cid, statement=f"Statement {cid}", weight=weight, score=score, target=target)


def test_indices_overall_and_actions_hand_computed() -> None:
    readiness = Readiness(
        areas=(
            # Σw(score−min) = 1·2 + 3·1 = 5; Σw(max−min) = 4·4 = 16 → 31.25
            # targets: 1·3 + 3·4 = 15 → 93.75
            Area(
                id="processes", title="Prozesse", weight=2, criteria=(crit("zeta", 3, 4), crit("big", 2, 5, weight=3))
            ),
            # (4 + 0) / 8 = 50; targets (4 + 1) / 8 = 62.5
            Area(id="data", title="Daten", criteria=(crit("top", 5), crit("alpha", 1, 2))),
        )
    )
    result = analyse_readiness(readiness)
    assert [a.index for a in result.areas] == [31.25, 50.0]
    assert [a.target_index for a in result.areas] == [93.75, 62.5]
    assert result.overall == 37.5  # (2·31.25 + 1·50) / 3
    assert result.target_overall == pytest.approx(250 / 3)
    # big: 3·3 = 9; zeta and alpha tie at 1 → by id, not by file order
    assert [c.id for c in result.actions] == ["big", "alpha", "zeta"]
    assert [c.priority for c in result.actions] == [9.0, 1.0, 1.0]
    assert result.actions[0].area == "processes"
    # a criterion without target or at its target has priority 0 and no action
    top = result.areas[1].criteria[0]
    assert top.priority == 0 and top.target is None
    assert (result.scale_min, result.scale_max) == (1, 5)


def test_default_weights_and_default_scale() -> None:
    readiness = Readiness(areas=(Area(id="a", title="A", criteria=(crit("x", 1), crit("y", 3), crit("z", 5))),))
    result = analyse_readiness(readiness)
    assert result.areas[0].index == 50.0  # (0 + 2 + 4) / (3 · 4)
    assert result.areas[0].target_index == 50.0  # no targets: the scores
    assert result.overall == 50.0
    assert result.actions == ()


def test_custom_scale_zero_to_three() -> None:
    readiness = Readiness(
        scale=Scale(min=0, max=3),
        areas=(Area(id="a", title="A", criteria=(crit("x", 0, 3), crit("y", 3))),),
    )
    result = analyse_readiness(readiness)
    assert result.areas[0].index == 50.0  # (0 + 3) / 6
    assert result.areas[0].target_index == 100.0


def test_area_without_criteria_is_left_out_of_the_overall() -> None:
    readiness = Readiness(
        areas=(
            Area(id="empty", title="Leer", weight=5),
            Area(id="full", title="Voll", criteria=(crit("x", 5),)),
        )
    )
    result = analyse_readiness(readiness)
    assert result.areas[0].index is None
    assert result.areas[0].target_index is None
    assert result.overall == 100.0


def test_no_areas_gives_no_overall() -> None:
    result = analyse_readiness(Readiness())
    assert result.overall is None and result.target_overall is None and result.areas == ()


def test_exact_priorities_tie_across_decimal_weights() -> None:
    # 0.1·3 and 0.3·1 are both 0.3; in binary floats 0.1·3 > 0.3 and would win regardless of the id.
    readiness = Readiness(
        areas=(
            Area(id="a", title="A", criteria=(crit("b_first", 1, 4, weight=0.1), crit("a_second", 1, 2, weight=0.3))),
        )
    )
    result = analyse_readiness(readiness)
    assert [c.id for c in result.actions] == ["a_second", "b_first"]


def test_actions_span_areas_and_break_ties_by_id() -> None:
    readiness = Readiness(
        areas=(
            Area(id="one", title="Eins", criteria=(crit("m", 1, 3),)),
            Area(id="two", title="Zwei", criteria=(crit("c", 2, 4), crit("x", 1, 5))),
        )
    )
    assert [c.id for c in analyse_readiness(readiness).actions] == ["x", "c", "m"]
