"""The only code that reads source files: YAML with positions, front matter, the project."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kamdocs.load.project import LoadResult, load_playbook, load_project, reference_date, source_date_epoch

__all__ = ["LoadResult", "load_playbook", "load_project", "reference_date", "source_date_epoch"]


def __getattr__(name: str) -> Any:
    """Import the loader lazily.

    kamdocs.model imports kamdocs.load.yamlio, which runs this file first; importing
    kamdocs.load.project here eagerly would import kamdocs.model while it is half initialised
    (``import kamdocs.model`` as the first import failed with a circular ImportError).
    """
    if name in __all__:
        from kamdocs.load import project

        return getattr(project, name)
    raise AttributeError(f"module 'kamdocs.load' has no attribute {name!r}")
