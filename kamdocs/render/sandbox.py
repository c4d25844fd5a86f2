"""The sandbox every theme template runs in: no Python internals, no file access, bounded values.

Templates are untrusted (a pull request may change only a theme). Jinja's
:class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` refuses underscore attributes
(``cycler.__init__.__globals__``), the internals of functions and frames, and methods that change
lists or dicts; ``range`` is limited to 100,000 items. This module adds bounds on what one
expression can allocate, so that ``'x' * 10**10``, doubling a string by recursion, ``10**10**10``
or ``"%999999999d"`` fail at once with a template error instead of exhausting memory:

* every string or sequence a template makes by ``*``, ``+``, ``~``, ``%``, ``str.format`` or the
  filters that grow their input (``center``, ``indent``, ``replace``, ``join``, ``batch``,
  ``slice``, ``format``, ``string``, ``pprint``, ``tojson``) and every ``{{ value }}`` is at most
  :data:`MAX_VALUE` characters (items);
* a page's output is at most :data:`MAX_OUTPUT` characters (checked as it streams);
* ``lipsum`` (text of any length) is not offered.

A template can still spend time (nested loops over ranges): CI's time limit bounds that.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from itertools import islice
from types import BuiltinMethodType, MethodType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, Macro, markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup
from pydantic import BaseModel

MAX_VALUE = 16 * 1024 * 1024
"""Characters (or items) of any one value a template makes."""
MAX_OUTPUT = 256 * 1024 * 1024
"""Characters of one rendered page or print document."""
_MAX_POWER_BITS = 4096
_WIDE_NUMBER = re.compile(r"\d{7,}")
_STAR_WIDTH = re.compile(r"%[-+ #0]*\*|%[-+ #0\d]*\.\*")


class ThemeError(jinja2.TemplateRuntimeError):
    """A template used a helper (``chart``, ``fmt``, ``_``) wrongly: reported at the template's line."""


class LimitError(SecurityError):
    """A template tried to make a value larger than the sandbox allows."""


def _too_big(what: str) -> LimitError:
    return LimitError(f"{what} would be larger than the {MAX_VALUE:,} characters a template may make")


def size(value: Any, budget: int = MAX_VALUE) -> int:
    """Return the length ``value`` has as text, or anything above ``budget`` once it is clear that it is larger."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, int | float | bool) or value is None:
        return 24
    if isinstance(value, Mapping):
        items: Iterable[Any] = (part for pair in value.items() for part in pair)
        count = len(value) * 2
    elif isinstance(value, list | tuple | set | frozenset):
        items, count = value, len(value)
    else:
        return 64  # other objects print a bounded repr of the data they hold
    if count > budget:
        return budget + 1
    total = 2
    for item in items:
        total += size(item, budget - total) + 2
        if total > budget:
            return total
    return total


def _check(value: Any, what: str) -> Any:
    if size(value) > MAX_VALUE:
        raise _too_big(what)
    return value


def _check_format(spec: str, what: str) -> None:
    """Refuse a format string whose widths could allocate without bound."""
    if _WIDE_NUMBER.search(spec) or _STAR_WIDTH.search(spec) or re.search(r"\{[^{}]*:[^{}]*\{", spec):
        raise _too_big(what)


def _multiply(left: Any, right: Any) -> Any:
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(count, int):
            if size(seq) * max(count, 0) > MAX_VALUE:
                raise _too_big("a repeated value")
    return operator.mul(left, right)


def _power(left: Any, right: Any) -> Any:
    if isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
        if right * max(abs(left).bit_length(), 1) > _MAX_POWER_BITS:
            raise LimitError(f"the power {left} ** {right} is too large for a template")
    return operator.pow(left, right)


def _add(left: Any, right: Any) -> Any:
    if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
        if size(left) + size(right) > MAX_VALUE:
            raise _too_big("a joined value")
    return operator.add(left, right)


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        _check_format(left, "a formatted string")
        _check(right, "a formatted string")
    return operator.mod(left, right)


def _concat(parts: Iterable[Any]) -> str:
    """Join the operands of ``~`` (replaces Jinja's ``markup_join``) once their size is known to be bounded."""
    values = list(parts)
    if sum(size(value) for value in values) > MAX_VALUE:
        raise _too_big("a value joined with ~")
    return markup_join(values)


class _BoundedCodeGenerator(CodeGenerator):
    """Compile ``a ~ b`` to the bounded :func:`_concat` (the only operator the sandbox cannot intercept)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


def _bounded_filter(name: str, original: Callable[..., Any], check: Callable[..., None]) -> Callable[..., Any]:
    def bounded(*args: Any, **kwargs: Any) -> Any:
        check(*args, **kwargs)
        return original(*args, **kwargs)

    # Keep Jinja's pass_context / pass_eval_context / pass_environment marker.
    if hasattr(original, "jinja_pass_arg"):
        bounded.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
    bounded.__name__ = name
    return bounded


def _value_of(args: tuple[Any, ...]) -> Any:
    """Return the filtered value: the first argument that is not Jinja's context object."""
    return next(a for a in args if not isinstance(a, Context | jinja2.Environment | jinja2.nodes.EvalContext))


def _positional(args: tuple[Any, ...], index: int, kwargs: dict[str, Any], key: str, default: Any) -> Any:
    skip = sum(1 for a in args if isinstance(a, Context | jinja2.Environment | jinja2.nodes.EvalContext))
    rest = args[skip:]
    return rest[index] if len(rest) > index else kwargs.get(key, default)


def _width_check(key: str, index: int) -> Callable[..., None]:
    def check(*args: Any, **kwargs: Any) -> None:
        value = _value_of(args)
        width = _positional(args, index, kwargs, key, 0)
        lines = str(value).count("\n") + 1 if isinstance(value, str) else 1
        extra = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        if size(value) + lines * max(extra, 0) > MAX_VALUE:
            raise _too_big(f"the {key} of this filter")

    return check


def _replace_check(*args: Any, **kwargs: Any) -> None:
    value = str(_value_of(args))
    old = str(_positional(args, 1, kwargs, "old", ""))
    new = str(_positional(args, 2, kwargs, "new", ""))
    hits = value.count(old) if old else len(value) + 1
    if len(value) + hits * max(len(new) - len(old), 0) > MAX_VALUE:
        raise _too_big("the replaced text")


def _join_check(*args: Any, **kwargs: Any) -> None:
    value = _value_of(args)
    separator = _positional(args, 1, kwargs, "d", "")
    if isinstance(value, list | tuple):
        if size(value) + len(value) * size(separator) > MAX_VALUE:
            raise _too_big("the joined text")


def _count_check(key: str) -> Callable[..., None]:
    def check(*args: Any, **kwargs: Any) -> None:
        count = _positional(args, 1, kwargs, key, 0)
        if isinstance(count, int) and count > MAX_VALUE:
            raise _too_big(f"the {key} of this filter")

    return check


def _input_check(*args: Any, **kwargs: Any) -> None:
    value = _value_of(args)
    _check(value, "the text of this value")
    if isinstance(value, str) and "%" in value:
        _check_format(value, "a formatted string")


_FILTER_CHECKS: dict[str, Callable[..., None]] = {
    "center": _width_check("width", 1),
    "indent": _width_check("width", 1),
    "replace": _replace_check,
    "join": _join_check,
    "batch": _count_check("linecount"),
    "slice": _count_check("slices"),
    "format": _input_check,
    "string": _input_check,
    "pprint": _input_check,
    "tojson": _input_check,
}


_PLAIN = {str, Markup, int, float, bool, type(None), tuple, dict, list, frozenset, dt.date, dt.datetime, Macro}
_plain_types: dict[type, bool] = {}
_CONTAINERS = frozenset({list, tuple, dict, set, frozenset})
_DICT_READERS = frozenset({"get", "items", "keys", "values"})


def _is_plain(kind: type) -> bool:
    """Tell whether values of ``kind`` are plain data: no callable, nothing internal to Python."""
    plain = _plain_types.get(kind)
    if plain is None:
        plain = _plain_types[kind] = kind in _PLAIN or dataclasses.is_dataclass(kind) or issubclass(kind, BaseModel)
    return plain


class ThemeSandbox(ImmutableSandboxedEnvironment):
    """The Jinja environment of every theme template (docs/themes.md: what a template may do)."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, finalize=self._finalize, **kwargs)
        self.globals.pop("lipsum", None)  # text of any length on request
        self.binop_table.update({"*": _multiply, "**": _power, "+": _add, "%": _modulo})
        for name, check in _FILTER_CHECKS.items():
            self.filters[name] = _bounded_filter(name, self.filters[name], check)
        self.bounded_concat = _concat

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Return ``obj.attribute`` at once when it is plain data (most reads); else check it as Jinja does."""
        if attribute[:1] != "_":
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                # A data value is safe to read; its methods are checked when a template reads them.
                kind = type(value)
                plain = _plain_types.get(kind)
                if plain or (plain is None and _is_plain(kind)):
                    return value
                # Reading a dict and kamdocs' own helpers (fmt.percent …) are safe; other methods are checked.
                if kind is MethodType and getattr(type(value.__self__), "kamdocs_template_helper", False):
                    return value
                if kind is BuiltinMethodType and type(obj) is dict and attribute in _DICT_READERS:
                    return value
        return super().getattr(obj, attribute)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's
        """Call a macro or one of kamdocs' template helpers directly; anything else after Jinja's check."""
        kind = type(__obj)
        owner = type(getattr(__obj, "__self__", None)) if kind is MethodType else kind
        if kind is Macro or getattr(owner, "kamdocs_template_helper", False):
            return __context.call(__obj, *args, **kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    @staticmethod
    def _finalize(value: Any) -> Any:
        """Refuse to print a value whose text would be larger than :data:`MAX_VALUE`."""
        if type(value) in _CONTAINERS and size(value) > MAX_VALUE:
            raise _too_big("the printed value")
        return value

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Check ``"…".format(…)`` strings for unbounded widths before Jinja's sandboxed formatting."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        spec = str(value.__self__)

        def bounded(*args: Any, **kwargs: Any) -> str:
            _check_format(spec, "a formatted string")
            _check(list(args) + list(kwargs.values()), "a formatted string")
            return wrapped(*args, **kwargs)

        return bounded


def stream(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render ``template`` while counting its output; refuse a page larger than :data:`MAX_OUTPUT`."""
    parts: list[str] = []
    total = 0
    try:
        chunks = template.root_render_func(template.new_context(context))
        # Joined in batches: counting every one of a page's ~1,000 chunks in Python costs more.
        while batch := list(islice(chunks, 256)):
            parts.append("".join(batch))
            total += len(parts[-1])
            if total > MAX_OUTPUT:
                raise LimitError(f"the page would be larger than {MAX_OUTPUT:,} characters")
    except Exception:
        template.environment.handle_exception()  # as Template.render: map the traceback to the template
    return "".join(parts)
