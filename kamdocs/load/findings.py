"""The reporter shared by the rules: it locates each problem at its YAML line — or wherever it came from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kamdocs.errors import NO_POSITION, Problem, Severity
from kamdocs.load.yamlio import Located, Mark, PathKey


@dataclass(frozen=True)
class Spot:
    """Where a problem is shown instead of its position in the YAML file (e.g. a workbook cell)."""

    path: str
    line: int
    col: int
    ref: str | None = None
    """A name of the place such as ``Tasks!C7``: it starts the message and stands for "line N" in others."""
    note: str = ""
    """Appended to the message (e.g. that the file is the one an import would write)."""


Placer = Callable[[str, PathKey, Mark], Spot | None]
"""(file, data path, its position in the file) → where to show the problem; None: at that position."""


@dataclass
class Reporter:
    """Collect problems located through the parsed sources (and the optional ``place``)."""

    sources: dict[str, Located]
    present: frozenset[str] = frozenset()
    dropped: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    """(file, list key) → ids of items left out because of their own errors."""
    problems: list[Problem] = field(default_factory=list)
    place: Placer | None = None
    """Where data that did not come from a YAML file is shown (the Excel import: the cell it came from)."""

    def left_out(self, rel: str, key: str) -> frozenset[str]:
        """Return the ids of ``rel``'s list ``key`` that exist but have their own errors."""
        return self.dropped.get((rel, key), frozenset())

    def mark(self, rel: str, path: PathKey, *, key: bool = False) -> Mark:
        """Return the position of ``path`` in ``rel`` (0:0, no position, when the file was not parsed)."""
        located = self.sources.get(rel)
        return located.mark(path, key=key) if located is not None else Mark(NO_POSITION, NO_POSITION)

    def _spot(self, rel: str, path: PathKey, mark: Mark) -> Spot | None:
        return self.place(rel, path, mark) if self.place is not None else None

    def add(self, rel: str, path: PathKey, severity: Severity, message: str, *, key: bool = False) -> None:
        """Record a problem at ``path`` of file ``rel``."""
        mark = self.mark(rel, path, key=key)
        spot = self._spot(rel, path, mark)
        if spot is None:
            self.problems.append(Problem(rel, mark.line, mark.col, severity, message))
            return
        prefix = f"{spot.ref}: " if spot.ref else ""
        self.problems.append(Problem(spot.path, spot.line, spot.col, severity, prefix + message + spot.note))

    def error(self, rel: str, path: PathKey, message: str, *, key: bool = False) -> None:
        """Record an error."""
        self.add(rel, path, Severity.ERROR, message, key=key)

    def warning(self, rel: str, path: PathKey, message: str, *, key: bool = False) -> None:
        """Record a warning."""
        self.add(rel, path, Severity.WARNING, message, key=key)

    def at(self, rel: str, path: PathKey) -> str:
        """Name the place of ``path`` for a message that points at a second one: "on line 7", "in Tasks!A7"."""
        mark = self.mark(rel, path)
        spot = self._spot(rel, path, mark)
        if spot is None:
            return f"on line {mark.line}" if mark.line != NO_POSITION else f"in {rel}"
        # Shown elsewhere (a cell), so a line must say of which file.
        return f"in {spot.ref}" if spot.ref else f"on line {spot.line} of {spot.path}"

    def exists(self, rel: str) -> bool:
        """Tell whether the data file ``rel`` exists (valid or not)."""
        return rel in self.present or rel in self.sources


def unique_ids(out: Reporter, rel: str, items: Sequence[tuple[PathKey, str]], what: str) -> None:
    """Report every id that is used a second time, naming the place of its first use."""
    first: dict[str, PathKey] = {}
    for path, ident in items:
        if ident in first:
            out.error(
                rel,
                (*path, "id"),
                f"duplicate {what} id {ident!r}: already used {out.at(rel, (*first[ident], 'id'))}; "
                f"every {what} needs its own id",
            )
        else:
            first[ident] = path
