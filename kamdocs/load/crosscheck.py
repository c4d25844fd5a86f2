"""The rule book: what makes a project valid beyond what a single file's model can express.

``check``, ``build`` and ``report`` run these rules through the loader, and
``excel import`` runs them on the project as the import would write it — so one
mistake gets one message wherever it was made. Every problem is located at the
offending value through the positions the YAML reader kept (``sources``), or,
for data that came from a workbook, at its cell (``place``). Checks run on
whatever loaded: a file that failed validation is ``None`` here, and checks
that refer *to* it are skipped so that one broken file does not cause a
cascade of follow-up errors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kamdocs.errors import Problem, Severity
from kamdocs.load.accounts_check import check_account_plans
from kamdocs.load.findings import Placer, Reporter, unique_ids
from kamdocs.load.goals_check import check_goals
from kamdocs.load.people_check import check_development, check_kam_suitability
from kamdocs.load.portfolio_check import PORTFOLIO, check_portfolio
from kamdocs.load.schedule_check import check_tasks
from kamdocs.load.yamlio import Located, PathKey
from kamdocs.model import (
    Account,
    Budget,
    Candidates,
    Chapter,
    Company,
    Competencies,
    Goals,
    Organisation,
    Playbook,
    PortfolioCriteria,
    Readiness,
    Scale,
    TaskPlan,
)
from kamdocs.model.common import SLUG_PATTERN
from kamdocs.model.pages import RESERVED_PAGE_NAMES
from kamdocs.suggest import did_you_mean, suggest

GENERATED_SLUGS = RESERVED_PAGE_NAMES
"""Page names of the generated sections (docs/architecture.md); prose chapters must not take them."""

COMPANY = "data/company.yaml"
ORGANISATION = "data/organisation.yaml"
READINESS = "data/readiness.yaml"
TASKS = "data/tasks.yaml"
COMPETENCIES = "data/competencies.yaml"
CANDIDATES = "data/candidates.yaml"
ACCOUNTS_DIR = "data/accounts/"
MAX_ORG_LEVELS = 30
"""Deeper org charts cannot be drawn readably (and real ones have a handful of levels)."""


@dataclass(frozen=True)
class CheckedParts:
    """What loaded without errors; ``None`` for a data file that is missing or invalid."""

    company: Company | None = None
    goals: Goals | None = None
    budget: Budget | None = None
    organisation: Organisation | None = None
    readiness: Readiness | None = None
    tasks: TaskPlan | None = None
    competencies: Competencies | None = None
    candidates: Candidates | None = None
    portfolio: PortfolioCriteria | None = None
    accounts: tuple[tuple[str, Account], ...] = ()
    """(path relative to the project, account) pairs."""
    chapters: tuple[Chapter, ...] = ()
    present: frozenset[str] = frozenset()
    """Relative paths of the data files that exist, whether or not they are valid."""
    dropped: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    """(file, list key) → ids of items left out because of their own errors (see load.salvage)."""


def check_scale(out: Reporter, rel: str, scale: Scale) -> bool:
    """Check min < max and label points; return whether the scale is usable for range checks."""
    if scale.min >= scale.max:
        out.error(
            rel,
            ("scale", "max"),
            f"scale: max ({scale.max}) must be greater than min ({scale.min}), e.g. min: 1, max: 5",
        )
        return False
    for point in scale.labels:
        if not scale.min <= point <= scale.max:
            out.error(
                rel,
                ("scale", "labels", str(point)),
                f"scale label {point} is outside the scale {scale.min}–{scale.max}; label a point "
                f"from {scale.min} to {scale.max}, or widen the scale with min/max",
                key=True,
            )
    return True


def check_in_scale(out: Reporter, rel: str, path: PathKey, name: str, value: int, scale: Scale) -> None:
    """Report ``value`` when it lies outside ``scale``."""
    if not scale.min <= value <= scale.max:
        out.error(
            rel,
            path,
            f"{name} {value} is outside the scale {scale.min}–{scale.max}; "
            f"use a whole number from {scale.min} to {scale.max}",
        )


def _stem(rel: str) -> str:
    """Return the file name of ``rel`` without folder and extension (``data/accounts/acme.yaml`` → ``acme``)."""
    return rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _account_ids(out: Reporter, parts: CheckedParts) -> set[str]:
    """Return the ids of every account file, valid or not (so a broken file raises no second error)."""
    ids = {account.id for _, account in parts.accounts}
    ids.update(_stem(rel) for rel in out.present if rel.startswith(ACCOUNTS_DIR))
    for rel, located in out.sources.items():
        if rel.startswith(ACCOUNTS_DIR):
            ids.add(_stem(rel))
            if isinstance(located.data, dict) and isinstance(located.data.get("id"), str):
                ids.add(located.data["id"])
    return ids


def check_company(out: Reporter, company: Company, account_ids: set[str]) -> None:
    """Check that the accounts that agreed the mission exist."""
    for index, ident in enumerate(company.mission.agreed_with):
        if ident not in account_ids:
            out.error(
                COMPANY,
                ("mission", "agreed_with", index),
                f"mission.agreed_with: there is no key account {ident!r} (data/accounts/{ident}.yaml)"
                + suggest(ident, account_ids),
            )


def check_organisation(out: Reporter, org: Organisation) -> None:
    """Check variants, their org charts, `selected`, roles and the RACI rows."""
    rel = ORGANISATION
    unique_ids(out, rel, [(("variants", i), v.id) for i, v in enumerate(org.variants)], "variant")
    variant_ids = [v.id for v in org.variants]
    if org.selected is not None and org.selected not in (*variant_ids, *out.left_out(rel, "variants")):
        hint = suggest(org.selected, variant_ids) if variant_ids else "; add the variant under 'variants:'"
        out.error(rel, ("selected",), f"selected: there is no variant {org.selected!r}{hint}")
    for index, variant in enumerate(org.variants):
        _check_units(out, ("variants", index), variant.id, [(u.id, u.parent) for u in variant.units])
    unique_ids(out, rel, [(("roles", i), r.id) for i, r in enumerate(org.roles)], "role")
    roles = [r.id for r in org.roles]
    roles_with_errors = out.left_out(rel, "roles")
    for index, row in enumerate(org.responsibilities):
        path: PathKey = ("responsibilities", index)
        for role in row.raci:
            if role not in roles and role not in roles_with_errors:
                hint = suggest(role, roles) if roles else "; define the roles under 'roles:' first"
                out.error(rel, (*path, "raci", role), f"RACI: unknown role {role!r}{hint}", key=True)
        accountable = [role for role, letter in row.raci.items() if letter == "A"]
        if not accountable:
            out.error(
                rel, (*path, "raci"), f"RACI row {row.activity!r} has no A; exactly one role must be accountable (A)"
            )
        for role in accountable[1:]:
            out.error(
                rel,
                (*path, "raci", role),
                f"RACI row {row.activity!r} has {len(accountable)} roles with A "
                f"({', '.join(accountable)}); exactly one role is accountable — make the others R or C",
            )
        if "R" not in row.raci.values():
            out.error(
                rel, (*path, "raci"), f"RACI row {row.activity!r} has no R; at least one role must be responsible (R)"
            )


def _check_units(out: Reporter, base: PathKey, variant: str, units: list[tuple[str, str | None]]) -> None:
    """Check that the units of one variant form a single tree."""
    rel = ORGANISATION
    unique_ids(out, rel, [((*base, "units", i), ident) for i, (ident, _) in enumerate(units)], "unit")
    if not units:
        return
    index_of: dict[str, int] = {}
    for i, (ident, _) in enumerate(units):
        index_of.setdefault(ident, i)
    roots = [i for i, (_, parent) in enumerate(units) if parent is None]
    if not roots:
        out.error(
            rel,
            (*base, "units"),
            f"variant {variant!r}: the org chart has no top unit; give exactly one unit 'parent: null'",
        )
    for i in roots[1:]:
        first = units[roots[0]][0]
        out.error(
            rel,
            (*base, "units", i, "id"),
            f"variant {variant!r}: {units[i][0]!r} is a second top unit (no parent), besides {first!r} "
            f"{out.at(rel, (*base, 'units', roots[0], 'id'))}; an org chart has exactly one "
            "top unit — give this one a parent",
        )
    for i, (ident, parent) in enumerate(units):
        if parent is not None and parent not in index_of:
            out.error(
                rel,
                (*base, "units", i, "parent"),
                f"variant {variant!r}: unit {ident!r} has the parent {parent!r}, which is not a unit of "
                f"this variant" + suggest(parent, index_of),
            )
    # Walk up from every unit once (levels are remembered), so a long chain costs linear time.
    level: dict[str, int] = {}
    for ident, _ in units:
        chain: list[str] = []
        on_chain: set[str] = set()
        current: str | None = ident
        while current is not None and current in index_of and current not in level and current not in on_chain:
            chain.append(current)
            on_chain.add(current)
            current = units[index_of[current]][1]
        above = 0  # the top, a missing parent (reported above) or a cycle
        if current is not None and current in on_chain:
            cycle = chain[chain.index(current) :]
            shown = " → ".join([*cycle, cycle[0]])
            out.error(
                rel,
                (*base, "units", index_of[cycle[0]], "parent"),
                f"variant {variant!r}: the parents form a cycle: {shown}; an org chart is a tree, so "
                "one of these units needs another parent",
            )
        elif current is not None and current in level:
            above = level[current]
        for unit in reversed(chain):
            above += 1
            level[unit] = above
    deepest = max(level, key=lambda unit: (level[unit], -index_of[unit]))
    if level[deepest] > MAX_ORG_LEVELS:
        out.error(
            rel,
            (*base, "units", index_of[deepest], "parent"),
            f"variant {variant!r}: unit {deepest!r} is on level {level[deepest]} of the org chart; a chart "
            f"shows at most {MAX_ORG_LEVELS} levels — attach units to a parent higher up",
        )


def check_readiness(out: Reporter, readiness: Readiness) -> None:
    """Check the scale, unique ids and that scores and targets lie inside the scale."""
    rel = READINESS
    scale_ok = check_scale(out, rel, readiness.scale)
    unique_ids(out, rel, [(("areas", i), a.id) for i, a in enumerate(readiness.areas)], "area")
    criteria = [
        (("areas", i, "criteria", k), c) for i, a in enumerate(readiness.areas) for k, c in enumerate(a.criteria)
    ]
    unique_ids(out, rel, [(path, c.id) for path, c in criteria], "criterion")
    if not scale_ok:
        return
    for path, criterion in criteria:
        check_in_scale(out, rel, (*path, "score"), "score", criterion.score, readiness.scale)
        if criterion.target is not None:
            check_in_scale(out, rel, (*path, "target"), "target", criterion.target, readiness.scale)


def check_people(out: Reporter, competencies: Competencies | None, candidates: Candidates | None) -> None:
    """Check the competency profile and the candidates' ratings and development measures."""
    scale = competencies.scale if competencies is not None else Scale()
    scale_ok = True
    known: list[str] = []
    if competencies is not None:
        scale_ok = check_scale(out, COMPETENCIES, scale)
        items = [(("competencies", i), c) for i, c in enumerate(competencies.competencies)]
        unique_ids(out, COMPETENCIES, [(path, c.id) for path, c in items], "competency")
        known = [c.id for c in competencies.competencies]
        if scale_ok:
            for path, competency in items:
                check_in_scale(out, COMPETENCIES, (*path, "required"), "required level", competency.required, scale)
    if candidates is None:
        return
    rel = CANDIDATES
    unique_ids(out, rel, [(("candidates", i), c.id) for i, c in enumerate(candidates.candidates)], "candidate")
    # Unknown competency ids can only be judged against a profile that loaded (or is absent).
    judge_ids = competencies is not None or not out.exists(COMPETENCIES)
    with_errors = out.left_out(COMPETENCIES, "competencies")
    for i, candidate in enumerate(candidates.candidates):
        base: PathKey = ("candidates", i)
        for key, rating in candidate.ratings.items():
            if judge_ids and key not in known and key not in with_errors:
                hint = (
                    suggest(key, [*known, *with_errors])
                    if known or with_errors
                    else (
                        f"; {COMPETENCIES} defines no competencies"
                        if competencies is not None
                        else f"; {COMPETENCIES} is missing, which defines the competency ids"
                    )
                )
                out.error(rel, (*base, "ratings", key), f"rating for unknown competency {key!r}{hint}", key=True)
            if scale_ok and judge_ids:
                check_in_scale(out, rel, (*base, "ratings", key), f"rating of {key!r}", rating, scale)
        for k, measure in enumerate(candidate.development):
            if judge_ids and measure.competency not in known and measure.competency not in with_errors:
                hint = suggest(measure.competency, [*known, *with_errors])
                out.error(
                    rel,
                    (*base, "development", k, "competency"),
                    f"development: unknown competency {measure.competency!r}{hint}",
                )
        missing = [c for c in known if c not in candidate.ratings]
        if missing:
            out.warning(
                rel,
                (*base, "ratings") if candidate.ratings else (*base, "id"),
                f"candidate {candidate.id!r} has no rating for {', '.join(map(repr, missing))}; "
                "a missing rating counts as 0 in the fit and is shown as 'not assessed'",
            )


_SLUG = re.compile(SLUG_PATTERN)


def check_accounts(
    out: Reporter, accounts: Sequence[tuple[str, Account]], candidates: Candidates | None, *, judge_kam: bool
) -> None:
    """Check that each account's id equals its file name and that `kam` is not a misspelt candidate id."""
    candidate_ids = [c.id for c in candidates.candidates] if candidates is not None else []
    for rel, account in accounts:
        stem = _stem(rel)
        if account.id != stem:
            out.error(
                rel,
                ("id",),
                f"id {account.id!r} must equal the file name: rename the file to "
                f"{account.id}.yaml or write 'id: {stem}'",
            )
        kam = account.kam
        if (
            not judge_kam
            or kam is None
            or kam in candidate_ids
            or not _SLUG.match(kam)
            or kam in out.left_out(CANDIDATES, "candidates")
        ):
            continue
        hint = did_you_mean(kam, candidate_ids)
        if hint:
            out.warning(
                rel,
                ("kam",),
                f"kam {kam!r} is not a candidate id{hint} (a person's name such as 'Maria Beispiel' is fine too)",
            )


def check_chapters(out: Reporter, chapters: Sequence[Chapter]) -> None:
    """Refuse prose chapters whose page name is taken by a generated section."""
    for chapter in chapters:
        if chapter.slug in GENERATED_SLUGS:
            out.problems.append(
                Problem(
                    chapter.source,
                    1,
                    1,
                    Severity.ERROR,
                    f"the page name {chapter.slug!r} belongs to a generated section; rename the file "
                    f"(e.g. {chapter.source.rsplit('/', 1)[0]}/{chapter.slug}-text.md)",
                )
            )


def parts_of(playbook: Playbook, sources: dict[str, Located]) -> CheckedParts:
    """Return the parts of a valid playbook, to check it again with some of them replaced (Excel import)."""
    account_files = {_stem(rel): rel for rel in sources if rel.startswith(ACCOUNTS_DIR)}
    return CheckedParts(
        company=playbook.company,
        goals=playbook.goals,
        budget=playbook.budget,
        organisation=playbook.organisation,
        readiness=playbook.readiness,
        tasks=playbook.tasks,
        competencies=playbook.competencies,
        candidates=playbook.candidates,
        portfolio=playbook.portfolio,
        accounts=tuple((account_files.get(a.id, f"{ACCOUNTS_DIR}{a.id}.yaml"), a) for a in playbook.accounts),
        chapters=playbook.chapters,
        present=frozenset(sources),
    )


def cross_check_parts(parts: CheckedParts, sources: dict[str, Located], place: Placer | None = None) -> list[Problem]:
    """Return every cross-reference problem of what loaded; ``place`` shows data from elsewhere (a workbook)."""
    out = Reporter(sources, parts.present, parts.dropped, place=place)
    if parts.company is not None:
        check_company(out, parts.company, _account_ids(out, parts))
    if parts.goals is not None:
        check_goals(out, parts.goals)
    if parts.organisation is not None:
        check_organisation(out, parts.organisation)
    if parts.readiness is not None:
        check_readiness(out, parts.readiness)
    if parts.tasks is not None:
        check_tasks(out, parts.tasks, TASKS)
    check_people(out, parts.competencies, parts.candidates)
    # A kam can only be judged against candidates that loaded (or are absent).
    judge_kam = parts.candidates is not None or not out.exists(CANDIDATES)
    check_accounts(out, parts.accounts, parts.candidates, judge_kam=judge_kam)
    check_account_plans(out, parts.accounts)
    if parts.competencies is not None and parts.candidates is not None:
        check_development(out, parts.competencies, parts.candidates)
        check_kam_suitability(out, parts.accounts, parts.competencies, parts.candidates)
    check_portfolio(out, parts.portfolio, parts.accounts, present=out.exists(PORTFOLIO))
    check_chapters(out, parts.chapters)
    return out.problems
