"""Footnotes at the foot of the page: the PDF moves each Markdown footnote to its call.

The Markdown renderer writes a chapter's footnotes as a list at its end, linked both ways
(``<sup id="fnref:1">`` → ``<li id="fn:1">``). On paper the note belongs at the foot of the page
that cites it: each call becomes the note itself in a ``<span class="print-footnote">``, which
the print CSS floats into the page's footnote area (``float: footnote``); WeasyPrint numbers
the calls and the notes. Runs on a page's print HTML before its ids are made document-wide.
"""

from __future__ import annotations

import re

_BLOCK = re.compile(r'<div class="footnote">\s*(?:<hr\s*/?>)?\s*<ol>(?P<notes>.*?)</ol>\s*</div>', re.DOTALL)
_NOTE = re.compile(r'<li id="fn:(?P<id>[^"]+)">\s*(?P<body>.*?)\s*</li>', re.DOTALL)
_BACKREF = re.compile(r'(?:&nbsp;|\u00a0|\s)*<a class="footnote-backref"[^>]*>.*?</a>', re.DOTALL)
_PARAGRAPH = re.compile(r"</?p>")
_CALL = re.compile(r'<sup id="fnref(?P<n>\d*):(?P<id>[^"]+)"><a class="footnote-ref"[^>]*>[^<]*</a></sup>')


def page_footnotes(html: str) -> str:
    """Return ``html`` with every footnote at its (first) call instead of in the list at the end."""
    notes: dict[str, str] = {}

    def collect(block: re.Match[str]) -> str:
        for note in _NOTE.finditer(block.group("notes")):
            body = _PARAGRAPH.sub(" ", _BACKREF.sub("", note.group("body")))
            notes[note.group("id")] = " ".join(body.split())
        return ""

    html = _BLOCK.sub(collect, html)
    if not notes:
        return html
    placed: set[str] = set()

    def call(match: re.Match[str]) -> str:
        key = match.group("id")
        if key not in notes or key in placed:
            return match.group(0) if key not in notes else ""  # a second call of one note: printed once
        placed.add(key)
        return f'<span class="print-footnote" id="fn:{key}">{notes[key]}</span>'

    return _CALL.sub(call, html)
