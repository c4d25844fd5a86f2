"""Live preview (``kamdocs serve``): temporary build, static server, watcher, live reload."""

from kamdocs.serve.app import PreviewHandle, Terminal, run_server, start_server
from kamdocs.serve.builder import BuildFunction, BuildReport, BuildRequest, PdfUnavailable

__all__ = [
    "BuildFunction",
    "BuildReport",
    "BuildRequest",
    "PdfUnavailable",
    "PreviewHandle",
    "Terminal",
    "run_server",
    "start_server",
]
