"use strict";
// All input-derived strings reach the page through textContent / createTextNode only.
(function () {
  const DATA = JSON.parse(document.getElementById("graph-data").textContent);
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  };
  const fmt = (v) => (typeof v === "number" && !Number.isInteger(v) ? v.toFixed(4) : String(v));
  const safeUrl = (u) => (/^https?:\/\//i.test(u || "") ? u : null);
  const byId = new Map(DATA.nodes.map((n) => [n.id, n]));

  function nodeTooltip(n) {
    const box = el("div");
    box.appendChild(el("strong", n.label));
    const lines = [];
    if (n.kind === "institution") lines.push(`${n.papers} papers`);
    else {
      if (n.is_owner) lines.push("profile owner");
      if (n.joint_papers !== null && n.joint_papers !== undefined) lines.push(`joint papers with owner: ${n.joint_papers}${DATA.meta.lower_bound ? " (lower bound)" : ""}`);
      lines.push(`papers: ${n.papers}`);
      if (n.first_year) lines.push(`active: ${n.first_year}–${n.last_year}`);
      for (const [k, v] of Object.entries(n.metrics || {})) lines.push(`${k}: ${fmt(v)}`);
    }
    for (const l of lines) box.appendChild(el("div", l));
    return box;
  }
  function edgeTooltip(e) {
    const box = el("div");
    box.appendChild(el("strong", `${byId.get(e.from).label} — ${byId.get(e.to).label}`));
    box.appendChild(el("div", `${e.weight} joint paper${e.weight === 1 ? "" : "s"}` + (e.first_year ? ` (${e.first_year}–${e.last_year})` : "")));
    return box;
  }

  const nodes = new vis.DataSet(DATA.nodes.map((n) => ({
    id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, shape: n.shape,
    color: { background: n.color, border: n.is_owner ? "#000" : n.color, highlight: { background: n.color, border: "#000" } },
    borderWidth: n.is_owner ? 3 : 1, title: nodeTooltip(n),
    font: { size: n.is_owner ? 18 : 13 },
  })));
  const edges = new vis.DataSet(DATA.edges.map((e, i) => ({
    id: i, from: e.from, to: e.to, width: e.width, title: edgeTooltip(e),
    color: { color: "rgba(120,120,120,0.45)", highlight: "#333" },
  })));
  const network = new vis.Network(document.getElementById("network"), { nodes, edges }, DATA.options);
  network.once("stabilizationIterationsDone", () => network.setOptions({ physics: false }));
  window.collabgraph = { network, nodes, edges, data: DATA };

  // Notes: lower bounds, truncation.
  const notes = document.getElementById("notes");
  for (const n of DATA.meta.notes || []) notes.appendChild(el("p", n, "note"));

  // Legend and community filter.
  const legend = document.getElementById("legend");
  const commSel = document.getElementById("community");
  for (const c of DATA.communities) {
    const item = el("div", null, "legend-item");
    const sw = el("span", null, "swatch"); sw.style.background = c.color;
    item.appendChild(sw);
    item.appendChild(el("span", `${c.id}: ${c.name} (${c.size})`));
    item.addEventListener("click", () => { commSel.value = String(c.id); applyFilters(); });
    legend.appendChild(item);
    const opt = el("option", `${c.id}: ${c.name} (${c.size})`); opt.value = String(c.id);
    commSel.appendChild(opt);
  }

  // Filters: community, minimum joint papers, year (replays growth).
  const minW = document.getElementById("minweight"), minWv = document.getElementById("minweight-value");
  const maxWeight = Math.max(1, ...DATA.edges.map((e) => e.weight));
  minW.max = String(maxWeight);
  const yr = document.getElementById("year"), yrv = document.getElementById("year-value");
  const years = DATA.nodes.map((n) => n.first_year).filter(Boolean).concat(DATA.nodes.map((n) => n.last_year).filter(Boolean));
  const ymin = years.length ? Math.min(...years) : 0, ymax = years.length ? Math.max(...years) : 0;
  yr.min = String(ymin); yr.max = String(ymax); yr.value = String(ymax); yrv.textContent = String(ymax);
  if (!years.length) yr.disabled = true;

  function applyFilters() {
    const comm = commSel.value, w = Number(minW.value), y = Number(yr.value);
    minWv.textContent = String(w); yrv.textContent = String(y);
    const visibleNode = new Set();
    nodes.update(DATA.nodes.map((n) => {
      let hidden = false;
      if (comm !== "all" && String(n.community) !== comm) hidden = true;
      if (n.first_year && n.first_year > y) hidden = true;
      if (!hidden) visibleNode.add(n.id);
      return { id: n.id, hidden };
    }));
    let shownEdges = 0;
    edges.update(DATA.edges.map((e, i) => {
      const hidden = e.weight < w || (e.first_year && e.first_year > y) || !visibleNode.has(e.from) || !visibleNode.has(e.to);
      if (!hidden) shownEdges += 1;
      return { id: i, hidden };
    }));
    document.getElementById("counts").textContent = `${visibleNode.size} authors, ${shownEdges} links shown`;
  }
  commSel.addEventListener("change", applyFilters);
  minW.addEventListener("input", applyFilters);
  yr.addEventListener("input", applyFilters);
  document.getElementById("reset").addEventListener("click", () => {
    commSel.value = "all"; minW.value = "1"; yr.value = String(ymax); applyFilters();
    network.unselectAll(); network.fit(); showDefault();
  });

  // Side panel.
  const details = document.getElementById("details");
  const defaultDetails = Array.from(details.childNodes);
  function showDefault() { details.replaceChildren(...defaultDetails); }
  function paperItem(pid) {
    const p = DATA.papers[pid] || { title: pid };
    const li = el("li");
    li.appendChild(el("span", p.title));
    if (p.year) li.appendChild(el("span", ` (${p.year})`, "muted"));
    const url = safeUrl(p.code_url);
    if (url) { li.appendChild(document.createTextNode(" ")); const a = el("a", "code"); a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank"; li.appendChild(a); }
    if (p.authors && p.authors.length) li.appendChild(el("div", p.authors.join(", ") + (p.complete ? "" : " et al."), "muted"));
    return li;
  }
  function showNode(id) {
    const n = byId.get(id); if (!n) return;
    const parts = [el("h2", n.label)];
    if (n.kind !== "institution") {
      const t = el("table", null, "metrics");
      const rows = [["papers", n.papers], ["years", n.first_year ? `${n.first_year}–${n.last_year}` : "unknown"], ["community", n.community]];
      if (n.joint_papers !== null && n.joint_papers !== undefined) rows.push(["joint papers with owner", n.joint_papers]);
      for (const [k, v] of Object.entries(n.metrics || {})) rows.push([k, fmt(v)]);
      for (const [k, v] of rows) { const tr = el("tr"); tr.appendChild(el("td", k)); tr.appendChild(el("td", v)); t.appendChild(tr); }
      parts.push(t);
    }
    parts.push(el("h3", `Papers (${n.paper_ids.length})`));
    const ul = el("ul"); n.paper_ids.forEach((pid) => ul.appendChild(paperItem(pid))); parts.push(ul);
    const nbrs = network.getConnectedNodes(id).map((x) => byId.get(x)).filter(Boolean).sort((a, b) => a.label.localeCompare(b.label));
    parts.push(el("h3", `Collaborators (${nbrs.length})`));
    const ul2 = el("ul");
    for (const m of nbrs) { const li = el("li"); const b = el("button", m.label, "linklike"); b.type = "button"; b.addEventListener("click", () => focusNode(m.id)); li.appendChild(b); ul2.appendChild(li); }
    parts.push(ul2);
    details.replaceChildren(...parts);
  }
  function showEdge(i) {
    const e = DATA.edges[i]; if (!e) return;
    const parts = [el("h2", `${byId.get(e.from).label} — ${byId.get(e.to).label}`), el("h3", `Joint papers (${e.papers.length})`)];
    const ul = el("ul"); e.papers.forEach((pid) => ul.appendChild(paperItem(pid))); parts.push(ul);
    details.replaceChildren(...parts);
  }
  function highlight(id) {
    const keep = new Set([id, ...network.getConnectedNodes(id)]);
    nodes.update(DATA.nodes.map((n) => ({ id: n.id, opacity: keep.has(n.id) ? 1 : 0.2 })));
  }
  function clearHighlight() { nodes.update(DATA.nodes.map((n) => ({ id: n.id, opacity: 1 }))); }
  function focusNode(id) {
    network.selectNodes([id]); network.focus(id, { scale: 1.2, animation: { duration: 300 } });
    highlight(id); showNode(id);
  }
  network.on("click", (params) => {
    if (params.nodes.length) { highlight(params.nodes[0]); showNode(params.nodes[0]); }
    else if (params.edges.length) { clearHighlight(); showEdge(params.edges[0]); }
    else { clearHighlight(); showDefault(); }
  });

  // Search by any part of the name.
  const search = document.getElementById("search"), matches = document.getElementById("matches");
  const norm = (s) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  function findMatches(q) { q = norm(q.trim()); return q ? DATA.nodes.filter((n) => norm(n.label).includes(q)) : []; }
  search.addEventListener("input", () => {
    const found = findMatches(search.value);
    matches.textContent = search.value.trim() ? `${found.length} match${found.length === 1 ? "" : "es"}` : "";
    if (found.length) { network.selectNodes(found.map((n) => n.id)); }
  });
  search.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") { const found = findMatches(search.value); if (found.length) focusNode(found[0].id); }
  });
  window.collabgraph.focusNode = focusNode;
  window.collabgraph.findMatches = findMatches;
  applyFilters();
})();
