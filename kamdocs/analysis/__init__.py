"""Pure analyses of a validated playbook (docs/formulas.md); no I/O, no Jinja, no click."""

from kamdocs.analysis.engine import analyse

__all__ = ["analyse"]
