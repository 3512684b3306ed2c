"use strict";
// Every input-derived string reaches the page through textContent / createTextNode only:
// no innerHTML, no string-built markup, links only for http(s) URLs.
(function () {
  const DATA = JSON.parse(document.getElementById("graph-data").textContent);
  const META = DATA.meta;
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  };
  const fmt = (v) => (typeof v === "number" && !Number.isInteger(v) ? v.toFixed(4) : String(v));
  const span = (a, b) => (a === null || a === undefined ? "unknown" : a === b ? String(a) : `${a}–${b}`);
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const safeUrl = (u) => (/^https?:\/\//i.test(u || "") ? u : null);
  const byId = new Map(DATA.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(DATA.edges.map((e) => [e.id, e]));
  const adjacency = new Map(DATA.nodes.map((n) => [n.id, []]));
  for (const e of DATA.edges) { adjacency.get(e.from).push(e); adjacency.get(e.to).push(e); }
  const other = (e, id) => (e.from === id ? e.to : e.from);
  // JSON keys arrive sorted; show metrics in reading order instead.
  const metricOrder = [...new Set(["degree", "strength", "pagerank", "betweenness", META.size_by])];
  const metricRows = (n) => metricOrder.filter((k) => k in (n.metrics || {})).map((k) => [k, fmt(n.metrics[k])]);
  const lb = META.lower_bound ? " (lower bound)" : "";
  const api = { data: DATA, ready: false, selected: null };
  window.collabgraph = api;

  // ---- tooltips (DOM elements, so vis-network never parses them as HTML) -------------------
  function nodeTooltip(n) {
    const box = el("div");
    box.appendChild(el("strong", n.label));
    const lines = [];
    if (n.kind === "institution") {
      lines.push("institution", `${plural(n.papers, "paper")}, ${plural(adjacency.get(n.id).length, "author")} shown`);
      if (n.first_year) lines.push(`years: ${span(n.first_year, n.last_year)}`);
    } else {
      if (n.is_owner) lines.push("profile owner");
      if (n.joint_papers !== null && n.joint_papers !== undefined) lines.push(`joint papers with the owner: ${n.joint_papers}${lb}`);
      lines.push(`papers: ${n.papers}`, `years active: ${span(n.first_year, n.last_year)}`);
      if (n.community >= 0) lines.push(`community: ${communityName(n.community)}`);
      for (const [k, v] of metricRows(n)) lines.push(`${k}: ${v}`);
    }
    for (const l of lines) box.appendChild(el("div", l));
    box.appendChild(el("div", "click for papers and collaborators", "muted"));
    return box;
  }
  function edgeTooltip(e) {
    const box = el("div");
    box.appendChild(el("strong", `${byId.get(e.from).label} — ${byId.get(e.to).label}`));
    box.appendChild(el("div", `${plural(e.weight, META.edge_label === "papers" ? "paper" : "joint paper")}${lb}` + (e.first_year ? `, ${span(e.first_year, e.last_year)}` : "")));
    box.appendChild(el("div", "click for the papers", "muted"));
    return box;
  }
  const commNames = new Map(DATA.communities.map((c) => [c.id, c.name]));
  function communityName(id) { return commNames.has(id) ? `${id}: ${commNames.get(id)}` : String(id); }

  // ---- the network ----------------------------------------------------------------------------
  const fontOf = (n, faded) => ({ size: n.is_owner ? 18 : 13, color: faded ? "rgba(60,60,60,0.25)" : "#333" });
  const nodes = new vis.DataSet(DATA.nodes.map((n) => ({
    id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, shape: n.shape,
    color: { background: n.color, border: n.is_owner ? "#000" : n.color, highlight: { background: n.color, border: "#000" }, hover: { background: n.color, border: "#000" } },
    borderWidth: n.is_owner ? 3 : 1, title: nodeTooltip(n), font: fontOf(n, false),
  })));
  const EDGE = "rgba(120,120,120,0.45)", EDGE_ON = "rgba(40,40,40,0.85)", EDGE_OFF = "rgba(180,180,180,0.12)";
  const edges = new vis.DataSet(DATA.edges.map((e) => ({
    id: e.id, from: e.from, to: e.to, width: e.width, title: edgeTooltip(e),
    color: { color: EDGE, highlight: "#222", hover: "#444" },
  })));
  const network = new vis.Network($("network"), { nodes, edges }, DATA.options);
  Object.assign(api, { network, nodes, edges });
  function markReady() {
    if (api.ready) return;
    api.ready = true;
    $("loading").remove();
    document.body.dataset.ready = "1";
  }
  if (DATA.options.physics.enabled) {
    // Settle once, then freeze: no endless jiggling, dragging moves one node only.
    network.once("stabilizationIterationsDone", () => { network.setOptions({ physics: false }); markReady(); });
  } else {
    network.once("afterDrawing", markReady);
  }

  // ---- notes, legend, community filter --------------------------------------------------------
  for (const n of META.notes || []) $("notes").appendChild(el("p", n, "note"));
  const kinds = $("kinds");
  const kindRow = (glyph, text) => { const d = el("div", null, "legend-item"); d.appendChild(el("span", glyph, "glyph")); d.appendChild(el("span", text)); kinds.appendChild(d); };
  if (DATA.nodes.some((n) => n.is_owner)) kindRow("★", "profile owner");
  if (META.institutions) kindRow("■", "institution (size = papers)");
  kindRow("●", `author: colour = community, size = ${META.size_by}`);
  kindRow("—", `link width = ${META.edge_label}`);
  const legend = $("legend"), commSel = $("community");
  for (const c of DATA.communities) {
    const label = `${c.id < 0 ? "–" : c.id}: ${c.name} (${c.size}${c.shown !== c.size ? `, ${c.shown} shown` : ""})`;
    const item = el("div", null, "legend-item");
    item.dataset.community = String(c.id);
    const sw = el("span", null, "swatch"); sw.style.background = c.color;
    item.appendChild(sw);
    item.appendChild(el("span", label));
    item.title = "show only this community";
    item.addEventListener("click", () => { commSel.value = String(c.id); applyFilters(); });
    legend.appendChild(item);
    const opt = el("option", label); opt.value = String(c.id);
    commSel.appendChild(opt);
  }
  if (DATA.communities.length < 2) commSel.disabled = true;

  // ---- filters: community, minimum weight, year range (replays growth) ------------------------
  const minW = $("minweight");
  $("weight-label").textContent = META.edge_label;
  const maxWeight = Math.max(1, ...DATA.edges.map((e) => e.weight));
  minW.max = String(maxWeight);
  if (maxWeight === 1) minW.disabled = true;
  const yFrom = $("year-from"), yTo = $("year-to"), play = $("play");
  const [ymin, ymax] = META.years || [0, 0];
  for (const r of [yFrom, yTo]) { r.min = String(ymin); r.max = String(ymax); r.disabled = !META.years || ymin === ymax; }
  yFrom.value = String(ymin); yTo.value = String(ymax);
  if (yFrom.disabled) play.disabled = true;
  const inYears = (o, y0, y1) => !o.first_year || (o.first_year <= y1 && o.last_year >= y0);

  function applyFilters() {
    const comm = commSel.value, w = Number(minW.value);
    let y0 = Number(yFrom.value), y1 = Number(yTo.value);
    if (y0 > y1) { [y0, y1] = [y1, y0]; }
    $("minweight-value").textContent = String(w);
    $("year-value").textContent = META.years ? (y0 === y1 ? String(y0) : `${y0}–${y1}`) : "no years";
    const candidate = new Set(DATA.nodes.filter((n) =>
      (n.kind === "institution" || comm === "all" || String(n.community) === comm) && inYears(n, y0, y1)).map((n) => n.id));
    const shownEdges = DATA.edges.filter((e) => e.weight >= w && inYears(e, y0, y1) && candidate.has(e.from) && candidate.has(e.to));
    const linked = new Set(shownEdges.flatMap((e) => [e.from, e.to]));
    // Institutions follow their authors; a strong-ties filter drops nodes left without a link.
    const visible = new Set([...candidate].filter((id) => {
      const n = byId.get(id);
      if (n.is_owner) return true;
      if (n.kind === "institution" && (comm !== "all" || w > 1)) return linked.has(id);
      return w > 1 ? linked.has(id) : true;
    }));
    const edgeOn = new Set(shownEdges.filter((e) => visible.has(e.from) && visible.has(e.to)).map((e) => e.id));
    nodes.update(DATA.nodes.map((n) => ({ id: n.id, hidden: !visible.has(n.id) })));
    edges.update(DATA.edges.map((e) => ({ id: e.id, hidden: !edgeOn.has(e.id) })));
    const authors = [...visible].filter((id) => byId.get(id).kind !== "institution").length;
    const parts = [`${authors} of ${META.authors} authors`];
    if (META.institutions) parts.push(`${visible.size - authors} of ${META.institutions} institutions`);
    parts.push(`${edgeOn.size} of ${DATA.edges.length} links shown`);
    $("counts").textContent = parts.join(", ");
    api.visibleNodes = visible.size; api.visibleEdges = edgeOn.size;
    for (const item of legend.children) item.style.fontWeight = item.dataset.community === comm ? "bold" : "";
  }
  commSel.addEventListener("change", applyFilters);
  minW.addEventListener("input", applyFilters);
  yFrom.addEventListener("input", applyFilters);
  yTo.addEventListener("input", applyFilters);
  let timer = null;
  function stopReplay() { if (timer) { clearInterval(timer); timer = null; } play.textContent = "▶ Replay"; }
  play.addEventListener("click", () => {
    if (timer) { stopReplay(); return; }
    yTo.value = yFrom.value; applyFilters();
    play.textContent = "■ Stop";
    timer = setInterval(() => {
      if (Number(yTo.value) >= ymax) { stopReplay(); return; }
      yTo.value = String(Number(yTo.value) + 1); applyFilters();
    }, 700);
  });
  function resetFilters() {
    stopReplay();
    commSel.value = "all"; minW.value = "1"; yFrom.value = String(ymin); yTo.value = String(ymax);
    applyFilters();
  }
  $("reset").addEventListener("click", () => {
    resetFilters(); clearHighlight(); network.unselectAll(); network.fit(); showDefault();
    $("search").value = ""; $("matches").textContent = "";
  });

  // ---- side panel -----------------------------------------------------------------------------
  const details = $("details");
  const defaultDetails = Array.from(details.childNodes);
  function showDefault() { details.replaceChildren(...defaultDetails); api.selected = null; }
  function paperItem(pid) {
    const p = DATA.papers[pid] || { title: pid };
    const li = el("li");
    li.appendChild(el("span", p.title));
    if (p.year) li.appendChild(el("span", ` (${p.year})`, "muted"));
    const url = safeUrl(p.code_url);
    if (url) {
      li.appendChild(document.createTextNode(" "));
      const a = el("a", "code"); a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank";
      li.appendChild(a);
    }
    if (p.authors && p.authors.length) li.appendChild(el("div", p.authors.join(", ") + (p.complete ? "" : " et al."), "muted"));
    return li;
  }
  const byYearDesc = (a, b) => ((DATA.papers[b] || {}).year || 0) - ((DATA.papers[a] || {}).year || 0)
    || String((DATA.papers[a] || {}).title || a).localeCompare(String((DATA.papers[b] || {}).title || b));
  function paperList(pids) { const ul = el("ul", null, "papers"); [...pids].sort(byYearDesc).forEach((p) => ul.appendChild(paperItem(p))); return ul; }
  function nodeButton(id, suffix) {
    const li = el("li");
    const b = el("button", byId.get(id).label, "linklike"); b.type = "button";
    b.addEventListener("click", () => focusNode(id));
    li.appendChild(b);
    if (suffix) li.appendChild(el("span", ` ${suffix}`, "muted"));
    return li;
  }
  function showNode(id) {
    const n = byId.get(id); if (!n) return;
    api.selected = id;
    const h = el("h2", n.label);
    if (n.is_owner) h.appendChild(el("span", "owner", "tag"));
    if (n.kind === "institution") h.appendChild(el("span", "institution", "tag"));
    const parts = [h];
    const t = el("table", null, "metrics");
    const rows = [["papers", n.papers], ["years", span(n.first_year, n.last_year)]];
    if (n.kind !== "institution") {
      if (n.community >= 0) rows.push(["community", communityName(n.community)]);
      if (n.joint_papers !== null && n.joint_papers !== undefined) rows.push(["joint papers with the owner", `${n.joint_papers}${lb}`]);
      rows.push(...metricRows(n));
    }
    for (const [k, v] of rows) { const tr = el("tr"); tr.appendChild(el("td", k)); tr.appendChild(el("td", v)); t.appendChild(tr); }
    parts.push(t);
    // With the size cap on, an institution lists the papers of its shown authors only.
    const partial = n.kind === "institution" && n.paper_ids.length < n.papers;
    parts.push(el("h3", partial ? `Papers with the authors shown (${n.paper_ids.length} of ${n.papers})` : `Papers (${n.paper_ids.length})`), paperList(n.paper_ids));
    const links = [...adjacency.get(id)].sort((a, b) => b.weight - a.weight || byId.get(other(a, id)).label.localeCompare(byId.get(other(b, id)).label));
    const heading = n.kind === "institution" ? "Authors" : META.kind === "affiliation" ? "Institutions" : "Collaborators";
    parts.push(el("h3", `${heading} (${links.length})`));
    const ul = el("ul", null, "collaborators");
    for (const e of links) ul.appendChild(nodeButton(other(e, id), `· ${plural(e.weight, META.edge_label === "papers" ? "paper" : "joint paper")}`));
    parts.push(ul);
    details.replaceChildren(...parts);
  }
  function showEdge(eid) {
    const e = edgeById.get(eid); if (!e) return;
    api.selected = `edge:${eid}`;
    const ends = el("ul");
    ends.appendChild(nodeButton(e.from)); ends.appendChild(nodeButton(e.to));
    details.replaceChildren(
      el("h2", `${byId.get(e.from).label} — ${byId.get(e.to).label}`),
      el("p", `${plural(e.weight, META.edge_label === "papers" ? "paper" : "joint paper")}${lb}` + (e.first_year ? `, ${span(e.first_year, e.last_year)}` : ""), "muted"),
      ends, el("h3", `${META.edge_label === "papers" ? "Papers" : "Joint papers"} (${e.papers.length})`), paperList(e.papers));
  }
  function highlight(keepNodes, keepEdges) {
    nodes.update(DATA.nodes.map((n) => ({ id: n.id, opacity: keepNodes.has(n.id) ? 1 : 0.15, font: fontOf(n, !keepNodes.has(n.id)) })));
    edges.update(DATA.edges.map((e) => ({ id: e.id, color: { color: keepEdges.has(e.id) ? EDGE_ON : EDGE_OFF, highlight: "#222", hover: "#444" } })));
  }
  function highlightNode(id) {
    const inc = adjacency.get(id) || [];
    highlight(new Set([id, ...inc.map((e) => other(e, id))]), new Set(inc.map((e) => e.id)));
  }
  function clearHighlight() {
    nodes.update(DATA.nodes.map((n) => ({ id: n.id, opacity: 1, font: fontOf(n, false) })));
    edges.update(DATA.edges.map((e) => ({ id: e.id, color: { color: EDGE, highlight: "#222", hover: "#444" } })));
  }
  function focusNode(id) {
    if (!byId.has(id)) return false;
    if (nodes.get(id).hidden) resetFilters();
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    highlightNode(id); showNode(id);
    return true;
  }
  network.on("click", (params) => {
    if (params.nodes.length) { highlightNode(params.nodes[0]); showNode(params.nodes[0]); }
    else if (params.edges.length) {
      const e = edgeById.get(params.edges[0]);
      highlight(new Set([e.from, e.to]), new Set([e.id])); showEdge(e.id);
    } else { clearHighlight(); showDefault(); }
  });

  // ---- search: any part of the name, accents, case and hyphens ignored --------------------------
  const SPECIAL = { "ø": "o", "œ": "oe", "æ": "ae", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "ı": "i" };
  const fold = (s) => String(s).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[øœæłđðþßı]/g, (c) => SPECIAL[c]);
  const compact = (s) => fold(s).replace(/[^\p{L}\p{N}]+/gu, "");
  const folded = DATA.nodes.map((n) => [n, fold(n.label), compact(n.label)]);
  function findMatches(q) {
    const f = fold(q).trim().replace(/\s+/g, " "), c = compact(q);
    if (!c) return [];
    return folded.filter(([, lf, lc]) => lf.includes(f) || lc.includes(c))
      .sort(([a, af], [b, bf]) => Number(!af.startsWith(f)) - Number(!bf.startsWith(f)) || a.label.localeCompare(b.label))
      .map(([n]) => n);
  }
  const search = $("search"), matches = $("matches");
  function runSearch(q) {
    const found = findMatches(q);
    matches.textContent = q.trim() ? (found.length ? `${found.length} match${found.length === 1 ? "" : "es"}` : "no match") : "";
    if (found.length === 1) { focusNode(found[0].id); }
    else if (found.length > 1) {
      network.selectNodes(found.map((n) => n.id));
      const parts = [el("h2", `${found.length} authors match “${q.trim()}”`)];
      const ul = el("ul");
      for (const n of found.slice(0, 50)) ul.appendChild(nodeButton(n.id));
      parts.push(ul);
      if (found.length > 50) parts.push(el("p", `… and ${found.length - 50} more: type more of the name.`, "muted"));
      details.replaceChildren(...parts);
    }
    return found;
  }
  search.addEventListener("input", () => runSearch(search.value));
  search.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") { const found = findMatches(search.value); if (found.length) focusNode(found[0].id); }
  });

  Object.assign(api, { focusNode, findMatches, search: runSearch, applyFilters, resetFilters, showEdge });
  applyFilters();
})();
