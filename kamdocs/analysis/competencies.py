"""Competency fit of candidates and the team view (step 3, docs/formulas.md).

With ``w`` a competency's weight, ``required`` its required level and ``rating``
a candidate's rating (0 when the candidate was not rated on it):

- fit = ``Σ w·min(rating, required) / Σ w·required × 100`` — capping at the
  required level keeps a surplus in one competency from hiding a deficit in
  another; 100 when nothing is required at all (``Σ w·required = 0``);
- gap = ``max(0, required − rating)``; only positive gaps are listed, so a
  competency that was not rated has a gap of ``required``;
- not assessed: competencies without a rating, in profile order;
- strengths: competencies rated above the required level;
- ``meets_profile``: no gap; ``suitable``: no gap on a ``critical`` competency;
- ranking: fit descending (exact value), then fewer gaps, then id ascending;
  ranks are 1, 2, 3 … in that order (ids are unique, so there are no shared ranks);
- team view per competency: ``with_gap`` = candidates with a gap (not rated
  counts as a gap), ``mean`` = mean of the given ratings (None when nobody was
  rated), ``rated`` = how many were rated, ``meets`` = candidates without a gap
  (``candidate count − with_gap``).

Ratings of competencies that are not in the profile are ignored (the loader
reports them).
"""

from __future__ import annotations

from fractions import Fraction

from kamdocs.analysis.exact import exact_dot
from kamdocs.analysis.results import CandidateFit, CompetencyResult, TeamCompetency
from kamdocs.model import Candidate, Candidates, Competencies, Competency


def _rating(candidate: Candidate, competency: Competency) -> int | None:
    return candidate.ratings.get(competency.id)


def fit(profile: tuple[Competency, ...], candidate: Candidate) -> Fraction:
    """Return the exact fit of ``candidate`` in percent."""
    achieved = exact_dot((c.weight, min(_rating(candidate, c) or 0, c.required)) for c in profile)
    required = exact_dot((c.weight, c.required) for c in profile)
    if required == 0:
        return Fraction(100)
    return achieved * 100 / required


def gaps(profile: tuple[Competency, ...], candidate: Candidate) -> dict[str, int]:
    """Return competency id → gap, only where the gap is positive, in profile order."""
    result: dict[str, int] = {}
    for competency in profile:
        gap = competency.required - (_rating(candidate, competency) or 0)
        if gap > 0:
            result[competency.id] = gap
    return result


def _candidate_fit(
    profile: tuple[Competency, ...],
    candidate: Candidate,
    exact_fit: Fraction,
    candidate_gaps: dict[str, int],
    rank: int,
) -> CandidateFit:
    critical = {c.id for c in profile if c.critical}
    return CandidateFit(
        id=candidate.id,
        name=candidate.name,
        role=candidate.role,
        fit=float(exact_fit),
        ratings={c.id: _rating(candidate, c) for c in profile},
        gaps=candidate_gaps,
        not_assessed=tuple(c.id for c in profile if _rating(candidate, c) is None),
        strengths=tuple(c.id for c in profile if (r := _rating(candidate, c)) is not None and r > c.required),
        meets_profile=not candidate_gaps,
        suitable=not any(cid in critical for cid in candidate_gaps),
        rank=rank,
    )


def rank_candidates(profile: tuple[Competency, ...], candidates: tuple[Candidate, ...]) -> tuple[CandidateFit, ...]:
    """Return the candidates' fits ranked by fit descending, then fewer gaps, then id."""
    scored = sorted(
        ((fit(profile, c), gaps(profile, c), c) for c in candidates),
        key=lambda item: (-item[0], len(item[1]), item[2].id),
    )
    return tuple(
        _candidate_fit(profile, c, exact_fit, candidate_gaps, rank)
        for rank, (exact_fit, candidate_gaps, c) in enumerate(scored, start=1)
    )


def _team(competency: Competency, candidates: tuple[Candidate, ...]) -> TeamCompetency:
    given = [r for c in candidates if (r := _rating(c, competency)) is not None]
    with_gap = sum(1 for c in candidates if (_rating(c, competency) or 0) < competency.required)
    return TeamCompetency(
        id=competency.id,
        name=competency.name,
        group=competency.group,
        weight=competency.weight,
        required=competency.required,
        critical=competency.critical,
        with_gap=with_gap,
        mean=float(Fraction(sum(given), len(given))) if given else None,
        rated=len(given),
        meets=len(candidates) - with_gap,
    )


def analyse_competencies(competencies: Competencies, candidates: Candidates | None) -> CompetencyResult:
    """Compute the team view and the ranked candidate fits."""
    profile = competencies.competencies
    people = candidates.candidates if candidates is not None else ()
    ranked = rank_candidates(profile, people)
    return CompetencyResult(
        team=tuple(_team(c, people) for c in profile),
        candidates=ranked,
        candidate_count=len(people),
        meeting_profile=sum(1 for c in ranked if c.meets_profile),
        suitable=sum(1 for c in ranked if c.suitable),
        scale_min=competencies.scale.min,
        scale_max=competencies.scale.max,
        candidates_file=candidates is not None,
        assessed=sum(1 for c in people if any(_rating(c, k) is not None for k in profile)),
        scale_labels=dict(competencies.scale.labels),
    )
