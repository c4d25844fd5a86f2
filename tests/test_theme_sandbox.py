"""SECURITY row 28: a theme template runs in a sandbox and fails as a message, through `kamdocs build`.

A template may not reach Python's internals (no command runs, no file is read), may not make values
large enough to exhaust memory, and an exception it raises is a `path:line:col: error:` with exit 1
that leaves the previous site as it was and no temporary folder behind. A bug in kamdocs' own code
called by a template is reported as an internal error of kamdocs, not of the theme.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.cli import main

BASE = {
    "kamdocs.yaml": "title: T\nlanguage: en\nas_of: 2027-01-01\n",
    "data/tasks.yaml": "tasks:\n  - {id: a, title: A, start: 2027-01-01, duration_days: 3}\n",
    "content/10-intro.md": "---\ntitle: Intro\n---\nText.\n\n{{< gantt >}}\n",
}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(root: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(root), "--format", "html", "--out", str(out)])
    return result.exit_code, result.output


@pytest.fixture
def built(make_project, tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:  # type: ignore[no-untyped-def]
    """A project built once (the previous site every failing build must leave alone)."""
    root = make_project(BASE)
    out = tmp_path / "site"
    code, output = _build(root, out)
    assert code == 0, output
    return root, out, _tree(out)


def _override(root: Path, name: str, line: str) -> Path:
    """Replace the built-in ``name`` with a template whose third line is ``line``."""
    path = root / "themes" / "default" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'{{% extends "!default/{name}" %}}\n{{% block lead %}}\n{line}\n{{% endblock %}}\n', "utf-8")
    return path


def _fails_as_template_error(built: tuple[Path, Path, dict[str, bytes]], line: str, message: str) -> str:
    root, out, before = built
    _override(root, "pages/home.html", line)
    code, output = _build(root, out)
    assert code == 1, output
    problem = [text for text in output.splitlines() if ": error: " in text]
    assert problem and problem[0].startswith(
        "themes/default/pages/home.html:3:1: error: template error while writing index.html: "
    ), output
    assert message in problem[0], output
    assert "Traceback" not in output
    assert _tree(out) == before  # the previous site is untouched
    assert sorted(p.name for p in out.parent.iterdir()) == ["project", "site"]  # no temporary folder
    return problem[0]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}", "'__init__' of 'type' object is unsafe"),
        ("{{ joiner.__init__.__globals__['__builtins__']['open']('/etc/passwd').read() }}", "is unsafe"),
        ("{{ lipsum.__globals__ }}", "'lipsum' is undefined"),
        ("{{ site.__class__.__mro__ }}", "is unsafe"),
        ("{{ fmt.f.__class__.__init__.__globals__ }}", "is unsafe"),
        ("{{ data.company.__class__.model_validate.__globals__ }}", "is unsafe"),
    ],
)
def test_row_28_templates_cannot_reach_python_internals(
    built: tuple[Path, Path, dict[str, bytes]], line: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(built[0])
    _fails_as_template_error(built, line, message)
    assert not (built[0] / "PWNED").exists()  # nothing was executed


def test_row_28_a_theme_cannot_change_the_data_it_is_handed(built: tuple[Path, Path, dict[str, bytes]]) -> None:
    _fails_as_template_error(built, "{{ site.brand.update({'--brand': 'red'}) }}", "is unsafe")


def test_a_template_raising_is_a_message_at_its_line(built: tuple[Path, Path, dict[str, bytes]]) -> None:
    problem = _fails_as_template_error(built, "{{ 1 / 0 }}", "ZeroDivisionError: division by zero")
    assert problem.endswith("ZeroDivisionError: division by zero")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{{ range(10**9) | list }}", "Range too big"),
        ("{{ 'x' * 10**10 }}", "a repeated value would be larger"),
        ("{{ ['x' * 1000000] * 100 }}", "a repeated value would be larger"),
        ("{% macro d(s, n) %}{{ d(s ~ s, n - 1) if n else s }}{% endmacro %}{{ d('x', 40) }}", "joined with ~"),
        ("{% macro d(s, n) %}{{ d(s + s, n - 1) if n else s }}{% endmacro %}{{ d('x', 40) }}", "a joined value"),
        ("{{ 7 ** 1000000000 }}", "is too large for a template"),
        ("{{ '%999999999d' % 1 }}", "a formatted string"),
        ("{{ '{:>999999999}'.format(1) }}", "a formatted string"),
        ("{{ 'x' | center(10**9) }}", "the width of this filter"),
        ("{{ (range(100000) | map('string') | list) | join('x' * 1000) }}", "the joined text"),
        ("{{ 'ab' | replace('', 'x' * 10000000) }}", "the replaced text"),
        ("{{ [1] | batch(10**9, 'x') | list }}", "linecount"),
    ],
)
def test_allocation_bombs_are_refused(built: tuple[Path, Path, dict[str, bytes]], line: str, message: str) -> None:
    _fails_as_template_error(built, line, message)


def test_a_theme_mistake_with_a_helper_names_the_template(built: tuple[Path, Path, dict[str, bytes]]) -> None:
    _fails_as_template_error(built, "{{ fmt.percent('viel') }}", "fmt.percent formats a number or none, not str")
    _fails_as_template_error(built, "{{ _('no.such.label') }}", "no label 'no.such.label'")
    _fails_as_template_error(built, "{{ chart('gantt', 1, chart_id='x') }}", "chart 'gantt': missing 2 required")
    _fails_as_template_error(built, "{{ chart('pie', 1) }}", "unknown chart 'pie'")


def test_a_bug_in_kamdocs_code_is_an_internal_error_not_a_theme_error(
    built: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    gantt_module = importlib.import_module("kamdocs.render.charts.gantt")
    root, out, before = built

    def broken(*args: object, **kwargs: object) -> str:
        return str(gantt_module.plan_axis(None, None))

    monkeypatch.setattr("kamdocs.render.charts.gantt", broken)
    code, output = _build(root, out)
    assert code == 1
    lines = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, output
    assert lines[0].startswith("error: internal error in kamdocs (AttributeError: ")
    assert "at kamdocs/render/charts/gantt.py:" in lines[0]
    assert "please report it" in lines[0]
    assert "themes/" not in output and "Traceback" not in output
    assert _tree(out) == before
