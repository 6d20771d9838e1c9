// The static copy's search: ranks the prebuilt index (window.naseigraphIndex, written by
// `naseigraph export site`) as `naseigraph search` ranks the graph: the whole value, then a
// whole word, then part of a word; an element symbol matches as typed, whole.
(function () {
  "use strict";
  const params = new URLSearchParams(window.location.search);
  const typed = (params.get("q") || "").replace(/[₀-₉]/g, (d) => String(d.charCodeAt(0) - 8320)).trim();
  const box = document.getElementById("q");
  const out = document.getElementById("hits");
  box.value = typed;
  if (!typed) return;
  const wanted = typed.toLowerCase();
  const escaped = wanted.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
  const word = new RegExp("(^|\\W)" + escaped + "(\\W|$)");
  const best = new Map();
  for (const [page, kind, label, field, value] of window.naseigraphIndex) {
    let rank;
    if (field === "element") {
      if (value !== typed) continue;
      rank = 1;
    } else {
      const lowered = value.toLowerCase();
      if (!lowered.includes(wanted)) continue;
      rank = lowered === wanted ? 0 : word.test(lowered) ? 1 : 2;
    }
    const context = field === "element" ? "formula contains " + value : field + ": " + value;
    const seen = best.get(page);
    if (!seen || rank < seen.rank) best.set(page, { page, kind, label, rank, context });
  }
  const hits = [...best.values()].sort(
    (a, b) => a.rank - b.rank || a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label)
  );
  const names = ["exact", "word", "part"];
  const count = document.createElement("p");
  count.className = "count";
  count.textContent = hits.length
    ? `${hits.length} hit${hits.length === 1 ? "" : "s"} for “${typed}”, best first`
    : `Nothing in the graph matches “${typed}”.`;
  out.append(count);
  if (!hits.length) return;
  const table = document.createElement("table");
  table.className = "results hits";
  const head = table.createTHead().insertRow();
  for (const name of ["kind", "label", "match", "why"]) {
    const th = document.createElement("th");
    th.textContent = name;
    head.append(th);
  }
  const body = table.createTBody();
  for (const hit of hits) {
    const row = body.insertRow();
    row.insertCell().textContent = hit.kind;
    const a = document.createElement("a");
    a.href = hit.page;
    a.textContent = hit.label;
    row.insertCell().append(a);
    row.insertCell().textContent = names[hit.rank];
    row.insertCell().textContent = hit.context;
  }
  out.append(table);
})();
