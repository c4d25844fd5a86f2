"""The only code that reads source files: YAML with positions, front matter, the project."""

from kamdocs.load.project import LoadResult, load_playbook, load_project, reference_date

__all__ = ["LoadResult", "load_playbook", "load_project", "reference_date"]
