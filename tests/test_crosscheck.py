"""Cross-checks (docs/check-rules.md): each rule with its exact message and location."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamdocs.errors import Severity
from kamdocs.load import load_project
from kamdocs.load.crosscheck import GENERATED_SLUGS
from tests.conftest import MakeProject


def found(root: Path, *, notes: bool = False) -> list[str]:
    """Return the formatted problems of ``root`` (notes left out unless asked for)."""
    return [p.format() for p in load_project(root).problems if notes or p.severity > Severity.NOTE]


# --- unique ids ---------------------------------------------------------------------------------


def test_duplicate_goal_and_kpi_ids_name_both_lines(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/goals.yaml": """
        goals:
          - id: growth
            title: Wachstum
            kpis:
              - {id: k1, name: K, unit: EUR, direction: increase, baseline: 1, target: 2}
          - id: growth
            title: Noch einmal
            kpis:
              - {id: k1, name: K, unit: EUR, direction: increase, baseline: 1, target: 2}
        """
        }
    )
    assert found(root) == [
        "data/goals.yaml:6:9: error: duplicate goal id 'growth': already used on line 2; every goal needs its own id",
        "data/goals.yaml:9:14: error: duplicate KPI id 'k1': already used on line 5; every KPI needs its own id",
    ]


@pytest.mark.parametrize(
    ("rel", "text", "expected"),
    [
        (
            "data/tasks.yaml",
            """
            phases: [{id: p, title: P}, {id: p, title: Q}]
            tasks: []
            """,
            "data/tasks.yaml:1:34: error: duplicate phase id 'p': already used on line 1; every phase needs its own id",
        ),
        (
            "data/competencies.yaml",
            """
            competencies:
              - {id: speed, name: S, required: 3}
              - {id: speed, name: T, required: 3}
            """,
            "data/competencies.yaml:3:10: error: duplicate competency id 'speed': already used on line 2; "
            "every competency needs its own id",
        ),
        (
            "data/candidates.yaml",
            """
            candidates:
              - {id: c01, name: A}
              - {id: c01, name: B}
            """,
            "data/candidates.yaml:3:10: error: duplicate candidate id 'c01': already used on line 2; "
            "every candidate needs its own id",
        ),
        (
            "data/organisation.yaml",
            """
            roles:
              - {id: kam, name: KAM}
              - {id: kam, name: KAM 2}
            """,
            "data/organisation.yaml:3:10: error: duplicate role id 'kam': already used on line 2; "
            "every role needs its own id",
        ),
        (
            "data/readiness.yaml",
            """
            areas:
              - id: a
                title: A
              - id: a
                title: B
            """,
            "data/readiness.yaml:4:9: error: duplicate area id 'a': already used on line 2; "
            "every area needs its own id",
        ),
    ],
)
def test_duplicate_ids_per_list(make_project: MakeProject, rel: str, text: str, expected: str) -> None:
    assert found(make_project({rel: text})) == [expected]


def test_duplicate_task_id(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/tasks.yaml": """
        tasks:
          - {id: a, title: A, start: 2027-01-01, duration_days: 2}
          - {id: a, title: B, start: 2027-01-01, duration_days: 2}
        """
        }
    )
    assert found(root) == [
        "data/tasks.yaml:3:10: error: duplicate task id 'a': already used on line 2; every task needs its own id"
    ]


# --- references ---------------------------------------------------------------------------------


def test_agreed_with_must_name_accounts(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/company.yaml": """
            name: T
            mission:
              statement: S
              agreed_with: [acme, acmee, zzz]
            """,
            "data/accounts/acme.yaml": "id: acme\nname: ACME AG\n",
        }
    )
    assert found(root) == [
        "data/company.yaml:4:23: error: mission.agreed_with: there is no key account 'acmee' "
        "(data/accounts/acmee.yaml); did you mean 'acme'?",
        "data/company.yaml:4:30: error: mission.agreed_with: there is no key account 'zzz' "
        "(data/accounts/zzz.yaml); known ids: acme",
    ]


def test_account_file_name_must_equal_id(make_project: MakeProject) -> None:
    root = make_project({"data/accounts/beta.yaml": "name: Beta\nid: betta\n"})
    assert found(root) == [
        "data/accounts/beta.yaml:2:5: error: id 'betta' must equal the file name: "
        "rename the file to betta.yaml or write 'id: beta'"
    ]


COMPETENCIES = """
    scale: {min: 1, max: 5}
    competencies:
      - {id: speed, name: Tempo, required: 3}
      - {id: industry_knowledge, name: Branche, required: 4}
    """


def test_rating_keys_and_development_competencies_must_exist(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/competencies.yaml": COMPETENCIES,
            "data/candidates.yaml": """
            candidates:
              - id: c01
                name: Maria Beispiel
                ratings: {sped: 3, industry_knowledge: 4}
                development:
                  - {competency: spede, measure: Coaching}
            """,
        }
    )
    assert found(root) == [
        "data/candidates.yaml:4:14: warning: candidate 'c01' has no rating for 'speed'; a missing rating "
        "counts as 0 in the fit and is shown as 'not assessed'",
        "data/candidates.yaml:4:15: error: rating for unknown competency 'sped'; did you mean 'speed'?",
        "data/candidates.yaml:6:22: error: development: unknown competency 'spede'; did you mean 'speed'?",
    ]


def test_ratings_without_competency_file(make_project: MakeProject) -> None:
    root = make_project({"data/candidates.yaml": "candidates:\n  - {id: c01, name: M, ratings: {speed: 3}}\n"})
    assert found(root) == [
        "data/candidates.yaml:2:34: error: rating for unknown competency 'speed'; "
        "data/competencies.yaml is missing, which defines the competency ids"
    ]


def test_references_into_a_broken_file_are_not_judged(make_project: MakeProject) -> None:
    # competencies.yaml cannot be read at all: the candidates' ratings must not cause a cascade.
    root = make_project(
        {
            "data/competencies.yaml": "scale: {min: 0, max: 10}\ncompetencies: {speed: 1}\n",
            "data/candidates.yaml": "candidates:\n  - {id: c01, name: M, ratings: {speed: 8, sped: 1}}\n",
        }
    )
    assert found(root) == [
        "data/competencies.yaml:2:15: error: competencies: expected a list ('- item' lines or [a, b]), got a mapping"
    ]


def test_items_with_errors_are_left_out_and_the_rest_is_cross_checked(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/competencies.yaml": """
            scale: {min: 0, max: 10}
            competencies:
              - {id: speed, name: S, required: high}
              - {id: branche, name: B, required: 11}
            """,
            "data/candidates.yaml": "candidates:\n  - {id: c01, name: M, ratings: {speed: 8, sped: 1, branche: 5}}\n",
            "data/tasks.yaml": """
            tasks:
              - {id: kickoff, title: K, start: 2027-01-04, due: 2027-01-08, status: offen}
              - {id: b, title: B, depends_on: [kickoff], duration_days: 3}
              - {id: c, title: C, depends_on: [kickof], duration_days: 3}
              - {id: d, title: D, depends_on: [b], start: 2027-01-10, duration_days: 3}
            """,
        }
    )
    assert found(root) == [
        "data/candidates.yaml:2:44: error: rating for unknown competency 'sped'; did you mean 'speed'?",
        "data/competencies.yaml:3:36: error: required: expected a whole number, got 'high'",
        "data/competencies.yaml:4:38: error: required level 11 is outside the scale 0–10; "
        "use a whole number from 0 to 10",
        "data/tasks.yaml:2:73: error: status: 'offen' is not allowed; expected 'open', 'in_progress', 'done' "
        "or 'blocked'",
        "data/tasks.yaml:4:36: error: task 'c' depends on 'kickof', which is not a task; did you mean 'kickoff'?",
    ]


def test_candidate_without_rating_for_a_competency_is_a_warning(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/competencies.yaml": COMPETENCIES,
            "data/candidates.yaml": "candidates:\n  - {id: c01, name: M}\n",
        }
    )
    result = load_project(root)
    assert [p.format() for p in result.problems if p.severity > Severity.NOTE] == [
        "data/candidates.yaml:2:10: warning: candidate 'c01' has no rating for 'speed', 'industry_knowledge'; "
        "a missing rating counts as 0 in the fit and is shown as 'not assessed'"
    ]
    assert result.playbook is not None  # a warning does not block the build


def test_kam_close_to_a_candidate_id_is_a_warning(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/candidates.yaml": "candidates:\n  - {id: c01, name: M}\n",
            "data/accounts/acme.yaml": "id: acme\nname: A\nkam: c1\n",
            "data/accounts/beta.yaml": "id: beta\nname: B\nkam: Maria Beispiel\n",
            "data/accounts/gamma.yaml": "id: gamma\nname: G\nkam: c01\n",
            "data/accounts/delta.yaml": "id: delta\nname: D\nkam: vertrieb_sued\n",
        }
    )
    assert found(root) == [
        "data/accounts/acme.yaml:3:6: warning: kam 'c1' is not a candidate id; did you mean 'c01'? "
        "(a person's name such as 'Maria Beispiel' is fine too)"
    ]


# --- organisation -------------------------------------------------------------------------------


def test_selected_must_name_a_variant(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/organisation.yaml": """
        selected: by_custmer
        variants:
          - {id: by_customer, type: customer, title: Nach Kunden}
        """
        }
    )
    assert found(root) == [
        "data/organisation.yaml:1:11: error: selected: there is no variant 'by_custmer'; did you mean 'by_customer'?"
    ]


def test_org_units_form_one_tree(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/organisation.yaml": """
        variants:
          - id: functional
            type: functional
            title: F
            units:
              - {id: ceo, name: C}
              - {id: sales, name: S, parent: ceo}
              - {id: x, name: X}
              - {id: y, name: Y, parent: salse}
          - id: by_customer
            type: customer
            title: C
            units:
              - {id: a, name: A, parent: b}
              - {id: b, name: B, parent: a}
              - {id: a, name: A2, parent: b}
        """
        }
    )
    assert found(root) == [
        "data/organisation.yaml:8:14: error: variant 'functional': 'x' is a second top unit (no parent), "
        "besides 'ceo' on line 6; an org chart has exactly one top unit — give this one a parent",
        "data/organisation.yaml:9:34: error: variant 'functional': unit 'y' has the parent 'salse', "
        "which is not a unit of this variant; did you mean 'sales'?",
        "data/organisation.yaml:14:7: error: variant 'by_customer': the org chart has no top unit; "
        "give exactly one unit 'parent: null'",
        "data/organisation.yaml:14:34: error: variant 'by_customer': the parents form a cycle: a → b → a; "
        "an org chart is a tree, so one of these units needs another parent",
        "data/organisation.yaml:16:14: error: duplicate unit id 'a': already used on line 14; "
        "every unit needs its own id",
    ]


@pytest.mark.parametrize("levels", [30, 31, 2000])
def test_org_chart_depth_is_bounded(make_project: MakeProject, levels: int) -> None:
    # 2000 levels used to take minutes in check (walking up from every unit) and to end the
    # build with a RecursionError in the chart layout.
    units = "\n".join(
        ["      - {id: u1, name: U1}"]
        + [f"      - {{id: u{i}, name: U{i}, parent: u{i - 1}}}" for i in range(2, levels + 1)]
    )
    root = make_project(
        {
            "data/organisation.yaml": f"variants:\n  - id: deep\n    type: functional\n"
            f"    title: D\n    units:\n{units}\n"
        }
    )
    expected = (
        []
        if levels <= 30
        else [
            f"data/organisation.yaml:{5 + levels}:{34 + 2 * len(str(levels))}: error: variant 'deep': unit "
            f"'u{levels}' is on level {levels} of the org chart; a chart shows at most 30 levels — attach units "
            "to a parent higher up"
        ]
    )
    assert found(root) == expected


def test_raci_rows(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/organisation.yaml": """
        roles:
          - {id: kam, name: KAM}
          - {id: field_sales, name: Außendienst}
        responsibilities:
          - activity: Plan
            raci: {kam: A, field_sales: A}
          - activity: Besuch
            raci: {kam: C, feld_sales: R}
          - activity: Gut
            raci: {kam: A, field_sales: R}
        """
        }
    )
    assert found(root) == [
        "data/organisation.yaml:6:11: error: RACI row 'Plan' has no R; at least one role must be responsible (R)",
        "data/organisation.yaml:6:33: error: RACI row 'Plan' has 2 roles with A (kam, field_sales); "
        "exactly one role is accountable — make the others R or C",
        "data/organisation.yaml:8:11: error: RACI row 'Besuch' has no A; exactly one role must be accountable (A)",
        "data/organisation.yaml:8:20: error: RACI: unknown role 'feld_sales'; did you mean 'field_sales'?",
    ]


# --- scales and values --------------------------------------------------------------------------


def test_readiness_scores_targets_and_labels_inside_scale(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/readiness.yaml": """
        scale: {min: 1, max: 5, labels: {1: ad hoc, 6: zu hoch}}
        areas:
          - id: p
            title: P
            criteria:
              - {id: c1, statement: s, score: 0, target: 6}
              - {id: c1, statement: t, score: 3}
        """
        }
    )
    assert found(root) == [
        "data/readiness.yaml:1:45: error: scale label 6 is outside the scale 1–5; label a point from 1 to 5, "
        "or widen the scale with min/max",
        "data/readiness.yaml:6:39: error: score 0 is outside the scale 1–5; use a whole number from 1 to 5",
        "data/readiness.yaml:6:50: error: target 6 is outside the scale 1–5; use a whole number from 1 to 5",
        "data/readiness.yaml:7:14: error: duplicate criterion id 'c1': already used on line 6; "
        "every criterion needs its own id",
    ]


def test_scale_min_below_max(make_project: MakeProject) -> None:
    root = make_project({"data/competencies.yaml": "scale: {min: 5, max: 1}\ncompetencies: []\n"})
    assert found(root) == [
        "data/competencies.yaml:1:22: error: scale: max (1) must be greater than min (5), e.g. min: 1, max: 5"
    ]


def test_required_level_and_ratings_inside_scale(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/competencies.yaml": "competencies:\n  - {id: speed, name: S, required: 6}\n",
            "data/candidates.yaml": "candidates:\n  - {id: c01, name: M, ratings: {speed: 0}}\n",
        }
    )
    assert found(root) == [
        "data/candidates.yaml:2:41: error: rating of 'speed' 0 is outside the scale 1–5; "
        "use a whole number from 1 to 5",
        "data/competencies.yaml:2:36: error: required level 6 is outside the scale 1–5; use a whole number from 1 to 5",
    ]


def test_weights_must_be_positive(make_project: MakeProject) -> None:
    root = make_project({"data/readiness.yaml": "areas:\n  - {id: a, title: A, weight: 0}\n"})
    assert found(root) == [
        "data/readiness.yaml:2:31: error: weight: 0 is out of range; expected a number greater than 0"
    ]


def test_kpi_target_differs_from_baseline_and_direction(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/goals.yaml": """
        goals:
          - id: g
            title: G
            kpis:
              - {id: k1, name: K, unit: EUR, direction: increase, baseline: 10, target: 10}
              - {id: k2, name: K, unit: Tage, direction: decrease, baseline: 10, target: 12}
              - {id: k3, name: K, unit: Tage, direction: decrease, baseline: 10, target: 8}
        """
        }
    )
    assert found(root) == [
        "data/goals.yaml:5:81: error: KPI 'k1': target equals the baseline (10); set the value the KPI "
        "should reach, otherwise its achievement cannot be computed",
        "data/goals.yaml:6:50: warning: KPI 'k2': direction is 'decrease' but the target (12) is above "
        "the baseline (10); check direction, baseline and target",
    ]


# --- tasks --------------------------------------------------------------------------------------


def tasks_problems(make_project: MakeProject, tasks: str) -> list[str]:
    return found(make_project({"data/tasks.yaml": "phases: [{id: concept, title: Konzeption}]\ntasks:\n" + tasks}))


def test_task_phase_must_exist(make_project: MakeProject) -> None:
    task = "  - {id: a, title: A, phase: concpt, start: 2027-01-04, due: 2027-01-08}\n"
    assert tasks_problems(make_project, task) == [
        "data/tasks.yaml:3:30: error: task 'a': there is no phase 'concpt'; did you mean 'concept'?"
    ]


def test_task_dependency_must_exist(make_project: MakeProject) -> None:
    problems = tasks_problems(
        make_project,
        """\
  - {id: kickoff, title: A, start: 2027-01-04, due: 2027-01-08}
  - {id: b, title: B, depends_on: [kickof], duration_days: 3}
  - {id: c, title: C, depends_on: [c], duration_days: 3}
""",
    )
    assert problems == [
        "data/tasks.yaml:4:36: error: task 'b' depends on 'kickof', which is not a task; did you mean 'kickoff'?",
        "data/tasks.yaml:5:36: error: task 'c' depends on itself; remove it",
    ]


def test_task_cycle_is_named(make_project: MakeProject) -> None:
    problems = tasks_problems(
        make_project,
        """\
  - {id: a, title: A, start: 2027-01-04, due: 2027-01-08}
  - {id: b, title: B, depends_on: [a, d], duration_days: 3}
  - {id: c, title: C, depends_on: [b], duration_days: 3}
  - {id: d, title: D, depends_on: [c], duration_days: 3}
  - {id: e, title: E, depends_on: [d], duration_days: 3}
""",
    )
    assert problems == [
        "data/tasks.yaml:4:39: error: the dependencies form a cycle: b → d → c → b (each depends on the next); "
        "remove one of these dependencies"
    ]


def test_due_before_start(make_project: MakeProject) -> None:
    problems = tasks_problems(
        make_project,
        """\
  - {id: a, title: A, start: 2027-01-10, due: 2027-01-05}
  - {id: b, title: B, start: 2027-01-01, due: 2027-01-09}
  - {id: c, title: C, depends_on: [b], due: 2027-01-09}
""",
    )
    assert problems == [
        "data/tasks.yaml:3:47: error: task 'a': due 2027-01-05 is before its start 2027-01-10; "
        "a task ends on or after the day it starts",
        "data/tasks.yaml:5:45: error: task 'c': due 2027-01-09 is before its start 2027-01-10 (the day after "
        "its dependencies are due); a task ends on or after the day it starts",
    ]


def test_start_and_end_must_be_derivable(make_project: MakeProject) -> None:
    problems = tasks_problems(
        make_project,
        """\
  - {id: a, title: A, duration_days: 3}
  - {id: b, title: B, start: 2027-01-01}
  - {id: c, title: C, depends_on: [a], duration_days: 2}
""",
    )
    assert problems == [
        "data/tasks.yaml:3:10: error: task 'a' has no start: give 'start: YYYY-MM-DD' or 'depends_on: [task id]'",
        "data/tasks.yaml:4:10: error: task 'b' has no end: give 'due: YYYY-MM-DD' or 'duration_days: N'",
    ]


def test_due_and_duration_must_agree(make_project: MakeProject) -> None:
    problems = tasks_problems(
        make_project,
        """\
  - {id: a, title: A, start: 2027-01-01, due: 2027-01-09, duration_days: 3}
  - {id: b, title: B, start: 2027-01-01, due: 2027-01-03, duration_days: 3}
""",
    )
    assert problems == [
        "data/tasks.yaml:3:74: error: task 'a': due 2027-01-09 and duration_days 3 disagree (from the start "
        "2027-01-01, 3 days end on 2027-01-03); give only one of them"
    ]


def test_start_on_or_before_dependency_due_is_a_warning(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/tasks.yaml": """
        tasks:
          - {id: f, title: F, start: 2027-01-01, due: 2027-01-09}
          - {id: g, title: G, depends_on: [f], start: 2027-01-09, duration_days: 3}
          - {id: h, title: H, depends_on: [f], start: 2027-01-10, duration_days: 3}
        """
        }
    )
    result = load_project(root)
    assert [p.format() for p in result.problems if p.severity > Severity.NOTE] == [
        "data/tasks.yaml:3:47: warning: task 'g' starts on 2027-01-09, on or before 2027-01-09, when 'f' "
        "(which it depends on) is due; start on 2027-01-10 or later, or leave out start"
    ]
    assert result.playbook is not None


def test_long_dependency_chain_needs_no_recursion(make_project: MakeProject) -> None:
    lines = ["  - {id: t0, title: T, start: 2027-01-01, duration_days: 1}"]
    lines += [f"  - {{id: t{i}, title: T, depends_on: [t{i - 1}], duration_days: 1}}" for i in range(1, 1500)]
    assert tasks_problems(make_project, "\n".join(lines) + "\n") == []


# --- chapters and missing files -----------------------------------------------------------------


@pytest.mark.parametrize("slug", GENERATED_SLUGS)
def test_chapter_slug_colliding_with_generated_section(make_project: MakeProject, slug: str) -> None:
    root = make_project({f"content/10-{slug}.md": "---\ntitle: X\n---\nText\n"})
    assert found(root) == [
        f"content/10-{slug}.md:1:1: error: the page name {slug!r} belongs to a generated section; "
        f"rename the file (e.g. content/{slug}-text.md)"
    ]


def test_missing_optional_files_are_notes(make_project: MakeProject) -> None:
    result = load_project(make_project())
    assert [p.format() for p in result.problems] == [
        "data/accounts: note: data/accounts/ is missing; the key accounts section is left out of the playbook",
        *(
            f"data/{name}.yaml: note: data/{name}.yaml is missing; its section is left out of the playbook"
            for name in ("budget", "candidates", "competencies", "goals", "organisation", "readiness", "tasks")
        ),
    ]
    assert result.playbook is not None


def test_missing_company_is_an_error(make_project: MakeProject) -> None:
    root = make_project({"kamdocs.yaml": "title: T\n"}, base=False)
    assert found(root) == [
        "data/company.yaml: error: data/company.yaml is required: it holds the company name and the KAM mission"
    ]


def test_cross_check_of_a_playbook(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/candidates.yaml": "candidates:\n  - {id: c01, name: M}\n",
            "data/accounts/acme.yaml": "id: acme\nname: A\nkam: c1\n",
        }
    )
    assert load_project(root).playbook is not None  # a warning only
    assert found(root) == [
        "data/accounts/acme.yaml:3:6: warning: kam 'c1' is not a candidate id; did you mean 'c01'? "
        "(a person's name such as 'Maria Beispiel' is fine too)"
    ]


def test_all_problems_of_a_project_in_one_run_sorted(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/tasks.yaml": "tasks:\n  - {id: a, title: A, start: 2027-01-01}\n",
            "data/goals.yaml": "goals:\n  - {id: g, title: G, owner: [x]}\n",
            "data/company.yaml": "name: T\nmision: x\n",
            "data/accounts/z.yaml": "id: z\nname: Z\nrevenue: viel\n",
        }
    )
    assert found(root) == [
        "data/accounts/z.yaml:3:10: error: revenue: expected a number, got 'viel'",
        "data/company.yaml:1:1: error: missing required key 'mission' (the KAM mission)",
        "data/company.yaml:2:1: error: unknown key 'mision'; did you mean 'mission'?",
        "data/goals.yaml:2:30: error: owner: expected text, got a list",
        "data/tasks.yaml:2:10: error: task 'a' has no end: give 'due: YYYY-MM-DD' or 'duration_days: N'",
    ]


def test_unknown_data_files_are_warnings(make_project: MakeProject) -> None:
    root = make_project({"data/goal.yaml": "goals: []\n", "data/tasks.yml": "tasks: []\n", "data/misc.yaml": ""})
    assert found(root) == [
        "data/goal.yaml: warning: kamdocs does not read data/goal.yaml; did you mean data/goals.yaml?",
        "data/misc.yaml: warning: kamdocs does not read data/misc.yaml; the data files are company.yaml, "
        "goals.yaml, budget.yaml, organisation.yaml, readiness.yaml, tasks.yaml, competencies.yaml, "
        "candidates.yaml, portfolio.yaml and accounts/<id>.yaml",
        "data/tasks.yml: warning: kamdocs does not read data/tasks.yml; did you mean data/tasks.yaml?",
    ]


def test_roles_variants_and_candidates_with_errors_raise_no_follow_up_errors(make_project: MakeProject) -> None:
    root = make_project(
        {
            "data/organisation.yaml": """
            selected: by_customer
            variants:
              - {id: by_customer, type: kunde, title: K}
            roles:
              - {id: kam, name: KAM, colour: blue}
              - {id: sales, name: Vertrieb}
            responsibilities:
              - activity: Plan
                raci: {kam: A, sales: R, salse: I}
            """,
            "data/candidates.yaml": "candidates:\n  - {id: c01, nam: M}\n",
            "data/accounts/acme.yaml": "id: acme\nname: A\nkam: c01\n",
        }
    )
    assert found(root) == [
        "data/candidates.yaml:2:5: error: missing required key 'name'",
        "data/candidates.yaml:2:15: error: unknown key 'nam'; did you mean 'name'?",
        "data/organisation.yaml:3:29: error: type: 'kunde' is not allowed; expected 'functional' or 'customer'",
        "data/organisation.yaml:5:26: error: unknown key 'colour'; allowed keys: id, name",
        "data/organisation.yaml:9:30: error: RACI: unknown role 'salse'; did you mean 'sales'?",
    ]


def test_dates_beyond_the_calendar(make_project: MakeProject) -> None:
    problems = tasks_problems(
        make_project,
        """\
  - {id: a, title: A, start: 9999-12-01, due: 9999-12-31}
  - {id: b, title: B, depends_on: [a], duration_days: 2}
  - {id: c, title: C, start: 2027-01-01, duration_days: 100000}
""",
    )
    assert problems == [
        "data/tasks.yaml:4:10: error: task 'b': its dates run past the year 9999; check start, due and duration_days",
        "data/tasks.yaml:5:57: error: duration_days: 100000 is out of range; expected a number from 1 to 36500",
    ]


def test_dates_are_derived_whatever_order_the_tasks_are_listed_in(make_project: MakeProject) -> None:
    # Listed dependants first: each task's dates need the task below it (ordering is linear, not one pass per task).
    root = make_project(
        {
            "data/tasks.yaml": """
        tasks:
          - {id: c, title: C, depends_on: [b], start: 2027-01-05, duration_days: 2}
          - {id: b, title: B, depends_on: [a], duration_days: 3}
          - {id: a, title: A, start: 2027-01-01, due: 2027-01-02}
        """
        }
    )
    assert found(root) == [
        "data/tasks.yaml:2:47: warning: task 'c' starts on 2027-01-05, on or before 2027-01-05, when 'b' "
        "(which it depends on) is due; start on 2027-01-06 or later, or leave out start"
    ]
