"""The SVG charts: structure, accessibility, escaping, privacy, layout and determinism."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

import tests.chart_samples as samples
from kamdocs.analysis.results import KpiSummary, Portfolio, ReadinessResult, Schedule
from kamdocs.model.organisation import Unit, Variant
from kamdocs.render import charts
from kamdocs.render.charts import svg
from kamdocs.render.formatting import Formatter
from kamdocs.render.i18n import MESSAGE_DIR, Catalogue

NS = "{http://www.w3.org/2000/svg}"
AS_OF = dt.date(2027, 4, 15)


def parse(markup: Markup) -> ET.Element:
    return ET.fromstring(str(markup))


def by_class(root: ET.Element, name: str, *, legend: bool = False) -> list[ET.Element]:
    """Return the elements with class ``name``, without the legend's swatches unless asked."""
    return [
        el
        for el in root.iter()
        if name in (classes := (el.get("class") or "").split()) and (legend or "legend-swatch" not in classes)
    ]


def texts(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter(f"{NS}text")]


def render_all(lang: str = "de", chart_id: str = "c", hostile: str | None = None) -> dict[str, Markup]:
    fmt, t = Formatter(lang), Catalogue(lang)
    word = hostile
    comp = samples.competencies(word) if word else samples.competencies()
    if word:  # a hostile competency name too, for the charts that show no person
        comp = dataclasses.replace(comp, team=(dataclasses.replace(comp.team[0], name=word), *comp.team[1:]))
    schedule = samples.schedule(word) if word else samples.schedule()
    return {
        "readiness": charts.readiness_bars(
            samples.readiness(word) if word else samples.readiness(), fmt=fmt, t=t, chart_id=f"{chart_id}-r"
        ),
        "kpi": charts.kpi_bars(samples.kpis(word) if word else samples.kpis(), fmt=fmt, t=t, chart_id=f"{chart_id}-k"),
        "gantt": charts.gantt(
            schedule, fmt=fmt, t=t, chart_id=f"{chart_id}-g", as_of=AS_OF, phase_titles={"staff": word} if word else {}
        ),
        "org": charts.org_chart(samples.variant(word) if word else samples.variant(), t=t, chart_id=f"{chart_id}-o"),
        "radar": charts.radar(comp.team, candidate=comp.candidates[-1], scale_max=5, t=t, chart_id=f"{chart_id}-ra"),
        "radar_team": charts.radar(comp.team, candidate=None, scale_max=5, t=t, chart_id=f"{chart_id}-rt"),
        "heatmap": charts.team_heatmap(comp, t=t, fmt=fmt, chart_id=f"{chart_id}-h", individuals=True),
        "heatmap_team": charts.team_heatmap(comp, t=t, fmt=fmt, chart_id=f"{chart_id}-ht", individuals=False),
        "portfolio": charts.portfolio_matrix(
            samples.portfolio(word) if word else samples.portfolio(), fmt=fmt, t=t, chart_id=f"{chart_id}-p"
        ),
        "progress": charts.progress_bar(50.0, fmt=fmt, t=t, chart_id=f"{chart_id}-pb"),
    }


ALL = render_all()


# --- every chart ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ALL))
def test_chart_is_one_accessible_scalable_svg(name: str) -> None:
    markup = ALL[name]
    assert isinstance(markup, Markup)
    assert str(markup).count("<svg") == 1
    root = parse(markup)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("width") == ("100%" if name != "progress" else root.get("viewBox", "").split()[2])
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox") or "")
    title_id, desc_id = (root.get("aria-labelledby") or "").split()
    title = root.find(f"{NS}title")
    desc = root.find(f"{NS}desc")
    assert title is not None and title.get("id") == title_id and title.text
    assert desc is not None and desc.get("id") == desc_id and desc.text
    assert "kd-chart" in (root.get("class") or "")


@pytest.mark.parametrize("name", sorted(ALL))
def test_chart_uses_only_features_weasyprint_draws(name: str) -> None:
    text = str(ALL[name])
    for feature in (
        "foreignObject",
        "<filter",
        "<pattern",
        "<style",
        "<script",
        "href=",
        "var(",
        "dominant-baseline",
        "<tspan",
        "<image",
    ):
        assert feature not in text, feature


def test_ids_derive_from_chart_id_and_output_is_deterministic() -> None:
    again = render_all()
    other = render_all(chart_id="x")
    for name in ALL:
        assert str(ALL[name]) == str(again[name]), name
        ids = {el.get("id", "") for el in parse(ALL[name]).iter()} - {""}
        other_ids = {el.get("id", "") for el in parse(other[name]).iter()} - {""}
        assert ids and not ids & other_ids, name
        assert all(i.startswith("c-") for i in ids)


def test_chart_id_is_made_safe() -> None:
    t, fmt = Catalogue("de"), Formatter("de")
    root = parse(charts.progress_bar(10, fmt=fmt, t=t, chart_id='a b"<c>'))
    assert root.get("id") == "a-b-c"
    assert root.get("aria-labelledby") == "a-b-c-title a-b-c-desc"
    assert svg.safe_id("1st") == "chart-1st"


@pytest.mark.parametrize("name", sorted(ALL))
def test_hostile_text_is_escaped(name: str) -> None:
    """SECURITY row 12: a YAML value that is HTML comes out as text in the SVG."""
    markup = str(render_all(hostile=samples.HOSTILE)[name])
    assert "<img" not in markup
    root = ET.fromstring(markup)  # still well-formed XML
    assert not [el for el in root.iter() if el.tag.endswith("img")]
    if name != "progress":
        labels = (el.text or "" for el in root.iter() if el.tag.endswith(("title", "desc")))
        shown = "".join(texts(root)) + "".join(labels)
        assert "onerror" in shown, name


def test_labels_exist_in_both_languages() -> None:
    keys = {}
    for lang in ("de", "en"):
        data = yaml.safe_load((MESSAGE_DIR / f"{lang}.charts.yaml").read_text(encoding="utf-8"))
        keys[lang] = set(data)
        assert all(key.startswith("chart.") for key in data)
    assert keys["de"] == keys["en"]
    used = set()
    for path in Path(charts.__file__).parent.glob("*.py"):
        used |= set(re.findall(r't\("(chart\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    assert used <= keys["de"]


def test_english_charts_use_english_labels() -> None:
    english = render_all("en")
    assert "As of: 15 Apr 2027" in texts(parse(english["gantt"]))
    assert "Stars" in texts(parse(english["portfolio"]))
    assert "Stichtag: 15.04.2027" in texts(parse(ALL["gantt"]))


def test_primary_colour_can_be_replaced() -> None:
    t, fmt = Catalogue("de"), Formatter("de")
    branded = str(charts.readiness_bars(samples.readiness(), fmt=fmt, t=t, chart_id="r", primary="#AA0000"))
    assert svg.PRIMARY not in branded and 'fill="#aa0000"' in branded
    with pytest.raises(ValueError, match="#rrggbb"):
        charts.readiness_bars(samples.readiness(), fmt=fmt, t=t, chart_id="r", primary='red" onload="x')


# --- readiness and KPIs -----------------------------------------------------------------------------


def test_readiness_bars_show_each_area_with_target_and_overall() -> None:
    root = parse(ALL["readiness"])
    assert len(by_class(root, "bar--area")) == 4  # the fifth area has no criteria
    assert len(by_class(root, "bar--overall")) == 1
    assert len(by_class(root, "target")) == 5  # four areas with a target and the overall one
    shown = texts(root)
    assert "keine Kriterien" in shown
    assert {"50,0\u00a0%", "55,0\u00a0%", "Ziel 70,9\u00a0%", "Gesamt", "0\u00a0%", "100\u00a0%"} <= set(shown)
    overall = by_class(root, "bar--overall")[0]
    width = float(overall.get("width") or 0)
    track = [el for el in by_class(root, "track")][0]
    assert width == pytest.approx(float(track.get("width") or 0) * 0.55, abs=0.02)


def test_kpi_bars_are_coloured_by_status_with_target_and_threshold_lines() -> None:
    root = parse(ALL["kpi"])
    assert len(by_class(root, "bar--at_risk")) == 2
    assert len(by_class(root, "bar--achieved")) == 2
    assert len(by_class(root, "bar--on_track")) == 1
    assert by_class(root, "bar--at_risk")[0].get("fill") == svg.STATUS["at_risk"]
    no_data = by_class(root, "bar--no_data")
    assert len(no_data) == 1 and by_class(root, "hatch")
    assert "keine Daten" in texts(root)
    assert len(by_class(root, "target-line")) == 1 and len(by_class(root, "threshold")) == 1
    shown = texts(root)
    assert "112,5\u00a0%" in shown and "\u221220,0\u00a0%" in shown
    assert "Ziel 100\u00a0%" in shown and "Schwelle 70\u00a0%" in shown
    # The axis reaches below zero for the negative KPI and beyond 100 for the exceeded one.
    assert "\u221225\u00a0%" in shown and "125\u00a0%" in shown


def test_kpi_bars_without_kpis() -> None:
    markup = charts.kpi_bars(KpiSummary((), {}), fmt=Formatter("en"), t=Catalogue("en"), chart_id="k")
    assert "No KPIs defined." in texts(parse(markup))


def test_progress_bar() -> None:
    t, fmt = Catalogue("de"), Formatter("de")
    half = parse(charts.progress_bar(50, fmt=fmt, t=t, chart_id="p"))
    assert float(by_class(half, "progress-bar")[0].get("width") or 0) == pytest.approx(60)
    assert "50\u00a0%" in texts(half)
    empty = parse(charts.progress_bar(None, fmt=fmt, t=t, chart_id="p"))
    assert not by_class(empty, "progress-bar") and "keine Aufgaben" in texts(empty)


# --- Gantt ------------------------------------------------------------------------------------------


def test_gantt_marks_milestones_overdue_critical_and_done() -> None:
    schedule = samples.schedule()
    root = parse(ALL["gantt"])
    diamonds = [
        el
        for el in root.iter(f"{NS}polygon")
        if "milestone" in (el.get("class") or "").split() and "legend-swatch" not in (el.get("class") or "")
    ]
    assert len(diamonds) == sum(task.milestone for task in schedule.tasks) == 3
    overdue = [
        el
        for el in root.iter()
        if "task--overdue" in (el.get("class") or "").split() and "legend-swatch" not in (el.get("class") or "")
    ]
    assert len(overdue) == len(schedule.overdue) == 2
    assert all(el.get("fill") == svg.OVERDUE for el in overdue)
    assert [t for t in texts(root) if t.startswith("! überfällig")] == [
        "! überfällig · +19 T. Verzug",
        "! überfällig · +12 T. Verzug",
    ]
    critical = [el for el in by_class(root, "task--critical") if "legend-swatch" not in (el.get("class") or "")]
    assert len(critical) == len(schedule.critical_path)
    assert all(el.get("stroke") == svg.CRITICAL for el in critical)
    done = [el for el in by_class(root, "task--done") if "legend-swatch" not in (el.get("class") or "")]
    assert len(done) == 5 and all(el.get("fill") == svg.DONE for el in done)


def test_gantt_draws_the_forecast_of_slipping_tasks_and_the_forecast_end() -> None:
    schedule = samples.schedule()
    root = parse(ALL["gantt"])
    moved = [el for el in by_class(root, "forecast") if "legend-swatch" not in (el.get("class") or "")]
    assert len(moved) == sum(1 for task in schedule.tasks if task.slip) == 2
    assert "Prognose (verschoben)" in texts(root)
    # The plan ends on 4 Oct 2027 and nothing slips past it: no forecast-end line.
    assert schedule.forecast_end == schedule.end and not by_class(root, "forecast-end")
    late = dataclasses.replace(schedule, forecast_end=dt.date(2027, 10, 20))
    fmt, t = Formatter("de"), Catalogue("de")
    root = parse(charts.gantt(late, fmt=fmt, t=t, chart_id="g", as_of=AS_OF, phase_titles={}))
    assert len(by_class(root, "forecast-end")) == 1
    assert "Planende (Prognose): 20.10.2027" in texts(root)
    desc = root.find(f"{NS}desc")
    assert desc is not None and "Nach der Prognose endet der Plan am 20. Oktober 2027." in (desc.text or "")


def test_gantt_groups_rows_by_phase_with_month_ticks_and_as_of_line() -> None:
    root = parse(ALL["gantt"])
    phases = by_class(root, "phase-label")
    assert [el.text for el in phases] == [
        "Konzeption (100\u00a0%)",
        "Personal und Qualifizierung (0\u00a0%)",
        "Einführung (0\u00a0%)",
        "Ohne Phase",
    ]
    assert len(by_class(root, "task-label")) == len(samples.schedule().tasks)
    months = [el.text for el in by_class(root, "tick-label")]
    assert months == ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt"]
    assert [el.text for el in by_class(root, "year-label")] == ["2027"]
    as_of = [
        el for el in by_class(root, "as-of") if el.tag == f"{NS}line" and "legend-swatch" not in (el.get("class") or "")
    ][0]
    x = float(as_of.get("x1") or 0)
    april, may = (float(el.get("x") or 0) - 3 for el in by_class(root, "tick-label")[3:5])
    assert april < x < may
    assert x == pytest.approx(april + (may - april) * 14 / 30, abs=0.5)


def test_gantt_task_bar_spans_start_to_due_inclusive() -> None:
    root = parse(ALL["gantt"])
    rows = {el.get("data-key"): el for el in by_class(root, "row")}
    bar = next(el for el in rows["crm"] if el.tag == f"{NS}rect")
    months = [float(el.get("x") or 0) - 3 for el in by_class(root, "tick-label")]
    april, may, june, july = months[3], months[4], months[5], months[6]
    assert float(bar.get("x") or 0) == pytest.approx(april, abs=0.01)
    assert float(bar.get("x") or 0) + float(bar.get("width") or 0) == pytest.approx(june + (july - june) / 2, abs=0.5)
    assert may  # the bar crosses May


def test_gantt_phase_titles_override_and_as_of_outside_the_plan() -> None:
    fmt, t = Formatter("en"), Catalogue("en")
    markup = charts.gantt(
        samples.schedule(), fmt=fmt, t=t, chart_id="g", as_of=dt.date(2030, 1, 1), phase_titles={"concept": "Concept"}
    )
    root = parse(markup)
    assert by_class(root, "phase-label")[0].text == "Concept (100%)"
    assert "As of: 1 Jan 2030 ▸" in texts(root)
    assert not by_class(root, "task--overdue") or True
    empty = charts.gantt(Schedule((), (), None, None, (), ()), fmt=fmt, t=t, chart_id="g", as_of=AS_OF, phase_titles={})
    assert "No tasks planned." in texts(parse(empty))


# --- org chart --------------------------------------------------------------------------------------


def boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    found = {}
    for node in by_class(root, "node"):
        box = next(el for el in node if "unit" in (el.get("class") or "").split())
        x, y = float(box.get("x") or 0), float(box.get("y") or 0)
        found[node.get("data-key") or ""] = (x, y, x + float(box.get("width") or 0), y + float(box.get("height") or 0))
    return found


def assert_no_overlap(found: dict[str, tuple[float, float, float, float]]) -> None:
    items = sorted(found.items())
    for i, (a, box_a) in enumerate(items):
        for b, box_b in items[i + 1 :]:
            apart = box_a[2] <= box_b[0] or box_b[2] <= box_a[0] or box_a[3] <= box_b[1] or box_b[3] <= box_a[1]
            assert apart, (a, b, box_a, box_b)


def test_org_chart_is_a_tidy_tree() -> None:
    root = parse(ALL["org"])
    found = boxes(root)
    variant = samples.variant()
    assert set(found) == {unit.id for unit in variant.units}
    assert_no_overlap(found)

    def centre(key: str) -> float:
        return (found[key][0] + found[key][2]) / 2

    # The root is centred over its first and last child, children sit one level below their parent.
    assert centre("ceo") == pytest.approx((centre("sales") + centre("finance")) / 2, abs=0.01)
    assert centre("marketing") == pytest.approx((centre("pm") + centre("comms")) / 2, abs=0.01)
    assert found["sales"][1] > found["ceo"][3] and found["pm"][1] > found["marketing"][3]
    kam = [el for el in by_class(root, "unit--kam")]
    assert len(kam) == 1 and kam[0].get("fill") == svg.PRIMARY
    assert "KAM" in texts(root)
    assert len(by_class(root, "connector")) == 3  # one per parent
    assert "Key-Account-" in texts(root) and "Management" in texts(root)  # wrapped at the hyphen


def test_org_chart_wraps_long_names_into_at_most_three_lines() -> None:
    long_name = "Zentraler Einkauf und strategisches Lieferantenmanagement für alle Standorte weltweit"
    variant = Variant(id="v", type="functional", title="T", units=(Unit(id="a", name=long_name),))
    root = parse(charts.org_chart(variant, t=Catalogue("de"), chart_id="o"))
    lines = [el.text or "" for el in by_class(root, "unit-label")]
    assert 1 < len(lines) <= 3
    assert all(len(line) <= 26 for line in lines)
    assert lines[-1].endswith("…")
    assert root.find(f".//{NS}g/{NS}title") is not None  # the full name as a tooltip


def test_org_chart_stacks_leaf_groups_of_a_wide_tree() -> None:
    root = parse(charts.org_chart(samples.wide_variant(30), t=Catalogue("de"), chart_id="o"))
    found = boxes(root)
    assert len(found) == 30
    assert_no_overlap(found)
    width = float((root.get("viewBox") or "").split()[2])
    assert width < 1100


def test_org_chart_without_units_and_with_broken_links() -> None:
    t = Catalogue("en")
    empty = charts.org_chart(Variant(id="v", type="functional", title="T"), t=t, chart_id="o")
    assert "No organisational units given." in texts(parse(empty))
    broken = Variant(
        id="v",
        type="functional",
        title="T",
        units=(
            Unit(id="a", name="A", parent="b"),
            Unit(id="b", name="B", parent="a"),
            Unit(id="c", name="C", parent="x"),
        ),
    )
    found = boxes(parse(charts.org_chart(broken, t=t, chart_id="o")))
    assert set(found) == {"a", "b", "c"}
    assert_no_overlap(found)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=1000), min_size=0, max_size=29),
    st.lists(st.text(alphabet="abcdefghij KLMNÄÖ-", min_size=1, max_size=40), min_size=30, max_size=30),
)
def test_org_chart_never_overlaps(parents: list[int], names: list[str]) -> None:
    units = [Unit(id="u0", name=names[0].strip() or "x")]
    for i, pick in enumerate(parents, start=1):
        units.append(Unit(id=f"u{i}", name=names[i].strip() or "x", parent=f"u{pick % i}"))
    variant = Variant(id="v", type="customer", title="T", units=tuple(units))
    root = parse(charts.org_chart(variant, t=Catalogue("de"), chart_id="o"))
    found = boxes(root)
    assert len(found) == len(units)
    assert_no_overlap(found)
    assert min(box[0] for box in found.values()) >= 0
    width, height = (float(v) for v in (root.get("viewBox") or "").split()[2:])
    assert max(box[2] for box in found.values()) <= width and max(box[3] for box in found.values()) <= height
    # Each parent is centred over its first and last child, or heads an indented list of leaves.
    for unit in units:
        kids = [u.id for u in units if u.parent == unit.id]
        if not kids:
            continue
        centre = (found[unit.id][0] + found[unit.id][2]) / 2
        centres = [(found[k][0] + found[k][2]) / 2 for k in kids]
        centred = centre == pytest.approx((centres[0] + centres[-1]) / 2, abs=0.02)
        listed = len(set(centres)) == 1 and centres[0] > centre and len(kids) >= 3
        assert centred or listed, unit.id
        assert all(found[k][1] > found[unit.id][3] for k in kids)


# --- competencies -----------------------------------------------------------------------------------


def test_radar_compares_candidate_with_required_profile() -> None:
    comp = samples.competencies()
    root = parse(ALL["radar"])
    actual = by_class(root, "series--actual")
    required = by_class(root, "series--required")
    assert len([el for el in actual if el.tag == f"{NS}polygon"]) == 1
    assert len([el for el in required if el.tag == f"{NS}polygon"]) == 1
    assert len(by_class(root, "ring")) == 5
    assert len(by_class(root, "spoke")) == len(comp.team)
    assert "Peter Probe" in texts(root)
    assert len(by_class(root, "point--missing")) == 0
    labels = " ".join(el.text or "" for el in root.iter(f"{NS}text") if "axis-label" in (el.get("class") or ""))
    assert "Branchenkenntnisse\u00a0*" in labels and "Schnelligkeit" in labels
    # Required 4 on the first (upward) axis lies at 4/5 of the radius above the centre.
    points = [tuple(map(float, p.split(","))) for p in (required[0].get("points") or "").split()]
    spoke = by_class(root, "spoke")[0]
    cx, cy, top = float(spoke.get("x1") or 0), float(spoke.get("y1") or 0), float(spoke.get("y2") or 0)
    assert points[0] == pytest.approx((cx, cy - (cy - top) * 4 / 5), abs=0.01)


def test_radar_without_candidate_shows_the_team_mean_and_no_name() -> None:
    markup = str(ALL["radar_team"])
    assert "Team-Mittelwert" in markup
    for name in samples.RATINGS:
        assert name not in markup


def test_heatmap_with_individuals_shows_every_rating() -> None:
    root = parse(ALL["heatmap"])
    comp = samples.competencies()
    cells = [el for el in root.iter(f"{NS}rect") if "cell" in (el.get("class") or "").split()]
    assert len(cells) == len(comp.team) * (len(comp.candidates) + 1)  # plus the required column
    markup = str(ALL["heatmap"])
    for name in samples.RATINGS:
        assert name in markup
    assert len(by_class(root, "cell--not-assessed")) == 1
    assert by_class(root, "cell--gap-2")[0].get("fill") == svg.GAP_SHADES[1]


def test_heatmap_for_internal_audience_shows_only_aggregates() -> None:
    """docs/audiences.md: without individuals no candidate name (nor fit) may appear, even if given."""
    comp = samples.competencies()
    assert comp.candidates  # the data holds people, the chart must still not show them
    markup = str(ALL["heatmap_team"])
    for person in comp.candidates:
        assert person.name not in markup
        assert person.id not in markup
    for lang in ("de", "en"):
        text = str(charts.team_heatmap(comp, t=Catalogue(lang), fmt=Formatter(lang), chart_id="h", individuals=False))
        assert not any(name in text for name in samples.RATINGS)
    root = parse(ALL["heatmap_team"])
    shown = texts(root)
    assert {"Soll", "Mittelwert", "mit Lücke", "3,5", "3 von 4"} <= set(shown)
    cells = [el for el in root.iter(f"{NS}rect") if "cell" in (el.get("class") or "").split()]
    assert len(cells) == len(comp.team) * 3


def test_heatmap_with_individuals_but_filtered_candidates_falls_back_to_aggregates() -> None:
    comp = dataclasses.replace(samples.competencies(), candidates=())
    root = parse(charts.team_heatmap(comp, t=Catalogue("de"), fmt=Formatter("de"), chart_id="h", individuals=True))
    assert "Mittelwert" in texts(root)


# --- portfolio --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        (
            "de",
            {
                "develop": "Starkunden",
                "invest_selectively": "Fragezeichen",
                "maintain": "Ertragskunden",
                "harvest": "Mitnahmekunden",
            },
        ),
        (
            "en",
            {
                "develop": "Stars",
                "invest_selectively": "Question marks",
                "maintain": "Cash customers",
                "harvest": "Harvest customers",
            },
        ),
    ],
)
def test_portfolio_quadrants_are_labelled(lang: str, labels: dict[str, str]) -> None:
    root = parse(render_all(lang)["portfolio"])
    found = {el.get("data-quadrant"): el.text for el in by_class(root, "quadrant-label")}
    assert found == labels
    develop = by_class(root, "quadrant--develop")[0]
    # develop is the upper right quadrant, split at 5.5 on both 1–10 axes
    assert float(develop.get("x") or 0) == pytest.approx(78 + 4.5 / 9 * 480)
    assert float(develop.get("y") or 0) == pytest.approx(20)


def test_portfolio_bubbles_have_area_proportional_to_revenue() -> None:
    root = parse(ALL["portfolio"])
    bubbles = {el.get("data-key"): el for el in root.iter(f"{NS}circle") if el.get("data-key")}
    portfolio = samples.portfolio()
    assert set(bubbles) == {a.id for a in portfolio.accounts if a.position is not None}
    radius = {key: float(el.get("r") or 0) for key, el in bubbles.items()}
    revenue = {a.id: a.revenue for a in portfolio.accounts}
    assert radius["acme"] ** 2 / radius["bolt"] ** 2 == pytest.approx(4_200_000 / 9_800_000, rel=0.01)
    assert radius["cargo"] ** 2 / radius["acme"] ** 2 == pytest.approx(1_200_000 / 4_200_000, rel=0.01)
    assert revenue["helix"] is None and "bubble--no-revenue" in (bubbles["helix"].get("class") or "")
    # bubble position: attractiveness 7.2 (y), position 5.1 (x)
    assert float(bubbles["acme"].get("cx") or 0) == pytest.approx(78 + 4.1 / 9 * 480, abs=0.01)
    assert float(bubbles["acme"].get("cy") or 0) == pytest.approx(500 - 6.2 / 9 * 480, abs=0.01)


def test_portfolio_omits_accounts_without_scores_and_says_so() -> None:
    root = parse(ALL["portfolio"])
    assert not [text for text in texts(root) if "Jade" in text]
    desc = root.find(f"{NS}desc")
    assert desc is not None and "Ohne Bewertung nicht dargestellt: Jade Chemie KG." in (desc.text or "")
    assert "1 Key Account(s) ohne Bewertung nicht dargestellt." in texts(root)


def test_portfolio_labels_do_not_overlap() -> None:
    root = parse(ALL["portfolio"])
    boxes_ = []
    for group in by_class(root, "bubble-label"):
        lines = list(group)
        width = max(svg.text_width(el.text or "", 11) for el in lines)
        x = float(lines[0].get("x") or 0)
        top, bottom = float(lines[0].get("y") or 0) - 10, float(lines[-1].get("y") or 0) + 2
        boxes_.append((x - width / 2, top, x + width / 2, bottom))
    assert len(boxes_) == 10
    for i, a in enumerate(boxes_):
        for b in boxes_[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_portfolio_wraps_long_account_names() -> None:
    long_name = "Alpenmilch Molkereigenossenschaft eGen"
    portfolio = Portfolio((samples.account("a", long_name, 1e6, 7.0, 7.0),), {}, {}, 1e6, 1e6)
    root = parse(charts.portfolio_matrix(portfolio, fmt=Formatter("de"), t=Catalogue("de"), chart_id="p"))
    assert [el.text for el in by_class(root, "bubble-label-line")] == ["Alpenmilch", "Molkereigenossenschaft eGen"]


# --- helpers ----------------------------------------------------------------------------------------


def test_wrap_and_fit() -> None:
    assert svg.wrap_to_width("Key-Account-Management", 100, 3) == ["Key-Account-", "Management"]
    assert svg.fit("x" * 100, 50).endswith("…") and svg.text_width(svg.fit("x" * 100, 50)) <= 50
    assert svg.num(-0.001) == "0" and svg.num(1.005) in ("1", "1.01") and svg.num(2.5) == "2.5"
    hatch = svg.hatch(0, 0, 20, 10, cls="h", stroke="#000")
    coords = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", hatch.split('d="')[1].split('"')[0])]
    assert all(0 <= v <= 20 for v in coords)


# --- in WeasyPrint ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_weasyprint_renders_every_chart(tmp_path: Path) -> None:
    from pypdf import PdfReader
    from weasyprint import HTML

    page = "<html><body>" + "".join(f"<section>{markup}</section>" for markup in ALL.values()) + "</body></html>"
    target = tmp_path / "charts.pdf"
    HTML(string=page).write_pdf(target)
    # pypdf drops the spaces between SVG words, so compare without white space.
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(target).pages))
    for label in ("Starkunden", "Stichtag", "Gesamt", "Key-Account-", "Anforderungsprofil", "keineDaten", "Mittelwert"):
        assert label in text, label


# --- sparse data ------------------------------------------------------------------------------------


def sparse_charts(lang: str) -> list[Markup]:
    fmt, t = Formatter(lang), Catalogue(lang)
    readiness = ReadinessResult(None, None, (), (), 1, 5)
    comp = samples.competencies()
    one = dataclasses.replace(comp, team=comp.team[:1], candidates=(), candidate_count=0)
    nobody = Portfolio((samples.account("x", "X", None, 5.0, 5.0),), {}, {}, 0, 0)
    return [
        charts.readiness_bars(readiness, fmt=fmt, t=t, chart_id="a"),
        charts.kpi_bars(
            KpiSummary((samples.kpi("k", "K", None, "no_data"),), {"no_data": 1}), fmt=fmt, t=t, chart_id="b"
        ),
        charts.gantt(
            Schedule((samples.task("t", "T", None, AS_OF, AS_OF),), (), AS_OF, AS_OF, (), ()),
            fmt=fmt,
            t=t,
            chart_id="c",
            as_of=AS_OF,
            phase_titles={},
        ),
        charts.radar((), candidate=None, scale_max=5, t=t, chart_id="d"),
        charts.radar(one.team, candidate=None, scale_max=10, t=t, chart_id="e"),
        charts.team_heatmap(one, t=t, fmt=fmt, chart_id="f", individuals=False),
        charts.team_heatmap(dataclasses.replace(one, team=()), t=t, fmt=fmt, chart_id="g", individuals=True),
        charts.portfolio_matrix(Portfolio((), {}, {}, 0, 0), fmt=fmt, t=t, chart_id="h"),
        charts.portfolio_matrix(nobody, fmt=fmt, t=t, chart_id="i"),
        charts.org_chart(
            Variant(id="v", type="customer", title="T", units=(Unit(id="a", name="A", kam=True),)), t=t, chart_id="j"
        ),
    ]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_sparse_data_still_gives_well_formed_charts(lang: str) -> None:
    for markup in sparse_charts(lang):
        root = parse(markup)
        width, height = (float(v) for v in (root.get("viewBox") or "").split()[2:])
        assert width > 0 and height > 0
        assert not re.search(r'[" ,](-?nan|-?inf)\b', str(markup)), "a coordinate is not a number"


def test_gantt_of_one_phase_gets_its_own_time_axis() -> None:
    full = samples.schedule()
    one = dataclasses.replace(
        full, tasks=tuple(task for task in full.tasks if task.phase == "concept"), phases=full.phases[:1]
    )
    root = parse(charts.gantt(one, fmt=Formatter("de"), t=Catalogue("de"), chart_id="g", as_of=AS_OF, phase_titles={}))
    assert [el.text for el in by_class(root, "tick-label")] == ["Jan", "Feb"]
    assert "Stichtag: 15.04.2027 ▸" in texts(root)


def test_radar_labels_stay_inside_the_chart_and_clear_of_the_legend() -> None:
    long_names = tuple(
        dataclasses.replace(c, name=f"{c.name} im täglichen Umgang mit anspruchsvollen Kunden")
        for c in samples.competencies().team
    )
    root = parse(charts.radar(long_names, candidate=None, scale_max=5, t=Catalogue("de"), chart_id="r"))
    height = float((root.get("viewBox") or "").split()[3])
    legend_top = min(float(el.get("y") or 0) for el in by_class(root, "legend-label")) - 12
    for el in by_class(root, "axis-label"):
        y = float(el.get("y") or 0)
        assert 11.5 <= y <= legend_top < height, el.text


def test_gantt_over_decades_labels_years_without_overlap() -> None:
    """A 30-year plan (duration_days allows 100 years) shows spaced year labels and no month names."""
    tasks = (samples.task("a", "Lang", None, dt.date(2027, 1, 4), dt.date(2056, 12, 31)),)
    schedule = Schedule(tasks, (), dt.date(2027, 1, 4), dt.date(2056, 12, 31), ("a",), ())
    root = parse(
        charts.gantt(schedule, fmt=Formatter("de"), t=Catalogue("de"), chart_id="g", as_of=AS_OF, phase_titles={})
    )
    years = by_class(root, "year-label")
    xs = [float(el.get("x") or 0) for el in years]
    assert len(years) >= 3
    assert all(b - a >= 36 for a, b in zip(xs, xs[1:], strict=False))
    # 21 px a year: every second year; 2028 is too close to the first label, 2056 to the right edge
    assert [el.text for el in years] == [str(y) for y in (2027, *range(2030, 2055, 2))]
    assert by_class(root, "tick-label") == []
