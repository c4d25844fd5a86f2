"""Building blocks shared by all models: the strict base class and field types."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema

from kamdocs.values import YamlFloat, YamlInt

SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _as_written(value: Any) -> Any:
    """Give a text field the text as written in YAML (``0755``, ``1.10``), not the number."""
    if isinstance(value, YamlInt | YamlFloat):
        return value.raw
    return value


def _iso_date(value: Any) -> Any:
    """Accept only ``YYYY-MM-DD`` (pydantic alone would take 20270101 as a Unix time)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        return value
    raise ValueError("expected a date written as YYYY-MM-DD, e.g. 2027-03-31")


# The JSON Schemas (kamdocs schema) say what the loader accepts: a text field also takes
# a number, whose text is kept as written. Pydantic drops the pattern of a constrained str
# behind a BeforeValidator from the schema, so it is given explicitly.
Text = Annotated[str, BeforeValidator(_as_written), WithJsonSchema({"type": ["string", "number"]})]
"""Free text; numbers written in YAML are kept exactly as written."""

NonEmptyText = Annotated[
    str,
    BeforeValidator(_as_written),
    StringConstraints(min_length=1),
    WithJsonSchema({"type": ["string", "number"], "minLength": 1}),
]

Slug = Annotated[
    str,
    BeforeValidator(_as_written),
    StringConstraints(pattern=SLUG_PATTERN),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN}),
]
"""An id: lower-case letters, digits, '-' and '_', starting with a letter or digit."""

MAX_MONEY = 10**15
"""The largest amount accepted (a quadrillion): anything above is a typo, and bounded
numbers keep every formula and every displayed figure finite."""

Money = Annotated[float, Field(ge=0, le=MAX_MONEY)]
"""An amount in the project currency (≥ 0)."""

Quantity = Annotated[float, Field(ge=-MAX_MONEY, le=MAX_MONEY)]
"""A measured value such as a KPI's baseline, target or actual."""

Weight = Annotated[float, Field(gt=0, le=1_000_000)]
"""A weight in a weighted mean (> 0)."""

IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), Field(json_schema_extra={"format": "date"})]


class Model(BaseModel):
    """Base of every playbook model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        str_strip_whitespace=False,
        # YAML's .inf/.nan are no amounts, weights or scores (and would break every formula).
        allow_inf_nan=False,
    )


class Scale(Model):
    """A rating scale such as 1–5 with optional labels for some of its points."""

    min: Annotated[int, Field(ge=-1000, le=1000)] = 1
    """Lowest point of the scale."""
    max: Annotated[int, Field(ge=-1000, le=1000)] = 5
    """Highest point of the scale."""
    labels: dict[int, Text] = Field(default_factory=dict)
    """Optional label per point, e.g. {1: "ad hoc", 5: "voll kundenorientiert"}."""
