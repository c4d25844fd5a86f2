"""Competency fit, gaps, suitability, ranking and team view (docs/formulas.md)."""

from __future__ import annotations

import pytest

from kamdocs.analysis.competencies import analyse_competencies
from kamdocs.model import Candidate, Candidates, Competencies, Competency

PROFILE = Competencies(
    competencies=(
        Competency(id="a", name="Branche", weight=2, required=4, critical=True),
        Competency(id="b", name="Schnelligkeit", required=3),
        Competency(id="c", name="Service", required=5),
    )
)  # Σ w·required = 8 + 3 + 5 = 16


def cand(cid: str, **ratings: int) -> Candidate:
    return Candidate(id=cid, name=f"Person {cid.upper()}", ratings=ratings)


def test_fit_gaps_and_flags_hand_computed() -> None:
    result = analyse_competencies(PROFILE, Candidates(candidates=(cand("x", a=5, b=3, c=4), cand("y", a=3, c=5))))
    x, y = result.candidates
    # x: min(5,4)·2 + 3 + 4 = 15 → 15/16 = 93.75
    assert (x.id, x.fit, x.rank) == ("x", 93.75, 1)
    assert x.gaps == {"c": 1}
    assert x.strengths == ("a",)
    assert x.not_assessed == ()
    assert x.ratings == {"a": 5, "b": 3, "c": 4}
    assert not x.meets_profile
    assert x.suitable  # the gap is not on a critical competency
    # y: b missing counts as 0: 3·2 + 0 + 5 = 11 → 68.75; gaps a 1 (critical), b 3 (not assessed)
    assert (y.id, y.fit, y.rank) == ("y", 68.75, 2)
    assert y.gaps == {"a": 1, "b": 3}
    assert y.not_assessed == ("b",)
    assert y.ratings == {"a": 3, "b": None, "c": 5}
    assert not y.suitable and not y.meets_profile
    assert (result.candidate_count, result.meeting_profile, result.suitable) == (2, 0, 1)
    assert result.candidates_file is True


def test_meets_profile_exactly_at_required_level() -> None:
    result = analyse_competencies(PROFILE, Candidates(candidates=(cand("z", a=4, b=3, c=5),)))
    (z,) = result.candidates
    assert (z.fit, z.gaps, z.meets_profile, z.suitable, z.strengths) == (100.0, {}, True, True, ())


def test_surplus_does_not_hide_a_deficit() -> None:
    result = analyse_competencies(PROFILE, Candidates(candidates=(cand("s", a=5, b=5, c=1),)))
    assert result.candidates[0].fit == 75.0  # (8 + 3 + 1) / 16, not more for a and b above required


def test_ranking_fit_then_fewer_gaps_then_id() -> None:
    profile = Competencies(
        competencies=(Competency(id="d1", name="D1", required=4), Competency(id="d2", name="D2", required=4))
    )
    people = Candidates(
        candidates=(
            cand("k", d1=3, d2=3),  # fit 75, two gaps
            cand("n", d1=4, d2=2),  # fit 75, one gap
            cand("m", d1=2, d2=4),  # fit 75, one gap: ties with n, m < n by id
            cand("a", d1=1, d2=1),  # fit 25
            cand("z", d1=4, d2=4),  # fit 100
        )
    )
    ranked = analyse_competencies(profile, people).candidates
    assert [(c.id, c.rank) for c in ranked] == [("z", 1), ("m", 2), ("n", 3), ("k", 4), ("a", 5)]
    assert {c.id: c.fit for c in ranked} == {"z": 100.0, "m": 75.0, "n": 75.0, "k": 75.0, "a": 25.0}


def test_ranking_uses_exact_fits_with_decimal_weights() -> None:
    # 0.1 + 0.2 vs 0.3 in floats differ; exactly they are equal, so fewer gaps decide.
    profile = Competencies(
        competencies=(
            Competency(id="p", name="P", weight=0.1, required=1),
            Competency(id="q", name="Q", weight=0.2, required=1),
            Competency(id="r", name="R", weight=0.3, required=1),
        )
    )
    people = Candidates(candidates=(cand("a_two_gaps", r=1), cand("b_one_gap", p=1, q=1)))
    ranked = analyse_competencies(profile, people).candidates
    assert [c.id for c in ranked] == ["b_one_gap", "a_two_gaps"]
    assert ranked[0].fit == ranked[1].fit == 50.0


def test_team_view() -> None:
    people = Candidates(candidates=(cand("x", a=5, b=3, c=4), cand("y", a=3, c=5), cand("w", a=4, b=2)))
    team = {t.id: t for t in analyse_competencies(PROFILE, people).team}
    # a: ratings 5, 3, 4 → one below 4; mean 4
    assert (team["a"].with_gap, team["a"].mean, team["a"].rated, team["a"].meets) == (1, 4.0, 3, 2)
    # b: 3, unrated, 2 → the unrated one counts as a gap; mean of the given ratings only: 2.5
    assert (team["b"].with_gap, team["b"].mean, team["b"].rated, team["b"].meets) == (2, 2.5, 2, 1)
    # c: 4, 5, unrated → mean 4.5
    assert (team["c"].with_gap, team["c"].mean, team["c"].rated, team["c"].meets) == (2, 4.5, 2, 1)
    assert team["a"].critical and team["a"].weight == 2 and team["a"].required == 4
    assert [t.id for t in analyse_competencies(PROFILE, people).team] == ["a", "b", "c"]


def test_competency_nobody_rated_has_no_mean() -> None:
    team = analyse_competencies(PROFILE, Candidates(candidates=(cand("x", a=4),))).team
    assert team[1].mean is None and team[1].rated == 0 and team[1].with_gap == 1


def test_without_candidates_file() -> None:
    result = analyse_competencies(PROFILE, None)
    assert result.candidates == () and result.candidates_file is False
    assert [(t.with_gap, t.mean, t.meets) for t in result.team] == [(0, None, 0)] * 3
    assert (result.scale_min, result.scale_max) == (1, 5)


def test_ratings_of_unknown_competencies_are_ignored() -> None:
    result = analyse_competencies(PROFILE, Candidates(candidates=(cand("x", a=4, b=3, c=5, other=1),)))
    assert result.candidates[0].fit == 100.0
    assert "other" not in result.candidates[0].ratings


def test_empty_profile_fits_everyone() -> None:
    result = analyse_competencies(Competencies(), Candidates(candidates=(cand("x"),)))
    assert result.candidates[0].fit == pytest.approx(100.0)
