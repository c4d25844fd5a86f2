"""``kamdocs.yaml``: project settings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kamdocs.model.common import IsoDate, Model, NonEmptyText, Text


class PdfSettings(Model):
    """Settings of the PDF handbook."""

    filename: Annotated[str, StringConstraints(pattern=r"^[^/\\]+\.pdf$")] = "playbook.pdf"
    """File name of the handbook inside the output folder."""
    paper: Literal["A4", "letter"] = "A4"
    """Paper size: A4 or letter."""
    variant: Literal["pdf/ua", "pdf/a-3", "plain"] = "pdf/ua"
    """pdf/ua: tagged (screen readers, text extraction); pdf/a-3: tagged and for archiving; plain: untagged."""


class Brand(Model):
    """Corporate design."""

    logo: Text | None = None
    """Path of the logo, relative to the project (e.g. content/assets/logo.svg)."""
    primary_color: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None
    """Brand colour as #rrggbb; the theme's colour when not given."""


class Privacy(Model):
    """Handling of personal data (docs/audiences.md)."""

    publish_individual_ratings: bool = False
    """Explicit opt-in: let the internal audience see individual candidate profiles."""
    publish_contacts: bool = False
    """Explicit opt-in (format v2): let the internal audience see customer contacts' names and attitudes."""
    min_group_size: Annotated[int, Field(ge=2, le=1000)] = 3
    """Smallest group an internal aggregate of ratings may describe (a mean of one is that person's rating)."""


class HistorySettings(Model):
    """How much of the git history the history page, `kamdocs history` and the handbook read."""

    revisions: Annotated[int, Field(ge=1, le=1000)] = 24
    """How many of the latest revisions that changed data/ are shown."""
    since: IsoDate | None = None
    """Revisions committed before this date are left out."""


class ProjectConfig(Model):
    """The project settings in kamdocs.yaml."""

    title: NonEmptyText
    """Title of the playbook."""
    subtitle: Text | None = None
    """Subtitle shown on the cover."""
    language: Literal["de", "en"] = "de"
    """Language of labels, number and date formats and hyphenation."""
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "EUR"
    """ISO 4217 currency code of all money values."""
    as_of: IsoDate | None = None
    """Reference date for overdue tasks and status; today (or SOURCE_DATE_EPOCH) when not given."""
    theme: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$")] = "default"
    """Theme name: themes/<name>/ in the project, or the built-in 'default'."""
    output_dir: Text = "site"
    """Output folder, relative to the project."""
    formats: tuple[Literal["html", "pdf"], ...] = ("html", "pdf")
    """Formats built by `kamdocs build` without --format."""
    pdf: PdfSettings = Field(default_factory=PdfSettings)
    """PDF settings."""
    brand: Brand = Field(default_factory=Brand)
    """Corporate design."""
    privacy: Privacy = Field(default_factory=Privacy)
    """Personal-data settings."""
    history: HistorySettings = Field(default_factory=HistorySettings)
    """What the git history parts read (docs/git.md)."""
