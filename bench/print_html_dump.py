"""Capture kamdocs' own print HTML (and its stylesheets) for the raw WeasyPrint baseline.

Runs a real ``build_project(formats=("pdf",))`` with kamdocs' PDF engine call
(``kamdocs.render.pdf.write_pdf``) replaced by a recorder, so the captured HTML is exactly what
kamdocs hands to WeasyPrint, whatever module assembles it. Writes ``<spec name>.html`` and a JSON spec
(HTML file, base URL, stylesheets) beside it; with an account, that account's plan (``build --account``).
Usage: ``python bench/print_html_dump.py PLAYBOOK print.json [AUDIENCE [ACCOUNT]]``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any


def capture(playbook: Path, spec: Path, audience: str, account: str | None = None) -> dict[str, Any]:
    """Build the PDF (the handbook, or ``account``'s plan) with the engine call recorded instead of run."""
    import kamdocs.render.pdf as pdf
    from kamdocs.build import build_project

    recorded: dict[str, Any] = {}
    real = pdf.write_pdf

    def recorder(html: str, target: Path, *, base_url: str, stylesheets: tuple[Path, ...] = (), **_: Any) -> Any:
        recorded.update(html=html, base_url=base_url, stylesheets=[str(s) for s in stylesheets])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"%PDF-1.7\n%%EOF\n")
        return pdf.PdfResult(target, 0, 0.0)

    # Patch the engine where it is defined and wherever it was imported by name.
    patched = [
        m
        for m in list(sys.modules.values())
        if getattr(m, "__name__", "").startswith("kamdocs.") and getattr(m, "write_pdf", None) is real
    ]
    import kamdocs.render.print_html as print_html  # noqa: F401 - imported so it can be patched too

    patched += [
        m
        for m in list(sys.modules.values())
        if getattr(m, "__name__", "").startswith("kamdocs.")
        and getattr(m, "write_pdf", None) is real
        and m not in patched
    ]
    for module in patched:
        module.write_pdf = recorder  # type: ignore[attr-defined]
    try:
        with tempfile.TemporaryDirectory(prefix="kamdocs-bench-print-") as tmp:
            build_project(
                playbook,
                formats=("pdf",),
                audience=audience,  # type: ignore[arg-type,unused-ignore]
                out=Path(tmp) / "out",
                account=account,
            )
    finally:
        # Restore the engine: callers in the same process (tests) must get real PDFs afterwards.
        for module in patched:
            module.write_pdf = real  # type: ignore[attr-defined]
    if "html" not in recorded:
        raise SystemExit("kamdocs' PDF build did not call kamdocs.render.pdf.write_pdf")
    spec.parent.mkdir(parents=True, exist_ok=True)
    # Named after the spec, so that the handbook's and an account plan's captures can share a folder.
    html_path = spec.with_name("print.html" if spec.stem == "spec" else f"{spec.stem}.html")
    html_path.write_text(recorded["html"], encoding="utf-8")
    result = {"html": str(html_path), "base_url": recorded["base_url"], "stylesheets": recorded["stylesheets"]}
    spec.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4, 5):
        raise SystemExit("usage: python bench/print_html_dump.py PLAYBOOK print.json [AUDIENCE [ACCOUNT]]")
    try:
        capture(
            Path(sys.argv[1]),
            Path(sys.argv[2]),
            sys.argv[3] if len(sys.argv) >= 4 else "internal",
            sys.argv[4] if len(sys.argv) == 5 else None,
        )
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - the runner reports this line as the reason
        raise SystemExit(f"{type(exc).__name__}: {exc}") from None
