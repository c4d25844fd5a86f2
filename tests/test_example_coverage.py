"""`kamdocs init`'s examples use every field of the format, so they show what each one is for.

The fields come from the JSON Schema of `kamdocs schema` (generated from the models), so a field
added to a model fails here until both examples use it or it is exempted below with a reason.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kamdocs.scaffold import LANGUAGES, init_project
from kamdocs.schema import schema_bundle

# Fields no example can use, with why. Keyed by the file (glob) of the schema.
EXEMPT: dict[str, dict[str, str]] = {
    "data/accounts/*.yaml": {
        # The v1 per-account criteria lists are an error beside data/portfolio.yaml (one model
        # for all accounts), which the examples have; v1 playbooks in the tests use them.
        path: "v1 criteria lists: an error together with data/portfolio.yaml"
        for side in ("attractiveness", "position")
        for path in (side, f"{side}[].criterion", f"{side}[].weight", f"{side}[].score")
    },
}

# What format v2 added (docs/formats.md): each of these and every field below it must be used.
V2_FIELDS: dict[str, tuple[str, ...]] = {
    "kamdocs.yaml": ("privacy.min_group_size", "privacy.publish_contacts", "history"),
    "data/goals.yaml": (
        "baseline_date",
        "goals[].kpis[].baseline_date",
        "goals[].kpis[].plan",
        "goals[].kpis[].history",
        "goals[].kpis[].source",
    ),
    "data/tasks.yaml": ("routines",),
    "data/portfolio.yaml": ("threshold", "attractiveness", "position"),
    "data/accounts/*.yaml": (
        "scores",
        "plan",
        "sponsor",
        "team",
        "customer",
        "suppliers",
        "swot",
        "value_proposition",
        "financials",
        "goals[].id",
        "goals[].unit",
        "goals[].direction",
        "goals[].baseline",
        "goals[].actual",
        "goals[].baseline_date",
        "contacts[].influence",
        "contacts[].relationship",
        "contacts[].counterpart",
        "contacts[].last_contact",
        "reviews",
    ),
}


@functools.cache
def fields_of(file_glob: str) -> frozenset[str]:
    """Return the field paths of the schema of ``file_glob`` (computed once)."""
    return frozenset(schema_fields(schema_bundle()[file_glob]))


def schema_fields(schema: dict[str, Any]) -> set[str]:
    """Return every field path of ``schema``: ``a.b`` for mappings, ``a[]`` for list items, ``a.*`` for any key."""
    defs = schema.get("$defs", {})
    found: set[str] = set()

    def walk(node: dict[str, Any], prefix: str, seen: frozenset[str]) -> None:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in seen:  # a recursive model is walked once
                walk(defs[name], prefix, seen | {name})
            return
        for key in ("anyOf", "oneOf", "allOf"):
            for sub in node.get(key, []):
                walk(sub, prefix, seen)
        for key, sub in node.get("properties", {}).items():
            path = f"{prefix}.{key}" if prefix else key
            found.add(path)
            walk(sub, path, seen)
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{prefix}[]", seen)
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], f"{prefix}.*", seen)

    walk(schema, "", frozenset())
    return found


def used_fields(value: Any, prefix: str = "") -> Iterator[str]:
    """Yield the field path of every key in ``value``, as :func:`schema_fields` names them."""
    if isinstance(value, dict):
        for key, sub in value.items():
            for path in (f"{prefix}.{key}" if prefix else str(key), f"{prefix}.*" if prefix else "*"):
                yield path
                yield from used_fields(sub, path)
    elif isinstance(value, list):
        for item in value:
            yield from used_fields(item, f"{prefix}[]")


@pytest.fixture(scope="module", params=LANGUAGES)
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a playbook written by `kamdocs init` in one language."""
    root = tmp_path_factory.mktemp(f"init-{request.param}") / "playbook"
    init_project(root, request.param)
    return root


def _used(example: Path, file_glob: str) -> set[str]:
    files = sorted(example.glob(file_glob))
    assert files, f"the example has no {file_glob}"
    return {p for f in files for p in used_fields(yaml.safe_load(f.read_text(encoding="utf-8")) or {})}


@pytest.mark.parametrize("file_glob", list(schema_bundle()))
def test_the_example_uses_every_field(example: Path, file_glob: str) -> None:
    fields = fields_of(file_glob)
    exempt = EXEMPT.get(file_glob, {})
    assert set(exempt) <= fields, "an exemption names a field that no longer exists"
    unused = sorted(fields - _used(example, file_glob) - set(exempt))
    assert unused == [], f"{example.parent.name}: {file_glob} does not use {unused}"
    # An exempt field stays unused: if the example starts using it, the exemption is stale.
    assert not set(exempt) & _used(example, file_glob)


@pytest.mark.parametrize("file_glob", list(V2_FIELDS))
def test_the_example_uses_every_v2_field(example: Path, file_glob: str) -> None:
    fields = fields_of(file_glob)
    used = _used(example, file_glob)
    for root in V2_FIELDS[file_glob]:
        assert root in fields, f"{file_glob}: {root} is not a field of the format"
        below = {f for f in fields if f == root or f.startswith((f"{root}.", f"{root}[]"))}
        assert not below & set(EXEMPT.get(file_glob, {})), f"{root} is v2: it cannot be exempt"
        assert below <= used, f"{example.parent.name}: {file_glob} does not use {sorted(below - used)}"


def test_the_walk_finds_nested_fields_and_unused_ones() -> None:
    """The helpers themselves: a field under a list of mappings is found, and a missing one is missed."""
    fields = fields_of("data/goals.yaml")
    assert {"goals[].kpis[].plan[].date", "goals[].kpis[].history[].value"} <= fields
    used = set(used_fields({"goals": [{"id": "g", "kpis": [{"plan": [{"date": "2027-01-01"}]}]}]}))
    assert "goals[].kpis[].plan[].date" in used
    assert "goals[].kpis[].plan[].value" not in used


def test_each_kpi_of_the_example_shows_the_v2_time_series(example: Path) -> None:
    """Plan points and history on several KPIs, a KPI's own baseline date, and a roll-up from the accounts."""
    goals = yaml.safe_load((example / "data/goals.yaml").read_text(encoding="utf-8"))
    kpis = [k for g in goals["goals"] for k in g["kpis"]]
    assert goals.get("baseline_date")
    assert sum(1 for k in kpis if k.get("plan")) >= 3
    assert sum(1 for k in kpis if k.get("history")) >= 3
    assert any(k.get("baseline_date") for k in kpis)
    assert any(k.get("source") for k in kpis)
    config = yaml.safe_load((example / "kamdocs.yaml").read_text(encoding="utf-8"))
    assert "min_group_size" in config["privacy"] and "publish_contacts" in config["privacy"]
    assert len(list((example / "data/accounts").glob("*.yaml"))) >= 3
