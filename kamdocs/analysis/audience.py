"""The audience rule: what each audience may see, decided here and nowhere else.

Every output asks this module: the site and the PDF (through :func:`make_view`,
applied before anything is rendered), ``report`` and ``excel export``. The rule
for users: docs/audiences.md.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kamdocs.analysis.results import Analysis, CompetencyResult
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


def _appointed_kams(playbook: Playbook) -> tuple[Account, ...]:
    """Replace an account's ``kam`` that is a candidate id by that person's name.

    The appointed KAM is an organisational fact and is shown by name in every audience; the
    candidates file leaves the internal view, so the id is resolved here, and nothing else of the
    assessment travels with the name.
    """
    if playbook.candidates is None:
        return playbook.accounts
    names = {c.id: c.name for c in playbook.candidates.candidates}
    return tuple(
        a.model_copy(update={"kam": names[a.kam]}) if a.kam is not None and a.kam in names else a
        for a in playbook.accounts
    )


def shows_contacts(playbook: Playbook, audience: OutputAudience) -> bool:
    """Return True when ``audience`` may see contacts' names and attitudes (restricted, or the opt-in)."""
    return audience == "restricted" or (audience == "internal" and playbook.config.privacy.publish_contacts)


def _private_contacts(accounts: tuple[Account, ...]) -> tuple[Account, ...]:
    """Keep only the function and buying-centre role of every contact (third parties' personal data)."""
    return tuple(private_contacts(a) if a.contacts else a for a in accounts)


def private_contacts(account: Account) -> Account:
    """Return ``account`` with its contacts reduced to function and role.

    A review participant written as a contact's name becomes that contact's function (or is left
    out when the contact has none), so the name does not come back through the reviews.
    """
    hidden = {"name": "", "attitude": None, "influence": None, "relationship": None, "counterpart": None,
              "last_contact": None}  # fmt: skip
    functions = {c.name.strip().casefold(): c.function or "" for c in account.contacts}

    def shown(participants: tuple[str, ...]) -> tuple[str, ...]:
        kept = (functions.get(p.strip().casefold(), p) for p in participants)
        return tuple(p for p in kept if p)

    reviews = tuple(r.model_copy(update={"participants": shown(r.participants)}) for r in account.reviews)
    contacts = tuple(c.model_copy(update=hidden) for c in account.contacts)
    return account.model_copy(update={"contacts": contacts, "reviews": reviews})


def visible_playbook(playbook: Playbook, audience: OutputAudience, account: str | None = None) -> Playbook:
    """Return the part of ``playbook`` that ``audience`` may see (the data behind every output).

    Drafts are removed for every audience. ``internal`` also loses restricted
    chapters (always: the rating opt-in publishes profiles, not restricted
    prose) and, unless ``privacy.publish_individual_ratings`` is set, the
    candidates file; an account ``kam`` that is a candidate id becomes that person's name.
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
    return replace(playbook, chapters=chapters, candidates=None, accounts=_appointed_kams(playbook))


def make_view(playbook: Playbook, analysis: Analysis, audience: OutputAudience, account: str | None = None) -> View:
    """Filter ``playbook`` and ``analysis`` down to what ``audience`` may see, before anything is rendered.

    The playbook as :func:`visible_playbook`; without individuals, the ranked
    candidate fits leave the analysis too, and the team aggregates stay only for
    groups of at least ``privacy.min_group_size`` (:func:`small_groups_withheld`).
    """
    seen = visible_playbook(playbook, audience, account)
    if audience == "customer":
        from kamdocs.analysis.customer_view import customer_analysis

        return View(seen, customer_analysis(seen), audience, False)
    if shows_individuals(playbook, audience):
        return View(seen, analysis, audience, True)
    competencies = analysis.competencies
    if competencies is not None:
        competencies = small_groups_withheld(
            replace(competencies, candidates=()), playbook.config.privacy.min_group_size
        )
    return View(seen, replace(analysis, competencies=competencies), audience, False)


def small_groups_withheld(result: CompetencyResult, min_group_size: int) -> CompetencyResult:
    """Withhold every aggregate of ratings that describes fewer than ``min_group_size`` people.

    Per competency: ``with_gap``, ``mean`` and ``meets`` become None when fewer were rated on it.
    The counts of candidates who meet the profile and who are suitable become None when fewer
    were rated at all. With one candidate, a "mean" is that person's rating.
    """
    team = tuple(
        t if t.rated >= min_group_size else replace(t, with_gap=None, mean=None, meets=None, withheld=True)
        for t in result.team
    )
    small = result.assessed < min_group_size
    return replace(
        result,
        team=team,
        meeting_profile=None if small else result.meeting_profile,
        suitable=None if small else result.suitable,
        min_group_size=min_group_size,
    )
