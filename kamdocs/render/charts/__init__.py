"""Charts as inline SVG: pure functions from analysis results to one ``<svg>`` element each.

Every function returns :class:`markupsafe.Markup` holding a single ``<svg role="img">`` with a
``<title>`` and ``<desc>`` whose ids derive from the caller's ``chart_id``, a ``viewBox`` and
``width="100%"``; elements carry class names (``bar bar--at_risk``, ``task task--overdue`` …) so
that a theme's CSS can restyle them, and default colours as presentation attributes so that the
chart looks right without any CSS (WeasyPrint does not resolve ``var()`` in attributes).
"""

from kamdocs.render.charts.bars import kpi_bars, progress_bar, readiness_bars
from kamdocs.render.charts.competency import radar
from kamdocs.render.charts.gantt import gantt
from kamdocs.render.charts.heatmap import team_heatmap
from kamdocs.render.charts.kpi_line import kpi_line
from kamdocs.render.charts.org import org_chart
from kamdocs.render.charts.portfolio import portfolio_matrix
from kamdocs.render.charts.trend import trend_chart

__all__ = [
    "gantt",
    "kpi_bars",
    "kpi_line",
    "org_chart",
    "portfolio_matrix",
    "progress_bar",
    "radar",
    "readiness_bars",
    "team_heatmap",
    "trend_chart",
]
