"""Lay out the parts of a long handbook on several cores and stitch them (``--jobs``).

Laying out is ~90 % of a PDF's cost, and a part's page count does not depend on its page numbers
(they are only drawn in the page margins). So:

1. **count**: every part is laid out once in a worker (``render()`` only) — its pages and the page
   of every anchor;
2. **render**: from the counts follow each part's first page, the total and the contents' page
   numbers; every part is laid out again with them and written;
3. a part whose count differs from the count its numbers assumed (only the front matter can: its
   contents entries print the numbers) is numbered again and rendered again, until nothing changes;
4. the parts are stitched (:mod:`kamdocs.render.stitch`) into a temporary file that replaces the
   target only when everything succeeded.

The count pass is skipped for a part whose count is known: from ``serve``'s store of parts
(:mod:`kamdocs.render.partstore`, which also keeps the written parts: a part whose HTML and numbers
are unchanged is not laid out at all), else from the previous handbook (``predict``).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from kamdocs.render.parts import (
    Bookmark,
    Numbering,
    Part,
    PartOutcome,
    PartTask,
    placeholder,
    render_part,
    split_parts,
)
from kamdocs.render.partstore import PartStore

Progress = Callable[[str], None]

MIN_PART_CHARS = 100_000
"""Smallest part (~20 pages of print HTML): each part costs ~0.5 s of its own (stylesheets, fonts)."""
MAX_PART_CHARS = 400_000
"""Largest part (~70 pages): bounds the memory of a worker (WeasyPrint keeps every page of a part)."""
MAX_ROUNDS = 4
MAX_PREVIOUS_BYTES = 1 << 30
"""Largest previous handbook read for a guess of the page counts."""


def default_jobs() -> int:
    """Return the number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _worker_context() -> multiprocessing.context.BaseContext:
    """Return how worker processes start: forked from a server that has imported WeasyPrint.

    Every part gets a fresh process (its memory is returned when it ends), and importing WeasyPrint
    costs ~1 s of CPU — a tenth of a small part. A fork server (a clean single-threaded process,
    never this one, which may hold threads) imports it once; each worker is forked from it ready to
    lay out. Where there is no fork server (Windows), workers start as fresh interpreters.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint", "kamdocs.render.parts", "kamdocs.render.pdf"])
    return context


def part_budget(chars: int, jobs: int) -> int:
    """Return the size of a part: about four per worker, within the bounds above."""
    return max(MIN_PART_CHARS, min(MAX_PART_CHARS, chars // (4 * jobs) + 1))


@dataclass(frozen=True)
class PartsResult:
    """The stitched PDF's pages and the warnings of its parts."""

    pages: int
    parts: int
    broken_images: tuple[tuple[str, str], ...]


class PartRefused(Exception):
    """A part loaded a resource the fetcher refused (URL, reason)."""

    def __init__(self, refused: tuple[tuple[str, str], ...]) -> None:
        super().__init__(", ".join(url for url, _ in refused))
        self.refused = refused


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


def _run(
    pool: ProcessPoolExecutor, tasks: list[PartTask], progress: Progress, doing: str, total_parts: int
) -> list[PartOutcome]:
    """Run ``tasks`` on the pool; report each finished part; raise the first part's failure."""
    futures: dict[Future[PartOutcome], PartTask] = {pool.submit(render_part, task): task for task in tasks}
    outcomes: list[PartOutcome] = []
    pages = 0
    try:
        for future in as_completed(futures):
            task = futures[future]
            try:
                outcome = future.result()
            except Exception as error:
                error.add_note(f"while laying out part {task.part.index + 1} of the PDF ({task.part.label})")
                raise
            if outcome.refused:
                raise PartRefused(outcome.refused)
            outcomes.append(outcome)
            pages += outcome.pages
            progress(f"{doing}: {len(outcomes)}/{len(tasks)} parts done, {pages} pages so far")
    finally:
        for future in futures:
            future.cancel()
    return outcomes


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
    the ``previous`` handbook, else from a first pass that lays every part out (count) — unless
    ``count_first`` is false: then None (build in one process) when a count is not known.
    The pages before the one of ``body_anchor`` are numbered apart (i, ii …; see
    :func:`page_numbers`); ``variant`` is WeasyPrint's PDF variant of every part.
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
    context = _worker_context()
    # One part per worker process: a process gives its memory back to the system only when it
    # exits (WeasyPrint keeps every page of a part, and Python's heap does not shrink).
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(parts)), mp_context=context, max_tasks_per_child=1)
    with tempfile.TemporaryDirectory(prefix="kamdocs-parts-") as tmp:
        with pool:
            unknown = Numbering(1, 0, placeholder=placeholder(len(html)))
            missing = [PartTask(p, unknown, base_url, roots, moment, None) for p in parts if p.index not in counted]
            if missing:
                for outcome in _run(pool, missing, progress, "counting pages", len(parts)):
                    counted[outcome.index] = store.keep(parts[outcome.index], outcome) if store is not None else outcome
            written: dict[int, PartOutcome] = {}
            for round_number in range(MAX_ROUNDS):
                numbering = numbering_for(parts, counted, body_anchor)
                todo = [p for p in parts if p.index not in written or written[p.index].numbering != numbering[p.index]]
                if not todo:
                    break
                if store is not None:
                    for part in list(todo):
                        kept = store.rendered(part, numbering[part.index])
                        if kept is not None:
                            written[part.index] = counted[part.index] = kept
                            todo.remove(part)
                    if not todo:
                        continue
                tasks = [
                    PartTask(
                        p,
                        numbering[p.index],
                        base_url,
                        roots,
                        moment,
                        Path(tmp) / f"{p.index}-{round_number}.pdf",
                        variant,
                    )
                    for p in todo
                ]
                for outcome in _run(pool, tasks, progress, "writing", len(parts)):
                    if store is not None:
                        outcome = store.keep(parts[outcome.index], outcome)
                    written[outcome.index] = counted[outcome.index] = outcome
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
