"""The example playbook's JSON report is stable (golden files).

Regenerate after an intended change of the example or of a formula with

    KAMDOCS_REGEN_GOLDEN=1 python -m pytest tests/test_report_golden.py

and review the diff of tests/golden/report*.json before committing it.
The example fixes ``as_of`` in kamdocs.yaml, so the report does not depend on today.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kamdocs.report import run_report
from kamdocs.resources import example_dir

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("KAMDOCS_REGEN_GOLDEN") == "1"  # the one variable for every golden file


@pytest.mark.parametrize(("audience", "name"), [("internal", "report.json"), ("restricted", "report-restricted.json")])
def test_example_report_matches_golden_file(audience: str, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    example = example_dir("de")
    assert "\nas_of:" in (example / "kamdocs.yaml").read_text(encoding="utf-8"), "the example must fix as_of"
    actual = run_report(example, audience=audience, as_json=True) + "\n"
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8"), (
        f"the report of the example changed; if intended, regenerate with "
        f"KAMDOCS_REGEN_GOLDEN=1 python -m pytest {Path(__file__).name} and review the diff"
    )


def test_golden_internal_report_has_no_personal_data() -> None:
    internal = json.loads((GOLDEN / "report.json").read_text(encoding="utf-8"))
    restricted = json.loads((GOLDEN / "report-restricted.json").read_text(encoding="utf-8"))
    assert internal["candidates"] == {}
    assert restricted["candidates"], "the example should rate some candidates"
    assert {k: v for k, v in internal.items() if k != "candidates"} == {
        k: v for k, v in restricted.items() if k != "candidates"
    }


def test_english_example_has_the_same_numbers() -> None:
    german = json.loads(run_report(example_dir("de"), audience="restricted", as_json=True))
    english_dir = example_dir("en")
    if not (english_dir / "kamdocs.yaml").is_file():
        pytest.skip("no English example in this checkout")
    english = json.loads(run_report(english_dir, audience="restricted", as_json=True))
    # only the budget categories and a KAM's name given as free text are words; everything else is ids and numbers
    assert list(german["budget"].pop("by_category").values()) == list(english["budget"].pop("by_category").values())
    assert list(german.pop("kams").values()) == list(english.pop("kams").values())
    assert german == english
    text = run_report(english_dir, audience="internal", as_json=False)
    assert "Readiness (step 1)" in text and "Audience: internal (no personal data)" in text
