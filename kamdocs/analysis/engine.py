"""Run every analysis whose data is present."""

from __future__ import annotations

from kamdocs.analysis.results import Analysis
from kamdocs.model import Playbook


def analyse(playbook: Playbook) -> Analysis:
    """Compute all analyses of ``playbook``; sections without data stay None."""
    raise NotImplementedError("implemented by the analytics work (issue 3)")
