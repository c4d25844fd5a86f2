"""Chapters: Markdown prose with YAML front matter, and the sanitized HTML the loader renders it to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast, get_args

from kamdocs.errors import KamdocsError
from kamdocs.model.common import Model, NonEmptyText, Text

Audience = Literal["internal", "restricted"]
"""Who may read a chapter (front matter)."""
OutputAudience = Literal["internal", "restricted", "customer"]
"""Who an output is built for; ``customer`` is one account plan for that customer (docs/audiences.md)."""

OUTPUT_AUDIENCES: tuple[OutputAudience, ...] = get_args(OutputAudience)
"""Every audience name, in the order of docs/audiences.md: the one list every command checks against."""
ACCOUNT_AUDIENCES: frozenset[OutputAudience] = frozenset({"customer"})
"""Audiences whose output is the plan of one account, so they need an account."""
PLAYBOOK_AUDIENCES: tuple[Audience, ...] = cast(
    "tuple[Audience, ...]", tuple(a for a in OUTPUT_AUDIENCES if a not in ACCOUNT_AUDIENCES)
)
"""Audiences of the whole playbook: the site, the handbook, ``report`` and the preview."""


def output_audience(value: str, *, account: str | None = None) -> OutputAudience:
    """Return ``value`` as an audience, or raise :class:`KamdocsError` saying which names work here.

    Without ``account`` only the audiences of the whole playbook are valid.
    """
    if value in OUTPUT_AUDIENCES and (account is not None or value not in ACCOUNT_AUDIENCES):
        return value
    if value in ACCOUNT_AUDIENCES:
        raise KamdocsError(
            f"the audience {value!r} is the plan of one key account and needs an account "
            f"('kamdocs build --format pdf --account ID --audience {value}'); "
            f"for the whole playbook use {' or '.join(PLAYBOOK_AUDIENCES)}"
        )
    valid = OUTPUT_AUDIENCES if account is not None else PLAYBOOK_AUDIENCES
    raise KamdocsError(f"unknown audience {value!r}; use {', '.join(valid[:-1])} or {valid[-1]}")


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
class Heading:
    """An entry of a page's table of contents."""

    anchor: str
    title: str
    level: int = 2


@dataclass(frozen=True)
class Placeholder:
    """A component found in the Markdown source: a paragraph of only ``{{< name >}}`` or ``{{< name arg >}}``."""

    name: str
    arg: str | None
    line: int
    """1-based line in the chapter body."""


COMPONENT_TOKEN = "KAMDOCSCOMPONENT{}X"
"""How placeholder number ``n`` stands in the rendered HTML: a paragraph of its own, ``<p>…</p>``."""
_TOKEN_PARAGRAPH = re.compile(r"<p>KAMDOCSCOMPONENT(\d+)X</p>")


@dataclass(frozen=True)
class RenderedBody:
    """A chapter body as sanitized HTML with its headings and component placeholders."""

    html: str
    """Sanitized HTML; placeholder ``n`` appears as the paragraph ``<p>KAMDOCSCOMPONENT<n>X</p>``."""
    headings: tuple[Heading, ...]
    """Level 2 and 3 headings, in order."""
    placeholders: tuple[Placeholder, ...]


def split_pieces(html: str) -> list[str | int]:
    """Split rendered HTML into HTML strings and the numbers of the placeholders between them."""
    parts: list[str | int] = []
    position = 0
    for match in _TOKEN_PARAGRAPH.finditer(html):
        if match.start() > position:
            parts.append(html[position : match.start()])
        parts.append(int(match.group(1)))
        position = match.end()
    if position < len(html):
        parts.append(html[position:])
    return parts


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
    rendered: RenderedBody
    """The body as sanitized HTML (rendering a chapter is part of loading it)."""
