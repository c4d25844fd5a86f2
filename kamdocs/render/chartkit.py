"""The charts a template can draw with ``chart("name", data, chart_id=…)``: one adapter per chart.

Each adapter passes the chart function of :mod:`kamdocs.render.charts` exactly the formatter,
labels, brand colour and (for the portfolio) the session's label placements it takes. Data of the
wrong kind is the theme's mistake and becomes a template error naming the chart; an exception
inside a chart function is kamdocs' own bug (docs/themes.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from kamdocs.analysis.results import (
    CandidateFit,
    CompetencyResult,
    KpiResult,
    KpiSummary,
    Portfolio,
    ReadinessResult,
    Schedule,
)
from kamdocs.model import Variant
from kamdocs.model.versions import HistoryEntry
from kamdocs.render import charts
from kamdocs.render.charts.accounts import financials_chart, relationship_map
from kamdocs.render.charts.bars import SMALLEST as BARS_SMALLEST
from kamdocs.render.charts.bars import WIDTH as BARS_WIDTH
from kamdocs.render.charts.gantt import SMALLEST as GANTT_SMALLEST
from kamdocs.render.charts.gantt import WIDTH as GANTT_WIDTH
from kamdocs.render.charts.gantt_parts import gantt_parts
from kamdocs.render.charts.org import BADGE_SIZE as ORG_BADGE
from kamdocs.render.charts.org import MARGIN as ORG_MARGIN
from kamdocs.render.charts.org import MAX_WIDTH as ORG_MAX_WIDTH
from kamdocs.render.charts.portfolio import LabelPlacements
from kamdocs.render.formatting import Formatter
from kamdocs.render.sandbox import ThemeError
from kamdocs.site.account_payloads import AccountFinancialsData, ContactsData
from kamdocs.site.payloads import HistoryData

MIN_TEXT_PT = 7.0
"""The smallest text the PDF prints (docs/typography.md), charts included."""
GANTT_PART_PT = 430.0
"""The tallest part of a printed Gantt chart (pt): about 60 % of an A4 page's text height."""
GANTT_PRINT_LABELS = 250.0
"""The column of task names of a printed Gantt chart (user units; the site's is wider)."""


@dataclass(frozen=True)
class ChartStyle:
    """What every chart of one output shares: formatting, labels, colour and cached label placements."""

    fmt: Formatter
    t: Callable[..., str]
    primary: str | None = None
    """The brand colour written into the SVG (print: WeasyPrint ignores page CSS in SVG); None on the site."""
    placements: LabelPlacements | None = None
    print_width: float | None = None
    """Print: the text width in pt, which a chart fills; None on the site (the chart's natural size)."""

    def widest(self, natural: float, smallest: float) -> float:
        """Return the width (user units) to draw a chart at.

        In print, narrow enough for text of ``smallest`` user units to print at least
        MIN_TEXT_PT when the chart fills the text width.
        """
        if self.print_width is None:
            return natural
        return min(natural, self.print_width * smallest / MIN_TEXT_PT)


def _expect(chart: str, value: Any, kind: type[Any] | tuple[type[Any], ...], what: str) -> None:
    if not isinstance(value, kind):
        raise ThemeError(f"chart {chart!r} draws {what}, not {type(value).__name__}")


def _readiness_bars(style: ChartStyle, result: Any, *, chart_id: str) -> Markup:
    _expect("readiness_bars", result, ReadinessResult, "a readiness result")
    width = style.widest(BARS_WIDTH, BARS_SMALLEST)
    return charts.readiness_bars(
        result, fmt=style.fmt, t=style.t, chart_id=chart_id, primary=style.primary, width=width
    )


def _kpi_bars(style: ChartStyle, summary: Any, *, chart_id: str) -> Markup:
    _expect("kpi_bars", summary, KpiSummary, "a KPI summary")
    width = style.widest(BARS_WIDTH, BARS_SMALLEST)
    return charts.kpi_bars(summary, fmt=style.fmt, t=style.t, chart_id=chart_id, primary=style.primary, width=width)


def _kpi_line(style: ChartStyle, kpi: Any, *, chart_id: str, as_of: dt.date) -> Markup:
    _expect("kpi_line", kpi, KpiResult, "one KPI")
    _expect("kpi_line", as_of, dt.date, "up to a date (as_of)")
    return charts.kpi_line(kpi, as_of=as_of, fmt=style.fmt, t=style.t, chart_id=chart_id, primary=style.primary)


def _gantt(style: ChartStyle, schedule: Any, *, chart_id: str, as_of: dt.date, phase_titles: dict[str, str]) -> Markup:
    _expect("gantt", schedule, Schedule, "a schedule")
    _expect("gantt", as_of, dt.date, "up to a date (as_of)")
    options: dict[str, Any] = {
        "fmt": style.fmt,
        "t": style.t,
        "chart_id": chart_id,
        "phase_titles": dict(phase_titles),
        "primary": style.primary,
    }
    if style.print_width is None:
        return charts.gantt(schedule, as_of=as_of, **options)
    # Print: narrower, full task names broken over lines, and parts of whole phases that pages
    # may break between (charts.gantt_parts).
    width = style.widest(GANTT_WIDTH, GANTT_SMALLEST)
    part_height = GANTT_PART_PT * width / style.print_width
    parts = gantt_parts(
        schedule, as_of=as_of, max_height=part_height, width=width, label_width=GANTT_PRINT_LABELS, wrap=True, **options
    )
    return Markup("".join(parts))  # noqa: S704 - each part is a chart function's escaped SVG


def _org_chart(style: ChartStyle, variant: Any, *, chart_id: str) -> Markup:
    _expect("org_chart", variant, Variant, "an organisation variant")
    widest = style.widest(ORG_MAX_WIDTH + 2 * ORG_MARGIN, ORG_BADGE) - 2 * ORG_MARGIN
    return charts.org_chart(variant, t=style.t, chart_id=chart_id, primary=style.primary, max_width=widest)


def _radar(style: ChartStyle, team: Any, *, chart_id: str, candidate: CandidateFit | None, scale_max: int) -> Markup:
    _expect("radar", team, tuple, "the team's competencies")
    _expect("radar", candidate, (CandidateFit, type(None)), "a candidate or none")
    return charts.radar(
        team,
        candidate=candidate,
        scale_max=scale_max,
        t=style.t,
        chart_id=chart_id,
        fmt=style.fmt,
        primary=style.primary,
    )


def _team_heatmap(style: ChartStyle, result: Any, *, chart_id: str, individuals: bool) -> Markup:
    _expect("team_heatmap", result, CompetencyResult, "a competency result")
    return charts.team_heatmap(
        result, t=style.t, fmt=style.fmt, chart_id=chart_id, individuals=bool(individuals), primary=style.primary
    )


def _portfolio_matrix(style: ChartStyle, portfolio: Any, *, chart_id: str) -> Markup:
    _expect("portfolio_matrix", portfolio, Portfolio, "a portfolio")
    return charts.portfolio_matrix(
        portfolio, fmt=style.fmt, t=style.t, chart_id=chart_id, primary=style.primary, placements=style.placements
    )


def _progress_bar(style: ChartStyle, value: Any, *, chart_id: str, width: float = 120.0) -> Markup:
    _expect("progress_bar", value, (int, float, type(None)), "a percentage or none")
    _expect("progress_bar", width, (int, float), "to a width")
    return charts.progress_bar(
        value, fmt=style.fmt, t=style.t, chart_id=chart_id, width=min(float(width), 2000.0), primary=style.primary
    )


_HISTORY_FIGURES = ("readiness", "at_risk", "end", "overdue", "budget", "accounts")


def _history_value(entry: HistoryEntry, figure: str) -> float | None:
    f = entry.figures
    if f is None:
        return None
    if figure == "at_risk":
        return None if f.kpis is None else float(f.kpis.get("at_risk", 0))
    if figure == "end":
        return None if f.end is None else float(f.end.toordinal())
    value = getattr(f, figure)
    return None if value is None else float(value)


def _history_trend(style: ChartStyle, data: Any, *, chart_id: str, figure: str) -> Markup:
    _expect("history_trend", data, HistoryData, "the history page's data")
    if figure not in _HISTORY_FIGURES:
        raise ThemeError(f"chart 'history_trend' draws one of {', '.join(_HISTORY_FIGURES)}, not {figure!r}")
    entries = list(reversed(data.entries))  # oldest first: the line reads left to right
    fmt = style.fmt

    def text(value: float) -> str:
        if figure == "readiness":
            return fmt.percent(value)
        if figure == "budget":
            return fmt.money(value)
        if figure == "end":
            return fmt.date(dt.date.fromordinal(round(value)), "short")
        return fmt.number(value)

    return charts.trend_chart(
        [_history_value(e, figure) for e in entries],
        [fmt.date(e.revision.date, "short") for e in entries],
        title=style.t(f"history.chart.{figure}"),
        value_text=text,
        chart_id=chart_id,
        from_zero=figure in ("at_risk", "overdue", "accounts"),
        flat_pad=30.0 if figure == "end" else None,
        primary=style.primary,
    )


def _account_financials(style: ChartStyle, data: Any, *, chart_id: str) -> Markup:
    _expect("account_financials", data, AccountFinancialsData, "an account's financials")
    return financials_chart(data.years, fmt=style.fmt, t=style.t, chart_id=chart_id, primary=style.primary)


def _relationship_map(style: ChartStyle, data: Any, *, chart_id: str) -> Markup:
    _expect("relationship_map", data, ContactsData, "an account's contacts")
    if not data.names:  # drawn only where names may be shown (restricted)
        raise ThemeError("chart 'relationship_map' draws contacts with their names: only where they may be shown")
    return relationship_map(data.contacts, t=style.t, fmt=style.fmt, chart_id=chart_id, primary=style.primary)


CHARTS: dict[str, Callable[..., Markup]] = {
    "readiness_bars": _readiness_bars,
    "kpi_bars": _kpi_bars,
    "kpi_line": _kpi_line,
    "gantt": _gantt,
    "org_chart": _org_chart,
    "radar": _radar,
    "team_heatmap": _team_heatmap,
    "portfolio_matrix": _portfolio_matrix,
    "progress_bar": _progress_bar,
    "history_trend": _history_trend,
    "account_financials": _account_financials,
    "relationship_map": _relationship_map,
}
"""Every chart a template can draw, by name (docs/themes.md lists their arguments)."""


@dataclass(frozen=True)
class Charts:
    """The template global ``chart``: draw the chart ``name`` with this output's style."""

    kamdocs_template_helper = True
    style: ChartStyle

    def __call__(self, name: str, *args: Any, **kwargs: Any) -> Markup:
        """Return the chart ``name`` as inline SVG."""
        draw = CHARTS.get(name)
        if draw is None:
            raise ThemeError(f"unknown chart {name!r}; charts: {', '.join(sorted(CHARTS))}")
        try:
            return Markup(draw(self.style, *args, **kwargs))  # noqa: S704 - the chart functions escape their text
        except TypeError as error:
            # Raised by the call itself (a missing or unknown argument), not inside the chart: the theme's.
            if error.__traceback__ is not None and error.__traceback__.tb_next is None:
                raise ThemeError(f"chart {name!r}: {str(error).split('() ', 1)[-1]}") from None
            raise
