"""Run the parts of a PDF on worker processes: lay them out and stamp them.

Every part gets a fresh worker process, forked from a server that has imported WeasyPrint (see
:func:`worker_context`). How the parts are split and numbered is in :mod:`kamdocs.render.parts` and
:mod:`kamdocs.render.parallel`; what stamping does in :mod:`kamdocs.render.stamp`.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from dataclasses import replace
from pathlib import Path

from kamdocs.render.parts import Numbering, Part, PartOutcome, PartTask, render_part
from kamdocs.render.stamp import StampTask, changes, stamp_part

Progress = Callable[[str], None]


class PartRefused(Exception):
    """A part loaded a resource the fetcher refused (URL, reason)."""

    def __init__(self, refused: tuple[tuple[str, str], ...]) -> None:
        super().__init__(", ".join(url for url, _ in refused))
        self.refused = refused


def worker_context() -> multiprocessing.context.BaseContext:
    """Return how worker processes start: forked from a server that has imported WeasyPrint.

    Every part gets a fresh process (its memory is returned when it ends), and importing WeasyPrint
    costs ~1 s of CPU — a tenth of a small part. A fork server (a clean single-threaded process,
    never this one, which may hold threads) imports it once; each worker is forked from it ready to
    lay out. Where there is no fork server (Windows), workers start as fresh interpreters.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        ["weasyprint", "pikepdf", "kamdocs.render.parts", "kamdocs.render.pdf", "kamdocs.render.stampsites"]
    )
    return context


def _outcome(future: Future[PartOutcome], task: PartTask) -> PartOutcome:
    """Return a finished part's outcome; raise its failure with the part named."""
    try:
        outcome = future.result()
    except Exception as error:
        error.add_note(f"while laying out part {task.part.index + 1} of the PDF ({task.part.label})")
        raise
    if outcome.refused:
        raise PartRefused(outcome.refused)
    return outcome


def run_parts(
    pool: ProcessPoolExecutor,
    parts: list[Part],
    start: Callable[[Part], PartTask | PartOutcome | None],
    progress: Progress,
    workers: int,
    then: Callable[[PartOutcome], list[PartTask]] = lambda outcome: [],
) -> list[PartOutcome]:
    """Lay out ``parts`` in this order, ``workers`` at a time; raise the first part's failure.

    ``start`` makes a part's task when it may start (None: not yet — it waits for running parts; an
    outcome: the part was laid out before).
    ``then`` sees each finished part and may ask for more layouts, which start before the parts
    still waiting. Every finished part is reported with the pages so far.
    """
    waiting = list(parts)
    urgent: list[PartTask] = []
    running: dict[Future[PartOutcome], PartTask] = {}
    outcomes: list[PartOutcome] = []
    pages = 0
    try:
        while waiting or urgent or running:
            while len(running) < workers and (urgent or waiting):
                if urgent:
                    task = urgent.pop(0)
                else:
                    next_task = start(waiting[0])
                    if next_task is None:
                        break
                    waiting.pop(0)
                    if isinstance(next_task, PartOutcome):  # laid out before (serve's store)
                        outcomes.append(next_task)
                        pages += next_task.pages
                        urgent.extend(then(next_task))
                        continue
                    task = next_task
                running[pool.submit(render_part, task)] = task
            if not running:
                if not waiting and not urgent:
                    break
                raise RuntimeError(f"part {waiting[0].index + 1} of the PDF cannot start")
            ready, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in ready:
                outcome = _outcome(future, running.pop(future))
                outcomes.append(outcome)
                pages += outcome.pages
                urgent.extend(then(outcome))
                total = len(outcomes) + len(running) + len(urgent) + len(waiting)
                progress(f"writing: {len(outcomes)}/{total} parts done, {pages} pages so far")
    finally:
        for future in running:
            future.cancel()
    return outcomes


def stamp_parts(
    pool: ProcessPoolExecutor,
    todo: Iterable[tuple[Part, Numbering]],
    written: dict[int, PartOutcome],
    folder: Path,
    round_number: int,
    progress: Progress,
) -> None:
    """Give the written parts in ``todo`` their final numbers; a part that cannot be stamped loses its stamps.

    A part whose text does not change is only relabelled; the others are stamped on the pool into
    new files (the PDF as drawn is kept: a later round may stamp it again with other numbers).
    """
    tasks: list[StampTask] = []
    for part, final in todo:
        outcome = written[part.index]
        drawn = outcome.drawn or outcome.numbering
        source = outcome.source or outcome.path
        assert source is not None and outcome.stamps is not None
        if not changes(outcome.stamps, drawn, final):
            written[part.index] = replace(outcome, numbering=final, path=source, drawn=drawn, source=source)
            continue
        target = folder / f"{part.index}-{round_number}-stamped.pdf"
        tasks.append(StampTask(part.index, source, target, outcome.stamps, drawn, final))
    futures = {pool.submit(stamp_part, task): task for task in tasks}
    for count, future in enumerate(as_completed(futures), start=1):
        task = futures[future]
        outcome = written[task.index]
        error = future.result()
        if error is None:
            stamped = replace(outcome, numbering=task.final, path=task.target, drawn=task.drawn, source=task.source)
            written[task.index] = stamped
        else:  # laid out again with its final numbers
            written[task.index] = replace(outcome, stamps=None)
            progress(f"part {task.index + 1} is laid out again: {error}")
        progress(f"stamping page numbers: {count}/{len(tasks)} parts done")
