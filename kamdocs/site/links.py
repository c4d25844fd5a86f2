"""Check and rewrite the links and images of a rendered chapter (after sanitizing)."""

from __future__ import annotations

import html as html_lib
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from kamdocs.errors import Problem, Severity
from kamdocs.model import Chapter
from kamdocs.site.active import active_content
from kamdocs.site.imagesize import image_size
from kamdocs.site.model import Asset

_ATTRIBUTE = re.compile(r'(?P<attr>href|src)="(?P<value>[^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass
class LinkContext:
    """What a chapter's links may point to."""

    root: Path
    """The project folder."""
    chapter_urls: dict[str, str]
    """Chapter file name (``10-ziele.md``) → page URL, for the chapters in this build."""
    page_urls: frozenset[str]
    assets: dict[str, Asset] = field(default_factory=dict)
    """Collected images by target path (shared by all chapters, so each is copied once)."""


def _position(chapter: Chapter, target: str, nth: int = 0) -> tuple[int, int]:
    """Return the 1-based line and column of the ``nth`` occurrence of ``target`` in the chapter file.

    The HTML keeps the order of the Markdown, so the n-th link to a target is its n-th mention:
    two references to the same broken image are two problems at their own lines. When the target
    is not written literally (escapes), the first mention or the body's first line is given.
    """
    seen = 0
    first: tuple[int, int] | None = None
    for offset, line in enumerate(chapter.body.split("\n")):
        column = line.find(target)
        while column >= 0:
            if first is None:
                first = (chapter.body_line + offset, column + 1)
            if seen == nth:
                return chapter.body_line + offset, column + 1
            seen += 1
            column = line.find(target, column + len(target))
    return first or (chapter.body_line, 1)


def assets_folder(root: Path) -> tuple[Path | None, str]:
    """Return the real ``content/assets`` folder, or None and why it may not be published from.

    SECURITY row 27: when ``content`` or ``content/assets`` is a symbolic link (to ``/etc``,
    ``/proc/self``), resolving it first would make the target the containment folder, and
    ``assets/environ`` would publish the build's environment.
    """
    project = root.resolve()
    for name in ("content", "content/assets"):
        if (root / name).is_symlink():
            return None, (
                f"{name}/ is a symbolic link; kamdocs publishes only files inside the project, "
                f"so make {name}/ a real folder and copy the images into it"
            )
    real = (root / "content" / "assets").resolve()
    if not real.is_relative_to(project):
        return None, "content/assets/ leads outside the project; make it a real folder inside the project"
    return real, ""


def _asset(context: LinkContext, chapter: Chapter, path: str) -> tuple[Asset | None, str | None, Severity]:
    """Resolve ``path`` (relative to the chapter) to a file in content/assets/, or explain why not."""
    assets_dir, refusal = assets_folder(context.root)
    if assets_dir is None:
        return None, f"'{path}' is not published: {refusal}", Severity.ERROR
    chapter_dir = (context.root / chapter.source).parent
    candidate = chapter_dir / path
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        real = candidate.resolve()
        if not real.is_relative_to(assets_dir):
            return None, f"'{path}' is outside content/assets/; put images into content/assets/", Severity.ERROR
        return None, f"'{path}' does not exist; add it to content/assets/ or fix the path", Severity.WARNING
    # Containment by path, not by string prefix (SECURITY rows 2–4): symlinks are resolved first.
    if not real.is_relative_to(assets_dir):
        return None, f"'{path}' is outside content/assets/; put images into content/assets/", Severity.ERROR
    if not stat.S_ISREG(real.stat().st_mode):
        return None, f"'{path}' is not a regular file", Severity.ERROR
    active = active_content(real)
    if active is not None:  # SECURITY row 30
        return None, f"'{path}' is not published: {active}", Severity.ERROR
    target = "assets/" + real.relative_to(assets_dir).as_posix()
    return Asset(real, target), None, Severity.NOTE


def resolve_links(html: str, chapter: Chapter, context: LinkContext) -> tuple[str, list[Problem]]:
    """Rewrite chapter links to page URLs and images to copied assets; report broken ones."""
    problems: list[Problem] = []
    mentions: dict[str, int] = {}

    def place(raw: str) -> tuple[int, int]:
        nth = mentions.get(raw, 0)
        mentions[raw] = nth + 1
        return _position(chapter, raw, nth)

    def report(raw: str, severity: Severity, message: str) -> None:
        problems.append(Problem(chapter.source, place(raw)[0], 1, severity, message))

    def replace(match: re.Match[str]) -> str:
        attr, escaped = match.group("attr"), match.group("value")
        raw = html_lib.unescape(escaped)
        if not raw or raw.startswith("#"):
            return match.group(0)
        if raw.lower().startswith("file:"):
            # SECURITY row 1: the exact place, since the URL may hide anywhere in a long line of HTML.
            line, column = place(raw)
            problems.append(
                Problem(
                    chapter.source,
                    line,
                    column,
                    Severity.ERROR,
                    f"'{raw}' reads a file outside the project; copy it into content/assets/ and link it from there",
                )
            )
            return 'data-removed=""'
        if raw.startswith(("//", "\\\\", "/\\", "\\/")):
            # Without a scheme the PDF resolves it against its file:// base: a file://host/share
            # (UNC/SMB) target on Windows. Either output would guess the scheme, so neither does.
            report(
                raw,
                Severity.WARNING,
                f"'{raw}' has no scheme; write the address in full (https://…) so that it means the same "
                "on the website and in the PDF",
            )
            return 'data-removed=""'
        if _SCHEME.match(raw):
            if attr == "src":
                report(
                    raw,
                    Severity.WARNING,
                    f"image '{raw}' is not in content/assets/; the site makes no outside requests, "
                    "so copy the image into content/assets/ and link it from there",
                )
                return 'data-removed=""'
            return match.group(0)
        path, _, fragment = raw.partition("#")
        path = unquote(path.split("?", 1)[0])
        suffix = "#" + fragment if fragment else ""
        name = PurePosixPath(path).name
        if attr == "href" and path.endswith(".md"):
            url = context.chapter_urls.get(name)
            if url is None:
                report(
                    raw,
                    Severity.WARNING,
                    f"broken link: no chapter '{path}' in this build (missing, draft or restricted)",
                )
                # The link text stays; the target goes: a restricted chapter's file name is no one's business.
                return 'data-removed=""'

            return f'{attr}="{html_lib.escape(url + suffix)}"'
        if attr == "href" and path.endswith(".html"):
            normalised = PurePosixPath(path).as_posix().lstrip("./")
            if normalised not in context.page_urls:
                report(raw, Severity.WARNING, f"broken link: no page '{path}' in this build")
            return match.group(0)
        asset, message, severity = _asset(context, chapter, path)
        if asset is None:
            report(raw, severity, ("missing image: " if attr == "src" else "broken link: ") + str(message))
            return 'data-removed=""' if severity is Severity.ERROR else match.group(0)
        context.assets[asset.target] = asset
        return f'{attr}="{html_lib.escape(asset.target + suffix)}"'

    return _reserve_image_boxes(_ATTRIBUTE.sub(replace, html), context), problems


_IMG = re.compile(r"<img\b[^>]*>")
_IMG_SRC = re.compile(r'\ssrc="([^"]*)"')


def _reserve_image_boxes(html: str, context: LinkContext) -> str:
    """Give every copied image its width and height, so that the page keeps its layout while it loads."""

    def sized(match: re.Match[str]) -> str:
        tag = match.group(0)
        src = _IMG_SRC.search(tag)
        asset = context.assets.get(html_lib.unescape(src.group(1))) if src else None
        if asset is None or re.search(r"\s(width|height)=", tag):
            return tag
        size = image_size(asset.source)
        if size is None:
            return tag
        return f'{tag[:-1].rstrip("/").rstrip()} width="{round(size[0])}" height="{round(size[1])}">'

    return _IMG.sub(sized, html)
