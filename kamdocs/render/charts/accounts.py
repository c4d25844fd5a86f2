"""The charts of an account plan: financials over the years and the relationship map.

- ``account_financials``: per year a light bar for the potential (the account's spend in our
  category), our revenue as a bar inside it and the plan as a dark tick; the share of wallet is
  the filled part of the light bar.
- ``relationship_map``: the contacts in columns by buying-centre role, placed higher the more
  influence they have; the fill is their attitude towards us, the border width our relationship
  with them (1–5); our counterpart is named under the function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup

from kamdocs.model import Contact, FinancialYear
from kamdocs.render.charts import svg
from kamdocs.render.formatting import Formatter

ROLE_ORDER = ("economic_buyer", "decision_maker", "influencer", "champion", "user", "gatekeeper")
ATTITUDE_FILL = {"supporter": "#c8e6c9", "neutral": "#eceff1", "opponent": "#f8d0cc", None: svg.WHITE}
ATTITUDE_STROKE = {"supporter": "#2e7d32", "neutral": "#607d8b", "opponent": "#c62828", None: svg.MUTED}

FIN_WIDTH = 560.0
FIN_HEIGHT = 230.0
FIN_X0 = 78.0
FIN_Y0 = 44.0
FIN_Y1 = FIN_HEIGHT - 28.0


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return float(step * magnitude)
    return float(10 * magnitude)


def financials_chart(
    years: Sequence[FinancialYear], *, fmt: Formatter, t: Callable[..., str], chart_id: str, primary: str | None = None
) -> Markup:
    """Return the bar chart of revenue, plan and potential per year."""
    title = t("account.financials_chart")
    values = [v for row in years for v in (row.revenue, row.plan, row.potential) if v is not None]
    top = _nice_max(max(values, default=0.0))
    body: list[str] = [svg.text(8, 18, title, cls="chart-title", bold=True, fill=svg.INK)]
    legend = (
        (t("account.potential"), svg.PRIMARY_LIGHT, "legend-potential"),
        (t("account.revenue"), svg.PRIMARY, "legend-revenue"),
        (t("account.revenue_plan"), svg.INK, "legend-plan"),
    )
    x = FIN_X0
    for label, colour, cls in legend:
        body.append(svg.rect(x, 26, 10, 10, cls=cls, fill=colour))
        body.append(svg.text(x + 14, 35, label, cls="legend-label", size=10, fill=svg.MUTED))
        x += 24 + svg.text_width(label, 10)

    def to_y(value: float) -> float:
        return FIN_Y1 - value / top * (FIN_Y1 - FIN_Y0)

    for step in range(5):
        tick = top * step / 4
        y = to_y(tick)
        body.append(svg.line(FIN_X0, y, FIN_WIDTH - 10, y, cls="grid", stroke=svg.GRID, stroke_width=1.0))
        body.append(
            svg.text(
                FIN_X0 - 6, y + 4, fmt.money_compact(tick), cls="tick-label", anchor="end", size=10, fill=svg.MUTED
            )
        )
    slot = (FIN_WIDTH - 10 - FIN_X0) / max(len(years), 1)
    bar = min(slot * 0.6, 70.0)
    parts: list[str] = []
    for index, row in enumerate(years):
        left = FIN_X0 + index * slot + (slot - bar) / 2
        if row.potential is not None:
            body.append(
                svg.rect(
                    left,
                    to_y(row.potential),
                    bar,
                    FIN_Y1 - to_y(row.potential),
                    cls="potential",
                    fill=svg.PRIMARY_LIGHT,
                )
            )
        if row.revenue is not None:
            inner = bar * 0.55
            body.append(
                svg.tag(
                    "rect",
                    {
                        "class": "revenue",
                        "x": float(left + (bar - inner) / 2),
                        "y": float(to_y(row.revenue)),
                        "width": float(inner),
                        "height": float(max(FIN_Y1 - to_y(row.revenue), 0.0)),
                        "fill": svg.PRIMARY,
                    },
                    svg.tooltip(f"{row.year} {t('account.revenue')}: {fmt.money(row.revenue)}"),
                )
            )
        if row.plan is not None:
            y = to_y(row.plan)
            body.append(svg.line(left - 4, y, left + bar + 4, y, cls="plan", stroke=svg.INK, stroke_width=2.5))
        body.append(
            svg.text(
                left + bar / 2,
                FIN_HEIGHT - 10,
                str(row.year),
                cls="tick-label",
                anchor="middle",
                size=10,
                fill=svg.MUTED,
            )
        )
        figures = [
            f"{label} {fmt.money_compact(value)}"
            for label, value in (
                (t("account.revenue"), row.revenue),
                (t("account.revenue_plan"), row.plan),
                (t("account.potential"), row.potential),
            )
            if value is not None
        ]
        parts.append(f"{row.year}: {', '.join(figures) or '–'}")
    return svg.document(
        chart_id=chart_id,
        kind="account-financials",
        width=FIN_WIDTH,
        height=FIN_HEIGHT,
        title=title,
        desc="; ".join(parts),
        body=body,
        primary=primary,
    )


MAP_WIDTH = 680.0
MAP_X0 = 70.0
MAP_TOP = 58.0
ROW = 58.0
NODE_H = 48.0


def relationship_map(
    contacts: Sequence[Contact], *, t: Callable[..., str], fmt: Formatter, chart_id: str, primary: str | None = None
) -> Markup:
    """Return the relationship map: contacts by role (columns) and influence (height)."""
    title = t("account.map_title")
    roles = [r for r in ROLE_ORDER if any(c.role == r for c in contacts)]
    if any(c.role is None for c in contacts):
        roles.append("")
    height = MAP_TOP + 5 * ROW + 12
    body: list[str] = [svg.text(8, 18, title, cls="chart-title", bold=True, fill=svg.INK)]
    x = MAP_X0
    for attitude in ("supporter", "neutral", "opponent"):
        label = t(f"site.attitude.{attitude}")
        body.append(
            svg.rect(
                x, 26, 10, 10, cls=f"legend-{attitude}", fill=ATTITUDE_FILL[attitude], stroke=ATTITUDE_STROKE[attitude]
            )
        )
        body.append(svg.text(x + 14, 35, label, cls="legend-label", size=10, fill=svg.MUTED))
        x += 26 + svg.text_width(label, 10)
    column = (MAP_WIDTH - 8 - MAP_X0) / max(len(roles), 1)

    def row_y(influence: int | None) -> float:
        level = influence if influence is not None else 1
        return MAP_TOP + (5 - level) * ROW

    for level in range(5, 0, -1):
        y = row_y(level)
        body.append(svg.line(MAP_X0, y, MAP_WIDTH - 8, y, cls="grid", stroke=svg.GRID, stroke_width=1.0))
        body.append(svg.text(MAP_X0 - 8, y + ROW / 2 + 4, f"{t('account.map_influence')} {level}", cls="tick-label",
                             anchor="end", size=10, fill=svg.MUTED))  # fmt: skip
    parts: list[str] = []
    for index, role in enumerate(roles):
        left = MAP_X0 + index * column
        label = t(f"site.contact_role.{role}") if role else t("account.map_no_role")
        body.append(svg.text(left + column / 2, MAP_TOP - 6, svg.fit(label, column - 6, 11), cls="role-label",
                             anchor="middle", size=11, bold=True, fill=svg.INK))  # fmt: skip
        members = [c for c in contacts if (c.role or "") == role]
        for level in range(5, 0, -1):
            cell = [c for c in members if (c.influence or 1) == level]
            if not cell:
                continue
            width = column / len(cell)
            for k, contact in enumerate(cell):
                top = row_y(level) + (ROW - NODE_H) / 2
                parts.append(_node(body, contact, left + k * width + 3, top, width - 6, t))
    return svg.document(
        chart_id=chart_id,
        kind="relationship-map",
        width=MAP_WIDTH,
        height=height,
        title=title,
        desc=t("account.map_desc") + " " + "; ".join(parts),
        body=body,
        primary=primary,
    )


def _node(body: list[str], contact: Contact, x: float, y: float, w: float, t: Callable[..., str]) -> str:
    """Draw one contact; return its description for the chart's ``desc``."""
    strength = contact.relationship or 1
    body.append(
        svg.rect(
            x,
            y,
            w,
            NODE_H,
            cls=f"contact contact--{contact.attitude or 'unknown'}",
            fill=ATTITUDE_FILL[contact.attitude],
            stroke=ATTITUDE_STROKE[contact.attitude],
            stroke_width=0.5 + strength * 0.7,
            rx=6.0,
        )
    )
    lines = [(contact.name, 11.0, True, svg.INK)]
    if contact.function:
        lines.append((contact.function, 9.5, False, svg.MUTED))
    if contact.counterpart:
        lines.append(("↔ " + contact.counterpart, 9.5, False, svg.MUTED))
    first = y + NODE_H / 2 - (len(lines) - 1) * 6.5 + 4
    for i, (content, size, bold, colour) in enumerate(lines):
        body.append(
            svg.text(x + w / 2, first + i * 13, svg.fit(content, w - 8, size, bold=bold), cls="contact-label",
                     anchor="middle", size=size, bold=bold, fill=colour)
        )  # fmt: skip
    facts = [contact.name]
    if contact.function:
        facts.append(contact.function)
    if contact.attitude:
        facts.append(t(f"site.attitude.{contact.attitude}"))
    facts.append(f"{t('account.influence')} {contact.influence or '–'}")
    facts.append(f"{t('account.relationship')} {contact.relationship or '–'}")
    if contact.counterpart:
        facts.append(f"{t('account.counterpart')} {contact.counterpart}")
    return ", ".join(facts)
