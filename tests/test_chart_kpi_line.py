"""The KPI line chart of the goals page: measured values, plan path, target and as_of on a date scale."""

from __future__ import annotations

import datetime as dt
import re

from kamdocs.analysis.kpis import analyse_kpis
from kamdocs.analysis.results import KpiResult
from kamdocs.model import Goals
from kamdocs.render.charts.kpi_line import PLOT_X0, PLOT_X1, kpi_line
from kamdocs.render.formatting import Formatter
from kamdocs.render.i18n import catalogue

AS_OF = dt.date(2027, 4, 1)


def kpi(**fields: object) -> KpiResult:
    base = {"id": "k", "name": "Umsatz", "unit": "Mio. EUR", "direction": "increase", "baseline": 40, "target": 48}
    goals = Goals.model_validate({"goals": [{"id": "g", "title": "G", "kpis": [{**base, **fields}]}]})
    return analyse_kpis(goals, AS_OF).kpis[0]


def draw(result: KpiResult, as_of: dt.date = AS_OF) -> str:
    return str(kpi_line(result, as_of=as_of, fmt=Formatter("de", "EUR"), t=catalogue("de"), chart_id="kpi-line-k"))


def polyline(svg: str, cls: str) -> list[tuple[float, float]]:
    found = re.search(rf'<polyline class="{cls}" points="([^"]+)"', svg)
    assert found is not None, cls
    return [(float(x), float(y)) for x, y in (p.split(",") for p in found.group(1).split())]


def test_the_plan_path_runs_through_baseline_plan_points_and_target_on_a_date_scale() -> None:
    # the worked example of formulas.md: 60 days to the plan point, 60 more to the due date
    svg = draw(
        kpi(
            baseline_date="2027-01-01",
            plan=[{"date": "2027-03-02", "value": 46}],
            due="2027-05-01",
            history=[{"date": "2027-01-29", "value": 42}, {"date": "2027-03-01", "value": 43}],
        )
    )
    plan = polyline(svg, "plan-line")
    assert len(plan) == 3
    # the chart spans the baseline date to the due date: the plan point lies halfway
    assert plan[0][0] == PLOT_X0 and plan[2][0] == PLOT_X1
    assert abs(plan[1][0] - (PLOT_X0 + PLOT_X1) / 2) < 0.01
    assert plan[1][1] < plan[0][1] and plan[2][1] < plan[1][1]  # rising values are drawn upwards
    assert len(polyline(svg, "history-line")) == 2
    # the last measured value is the actual: drawn in the colour of its status
    assert svg.count('class="history-point"') == 1 and 'class="history-point actual-point--at_risk"' in svg
    assert 'class="plan-point"' in svg and "Zwischenziel" not in svg  # the table names it, the chart says Plan
    assert "Stichtag" in svg and ">Ziel<" in svg
    assert "gemessen: 29.01.2027 42, 01.03.2027 43" in svg  # the accessible description


def test_a_value_after_as_of_is_not_drawn_and_an_undated_actual_sits_on_as_of() -> None:
    svg = draw(kpi(history=[{"date": "2027-03-01", "value": 43}, {"date": "2027-06-01", "value": 47}]))
    assert "<polyline" not in svg.replace('class="plan-line"', "")  # one value: no line, no plan path
    assert svg.count("history-point") == 1 and "47" not in re.sub(r"<desc.*?</desc>", "", svg)
    written = draw(kpi(actual=44, baseline_date="2027-01-01", due="2027-12-31"))
    assert 'class="actual-point actual-point--' in written


def test_same_input_same_bytes() -> None:
    result = kpi(baseline_date="2027-01-01", due="2027-12-31", actual=44)
    assert draw(result) == draw(result)
