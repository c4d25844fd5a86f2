"""The whole validated playbook: settings, data files and chapters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kamdocs.model.accounts import Account
from kamdocs.model.company import Company
from kamdocs.model.config import ProjectConfig
from kamdocs.model.content import Chapter
from kamdocs.model.organisation import Organisation
from kamdocs.model.people import Candidates, Competencies
from kamdocs.model.plan import Budget, Goals
from kamdocs.model.portfolio import PortfolioCriteria
from kamdocs.model.readiness import Readiness
from kamdocs.model.tasks import TaskPlan


@dataclass(frozen=True)
class Playbook:
    """Everything read from a project; optional data files are ``None`` when missing."""

    root: Path
    """The project folder."""
    config: ProjectConfig
    """kamdocs.yaml."""
    as_of: dt.date
    """Reference date: config.as_of, else SOURCE_DATE_EPOCH, else today."""
    company: Company
    """data/company.yaml."""
    goals: Goals | None = None
    budget: Budget | None = None
    organisation: Organisation | None = None
    readiness: Readiness | None = None
    tasks: TaskPlan | None = None
    competencies: Competencies | None = None
    candidates: Candidates | None = None
    portfolio: PortfolioCriteria | None = None
    """data/portfolio.yaml: the criteria every account is scored on."""
    accounts: tuple[Account, ...] = ()
    """Accounts sorted by id."""
    chapters: tuple[Chapter, ...] = field(default_factory=tuple)
    """Chapters sorted by (weight, file name), drafts included (renderers skip them)."""
