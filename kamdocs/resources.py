"""Where the built-in theme and the example playbooks live (repo checkout or installed wheel)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_ROOT = PACKAGE_DIR.parent


def builtin_theme_dir() -> Path:
    """Return the folder of the built-in ``default`` theme."""
    shipped = PACKAGE_DIR / "themes" / "default"
    return shipped if shipped.is_dir() else _REPO_ROOT / "themes" / "default"


def example_dir(lang: str) -> Path:
    """Return the folder holding the example playbook in ``lang`` (``de`` or ``en``)."""
    shipped = PACKAGE_DIR / "example" / lang
    if (shipped / "kamdocs.yaml").is_file():
        return shipped
    if lang == "de":
        # In a source checkout the German example *is* the repository's top level.
        return _REPO_ROOT
    return shipped
