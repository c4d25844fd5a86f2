"""Themes: the loader chain (project theme first, then the built-in one), static files, brand colours.

A project's ``themes/<name>/`` overrides any template or static file of the built-in theme by path.
An override can extend the very template it replaces through the prefix loader:
``{% extends "!default/base.html" %}``. Every template is autoescaped whatever its file ending.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from kamdocs.errors import KamdocsError
from kamdocs.resources import builtin_theme_dir

STATIC = "static"


@dataclass(frozen=True)
class Theme:
    """The folders a theme is read from, most specific first."""

    name: str
    dirs: tuple[Path, ...]
    builtin: Path

    @classmethod
    def for_project(cls, root: Path, name: str) -> Theme:
        """Return the theme ``name``: ``themes/<name>/`` of the project, then the built-in theme."""
        builtin = builtin_theme_dir()
        project_theme = Path(root) / "themes" / name
        dirs: list[Path] = []
        if project_theme.is_dir():
            dirs.append(project_theme.resolve())
        elif name != "default":
            raise KamdocsError(f"kamdocs.yaml: theme '{name}' not found: create themes/{name}/ or remove 'theme'")
        if builtin.resolve() not in dirs:
            dirs.append(builtin.resolve())
        return cls(name, tuple(dirs), builtin.resolve())

    def environment(self, globals_: dict[str, Any] | None = None) -> jinja2.Environment:
        """Return a Jinja environment over this theme's folders (autoescape on, undefined is an error)."""
        loader = jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader([str(d) for d in self.dirs], followlinks=False),
                jinja2.PrefixLoader({"!default": jinja2.FileSystemLoader(str(self.builtin))}, delimiter="/"),
            ]
        )
        env = jinja2.Environment(
            loader=loader,
            autoescape=True,  # every template, whatever its ending (SECURITY, Jinja2 ≥ 3.1.6)
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.loopcontrols"],
            bytecode_cache=_BYTECODE,
        )
        if globals_:
            env.globals.update(globals_)
        return env

    def message_dirs(self) -> tuple[Path, ...]:
        """Return the theme folders holding label overrides (``messages/<lang>.yaml``), builtin first."""
        return tuple(d / "messages" for d in reversed(self.dirs) if (d / "messages").is_dir())

    def static_files(self) -> dict[str, Path]:
        """Return static file path (relative to ``static/``) → source; the project theme wins by path."""
        files: dict[str, Path] = {}
        for folder in reversed(self.dirs):
            static = folder / STATIC
            for path in _walk(static):
                files[path.relative_to(static).as_posix()] = path
        return dict(sorted(files.items()))


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Keep compiled templates for the life of the process (serve rebuilds, tests, benchmarks).

    Jinja checks each entry against the template source's checksum, so an edited template is
    compiled again; an unchanged one skips parsing and compiling, most of a small build's time.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


def _walk(folder: Path) -> Iterator[Path]:
    """Yield regular files below ``folder`` in sorted order, never following symlinks out of it."""
    if not folder.is_dir():
        return
    for current, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(current) / filename
            if path.is_file() and not path.is_symlink() and not filename.startswith("."):
                yield path


def _channel_mix(colour: str, other: str, amount: float) -> str:
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(x + (y - x) * amount) for x, y in zip(a, b, strict=True)]
    return "#" + "".join(f"{v:02x}" for v in mixed)


def brand_palette(colour: str | None) -> dict[str, str]:
    """Return the CSS custom properties derived from the brand colour (the theme's when None)."""
    base = (colour or "#1f5fa8").lower()
    return {
        "--brand": base,
        "--brand-strong": _channel_mix(base, "#000000", 0.25),
        "--brand-soft": _channel_mix(base, "#ffffff", 0.88),
        "--brand-tint": _channel_mix(base, "#ffffff", 0.95),
    }
