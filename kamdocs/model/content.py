"""Chapters: Markdown prose with YAML front matter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kamdocs.model.common import Model, NonEmptyText, Text

Audience = Literal["internal", "restricted"]


class FrontMatter(Model):
    """The YAML block at the top of a chapter."""

    title: NonEmptyText
    """Chapter title."""
    weight: float = 100
    """Position in the playbook; generated sections have fixed weights (see README)."""
    audience: Audience = "internal"
    """internal (everyone) or restricted (leaves the internal build)."""
    draft: bool = False
    """Draft chapters are left out of every build."""
    description: Text | None = None
    """One-sentence summary for the navigation and search."""


@dataclass(frozen=True)
class Chapter:
    """A prose chapter as read from ``content/``."""

    source: str
    """Path relative to the project, e.g. content/10-ziele.md."""
    slug: str
    """URL slug: the file name without number prefix and extension."""
    front: FrontMatter
    """Validated front matter."""
    body: str
    """Markdown text after the front matter."""
    body_line: int
    """Line number (1-based) of the first body line in the file."""
