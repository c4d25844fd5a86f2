"""The shape of the planning workbook, shared by export and import.

Every sheet has the same head: row 1 a title (and computed summary cells),
row 2 the column labels in the playbook language, row 3 the YAML field name
of each column. Import finds its columns by the field names in row 3, so the
mapping back to the files never depends on the language or on column order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from openpyxl.utils import get_column_letter

from kamdocs.excel.choices import ChoiceSet

TITLE_ROW = 1
LABEL_ROW = 2
KEY_ROW = 3

Kind = Literal["id", "text", "int", "number", "amount", "date", "ids", "choice", "bool", "rating", "formula"]
"""How a column's cells are written and read; ``formula`` columns are never read back.

``amount`` is a number or a text such as "2 Werke" (an account goal's target): a number cell is read
as a number, a text cell as the text, so both survive a round trip as written.
"""

SheetKind = Literal[
    "readiness",
    "tasks",
    "routines",
    "competencies",
    "ratings",
    "kpis",
    "kpi_points",
    "account_goals",
    "account_actions",
    "account_financials",
]


@dataclass(frozen=True)
class Column:
    """One column: its YAML field name, label key, cell kind and width (and a drop-down's list)."""

    key: str
    label: str
    kind: Kind
    width: float
    choices: ChoiceSet | None = None

    @property
    def is_input(self) -> bool:
        """Return True when import reads this column (formulas are recomputed, never read)."""
        return self.kind != "formula"


@dataclass(frozen=True)
class Head:
    """A value kept in the title row: its name, the column whose row-1 cell holds it, and its kind."""

    name: str
    at: str
    kind: Kind


@dataclass(frozen=True)
class SheetLayout:
    """The columns of one sheet and the row where its data starts."""

    kind: SheetKind
    columns: tuple[Column, ...]
    first_row: int
    head: tuple[Head, ...] = ()
    """Values read from the title row, each with its label in the cell to its left."""

    def col(self, key: str) -> int:
        """Return the 1-based column number of the field ``key``."""
        for number, column in enumerate(self.columns, start=1):
            if column.key == key:
                return number
        raise KeyError(key)

    def letter(self, key: str) -> str:
        """Return the column letter of the field ``key``."""
        return str(get_column_letter(self.col(key)))


TITLE_STATEMENT = "title / statement"
"""Key of the readiness text column: an area row holds the area title, a criterion row its statement."""

READINESS = SheetLayout(
    "readiness",
    (
        Column("area", "col.area", "id", 16),
        Column("id", "col.id", "id", 20),
        Column(TITLE_STATEMENT, "col.title_statement", "text", 60),
        Column("weight", "col.weight", "number", 9),
        Column("score", "col.score", "int", 11),
        Column("target", "col.target", "int", 9),
        Column("comment", "col.comment", "text", 40),
        Column("action", "col.action", "text", 40),
        Column("index", "col.index", "formula", 12),
    ),
    first_row=4,
)

TASKS = SheetLayout(
    "tasks",
    (
        Column("id", "col.id", "id", 22),
        Column("title", "col.title", "text", 46),
        Column("phase", "col.phase", "id", 14),
        Column("owner", "col.owner", "text", 24),
        Column("start", "col.start", "date", 12),
        Column("due", "col.due", "date", 12),
        Column("duration_days", "col.duration_days", "int", 10),
        Column("depends_on", "col.depends_on", "ids", 28),
        Column("status", "col.status", "choice", 13, "task_status"),
        Column("scheduled_start", "col.scheduled_start", "formula", 13),
        Column("scheduled_due", "col.scheduled_due", "formula", 13),
    ),
    first_row=4,
)

COMPETENCIES = SheetLayout(
    "competencies",
    (
        Column("id", "col.id", "id", 24),
        Column("name", "col.name", "text", 46),
        Column("group", "col.group", "text", 18),
        Column("weight", "col.weight", "number", 9),
        Column("required", "col.required", "int", 11),
        Column("critical", "col.critical", "bool", 10),
    ),
    first_row=4,
)

ROUTINES = SheetLayout(
    "routines",
    (
        Column("id", "col.id", "id", 22),
        Column("title", "col.title", "text", 46),
        Column("owner", "col.owner", "text", 24),
        Column("every_days", "col.every_days", "int", 11),
        Column("last_done", "col.last_done", "date", 13),
        Column("start", "col.first_due", "date", 13),
        Column("description", "col.description", "text", 40),
        Column("due_next", "col.due_next", "formula", 14),
    ),
    first_row=4,
)

TITLE_NAME = "title / name"
"""Key of the KPI sheet's text column: a goal row holds the goal's title, a KPI row the KPI's name."""

KPIS = SheetLayout(
    "kpis",
    (
        Column("goal", "col.goal", "id", 14),
        Column("id", "col.id", "id", 20),
        Column(TITLE_NAME, "col.title_name", "text", 46),
        Column("owner", "col.owner", "text", 24),
        Column("unit", "col.unit", "text", 10),
        Column("direction", "col.direction", "choice", 18, "direction"),
        Column("baseline", "col.baseline", "number", 13),
        Column("baseline_date", "col.baseline_date", "date", 13),
        Column("target", "col.target_value", "number", 13),
        Column("due", "col.kpi_due", "date", 13),
        Column("actual", "col.actual", "number", 13),
        Column("source", "col.source", "choice", 30, "kpi_source"),
    ),
    first_row=4,
    head=(Head("baseline_date", "baseline_date", "date"),),
)

KPI_POINTS = SheetLayout(
    "kpi_points",
    (
        Column("kpi", "col.kpi", "id", 20),
        Column("kind", "col.kind", "choice", 20, "point_kind"),
        Column("date", "col.date", "date", 13),
        Column("value", "col.value", "number", 14),
        Column("kpi_name", "col.kpi_name", "formula", 46),
    ),
    first_row=4,
)

RATINGS_FIXED = (
    Column("id", "col.id", "id", 10),
    Column("name", "col.name", "text", 24),
    Column("role", "col.role", "text", 28),
)
RATING_WIDTH = 12
FIT = Column("fit", "col.fit", "formula", 12)
RATINGS_WEIGHT_ROW = 4
RATINGS_REQUIRED_ROW = 5
RATINGS_FIRST_ROW = 6


def ratings_layout(competency_ids: tuple[str, ...]) -> SheetLayout:
    """Return the ratings sheet: fixed columns, one column per competency, then the fit formula."""
    rating_columns = tuple(Column(cid, "", "rating", RATING_WIDTH) for cid in competency_ids)
    return SheetLayout("ratings", (*RATINGS_FIXED, *rating_columns, FIT), RATINGS_FIRST_ROW)


ACCOUNT = Head("account", "", "id")
"""The id of the account an account workbook belongs to, in row 1 above each sheet's last column."""


def _account_sheet(kind: SheetKind, columns: tuple[Column, ...]) -> SheetLayout:
    head = Head(ACCOUNT.name, columns[-1].key, ACCOUNT.kind)
    return SheetLayout(kind, columns, first_row=4, head=(head,))


ACCOUNT_GOALS = _account_sheet(
    "account_goals",
    (
        Column("no", "col.no", "int", 6),
        Column("id", "col.id", "id", 16),
        Column("title", "col.goal_title", "text", 44),
        Column("kpi", "col.measure", "text", 26),
        Column("unit", "col.unit", "text", 10),
        Column("direction", "col.direction", "choice", 18, "direction"),
        Column("baseline", "col.baseline", "number", 13),
        Column("baseline_date", "col.baseline_date", "date", 13),
        Column("target", "col.target_value", "amount", 13),
        Column("actual", "col.actual", "number", 13),
        Column("due", "col.kpi_due", "date", 13),
        Column("achievement", "col.achievement", "formula", 14),
    ),
)

ACCOUNT_ACTIONS = _account_sheet(
    "account_actions",
    (
        Column("no", "col.no", "int", 6),
        Column("title", "col.action_title", "text", 50),
        Column("owner", "col.owner", "text", 26),
        Column("due", "col.due", "date", 13),
        Column("status", "col.status", "choice", 14, "task_status"),
    ),
)

ACCOUNT_FINANCIALS = _account_sheet(
    "account_financials",
    (
        Column("year", "col.year", "int", 8),
        Column("revenue", "col.revenue", "number", 16),
        Column("plan", "col.revenue_plan", "number", 16),
    ),
)

ACCOUNT_LAYOUTS = (ACCOUNT_GOALS, ACCOUNT_ACTIONS, ACCOUNT_FINANCIALS)

LAYOUTS: dict[str, SheetLayout] = {
    layout.kind: layout for layout in (READINESS, TASKS, ROUTINES, COMPETENCIES, KPIS, KPI_POINTS, *ACCOUNT_LAYOUTS)
}
"""The sheets of a fixed layout by kind (the ratings sheet has a column per competency)."""


def cell_ref(sheet: str, row: int, col: int) -> str:
    """Return ``Sheet!C7`` (quoted like Excel when the name has spaces)."""
    name = f"'{sheet}'" if not sheet.replace("_", "").isalnum() else sheet
    return f"{name}!{get_column_letter(col)}{row}"
