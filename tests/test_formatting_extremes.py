"""Display formatting never fails on legal values, however extreme (docs/formulas.md: rounding only for display)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kamdocs.cli import main
from kamdocs.render.formatting import Formatter, round_half_up
from tests.conftest import MakeProject


@pytest.mark.parametrize("lang", ["de", "en"])
def test_huge_values_format_without_error(lang: str) -> None:
    fmt = Formatter(lang)
    assert fmt.percent(1e29).startswith("100")
    assert fmt.number(1.5e300).startswith("1")
    assert "1" in fmt.money(1e30)


def test_half_up_rounding() -> None:
    assert str(round_half_up(42.25)) == "42.3"
    assert str(round_half_up(0.05)) == "0.1"
    assert str(round_half_up(-2.25)) == "-2.3"


def test_extreme_kpi_achievement_reports_and_builds(make_project: MakeProject) -> None:
    """A legal KPI whose achievement is ~1e32 % must not crash report or build."""
    root = make_project(
        {
            "data/goals.yaml": """
        goals:
          - id: g
            title: Wachstum
            kpis:
              - {id: k, name: Extrem, unit: EUR, direction: increase, baseline: 0, target: 0.000000000000001,
                 actual: 1000000000000000}
        """
        }
    )
    runner = CliRunner()
    report = runner.invoke(main, ["report", str(root)])
    assert report.exit_code == 0, report.output
    build = runner.invoke(main, ["build", str(root), "--format", "html", "--out", str(root.parent / "out")])
    assert build.exit_code == 0, build.output
    assert (root.parent / "out" / "goals.html").read_text(encoding="utf-8").count("Extrem") >= 1
