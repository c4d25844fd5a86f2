"""The only code that reads a project's source files: YAML with positions, front matter, chapters."""

from kamdocs.load.project import LoadResult, load_playbook, load_project

__all__ = ["LoadResult", "load_playbook", "load_project"]
