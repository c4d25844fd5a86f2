"""The PDF handbook on demand: built in its own folder when asked for, once per state of the sources."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kamdocs.errors import KamdocsError
from kamdocs.serve import overlay
from kamdocs.serve.builder import BuildFunction, BuildRequest, PdfUnavailable

if TYPE_CHECKING:
    from kamdocs.serve.app import Terminal


@dataclass(frozen=True)
class PdfOutcome:
    """The PDF of one state of the sources, or the page explaining why there is none."""

    version: int
    pdf: Path | None
    error_page: bytes | None = None


class PdfOnDemand:
    """Build the PDF when a tab asks for it; never on save (a handbook takes seconds to minutes)."""

    def __init__(
        self,
        root: Path,
        tmp: Path,
        audience: str,
        build: BuildFunction,
        terminal: Terminal,
        version: Callable[[], int],
        lang: Callable[[], str],
    ) -> None:
        self._root = root
        self._tmp = tmp
        self._audience = audience
        self._build = build
        self._terminal = terminal
        self._version = version
        """Returns the state of the sources: incremented by every HTML rebuild."""
        self._lang = lang
        self._lock = threading.Lock()  # one PDF at a time; a second tab waits and gets the same file
        self._last: PdfOutcome | None = None

    def current(self) -> PdfOutcome | None:
        """Return the outcome for the sources as they are now, if it was built already."""
        last = self._last
        if last is None or last.version != self._version():
            return None
        if last.pdf is not None and not last.pdf.is_file():
            return None
        return last

    def build(self) -> PdfOutcome:
        """Return the current outcome, building the PDF first if needed."""
        with self._lock:
            current = self.current()
            if current is not None:
                return current
            version = self._version()
            outcome = self._run(version, self._tmp / f"pdf-{version}")
            previous, self._last = self._last, outcome
            if previous is not None and previous.version != version:
                # A tab still reading the old file keeps its open descriptor (POSIX).
                shutil.rmtree(self._tmp / f"pdf-{previous.version}", ignore_errors=True)
            return outcome

    def _run(self, version: int, out: Path) -> PdfOutcome:
        lang = self._lang()
        try:
            self._build(BuildRequest(self._root, out, self._audience, "pdf", parts=self._tmp / "pdf-parts"))
            pdfs = sorted(out.rglob("*.pdf"))
            if not pdfs:
                raise PdfUnavailable("the build wrote no PDF file")
        except KamdocsError as exc:
            for problem in exc.problems:
                self._terminal.problem(problem)
            if not exc.problems:
                self._terminal.info(f"PDF not built: {exc}")
            page = overlay.pdf_error_page(lang, exc.problems, message=None if exc.problems else str(exc))
            return PdfOutcome(version, None, page)
        except (PdfUnavailable, ImportError, NotImplementedError) as exc:
            self._terminal.info(f"PDF not available: {exc}")
            return PdfOutcome(
                version, None, overlay.pdf_error_page(lang, [], message=str(exc) or None, unavailable=True)
            )
        self._terminal.info(f"PDF built: {pdfs[0].name}")
        return PdfOutcome(version, pdfs[0])
