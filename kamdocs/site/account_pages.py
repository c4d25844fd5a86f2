"""The key-accounts overview and one page per account: the complete account plan (format v2).

An account page shows, in this order and each only when the plan has it: key figures, scores, the
customer, our position (suppliers and SWOT), value proposition and mission, financials, goals,
relationship map, actions and reviews. The PDF's account chapter and ``build --account`` draw the
same sections.
"""

from __future__ import annotations

from collections.abc import Callable

from kamdocs.analysis.audience import View
from kamdocs.model import Heading
from kamdocs.site import account_extract as ax
from kamdocs.site import extract
from kamdocs.site.catalogue import PAGES, SECTIONS
from kamdocs.site.model import Page, Section
from kamdocs.site.payloads import Payload

Labels = Callable[[str], str]


def _section(anchor: str, title: str, kind: str, data: Payload) -> Section:
    expected = SECTIONS[kind].payload
    if not isinstance(data, expected):  # a programming error: the catalogue and the builders disagree
        raise TypeError(f"section {kind!r} is drawn from {expected.__name__}, not {type(data).__name__}")
    return Section(anchor, title, kind, data)


def _page(kind: str, url: str, title: str, sections: list[Section], key: str | None, data: Payload | None) -> Page:
    toc = tuple(Heading(s.anchor, s.title) for s in sections)
    return Page(kind, url, title, PAGES[kind].weight, tuple(sections), (), toc, key, None, data)


def _overview(view: View, _: Labels) -> Page | None:
    portfolio = extract.portfolio(view)
    if portfolio is None:
        return None
    sections = []
    if view.audience != "customer":  # the customer version shows no portfolio (other accounts' names)
        sections.append(_section("portfolio", _("site.section.portfolio"), "portfolio", portfolio))
    criteria = extract.portfolio_criteria(view)
    if criteria is not None and view.audience != "customer":
        sections.append(
            _section("portfolio-criteria", _("site.section.portfolio_criteria"), "portfolio_criteria", criteria)
        )
    table = ax.overview(view)
    if table is not None:
        sections.append(_section("account-list", _("site.section.account_list"), "account_table", table))
    allocation = extract.kam_allocation(view)
    if allocation is not None and view.audience != "customer":
        sections.append(_section("kam-allocation", _("site.section.kam_allocation"), "kam_allocation", allocation))
    return _page("accounts", PAGES["accounts"].url, _("site.page.accounts"), sections, None, None)


def account_pages(view: View, labels: Labels) -> list[Page]:
    """Return the accounts overview and the account pages (none without accounts)."""
    _ = labels
    accounts = view.playbook.accounts
    overview = _overview(view, labels)
    if not accounts or overview is None:
        return []
    pages = [overview]
    portfolio = view.analysis.portfolio
    # By id: a scan per account page made the pages of 300 accounts O(N²).
    positions = {position.id: position for position in portfolio.accounts} if portfolio is not None else {}
    folder = PAGES["accounts"].url.rsplit("/", 1)[0]
    for account in accounts:
        position = positions[account.id]
        parts: list[tuple[str, str, str, Payload | None]] = [
            ("summary", "account_summary", "account_summary", ax.summary(view, account, position)),
            ("scores", "scores", "account_scores", ax.scores(view, account, position)),
            ("customer", "account_customer", "account_customer", ax.customer(account)),
            ("position", "account_position", "account_position", ax.our_position(account)),
            (
                "value",
                "account_value" if account.value_proposition else "account_mission",
                "account_value",
                ax.value(account),
            ),
            ("financials", "account_financials", "account_financials", ax.financials(view, account)),
            ("account-goals", "account_goals", "account_goals", ax.goals(view, account)),
            ("contacts", "contacts", "account_contacts", ax.contacts(view, account)),
            ("actions", "account_actions", "account_actions", ax.actions(view, account)),
            ("reviews", "account_reviews", "account_reviews", ax.reviews(view, account)),
        ]
        sections = [
            _section(anchor, _(f"site.section.{label}"), kind, data)
            for anchor, label, kind, data in parts
            if data is not None
        ]
        header = ax.header(view, account)
        pages.append(_page("account", f"{folder}/{account.id}.html", account.name, sections, account.id, header))
    return pages
