"""The live-reload client: a script and stylesheet served under ``/__kamdocs__/``, injected into pages.

The script is referenced with ``<script src>`` rather than inlined so that a
theme's Content-Security-Policy of ``script-src 'self'`` still lets it run. It
is added to HTML *responses* only; the built files never contain it.
"""

from __future__ import annotations

import re

PREFIX = "/__kamdocs__/"

SCRIPT = r"""
(function () {
  "use strict";
  var me = document.currentScript;
  var loaded = Number(me.getAttribute("data-generation"));
  var instance = me.getAttribute("data-instance");
  var base = "/__kamdocs__/";
  var source = null;

  function hideOverlay() {
    var old = document.getElementById("kamdocs-overlay");
    if (old) { old.remove(); }
  }

  function showOverlay(fragment) {
    var box = document.getElementById("kamdocs-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "kamdocs-overlay";
      document.body.appendChild(box);
    }
    // The fragment comes from our own server with every message HTML-escaped.
    box.innerHTML = fragment;
  }

  // "Hide" (or Escape) lets the writer look at the last good page; the next failed build shows it again.
  document.addEventListener("click", function (e) {
    if (e.target instanceof Element && e.target.closest("[data-kamdocs-close]")) { hideOverlay(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { hideOverlay(); }
  });

  function check() {
    var url = base + "status?path=" + encodeURIComponent(location.pathname);
    fetch(url, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      // A restarted `kamdocs serve` counts from 1 again: a new instance always reloads.
      if (s.instance !== instance || s.page_generation > loaded) { location.reload(); return; }
      if (s.overlay) { showOverlay(s.overlay); } else { hideOverlay(); }
      // For themes and tests: this page saw the build and stays.
      document.dispatchEvent(new CustomEvent("kamdocs:status", {detail: s}));
    }).catch(function () { /* server stopped; EventSource retries */ });
  }

  function connect() {
    if (source) { return; }
    source = new EventSource(base + "events");
    source.addEventListener("build", check);
  }

  function disconnect() {
    // Hidden tabs give their connection back: browsers allow only six per host.
    if (source) { source.close(); source = null; }
  }

  function toolbar() {
    var bar = document.createElement("div");
    bar.id = "kamdocs-toolbar";
    var pdf = document.createElement("a");
    pdf.href = base + "pdf";
    pdf.target = "_blank";
    pdf.rel = "noopener";
    pdf.textContent = me.getAttribute("data-pdf-label") || "PDF";
    pdf.title = me.getAttribute("data-pdf-title") || "";
    bar.appendChild(pdf);
    document.body.appendChild(bar);
  }

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = base + "livereload.css";
  document.head.appendChild(css);
  document.addEventListener("DOMContentLoaded", toolbar);
  if (document.readyState !== "loading") { toolbar(); }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { disconnect(); } else { connect(); }
  });
  if (!document.hidden) { connect(); }
})();
"""

STYLESHEET = """
#kamdocs-overlay {
  position: fixed; inset: 0; z-index: 2147483646; overflow: auto;
  background: rgba(20, 20, 28, 0.82); padding: 6vh 5vw;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
}
#kamdocs-overlay .kamdocs-overlay__box {
  max-width: 60rem; margin: 0 auto; background: #fff; color: #1d1d1f;
  border-top: 6px solid #c62828; border-radius: 6px; padding: 1.5rem 2rem;
  box-shadow: 0 12px 40px rgba(0, 0, 0, 0.35);
}
#kamdocs-overlay h2 { margin: 0 0 0.5rem; font-size: 1.3rem; color: #b71c1c; }
#kamdocs-overlay .kamdocs-overlay__close {
  float: right; margin: 0 0 0.5rem 1rem; padding: 0.3rem 0.8rem; border: 1px solid #ccc;
  border-radius: 4px; background: #fff; color: #1d1d1f; font: inherit; cursor: pointer;
}
#kamdocs-overlay ul { list-style: none; padding: 0; margin: 1rem 0 0; }
#kamdocs-overlay li { padding: 0.5rem 0; border-top: 1px solid #eee; }
#kamdocs-overlay code {
  font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: #f6f6f8;
  padding: 0.1rem 0.3rem; border-radius: 3px; white-space: pre-wrap;
}
#kamdocs-overlay .kamdocs-overlay__severity { font-weight: 600; color: #b71c1c; }
#kamdocs-overlay .kamdocs-overlay__severity--warning { color: #8a5a00; }
#kamdocs-toolbar {
  position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483645;
  font: 600 13px/1 system-ui, sans-serif;
}
#kamdocs-toolbar a {
  display: inline-block; padding: 0.55rem 0.9rem; border-radius: 999px; text-decoration: none;
  background: #1d1d1f; color: #fff; box-shadow: 0 2px 10px rgba(0, 0, 0, 0.25); opacity: 0.85;
}
#kamdocs-toolbar a:hover, #kamdocs-toolbar a:focus { opacity: 1; }
@media print { #kamdocs-toolbar, #kamdocs-overlay { display: none; } }
"""

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def script_tag(generation: int, instance: str, pdf_label: str, pdf_title: str) -> bytes:
    """Return the ``<script>`` element that loads the client, stamped with the served generation."""
    from html import escape

    return (
        f'<script src="{PREFIX}livereload.js" data-generation="{generation}" data-instance="{escape(instance)}" '
        f'data-pdf-label="{escape(pdf_label)}" data-pdf-title="{escape(pdf_title)}"></script>'
    ).encode()


def inject(page: bytes, tag: bytes) -> bytes:
    """Insert ``tag`` before the last ``</body>`` of ``page`` (or append it when there is none)."""
    matches = list(_BODY_END.finditer(page))
    if not matches:
        return page + tag
    at = matches[-1].start()
    return page[:at] + tag + page[at:]
