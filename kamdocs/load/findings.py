"""Problems located through the parsed YAML: the reporter shared by the cross-checks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kamdocs.errors import Problem, Severity
from kamdocs.load.validate import did_you_mean
from kamdocs.load.yamlio import Located, Mark, PathKey


@dataclass
class Reporter:
    """Collect problems located through the parsed sources."""

    sources: dict[str, Located]
    present: frozenset[str] = frozenset()
    dropped: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    """(file, list key) → ids of items left out because of their own errors."""
    problems: list[Problem] = field(default_factory=list)

    def left_out(self, rel: str, key: str) -> frozenset[str]:
        """Return the ids of ``rel``'s list ``key`` that exist but have their own errors."""
        return self.dropped.get((rel, key), frozenset())

    def mark(self, rel: str, path: PathKey, *, key: bool = False) -> Mark:
        """Return the position of ``path`` in ``rel`` (1:1 when the file was not parsed)."""
        located = self.sources.get(rel)
        return located.mark(path, key=key) if located is not None else Mark(1, 1)

    def add(self, rel: str, path: PathKey, severity: Severity, message: str, *, key: bool = False) -> None:
        """Record a problem at ``path`` of file ``rel``."""
        mark = self.mark(rel, path, key=key)
        self.problems.append(Problem(rel, mark.line, mark.col, severity, message))

    def error(self, rel: str, path: PathKey, message: str, *, key: bool = False) -> None:
        """Record an error."""
        self.add(rel, path, Severity.ERROR, message, key=key)

    def warning(self, rel: str, path: PathKey, message: str, *, key: bool = False) -> None:
        """Record a warning."""
        self.add(rel, path, Severity.WARNING, message, key=key)

    def line(self, rel: str, path: PathKey) -> int:
        """Return the line of ``path`` in ``rel``, for messages that name a second location."""
        return self.mark(rel, path).line

    def exists(self, rel: str) -> bool:
        """Tell whether the data file ``rel`` exists (valid or not)."""
        return rel in self.present or rel in self.sources


def suggest(word: str, known: Iterable[str]) -> str:
    """Return "; did you mean 'x'?" or the list of known ids, for a reference that does not exist."""
    choices = sorted(set(known))
    hint = did_you_mean(word, choices)
    if hint:
        return hint
    if not choices:
        return ""
    shown = ", ".join(choices[:12]) + (", …" if len(choices) > 12 else "")
    return f"; known ids: {shown}"


def unique_ids(out: Reporter, rel: str, items: Sequence[tuple[PathKey, str]], what: str) -> None:
    """Report every id that is used a second time, naming the line of its first use."""
    first: dict[str, PathKey] = {}
    for path, ident in items:
        if ident in first:
            out.error(
                rel,
                (*path, "id"),
                f"duplicate {what} id {ident!r}: already used on line {out.line(rel, (*first[ident], 'id'))}; "
                f"every {what} needs its own id",
            )
        else:
            first[ident] = path
