"""Refuse theme stylesheets that load anything from outside the site (docs/themes.md)."""

from __future__ import annotations

import re

from kamdocs.errors import Problem, Severity

# url(...) with or without quotes, and @import "..." without url().
_REFERENCE = re.compile(
    r"""url\(\s*(?P<q>['"]?)(?P<url>[^'")]*)(?P=q)\s*\)|@import\s+(?P<iq>['"])(?P<import>[^'"]*)(?P=iq)""",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*:|//|\\\\)")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def outside_reference(css: str) -> tuple[int, int, str] | None:
    """Return (line, column, target) of the first reference that leaves the site, or None.

    Relative paths (other files of the theme) and ``data:`` URLs stay inside; ``http:``, ``https:``,
    ``//host/…``, ``file:`` and every other scheme would make the published site (or the build)
    contact another machine.
    """
    # Comments are blanked with spaces, so that positions stay those of the file.
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), css)
    for match in _REFERENCE.finditer(text):
        target = match.group("url") if match.group("url") is not None else match.group("import")
        target = target.replace("\\", "\\\\") if target.startswith("\\\\") else target
        if _SCHEME.match(target) and not target.strip().lower().startswith("data:"):
            line = text.count("\n", 0, match.start()) + 1
            col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            return line, col, target.strip()
    return None


def stylesheet_problem(css: str, shown: str) -> Problem | None:
    """Return the error for a stylesheet that loads from outside, located at the reference."""
    found = outside_reference(css)
    if found is None:
        return None
    line, col, target = found
    return Problem(
        shown,
        line,
        col,
        Severity.ERROR,
        f"the stylesheet loads {target!r} from outside the site; the site makes no outside requests, "
        "so copy the file (font, image, stylesheet) into the theme's static/ folder and refer to it by a relative path",
    )
