"use strict";
// Every input-derived string reaches the page through textContent / createTextNode or the
// canvas's fillText only: no innerHTML, no string-built markup, links only for http(s) URLs.
//
// vis-network keeps the view (pan, zoom, pinch, animations) of an empty network; this script
// draws the links, nodes and labels itself on vis-network's canvas, from typed arrays:
// links in a few batched paths, nodes in size order, labels last (above every link) and
// culled so none overlaps.  Filters and highlights flip flags in those arrays and redraw:
// no per-item DataSet updates.  The links and nodes are drawn once into an off-screen layer
// per view and filter state, so a click or a search redraws only what lies on top.
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
  const num = (v) => (typeof v === "number" ? v.toLocaleString("en-US") : String(v));
  const fmt = (v) => (typeof v === "number" && !Number.isInteger(v) ? v.toFixed(4) : num(v));
  const span = (a, b) => (a === null || a === undefined ? "unknown" : a === b ? String(a) : `${a}–${b}`);
  const plural = (n, word) => `${num(n)} ${word}${n === 1 ? "" : "s"}`;
  const safeUrl = (u) => (/^https?:\/\/[^\s]+$/i.test(u || "") ? u : null);
  const api = { data: DATA, ready: false, selected: null, labels: [] };
  window.collabgraph = api;
  const timed = (name, fn) => {
    // The page times its own work up to the next painted frame (bench/browser.py reads it).
    const t0 = performance.now();
    const out = fn();
    requestAnimationFrame(() => setTimeout(() => { try { performance.measure(name, { start: t0 }); } catch (e) { /* old browsers */ } }, 0));
    return out;
  };

  // ---- the graph as arrays ---------------------------------------------------------------------
  const NODES = DATA.nodes, EDGES = DATA.edges, nN = NODES.length, nE = EDGES.length;
  const index = new Map(NODES.map((n, i) => [n.id, i]));
  const X = new Float64Array(nN), Y = new Float64Array(nN), R = new Float64Array(nN);
  NODES.forEach((n, i) => { X[i] = n.x; Y[i] = n.y; R[i] = n.size; });
  const eFrom = new Int32Array(nE), eTo = new Int32Array(nE), eWidth = new Float64Array(nE);
  const edgeById = new Map();
  EDGES.forEach((e, k) => { eFrom[k] = index.get(e.from); eTo[k] = index.get(e.to); eWidth[k] = e.width; edgeById.set(e.id, k); });
  // Adjacency as compressed rows: the links of node i are adjEdge[adjStart[i] .. adjStart[i + 1]).
  const adjStart = new Int32Array(nN + 1), adjEdge = new Int32Array(2 * nE);
  for (let k = 0; k < nE; k++) { adjStart[eFrom[k] + 1]++; adjStart[eTo[k] + 1]++; }
  for (let i = 0; i < nN; i++) adjStart[i + 1] += adjStart[i];
  { const fill = adjStart.slice(0, nN); for (let k = 0; k < nE; k++) { adjEdge[fill[eFrom[k]]++] = k; adjEdge[fill[eTo[k]]++] = k; } }
  const linksOf = (i) => adjEdge.subarray(adjStart[i], adjStart[i + 1]);
  const other = (k, i) => (eFrom[k] === i ? eTo[k] : eFrom[k]);
  // Importance: size (the --size-by metric), then name; the owner first.
  const byImportance = Array.from({ length: nN }, (_, i) => i).sort((a, b) =>
    (NODES[b].is_owner - NODES[a].is_owner) || (R[b] - R[a]) || (NODES[a].label < NODES[b].label ? -1 : NODES[a].label > NODES[b].label ? 1 : 0));
  const importanceRank = new Int32Array(nN);
  byImportance.forEach((i, r) => { importanceRank[i] = r; });
  const drawOrder = byImportance.slice().reverse();  // big nodes drawn last, on top
  let maxR = 1;
  for (let i = 0; i < nN; i++) if (R[i] > maxR) maxR = R[i];

  // ---- state ---------------------------------------------------------------------------------
  const nodeOn = new Uint8Array(nN).fill(1), edgeOn = new Uint8Array(nE).fill(1);
  let colourMode = "community";
  let selected = -1, selectedEdge = -1, hovered = -1, hoveredEdge = -1;
  let hiNodes = null, hiEdges = null, matchSet = null, matchTop = null;  // highlights
  let layerVersion = 0;  // bumped when what the base layer shows changes

  // ---- colours -----------------------------------------------------------------------------------
  const commColour = new Map(DATA.communities.map((c) => [c.id, c.color]));
  const commListed = new Map(DATA.communities.map((c) => [c.id, c.listed]));
  const rgba = (hex, a) => {
    const h = hex.replace("#", "");
    return `rgba(${parseInt(h.slice(0, 2), 16)},${parseInt(h.slice(2, 4), 16)},${parseInt(h.slice(4, 6), 16)},${a})`;
  };
  const nodeColour = (i) => (colourMode === "year" && NODES[i].kind !== "institution" && !NODES[i].is_owner ? NODES[i].year_color : NODES[i].color);
  // Links inside a listed community take its colour; the rest are grey.  Batched by style.
  // Fainter as links get denser, so the communities' own links stand out.
  const GREY = `rgba(110,110,110,${Math.max(0.08, Math.min(0.3, 0.3 * Math.sqrt(1000 / Math.max(nE, 1)))).toFixed(3)})`;
  function edgeBuckets() {
    const buckets = new Map();
    for (let k = 0; k < nE; k++) {
      const a = NODES[eFrom[k]], b = NODES[eTo[k]];
      const same = colourMode === "community" && a.kind !== "institution" && b.kind !== "institution"
        && a.community === b.community && commListed.get(a.community);
      const colour = same ? rgba(commColour.get(a.community), 0.38) : GREY;
      const w = Math.round(eWidth[k] * 2) / 2;
      const key = `${colour}|${w}`;
      if (!buckets.has(key)) buckets.set(key, { colour, width: w, edges: [] });
      buckets.get(key).edges.push(k);
    }
    // Grey first, coloured on top; thin first.
    return [...buckets.values()].sort((p, q) => (p.colour === GREY ? 0 : 1) - (q.colour === GREY ? 0 : 1) || p.width - q.width)
      .map((b) => ({ ...b, edges: Int32Array.from(b.edges) }));
  }
  let buckets = edgeBuckets(), bucketsMode = colourMode;
  // The link styles depend on the colour mode only: rebuilt when it changes.
  const restyle = () => { if (bucketsMode !== colourMode) { buckets = edgeBuckets(); bucketsMode = colourMode; } };

  // ---- drawing -------------------------------------------------------------------------------
  const container = $("network");
  const network = new vis.Network(container, { nodes: new vis.DataSet([]), edges: new vis.DataSet([]) }, DATA.options);
  api.network = network;
  const view = () => ({ s: network.body.view.scale, tx: network.body.view.translation.x, ty: network.body.view.translation.y });
  const canvasEl = () => network.canvas.frame.canvas;
  // px: no node is drawn smaller than this, whatever the zoom; small graphs get bigger dots.
  const MIN_R = Math.max(1.6, Math.min(4.5, 0.11 * Math.sqrt((1200 * 800) / Math.max(nN, 1))));
  function shapePath(ctx, i, r) {
    const x = X[i], y = Y[i], n = NODES[i];
    if (n.shape === "square") { ctx.rect(x - r, y - r, 2 * r, 2 * r); return; }
    if (n.shape === "star") {
      for (let k = 0; k < 10; k++) {
        const a = -Math.PI / 2 + k * Math.PI / 5, rr = k % 2 ? r * 0.45 : r * 1.05;
        if (k) ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a)); else ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
      }
      ctx.closePath(); return;
    }
    ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  // Links by importance: most joint papers first, then those inside a community.
  const linkOrder = Int32Array.from({ length: nE }, (_, k) => k).sort((a, b) =>
    (EDGES[b].weight - EDGES[a].weight)
    || ((NODES[eFrom[b]].community === NODES[eTo[b]].community) - (NODES[eFrom[a]].community === NODES[eTo[a]].community))
    || a - b);
  //: Links drawn per view at most (like VOSviewer's "maximum number of lines"): rasterising
  //: a link costs its length in pixels, and 90,000 faint links make a grey fog anyway. The
  //: strongest come first; zoom in and the ones in view are all drawn.
  const LINK_BUDGET = 12000;
  const drawLink = new Uint8Array(nE);
  api.linksDrawn = 0;
  function drawBase(ctx, s, box) {
    const [x0, y0, x1, y1] = box;
    const busy = network.renderer && (network.renderer.dragging || network.renderer.zooming);
    const budget = busy ? Math.min(LINK_BUDGET, 3000) : LINK_BUDGET;  // lighter while moving
    drawLink.fill(0);
    let drawn = 0;
    for (let t = 0; t < nE && drawn < budget; t++) {
      const k = linkOrder[t];
      if (!edgeOn[k]) continue;
      const ax = X[eFrom[k]], ay = Y[eFrom[k]], cx = X[eTo[k]], cy = Y[eTo[k]];
      if ((ax < x0 && cx < x0) || (ax > x1 && cx > x1) || (ay < y0 && cy < y0) || (ay > y1 && cy > y1)) continue;
      drawLink[k] = 1; drawn++;
    }
    api.linksDrawn = drawn;
    {
      for (const b of buckets) {
        ctx.beginPath();
        const ed = b.edges;
        for (let t = 0; t < ed.length; t++) {
          const k = ed[t];
          if (!drawLink[k]) continue;
          ctx.moveTo(X[eFrom[k]], Y[eFrom[k]]); ctx.lineTo(X[eTo[k]], Y[eTo[k]]);
        }
        ctx.lineWidth = Math.max(b.width, 0.7 / s);
        ctx.strokeStyle = b.colour;
        ctx.stroke();
      }
    }
    const minR = MIN_R / s;
    ctx.lineWidth = 1 / s;
    // Dots smaller than 3 px on screen: squares (five times faster to rasterise than circles
    // and alike at that size), batched by colour; the larger ones one by one, smallest
    // first, so big nodes stay on top.
    const small = new Map(), large = [];
    for (let t = 0; t < nN; t++) {
      const i = drawOrder[t];
      if (!nodeOn[i]) continue;
      const r = Math.max(R[i], minR), x = X[i], y = Y[i];
      if (x + r < x0 || x - r > x1 || y + r < y0 || y - r > y1) continue;
      if (r * s < 3 && NODES[i].shape === "dot") {
        const colour = nodeColour(i);
        let list = small.get(colour);
        if (!list) { list = []; small.set(colour, list); }
        list.push(i);
      } else large.push(i);
    }
    for (const [colour, list] of small) {
      ctx.fillStyle = colour;
      for (const i of list) { const r = Math.max(R[i], minR) * 0.9; ctx.fillRect(X[i] - r, Y[i] - r, 2 * r, 2 * r); }
    }
    for (const i of large) {
      ctx.beginPath(); shapePath(ctx, i, Math.max(R[i], minR));
      ctx.fillStyle = nodeColour(i); ctx.fill();
      ctx.strokeStyle = NODES[i].is_owner ? "#000" : "#fff"; ctx.stroke();
    }
  }
  // The off-screen layer: links and nodes for one view and one filter state.
  const layer = document.createElement("canvas");
  let layerKey = "";
  function viewBox(s, tx, ty, w, h, pad) {
    return [(-tx - pad) / s, (-ty - pad) / s, (w - tx + pad) / s, (h - ty + pad) / s];
  }
  network.on("beforeDrawing", (ctx) => {
    const c = canvasEl(), { s, tx, ty } = view(), w = c.clientWidth, h = c.clientHeight;
    const ratio = c.width / Math.max(w, 1);
    const key = [s, tx, ty, c.width, c.height, layerVersion, colourMode].join("|");
    if (key !== layerKey || network.renderer.dragging || network.renderer.zooming) {
      if (layer.width !== c.width || layer.height !== c.height) { layer.width = c.width; layer.height = c.height; }
      const lc = layer.getContext("2d");
      lc.setTransform(1, 0, 0, 1, 0, 0);
      lc.fillStyle = "#ffffff"; lc.fillRect(0, 0, layer.width, layer.height);  // a white PNG
      lc.setTransform(ratio * s, 0, 0, ratio * s, ratio * tx, ratio * ty);
      drawBase(lc, s, viewBox(s, tx, ty, w, h, 40));
      layerKey = network.renderer.dragging || network.renderer.zooming ? "" : key;
    }
    ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.drawImage(layer, 0, 0); ctx.restore();
  });
  function drawOverlay(ctx, s) {
    const minR = MIN_R / s;
    if (hiNodes) {
      const c = canvasEl(), { tx, ty } = view();
      const [x0, y0, x1, y1] = viewBox(s, tx, ty, c.clientWidth, c.clientHeight, 2);
      ctx.fillStyle = "rgba(255,255,255,0.82)";
      ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
      if (hiEdges) {
        ctx.beginPath();
        for (const k of hiEdges) { if (!edgeOn[k]) continue; ctx.moveTo(X[eFrom[k]], Y[eFrom[k]]); ctx.lineTo(X[eTo[k]], Y[eTo[k]]); }
        ctx.lineWidth = Math.max(1.2, 1.2 / s); ctx.strokeStyle = "rgba(40,40,40,0.8)"; ctx.stroke();
      }
      ctx.lineWidth = 1 / s;
      for (const i of hiNodes) {
        if (!nodeOn[i]) continue;
        ctx.beginPath(); shapePath(ctx, i, Math.max(R[i], minR));
        ctx.fillStyle = nodeColour(i); ctx.fill(); ctx.strokeStyle = NODES[i].is_owner ? "#000" : "#fff"; ctx.stroke();
      }
    }
    if (selectedEdge >= 0) {
      const k = selectedEdge;
      ctx.beginPath(); ctx.moveTo(X[eFrom[k]], Y[eFrom[k]]); ctx.lineTo(X[eTo[k]], Y[eTo[k]]);
      ctx.lineWidth = Math.max(eWidth[k], 2.5 / s); ctx.strokeStyle = "#222"; ctx.stroke();
    }
    const ring = (list, w) => {
      ctx.beginPath();
      for (const i of list) {
        if (!nodeOn[i]) continue;
        const r = Math.max(R[i], minR) + 3 / s;
        ctx.moveTo(X[i] + r, Y[i]); ctx.arc(X[i], Y[i], r, 0, 2 * Math.PI);
      }
      ctx.lineWidth = w / s; ctx.strokeStyle = "#000"; ctx.stroke();
    };
    if (selected >= 0) ring([selected], 2.5);
    if (matchTop && selected < 0) ring(matchTop, 1.5);
    if (hovered >= 0) ring([hovered], 1.5);
    if (hoveredEdge >= 0) {
      const k = hoveredEdge;
      ctx.beginPath(); ctx.moveTo(X[eFrom[k]], Y[eFrom[k]]); ctx.lineTo(X[eTo[k]], Y[eTo[k]]);
      ctx.lineWidth = Math.max(eWidth[k], 2 / s); ctx.strokeStyle = "rgba(0,0,0,0.6)"; ctx.stroke();
    }
  }

  // ---- labels: the most important names, never overlapping, more as you zoom in ----------------
  const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  const measureCtx = document.createElement("canvas").getContext("2d");
  const textW = new Float64Array(nN).fill(-1);  // width at 100 px, measured once per label
  const widthAt = (i, px, bold) => {
    if (bold) { measureCtx.font = `bold 100px ${FONT}`; return measureCtx.measureText(NODES[i].label).width * px / 100; }
    if (textW[i] < 0) { measureCtx.font = `100px ${FONT}`; textW[i] = measureCtx.measureText(NODES[i].label).width; }
    return textW[i] * px / 100;
  };
  //: A label shows when its node is among the most important in view (a budget that grows
  //: with the canvas), or when the node is drawn at least BIG_R px wide; never on top of
  //: another label.
  const BIG_R = 9;
  function placeLabels(s, tx, ty, w, h) {
    const budget = Math.max(12, Math.min(120, Math.round((w * h) / 16000)));
    const cell = 64, grid = new Map(), placed = [];
    const hits = (b) => {
      for (let gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++)
        for (let gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) {
          const list = grid.get(gx * 100003 + gy);
          if (list) for (const o of list) if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) return true;
        }
      return false;
    };
    const put = (b) => {
      for (let gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++)
        for (let gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) {
          const key = gx * 100003 + gy;
          if (!grid.has(key)) grid.set(key, []);
          grid.get(key).push(b);
        }
    };
    const forced = [];
    if (selected >= 0) forced.push(selected);
    if (selectedEdge >= 0) forced.push(eFrom[selectedEdge], eTo[selectedEdge]);
    if (hiNodes) forced.push(...[...hiNodes].sort((a, b) => importanceRank[a] - importanceRank[b]));
    if (matchTop) forced.push(...matchTop.slice(0, 40));
    if (hovered >= 0) forced.unshift(hovered);
    const seen = new Uint8Array(nN);
    let count = 0;
    const consider = (i, force) => {
      if (seen[i] || !nodeOn[i]) return;
      if (hiNodes && !hiNodes.has(i) && !force) return;  // faded nodes keep quiet
      seen[i] = 1;
      const sx = X[i] * s + tx, sy = Y[i] * s + ty, rs = Math.max(R[i] * s, MIN_R);
      if (sx < -50 || sx > w + 50 || sy < -20 || sy > h + 20) return;
      if (!force && count >= budget && rs < BIG_R) return;
      const main = i === selected || i === hovered;
      const px = main ? 15 : Math.min(16, 11.5 + 0.4 * Math.sqrt(Math.max(R[i] - 8, 0)) + (rs >= BIG_R ? 1 : 0));
      const tw = widthAt(i, px, main), th = px * 1.25;
      // Below the node, else above, right or left of it: the first place that is free.
      const spots = [[sx, sy + rs + 1], [sx, sy - rs - 1 - th], [sx + rs + 3 + tw / 2, sy - th / 2], [sx - rs - 3 - tw / 2, sy - th / 2]];
      for (let [cx, top] of spots) {
        if (main) {  // the selected name always shows: moved into the canvas if need be
          cx = Math.min(Math.max(cx, tw / 2 + 2), w - tw / 2 - 2);
          top = Math.min(Math.max(top, 0), h - th);
        }
        const b = [cx - tw / 2 - 2, top, cx + tw / 2 + 2, top + th];
        if (!main && (b[0] < 0 || b[2] > w || b[1] < 0 || b[3] > h || hits(b))) continue;
        put(b);
        placed.push({ i, x: cx, y: top, px, bold: main, box: b });
        if (!force) count++;
        return;
      }
    };
    for (const i of forced) consider(i, true);
    for (let t = 0; t < nN; t++) {
      if (count >= budget && t > 4 * budget) {
        // Past the budget only nodes drawn BIG_R wide can still get a label.
        const i = byImportance[t];
        if (Math.max(R[i] * s, MIN_R) < BIG_R) continue;
      }
      consider(byImportance[t], false);
    }
    return placed;
  }
  function drawLabels(ctx) {
    const c = canvasEl(), { s, tx, ty } = view(), w = c.clientWidth, h = c.clientHeight;
    const placed = placeLabels(s, tx, ty, w, h);
    const ratio = c.width / Math.max(w, 1);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.lineJoin = "round";
    for (const p of placed) {
      ctx.font = `${p.bold ? "bold " : ""}${p.px}px ${FONT}`;
      ctx.lineWidth = 3.5; ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.strokeText(NODES[p.i].label, p.x, p.y);
      ctx.fillStyle = "#111"; ctx.fillText(NODES[p.i].label, p.x, p.y);
    }
    ctx.restore();
    api.labels = placed.map((p) => ({ id: NODES[p.i].id, x: p.box[0], y: p.box[1], w: p.box[2] - p.box[0], h: p.box[3] - p.box[1], px: p.px, bold: p.bold }));
  }
  network.on("afterDrawing", (ctx) => {
    drawOverlay(ctx, view().s);
    drawLabels(ctx);
    if (!api.ready) markReady();
  });
  // vis-network's redraw() draws at once (and measures the page first, forcing a layout):
  // ask for one draw in the next animation frame instead, however many changes come first.
  const redraw = () => network.body.emitter.emit("_requestRedraw");
  const relayer = () => { layerVersion++; redraw(); };
  network.on("dragEnd", redraw);  // the links left out while dragging come back

  // ---- the view: fit to what is shown ------------------------------------------------------
  function fitView(ids) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, any = false;
    for (const i of ids) {
      if (!nodeOn[i]) continue;
      any = true;
      x0 = Math.min(x0, X[i] - R[i]); x1 = Math.max(x1, X[i] + R[i]); y0 = Math.min(y0, Y[i] - R[i]); y1 = Math.max(y1, Y[i] + R[i]);
    }
    if (!any) return null;
    const c = canvasEl(), w = Math.max(c.clientWidth, 50), h = Math.max(c.clientHeight, 50);
    // Room for the labels below the lowest nodes and a margin all round.
    const scale = Math.min(3, (w - 30) / Math.max(x1 - x0, 1), (h - 50) / Math.max(y1 - y0, 1));
    return { position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 + 8 / scale }, scale };
  }
  function fitTo(ids, animate) {
    const v = fitView(ids);
    if (!v) return;
    network.moveTo({ ...v, animation: animate ? { duration: 350, easingFunction: "easeInOutQuad" } : false });
  }
  let fitScale = 1;  // the scale that shows the whole drawing
  const allIds = () => Array.from({ length: nN }, (_, i) => i);
  const shownIds = () => allIds().filter((i) => nodeOn[i]);
  function markReady() {
    if (api.ready) return;
    api.ready = true;
    const l = $("loading"); if (l) l.remove();
    document.body.dataset.ready = "1";
  }

  // ---- hit tests: our nodes and links, in canvas coordinates ------------------------------------
  const CELL = Math.max(2 * maxR, 40);
  const cells = new Map();
  for (let i = 0; i < nN; i++) {
    const key = Math.floor(X[i] / CELL) * 100003 + Math.floor(Y[i] / CELL);
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(i);
  }
  function nodeAt(p) {
    const s = view().s, minR = MIN_R / s, tol = 3 / s, reach = Math.max(maxR, minR) + tol;
    let best = -1, bestD = Infinity;
    for (let gx = Math.floor((p.x - reach) / CELL); gx <= Math.floor((p.x + reach) / CELL); gx++)
      for (let gy = Math.floor((p.y - reach) / CELL); gy <= Math.floor((p.y + reach) / CELL); gy++) {
        const list = cells.get(gx * 100003 + gy);
        if (!list) continue;
        for (const i of list) {
          if (!nodeOn[i]) continue;
          const d = Math.hypot(p.x - X[i], p.y - Y[i]) - Math.max(R[i], minR);
          if (d <= tol && (d < bestD || (d === bestD && R[i] > R[best]))) { best = i; bestD = d; }
        }
      }
    return best;
  }
  function edgeAt(p) {
    const s = view().s, tol = 4 / s;
    let best = -1, bestD = Infinity;
    for (let k = 0; k < nE; k++) {
      if (!edgeOn[k]) continue;
      const ax = X[eFrom[k]], ay = Y[eFrom[k]], bx = X[eTo[k]], by = Y[eTo[k]];
      const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
      let t = len2 > 0 ? ((p.x - ax) * dx + (p.y - ay) * dy) / len2 : 0;
      t = Math.max(0, Math.min(1, t));
      const d = Math.hypot(p.x - (ax + t * dx), p.y - (ay + t * dy)) - eWidth[k] / 2;
      if (d <= tol && d < bestD) { best = k; bestD = d; }
    }
    return best;
  }
  const domToCanvas = (x, y) => network.DOMtoCanvas({ x, y });
  const toDOM = (i) => { const { s, tx, ty } = view(); return { x: X[i] * s + tx, y: Y[i] * s + ty }; };

  // ---- tooltips (DOM elements built with textContent) ---------------------------------------
  const lb = META.lower_bound ? " (lower bound)" : "";
  const metricOrder = [...new Set(["degree", "strength", "pagerank", "betweenness", META.size_by])];
  const metricRows = (n) => metricOrder.filter((k) => k in (n.metrics || {})).map((k) => [k, fmt(n.metrics[k])]);
  const commNames = new Map(DATA.communities.map((c) => [c.id, c.name]));
  const communityName = (id) => (commNames.has(id) ? `${id}: ${commNames.get(id)}` : String(id));
  const linkWord = META.edge_label === "papers" ? "paper" : "joint paper";
  function nodeTooltip(n) {
    const box = el("div");
    box.appendChild(el("strong", n.label));
    const lines = [];
    if (n.kind === "institution") {
      lines.push("institution", `${plural(n.papers, "paper")}, ${plural(linksOf(index.get(n.id)).length, "author")} shown`);
      if (n.first_year) lines.push(`years: ${span(n.first_year, n.last_year)}`);
    } else {
      if (n.is_owner) lines.push("profile owner");
      if (n.joint_papers !== null && n.joint_papers !== undefined) lines.push(`joint papers with the owner: ${num(n.joint_papers)}${lb}`);
      lines.push(`papers: ${num(n.papers)}`, `years active: ${span(n.first_year, n.last_year)}`);
      if (n.mean_year !== null && n.mean_year !== undefined) lines.push(`mean year: ${n.mean_year}`);
      if (n.community >= 0) lines.push(`community: ${communityName(n.community)}`);
      for (const [k, v] of metricRows(n)) lines.push(`${k}: ${v}`);
    }
    for (const l of lines) box.appendChild(el("div", l));
    box.appendChild(el("div", "click for papers and collaborators", "muted"));
    return box;
  }
  function edgeTooltip(k) {
    const e = EDGES[k], box = el("div");
    box.appendChild(el("strong", `${NODES[eFrom[k]].label} — ${NODES[eTo[k]].label}`));
    box.appendChild(el("div", `${plural(e.weight, linkWord)}${lb}` + (e.first_year ? `, ${span(e.first_year, e.last_year)}` : "")));
    box.appendChild(el("div", "click for the papers", "muted"));
    return box;
  }
  const tip = $("tip");
  let tipTimer = null;
  function showTip(content, x, y) {
    tip.replaceChildren(content);
    tip.hidden = false;
    const gw = $("graph").clientWidth, gh = $("graph").clientHeight;
    const tw = tip.offsetWidth, th = tip.offsetHeight;
    tip.style.left = `${Math.max(4, Math.min(x + 14, gw - tw - 4))}px`;
    tip.style.top = `${Math.max(4, y + 14 + th > gh ? y - th - 10 : y + 14)}px`;
  }
  function hideTip() { tip.hidden = true; if (hovered >= 0 || hoveredEdge >= 0) { hovered = -1; hoveredEdge = -1; redraw(); } }
  let moveFrame = 0, lastMove = null;
  container.addEventListener("mousemove", (ev) => {
    const r = container.getBoundingClientRect();
    lastMove = [ev.clientX - r.left, ev.clientY - r.top];
    if (moveFrame) return;
    moveFrame = requestAnimationFrame(() => {
      moveFrame = 0;
      if (network.renderer.dragging) return;
      const [x, y] = lastMove, p = domToCanvas(x, y);
      const i = nodeAt(p);
      const k = i < 0 && nE <= 60000 ? edgeAt(p) : -1;
      if (i === hovered && k === hoveredEdge) return;
      hovered = i; hoveredEdge = k;
      clearTimeout(tipTimer);
      if (i >= 0) tipTimer = setTimeout(() => showTip(nodeTooltip(NODES[i]), x, y), 100);
      else if (k >= 0) tipTimer = setTimeout(() => showTip(edgeTooltip(k), x, y), 100);
      else tip.hidden = true;
      container.style.cursor = i >= 0 || k >= 0 ? "pointer" : "";
      redraw();
    });
  });
  container.addEventListener("mouseleave", () => { clearTimeout(tipTimer); hideTip(); });

  // ---- notes, legend, community filter ---------------------------------------------------------
  for (const n of META.notes || []) $("notes").appendChild(el("p", n, "note"));
  const kinds = $("kinds");
  const kindRow = (glyph, text) => { const d = el("div", null, "legend-item"); d.appendChild(el("span", glyph, "glyph")); d.appendChild(el("span", text)); kinds.appendChild(d); };
  if (NODES.some((n) => n.is_owner)) kindRow("★", "profile owner");
  if (META.institutions) kindRow("■", "institution (size = papers)");
  const colourRow = el("div", null, "legend-item");
  kinds.appendChild(colourRow);
  kindRow("—", `link width = ${META.edge_label}; coloured inside a community`);
  if (nE > LINK_BUDGET) kinds.appendChild(el("div", `At most ${num(LINK_BUDGET)} links are drawn at a time, the strongest first: zoom in to see the others.`, "muted"));
  const legend = $("legend"), commSel = $("community"), colourSel = $("colour-by");
  const listed = DATA.communities.filter((c) => c.listed);
  const others = DATA.communities.filter((c) => !c.listed);
  const label = (c) => `${c.id < 0 ? "–" : c.id}: ${c.name} (${num(c.size)}${c.shown !== c.size ? `, ${num(c.shown)} shown` : ""})`;
  function legendItem(text, colour, value, title) {
    const item = el("div", null, "legend-item");
    item.dataset.community = value;
    const sw = el("span", null, "swatch"); sw.style.background = colour;
    item.appendChild(sw); item.appendChild(el("span", text));
    item.title = title;
    item.addEventListener("click", () => { commSel.value = value; onCommunity(); });
    return item;
  }
  const commLegend = el("div");
  for (const c of listed) commLegend.appendChild(legendItem(label(c), c.color, String(c.id), "show only this community"));
  if (others.length) {
    const authors = others.reduce((t, c) => t + c.shown, 0);
    const many = `${num(others.length)} ${others.length === 1 ? "community" : "communities"}`;
    commLegend.appendChild(legendItem(`other communities (${many}, ${plural(authors, "author")} shown)`,
      META.other_colour, "other", "show only the smaller communities"));
  }
  const yearLegend = el("div");
  if (META.year_scale) {
    const ys = META.year_scale;
    yearLegend.appendChild(el("div", "colour = mean publication year of each author's papers", "muted"));
    const bar = el("div", null, "scale");
    bar.style.background = `linear-gradient(to right, ${ys.stops.join(", ")})`;
    yearLegend.appendChild(bar);
    const labels = el("div", null, "scale-labels");
    for (const t of [ys.min, Math.round((ys.min + ys.max) / 2), ys.max]) labels.appendChild(el("span", String(t)));
    yearLegend.appendChild(labels);
    const unknown = el("div", null, "legend-item");
    const sw = el("span", null, "swatch"); sw.style.background = META.other_colour;
    unknown.appendChild(sw); unknown.appendChild(el("span", "year unknown"));
    yearLegend.appendChild(unknown);
  } else {
    colourSel.querySelector("option[value=year]").disabled = true;
  }
  for (const c of [...listed, ...others]) { const o = el("option", label(c)); o.value = String(c.id); commSel.appendChild(o); }
  if (others.length && listed.length) { const o = el("option", "other communities"); o.value = "other"; commSel.insertBefore(o, commSel.options[1 + listed.length]); }
  if (DATA.communities.length < 2) commSel.disabled = true;
  function showLegend() {
    colourRow.replaceChildren(el("span", "●", "glyph"), el("span", colourMode === "year" ? `author: colour = mean year, size = ${META.size_by}` : `author: colour = community, size = ${META.size_by}`));
    legend.replaceChildren(colourMode === "year" ? yearLegend : commLegend);
    for (const item of commLegend.children) item.style.fontWeight = item.dataset.community === commSel.value ? "bold" : "";
  }

  // ---- filters: community, minimum weight, year range (replays growth) --------------------------
  const minW = $("minweight");
  $("weight-label").textContent = META.edge_label;
  let maxWeight = 1;
  for (const e of EDGES) if (e.weight > maxWeight) maxWeight = e.weight;
  minW.max = String(maxWeight);
  if (maxWeight === 1) minW.disabled = true;
  const yFrom = $("year-from"), yTo = $("year-to"), play = $("play");
  const [ymin, ymax] = META.years || [0, 0];
  for (const r of [yFrom, yTo]) { r.min = String(ymin); r.max = String(ymax); r.disabled = !META.years || ymin === ymax; }
  yFrom.value = String(ymin); yTo.value = String(ymax);
  if (yFrom.disabled) play.disabled = true;
  const inYears = (o, y0, y1) => !o.first_year || (o.first_year <= y1 && o.last_year >= y0);
  const otherIds = new Set(others.map((c) => c.id));
  const filtered = () => commSel.value !== "all" || Number(minW.value) > 1 || Number(yFrom.value) !== ymin || Number(yTo.value) !== ymax;
  function applyFilters() {
    const comm = commSel.value, w = Number(minW.value);
    const [y0, y1] = showFilterValues();
    const inComm = (n) => n.kind === "institution" || comm === "all" || (comm === "other" ? otherIds.has(n.community) : String(n.community) === comm);
    const cand = new Uint8Array(nN), linked = new Uint8Array(nN);
    for (let i = 0; i < nN; i++) cand[i] = inComm(NODES[i]) && inYears(NODES[i], y0, y1) ? 1 : 0;
    const pass = new Uint8Array(nE);
    for (let k = 0; k < nE; k++) {
      const e = EDGES[k];
      if (e.weight >= w && cand[eFrom[k]] && cand[eTo[k]] && inYears(e, y0, y1)) { pass[k] = 1; linked[eFrom[k]] = 1; linked[eTo[k]] = 1; }
    }
    // Institutions follow their authors; a strong-ties filter drops nodes left without a link.
    let shownNodes = 0, authors = 0, shownLinks = 0, changed = false;
    for (let i = 0; i < nN; i++) {
      const n = NODES[i];
      let on = cand[i];
      if (on && !n.is_owner) {
        if (n.kind === "institution" && (comm !== "all" || w > 1)) on = linked[i];
        else if (w > 1) on = linked[i];
      }
      if (n.is_owner && cand[i]) on = 1;
      if (nodeOn[i] !== on) { nodeOn[i] = on; changed = true; }
      if (on) { shownNodes++; if (n.kind !== "institution") authors++; }
    }
    for (let k = 0; k < nE; k++) {
      const on = pass[k] && nodeOn[eFrom[k]] && nodeOn[eTo[k]] ? 1 : 0;
      if (edgeOn[k] !== on) { edgeOn[k] = on; changed = true; }
      shownLinks += on;
    }
    showCounts(shownNodes, authors, shownLinks);
    if (selected >= 0 && !nodeOn[selected]) clearSelection();
    showLegend();
    if (changed) relayer();  // a step that shows the same nodes and links draws nothing new
    saveHash();
  }
  function showFilterValues() {
    let y0 = Number(yFrom.value), y1 = Number(yTo.value);
    if (y0 > y1) { [y0, y1] = [y1, y0]; }
    $("minweight-value").textContent = minW.value;
    $("year-value").textContent = META.years ? (y0 === y1 ? String(y0) : `${y0}–${y1}`) : "no years";
    return [y0, y1];
  }
  function showCounts(shownNodes, authors, shownLinks) {
    const parts = [`${num(authors)} of ${num(META.authors)} authors`];
    if (META.institutions) parts.push(`${num(shownNodes - authors)} of ${num(META.institutions)} institutions`);
    parts.push(`${num(shownLinks)} of ${num(nE)} links shown`);
    if (META.affiliated && META.affiliated.without) parts.push(`(${num(META.affiliated.without)} of ${num(META.affiliated.authors)} authors have no affiliation)`);
    $("counts").textContent = parts.join(", ");
    api.visibleNodes = shownNodes; api.visibleEdges = shownLinks;
  }
  function onCommunity() {
    timed("collabgraph:filter", () => { applyFilters(); fitTo(shownIds(), true); });
  }
  commSel.addEventListener("change", onCommunity);
  // A dragged slider fires several inputs per frame: filter once per frame, with the latest.
  let filterFrame = 0;
  for (const r of [minW, yFrom, yTo]) {
    r.addEventListener("input", () => {
      showFilterValues();
      if (filterFrame) return;
      filterFrame = requestAnimationFrame(() => { filterFrame = 0; timed("collabgraph:filter", applyFilters); });
    });
  }
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
  colourSel.addEventListener("change", () => timed("collabgraph:colour", () => setColour(colourSel.value)));
  function setColour(mode) {
    colourMode = mode === "year" && META.year_scale ? "year" : "community";
    colourSel.value = colourMode;
    restyle();
    showLegend(); relayer(); saveHash();
  }
  $("reset").addEventListener("click", () => timed("collabgraph:reset", () => {
    stopReplay();
    $("search").value = ""; $("matches").textContent = ""; matchSet = matchTop = null;
    clearSelection();
    colourMode = "community"; colourSel.value = "community"; restyle();
    commSel.value = "all"; minW.value = "1"; yFrom.value = String(ymin); yTo.value = String(ymax);
    applyFilters();
    fitTo(allIds(), true);
  }));
  $("fit").addEventListener("click", () => fitTo(shownIds(), true));

  // ---- side panel -----------------------------------------------------------------------------
  const details = $("details");
  const defaultDetails = Array.from(details.childNodes);
  function showDefault() { details.replaceChildren(...defaultDetails); }
  const link = (text, href) => { const a = el("a", text); a.href = href; a.rel = "noopener noreferrer"; a.target = "_blank"; return a; };
  const doiHref = (doi) => "https://doi.org/" + doi.split("/").map(encodeURIComponent).join("/");
  function paperItem(pid) {
    const p = DATA.papers[pid] || { title: pid };
    const li = el("li");
    li.appendChild(el("span", p.title));
    if (p.year) li.appendChild(el("span", ` (${p.year})`, "muted"));
    if (p.venue) li.appendChild(el("div", p.venue, "muted venue"));
    const links = el("div", null, "links");
    if (p.doi) links.appendChild(link(`doi:${p.doi}`, doiHref(p.doi)));
    const url = safeUrl(p.url);
    if (url && !(p.doi && url.toLowerCase().includes(p.doi.toLowerCase()))) links.appendChild(link("link", url));
    const code = safeUrl(p.code_url);
    if (code) links.appendChild(link("code", code));
    if (links.childNodes.length) li.appendChild(links);
    if (p.authors && p.authors.length) li.appendChild(el("div", p.authors.join(", ") + (p.complete ? "" : " et al."), "muted"));
    return li;
  }
  const collate = new Intl.Collator().compare;  // String.localeCompare makes one per call: slow
  const byYearDesc = (a, b) => ((DATA.papers[b] || {}).year || 0) - ((DATA.papers[a] || {}).year || 0)
    || collate(String((DATA.papers[a] || {}).title || a), String((DATA.papers[b] || {}).title || b));
  // Long lists show their first items and a button for the rest: a prolific author's 300
  // papers would otherwise make every click build thousands of elements.
  function cappedList(ul, items, make, cap, what) {
    items.slice(0, cap).forEach((x) => ul.appendChild(make(x)));
    if (items.length > cap) {
      const li = el("li", null, "more");
      const b = el("button", `show all ${num(items.length)} ${what}`, "linklike"); b.type = "button";
      b.addEventListener("click", () => { li.remove(); items.slice(cap).forEach((x) => ul.appendChild(make(x))); });
      li.appendChild(b); ul.appendChild(li);
    }
    return ul;
  }
  function paperList(pids) { return cappedList(el("ul", null, "papers"), [...pids].sort(byYearDesc), paperItem, 30, "papers"); }
  function nodeButton(i, suffix) {
    const li = el("li");
    const b = el("button", NODES[i].label, "linklike"); b.type = "button";
    b.addEventListener("click", () => focusNode(NODES[i].id));
    li.appendChild(b);
    if (suffix) li.appendChild(el("span", ` ${suffix}`, "muted"));
    return li;
  }
  function showNode(i) {
    const n = NODES[i];
    const h = el("h2", n.label);
    if (n.is_owner) h.appendChild(el("span", "owner", "tag"));
    if (n.kind === "institution") h.appendChild(el("span", "institution", "tag"));
    const parts = [h];
    const t = el("table", null, "metrics");
    const rows = [["papers", num(n.papers)], ["years", span(n.first_year, n.last_year)]];
    if (n.kind !== "institution") {
      if (n.mean_year !== null && n.mean_year !== undefined) rows.push(["mean year", String(n.mean_year)]);
      if (n.community >= 0) rows.push(["community", communityName(n.community)]);
      if (n.joint_papers !== null && n.joint_papers !== undefined) rows.push(["joint papers with the owner", `${num(n.joint_papers)}${lb}`]);
      rows.push(...metricRows(n));
    }
    for (const [k, v] of rows) { const tr = el("tr"); tr.appendChild(el("td", k)); tr.appendChild(el("td", v)); t.appendChild(tr); }
    parts.push(t);
    // With the size cap on, an institution lists the papers of its shown authors only.
    const partial = n.kind === "institution" && n.paper_ids.length < n.papers;
    parts.push(el("h3", partial ? `Papers with the authors shown (${num(n.paper_ids.length)} of ${num(n.papers)})` : `Papers (${num(n.paper_ids.length)})`), paperList(n.paper_ids));
    const links = [...linksOf(i)].sort((a, b) => EDGES[b].weight - EDGES[a].weight || collate(NODES[other(a, i)].label, NODES[other(b, i)].label));
    const heading = n.kind === "institution" ? "Authors" : META.kind === "affiliation" ? "Institutions" : "Collaborators";
    parts.push(el("h3", `${heading} (${num(links.length)})`));
    parts.push(cappedList(el("ul", null, "collaborators"), links,
      (k) => nodeButton(other(k, i), `· ${plural(EDGES[k].weight, linkWord)}`), 60, heading.toLowerCase()));
    details.replaceChildren(...parts);
  }
  function showEdge(k) {
    const e = EDGES[k];
    const ends = el("ul");
    ends.appendChild(nodeButton(eFrom[k])); ends.appendChild(nodeButton(eTo[k]));
    details.replaceChildren(
      el("h2", `${NODES[eFrom[k]].label} — ${NODES[eTo[k]].label}`),
      el("p", `${plural(e.weight, linkWord)}${lb}` + (e.first_year ? `, ${span(e.first_year, e.last_year)}` : ""), "muted"),
      ends, el("h3", `${META.edge_label === "papers" ? "Papers" : "Joint papers"} (${num(e.papers.length)})`), paperList(e.papers));
  }
  function selectNode(i) {
    selected = i; selectedEdge = -1; matchSet = matchTop = null;
    hiNodes = new Set([i]); hiEdges = [];
    for (const k of linksOf(i)) if (edgeOn[k]) { hiEdges.push(k); hiNodes.add(other(k, i)); }
    api.selected = NODES[i].id;
    showNode(i); redraw(); saveHash();
  }
  function selectEdge(k) {
    selected = -1; selectedEdge = k; matchSet = matchTop = null;
    hiNodes = new Set([eFrom[k], eTo[k]]); hiEdges = [k];
    api.selected = `edge:${EDGES[k].id}`;
    showEdge(k); redraw(); saveHash();
  }
  function clearSelection() {
    selected = -1; selectedEdge = -1; hiNodes = null; hiEdges = null;
    api.selected = null;
    showDefault(); redraw(); saveHash();
  }
  function focusNode(id, animate = true) {
    if (!index.has(id)) return false;
    const i = index.get(id);
    if (!nodeOn[i]) resetFilters();
    selectNode(i);
    // Close enough to read the neighbourhood, not so close that it leaves the screen.
    const s = Math.max(view().s, Math.min(1.2, 3 * fitScale));
    network.moveTo({ position: { x: X[i], y: Y[i] }, scale: s, animation: animate ? { duration: 300, easingFunction: "easeInOutQuad" } : false });
    return true;
  }
  network.on("click", (params) => timed("collabgraph:select", () => {
    const p = params.pointer.canvas;
    const i = nodeAt(p);
    if (i >= 0) { selectNode(i); return; }
    const k = edgeAt(p);
    if (k >= 0) selectEdge(k); else { matchSet = matchTop = null; clearSelection(); }
  }));

  // ---- search: any part of the name, accents, case and hyphens ignored --------------------------
  // The payload holds each name folded the same way (graph.render.search_key).
  const SPECIAL = { "ø": "o", "œ": "oe", "æ": "ae", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "ı": "i" };
  const fold = (s) => String(s).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[øœæłđðþßı]/g, (c) => SPECIAL[c]);
  const squeeze = (s) => s.replace(/[^\p{L}\p{N}]+/gu, "");
  let keys = null;  // [folded, squeezed] per node, built at the first search
  function findMatches(q) {
    const f = fold(q).trim().replace(/\s+/g, " "), c = squeeze(f);
    if (!c) return [];
    if (!keys) keys = NODES.map((n) => { const k = n.search || fold(n.label); return [k, squeeze(k)]; });
    const prefix = [], inside = [];
    for (const i of byImportance) {
      const [kf, kc] = keys[i];
      if (kf.startsWith(f) || kc.startsWith(c)) prefix.push(i);
      else if (kf.includes(f) || kc.includes(c)) inside.push(i);
    }
    return prefix.concat(inside).map((i) => NODES[i]);
  }
  const search = $("search"), matches = $("matches");
  function runSearch(q) {
    const found = findMatches(q);
    matches.textContent = q.trim() ? (found.length ? `${num(found.length)} match${found.length === 1 ? "" : "es"}` : "no match") : "";
    if (found.length === 1) { focusNode(found[0].id); }
    else if (found.length > 1) {
      selected = -1; selectedEdge = -1; hiNodes = null; hiEdges = null; api.selected = null;
      matchSet = new Set(found.map((n) => index.get(n.id)));
      // The most important matches, for the rings and names on the canvas (found is in
      // order of importance, prefix matches first).
      matchTop = found.slice(0, 300).map((n) => index.get(n.id)).sort((a, b) => importanceRank[a] - importanceRank[b]);
      const parts = [el("h2", `${num(found.length)} authors match “${q.trim()}”`)];
      const ul = el("ul");
      for (const n of found.slice(0, 50)) ul.appendChild(nodeButton(index.get(n.id)));
      parts.push(ul);
      if (found.length > 50) parts.push(el("p", `… and ${num(found.length - 50)} more: type more of the name.`, "muted"));
      details.replaceChildren(...parts);
      redraw();
    } else if (matchSet) { matchSet = matchTop = null; redraw(); }
    saveHash();
    return found;
  }
  let searchTimer = null;
  const SEARCH_DELAY = 120;  // ms after the last keystroke: typing a name searches once
  search.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => timed("collabgraph:search", () => runSearch(search.value)), SEARCH_DELAY);
  });
  search.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      clearTimeout(searchTimer);
      const found = findMatches(search.value);
      if (found.length) { matches.textContent = `${num(found.length)} match${found.length === 1 ? "" : "es"}`; focusNode(found[0].id); }
    }
  });

  // ---- the view in the address: #node=…&q=…&community=…&min=…&years=…&colour=… -----------------
  let hashTimer = null, applying = false;
  function hashState() {
    const h = new URLSearchParams();
    if (selected >= 0) h.set("node", NODES[selected].id);
    else if (selectedEdge >= 0) h.set("link", String(EDGES[selectedEdge].id));
    if (search.value.trim()) h.set("q", search.value);
    if (commSel.value !== "all") h.set("community", commSel.value);
    if (Number(minW.value) > 1) h.set("min", minW.value);
    if (Number(yFrom.value) !== ymin || Number(yTo.value) !== ymax) h.set("years", `${yFrom.value}-${yTo.value}`);
    if (colourMode !== "community") h.set("colour", colourMode);
    return h.toString();
  }
  function saveHash() {
    if (applying) return;
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => {
      const h = hashState();
      if (h === location.hash.replace(/^#/, "")) return;
      try { history.replaceState(null, "", h ? `#${h}` : location.pathname + location.search); } catch (e) { /* a sandboxed frame */ }
      api.hash = h;
    }, 150);
  }
  function applyHash(first) {
    const h = new URLSearchParams(location.hash.replace(/^#/, ""));
    applying = true;
    try {
      const comm = h.get("community");
      commSel.value = comm !== null && [...commSel.options].some((o) => o.value === comm) ? comm : "all";
      const w = Math.round(Number(h.get("min") || 1));
      minW.value = String(Number.isFinite(w) ? Math.max(1, Math.min(maxWeight, w)) : 1);
      const years = (h.get("years") || "").match(/^(\d{1,4})-(\d{1,4})$/);
      yFrom.value = String(years ? Math.max(ymin, Math.min(ymax, Number(years[1]))) : ymin);
      yTo.value = String(years ? Math.max(ymin, Math.min(ymax, Number(years[2]))) : ymax);
      colourMode = h.get("colour") === "year" && META.year_scale ? "year" : "community";
      colourSel.value = colourMode;
      restyle();
      if (filtered() || !first) applyFilters();
      else { showFilterValues(); showCounts(nN, NODES.filter((n) => n.kind !== "institution").length, nE); showLegend(); }
      const q = h.get("q") || "";
      search.value = q;
      matchSet = matchTop = null; selected = -1; selectedEdge = -1; hiNodes = null; hiEdges = null; api.selected = null;
      if (q.trim()) runSearch(q);
      const node = h.get("node"), lk = h.get("link");
      if (node !== null && index.has(node)) focusNode(node, !first);
      else if (lk !== null && edgeById.has(Number(lk)) && edgeOn[edgeById.get(Number(lk))]) selectEdge(edgeById.get(Number(lk)));
      else if (!q.trim()) showDefault();
      if (first && !(node !== null && index.has(node))) fitTo(commSel.value === "all" ? allIds() : shownIds(), false);
    } finally { applying = false; }
    api.hash = hashState();
  }
  window.addEventListener("hashchange", () => { if (location.hash.replace(/^#/, "") !== api.hash) applyHash(false); });

  // ---- save the picture: the canvas as it is, as a PNG (no network) --------------------------
  function pictureURL() { network.renderer._redraw(); return canvasEl().toDataURL("image/png"); }
  $("save").addEventListener("click", () => {
    const a = document.createElement("a");
    a.download = `${META.kind === "affiliation" ? "affiliations" : "coauthors"}.png`;
    a.href = pictureURL();
    document.body.appendChild(a); a.click(); a.remove();
  });

  Object.assign(api, {
    focusNode, findMatches, search: runSearch, applyFilters, resetFilters, fit: () => fitTo(shownIds(), false),
    showEdge: (id) => { if (edgeById.has(id)) selectEdge(edgeById.get(id)); },
    pictureURL, setColour, applyHash: () => applyHash(false), hashState,
    position: (id) => ({ x: X[index.get(id)], y: Y[index.get(id)] }),
    toDOM: (id) => toDOM(index.get(id)),
    nodeAt: (x, y) => { const i = nodeAt(domToCanvas(x, y)); return i < 0 ? null : NODES[i].id; },
    edgeAt: (x, y) => { const k = edgeAt(domToCanvas(x, y)); return k < 0 ? null : EDGES[k].id; },
    isShown: (id) => !!nodeOn[index.get(id)],
    isFaded: (id) => !!hiNodes && !hiNodes.has(index.get(id)),
    selectedNodes: () => (selected >= 0 ? [NODES[selected].id] : matchSet ? [...matchSet].map((i) => NODES[i].id) : []),
    colourOf: (id) => nodeColour(index.get(id)),
    colourMode: () => colourMode,
    nodeCount: nN, edgeCount: nE,
  });
  // First picture: state from the address (if any), the view fitted, one draw.
  fitScale = (fitView(allIds()) || { scale: 1 }).scale;
  applyHash(true);
  showLegend();
  redraw();
})();
