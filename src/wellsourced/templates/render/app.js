/* wellsourced renderer: draws check, digest, read and trace results from their JSON, for the web page
   and for the self-contained reports (which embed the same JSON, CSS and this script).
   No framework and no outside file: a report must open offline, years later. */
(function () {
  "use strict";

  var LABELS = {
    "supported": ["\u2714", "supported"], "contradicted": ["\u2718", "contradicted"], "unsupported": ["?", "unsupported"],
    "opinion": ["~", "opinion"], "not a claim": ["\u00b7", "not a claim"]
  };
  // "Problems" are what a reader must look at: anything not supported that states something.
  var PROBLEMS = {"contradicted": 1, "unsupported": 1, "opinion": 1};
  var uid = 0;

  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") e.textContent = v;
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }
  function add(e, kid) {
    if (kid === null || kid === undefined || kid === false) return;
    if (Array.isArray(kid)) { kid.forEach(function (k) { add(e, k); }); return; }
    e.appendChild(typeof kid === "string" ? document.createTextNode(kid) : kid);
  }
  // replaceChildren() would turn an array into "[object ...]" text: flatten through add().
  function fill(node) {
    node.replaceChildren();
    for (var i = 1; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }
  function cls(label) { return label.replace(/ /g, "-"); }
  function pct(x) { return Math.round(x * 100) + "%"; }

  // Confidence in the label shown, not P(supported): 1 - p for a label that says "not supported".
  function confidence(v) {
    if (typeof v.confidence === "number") return v.confidence;
    if (v.label === "supported") return v.score;
    if (v.label === "contradicted" || v.label === "unsupported") return 1 - v.score;
    return null;
  }
  function badge(v) {
    var l = LABELS[v.label] || ["", v.label], c = confidence(v);
    return el("span", {"class": "badge b-" + cls(v.label)}, l[0] + " " + l[1] + (c === null ? "" : " " + pct(c)));
  }

  // Character ranges [start, end) of the words to mark in `text`: the offsets a finding gives, or
  // else where its quoted words occur. A range covering (nearly) all the text marks nothing new.
  // The JSON's offsets count code points (Python); JS strings count UTF-16 units.
  function u16(text, n) {
    if (!/[\uD800-\uDFFF]/.test(text)) return n;
    var i = 0;
    for (var k = 0; k < n && i < text.length; k++) i += text.codePointAt(i) > 0xFFFF ? 2 : 1;
    return i;
  }
  function ranges(text, items) {
    var out = [];
    items.forEach(function (it) {
      var s = it[0], e = it[1], words = it[2];
      if (typeof s === "number" && typeof e === "number") { s = u16(text, s); e = u16(text, e); }
      if (!(typeof s === "number" && typeof e === "number" && e > s && e <= text.length)) {
        if (!words) return;
        s = text.indexOf(words);
        if (s < 0) s = text.toLowerCase().indexOf(words.toLowerCase());
        if (s < 0) return;
        e = s + words.length;
      }
      if (e - s >= 0.9 * text.length) return;
      out.push([s, e, it[3] || ""]);
    });
    out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] < last[1]) { last[1] = Math.max(last[1], r[1]); if (r[2] && last[2].indexOf(r[2]) < 0) last[2] += ", " + r[2]; }
      else merged.push(r.slice());
    });
    return merged;
  }
  function marked(text, rs) {
    var out = [], pos = 0;
    rs.forEach(function (r) {
      if (r[0] > pos) out.push(text.slice(pos, r[0]));
      out.push(el("mark", {title: r[2] || null}, text.slice(r[0], r[1])));
      pos = r[1];
    });
    if (pos < text.length) out.push(text.slice(pos));
    return out;
  }
  function derivedMarks(v) {
    return ranges(v.sentence.text, (v.issues || []).map(function (i) {
      return [i.derived_start, i.derived_end, i.kind === "invented" ? null : i.derived_span, i.kind];
    }));
  }
  // Source sentences are keyed "article id/sentence id": several sources may share "p1s1".
  function key(aid, sid) { return aid + "/" + sid; }
  // Marks in one source sentence (its key and text) for the findings of verdict v.
  function sourceMarks(v, k, text) {
    return ranges(text, (v.issues || []).filter(function (i) {
      return !i.source_id || k === key(i.source || k.split("/")[0], i.source_id);
    }).map(function (i) {
      return i.source_id ? [i.source_start, i.source_end, i.source_span, i.kind] : [null, null, i.source_span, i.kind];
    }));
  }

  function warnings(list) {
    return (list || []).map(function (w) { return el("p", {"class": "note", role: "note"}, "Warning: " + w); });
  }
  function audit(a) {
    if (!a) return null;
    var rows = [["tool", a.tool + " " + a.version], ["engine", a.engine]];
    Object.keys(a.models || {}).forEach(function (k) { rows.push(["model " + k, a.models[k]]); });
    Object.keys(a.inputs || {}).forEach(function (k) { rows.push(["input " + k, a.inputs[k]]); });
    rows.push(["time", a.time || "not recorded"]);
    return el("section", {"class": "audit", "aria-label": "Audit trail"}, el("h2", null, "Audit trail"),
      el("dl", null, rows.map(function (r) { return [el("dt", null, r[0]), el("dd", null, r[1])]; })));
  }

  // ---- export: JSON, a self-contained HTML copy of this very view, print -----------------------
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], {type: type}));
    var a = el("a", {href: url, download: name});
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function jsonForScript(obj) {
    return JSON.stringify(obj).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026")
      .replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  }
  // The same document shape as templates/render/report.html, filled from this page's own style
  // and script, so an exported report is the server's report.
  function standalone(kind, data, title) {
    var css = document.getElementById("ws-style").textContent, js = document.getElementById("ws-script").textContent;
    var t = title.replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; });
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + t + "</title>\n" +
      "<style id=\"ws-style\">" + css + "</style></head>\n<body class=\"report\">\n" +
      "<header class=\"top\"><h1>" + t + "</h1></header>\n" +
      "<main id=\"app\" class=\"wrap\" data-kind=\"" + kind + "\"><noscript>This report needs JavaScript to draw; its data is the JSON in this file.</noscript></main>\n" +
      "<script type=\"application/json\" id=\"ws-data\">" + jsonForScript(data) + "<\/script>\n" +
      "<script id=\"ws-script\">" + js + "<\/script>\n</body></html>\n";
  }
  function exportTools(kind, data, title, extra) {
    var stem = "wellsourced-" + kind;
    return el("span", {"class": "tools no-print"}, extra || null,
      el("button", {type: "button", "class": "secondary", onclick: function () { download(stem + ".html", "text/html", standalone(kind, data, title)); }}, "Export HTML"),
      el("button", {type: "button", "class": "secondary", onclick: function () { download(stem + ".json", "application/json", JSON.stringify(data, null, 2) + "\n"); }}, "Export JSON"),
      el("button", {type: "button", "class": "secondary", onclick: function () { window.print(); }}, "Print"));
  }

  // ---- a scrollable source panel; selecting a claim scrolls it, never the whole page -----------
  function sourcePanel(articles, prefix, used) {
    var byId = {};
    var many = articles.length > 1;
    var panel = el("section", {"class": "panel source-panel", "aria-label": many ? "Source texts" : "Source text", tabindex: "0"},
      el("h2", null, many ? "Sources" : "Source"));
    function sentence(aid, sid, text) {
      var k = key(aid, sid);
      var span = el("span", {"class": "src" + (used && used[k] ? " used" : ""), id: prefix + k.replace(/[^\w-]/g, "_"), "data-id": sid, "data-key": k},
        el("span", {"class": "sid", "aria-hidden": "true"}, sid), text);
      byId[k] = {node: span, text: text, sid: sid};
      return span;
    }
    articles.forEach(function (a, n) {
      var box = many ? el("div", {"class": "source-article"}, el("h3", null, "Source " + (n + 1) + ": " + (a.title || a.id))) : panel;
      if (a.title) box.appendChild(el("p", {"class": "lead"}, sentence(a.id, "title", a.title)));
      if (many) panel.appendChild(box);
      (a.paragraphs || []).forEach(function (p) {
        var para = el("p");
        p.sentences.forEach(function (s) {
          para.appendChild(sentence(a.id, s.id, s.text)); para.appendChild(document.createTextNode(" "));
        });
        box.appendChild(para);
      });
    });
    var lit = [];
    function clear() {
      lit.forEach(function (id) {
        var it = byId[id]; it.node.classList.remove("evidence");
        fill(it.node, el("span", {"class": "sid", "aria-hidden": "true"}, it.sid), it.text);
      });
      lit = [];
    }
    function show(ids, marksFor) {
      clear();
      var first = null;
      ids.forEach(function (id) {
        var it = byId[id]; if (!it) return;
        it.node.classList.add("evidence"); lit.push(id);
        if (marksFor) fill(it.node, el("span", {"class": "sid", "aria-hidden": "true"}, it.sid), marked(it.text, marksFor(id, it.text)));
        if (!first) first = it.node;
      });
      if (first && panel.scrollHeight > panel.clientHeight) {
        panel.scrollTop += first.getBoundingClientRect().top - panel.getBoundingClientRect().top - 40;
      }
    }
    return {node: panel, show: show, many: many, text: function (id) { return byId[id] ? byId[id].text : null; }};
  }

  function pressable(node, onpick) {
    node.setAttribute("role", "button"); node.setAttribute("tabindex", "0"); node.setAttribute("aria-pressed", "false");
    node.addEventListener("click", onpick);
    node.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); onpick(); }
    });
  }

  // ---- check ----------------------------------------------------------------------------------
  function evidenceKeys(v, aid) {
    if (v.label === "not a claim" || !v.evidence || !v.evidence.length) return [];
    var e = v.evidence[0];
    return e.sentence_ids.map(function (sid) { return key(e.source || aid, sid); });
  }

  function findingBody(v, src, aid) {
    var parts = [];
    if ((v.issues || []).length) {
      parts.push(el("ul", {"class": "issues"}, v.issues.map(function (i) {
        var srcWords = i.source_span ? [" \u2014 source" + (i.source_id ? " " + i.source_id : "") + " says: ", el("q", null, i.source_span)] : null;
        return el("li", null, el("strong", null, i.kind + ": "), i.detail, srcWords);
      })));
    }
    var ids = evidenceKeys(v, aid);
    if (ids.length) {
      var e = v.evidence[0];
      var txt = ids.map(function (id) { var t = src.text(id); return t === null ? null : [id, t]; }).filter(Boolean);
      var where = src.many && e.source ? e.source + ": " : "";
      parts.push(el("p", {"class": "evtext"}, el("strong", null, "Evidence " + where + e.sentence_ids.join(", ") + " (match " + pct(e.score) + "): "),
        txt.length ? txt.map(function (p, k) { return [k ? " " : "", marked(p[1], sourceMarks(v, p[0], p[1]))]; }) : e.text));
    } else if (v.label !== "not a claim") {
      parts.push(el("p", null, "No source sentence was found for this claim."));
    }
    return parts;
  }

  function renderCheck(root, r) {
    var id = "c" + (++uid) + "-";
    var vs = r.verdicts, counts = r.counts || {};
    var flagged = vs.filter(function (v) { return PROBLEMS[v.label]; }).length;
    var claims = vs.filter(function (v) { return v.label !== "not a claim"; }).length;
    var sources = r.sources || [r.source], aid = sources[0].id;
    var src = sourcePanel(sources, id + "src-");
    var derived = el("section", {"class": "panel derived", "aria-label": "Derived text"}, el("h2", null, "Derived text"));
    var detail = el("div", {"class": "detail", "aria-live": "polite", hidden: true});
    var claimNodes = {}, current = null;

    function select(v) {
      if (current) claimNodes[current].setAttribute("aria-pressed", "false");
      current = v.sentence.id;
      var node = claimNodes[current];
      node.setAttribute("aria-pressed", "true");
      fill(detail, el("p", null, badge(v), el("strong", null, v.sentence.id), " ", el("span", {"class": "muted small"}, "P(supported) " + v.score.toFixed(2))),
        findingBody(v, src, aid));
      detail.hidden = false;
      node.parentNode.after(detail);  // right under the claim's paragraph: one tap shows it on a phone
      src.show(evidenceKeys(v, aid), function (k, text) { return sourceMarks(v, k, text); });
    }
    var byPara = {title: derived.appendChild(el("p", {"class": "lead"}))};  // the derived headline is a claim too
    (r.derived.paragraphs || []).forEach(function (p) {
      var para = el("p");
      p.sentences.forEach(function (s) { byPara[s.id] = para; });
      derived.appendChild(para);
    });
    vs.forEach(function (v) {
      var para = byPara[v.sentence.id] || derived.appendChild(el("p"));
      var node = el("span", {"class": "claim v-" + cls(v.label), "data-id": v.sentence.id, "data-label": v.label},
        badge(v), marked(v.sentence.text, derivedMarks(v)));
      pressable(node, function () { select(v); });
      claimNodes[v.sentence.id] = node;
      para.appendChild(node); para.appendChild(document.createTextNode(" "));
    });

    var onlyBox = el("input", {type: "checkbox", id: id + "only"});
    var wrapCols = el("div", {"class": "cols"}, derived, src.node);
    onlyBox.addEventListener("change", function () { wrapCols.classList.toggle("only-problems", onlyBox.checked); findings.classList.toggle("only-problems", onlyBox.checked); });
    var summary = el("div", {"class": "summary", role: "group", "aria-label": "Summary"},
      el("strong", null, vs.length + " claims"),
      Object.keys(LABELS).map(function (k) {
        return el("span", {"class": "count"}, el("span", {"class": "badge b-" + cls(k)}, LABELS[k][0] + " " + k), " " + (counts[k] || 0));
      }),
      (r.omissions || []).length ? el("span", {"class": "count"}, "omitted " + r.omissions.length) : null,
      el("span", {"class": "count"}, claims ? pct(typeof r.problem_share === "number" ? r.problem_share : flagged / claims) +
        " of claims contradicted or unsupported" : "no claims"),
      el("span", {"class": "count muted"}, "score " + r.score.toFixed(2) + " (lowest factual claim)"),
      exportTools("check", r, "wellsourced check", el("label", {"for": id + "only"}, onlyBox, " Problems only")));
    var findings = el("section", {"class": "findings", "aria-label": "Findings"}, el("h2", null, "Flagged claims"),
      vs.filter(function (v) { return PROBLEMS[v.label]; }).map(function (v) {
        return el("div", {"class": "finding v-" + cls(v.label)}, el("p", null, badge(v), el("strong", null, v.sentence.id + " "),
          marked(v.sentence.text, derivedMarks(v))), findingBody(v, src, aid));
      }));
    if (!flagged) findings.appendChild(el("p", null, "Nothing flagged."));
    var omitted = (r.omissions || []).length ? el("section", {"class": "findings", "aria-label": "Left out"},
      el("h2", null, "Left out of the derived text"),
      r.omissions.map(function (o) {
        var k = key(o.source || aid, o.source_id);
        var n = el("p", {"class": "finding"}, el("span", {"class": "badge b-opinion"}, "\u2212 omitted " + o.kind), el("strong", null, o.source_id + " "),
          o.text, el("br"), el("span", {"class": "muted small"}, o.detail + ((o.kept || []).length ? "; kept in " + o.kept.join(", ") : "")));
        pressable(n, function () { src.show([k], null); });
        return n;
      })) : null;
    fill(root, warnings(r.warnings), summary,
      el("p", {"class": "muted small no-print"}, "Select a sentence (click, tap, or Tab then Enter) to see its evidence in the source."),
      wrapCols, findings, omitted, audit(r.audit));
  }

  // ---- digest ---------------------------------------------------------------------------------
  function renderDigest(root, d) {
    var id = "d" + (++uid) + "-", used = {}, current = null;
    var all = (d.lead || []).concat.apply(d.lead || [], d.body || []);
    var aid = d.source.id;
    all.forEach(function (s) { s.source_ids.forEach(function (i) { used[key(aid, i)] = 1; }); });
    var src = sourcePanel([d.source], id + "src-", used);
    function sent(s) {
      var n = el("span", {"class": "dg", "data-src": s.source_ids.join(" ")}, s.text, el("span", {"class": "ids"}, " " + s.source_ids.join(", ")));
      n.setAttribute("aria-label", s.text + " (from source " + s.source_ids.join(", ") + ")");
      pressable(n, function () {
        if (current) current.setAttribute("aria-pressed", "false");
        current = n; n.setAttribute("aria-pressed", "true");
        src.show(s.source_ids.map(function (i) { return key(aid, i); }), null);
      });
      return [n, " "];
    }
    var col = el("section", {"class": "panel", "aria-label": "Digest"},
      el("h2", null, "Lead"), el("p", {"class": "lead"}, (d.lead || []).map(sent)),
      (d.body || []).length ? el("h2", null, "Condensed") : null,
      (d.body || []).map(function (p) { return el("p", null, p.map(sent)); }),
      el("p", {"class": "muted"}, d.source_line),
      (d.dropped || []).length ? [el("h2", null, "Dropped as unsupported"), d.dropped.map(function (t) { return el("p", null, t); })] : null);
    fill(root, warnings(d.warnings),
      el("div", {"class": "summary", role: "group", "aria-label": "Summary"}, el("strong", null, (d.source.title || "Digest")),
        el("span", {"class": "count"}, all.length + " digest sentences from " + (d.source.paragraphs || []).reduce(function (n, p) { return n + p.sentences.length; }, 0) + " source sentences"),
        el("span", {"class": "count"}, d.engine + " digest"), exportTools("digest", d, "wellsourced digest")),
      el("p", {"class": "muted small no-print"}, "Select a digest sentence to see the source sentences it comes from."),
      el("div", {"class": "cols"}, col, src.node), audit(d.audit));
  }

  // ---- read -----------------------------------------------------------------------------------
  function renderRead(root, a) {
    var meta = [a.byline, a.outlet, a.published, a.url].filter(Boolean).join(" \u00b7 ");
    var n = (a.paragraphs || []).reduce(function (k, p) { return k + p.sentences.length; }, 0);
    fill(root, 
      el("div", {"class": "summary", role: "group", "aria-label": "Summary"}, el("strong", null, n + " sentences"),
        el("span", {"class": "count"}, (a.removed || []).length + " items removed"), exportTools("read", a, "wellsourced read")),
      el("article", null, el("h2", null, a.title || "(no title)"), meta ? el("p", {"class": "muted"}, meta) : null,
        (a.paragraphs || []).map(function (p) {
          return el("p", null, p.sentences.map(function (s) { return [el("span", {"class": "sid"}, s.id), s.text, " "]; }));
        })),
      (a.removed || []).length ? el("section", {"aria-label": "Removed"}, el("h2", null, "Removed, and why"),
        el("ul", null, a.removed.map(function (x) { return el("li", null, el("strong", null, x.reason + ": "), x.text); }))) : null);
  }

  // ---- trace ----------------------------------------------------------------------------------
  // A link only for web addresses: an indexed record's url is data, and "javascript:" is not a place.
  function webLink(url, text) {
    return /^https?:\/\//i.test(url || "") ? el("a", {href: url, rel: "noopener noreferrer"}, text) : text;
  }
  function renderTrace(root, r) {
    var current = null;
    var byId = {};
    (r.candidates || []).forEach(function (c) { byId[c.id] = c; });
    function name(aid) { var c = byId[aid]; return c && c.title ? c.title + " (" + aid + ")" : aid; }
    var detail = el("div", {"class": "detail", "aria-live": "polite", hidden: true});

    function select(t, node) {
      if (current) current.setAttribute("aria-pressed", "false");
      current = node; node.setAttribute("aria-pressed", "true");
      fill(detail, el("p", null, el("strong", null, "Derived " + t.sentence.id + ": "), t.sentence.text),
        t.sources.length ? t.sources.map(function (s) {
          return el("div", {"class": "trace-src"},
            el("p", null, el("strong", null, "From " + name(s.article_id) + ", sentence " + s.sentence_ids.join(", ")),
              " ", el("span", {"class": "muted small"}, "covers " + pct(s.coverage) + " of its words")),
            el("blockquote", {"class": "src evidence"}, s.text));
        }) : el("p", null, "No source sentence was found for this sentence."));
      detail.hidden = false;
      node.parentNode.after(detail);  // right under the sentence: one tap shows it on a phone
    }

    var derived = el("section", {"class": "panel derived", "aria-label": "Derived text"}, el("h2", null, "Derived text"));
    var byPara = {};
    (r.derived.paragraphs || []).forEach(function (p) {
      var para = el("p");
      p.sentences.forEach(function (s) { byPara[s.id] = para; });
      derived.appendChild(para);
    });
    (r.sentences || []).forEach(function (t) {
      var para = byPara[t.sentence.id] || derived.appendChild(el("p"));
      var hit = t.sources.length > 0;
      var where = hit ? t.sources.map(function (s) { return s.article_id + " " + s.sentence_ids.join(", "); }).join("; ") : "no source";
      var node = el("span", {"class": "claim " + (hit ? "tr-hit" : "tr-none"), "data-id": t.sentence.id, "data-found": hit ? "yes" : "no"},
        el("span", {"class": "badge " + (hit ? "b-supported" : "b-unsupported")}, hit ? "\u2714 traced" : "? no source"),
        t.sentence.text, el("span", {"class": "ids"}, " " + where));
      pressable(node, function () { select(t, node); });
      para.appendChild(node); para.appendChild(document.createTextNode(" "));
    });

    var cands = el("section", {"class": "panel", "aria-label": "Candidate sources"}, el("h2", null, "Candidate sources"),
      (r.candidates || []).length ? el("ol", {"class": "cands"}, r.candidates.map(function (c) {
        var likely = c.score >= r.threshold;
        return el("li", {"class": "cand" + (likely ? " likely" : ""), "data-id": c.id},
          el("p", null, el("span", {"class": "badge " + (likely ? "b-supported" : "b-not-a-claim")}, likely ? "\u2714 source" : "\u00b7 below threshold"),
            el("strong", null, webLink(c.url, c.title || c.id)), " ", el("span", {"class": "muted small"}, "score " + c.score.toFixed(2))),
          el("p", {"class": "small"}, el("span", {"class": "muted"}, "id "), el("code", null, c.id),
            c.url ? [el("span", {"class": "muted"}, " \u00b7 "), el("span", {"class": "url"}, c.url)] : null),
          el("p", {"class": "small"}, c.reason),
          (c.shared_passages || []).length ? el("p", {"class": "small"}, "Shared: ",
            c.shared_passages.map(function (q, k) { return [k ? " \u2026 " : "", el("q", null, q)]; })) : null,
          (c.duplicates || []).length ? el("p", {"class": "small muted"}, "Also stored as: " +
            c.duplicates.map(function (d) { return d.id + (d.reason ? " (" + d.reason + ")" : ""); }).join(", ")) : null);
      })) : el("p", null, "No candidates."));

    var checkOut = r.check ? el("section", {"class": "trace-check", "aria-label": "Check against the best source"}) : null;
    fill(root, warnings(r.warnings),
      el("div", {"class": "summary", role: "group", "aria-label": "Summary"},
        el("strong", {"class": "answer"}, r.found ? "\u2714 " + r.answer : "\u2205 No source in this index"),
        el("span", {"class": "count"}, pct(r.covered || 0) + " of the derived text covered by the sources"),
        r.index && typeof r.index.articles === "number" ? el("span", {"class": "count muted"}, r.index.articles + " articles searched") : null,
        exportTools("trace", r, "wellsourced trace")),
      el("p", {"class": "muted small no-print"}, "Select a derived sentence (click, tap, or Tab then Enter) to see the source sentence it came from."),
      el("div", {"class": "cols"}, derived, cands),
      checkOut ? [el("h2", null, "Check against the best source"), checkOut] : null);
    if (checkOut) renderCheck(checkOut, r.check);
  }

  var RENDER = {check: renderCheck, digest: renderDigest, read: renderRead, trace: renderTrace};

  // ---- the web page: tabs, forms, requests ----------------------------------------------------
  function errorText(status, body) {
    if (body && typeof body === "object") {
      var e = body.error;
      if (e && typeof e === "object") return (e.message || JSON.stringify(e)) + (e.code ? " (" + e.code + ")" : "");
      if (typeof e === "string") return e;
      if (Array.isArray(body.detail)) return body.detail.map(function (d) { return (d.loc || []).slice(1).join(".") + ": " + d.msg; }).join("; ");
      if (body.detail) return String(body.detail);
    }
    if (status >= 500) return "the server failed (HTTP " + status + "). Try again, or with a shorter text.";
    return "HTTP " + status + (typeof body === "string" && body ? ": " + body.slice(0, 200) : "");
  }

  function setupPage(cfg) {
    var tabs = Array.prototype.slice.call(document.querySelectorAll("[role=tab]"));
    function pick(t, focus) {
      tabs.forEach(function (x) {
        var on = x === t;
        x.setAttribute("aria-selected", on ? "true" : "false"); x.tabIndex = on ? 0 : -1;
        document.getElementById(x.getAttribute("aria-controls")).hidden = !on;
      });
      if (focus) t.focus();
      if (history.replaceState) history.replaceState(null, "", "#" + t.dataset.job);
    }
    tabs.forEach(function (t, i) {
      t.addEventListener("click", function () { pick(t, false); });
      t.addEventListener("keydown", function (ev) {
        var j = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1}[ev.key];
        if (j === undefined) return;
        ev.preventDefault(); pick(tabs[(j + tabs.length) % tabs.length], true);
      });
    });
    var start = tabs.filter(function (t) { return "#" + t.dataset.job === location.hash; })[0] || tabs[0];
    pick(start, false);

    // A chosen file is read here, in the browser, into its text box: the server never opens a path.
    document.querySelectorAll("input[type=file][data-into]").forEach(function (inp) {
      inp.addEventListener("change", function () {
        var f = inp.files && inp.files[0], box = document.getElementById(inp.dataset.into);
        if (!f) return;
        if (f.size > cfg.max_bytes) { showError(inp.form, f.name + ": over the " + Math.round(cfg.max_bytes / 1048576) + " MB limit"); return; }
        f.text().then(function (t) { box.value = t; box.dispatchEvent(new Event("input")); },
          function () { showError(inp.form, f.name + ": cannot be read as text"); });
      });
    });
    function showError(form, msg) {
      var box = form.querySelector(".error");
      box.textContent = "Error: " + msg; box.hidden = false;
    }
    document.querySelectorAll("form[data-job]").forEach(function (form) {
      var job = form.dataset.job, out = document.getElementById("out-" + job), btn = form.querySelector("button[type=submit]");
      var status = form.querySelector(".status");
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var body = {};
        Array.prototype.forEach.call(form.elements, function (x) {
          if (!x.name || x.type === "file") return;
          if (x.type === "checkbox") { body[x.name] = x.checked; return; }
          if (x.type === "number") { if (x.value !== "") body[x.name] = Number(x.value); } else body[x.name] = x.value;
        });
        var err = form.querySelector(".error"); err.hidden = true;
        var label = btn.textContent;
        btn.disabled = true; btn.textContent = btn.dataset.busy || "Working\u2026"; form.setAttribute("aria-busy", "true");
        status.textContent = "Working\u2026";
        var ctl = new AbortController(), timer = setTimeout(function () { ctl.abort(); }, cfg.timeout_s * 1000);
        var t0 = Date.now();
        fetch(cfg.root + job, {method: "POST", headers: {"content-type": "application/json", accept: "application/json"},
          body: JSON.stringify(body), signal: ctl.signal})
          .then(function (res) {
            return res.text().then(function (txt) {
              var data = null; try { data = JSON.parse(txt); } catch (e) { data = txt; }
              if (!res.ok) throw new Error(errorText(res.status, data));
              if (!data || typeof data !== "object") throw new Error("the server's answer is not JSON");
              RENDER[job](out, data);
              status.textContent = "Done in " + ((Date.now() - t0) / 1000).toFixed(1) + " s.";
            });
          })
          .catch(function (e) {
            status.textContent = "";
            showError(form, e.name === "AbortError" ? "no answer within " + cfg.timeout_s + " s (timed out). Try a shorter text." :
              (e.message === "Failed to fetch" ? "cannot reach the server." : e.message));
          })
          .finally(function () {
            clearTimeout(timer); btn.disabled = false; btn.textContent = label; form.removeAttribute("aria-busy");
          });
      });
    });
  }

  function boot() {
    var app = document.getElementById("app"), data = document.getElementById("ws-data");
    if (data && app && app.dataset.kind) { RENDER[app.dataset.kind](app, JSON.parse(data.textContent)); return; }
    var cfg = document.getElementById("ws-config");
    if (cfg) setupPage(JSON.parse(cfg.textContent));
  }
  window.wellsourced = {render: RENDER, confidence: confidence, errorText: errorText};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot); else boot();
})();
