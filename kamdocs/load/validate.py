"""Validate located YAML data against a model and turn pydantic errors into problems."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kamdocs.errors import Problem, Severity
from kamdocs.load.yamlio import Located, PathKey

M = TypeVar("M", bound=BaseModel)


def _field_names(model: type[BaseModel], loc: PathKey) -> list[str]:
    """Return the field names allowed at ``loc`` (the parent of an unknown key)."""
    current: Any = model
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return []
            current = _inner(info.annotation)
        elif isinstance(part, int):
            continue
        else:
            current = _inner(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner(annotation: Any) -> Any:
    """Unwrap Optional[...], tuple[X, ...], list[X] and dict[str, X] down to the model X."""
    for arg in getattr(annotation, "__args__", ()) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = _inner(arg)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return annotation


def did_you_mean(word: str, choices: list[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _describe(value: Any) -> str:
    text = repr(getattr(value, "raw", value))
    return text if len(text) <= 40 else text[:37] + "…'"


def _message(error: Any, model: type[BaseModel], located: Located) -> tuple[str, bool]:
    """Return the user message for one pydantic error and whether it points at the key."""
    kind = error["type"]
    loc: PathKey = tuple(error["loc"])
    field = str(loc[-1]) if loc else ""
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "extra_forbidden":
        allowed = _field_names(model, loc[:-1])
        hint = did_you_mean(field, allowed)
        if not hint and allowed:
            hint = "; allowed keys: " + ", ".join(allowed)
        return f"unknown key {field!r}{hint}", True
    if kind == "missing":
        return f"missing required key {field!r}", False
    if kind == "literal_error":
        return f"{field}: {_describe(value)} is not allowed; expected {ctx.get('expected')}", False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{field}: {_describe(value)} is out of range; {error['msg'].lower()}", False
    if kind == "string_pattern_mismatch":
        if field in ("id", "parent", "phase", "selected", "competency") or ctx.get("pattern", "").startswith(
            "^[a-z0-9]"
        ):
            return (
                f"{field}: {_describe(value)} is not a valid id; use lower-case letters, digits, '-' and '_' "
                "(e.g. 'key_accounts')",
                False,
            )
        return f"{field}: {_describe(value)} does not have the expected form ({ctx.get('pattern')})", False
    if kind in ("string_type", "int_type", "float_type", "bool_type", "int_parsing", "float_parsing",
                "bool_parsing", "int_from_float"):
        expected = {
            "string_type": "text",
            "int_type": "a whole number",
            "int_parsing": "a whole number",
            "int_from_float": "a whole number",
            "float_type": "a number",
            "float_parsing": "a number",
            "bool_type": "true or false",
            "bool_parsing": "true or false",
        }[kind]
        if kind == "string_type" and isinstance(value, bool):
            return f"{field}: expected text, got {value!r}; put the value in quotes", False
        return f"{field}: expected {expected}, got {_describe(value)}", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{field or 'file'}: expected a mapping of 'key: value' lines, got {_describe(value)}", False
    if kind in ("tuple_type", "list_type"):
        return f"{field}: expected a list ('- item' lines or [a, b]), got {_describe(value)}", False
    if kind == "value_error":
        return f"{field}: {str(ctx.get('error', error['msg']))}", False
    if kind == "string_too_short":
        return f"{field}: must not be empty", False
    return f"{field}: {error['msg']}", False


def validate(model: type[M], located: Located, source: str) -> tuple[M | None, list[Problem]]:
    """Validate ``located.data`` as ``model``; on failure return every problem with its position."""
    data = located.data if located.data is not None else {}
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            message, at_key = _message(error, model, located)
            loc = tuple(error["loc"])
            if error["type"] == "missing":
                mark = located.mark(loc[:-1])
            else:
                mark = located.mark(loc, key=at_key)
            problems.append(Problem(source, mark.line, mark.col, Severity.ERROR, message))
        return None, problems
