"""Checks across fields and files that a single model cannot express (SPEC §2)."""

from __future__ import annotations

from kamdocs.errors import Problem
from kamdocs.load.yamlio import Located
from kamdocs.model import Playbook


def cross_check(playbook: Playbook, sources: dict[str, Located]) -> list[Problem]:
    """Return every cross-reference problem of ``playbook``."""
    return []
