"""Pydantic models of the playbook format (docs/formats.md); no I/O here."""

from kamdocs.model.accounts import (
    Account,
    AccountGoal,
    AccountScores,
    AccountSwot,
    Action,
    Contact,
    CustomerProfile,
    FinancialYear,
    PlanInfo,
    Review,
    ScoredCriterion,
    Supplier,
    TeamMember,
)
from kamdocs.model.common import Model, Scale
from kamdocs.model.company import Company, Competitor, DataSource, Market, Mission, Swot, Trend
from kamdocs.model.config import Brand, PdfSettings, Privacy, ProjectConfig
from kamdocs.model.content import Audience, Chapter, FrontMatter, Heading, OutputAudience, Placeholder, RenderedBody
from kamdocs.model.organisation import InternationalTask, Organisation, Responsibility, Role, Unit, Variant
from kamdocs.model.people import Candidate, Candidates, Competencies, Competency, Development
from kamdocs.model.plan import Budget, BudgetItem, Goal, Goals, Kpi, Resource
from kamdocs.model.playbook import Playbook
from kamdocs.model.portfolio import PortfolioCriteria, PortfolioCriterion
from kamdocs.model.readiness import Area, Criterion, Readiness
from kamdocs.model.tasks import Phase, Routine, Task, TaskPlan

# Data file (relative to data/) → model of its top level.
DATA_FILES: dict[str, type[Model]] = {
    "company.yaml": Company,
    "goals.yaml": Goals,
    "budget.yaml": Budget,
    "organisation.yaml": Organisation,
    "readiness.yaml": Readiness,
    "tasks.yaml": TaskPlan,
    "competencies.yaml": Competencies,
    "candidates.yaml": Candidates,
    "portfolio.yaml": PortfolioCriteria,
}

__all__ = [
    "TeamMember",
    "Supplier",
    "Review",
    "PlanInfo",
    "FinancialYear",
    "CustomerProfile",
    "AccountSwot",
    "DATA_FILES",
    "Account",
    "AccountGoal",
    "AccountScores",
    "Action",
    "Area",
    "Audience",
    "Brand",
    "Budget",
    "BudgetItem",
    "Candidate",
    "Candidates",
    "Chapter",
    "Company",
    "Competencies",
    "Competency",
    "Competitor",
    "Contact",
    "Criterion",
    "DataSource",
    "Development",
    "FrontMatter",
    "Goal",
    "Goals",
    "Heading",
    "InternationalTask",
    "Kpi",
    "Market",
    "Mission",
    "Model",
    "Organisation",
    "OutputAudience",
    "PdfSettings",
    "Phase",
    "Placeholder",
    "Playbook",
    "PortfolioCriteria",
    "PortfolioCriterion",
    "Privacy",
    "ProjectConfig",
    "Readiness",
    "RenderedBody",
    "Resource",
    "Responsibility",
    "Role",
    "Routine",
    "Scale",
    "ScoredCriterion",
    "Swot",
    "Task",
    "TaskPlan",
    "Trend",
    "Unit",
    "Variant",
]
