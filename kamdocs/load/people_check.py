"""Warnings a KAM programme lead needs about people (docs/check-rules.md).

- a competency gap (a rating below the required level) without a development measure for that
  competency: the gap is known, but nobody plans to close it;
- an account whose KAM is a candidate who is not yet suitable (a gap on a critical competency;
  a missing rating counts as 0, as in the fit).

Both read only what loaded; they never print a rating into a message that is not already in the
file the message points at.
"""

from __future__ import annotations

from collections.abc import Sequence

from kamdocs.load.findings import Reporter
from kamdocs.model import Account, Candidate, Candidates, Competencies

CANDIDATES = "data/candidates.yaml"


def check_development(out: Reporter, competencies: Competencies, candidates: Candidates) -> None:
    """Warn about each rated gap that has no development measure for its competency."""
    scale = competencies.scale
    # A level outside the scale is an error of its own; a gap measured with it would only repeat it.
    judged = [c for c in competencies.competencies if scale.min <= c.required <= scale.max]
    for i, candidate in enumerate(candidates.candidates):
        planned = {m.competency for m in candidate.development}
        for competency in judged:
            rating = candidate.ratings.get(competency.id)
            if rating is None or not scale.min <= rating < competency.required or competency.id in planned:
                continue
            out.warning(
                CANDIDATES,
                ("candidates", i, "ratings", competency.id),
                f"candidate {candidate.id!r} has a gap in {competency.id!r} (rating {rating}, required "
                f"{competency.required}) but no development measure for it; add one under 'development:', "
                f'e.g. {{competency: {competency.id}, measure: "Coaching", due: …}}',
            )


def _not_yet_suitable(candidate: Candidate, competencies: Competencies) -> list[str]:
    """Return the critical competencies on which ``candidate`` has a gap."""
    return [c.id for c in competencies.competencies if c.critical and (candidate.ratings.get(c.id) or 0) < c.required]


def check_kam_suitability(
    out: Reporter, accounts: Sequence[tuple[str, Account]], competencies: Competencies, candidates: Candidates
) -> None:
    """Warn about an account whose KAM (a candidate id or a candidate's name) is not yet suitable."""
    by_id = {c.id: c for c in candidates.candidates}
    by_name = {c.name.strip().casefold(): c for c in candidates.candidates}
    for rel, account in accounts:
        if account.kam is None:
            continue
        candidate = by_id.get(account.kam) or by_name.get(account.kam.strip().casefold())
        if candidate is None:
            continue
        gaps = _not_yet_suitable(candidate, competencies)
        if gaps:
            out.warning(
                rel,
                ("kam",),
                f"the KAM {account.kam!r} is candidate {candidate.id!r}, who is not yet suitable (a gap in the "
                f"critical competencies {', '.join(map(repr, gaps))}); plan the development in "
                f"{CANDIDATES} or appoint another KAM",
            )
