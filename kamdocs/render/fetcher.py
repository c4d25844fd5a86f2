"""The one URL fetcher WeasyPrint may use: data: URIs and regular files inside allowed folders.

Every document, stylesheet, image and font WeasyPrint loads goes through
:class:`SafeFetcher`. It allows ``data:`` URIs and ``file:`` URLs whose
*resolved* real path is a regular file inside one of the allowed roots (the
project's ``content/assets/``, the active theme, the built-in theme, and the
folder of the print HTML being rendered), checked with
:meth:`pathlib.Path.is_relative_to` so that ``../plans-secret`` cannot pass
for ``plans``. Everything else — ``http(s)``, other files, devices such as
``/dev/urandom``, symlinks pointing outside — is refused, and the refusal stops
the rendering (WeasyPrint would otherwise only log a warning and go on).
"""

from __future__ import annotations

import base64
import mimetypes
import re
import urllib.parse
from pathlib import Path
from typing import Any

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

MAX_RESOURCE_BYTES = 15 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # 40 Mpx: an 8000×5000 photo; 20000×20000 is refused
ALLOWED_TYPES = {
    "text/css",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/svg+xml",
    "font/woff",
    "font/woff2",
    "font/ttf",
    "font/otf",
    "application/font-woff",
    "application/x-font-ttf",
    "application/vnd.ms-opentype",
}
_EXTRA_TYPES = {
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


class RefusedResource(FatalURLFetchingError):  # type: ignore[misc]
    """A resource outside the allowed folders or of a forbidden kind; stops the rendering."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{reason}: {url}")
        self.url = url
        self.reason = reason


def _mime(path: Path) -> str:
    suffix = path.suffix.lower()
    return _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _check_image(data: bytes, url: str, mime: str) -> None:
    """Refuse raster images whose pixel count would need unbounded memory to decode."""
    if not mime.startswith("image/") or mime == "image/svg+xml":
        return
    from io import BytesIO

    from PIL import Image

    try:
        with Image.open(BytesIO(data)) as image:
            width, height = image.size
    except Image.DecompressionBombError as exc:
        # Pillow refuses before decoding (bounded memory); its message carries the pixel count.
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        size = f"{int(pixels.group(1)) // 1_000_000} megapixels" if pixels else "too many pixels"
        raise RefusedResource(
            url, f"image has {size}; scale it down below {MAX_IMAGE_PIXELS // 1_000_000} megapixels"
        ) from None
    except Exception as exc:  # Pillow raises many types for broken files
        raise RefusedResource(url, f"not a readable {mime} image ({exc.__class__.__name__})") from None
    if width * height > MAX_IMAGE_PIXELS:
        raise RefusedResource(
            url, f"image is {width}×{height} pixels; scale it down below {MAX_IMAGE_PIXELS // 1_000_000} megapixels"
        )


class SafeFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher that only reads allowed local files and data: URIs."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        # `fetch` below never calls into urllib, so no request can leave the machine even
        # though URLFetcher (an OpenerDirector) registers its handlers.
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.refused: list[RefusedResource] = []
        self.fetched: list[str] = []

    def _refuse(self, url: str, reason: str) -> RefusedResource:
        error = RefusedResource(url, reason)
        self.refused.append(error)
        return error

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Return the resource at ``url`` or raise :class:`RefusedResource`."""
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._data(url)
        if scheme != "file":
            raise self._refuse(url, "only files inside the project's content/assets and the theme may be loaded")
        parsed = urllib.parse.urlsplit(url)
        if parsed.netloc not in ("", "localhost"):
            raise self._refuse(url, "file URLs on other hosts are not allowed")
        raw_path = Path(urllib.parse.unquote(parsed.path))
        try:
            real = raw_path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise self._refuse(url, "file not found") from None
        if not any(real.is_relative_to(root) for root in self.roots):
            raise self._refuse(url, "outside the project's content/assets and the theme folders")
        if not real.is_file():
            raise self._refuse(url, "not a regular file")
        size = real.stat().st_size
        if size > MAX_RESOURCE_BYTES:
            raise self._refuse(
                url, f"file is {size // 1024 // 1024} MB; the limit is {MAX_RESOURCE_BYTES // 1024 // 1024} MB"
            )
        mime = _mime(real)
        if mime not in ALLOWED_TYPES:
            raise self._refuse(url, f"{mime} files cannot be used in the PDF (use PNG, JPEG, GIF, WebP or SVG)")
        data = real.read_bytes()
        _check_image(data, url, mime)
        self.fetched.append(url)
        return URLFetcherResponse(real.as_uri(), data, {"Content-Type": mime}, 200)

    def _data(self, url: str) -> URLFetcherResponse:
        header, _, payload = url.partition(",")
        mime = header[5:].split(";")[0].strip().lower() or "text/plain"
        if mime not in ALLOWED_TYPES:
            raise self._refuse(url[:60], f"data: URI of type {mime} is not allowed")
        try:
            data = (
                base64.b64decode(payload, validate=False)
                if header.endswith(";base64")
                else urllib.parse.unquote_to_bytes(payload)
            )
        except ValueError:
            raise self._refuse(url[:60], "malformed data: URI") from None
        if len(data) > MAX_RESOURCE_BYTES:
            raise self._refuse(url[:60], "data: URI too large")
        _check_image(data, url[:60], mime)
        return URLFetcherResponse(url, data, {"Content-Type": mime}, 200)
