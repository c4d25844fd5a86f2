"""Lay out the parts of a long handbook on several cores and stitch them (``--jobs``).

Laying out is ~90 % of a PDF's cost, and a part's page count does not depend on its page numbers
(they are drawn in the page margins, in the contents' column of page numbers and in "see page N"
references of unchanged width). So:

1. **write**: every part is laid out once and written in a worker, the front matter first, then
   the chapters in reading order, with provisional numbers (:func:`~kamdocs.render.partnumbers.
   provisional`): a chapter part starts once the chapter parts ``jobs`` places before it are done,
   and is numbered from their page counts and the sizes of the rest; the worker records where the
   numbers are drawn (:mod:`kamdocs.render.stampsites`). A part whose "see page N" will not keep
   its digits is laid out again as soon as the parts up to it are done;
2. from the page counts follow each part's first page, the total and the contents' page numbers;
3. **stamp**: the final numbers are written into each part's PDF (:mod:`kamdocs.render.stamp`); a
   part that cannot be stamped (a number that would move its line, a glyph its font lacks) is laid
   out again with its final numbers, and 2–3 repeat until nothing changes;
4. the parts are stitched (:mod:`kamdocs.render.stitch`) into a temporary file that replaces the
   target only when everything succeeded.

Nothing depends on timing or on an earlier build, so the same input gives the same PDF, byte for
byte. ``serve`` keeps the written parts (:mod:`kamdocs.render.partstore`): a part whose HTML and
numbers are unchanged is not laid out again.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from kamdocs.render.partnumbers import numbering_for, page_numbers, provisional, relaid_numbering
from kamdocs.render.partrun import Progress, run_parts, stamp_parts, worker_context
from kamdocs.render.parts import Bookmark, Numbering, Part, PartOutcome, PartTask, split_parts
from kamdocs.render.partstore import PartStore
from kamdocs.render.stamp import stampable

MIN_PART_CHARS = 100_000
"""Smallest part (~20 pages of print HTML): each part costs ~0.5 s of its own (stylesheets, fonts)."""
MAX_PART_CHARS = 400_000
"""Largest part (~70 pages): bounds the memory of a worker (WeasyPrint keeps every page of a part)."""
MAX_ROUNDS = 6


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
    body_anchor: str | None = None,
    variant: str | None = None,
) -> PartsResult | None:
    """Write ``html`` as a PDF to ``handle_path`` in parts on ``jobs`` processes; None if it has no parts.

    Every part is laid out with provisional numbers (:func:`provisional`; a part of an earlier
    build of ``serve`` with the same HTML and numbers is taken from the ``store``), then given its
    final numbers (:mod:`kamdocs.render.stamp`). The pages before the one of ``body_anchor`` are
    numbered apart (i, ii …; see :func:`page_numbers`); ``variant`` is WeasyPrint's PDF variant of
    every part.
    """
    from kamdocs.render.stitch import stitch

    parts = split_parts(html, part_budget(len(html), jobs))
    if parts is None or len(parts) < 2:
        return None
    workers = min(jobs, len(parts))
    # One part per worker process: a process gives its memory back to the system only when it
    # exits (WeasyPrint keeps every page of a part, and Python's heap does not shrink).
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=worker_context(), max_tasks_per_child=1)
    with tempfile.TemporaryDirectory(prefix="kamdocs-parts-") as tmp:
        folder = Path(tmp)
        written: dict[int, PartOutcome] = {}

        def keep(outcome: PartOutcome) -> None:
            if store is not None:
                outcome = store.keep(parts[outcome.index], outcome)
            written[outcome.index] = outcome

        def task(part: Part, numbering: Numbering, name: str) -> PartTask:
            return PartTask(part, numbering, base_url, roots, moment, folder / f"{part.index}-{name}.pdf", variant)

        laid_once: dict[int, PartOutcome] = {}
        decided: set[int] = set()

        def then(outcome: PartOutcome) -> list[PartTask]:
            """Keep a finished part; lay out at once the parts whose "see page N" will not fit."""
            keep(outcome)
            laid_once.setdefault(outcome.index, written[outcome.index])
            again: list[PartTask] = []
            for part in parts:  # each part once every part up to it has been laid out once
                if part.index not in laid_once:
                    break
                if part.index not in decided:
                    decided.add(part.index)
                    numbering = relaid_numbering(parts, laid_once, part.index, body_anchor)
                    if numbering is not None:
                        again.append(task(part, numbering, "again"))
            return again

        chapters = [p.index for p in parts if not p.front]

        def start(part: Part) -> PartTask | PartOutcome | None:
            """Return the first layout of ``part`` once the chapters ``workers`` places before it are done.

            Its "see page N" to them then have their final digits. Which parts those are depends
            only on the order, never on timing, so the same input gives the same PDF.
            """
            before = chapters[: max(0, chapters.index(part.index) - workers + 1)] if not part.front else []
            if any(index not in laid_once for index in before):
                return None
            known = {index: laid_once[index] for index in before}
            numbering = provisional(parts, body_anchor, len(html), known)[part.index]
            kept = store.rendered(part, numbering) if store is not None else None
            if kept is not None:
                written[part.index] = kept
                return kept
            return task(part, numbering, "0")

        with pool:
            run_parts(pool, parts, start, progress, workers, then)
            for round_number in range(1, MAX_ROUNDS + 1):
                numbering = numbering_for(parts, written, body_anchor)
                todo = [p for p in parts if written[p.index].numbering != numbering[p.index]]
                if not todo:
                    break
                if store is not None:
                    for part in list(todo):
                        kept = store.rendered(part, numbering[part.index])
                        if kept is not None:
                            written[part.index] = kept
                            todo.remove(part)
                    if not todo:
                        continue
                relayout = [p for p in todo if not _can_stamp(written[p.index], numbering[p.index])]
                if relayout:
                    again = functools.partial(_again, task, numbering, str(round_number))
                    for outcome in run_parts(pool, relayout, again, progress, workers):
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


def _again(
    task: Callable[[Part, Numbering, str], PartTask], numbering: dict[int, Numbering], name: str, part: Part
) -> PartTask:
    """Return the task that lays ``part`` out again with its final numbers."""
    return task(part, numbering[part.index], name)


def _can_stamp(outcome: PartOutcome, final: Numbering) -> bool:
    """Return whether the written part ``outcome`` can be given the numbers ``final`` without a layout."""
    if outcome.stamps is None or (outcome.source or outcome.path) is None:
        return False
    return stampable(outcome.stamps, outcome.drawn or outcome.numbering, final)
