"""The audience filter (SPEC §5): applied before anything is rendered or reported."""

from __future__ import annotations

from dataclasses import dataclass

from kamdocs.analysis.results import Analysis
from kamdocs.model import Audience, Playbook


@dataclass(frozen=True)
class View:
    """What one audience may see: the filtered playbook and analyses."""

    playbook: Playbook
    """Without candidates (unless individuals are shown), restricted chapters and drafts."""
    analysis: Analysis
    """Competency results carry no candidates unless individuals are shown."""
    audience: Audience
    individuals: bool
    """True when individual ratings may be shown (restricted, or the explicit opt-in)."""


def make_view(playbook: Playbook, analysis: Analysis, audience: Audience) -> View:
    """Filter ``playbook`` and ``analysis`` down to what ``audience`` may see."""
    raise NotImplementedError("implemented by the analytics work (issue 3)")
