"""The shape of `kamdocs report --json` as docs/report-json.md documents it, as a JSON Schema."""

from __future__ import annotations

from typing import Any

NUMBER_OR_NULL: dict[str, Any] = {"type": ["number", "null"]}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
DATE_OR_NULL = {"anyOf": [DATE, {"type": "null"}]}
COUNT = {"type": "integer"}
STATUS = {"enum": ["achieved", "on_track", "at_risk", "missed", "no_data"]}
GOAL_STATUS = {"enum": [*STATUS["enum"], None]}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    """Return an object schema with exactly ``properties``, all required."""
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _map(values: dict[str, Any]) -> dict[str, Any]:
    """Return an object keyed by ids whose values follow ``values``."""
    return {"type": "object", "additionalProperties": values}


TASK = _object(
    {
        "start": DATE,
        "due": DATE,
        "overdue": {"type": "boolean"},
        "float": COUNT,
        "forecast_start": DATE,
        "forecast_due": DATE,
        "slip": COUNT,
        "late_start": {"type": "boolean"},
    }
)

REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["as_of"],
    "additionalProperties": False,
    "properties": {
        "as_of": DATE,
        "readiness": _object(
            {
                "overall": NUMBER_OR_NULL,
                "areas": _map(NUMBER_OR_NULL),
                "actions": {"type": "array", "items": {"type": "string"}},
            }
        ),
        "kpis": _map(
            _object(
                {
                    "actual": NUMBER_OR_NULL,
                    "achievement": NUMBER_OR_NULL,
                    "expected_achievement": NUMBER_OR_NULL,
                    "status": STATUS,
                    "trend": {"enum": ["improving", "worsening", "flat", None]},
                }
            )
        ),
        "tasks": _object(
            {
                "end": DATE_OR_NULL,
                "forecast_end": DATE_OR_NULL,
                "critical_path": {"type": "array", "items": {"type": "string"}},
                "items": _map(TASK),
                "phases": _map(_object({"progress": NUMBER_OR_NULL})),
                "routines": _map(_object({"due_next": DATE, "overdue": {"type": "boolean"}})),
            }
        ),
        "competencies": _map(_object({"with_gap": {"type": ["integer", "null"]}, "mean": NUMBER_OR_NULL})),
        "candidates": _map(
            _object(
                {
                    "fit": {"type": "number"},
                    "gaps": _map({"type": "integer", "minimum": 1}),
                    "meets_profile": {"type": "boolean"},
                    "suitable": {"type": "boolean"},
                    "rank": {"type": "integer", "minimum": 1},
                }
            )
        ),
        "accounts": _map(
            _object(
                {
                    "attractiveness": NUMBER_OR_NULL,
                    "position": NUMBER_OR_NULL,
                    "quadrant": {"enum": ["develop", "invest_selectively", "maintain", "harvest", None]},
                    "share_of_wallet": NUMBER_OR_NULL,
                    "next_review": DATE_OR_NULL,
                    "review_overdue": {"type": "boolean"},
                    "goals": _map(
                        _object({"achievement": NUMBER_OR_NULL, "status": {"enum": [*STATUS["enum"], None]}})
                    ),
                }
            )
        ),
        "kams": _map(
            _object(
                {
                    "accounts": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "revenue": NUMBER_OR_NULL,
                    "potential": NUMBER_OR_NULL,
                }
            )
        ),
        "budget": _object(
            {
                "total": {"type": "number"},
                "by_year": {
                    "type": "object",
                    "propertyNames": {"pattern": r"^\d{4}$"},
                    "additionalProperties": {"type": "number"},
                },
                "by_category": _map({"type": "number"}),
                "fte_by_year": {
                    "type": "object",
                    "propertyNames": {"pattern": r"^\d{4}$"},
                    "additionalProperties": {"type": "number"},
                },
            }
        ),
    },
}
