"""HTML the preview server writes itself: the error overlay fragment and small notice pages.

Every problem message and path is HTML-escaped here: a YAML value such as
``"><img src=x onerror=…>`` quoted in an error message must stay text.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from kamdocs.errors import Problem, Severity
from kamdocs.render.i18n import Catalogue, catalogue


def _labels(lang: str) -> Catalogue:
    return catalogue(lang if lang in ("de", "en") else "en")


def problem_list(problems: Iterable[Problem]) -> str:
    """Return a ``<ul>`` with one escaped ``path:line:col: severity: message`` item per problem."""
    items = []
    for p in problems:
        modifier = "" if p.severity is Severity.ERROR else f" kamdocs-overlay__severity--{p.severity.label}"
        items.append(
            f"<li><code>{escape(p.path)}{f':{p.line}:{p.col}' if p.line > 0 else ''}</code> "
            f'<span class="kamdocs-overlay__severity{modifier}">{escape(p.severity.label)}</span>: '
            f"{escape(p.message)}</li>"
        )
    return "<ul>" + "".join(items) + "</ul>"


def overlay_fragment(problems: Iterable[Problem], lang: str, *, has_site: bool) -> str:
    """Return the overlay shown over the page while the latest build is broken."""
    _ = _labels(lang)
    hint = _("serve.overlay.hint") if has_site else _("serve.overlay.hint_first")
    return (
        '<div class="kamdocs-overlay__box" role="alertdialog" aria-modal="false" '
        'aria-labelledby="kamdocs-overlay-title">'
        f'<button type="button" class="kamdocs-overlay__close" data-kamdocs-close>'
        f"{escape(_('serve.overlay.close'))}</button>"
        f'<h2 id="kamdocs-overlay-title">{escape(_("serve.overlay.title"))}</h2>'
        f"<p>{escape(hint)}</p>{problem_list(problems)}</div>"
    )


def notice_page(lang: str, title: str, body_html: str) -> bytes:
    """Return a small standalone HTML page (the live-reload script is injected when served)."""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:10vh auto;padding:0 1.5rem;"
        "color:#1d1d1f}h1{font-size:1.5rem}code{font-family:ui-monospace,monospace}</style>"
        f"</head><body><h1>{escape(title)}</h1>{body_html}</body></html>\n"
    ).encode()


def not_found_page(lang: str) -> bytes:
    """Return the 404 page of the preview."""
    _ = _labels(lang)
    body = f'<p>{escape(_("serve.notfound.text"))}</p><p><a href="/">{escape(_("serve.notfound.home"))}</a></p>'
    return notice_page(lang, _("serve.notfound.title"), body)


def waiting_page(lang: str) -> bytes:
    """Return the page shown before the first good build (the overlay explains why)."""
    _ = _labels(lang)
    return notice_page(lang, _("serve.waiting.title"), "")


def pdf_error_page(
    lang: str, problems: Iterable[Problem], *, message: str | None = None, unavailable: bool = False
) -> bytes:
    """Return the page shown when the PDF on demand cannot be built."""
    _ = _labels(lang)
    parts = []
    if unavailable:
        parts.append(f"<p>{escape(_('serve.pdf.unavailable'))}</p>")
    if message:
        parts.append(f"<p><code>{escape(message)}</code></p>")
    problems = list(problems)
    if problems or not unavailable:
        parts.append(f"<p>{escape(_('serve.pdf.fix'))}</p>")
    if problems:
        parts.append(problem_list(problems))
    return notice_page(lang, _("serve.pdf.failed"), "".join(parts))


def pdf_waiting_page(lang: str) -> bytes:
    """Return the page that builds the PDF (``?build=1``) and then opens it, or shows why it failed."""
    _ = _labels(lang)
    # The page is ours alone (not a theme page), so a small inline script is fine here.
    body = (
        f"<p>{escape(_('serve.pdf.building_text'))}</p>"
        '<p class="kamdocs-progress" aria-hidden="true">…</p>'
        "<script>fetch(location.pathname + '?build=1', {cache: 'no-store'})"
        ".then(function () { location.replace(location.pathname); })"
        ".catch(function () { setTimeout(function () { location.reload(); }, 2000); });</script>"
    )
    return notice_page(lang, _("serve.pdf.building"), body)


def labels(lang: str) -> tuple[str, str]:
    """Return the toolbar's PDF link text and tooltip."""
    _ = _labels(lang)
    return _("serve.pdf.label"), _("serve.pdf.title")
