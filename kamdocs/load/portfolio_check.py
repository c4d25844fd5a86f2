"""Cross-checks of the portfolio: data/portfolio.yaml and the accounts' scores (docs/check-rules.md).

With data/portfolio.yaml every account scores exactly its criteria under ``scores:``; the v1
lists ``attractiveness:``/``position:`` are an error there (they would be silently ignored).
Without it, ``scores:`` is an error (its ids mean nothing), the v1 lists work, a warning names
each account that uses other criteria or weights than the most common set (ties: the first
account's), and one note names data/portfolio.yaml, the form that format v2 gives for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from kamdocs.errors import Severity
from kamdocs.load.findings import Reporter, unique_ids
from kamdocs.model import Account, PortfolioCriteria
from kamdocs.suggest import suggest

PORTFOLIO = "data/portfolio.yaml"
DIMENSIONS = ("attractiveness", "position")

Signature = tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]]


def check_portfolio(
    out: Reporter, criteria: PortfolioCriteria | None, accounts: Sequence[tuple[str, Account]], *, present: bool
) -> None:
    """Check portfolio.yaml's ids and every account's scores against it (or, without it, the v1 lists)."""
    if criteria is not None:
        for dimension in DIMENSIONS:
            items = getattr(criteria, dimension)
            unique_ids(out, PORTFOLIO, [((dimension, i), c.id) for i, c in enumerate(items)], f"{dimension} criterion")
        for rel, account in accounts:
            _check_scores(out, criteria, rel, account)
    elif not present:
        _check_v1(out, accounts)


def _check_scores(out: Reporter, criteria: PortfolioCriteria, rel: str, account: Account) -> None:
    for dimension in DIMENSIONS:
        if getattr(account, dimension):
            out.error(
                rel,
                (dimension,),
                f"with {PORTFOLIO} the account is scored on its criteria under 'scores:', so the list "
                f"'{dimension}:' is not used; write 'scores: {{{dimension}: {{<criterion id>: <1–10>, …}}}}' "
                "instead",
                key=True,
            )
    scores = account.scores
    if scores is None:
        ids = "; ".join(f"{d}: {', '.join(c.id for c in getattr(criteria, d)) or '–'}" for d in DIMENSIONS)
        out.error(
            rel,
            ("id",),
            f"account {account.id!r} has no scores; {PORTFOLIO} asks every account for one score 1–10 per "
            f"criterion ({ids}) under 'scores:'",
        )
        return
    for dimension in DIMENSIONS:
        known = [c.id for c in getattr(criteria, dimension)]
        given: dict[str, float] = getattr(scores, dimension)
        left_out = out.left_out(PORTFOLIO, dimension)
        for key in given:
            if key not in known and key not in left_out:
                hint = suggest(key, known) if known else f"; {PORTFOLIO} defines no {dimension} criteria"
                out.error(rel, ("scores", dimension, key), f"unknown {dimension} criterion {key!r}{hint}", key=True)
        missing = [cid for cid in known if cid not in given]
        if missing:
            where = ("scores", dimension) if dimension in scores.model_fields_set else ("scores",)
            out.error(
                rel,
                where,
                f"account {account.id!r} has no {dimension} score for {', '.join(map(repr, missing))}; "
                f"{PORTFOLIO} asks every account for one score 1–10 per criterion",
                key=True,
            )


def _signature(account: Account) -> Signature:
    return (
        tuple(sorted((c.criterion.strip().casefold(), c.weight) for c in account.attractiveness)),
        tuple(sorted((c.criterion.strip().casefold(), c.weight) for c in account.position)),
    )


def _check_v1(out: Reporter, accounts: Sequence[tuple[str, Account]]) -> None:
    for rel, account in accounts:
        if account.scores is not None:
            out.error(
                rel,
                ("scores",),
                f"'scores:' refers to the criterion ids of {PORTFOLIO}, which does not exist; write that "
                "file (docs/formats.md#dataportfolioyaml), or score with the lists 'attractiveness:' and "
                "'position:'",
                key=True,
            )
    scored = [(rel, a) for rel, a in accounts if a.attractiveness or a.position]
    if not scored:
        return
    signatures = {rel: _signature(a) for rel, a in scored}
    counts = Counter(signatures.values())
    most = max(counts.values())
    usual = next(signatures[rel] for rel, _ in scored if counts[signatures[rel]] == most)
    reference = next(a for rel, a in scored if signatures[rel] == usual)
    for rel, account in scored:
        if signatures[rel] != usual:
            out.warning(
                rel,
                ("attractiveness",) if account.attractiveness else ("position",),
                f"account {account.id!r} scores the portfolio on other criteria or weights than "
                f"{reference.id!r}, so their places in the portfolio matrix are not comparable; put one set "
                f"of criteria and weights into {PORTFOLIO} (format v2) and score every account on it",
                key=True,
            )
    rel, account = scored[0]
    out.add(
        rel,
        ("attractiveness",) if account.attractiveness else ("position",),
        Severity.NOTE,
        f"the accounts score the portfolio with their own criteria lists; {PORTFOLIO} (format v2) gives "
        "every account the same criteria and weights, and each account then writes only 'scores:'",
        key=True,
    )
