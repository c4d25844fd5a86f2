"""The names of the files a build writes for an audience: one function, used by every writer and link.

A restricted PDF never has the name of the internal one, so that a copy of the wrong file is
visible by its name alone (docs/audiences.md, "Output hygiene"): ``kam-handbuch.pdf`` (internal),
``kam-handbuch-vertraulich.pdf`` (restricted, German), ``playbook-restricted.pdf`` (English).
"""

from __future__ import annotations

from kamdocs.model.config import ProjectConfig

AUDIENCE_SUFFIX: dict[str, dict[str, str]] = {
    "internal": {"de": "", "en": ""},
    "restricted": {"de": "-vertraulich", "en": "-restricted"},
    "customer": {"de": "-kunde", "en": "-customer"},
}
"""Audience → language → what follows the name before ``.pdf``; internal files keep their plain name."""


def audience_suffix(audience: str, language: str) -> str:
    """Return the file name suffix of ``audience`` (``-vertraulich``) in ``language``; ``""`` for internal."""
    by_language = AUDIENCE_SUFFIX.get(audience)
    if by_language is None:
        return f"-{audience}"  # an audience added later still never shares the internal name
    return by_language.get(language, by_language["en"])


def pdf_file_name(config: ProjectConfig, audience: str, account: str | None = None) -> str:
    """Return the PDF's file name in the output folder: the handbook's, or the plan of ``account``.

    ``pdf.filename`` (``kam-handbuch.pdf``) for the internal handbook, ``<id>.pdf`` for an account
    plan; other audiences add their suffix before ``.pdf`` (``kam-handbuch-vertraulich.pdf``,
    ``acme-restricted.pdf``). The website links exactly this name.
    """
    stem = account if account is not None else config.pdf.filename.removesuffix(".pdf")
    return f"{stem}{audience_suffix(audience, config.language)}.pdf"
