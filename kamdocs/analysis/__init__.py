"""Pure analyses of a validated playbook (SPEC §3); no I/O, no Jinja, no click."""

from kamdocs.analysis.engine import analyse

__all__ = ["analyse"]
