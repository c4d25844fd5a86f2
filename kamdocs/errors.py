"""Problems found in a playbook and the exception that carries them; no click here."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.IntEnum):
    """How bad a problem is; higher is worse."""

    NOTE = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        """Return the lower-case word used in messages."""
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, located at ``path:line:col`` (1-based, path relative to the project).

    ``line`` 0 (and ``col`` 0) means the finding is about the file as a whole or a file that
    does not exist: it has no position to point at (:data:`NO_POSITION`).
    """

    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def format(self) -> str:
        """Return the ``path:line:col: severity: message`` form shown to users.

        Line 0 means there is no place to point at (a missing file, a whole file, git): then
        ``path: severity: message`` is shown rather than a made-up ``1:1``, and without a path
        just ``severity: message``.
        """
        if self.line <= 0:
            where = f"{self.path}: " if self.path else ""
            return f"{where}{self.severity.label}: {self.message}"
        return f"{self.path}:{self.line}:{self.col}: {self.severity.label}: {self.message}"


NO_POSITION = 0
"""The ``line`` and ``col`` of a problem that has no position in its file."""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort by file, line and column, dropping exact duplicates."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, -p.severity, p.message))


def count_summary(problems: Iterable[Problem]) -> str:
    """Return a closing line such as ``2 errors, 1 warning in 2 files``."""
    items = list(problems)
    errors = sum(1 for p in items if p.severity is Severity.ERROR)
    warnings = sum(1 for p in items if p.severity is Severity.WARNING)
    notes = sum(1 for p in items if p.severity is Severity.NOTE)
    files = len({p.path for p in items if p.severity > Severity.NOTE})

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    text = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    if files:
        text += f" in {plural(files, 'file')}"
    if notes:
        text += f" ({plural(notes, 'note')})"
    return text


class KamdocsError(Exception):
    """A failure the user can fix; carries the problems that explain it."""

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            message = problems
        else:
            self.problems = sort_problems(problems)
            message = "\n".join(p.format() for p in self.problems)
        super().__init__(message)


class UsageProblem(KamdocsError):
    """A command-line value that cannot work (``--account nope``): exit 2, like click's usage errors."""


class BuildError(KamdocsError):
    """A build could not be completed (unsafe resource, template error, bad output folder)."""
