"""Themes: the loader chain (project theme first, then the built-in one), the sandbox, errors, static files.

A project's ``themes/<name>/`` overrides any template or static file of the built-in theme by path.
An override can extend the very template it replaces through the prefix loader:
``{% extends "!default/base.html" %}``. Every template runs in the sandbox of
:mod:`kamdocs.render.sandbox`, autoescaped whatever its file ending; an undefined name is an error.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from jinja2.loaders import split_template_path

import kamdocs
from kamdocs.errors import BuildError, KamdocsError, Problem, Severity
from kamdocs.render import sandbox
from kamdocs.render.sandbox import ThemeError, ThemeSandbox
from kamdocs.resources import builtin_theme_dir

STATIC = "static"
_JINJA = Path(jinja2.__file__).resolve().parent
_SANDBOX = Path(sandbox.__file__).resolve()
_KAMDOCS = Path(kamdocs.__file__).resolve().parent


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
        for folder in (Path(root) / "themes", project_theme):
            if folder.is_symlink():  # SECURITY row 29: a theme is the project's own files
                raise KamdocsError(
                    [_link_problem(f"{folder.relative_to(root).as_posix()}", "make it a real folder of the project")]
                )
        if project_theme.is_dir():
            dirs.append(project_theme.resolve())
        elif name != "default":
            raise KamdocsError(f"kamdocs.yaml: theme '{name}' not found: create themes/{name}/ or remove 'theme'")
        if builtin.resolve() not in dirs:
            dirs.append(builtin.resolve())
        return cls(name, tuple(dirs), builtin.resolve())

    def environment(
        self, globals_: dict[str, Any] | None = None, bytecode_cache: jinja2.BytecodeCache | None = None
    ) -> jinja2.Environment:
        """Return a sandboxed Jinja environment over this theme's folders (autoescape on, undefined is an error).

        ``bytecode_cache`` (the build session's) keeps compiled templates between builds of one
        process; Jinja checks each entry against the template's source, so an edit is compiled anew.
        """
        loader = jinja2.ChoiceLoader(
            [
                _OwnFilesLoader([str(d) for d in self.dirs], self),
                jinja2.PrefixLoader({"!default": _OwnFilesLoader([str(self.builtin)], self)}, delimiter="/"),
            ]
        )
        env = ThemeSandbox(
            loader=loader,
            autoescape=True,  # every template, whatever its ending (SECURITY, Jinja2 ≥ 3.1.6)
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.loopcontrols"],
            bytecode_cache=bytecode_cache,
            auto_reload=False,  # one environment per build: templates are read once
        )
        if globals_:
            env.globals.update(globals_)
        return env

    def render(self, env: jinja2.Environment, template: str, doing: str, context: dict[str, Any]) -> str:
        """Render ``template``; a mistake in the theme becomes a :class:`BuildError` at its file and line.

        ``doing`` completes "template error while …" (``writing index.html``). An exception raised
        in kamdocs' own code called by the template (a chart, a formatter) is not the theme's
        fault: it propagates as the internal error it is.
        """
        try:
            return sandbox.stream(env.get_template(template), context)
        except jinja2.TemplateError as error:
            raise self.problem(error, template, doing) from None
        except Exception as error:
            if not self.raised_by_template(error):
                raise
            raise self.problem(error, template, doing) from None

    def raised_by_template(self, error: BaseException) -> bool:
        """Tell whether ``error`` was raised by template code (or Jinja on its behalf), not by kamdocs."""
        frames = [frame.f_code.co_filename for frame, _ in traceback.walk_tb(error.__traceback__)]
        inner = [i for i, name in enumerate(frames) if self._shown(name) is not None]
        if not inner:
            return False
        # What the innermost template line called, past Jinja's own machinery (calls, filters, the sandbox):
        # nothing (1/0, an undefined name, a bad operand) or outside kamdocs is the template's doing.
        below = [Path(name).resolve() for name in frames[inner[-1] + 1 :]]
        called = [path for path in below if not (path.is_relative_to(_JINJA) or path == _SANDBOX)]
        return not called or not called[0].is_relative_to(_KAMDOCS)

    def problem(self, error: BaseException, fallback: str, doing: str) -> BuildError:
        """Return the problem "themes/<name>/<file>:<line>:1: error: template error while <doing>: …"."""
        where: tuple[str, int] | None = None
        for frame, line in traceback.walk_tb(error.__traceback__):
            shown = self._shown(frame.f_code.co_filename)
            if shown is not None:
                where = (shown, line)
        filename = getattr(error, "filename", None)
        if isinstance(error, jinja2.TemplateSyntaxError) and filename:
            where = (self._shown(filename) or self._shown_name(filename), error.lineno)
        elif isinstance(error, jinja2.TemplateNotFound) and where is None:
            where = (self._shown_name(fallback), 1)
        path, line = where or (self._shown_name(fallback), 1)
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        if not isinstance(error, jinja2.TemplateError):
            message = f"{type(error).__name__}: {message}"
        return BuildError([Problem(path, int(line), 1, Severity.ERROR, f"template error while {doing}: {message}")])

    def _shown(self, filename: str) -> str | None:
        """Return ``themes/<name>/<file>`` or ``(built-in theme)/<file>`` for a template file, else None."""
        path = Path(filename)
        if not path.is_absolute():
            return None
        for folder in self.dirs:
            if path.is_relative_to(folder):
                label = f"themes/{self.name}" if folder != self.builtin else "(built-in theme)"
                return f"{label}/{path.relative_to(folder).as_posix()}"
        return None

    def shown(self, path: Path) -> str:
        """Return how to show a file of the theme in a message (``themes/<name>/static/x.css``)."""
        return self._shown(str(path)) or path.name

    def _shown_name(self, name: str) -> str:
        """Return how to show the template ``name`` (relative to the theme): where it was found."""
        for folder in self.dirs:
            if (folder / name).is_file():
                return self._shown(str(folder / name)) or name
        return f"themes/{self.name}/{name}"

    def message_dirs(self) -> tuple[Path, ...]:
        """Return the theme folders holding label overrides (``messages/<lang>.yaml``), builtin first."""
        return tuple(d / "messages" for d in reversed(self.dirs) if (d / "messages").is_dir())

    def template_files(self) -> Iterator[Path]:
        """Yield every file of the theme's folders that is not static (templates, print CSS, labels)."""
        for folder in self.dirs:
            for path in self._walk(folder):
                if not path.relative_to(folder).as_posix().startswith(STATIC + "/"):
                    yield path

    def static_files(self) -> dict[str, Path]:
        """Return static file path (relative to ``static/``) → source; the project theme wins by path."""
        files: dict[str, Path] = {}
        for folder in reversed(self.dirs):
            static = folder / STATIC
            for path in self._walk(static):
                files[path.relative_to(static).as_posix()] = path
        return dict(sorted(files.items()))

    def own_file(self, relative: str) -> Path | None:
        """Return the theme's file ``relative`` (project theme first), refusing a symbolic link."""
        for folder in self.dirs:
            path = folder / relative
            if path.is_symlink() or (path.exists() and path.resolve() != path):
                raise KamdocsError([_link_problem(self._shown(str(path)) or relative, "copy the file into the theme")])
            if path.is_file():
                return path
        return None

    def _walk(self, folder: Path) -> Iterator[Path]:
        """Yield the regular files below ``folder`` in sorted order; a symbolic link is an error."""
        if not folder.is_dir():
            return
        for current, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted([*dirnames, *filenames]):
                path = Path(current) / name
                if path.is_symlink():  # SECURITY row 29, whether the theme uses the file or not
                    shown = self._shown(str(path)) or path.as_posix()
                    raise KamdocsError([_link_problem(shown, "copy the file into the theme")])
            for filename in sorted(filenames):
                path = Path(current) / filename
                if path.is_file() and not filename.startswith("."):
                    yield path


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept by a build session (serve rebuilds, tests, benchmarks).

    Jinja checks each entry against the template source's checksum, so an edited template is
    compiled again; an unchanged one skips parsing and compiling, most of a small build's time.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` from the store."""
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep ``bucket``'s code."""
        self.store[bucket.key] = bucket.bytecode_to_string()


def _link_problem(shown: str, fix: str) -> Problem:
    return Problem(
        shown, 1, 1, Severity.ERROR, f"{shown} is a symbolic link; a theme may use only its own files: {fix}"
    )


class _OwnFilesLoader(jinja2.FileSystemLoader):
    """Load templates from the theme's folders, refusing a template that is (or lies behind) a symbolic link."""

    def __init__(self, searchpath: list[str], theme: Theme) -> None:
        super().__init__(searchpath, followlinks=False)
        self._theme = theme

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        """Return the template's source, as the file system loader does, unless a link leads to it."""
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = os.path.join(folder, *pieces)
            if os.path.lexists(path):  # the first folder that has it wins, as in FileSystemLoader
                # The folders are resolved: any difference is a link on the way (SECURITY row 29).
                if os.path.realpath(path) != os.path.abspath(path):
                    shown = self._theme._shown(path) or template
                    raise ThemeError(f"{shown} is a symbolic link; a theme may use only its own files")
                break
        return super().get_source(environment, template)
