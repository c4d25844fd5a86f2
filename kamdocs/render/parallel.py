"""Lay out the parts of a long handbook on several cores and stitch them (``--jobs``).

Laying out is ~90 % of a PDF's cost, and a part's page count does not depend on its page numbers
(they are only drawn in the page margins and in "see page N" references). So:

1. **write**: every chapter part is laid out once and written in a worker, with provisional numbers
   (its first page and the pages of its anchors guessed from the sizes of the parts before it);
   its worker records where the numbers are drawn (:mod:`kamdocs.render.stampsites`);
2. from the page counts follow each part's first page, the total and the contents' page numbers;
   the front matter (whose contents print them) is laid out with them;
3. **stamp**: the final numbers are written into each part's PDF (:mod:`kamdocs.render.stamp`); a
   part that cannot be stamped (a number that would move its line, a glyph its font lacks) is laid
   out again with its final numbers, and the numbers are checked again until nothing changes;
4. the parts are stitched (:mod:`kamdocs.render.stitch`) into a temporary file that replaces the
   target only when everything succeeded.

Known page counts replace the guesses: from ``serve``'s store of parts
(:mod:`kamdocs.render.partstore`, which also keeps the written parts: a part whose HTML and numbers
are unchanged is not laid out at all), else from the previous handbook (``predict``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from kamdocs.render.partrun import Progress, run_in_order, run_parts, stamp_parts, worker_context
from kamdocs.render.parts import (
    CHARS_PER_PAGE,
    Bookmark,
    Numbering,
    Part,
    PartOutcome,
    PartTask,
    placeholder,
    split_parts,
)
from kamdocs.render.partstore import PartStore
from kamdocs.render.stamp import stampable

_ID = re.compile(r'\bid="([^"]+)"')

MIN_PART_CHARS = 100_000
"""Smallest part (~20 pages of print HTML): each part costs ~0.5 s of its own (stylesheets, fonts)."""
MAX_PART_CHARS = 400_000
"""Largest part (~70 pages): bounds the memory of a worker (WeasyPrint keeps every page of a part)."""
MAX_ROUNDS = 6
MAX_PREVIOUS_BYTES = 1 << 30
"""Largest previous handbook read for a guess of the page counts."""


def default_jobs() -> int:
    """Return the number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def part_budget(chars: int, jobs: int) -> int:
    """Return the size of a part: about four per worker, within the bounds above."""
    return max(MIN_PART_CHARS, min(MAX_PART_CHARS, chars // (4 * jobs) + 1))


@dataclass(frozen=True)
class PartsResult:
    """The stitched PDF's pages and the warnings of its parts."""

    pages: int
    parts: int
    broken_images: tuple[tuple[str, str], ...]


def predict(previous: Path, parts: list[Part]) -> dict[int, PartOutcome]:
    """Return the parts' page counts and anchors as the previous handbook at ``previous`` had them.

    Only a guess for numbering the parts before they are laid out: every part is checked after
    it is laid out, and renumbered when the guess was wrong. Nothing is guessed from an unreadable
    file or one whose chapters are not where the parts begin.
    """
    try:
        if previous.is_symlink() or not previous.is_file() or previous.stat().st_size > MAX_PREVIOUS_BYTES:
            return {}
        import pikepdf

        from kamdocs.render.stitch import dest_names

        with pikepdf.open(previous) as pdf:
            index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
            pages = {name: index[dest[0].objgen] for name, dest in dest_names(pdf.Root["/Names"]["/Dests"])}
            total = len(pdf.pages)
    except Exception:  # any damage: build without a guess
        return {}
    firsts = [0 if part.front else pages.get(part.label, -1) for part in parts]
    if any(b <= a for a, b in zip(firsts, firsts[1:], strict=False)) or firsts[0] != 0 or firsts[-1] >= total:
        return {}
    ends = [*firsts[1:], total]
    guess = Numbering(0, 0)
    return {
        part.index: PartOutcome(
            part.index,
            guess,
            ends[i] - firsts[i],
            {name: pages[name] - firsts[i] for name in part.ids if firsts[i] <= pages.get(name, -1) < ends[i]},
        )
        for i, part in enumerate(parts)
    }


def page_numbers(parts: list[Part], counted: dict[int, PartOutcome], body_anchor: str | None) -> tuple[int, int]:
    """Return (pages of the document, index of the body's first page) from the counts.

    The body's first page is the page of ``body_anchor`` (0 when there is none): the pages before
    it count 1, 2 … (printed i, ii …), the body again from 1, as the theme's page group does.
    """
    total = sum(counted[part.index].pages for part in parts)
    if body_anchor is None:
        return total, 0
    first = 0
    for part in parts:
        outcome = counted[part.index]
        if body_anchor in outcome.anchors:
            return total, first + outcome.anchors[body_anchor]
        first += outcome.pages
    return total, 0


def numbering_for(
    parts: list[Part], counted: dict[int, PartOutcome], body_anchor: str | None = None
) -> dict[int, Numbering]:
    """Return each part's numbering from the counts (every part counted)."""
    total, body = page_numbers(parts, counted, body_anchor)

    def number(position: int) -> int:
        """Return the page number printed on the page at ``position`` (0-based)."""
        return position - body + 1 if body and position >= body else position + 1

    firsts: list[int] = []
    position = 0
    for part in parts:
        firsts.append(position)
        position += counted[part.index].pages
    where = {name: number(firsts[i] + index) for i, part in enumerate(parts) for name, index in _anchors(counted, part)}
    result: dict[int, Numbering] = {}
    for i, part in enumerate(parts):
        toc = tuple((name, where[name]) for name in part.targets if name in where)
        result[part.index] = Numbering(number(firsts[i]), total, toc)
    return result


def _anchors(counted: dict[int, PartOutcome], part: Part) -> Iterable[tuple[str, int]]:
    return counted[part.index].anchors.items()


def _estimate(parts: list[Part], counted: dict[int, PartOutcome], body_anchor: str | None) -> dict[int, PartOutcome]:
    """Return a guess of every part not counted, to number it provisionally.

    Its pages follow from its size, the page of each of its anchors from where in the part it is
    (the body's first anchor on the part's first page, where the body's numbering starts). A
    provisional "see page N" then most often has the digits of the final one (and can be stamped).
    """
    guesses: dict[int, PartOutcome] = {}
    for part in parts:
        if part.index in counted:
            continue
        size = len(part.html)
        pages = max(1, size // CHARS_PER_PAGE)
        anchors: dict[str, int] = {}
        for match in _ID.finditer(part.html):
            anchors.setdefault(match.group(1), min(pages - 1, match.start() * pages // size))
        if body_anchor in anchors:
            anchors[body_anchor] = 0
        guesses[part.index] = PartOutcome(part.index, Numbering(0, 0), pages, anchors)
    return guesses


def write_parts(
    html: str,
    handle_path: Path,
    *,
    base_url: str,
    roots: tuple[Path, ...],
    moment: dt.datetime,
    jobs: int,
    progress: Progress,
    store: PartStore | None = None,
    previous: Path | None = None,
    count_first: bool = True,
    body_anchor: str | None = None,
    variant: str | None = None,
) -> PartsResult | None:
    """Write ``html`` as a PDF to ``handle_path`` in parts on ``jobs`` processes; None if it has no parts.

    The page counts of the parts come from the ``store`` (earlier builds of ``serve``), else from
    the ``previous`` handbook, else from laying the parts out with provisional numbers (corrected
    afterwards, :mod:`kamdocs.render.stamp`) — unless ``count_first`` is false: then None (build in
    one process) when a count is not known. The pages before the one of ``body_anchor`` are
    numbered apart (i, ii …; see :func:`page_numbers`); ``variant`` is WeasyPrint's PDF variant of
    every part.
    """
    from kamdocs.render.stitch import stitch

    parts = split_parts(html, part_budget(len(html), jobs))
    if parts is None or len(parts) < 2:
        return None
    counted: dict[int, PartOutcome] = {}
    for part in parts:
        earlier = store.counted(part) if store is not None else None
        if earlier is not None:
            counted[part.index] = earlier
    if previous is not None and len(counted) < len(parts):
        for index, predicted in predict(previous, parts).items():
            counted.setdefault(index, predicted)
    if not count_first and len(counted) < len(parts):
        return None
    estimated = _estimate(parts, counted, body_anchor)
    context = worker_context()
    # One part per worker process: a process gives its memory back to the system only when it
    # exits (WeasyPrint keeps every page of a part, and Python's heap does not shrink).
    workers = min(jobs, len(parts))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, max_tasks_per_child=1)
    with tempfile.TemporaryDirectory(prefix="kamdocs-parts-") as tmp:
        folder = Path(tmp)
        written: dict[int, PartOutcome] = {}

        def keep(outcome: PartOutcome) -> None:
            if store is not None:
                outcome = store.keep(parts[outcome.index], outcome)
            written[outcome.index] = counted[outcome.index] = outcome
            estimated.pop(outcome.index, None)

        def task(part: Part, numbering: Numbering, name: str) -> PartTask:
            return PartTask(part, numbering, base_url, roots, moment, folder / f"{part.index}-{name}.pdf", variant)

        def provisional(part: Part) -> PartTask:
            numbering = numbering_for(parts, {**estimated, **counted}, body_anchor)[part.index]
            return task(part, replace(numbering, placeholder=unknown), "0")

        with pool:
            if estimated:
                # Not counted: every part is laid out once with provisional numbers, in reading
                # order, so that the parts before it have mostly finished (their numbers are
                # known), then stamped. The front matter goes first: its contents print every
                # page number but stamp whatever they are (a column of their own), and its long
                # layout (a dot leader is a box per dot) runs beside the chapters, not after them.
                unknown = placeholder(len(html))
                run_in_order(pool, [p for p in parts if p.index in estimated], provisional, keep, workers, progress)
            for round_number in range(1, MAX_ROUNDS + 1):
                numbering = numbering_for(parts, {**estimated, **counted}, body_anchor)
                todo = [p for p in parts if p.index not in written or written[p.index].numbering != numbering[p.index]]
                if not todo:
                    break
                if store is not None:
                    for part in list(todo):
                        kept = store.rendered(part, numbering[part.index])
                        if kept is not None:
                            written[part.index] = counted[part.index] = kept
                            estimated.pop(part.index, None)
                            todo.remove(part)
                    if not todo:
                        continue
                relayout = [p for p in todo if not _can_stamp(written.get(p.index), numbering[p.index])]
                if relayout:
                    tasks = [task(p, numbering[p.index], str(round_number)) for p in relayout]
                    for outcome in run_parts(pool, tasks, progress):
                        keep(outcome)
                    continue
                stamp_parts(pool, [(p, numbering[p.index]) for p in todo], written, folder, round_number, progress)
                if store is not None:
                    for part in todo:
                        if written[part.index].stamps is not None:
                            written[part.index] = store.keep(part, written[part.index])
            else:
                raise RuntimeError("the page numbers of the PDF's parts did not settle")
        # The workers have exited: the stitching never runs beside a part's layout.
        if store is not None:
            store.forget_unused()
        ordered = [written[p.index] for p in parts]
        bookmarks: list[Bookmark] = []
        first = 0
        for outcome in ordered:
            bookmarks.extend(replace(mark, page=mark.page + first) for mark in outcome.bookmarks)
            first += outcome.pages
        _, body = page_numbers(parts, written, body_anchor)
        progress(f"stitching {len(parts)} parts")
        with handle_path.open("wb") as handle:
            pages = stitch([o.path for o in ordered if o.path is not None], bookmarks, handle, front=body)
    broken = tuple(dict.fromkeys(item for o in ordered for item in o.broken_images))
    return PartsResult(pages, len(parts), broken)


def _can_stamp(outcome: PartOutcome | None, final: Numbering) -> bool:
    """Return whether the written part ``outcome`` can be given the numbers ``final`` without a layout."""
    if outcome is None or outcome.stamps is None or (outcome.source or outcome.path) is None:
        return False
    return stampable(outcome.stamps, outcome.drawn or outcome.numbering, final)
