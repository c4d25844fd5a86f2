"""Validate located YAML data against a model and turn pydantic errors into problems."""

from __future__ import annotations

import re
import types
import typing
from typing import Any, TypeVar

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from kamdocs.errors import Problem, Severity
from kamdocs.load.yamlio import Located, PathKey
from kamdocs.suggest import did_you_mean
from kamdocs.values import YamlFloat, YamlInt

M = TypeVar("M", bound=BaseModel)

_ID_FIELDS = ("id", "parent", "phase", "selected", "competency", "depends_on", "agreed_with")
_EXPECTED_TYPE = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}


def _model_at(model: type[BaseModel], loc: PathKey) -> type[BaseModel] | None:
    """Return the model that holds the keys at ``loc`` (list indexes and dict keys skipped)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None
            current = _inner(info.annotation)
        else:
            current = _inner(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_names(model: type[BaseModel], loc: PathKey) -> list[str]:
    """Return the field names allowed at ``loc`` (the parent of an unknown key)."""
    found = _model_at(model, loc)
    return list(found.model_fields) if found is not None else []


def _field_info(model: type[BaseModel], loc: PathKey) -> FieldInfo | None:
    """Return the definition of the field named by the last text part of ``loc``."""
    names = [i for i, part in enumerate(loc) if isinstance(part, str)]
    if not names:
        return None
    last = names[-1]
    holder = _model_at(model, loc[:last])
    return holder.model_fields.get(str(loc[last])) if holder is not None else None


def _inner(annotation: Any) -> Any:
    """Unwrap Optional[...], tuple[X, ...], list[X] and dict[str, X] down to the model X."""
    for arg in getattr(annotation, "__args__", ()) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = _inner(arg)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return annotation


def _bounds(info: FieldInfo | None) -> dict[str, Any]:
    """Return the numeric bounds (ge, gt, le, lt) declared on a field, also inside ``X | None``."""
    found: dict[str, Any] = {}
    if info is None:
        return found
    metadata: list[Any] = list(info.metadata)
    for arg in getattr(info.annotation, "__args__", ()) or ():
        for item in getattr(arg, "__metadata__", ()):
            metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
    for item in metadata:
        for name in ("ge", "gt", "le", "lt"):
            value = getattr(item, name, None)
            if value is not None and isinstance(item, annotated_types.BaseMetadata):
                found[name] = value
    return found


def _describe(value: Any) -> str:
    """Show a value the way the user wrote it (numbers without quotes)."""
    if isinstance(value, YamlInt | YamlFloat):
        return value.raw
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    if len(text) <= 40:
        return text
    return text[:37] + ("…'" if isinstance(value, str) else "…")


def _label(loc: PathKey) -> str:
    """Name a location for a message: ``weight``, ``countries (item 2)``."""
    parts = [p for p in loc if p != "[key]"]
    if not parts:
        return "file"
    tail = parts[-1]
    if isinstance(tail, int):
        names = [p for p in parts if isinstance(p, str)]
        return f"{names[-1] if names else 'list'} (item {tail + 1})"
    return str(tail)


def _range_text(bounds: dict[str, Any]) -> str:
    """Describe allowed values: 'from 1 to 10', 'greater than 0', 'at least 0'."""
    low = ("ge", bounds["ge"]) if "ge" in bounds else ("gt", bounds["gt"]) if "gt" in bounds else None
    high = ("le", bounds["le"]) if "le" in bounds else ("lt", bounds["lt"]) if "lt" in bounds else None
    if low and high and low[0] == "ge" and high[0] == "le":
        return f"from {_number(low[1])} to {_number(high[1])}"
    words = []
    if low:
        words.append(("of at least " if low[0] == "ge" else "greater than ") + _number(low[1]))
    if high:
        words.append(("of at most " if high[0] == "le" else "less than ") + _number(high[1]))
    return " and ".join(words)


def _number(value: Any) -> str:
    """Write 10.0 as 10, 0.5 as 0.5 and 1e15 as 1,000,000,000,000,000."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 100_000 else str(value)


def _about(info: FieldInfo | None) -> str:
    """Return " (what the field holds)" from the field's docstring, or an empty string."""
    if info is None or not info.description:
        return ""
    # Only the first clause, without remarks in parentheses: the message adds its own.
    text = re.sub(r"\s*\([^)]*\)", "", info.description.strip()).rstrip(".").split(";")[0].strip()
    if len(text) > 1 and not text[1].isupper():
        text = text[0].lower() + text[1:]
    if not text or text.lower() == (info.alias or "").lower() or len(text.split()) == 1:
        return ""
    return f" ({text})"


def _message(error: Any, model: type[BaseModel]) -> tuple[str, bool]:
    """Return the user message for one pydantic error and whether it points at the key."""
    kind = error["type"]
    loc: PathKey = tuple(error["loc"])
    field = _label(loc)
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if loc and loc[-1] == "[key]":
        return f"{_label(loc[:-2])}: the key {_describe(value)} must be {_EXPECTED_TYPE.get(kind, 'valid')}", True
    if kind == "extra_forbidden":
        allowed = _field_names(model, loc[:-1])
        hint = did_you_mean(field, allowed)
        if not hint and allowed:
            hint = "; allowed keys: " + ", ".join(allowed)
        return f"unknown key {field!r}{hint}", True
    if kind == "missing":
        about = _about(_field_info(model, loc))
        return f"missing required key {field!r}{about}", False
    if kind == "literal_error":
        return f"{field}: {_describe(value)} is not allowed; expected {ctx.get('expected')}", False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        side = {"greater_than_equal": "ge", "less_than_equal": "le", "greater_than": "gt", "less_than": "lt"}[kind]
        bounds = _bounds(_field_info(model, loc)) or {side: next(iter(ctx.values()), "?")}
        if side in bounds and not ("ge" in bounds and "le" in bounds and abs(bounds["le"]) < 1_000_000):
            # A real range (a scale, 1 to 36500 days) is told whole; against a sanity cap, only the
            # side that was crossed: "of at least 0" says more about -1 than "from 0 to 1,000,000,000,…".
            bounds = {side: bounds[side]}
        return f"{field}: {_describe(value)} is out of range; expected a number {_range_text(bounds)}", False
    if kind == "string_pattern_mismatch":
        if field in _ID_FIELDS or str(ctx.get("pattern", "")).startswith("^[a-z0-9]"):
            return (
                f"{field}: {_describe(value)} is not a valid id; use lower-case letters, digits, '-' and '_' "
                "(e.g. 'key_accounts')",
                False,
            )
        return f"{field}: {_describe(value)} does not have the expected form{_about(_field_info(model, loc))}", False
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return f"{field}: {_describe(value)} is not a valid date; write it as YYYY-MM-DD, e.g. 2027-03-31", False
    if kind in _EXPECTED_TYPE:
        if kind == "string_type" and isinstance(value, bool):
            return f"{field}: expected text, got {str(value).lower()}; put the value in quotes", False
        if kind == "string_type" and value is None:
            return f"{field}: a value is required here; write the text after the ':'", False
        return f"{field}: expected {_EXPECTED_TYPE[kind]}, got {_describe(value)}", False
    if kind == "finite_number":
        return f"{field}: expected a finite number, got {_describe(value)}", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{field}: expected a mapping of 'key: value' lines, got {_describe(value)}", False
    if kind in ("tuple_type", "list_type"):
        return f"{field}: expected a list ('- item' lines or [a, b]), got {_describe(value)}", False
    if kind == "value_error":
        return f"{field}: {ctx.get('error', error['msg'])!s}", False
    if kind in ("string_too_short", "too_short") and isinstance(value, str):
        return f"{field}: must not be empty", False
    return f"{field}: {error['msg']}", False


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _members(annotation: Any) -> tuple[Any, ...]:
    """Return the members of ``X | Y`` (without None), or the annotation alone."""
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return tuple(_unwrap(a) for a in typing.get_args(annotation) if a is not type(None))
    return (annotation,)


def _numeric_only(annotation: Any) -> bool:
    members = _members(annotation)
    return bool(members) and all(
        isinstance(m, type) and issubclass(m, int | float) and not issubclass(m, bool) for m in members
    )


def booleans_where_numbers(model: type[BaseModel], data: Any) -> list[PathKey]:
    """Return where ``true``/``false`` stands for a number: pydantic would quietly read it as 1 or 0."""
    found: list[PathKey] = []

    def walk(annotation: Any, value: Any, loc: PathKey) -> None:
        if isinstance(value, bool):
            if _numeric_only(annotation):
                found.append(loc)
            return
        for member in _members(annotation):
            origin = typing.get_origin(member)
            args = typing.get_args(member)
            if isinstance(member, type) and issubclass(member, BaseModel) and isinstance(value, dict):
                fields = {(info.alias or name): info for name, info in member.model_fields.items()}
                for key, item in value.items():
                    if isinstance(key, str) and key in fields:
                        walk(fields[key].annotation, item, (*loc, key))
            elif origin in (tuple, list) and args and isinstance(value, list):
                for index, item in enumerate(value):
                    walk(args[0], item, (*loc, index))
            elif origin is dict and len(args) == 2 and isinstance(value, dict):
                for key, item in value.items():
                    walk(args[1], item, (*loc, key))

    walk(model, data, ())
    return sorted(set(found), key=str)


def _boolean_problem(located: Located, loc: PathKey, source: str) -> Problem:
    mark = located.mark(loc)
    value = "true" if located.data is not None and _at(located.data, loc) else "false"
    return Problem(
        source,
        mark.line,
        mark.col,
        Severity.ERROR,
        f"{_label(loc)}: expected a number, got {value}; true and false are no numbers, write one such as 3",
    )


def _at(data: Any, loc: PathKey) -> Any:
    for part in loc:
        data = data[part]
    return data


def validate(model: type[M], located: Located, source: str) -> tuple[M | None, list[Problem]]:
    """Validate ``located.data`` as ``model``; on failure return every problem with its position."""
    data = located.data if located.data is not None else {}
    booleans = [_boolean_problem(located, loc, source) for loc in booleans_where_numbers(model, data)]
    try:
        value = model.model_validate(data)
    except ValidationError as exc:
        problems = booleans
        for error in exc.errors():
            message, at_key = _message(error, model)
            loc = tuple(error["loc"])
            if error["type"] == "missing":
                mark = located.mark(loc[:-1], key=True)  # the key of the mapping that lacks it
            elif loc and loc[-1] == "[key]":
                mark = located.mark(loc[:-1], key=True)
            else:
                mark = located.mark(loc, key=at_key)
            problems.append(Problem(source, mark.line, mark.col, Severity.ERROR, message))
        return None, problems
    return (None, booleans) if booleans else (value, [])
