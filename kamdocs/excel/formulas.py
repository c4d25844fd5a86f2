"""Excel formulas of the workbook: the arithmetic of docs/formulas.md written so Excel computes it too.

Every function returns formula text for one cell; the numbers kamdocs itself
reports come from :mod:`kamdocs.analysis`, and the tests evaluate these
formulas to check that both agree. Only functions that Excel, LibreOffice and
formula libraries evaluate alike are used (SUMPRODUCT over ranges, ABS, MAX,
IF) — no dynamic arrays, no array entry.
"""

from __future__ import annotations


def _minus(value: int) -> str:
    """Return ``-3`` or ``-(-3)`` so a negative scale end stays correct."""
    return f"-{value}" if value >= 0 else f"-({value})"


def area_index(weights: str, scores: str, low: int, high: int) -> str:
    """Return ``Σ w·(score−min) / Σ w·(max−min) × 100`` over the criteria ranges (``D5:D8``)."""
    return f"=SUMPRODUCT({weights},{scores}{_minus(low)})/SUMPRODUCT({weights}*({high}{_minus(low)}))*100"


def overall_index(pairs: list[tuple[str, str]]) -> str:
    """Return the area indices averaged with the area weights: ``(W1*I1+W2*I2)/(W1+W2)``."""
    numerator = "+".join(f"{weight}*{index}" for weight, index in pairs)
    denominator = "+".join(weight for weight, _ in pairs)
    return f"=({numerator})/({denominator})"


def scheduled_start(start: str, dependency_dues: list[str]) -> str:
    """Return the start as given, else the day after the latest due of the dependencies."""
    if not dependency_dues:
        return f'=IF({start}<>"",{start},"")'
    return f'=IF({start}<>"",{start},MAX({",".join(dependency_dues)})+1)'


def scheduled_due(due: str, start: str, duration: str) -> str:
    """Return the due date as given, else ``start + duration_days − 1``."""
    return f'=IF({due}<>"",{due},IF(AND({start}<>"",{duration}<>""),{start}+{duration}-1,""))'


def fit(weights: str, required: str, ratings: str) -> str:
    """Return ``Σ w·min(rating, required) / Σ w·required × 100``; an empty rating counts as 0.

    ``min(a, b)`` is written ``(a + b − |a − b|) / 2`` because IF and MIN do not
    work element-wise inside SUMPRODUCT in every spreadsheet program.
    """
    capped = f"({ratings}+{required}-ABS({ratings}-{required}))/2"
    total = f"SUMPRODUCT({weights},{required})"
    return f"=IF({total}=0,100,SUMPRODUCT({weights},{capped})/{total}*100)"


def overdue_rule(status: str, due: str, as_of: str, done: str = "done") -> str:
    """Return the conditional-formatting test for an overdue task (status ≠ done, due < as_of).

    ``done`` is the drop-down's word for done (``erledigt``); the code ``done`` counts too, as import takes it.
    """
    words = [done] if done == "done" else [done, "done"]
    not_done = ",".join(f'{status}<>"{word}"' for word in words)
    return f"AND({not_done},ISNUMBER({due}),{due}<{as_of})"


def gap_rule(rating: str, required: str) -> str:
    """Return the conditional-formatting test for a rating below the required level."""
    return f'AND({rating}<>"",{rating}<{required})'


def not_assessed_rule(rating: str) -> str:
    """Return the conditional-formatting test for a missing rating (counts as 0)."""
    return f'{rating}=""'


def routine_due_next(last_done: str, every_days: str, start: str) -> str:
    """Return ``last_done + every_days``, else the first due date ``start`` (docs/formulas.md, routines)."""
    return f'=IF({last_done}<>"",{last_done}+{every_days},IF({start}<>"",{start},""))'


def routine_overdue_rule(due_next: str, as_of: str) -> str:
    """Return the conditional-formatting test for an overdue routine (next due before as_of)."""
    return f"AND(ISNUMBER({due_next}),{due_next}<{as_of})"


def lookup(key: str, keys: str, values: str) -> str:
    """Return the value beside ``key`` in another sheet's columns, empty when it is not there."""
    return f'=IFERROR(INDEX({values},MATCH({key},{keys},0)),"")'


def achievement(actual: str, baseline: str, target: str) -> str:
    """Return ``(actual − baseline) / (target − baseline) × 100``, empty without the three numbers."""
    numbers = f"AND(ISNUMBER({actual}),ISNUMBER({baseline}),ISNUMBER({target}))"
    return f'=IF({numbers},IF({target}<>{baseline},({actual}-{baseline})/({target}-{baseline})*100,""),"")'
