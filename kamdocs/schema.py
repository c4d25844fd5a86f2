"""JSON Schemas (draft 2020-12) of kamdocs.yaml and the data files, for editor completion.

The schemas are generated from the pydantic models, so they never drift from
what ``kamdocs check`` accepts; descriptions come from the models' field
docstrings, which the YAML language server shows on hover and completion.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from kamdocs.errors import KamdocsError
from kamdocs.model import DATA_FILES, Account, Model, ProjectConfig

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# File (glob, relative to the project) → schema file name and model. Order: as in docs/formats.md.
SCHEMA_FILES: dict[str, tuple[str, type[Model]]] = {
    "kamdocs.yaml": ("kamdocs.schema.json", ProjectConfig),
    **{f"data/{name}": (name.replace(".yaml", ".schema.json"), model) for name, model in DATA_FILES.items()},
    "data/accounts/*.yaml": ("account.schema.json", Account),
}


def model_schema(model: type[Model], file_glob: str, schema_name: str) -> dict[str, Any]:
    """Return the JSON Schema of one file, with ``$schema``, ``$id``, ``title`` and ``description``."""
    generated = model.model_json_schema(mode="validation")
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        # A relative $id: the schema is identified by its file name wherever it is written.
        "$id": schema_name,
        "title": f"kamdocs: {file_glob}",
    }
    schema.update((key, value) for key, value in generated.items() if key != "title")  # ours names the file
    return schema


def schema_bundle() -> dict[str, Any]:
    """Return every schema keyed by the file (glob) it describes, e.g. ``data/company.yaml``."""
    return {
        file_glob: model_schema(model, file_glob, schema_name)
        for file_glob, (schema_name, model) in SCHEMA_FILES.items()
    }


def vscode_settings(schema_dir: str) -> dict[str, Any]:
    """Return the ``yaml.schemas`` setting that maps each schema to its files (VS Code YAML extension)."""
    prefix = schema_dir.rstrip("/")
    return {
        "yaml.schemas": {f"{prefix}/{schema_name}": file_glob for file_glob, (schema_name, _) in SCHEMA_FILES.items()}
    }


def write_schemas(out: Path) -> list[Path]:
    """Write one ``<name>.schema.json`` per file into ``out``; return the written paths."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise KamdocsError(f"--out {out} is a file; give a folder for the schema files")
    try:
        out.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for file_glob, (schema_name, model) in SCHEMA_FILES.items():
            text = json.dumps(model_schema(model, file_glob, schema_name), indent=2, ensure_ascii=False) + "\n"
            written.append(_write_atomic(out / schema_name, text))
    except OSError as exc:
        raise KamdocsError(f"cannot write the schemas to {out}: {exc.strerror or exc}") from None
    return written


def _write_atomic(path: Path, text: str) -> Path:
    """Write ``text`` to a temporary file beside ``path`` and move it into place."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
