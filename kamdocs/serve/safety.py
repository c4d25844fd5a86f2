"""Request checks of the preview server: which file a URL may reach and which Host may ask.

Pure functions without sockets, so every hostile spelling is easy to test.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from urllib.parse import unquote_to_bytes

WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


class BadRequest(Exception):
    """The request is malformed or hostile: answer 400."""


class NotFound(Exception):
    """The request names nothing inside the served folder: answer 404."""


def split_target(target: str) -> tuple[str, str]:
    """Split a request target into its path and query; refuse anything but origin-form."""
    if not target.startswith("/") or "\\" in target or "\x00" in target:
        # Absolute-form ("http://…"), asterisk-form and backslashes (Windows-style
        # separators some servers treat as "/") are never sent by a browser for a page.
        raise BadRequest("bad request target")
    path, _, query = target.partition("?")
    path = path.partition("#")[0]
    return path, query


def decode_path(raw_path: str) -> tuple[str, ...]:
    """Percent-decode ``raw_path`` exactly once and return its segments.

    Raises:
        BadRequest: for invalid UTF-8, NUL, backslashes or control characters
            after decoding (``/..%5c``, ``%00``).
        NotFound: for ``.`` or ``..`` segments and hidden files, which the
            output never links to (``/%2e%2e/``).
    """
    try:
        decoded = unquote_to_bytes(raw_path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest("path is not valid UTF-8") from exc
    if "\\" in decoded or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in decoded):
        raise BadRequest("path holds a backslash or a control character")
    segments = tuple(part for part in decoded.split("/") if part)
    for part in segments:
        # A literal "%" left after one decoding means double encoding (%252e): no
        # file kamdocs writes has one, so answer 404 instead of decoding again.
        if part in (".", "..") or part.startswith(".") or "%" in part:
            raise NotFound(decoded)
    return segments


def resolve_file(root: Path, raw_path: str) -> Path:
    """Return the regular file under ``root`` that ``raw_path`` names (directories give ``index.html``).

    Containment is checked on the real path (symlinks resolved) with
    ``Path.is_relative_to``, never with string prefixes.
    """
    segments = decode_path(raw_path)
    base = root.resolve()
    candidate = base.joinpath(*segments)
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise NotFound(raw_path) from exc
    if not real.is_relative_to(base):
        raise NotFound(raw_path)
    if real.is_dir():
        real = (real / "index.html").resolve()
        if not real.is_relative_to(base):
            raise NotFound(raw_path)
    if not real.is_file():
        raise NotFound(raw_path)
    return real


def host_name(header: str | None) -> str:
    """Return the lower-case host of a ``Host`` header without its port (``[::1]:80`` → ``::1``)."""
    if not header:
        raise BadRequest("missing Host header")
    value = header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            raise BadRequest("bad Host header")
        return value[1:end]
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def _is_ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def allowed_hosts(bound_host: str) -> frozenset[str]:
    """Return the host names a browser may use to reach a server bound to ``bound_host``."""
    names = set(LOOPBACK_NAMES)
    names.add(bound_host.strip("[]").lower())
    if bound_host in WILDCARD_HOSTS:
        names.update({socket.gethostname().lower(), socket.getfqdn().lower()})
    names.discard("")
    return frozenset(names)


def host_allowed(header: str | None, bound_host: str, allowed: frozenset[str]) -> bool:
    """Tell whether a request's ``Host`` header may reach the preview (DNS-rebinding defence).

    A rebinding attack always carries the attacker's domain name, never an IP
    literal, so when the server is bound to every interface any IP literal is
    accepted too (colleagues open ``http://10.1.2.3:8000/``).
    """
    try:
        name = host_name(header)
    except BadRequest:
        return False
    if name in allowed:
        return True
    return bound_host in WILDCARD_HOSTS and _is_ip_literal(name)
