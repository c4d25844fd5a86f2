"""Small value types shared by every layer: numbers read from YAML that remember how they were written."""

from __future__ import annotations

__all__ = ["YamlFloat", "YamlInt"]


class YamlInt(int):
    """An int read from YAML that remembers the text it was written as."""

    raw: str


class YamlFloat(float):
    """A float read from YAML that remembers the text it was written as."""

    raw: str
