"""Read prose chapters: ``content/*.md`` with a YAML front matter block and a Markdown body."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from kamdocs.errors import NO_POSITION, Problem, Severity
from kamdocs.load.markdown import ChapterRenderer
from kamdocs.load.mdlimits import check_complexity
from kamdocs.load.validate import validate
from kamdocs.load.yamlio import YamlProblem, list_dir, parse, read_source
from kamdocs.model import Chapter, FrontMatter

_NUMBERED = re.compile(r"^(?:\d+[-_])?(?P<slug>.+)$")
_SLUG_CHARS = re.compile(r"[^a-z0-9_-]+")


def chapter_slug(file_name: str) -> str:
    """Return the URL slug of a chapter file: ``10-Über uns.md`` → ``uber-uns``."""
    stem = unicodedata.normalize("NFC", Path(file_name).stem)
    match = _NUMBERED.match(stem)
    base = match.group("slug") if match else stem
    ascii_text = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode().lower()
    return _SLUG_CHARS.sub("-", ascii_text).strip("-") or "chapter"


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split ``---`` front matter from the body; return (yaml, body, first body line)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return "".join(lines[1:]), "", len(lines) + 1


def _warn_about_nested_chapters(root: Path, folder: Path, problems: list[Problem]) -> None:
    """Warn about Markdown files in a subfolder of content/: they would silently be no chapter."""
    try:
        nested = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".md" and p.is_file())
    except OSError:
        return
    for path in nested:
        rel = unicodedata.normalize("NFC", path.relative_to(root).as_posix())
        problems.append(
            Problem(
                rel,
                1,
                1,
                Severity.WARNING,
                f"chapters are read from content/ itself, not from subfolders; move it to "
                f"content/{path.name} to make it a chapter",
            )
        )


def read_chapters(root: Path, problems: list[Problem], renderer: ChapterRenderer, lang: str) -> list[Chapter]:
    """Read and render every ``content/*.md``; append problems; return valid chapters by (weight, file name)."""
    content = root / "content"
    if not content.is_dir():
        return []
    chapters: list[Chapter] = []
    seen: dict[str, str] = {}
    try:
        entries = list_dir(content)
    except YamlProblem as exc:
        problems.append(Problem("content", NO_POSITION, NO_POSITION, Severity.ERROR, exc.message))
        return []
    for path in entries:
        if path.is_dir() and not path.is_symlink() and path.name != "assets":
            _warn_about_nested_chapters(root, path, problems)
        if path.suffix.lower() != ".md" or not path.is_file():
            continue
        rel = unicodedata.normalize("NFC", path.relative_to(root).as_posix())
        slug = chapter_slug(path.name)
        if slug.casefold() in seen:
            problems.append(
                Problem(
                    rel,
                    1,
                    1,
                    Severity.ERROR,
                    f"this chapter's page name {slug!r} collides with {seen[slug.casefold()]}; "
                    "rename one of the files (names differing only in case or accents clash on "
                    "Windows and macOS)",
                )
            )
            continue
        seen[slug.casefold()] = rel
        try:
            text = read_source(path, root)
        except YamlProblem as exc:
            problems.append(Problem(rel, exc.line, exc.col, Severity.ERROR, exc.message))
            continue
        except OSError as exc:
            problems.append(
                Problem(rel, NO_POSITION, NO_POSITION, Severity.ERROR, f"cannot read the file: {exc.strerror}")
            )
            continue
        text = unicodedata.normalize("NFC", text)
        front_text, body, body_line = split_front_matter(text)
        if front_text is None:
            problems.append(
                Problem(
                    rel,
                    1,
                    1,
                    Severity.ERROR,
                    "a chapter must start with front matter: a line '---', 'title: …', and '---'",
                )
            )
            continue
        try:
            located = parse(front_text, line_offset=1)
        except YamlProblem as exc:
            problems.append(Problem(rel, exc.line, exc.col, Severity.ERROR, exc.message))
            continue
        problems.extend(
            Problem(rel, issue.line, issue.col, Severity.ERROR, issue.message) for issue in located.problems
        )
        if not isinstance(located.data, dict):
            problems.append(
                Problem(rel, 2, 1, Severity.ERROR, "front matter must be 'key: value' lines such as 'title: Ziele'")
            )
            continue
        front, front_problems = validate(FrontMatter, located, rel)
        problems.extend(front_problems)
        if front is None:
            continue
        too_complex = check_complexity(body)
        if too_complex is not None:
            line = body_line + too_complex.line - 1
            problems.append(Problem(rel, line, too_complex.col, Severity.ERROR, too_complex.message))
            continue
        chapters.append(Chapter(rel, slug, front, body, body_line, renderer.render(body, lang)))
    chapters.sort(key=lambda c: (c.front.weight, c.source))
    return chapters
