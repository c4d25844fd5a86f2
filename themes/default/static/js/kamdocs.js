/* kamdocs default theme: the phone menu and the client-side search. No network, works from file://. */
(function () {
  "use strict";
  var body = document.body;
  var root = body.getAttribute("data-root") || "";

  /* ---- menu (phone and tablet widths) ---- */
  var toggle = document.querySelector(".menu-toggle");
  var sidebar = document.getElementById("kd-sidebar");
  function setMenu(open) {
    body.classList.toggle("nav-open", open);
    if (toggle) { toggle.setAttribute("aria-expanded", open ? "true" : "false"); }
  }
  if (toggle && sidebar) {
    toggle.addEventListener("click", function () { setMenu(!body.classList.contains("nav-open")); });
    sidebar.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) { setMenu(false); }
    });
    document.addEventListener("click", function (event) {
      if (body.classList.contains("nav-open") && !sidebar.contains(event.target) && !toggle.contains(event.target)) {
        setMenu(false);
      }
    });
  }

  /* ---- keep the current page visible in a long sidebar ---- */
  var current = sidebar && sidebar.querySelector("[aria-current='page']");
  if (current && sidebar.scrollHeight > sidebar.clientHeight) {
    sidebar.scrollTop = Math.max(0, current.offsetTop - sidebar.clientHeight / 3);
  }

  /* Tables are framed and labelled for phone cards, and charts get their drawing width, when the page is
     written (kamdocs/render/phone.py): changing the layout here, after the first paint, would shift it. */

  /* ---- a chart or table wider than the screen scrolls sideways: say so ---- */
  var hintText = body.getAttribute("data-scroll-hint");
  function markScrolling() {
    Array.prototype.forEach.call(document.querySelectorAll(".chart-svg, .table-wrap"), function (frame) {
      var hint = frame.nextElementSibling && frame.nextElementSibling.classList.contains("scroll-hint")
        ? frame.nextElementSibling : null;
      var scrolls = frame.scrollWidth > frame.clientWidth + 1 && frame.clientWidth > 0;
      if (scrolls && !hint && hintText) {
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.setAttribute("aria-hidden", "true");  // the frame itself is focusable and scrolls with the arrow keys
        hint.textContent = hintText;
        frame.parentNode.classList.add("has-scroll-hint");
        frame.parentNode.insertBefore(hint, frame.nextSibling);
        frame.addEventListener("scroll", function () {
          if (frame.scrollLeft > 0) { hint.classList.add("is-done"); }
        }, { passive: true });
      } else if (!scrolls && hint) {
        hint.parentNode.removeChild(hint);
        hint = null;
      }
      if (hint && frame.offsetParent) {  // over the frame's own top right corner (its parent may hold more than the frame)
        hint.style.top = (frame.offsetTop + 6) + "px";
        hint.style.right = Math.max(0, frame.offsetParent.clientWidth - frame.offsetLeft - frame.offsetWidth + 6) + "px";
      }
    });
  }
  markScrolling();
  window.addEventListener("resize", markScrolling);
  document.addEventListener("toggle", markScrolling, true);  // a table opened under its chart

  /* ---- search ---- */
  var input = document.getElementById("kd-search");
  var panel = document.getElementById("kd-search-results");
  if (!input || !panel) { return; }

  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ß/g, "ss");
  }
  var prepared = null;
  function entries() {
    if (prepared === null) {
      prepared = (window.KAMDOCS_SEARCH || []).map(function (e) {
        return { u: e.u, t: e.t, p: e.p, x: e.x, ft: fold(e.t), fp: fold(e.p), fx: fold(e.x) };
      });
    }
    return prepared;
  }
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  /* Highlighting maps every character of the folded text back to the text shown: folding changes the
     length of some characters ("ß" → "ss", "İ" → "i̇", "ﬁ" stays one), so positions are never shared. */
  function foldWithMap(text) {
    var folded = "", starts = [], ends = [];
    for (var i = 0; i < text.length;) {
      var code = text.codePointAt(i), ch = String.fromCodePoint(code), piece = fold(ch);
      for (var k = 0; k < piece.length; k++) { starts.push(i); ends.push(i + ch.length); }
      folded += piece;
      i += ch.length;
    }
    return { text: folded, starts: starts, ends: ends };
  }
  function highlight(text, terms) {
    var map = foldWithMap(text), ranges = [];
    terms.forEach(function (term) {
      if (term.length < 2) { return; }
      var pos = 0, idx;
      while ((idx = map.text.indexOf(term, pos)) !== -1) {
        ranges.push([map.starts[idx], map.ends[idx + term.length - 1]]);
        pos = idx + term.length;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var html = "", at = 0;
    ranges.forEach(function (range) {
      var start = Math.max(range[0], at);
      if (range[1] <= start) { return; }  // inside a mark already
      html += escapeHtml(text.slice(at, start)) + "<mark>" + escapeHtml(text.slice(start, range[1])) + "</mark>";
      at = range[1];
    });
    return html + escapeHtml(text.slice(at));
  }
  function snippet(entry, terms) {
    var text = entry.x || "";
    var map = foldWithMap(text), found = map.text.indexOf(terms[0]);
    var start = found === -1 ? 0 : Math.max(0, map.starts[found] - 60);
    if (start > 0 && /[\uDC00-\uDFFF]/.test(text.charAt(start))) { start -= 1; }  // never half a character
    var end = Math.min(text.length, start + 160);
    if (end < text.length && /[\uDC00-\uDFFF]/.test(text.charAt(end))) { end += 1; }
    return (start > 0 ? "…" : "") + highlight(text.slice(start, end), terms) + (end < text.length ? "…" : "");
  }
  function score(entry, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i], s = 0;
      if (entry.ft.indexOf(term) !== -1) { s += entry.ft.indexOf(term) === 0 ? 12 : 8; }
      if (entry.fp.indexOf(term) !== -1) { s += 3; }
      if (entry.fx.indexOf(term) !== -1) { s += 1; }
      if (s === 0) { return 0; }
      total += s;
    }
    return total;
  }
  function search(query) {
    var terms = fold(query).split(/\s+/).filter(Boolean);
    if (!terms.length) { return []; }
    return entries().map(function (e) { return { e: e, s: score(e, terms) }; })
      .filter(function (r) { return r.s > 0; })
      .sort(function (a, b) { return b.s - a.s || a.e.u.localeCompare(b.e.u); })
      .slice(0, 12)
      .map(function (r) { return { e: r.e, html: snippet(r.e, terms) }; });
  }
  function render() {
    var query = input.value.trim();
    if (!query) { panel.hidden = true; panel.innerHTML = ""; return; }
    var hits = search(query);
    if (!hits.length) {
      panel.innerHTML = '<p class="search-empty">' + escapeHtml(input.getAttribute("data-no-results") || "") + "</p>";
    } else {
      panel.innerHTML = "<ol>" + hits.map(function (hit) {
        var title = hit.e.t && hit.e.t !== hit.e.p ? hit.e.t : hit.e.p;
        return '<li class="search-hit"><a href="' + escapeHtml(root + hit.e.u) + '">' +
          (hit.e.t && hit.e.t !== hit.e.p ? '<span class="search-hit-page">' + escapeHtml(hit.e.p) + "</span>" : "") +
          '<span class="search-hit-title">' + escapeHtml(title) + "</span>" +
          '<span class="search-hit-text">' + hit.html + "</span></a></li>";
      }).join("") + "</ol>";
    }
    panel.hidden = false;
  }
  function links() { return Array.prototype.slice.call(panel.querySelectorAll("a")); }
  input.addEventListener("input", render);
  document.addEventListener("keydown", function (event) {
    var target = event.target, typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA");
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  });
  input.addEventListener("focus", function () { if (input.value.trim()) { render(); } });
  input.addEventListener("keydown", function (event) {
    var items = links();
    if (event.key === "ArrowDown" && items.length) { event.preventDefault(); items[0].focus(); }
    else if (event.key === "Enter" && items.length) { event.preventDefault(); window.location.href = items[0].href; }
    else if (event.key === "Escape") { input.value = ""; render(); }
  });
  panel.addEventListener("keydown", function (event) {
    var items = links(), index = items.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && index < items.length - 1) { event.preventDefault(); items[index + 1].focus(); }
    else if (event.key === "ArrowUp") { event.preventDefault(); (index > 0 ? items[index - 1] : input).focus(); }
    else if (event.key === "Escape") { input.focus(); input.value = ""; render(); }
  });
  document.addEventListener("click", function (event) {
    if (!panel.contains(event.target) && event.target !== input) { panel.hidden = true; }
  });
})();
