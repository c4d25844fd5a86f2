"""`kamdocs schema`: JSON Schema 2020-12 per file, accepting the example and rejecting broken data."""

from __future__ import annotations

import fnmatch
import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from kamdocs.cli import main
from kamdocs.load.yamlio import parse
from kamdocs.resources import example_dir
from kamdocs.schema import DRAFT, SCHEMA_FILES, schema_bundle, vscode_settings, write_schemas

FILES = [
    "kamdocs.yaml",
    "data/company.yaml",
    "data/goals.yaml",
    "data/budget.yaml",
    "data/organisation.yaml",
    "data/readiness.yaml",
    "data/tasks.yaml",
    "data/competencies.yaml",
    "data/candidates.yaml",
    "data/portfolio.yaml",
    "data/accounts/*.yaml",
]


@functools.cache
def validator(file_glob: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema_bundle()[file_glob], format_checker=jsonschema.FormatChecker())


def schema_for(rel: str) -> str:
    return next(glob for glob in SCHEMA_FILES if fnmatch.fnmatch(rel, glob))


def test_bundle_covers_every_file_with_a_valid_2020_12_schema() -> None:
    bundle = schema_bundle()
    assert list(bundle) == FILES
    for file_glob, schema in bundle.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == DRAFT == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == SCHEMA_FILES[file_glob][0]
        assert schema["title"] == f"kamdocs: {file_glob}"
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False


def test_descriptions_come_from_the_field_docstrings() -> None:
    company = schema_bundle()["data/company.yaml"]
    assert company["description"] == "The company introducing KAM (data/company.yaml)."
    assert company["properties"]["name"]["description"] == "Company name."
    assert company["required"] == ["name", "mission"]
    task = schema_bundle()["data/tasks.yaml"]["$defs"]["Task"]["properties"]
    assert task["status"]["enum"] == ["open", "in_progress", "done", "blocked"]
    assert task["id"]["pattern"] == "^[a-z0-9][a-z0-9_-]*$"
    assert task["id"]["description"] == "Id of the task."
    assert task["due"]["anyOf"][0] == {"type": "string", "format": "date"}


def example_files() -> list[Path]:
    root = example_dir("de")
    files = [
        root / "kamdocs.yaml",
        *sorted((root / "data").glob("*.yaml")),
        *sorted((root / "data" / "accounts").glob("*.yaml")),
    ]
    return [f for f in files if f.is_file()]


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_the_example_files_are_valid(path: Path) -> None:
    rel = path.relative_to(example_dir("de")).as_posix()
    data = parse(path.read_text(encoding="utf-8")).data
    errors = [e.message for e in validator(schema_for(rel)).iter_errors(data)]
    assert errors == []


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("kamdocs.yaml", {"title": "T", "language": "fr"}, "'fr' is not one of ['de', 'en']"),
    ("kamdocs.yaml", {"titel": "T"}, "'title' is a required property"),
    (
        "data/company.yaml",
        {"name": "A", "mission": {"statement": "S"}, "mision": 1},
        "Additional properties are not allowed ('mision' was unexpected)",
    ),
    ("data/readiness.yaml", {"areas": [{"id": "Bad Id", "title": "A"}]}, "'Bad Id' does not match"),
    (
        "data/accounts/*.yaml",
        {"id": "a", "name": "A", "attractiveness": [{"criterion": "x", "score": 11}]},
        "11 is greater than the maximum of 10",
    ),
    (
        "data/accounts/*.yaml",
        {"id": "a", "name": "A", "scores": {"position": {"Share": 5}}},
        "is not valid under any of the given schemas",
    ),
    ("data/portfolio.yaml", {"threshold": 11}, "11 is greater than the maximum of 10"),
    (
        "data/tasks.yaml",
        {"tasks": [{"id": "a", "title": "A", "due": "31.03.2027"}]},
        "'31.03.2027' is not valid under any of the given schemas",
    ),
    (
        "data/budget.yaml",
        {"resources": [{"role": "KAM", "year": 2027, "fte": 0}]},
        "0 is less than or equal to the minimum of 0",
    ),
]


@pytest.mark.parametrize(("file_glob", "data", "message"), BROKEN)
def test_broken_data_is_rejected(file_glob: str, data: dict[str, Any], message: str) -> None:
    errors = [e.message for e in validator(file_glob).iter_errors(data)]
    assert any(message in error for error in errors), errors


def test_text_fields_accept_numbers_like_the_loader() -> None:
    # `industry: 0755` is kept as the text "0755" by kamdocs, so the schema must not flag it.
    data = parse("id: a\nname: 0755\ncountry: NO\nindustry: 1.10\n").data
    assert list(validator("data/accounts/*.yaml").iter_errors(data)) == []


def test_cli_prints_the_bundle() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == schema_bundle()


def test_cli_writes_one_file_per_schema(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    result = CliRunner().invoke(main, ["schema", "--out", str(out)])
    assert result.exit_code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(name for name, _ in SCHEMA_FILES.values())
    assert result.output.splitlines() == [str(out / name) for name, _ in SCHEMA_FILES.values()]
    written = json.loads((out / "company.schema.json").read_text(encoding="utf-8"))
    assert written == schema_bundle()["data/company.yaml"]


def test_write_schemas_is_deterministic(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in write_schemas(tmp_path / "a")]
    second = [p.read_bytes() for p in write_schemas(tmp_path / "b")]
    assert first == second


def test_out_must_not_be_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = CliRunner().invoke(main, ["schema", "--out", str(target)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_vscode_settings_map_every_schema() -> None:
    settings = vscode_settings(".kamdocs/schema/")
    assert settings["yaml.schemas"][".kamdocs/schema/account.schema.json"] == "data/accounts/*.yaml"
    assert settings["yaml.schemas"][".kamdocs/schema/kamdocs.schema.json"] == "kamdocs.yaml"
    assert len(settings["yaml.schemas"]) == len(SCHEMA_FILES)
