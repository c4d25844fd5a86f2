"""The guarded YAML reader every kamdocs file goes through: data, front matter, theme labels.

Plain data only (no tags that construct objects), positions for every key and value, duplicate
keys reported, bounded nesting and alias expansion, a size cap and UTF-8 errors with a position.
It knows nothing of projects; :mod:`kamdocs.load.yamlio` adds the project's folder rules.
"""

from kamdocs.yamlsafe.compose import MAX_DEPTH, MAX_NODES, YamlProblem
from kamdocs.yamlsafe.parse import MAX_FILE_BYTES, Located, Mark, PathKey, decode, parse, read_text

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "Located",
    "Mark",
    "PathKey",
    "YamlProblem",
    "decode",
    "parse",
    "read_text",
]
