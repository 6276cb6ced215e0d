// Review page of tmalign (src/review/mod.rs writes the data this reads).
// Every text from the documents goes into the page through textContent or
// text nodes, never as markup.
"use strict";
(function () {
  var errors = document.getElementById("errors");
  // Errors are shown on the page (and read back by the browser test).
  window.addEventListener("error", function (e) {
    errors.hidden = false;
    errors.textContent += "error: " + e.message + "\n";
  });
  var D = JSON.parse(document.getElementById("data").textContent);
  var KEY = "tmalign-review:" + D.key;
  var SRC = D.src, TGT = D.tgt;
  // A bead: {s: source ids, t: target ids, c: confidence or null once edited,
  // d: doubtful, a: anchor descriptions}.
  function fresh() {
    return D.beads.map(function (b) { return { s: b[0], t: b[1], c: b[2], d: b[3] === 1, a: b[4] }; });
  }
  var beads = fresh(), history = [];

  function valid(list) {
    if (!Array.isArray(list)) return false;
    var ns = 0, nt = 0;
    for (var i = 0; i < list.length; i++) {
      var b = list[i];
      if (!b || !Array.isArray(b.s) || !Array.isArray(b.t) || b.s.length + b.t.length === 0) return false;
      for (var j = 0; j < b.s.length; j++) if (b.s[j] !== ns++) return false;
      for (j = 0; j < b.t.length; j++) if (b.t[j] !== nt++) return false;
    }
    return ns === SRC.s.length && nt === TGT.s.length;
  }
  try {
    var kept = JSON.parse(localStorage.getItem(KEY) || "null");
    if (kept && valid(kept.beads)) {
      beads = kept.beads;
      history = Array.isArray(kept.history) ? kept.history.filter(valid) : [];
    }
  } catch (e) { /* no storage (private mode): edits last as long as the page */ }

  function save() {
    try {
      if (history.length > 100) history = history.slice(-100);
      localStorage.setItem(KEY, JSON.stringify({ beads: beads, history: history }));
    } catch (e) { /* storage full or refused: keep going without it */ }
  }
  function copy(list) {
    return list.map(function (b) { return { s: b.s.slice(), t: b.t.slice(), c: b.c, d: b.d, a: b.a }; });
  }
  function edited(s, t) { return { s: s, t: t, c: null, d: false, a: [] }; }
  function ids(b) { return "[" + b.s.join(",") + "]:[" + b.t.join(",") + "]"; }
  function kind(b) { return b.s.length + "-" + b.t.length; }
  function joined(side, list) { return list.map(function (i) { return side.s[i]; }).join(side.lang === "zh" ? "" : " "); }

  // The edits. Each one records the beads before it for undo, and keeps
  // every sentence once and in order.
  function edit(change) {
    var before = copy(beads);
    if (change() === false) return;
    beads = beads.filter(function (b) { return b.s.length + b.t.length > 0; });
    history.push(before);
    save();
    render();
  }
  var actions = {
    merge: function (i) {
      var a = beads[i], b = beads[i + 1];
      if (!b) return false;
      beads.splice(i, 2, edited(a.s.concat(b.s), a.t.concat(b.t)));
    },
    split: function (i) {
      // The first sentence of each side becomes a bead of its own.
      var b = beads[i];
      if (b.s.length < 2 && b.t.length < 2) return false;
      beads.splice(i, 1, edited(b.s.slice(0, 1), b.t.slice(0, 1)), edited(b.s.slice(1), b.t.slice(1)));
    },
    down: function (i, side) {
      // The last sentence of this side moves into the next bead.
      var b = beads[i], n = beads[i + 1];
      if (!n || b[side].length === 0) return false;
      n[side].unshift(b[side].pop());
      beads[i] = edited(b.s, b.t); beads[i + 1] = edited(n.s, n.t);
    },
    up: function (i, side) {
      // The first sentence of this side moves into the previous bead.
      var b = beads[i], p = beads[i - 1];
      if (!p || b[side].length === 0) return false;
      p[side].push(b[side].shift());
      beads[i] = edited(b.s, b.t); beads[i - 1] = edited(p.s, p.t);
    },
    unalign: function (i, side) {
      // The last sentence of this side leaves the bead and stands alone after it.
      var b = beads[i];
      if (b[side].length === 0 || (b.s.length + b.t.length === 1)) return false;
      var id = b[side].pop();
      var alone = side === "s" ? edited([id], []) : edited([], [id]);
      beads.splice(i, 1, edited(b.s, b.t), alone);
    }
  };
  function undo() {
    if (!history.length) return;
    beads = history.pop();
    save();
    render();
  }

  function textWithMarks(parent, text, marks) {
    // Marks the anchors' surfaces where they occur in the sentence.
    var spans = [];
    (marks || []).forEach(function (m) {
      var at = m ? text.indexOf(m) : -1;
      while (at >= 0) { spans.push([at, at + m.length]); at = text.indexOf(m, at + m.length); }
    });
    spans.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
    var pos = 0;
    spans.forEach(function (sp) {
      if (sp[0] < pos) return;
      parent.appendChild(document.createTextNode(text.slice(pos, sp[0])));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(sp[0], sp[1]);
      parent.appendChild(mk);
      pos = sp[1];
    });
    parent.appendChild(document.createTextNode(text.slice(pos)));
  }
  function button(label, aria, act, i, side, disabled) {
    var el = document.createElement("button");
    el.type = "button";
    el.textContent = label;
    el.title = aria;
    el.setAttribute("aria-label", aria + " (bead " + (i + 1) + ")");
    el.dataset.act = act;
    el.dataset.i = i;
    if (side) el.dataset.side = side;
    el.disabled = !!disabled;
    return el;
  }
  function cell(tr, text, cls) {
    var td = document.createElement("td");
    if (cls) td.className = cls;
    if (text !== undefined) td.textContent = text;
    tr.appendChild(td);
    return td;
  }
  function sideCell(tr, b, i, key, doc) {
    var td = cell(tr, undefined, "text");
    td.lang = doc.lang;
    b[key].forEach(function (id) {
      var sp = document.createElement("span");
      sp.className = "s";
      var sid = document.createElement("span");
      sid.className = "sid";
      sid.textContent = id;
      sp.appendChild(sid);
      textWithMarks(sp, doc.s[id], doc.marks[id]);
      td.appendChild(sp);
    });
    var name = key === "s" ? "source" : "target";
    var tools = document.createElement("span");
    tools.className = "side-tools";
    var empty = b[key].length === 0;
    tools.appendChild(button("\u2191", "Move the first " + name + " sentence to the previous bead", "up", i, key, empty || i === 0));
    tools.appendChild(button("\u2193", "Move the last " + name + " sentence to the next bead", "down", i, key, empty || i === beads.length - 1));
    tools.appendChild(button("\u2205", "Leave the last " + name + " sentence unaligned", "unalign", i, key, empty || b.s.length + b.t.length === 1));
    td.appendChild(tools);
  }
  var tbody = document.getElementById("rows");
  function render() {
    var frag = document.createDocumentFragment();
    var doubtful = 0, changed = 0;
    beads.forEach(function (b, i) {
      var tr = document.createElement("tr");
      tr.tabIndex = -1;
      tr.dataset.i = i;
      if (b.d) { tr.className = "doubtful"; doubtful++; }
      if (b.c === null) { tr.className = "edited"; changed++; }
      cell(tr, ids(b), "ids");
      cell(tr, kind(b), "kind");
      var conf = cell(tr, b.c === null ? "edited" : b.c.toFixed(1), "num conf");
      if (b.a && b.a.length) conf.title = "Shared anchors: " + b.a.join(", ");
      sideCell(tr, b, i, "s", SRC);
      sideCell(tr, b, i, "t", TGT);
      var td = cell(tr, undefined, "tools");
      td.appendChild(button("Merge", "Merge with the next bead", "merge", i, null, i === beads.length - 1));
      td.appendChild(button("Split", "Split off the first sentence of each side", "split", i, null, b.s.length < 2 && b.t.length < 2));
      frag.appendChild(tr);
    });
    tbody.textContent = "";
    tbody.appendChild(frag);
    document.getElementById("summary").textContent = beads.length + " beads, " + doubtful + " doubtful (\u26A0), " +
      changed + " edited; " + SRC.s.length + " source and " + TGT.s.length + " target sentences.";
    document.getElementById("undo").disabled = history.length === 0;
  }
  document.getElementById("src-head").textContent = "Source: " + SRC.name.replace(/^.*[\\/]/, "") + " (" + SRC.lang + ")";
  document.getElementById("tgt-head").textContent = "Target: " + TGT.name.replace(/^.*[\\/]/, "") + " (" + TGT.lang + ")";

  tbody.addEventListener("click", function (e) {
    var el = e.target.closest("button[data-act]");
    if (!el) return;
    var i = Number(el.dataset.i), side = el.dataset.side;
    edit(function () { return actions[el.dataset.act](i, side); });
    var row = tbody.rows[Math.min(i, beads.length - 1)];
    if (row) row.focus({ preventScroll: true });
  });

  function jump(step) {
    var rows = tbody.rows, cur = document.activeElement && document.activeElement.closest ? document.activeElement.closest("tr") : null;
    var at = cur && cur.parentNode === tbody ? Number(cur.dataset.i) : (step > 0 ? -1 : rows.length);
    for (var i = at + step; i >= 0 && i < rows.length; i += step) {
      if (beads[i].d) { rows[i].focus(); rows[i].scrollIntoView({ block: "center" }); return; }
    }
  }
  document.getElementById("next").addEventListener("click", function () { jump(1); });
  document.getElementById("prev").addEventListener("click", function () { jump(-1); });
  document.getElementById("undo").addEventListener("click", undo);
  document.getElementById("reset").addEventListener("click", function () {
    if (!window.confirm("Forget every edit of this document?")) return;
    history.push(copy(beads));
    beads = fresh();
    save();
    render();
  });
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.metaKey || (e.target && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName))) return;
    if (e.ctrlKey) { if (e.key === "z") { e.preventDefault(); undo(); } return; }
    if (e.key === "j" || e.key === "n") jump(1);
    else if (e.key === "k" || e.key === "p") jump(-1);
    else if (e.key === "u") undo();
  });

  function beadsText() { return beads.map(function (b) { return ids(b) + "\n"; }).join(""); }
  function clean(s) { return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, " "); }
  function tsvText() {
    // The columns of `tmalign align --format tsv`; edited beads have no confidence.
    return "source\ttarget\ttype\tscore\tflag\n" + beads.map(function (b) {
      return [clean(joined(SRC, b.s)), clean(joined(TGT, b.t)), kind(b),
        b.c === null ? "" : b.c.toFixed(1), b.d ? "doubtful" : (b.c === null ? "edited" : "")].join("\t") + "\n";
    }).join("");
  }
  function download(text, suffix, type) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = (SRC.name.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "") || "alignment") + suffix;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  document.getElementById("save-beads").addEventListener("click", function () { download(beadsText(), ".reviewed.beads", "text/plain"); });
  document.getElementById("save-tsv").addEventListener("click", function () { download(tsvText(), ".reviewed.tsv", "text/tab-separated-values"); });

  // For scripts and tests driving the page.
  window.tmalignReview = { beadsText: beadsText, tsvText: tsvText };
  render();
  // When the rows were on screen, in ms from the start of navigation (read by the browser test).
  window.tmalignReadyAt = performance.now();
  document.body.dataset.ready = "1";
})();
