"""The raw WeasyPrint baseline: render a captured print HTML with plain WeasyPrint defaults.

Usage: ``python bench/raw_weasyprint.py print.json OUT.pdf`` where print.json comes from
``bench/print_html_dump.py``. No kamdocs code runs here: this is what the PDF would cost without it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import weasyprint


def main() -> int:
    """Render the spec's HTML with its stylesheets into the output file."""
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = Path(sys.argv[2])
    out.parent.mkdir(parents=True, exist_ok=True)
    html = Path(spec["html"]).read_text(encoding="utf-8")
    css = [weasyprint.CSS(filename=path) for path in spec["stylesheets"]]
    weasyprint.HTML(string=html, base_url=spec["base_url"]).write_pdf(out, stylesheets=css)
    return 0


if __name__ == "__main__":
    sys.exit(main())
