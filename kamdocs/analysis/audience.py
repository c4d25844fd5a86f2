"""The audience rule: what each audience may see, decided here and nowhere else.

Every output asks this module: the site and the PDF (through :func:`make_view`,
applied before anything is rendered), ``report`` and ``excel export``. The rule
for users: docs/audiences.md.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kamdocs.analysis.results import Analysis
from kamdocs.model import Account, Chapter, OutputAudience, Playbook
from kamdocs.model.versions import Versions


@dataclass(frozen=True)
class View:
    """What one audience may see: the filtered playbook and analyses."""

    playbook: Playbook
    """Without candidates (unless individuals are shown), restricted chapters and drafts."""
    analysis: Analysis
    """Competency results carry no candidates unless individuals are shown."""
    audience: OutputAudience
    individuals: bool
    """True when individual ratings may be shown (restricted, or the explicit opt-in)."""
    versions: Versions | None = None
    """What git says about the playbook, read for this audience (docs/git.md); None outside git."""


def shows_individuals(playbook: Playbook, audience: OutputAudience) -> bool:
    """Return True when ``audience`` may see individual ratings (restricted, or the opt-in)."""
    return audience == "restricted" or playbook.config.privacy.publish_individual_ratings


def shows_chapter(chapter: Chapter, audience: OutputAudience) -> bool:
    """Return True when ``audience`` may read ``chapter``: never a draft; a restricted one only restricted."""
    if audience == "customer":
        return False
    return not chapter.front.draft and (audience == "restricted" or chapter.front.audience == "internal")


def visible_chapters(chapters: tuple[Chapter, ...], audience: OutputAudience) -> tuple[Chapter, ...]:
    """Return the chapters ``audience`` may read, in their order."""
    return tuple(c for c in chapters if shows_chapter(c, audience))


def _without_candidate_kams(playbook: Playbook) -> tuple[Account, ...]:
    """Blank an account's ``kam`` when it names a candidate (by id or by name).

    An account page shows its KAM; when that is a candidate id the page would
    resolve it to the candidate's name, and a free-text name equal to a
    candidate's name would point at a person in the assessment.
    """
    if playbook.candidates is None:
        return playbook.accounts
    ids = {c.id for c in playbook.candidates.candidates}
    names = {c.name.strip().casefold() for c in playbook.candidates.candidates}
    return tuple(
        a.model_copy(update={"kam": None})
        if a.kam is not None and (a.kam in ids or a.kam.strip().casefold() in names)
        else a
        for a in playbook.accounts
    )


def shows_contacts(playbook: Playbook, audience: OutputAudience) -> bool:
    """Return True when ``audience`` may see contacts' names and attitudes (restricted, or the opt-in)."""
    return audience == "restricted" or (audience == "internal" and playbook.config.privacy.publish_contacts)


def _private_contacts(accounts: tuple[Account, ...]) -> tuple[Account, ...]:
    """Keep only the function and buying-centre role of every contact (third parties' personal data)."""
    hidden = {"name": "", "attitude": None, "influence": None, "relationship": None, "counterpart": None,
              "last_contact": None}  # fmt: skip
    return tuple(
        a.model_copy(update={"contacts": tuple(c.model_copy(update=hidden) for c in a.contacts)}) if a.contacts else a
        for a in accounts
    )


def visible_playbook(playbook: Playbook, audience: OutputAudience, account: str | None = None) -> Playbook:
    """Return the part of ``playbook`` that ``audience`` may see (the data behind every output).

    Drafts are removed for every audience. ``internal`` also loses restricted
    chapters (always: the rating opt-in publishes profiles, not restricted
    prose) and, unless ``privacy.publish_individual_ratings`` is set, the
    candidates file and any account ``kam`` that names a candidate.
    """
    if audience == "customer":
        from kamdocs.analysis.customer_view import customer_playbook

        if account is None:
            raise ValueError("the customer audience needs an account")
        return customer_playbook(playbook, account)
    chapters = visible_chapters(playbook.chapters, audience)
    if not shows_contacts(playbook, audience):
        playbook = replace(playbook, accounts=_private_contacts(playbook.accounts))
    if shows_individuals(playbook, audience):
        return replace(playbook, chapters=chapters)
    return replace(playbook, chapters=chapters, candidates=None, accounts=_without_candidate_kams(playbook))


def make_view(playbook: Playbook, analysis: Analysis, audience: OutputAudience, account: str | None = None) -> View:
    """Filter ``playbook`` and ``analysis`` down to what ``audience`` may see, before anything is rendered.

    The playbook as :func:`visible_playbook`; without individuals, the ranked
    candidate fits leave the analysis too. The team aggregates stay.
    """
    seen = visible_playbook(playbook, audience, account)
    if audience == "customer":
        from kamdocs.analysis.customer_view import customer_analysis

        return View(seen, customer_analysis(seen), audience, False)
    if shows_individuals(playbook, audience):
        return View(seen, analysis, audience, True)
    competencies = analysis.competencies
    if competencies is not None:
        competencies = replace(competencies, candidates=())
    return View(seen, replace(analysis, competencies=competencies), audience, False)
