"""Render print HTML to a PDF with WeasyPrint: safe fetching, no attachments, atomic write.

The print HTML itself is produced from the theme's print templates by
:mod:`kamdocs.render.print_html`; this module only turns it into a file.
WeasyPrint is imported here, lazily, because importing it costs 0.7 s and
HTML-only builds should not pay for it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kamdocs.clock import source_date_epoch
from kamdocs.errors import BuildError, Problem, Severity
from kamdocs.render.fetcher import RefusedResource, SafeFetcher
from kamdocs.render.hyphenation import kamdocs_hyphenation
from kamdocs.render.parallel import default_jobs

PARALLEL_MIN_CHARS = 600_000
"""Shortest print HTML (~100 pages) laid out in parts: below, one process is as fast (see docs/performance.md)."""
PARALLEL_MIN_JOBS = 2
"""Fewest processes for which a handbook is laid out in parts (the benchmark also measures one)."""

Locate = Callable[[str], tuple[str, int] | None]
"""Map a refused URL to the (source file, line) that referenced it, if known."""
LayoutProgress = Callable[[str, int], None]
"""Receive a progress message and the page being laid out (0 for stage messages)."""


@dataclass(frozen=True)
class PdfResult:
    """What a PDF build wrote."""

    path: Path
    pages: int
    seconds: float
    warnings: tuple[Problem, ...] = ()
    """Images WeasyPrint could not draw (left out of the PDF), located where they were referenced."""


class _PageProgress(logging.Handler):
    """Forward WeasyPrint's "Creating layout - Page N" progress records as page events."""

    def __init__(self, progress: LayoutProgress) -> None:
        super().__init__(logging.INFO)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("Step 5 - Creating layout - Page") and record.args:
            page = record.args[0] if isinstance(record.args, tuple) else 0
            if isinstance(page, int):
                self.progress(f"laying out page {page}", page)


class WarningCollector(logging.Handler):
    """Collect WeasyPrint's warnings (its logger has only a NullHandler)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.broken_images: list[tuple[str, str]] = []
        """(URL, reason) of images WeasyPrint left out because it could not read or draw them."""

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the warning; note an image left out."""
        self.messages.append(record.getMessage())
        args = record.args if isinstance(record.args, tuple) else ()
        if str(record.msg).startswith("Failed to load image at") and len(args) == 2:
            self.broken_images.append((str(args[0]), str(args[1]) or "unreadable image"))
        elif str(record.msg).startswith("Failed to render SVG image") and args:
            self.broken_images.append((str(args[0]), "the SVG could not be drawn"))


def _refusal_problem(error: RefusedResource, locate: Locate | None) -> Problem:
    where = locate(error.url) if locate else None
    path, line = where if where else ("(theme)", 1)
    return Problem(path, line, 1, Severity.ERROR, f"cannot use {error.url!r} in the PDF: {error.reason}")


def _broken_image_problem(url: str, reason: str, locate: Locate | None) -> Problem:
    where = locate(url) if locate else None
    path, line = where if where else ("(theme)", 1)
    return Problem(
        path,
        line,
        1,
        Severity.WARNING,
        f"the image {url!r} is left out of the PDF: {reason}; check that the file opens in a browser",
    )


def strip_attachments(document: Any) -> None:
    """Embed nothing: drop attachments from ``<link rel=attachment>`` and ``<a rel=attachment>``.

    The sanitizer already removes them; this is the second line of defence.
    """
    document.metadata.attachments = []
    for page in document.pages:
        page.links[:] = [link for link in page.links if link[0] != "attachment"]


_FONT_CLOCK = threading.Lock()


@contextmanager
def font_timestamps(moment: dt.datetime) -> Iterator[None]:
    """Let every font fontTools writes meanwhile carry ``moment`` as its modification time.

    WeasyPrint subsets fonts with HarfBuzz (libharfbuzz-subset, which keeps a font's own dates), but
    writes variable and colour fonts, and subsets without HarfBuzz, through fontTools, which stamps
    the current time into the font's ``head`` table. The document's date instead keeps two builds
    byte-identical, without touching the environment (``SOURCE_DATE_EPOCH``) of the process.
    """
    from fontTools.misc.timeTools import timestampSinceEpoch  # type: ignore[import-untyped]
    from fontTools.ttLib.tables import _h_e_a_d  # type: ignore[import-untyped]

    stamp = timestampSinceEpoch(int(moment.timestamp()))
    with _FONT_CLOCK:  # one PDF at a time per process: the hook is fontTools' module attribute
        saved = _h_e_a_d.timestampNow
        _h_e_a_d.timestampNow = lambda: stamp
        try:
            yield
        finally:
            _h_e_a_d.timestampNow = saved


def page_labels(front: int) -> Callable[[object, object], None]:
    """Return a WeasyPrint finisher that labels the first ``front`` pages i, ii … and the rest 1, 2 …."""

    def finish(_document: object, pdf: object) -> None:
        import pydyf  # type: ignore[import-untyped]

        roman, decimal = pydyf.Dictionary({"S": "/r"}), pydyf.Dictionary({"S": "/D", "St": 1})
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array([0, roman, front, decimal])})  # type: ignore[attr-defined]

    return finish


def write_pdf(
    html: str,
    target: Path,
    *,
    base_url: str,
    stylesheets: tuple[Path, ...],
    allowed_roots: tuple[Path, ...],
    moment: dt.datetime | None = None,
    locate: Locate | None = None,
    progress: LayoutProgress | None = None,
    jobs: int | None = 1,
    store: Path | None = None,
    body_anchor: str | None = None,
    variant: str | None = None,
) -> PdfResult:
    """Render ``html`` into ``target`` atomically; raise :class:`BuildError` on any refused resource.

    ``moment`` is the document's date (its metadata says the same): fonts written meanwhile carry it;
    without one, ``SOURCE_DATE_EPOCH`` or else 1970-01-01. With ``jobs`` > 1 a long document is laid
    out in parts on that many processes (:mod:`kamdocs.render.parallel`); the PDF is the same. The
    ``store`` folder (``serve``) keeps parts between builds: it only spares laying parts out again.
    The pages before the one holding the element ``body_anchor`` get the
    page labels i, ii … and the body 1, 2 … (what the footers print). ``variant`` is WeasyPrint's
    PDF variant (``pdf/ua-1``: tagged; ``pdf/a-3a``: tagged and archivable; None: plain).
    """
    started = time.perf_counter()
    if moment is None:
        moment = source_date_epoch() or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    workers = default_jobs() if jobs is None else jobs
    # Extra stylesheets are not given to the parts (the print HTML links its own): one process.
    if workers >= PARALLEL_MIN_JOBS and not stylesheets and len(html) >= PARALLEL_MIN_CHARS:
        in_parts = _write_in_parts(
            html,
            target,
            _PartsSetup(base_url, allowed_roots, moment, workers, store, body_anchor, variant),
            locate,
            progress,
        )
        if in_parts is not None:
            return PdfResult(target, in_parts[0], time.perf_counter() - started, in_parts[1])
    import weasyprint

    fetcher = SafeFetcher(allowed_roots)
    collector = WarningCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    # WeasyPrint reports each laid-out page at INFO on its progress logger (off by default).
    progress_logger = logging.getLogger("weasyprint.progress")
    saved_level = progress_logger.level
    pages_handler = _PageProgress(progress) if progress else None
    if pages_handler is not None:
        progress_logger.addHandler(pages_handler)
        progress_logger.setLevel(logging.INFO)
    tmp_name = ""
    try:
        css = [weasyprint.CSS(filename=str(path), url_fetcher=fetcher) for path in stylesheets]
        with kamdocs_hyphenation():  # our de/en patterns while WeasyPrint lays out (see render/hyphenation)
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(stylesheets=css)
        strip_attachments(document)
        if progress:
            progress(f"writing {len(document.pages)} pages", 0)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".kamdocs-", suffix=".pdf.tmp", dir=target.parent)
        front = next((i for i, page in enumerate(document.pages) if body_anchor in page.anchors), 0)
        with os.fdopen(fd, "wb") as handle, font_timestamps(moment):
            document.write_pdf(handle, finisher=page_labels(front) if front else None, pdf_variant=variant)
        if fetcher.refused:
            # A refusal inside a nested resource may have been swallowed; never ship such a PDF.
            raise BuildError([_refusal_problem(error, locate) for error in fetcher.refused])
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)  # mkstemp creates 0600; a handbook is for sharing
        os.replace(tmp_name, target)
        tmp_name = ""
        pages = len(document.pages)
        broken = tuple(
            dict.fromkeys(_broken_image_problem(url, reason, locate) for url, reason in collector.broken_images)
        )
    except RefusedResource as error:
        raise BuildError([_refusal_problem(error, locate)]) from None
    finally:
        logger.removeHandler(collector)
        if pages_handler is not None:
            progress_logger.removeHandler(pages_handler)
            progress_logger.setLevel(saved_level)
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return PdfResult(target, pages, time.perf_counter() - started, broken)


@dataclass(frozen=True)
class _PartsSetup:
    """How to lay out a PDF in parts (see :func:`kamdocs.render.parallel.write_parts`)."""

    base_url: str
    roots: tuple[Path, ...]
    moment: dt.datetime
    jobs: int
    store: Path | None
    body_anchor: str | None
    variant: str | None


def _write_in_parts(
    html: str,
    target: Path,
    setup: _PartsSetup,
    locate: Locate | None,
    progress: LayoutProgress | None,
) -> tuple[int, tuple[Problem, ...]] | None:
    """Write the PDF in parts; return its pages and warnings, or None to build it in one process."""
    from kamdocs.render.parallel import write_parts
    from kamdocs.render.partrun import PartRefused
    from kamdocs.render.partstore import PartStore, files_fingerprint
    from kamdocs.render.stitch import StitchUnsupported

    def report(message: str) -> None:
        if progress is not None:
            progress(message, 0)

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".kamdocs-", suffix=".pdf.tmp", dir=target.parent)
    os.close(fd)
    try:
        try:
            store = setup.store
            result = write_parts(
                html,
                Path(tmp_name),
                base_url=setup.base_url,
                roots=setup.roots,
                moment=setup.moment,
                jobs=setup.jobs,
                progress=report,
                # The variant changes what a written part holds (tags, metadata): part of its key.
                store=PartStore(store, files_fingerprint(setup.roots) + f"\0{setup.variant}") if store else None,
                body_anchor=setup.body_anchor,
                variant=setup.variant,
            )
        except PartRefused as error:
            raise BuildError(
                [_refusal_problem(RefusedResource(url, reason), locate) for url, reason in error.refused]
            ) from None
        except StitchUnsupported:
            return None
        if result is None:
            return None
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
        tmp_name = ""
    finally:
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)
    broken = tuple(dict.fromkeys(_broken_image_problem(url, reason, locate) for url, reason in result.broken_images))
    return result.pages, broken
