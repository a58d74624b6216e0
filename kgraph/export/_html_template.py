"""The page skeleton, stylesheet and script of the HTML view, kept apart from the Python logic.

`PAGE` holds ``@@NAME@@`` markers that `kgraph.export.html` fills in one regex pass, so text
that is spliced in (vis-network's bundle, the JSON data) is never scanned for markers again.
The script reads every piece of graph data from the ``#kg-data`` JSON block and builds the
hover cards, legend and details with ``createElement``/``textContent`` only: no string taken
from a document ever reaches ``innerHTML``.
"""

from __future__ import annotations

__all__ = ["PAGE", "CSS", "ERROR_HOOK_JS", "APP_JS"]

CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f2937;
background:#f5f6f8;display:flex;flex-direction:column;overflow:hidden}
.kg-bar{display:flex;align-items:center;gap:16px;padding:10px 16px;background:#1f2a37;color:#f9fafb;
box-shadow:0 1px 3px rgba(0,0,0,.25);z-index:2;flex:0 0 auto}
.kg-bar h1{font-size:17px;font-weight:600;margin:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;
max-width:38vw}
.kg-stats{color:#cbd5e1;font-size:13px;white-space:nowrap}
.kg-search{margin-left:auto;display:flex;align-items:center;gap:6px}
.kg-search input{width:260px;padding:6px 10px;border-radius:6px;border:1px solid #475569;background:#f8fafc;
color:#111827;font:inherit}
.kg-search button{padding:6px 12px;border-radius:6px;border:0;background:#3b82f6;color:#fff;font:inherit;
cursor:pointer}
.kg-search button:hover{background:#2563eb}
.kg-status{min-width:72px;font-size:13px;color:#fca5a5}
.kg-status.kg-ok{color:#86efac}
.kg-main{flex:1 1 auto;display:flex;min-height:0}
.kg-canvas{position:relative;flex:1 1 auto;min-width:0}
#kg-network{position:absolute;inset:0;background:#fff;
background-image:radial-gradient(#e5e7eb 1px,transparent 1px);background-size:22px 22px}
.kg-side{flex:0 0 290px;overflow-y:auto;background:#fff;border-left:1px solid #e5e7eb;padding:14px 16px}
.kg-side h2{font-size:12px;letter-spacing:.06em;text-transform:uppercase;color:#6b7280;margin:4px 0 8px}
.kg-side section+section{margin-top:18px;border-top:1px solid #f0f1f3;padding-top:12px}
.kg-legend{list-style:none;margin:0;padding:0}
.kg-legend li label{display:flex;align-items:center;gap:8px;padding:3px 4px;border-radius:5px;cursor:pointer}
.kg-legend li label:hover{background:#f3f4f6}
.kg-legend input{margin:0}
.kg-legend svg{flex:0 0 auto}
.kg-legend .kg-count{margin-left:auto;color:#6b7280;font-variant-numeric:tabular-nums}
.kg-legend li.kg-off .kg-name{color:#9ca3af;text-decoration:line-through}
.kg-hint{color:#6b7280;font-size:13px;margin:0}
.kg-actions{display:flex;gap:6px;margin-top:6px}
.kg-actions button{font:12px system-ui,sans-serif;padding:3px 8px;border:1px solid #d1d5db;border-radius:5px;
background:#fff;color:#374151;cursor:pointer}
.kg-actions button:hover{background:#f3f4f6}
.kg-card{max-width:360px;white-space:normal;overflow-wrap:anywhere}
.kg-badge{display:inline-block;font-size:11px;font-weight:600;padding:1px 7px;border-radius:9px;
letter-spacing:.02em}
.kg-card-title{font-weight:600;font-size:14px;margin:5px 0 4px;color:#111827}
.kg-card dl{margin:4px 0;display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;font-size:12px}
.kg-card dt{color:#6b7280}
.kg-card dd{margin:0;color:#1f2937}
.kg-card-sub{font-size:11px;color:#6b7280;text-transform:uppercase;letter-spacing:.05em;margin-top:6px}
.kg-sources{margin:2px 0 0;padding-left:16px;font-size:12px;color:#374151}
.kg-iri{font:11px ui-monospace,SFMono-Regular,Menlo,monospace;color:#9ca3af;margin-top:6px}
.kg-edge-card{font-size:12px;max-width:360px;white-space:normal}
.kg-edge-card b{color:#2563eb}
div.vis-tooltip{position:absolute;visibility:hidden;padding:10px 12px;white-space:normal;
font:13px/1.4 system-ui,sans-serif;color:#1f2937;background:#fff;border:1px solid #e5e7eb;border-radius:8px;
box-shadow:0 8px 24px rgba(15,23,42,.18);pointer-events:none;z-index:5;max-width:400px}
.kg-progress{position:absolute;left:50%;top:45%;transform:translate(-50%,-50%);background:#fff;
border:1px solid #e5e7eb;border-radius:10px;padding:14px 18px;box-shadow:0 8px 24px rgba(15,23,42,.12);
font-size:13px;color:#374151;text-align:center;z-index:3}
.kg-progress .kg-track{width:220px;height:6px;background:#e5e7eb;border-radius:3px;margin-top:8px;overflow:hidden}
.kg-progress .kg-fill{height:100%;width:0;background:#3b82f6}
.kg-empty{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;color:#6b7280}
#kg-errors{position:fixed;left:12px;bottom:12px;max-width:60vw;margin:0;padding:8px 10px;background:#fef2f2;
color:#991b1b;border:1px solid #fecaca;border-radius:6px;font-size:12px;white-space:pre-wrap;z-index:10}
#kg-errors:empty{display:none}
"""

# Installed before anything else runs, so errors in vis-network or the app are caught too.
ERROR_HOOK_JS = """
(function () {
  "use strict";
  function report(message) {
    var box = document.getElementById("kg-errors");
    if (box) { box.textContent += message + "\\n"; }
  }
  window.addEventListener("error", function (event) {
    report("Error: " + (event.message || String(event.error || "unknown error")));
  });
  window.addEventListener("unhandledrejection", function (event) {
    report("Unhandled rejection: " + String(event.reason));
  });
})();
"""

APP_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var types = data.types;
  var hiddenTypes = {};
  var network = null;
  var ready = false;
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function badge(type) {
    var b = el("span", "kg-badge", type.name);
    b.style.backgroundColor = type.color;
    b.style.color = type.ink;
    return b;
  }

  /* A node's card: label, type, literal properties and sources, all as text nodes. */
  function nodeCard(n) {
    var root = el("div", "kg-card");
    root.appendChild(badge(types[n.type]));
    root.appendChild(el("div", "kg-card-title", n.label));
    if (n.props.length) {
      var dl = el("dl");
      n.props.forEach(function (p) {
        dl.appendChild(el("dt", null, p[0]));
        dl.appendChild(el("dd", null, p[1]));
      });
      root.appendChild(dl);
    }
    if (n.sources.length) {
      root.appendChild(el("div", "kg-card-sub", "Sources"));
      var ul = el("ul", "kg-sources");
      n.sources.forEach(function (s) { ul.appendChild(el("li", null, s)); });
      if (n.more_sources) { ul.appendChild(el("li", null, "+" + n.more_sources + " more")); }
      root.appendChild(ul);
    }
    root.appendChild(el("div", "kg-iri", n.id));
    return root;
  }

  function edgeCard(e) {
    var root = el("div", "kg-edge-card");
    root.appendChild(document.createTextNode(data.nodes[e[0]].label + " "));
    root.appendChild(el("b", null, e[2]));
    root.appendChild(document.createTextNode(" " + data.nodes[e[1]].label));
    return root;
  }

  function shapeIcon(type) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "0 0 16 16");
    var shapes = {
      dot: ["circle", {cx: 8, cy: 8, r: 6}],
      square: ["rect", {x: 2, y: 2, width: 12, height: 12}],
      box: ["rect", {x: 1, y: 3, width: 14, height: 10, rx: 3}],
      ellipse: ["ellipse", {cx: 8, cy: 8, rx: 7, ry: 5}],
      diamond: ["polygon", {points: "8,1 15,8 8,15 1,8"}],
      triangle: ["polygon", {points: "8,1.5 15,14 1,14"}],
      triangleDown: ["polygon", {points: "1,2 15,2 8,14.5"}],
      hexagon: ["polygon", {points: "4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8"}],
      star: ["polygon", {points: "8,1 9.9,5.9 15,6.1 11,9.3 12.4,14.5 8,11.5 3.6,14.5 5,9.3 1,6.1 6.1,5.9"}]
    };
    var spec = shapes[type.shape] || shapes.dot;
    var shape = document.createElementNS(SVG, spec[0]);
    Object.keys(spec[1]).forEach(function (k) { shape.setAttribute(k, String(spec[1][k])); });
    shape.setAttribute("fill", type.color);
    shape.setAttribute("stroke", type.border);
    shape.setAttribute("stroke-width", "1.2");
    svg.appendChild(shape);
    return svg;
  }

  function visGroups() {
    var groups = {};
    types.forEach(function (t) {
      groups[t.name] = {
        shape: t.shape,
        color: {background: t.color, border: t.border,
                highlight: {background: t.color, border: "#111827"},
                hover: {background: t.color, border: "#111827"}},
        font: t.inside ? {color: t.ink, strokeWidth: 0} : {}
      };
    });
    return groups;
  }

  function buildNodes() {
    return data.nodes.map(function (n, i) {
      var node = {id: i, label: n.short, group: types[n.type].name, size: n.size,
                  font: {size: n.font}, title: nodeCard(n)};
      if (n.x !== undefined) { node.x = n.x; node.y = n.y; }
      return node;
    });
  }

  function buildEdges() {
    return data.edges.map(function (e, i) {
      var edge = {id: i, from: e[0], to: e[1], label: e[2], title: edgeCard(e)};
      if (e[3]) { edge.smooth = {enabled: true, type: "curvedCW", roundness: 0.18 * e[3]}; }
      return edge;
    });
  }

  function options() {
    var fixed = data.layout === "fixed";
    var crowded = data.nodes.length > 100;  /* pull stray components in, keep the overview legible */
    return {
      autoResize: true,
      groups: visGroups(),
      layout: {randomSeed: data.seed, improvedLayout: !fixed && data.nodes.length <= 100},
      nodes: {
        borderWidth: 1.5,
        font: {size: 14, face: "system-ui, sans-serif", color: "#1f2937", strokeWidth: 3,
               strokeColor: "#ffffff"},
        scaling: {label: {drawThreshold: 9}}
      },
      edges: {
        arrows: {to: {enabled: true, scaleFactor: 0.55}},
        color: {color: "#b6bfcc", highlight: "#2563eb", hover: "#64748b", inherit: false,
                opacity: fixed ? 0.45 : 1},
        width: 1.2,
        smooth: false,
        font: {size: 10, face: "system-ui, sans-serif", color: "#64748b", strokeWidth: 3,
               strokeColor: "#ffffff", align: "middle"},
        scaling: {label: {drawThreshold: 6}}
      },
      physics: fixed ? false : {
        enabled: true,
        solver: "forceAtlas2Based",
        forceAtlas2Based: {gravitationalConstant: -80, centralGravity: crowded ? 0.03 : 0.012,
                           springLength: crowded ? 95 : 125,
                           springConstant: 0.06, damping: 0.6, avoidOverlap: 0.8},
        maxVelocity: 60,
        minVelocity: 1,
        timestep: 0.5,
        stabilization: {enabled: true, iterations: data.iterations, updateInterval: 20, fit: true}
      },
      interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: fixed, hideEdgesOnZoom: fixed,
                    multiselect: false, navigationButtons: false, keyboard: false}
    };
  }

  function showDetails(index) {
    var body = document.getElementById("kg-details");
    while (body.firstChild) { body.removeChild(body.firstChild); }
    if (index === null || index === undefined) {
      body.appendChild(el("p", "kg-hint", "Click a node to see its details; hover for a quick card."));
    } else {
      body.appendChild(nodeCard(data.nodes[index]));
    }
  }

  function setTypeVisible(typeIndex, visible, nodeSet) {
    if (!visible === !!hiddenTypes[typeIndex]) { return; }
    hiddenTypes[typeIndex] = !visible;
    var box = document.getElementById("kg-type-" + typeIndex);
    if (box) {
      box.checked = visible;
      box.closest("li").classList.toggle("kg-off", !visible);
    }
    var updates = [];
    data.nodes.forEach(function (n, i) { if (n.type === typeIndex) { updates.push({id: i, hidden: !visible}); } });
    nodeSet.update(updates);
  }

  function buildLegend(nodeSet) {
    var list = document.getElementById("kg-legend");
    types.forEach(function (t, i) {
      var li = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.id = "kg-type-" + i;
      box.addEventListener("change", function () { setTypeVisible(i, box.checked, nodeSet); });
      label.appendChild(box);
      label.appendChild(shapeIcon(t));
      label.appendChild(el("span", "kg-name", t.name));
      label.appendChild(el("span", "kg-count", t.count.toLocaleString("en-US")));
      li.appendChild(label);
      list.appendChild(li);
    });
    document.getElementById("kg-all").addEventListener("click", function () {
      types.forEach(function (t, i) { setTypeVisible(i, true, nodeSet); });
    });
    document.getElementById("kg-none").addEventListener("click", function () {
      types.forEach(function (t, i) { setTypeVisible(i, false, nodeSet); });
    });
  }

  var lowered = data.nodes.map(function (n) { return n.label.toLowerCase(); });

  /* Exact label (case-insensitive), then the IRI, then the shortest label containing the text. */
  function findNode(text) {
    var q = String(text || "").trim().toLowerCase();
    if (!q) { return -1; }
    var i = lowered.indexOf(q);
    if (i >= 0) { return i; }
    for (i = 0; i < data.nodes.length; i++) {
      if (data.nodes[i].id.toLowerCase() === q) { return i; }
    }
    var best = -1;
    for (i = 0; i < lowered.length; i++) {
      if (lowered[i].indexOf(q) >= 0 && (best < 0 || lowered[i].length < lowered[best].length)) { best = i; }
    }
    return best;
  }

  function setStatus(text, ok) {
    var status = document.getElementById("kg-search-status");
    status.textContent = text;
    status.classList.toggle("kg-ok", !!ok);
  }

  function search(text, nodeSet, animate) {
    var index = findNode(text);
    if (index < 0) {
      setStatus(String(text || "").trim() ? "no match" : "", false);
      if (network) { network.unselectAll(); }
      showDetails(null);
      return null;
    }
    setTypeVisible(data.nodes[index].type, true, nodeSet);
    setStatus("found", true);
    if (network) {
      network.selectNodes([index]);
      var motion = animate ? {duration: 400, easingFunction: "easeInOutQuad"} : false;
      network.focus(index, {scale: Math.max(1.1, network.getScale()), animation: motion});
    }
    showDetails(index);
    return data.nodes[index].id;
  }

  function fragmentQuery() {
    var hash = window.location.hash || "";
    if (hash.indexOf("#search=") !== 0) { return null; }
    try { return decodeURIComponent(hash.slice(8).replace(/\\+/g, " ")); } catch (err) { return hash.slice(8); }
  }

  function runFragmentSearch(nodeSet) {
    var q = fragmentQuery();
    if (q === null) { return; }
    document.getElementById("kg-search").value = q;
    var found = search(q, nodeSet, false);
    document.body.dataset.searchResult = found === null ? "" : found;
  }

  function fillStats() {
    var t = data.totals;
    var text = data.nodes.length.toLocaleString("en-US") + " of " + t.nodes.toLocaleString("en-US") +
      " nodes \\u00b7 " + data.edges.length.toLocaleString("en-US") + " of " +
      t.edges.toLocaleString("en-US") + " edges";
    document.getElementById("kg-stats").textContent = text;
  }

  function fillDatalist() {
    if (data.nodes.length > 5000) { return; }
    var list = document.getElementById("kg-labels");
    var seen = {};
    data.nodes.forEach(function (n) {
      if (seen[n.label]) { return; }
      seen[n.label] = true;
      var opt = el("option");
      opt.value = n.label;
      list.appendChild(opt);
    });
  }

  function markReady(nodeSet) {
    if (ready) { return; }
    ready = true;
    document.body.dataset.nodeCount = String(data.nodes.length);
    window.kgraphReady = true;
    runFragmentSearch(nodeSet);
  }

  function hideProgress() {
    var p = document.getElementById("kg-progress");
    if (p) { p.hidden = true; }
  }

  /* Fit everything, then step back a little so labels at the rim are not cut off. */
  function fitWithMargin() {
    network.fit();
    network.moveTo({scale: network.getScale() * 0.9});
  }

  function main() {
    fillStats();
    fillDatalist();
    showDetails(null);
    var nodeSet = new vis.DataSet(buildNodes());
    var edgeSet = new vis.DataSet(buildEdges());
    window.kgraphSearch = function (text) { return search(text, nodeSet, false); };
    buildLegend(nodeSet);
    document.getElementById("kg-search-form").addEventListener("submit", function (event) {
      event.preventDefault();
      search(document.getElementById("kg-search").value, nodeSet, true);
    });
    window.addEventListener("hashchange", function () { runFragmentSearch(nodeSet); });
    if (!data.nodes.length) {
      hideProgress();
      document.getElementById("kg-network").appendChild(el("div", "kg-empty", "Nothing to show: the selection is empty."));
      markReady(nodeSet);
      return;
    }
    var container = document.getElementById("kg-network");
    network = new vis.Network(container, {nodes: nodeSet, edges: edgeSet}, options());
    window.kgraphNetwork = network;  /* for tests and the console */
    network.on("selectNode", function (params) { showDetails(params.nodes[0]); });
    network.on("deselectNode", function () { showDetails(null); });
    if (data.layout === "fixed") {
      hideProgress();
      fitWithMargin();
      network.once("afterDrawing", function () { markReady(nodeSet); });
      network.redraw();
    } else {
      network.on("stabilizationProgress", function (params) {
        var pct = Math.round(100 * params.iterations / params.total);
        document.getElementById("kg-progress-fill").style.width = pct + "%";
      });
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({physics: false});
        hideProgress();
        fitWithMargin();
        network.once("afterDrawing", function () { markReady(nodeSet); });
        network.redraw();
      });
    }
  }

  main();
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kgraph">
<title>@@TITLE@@</title>
<style>@@CSS@@</style>
<script>@@ERROR_HOOK@@</script>
</head>
<body>
<header class="kg-bar">
  <h1>@@TITLE@@</h1>
  <span class="kg-stats" id="kg-stats"></span>
  <form class="kg-search" id="kg-search-form" role="search" autocomplete="off">
    <input id="kg-search" type="search" placeholder="Search a label\u2026" list="kg-labels" aria-label="Search a label">
    <button type="submit">Find</button>
    <span class="kg-status" id="kg-search-status" role="status" aria-live="polite"></span>
  </form>
</header>
<div class="kg-main">
  <div class="kg-canvas">
    <div id="kg-network"></div>
    <div class="kg-progress" id="kg-progress">Laying out the graph\u2026
      <div class="kg-track"><div class="kg-fill" id="kg-progress-fill"></div></div>
    </div>
  </div>
  <aside class="kg-side">
    <section>
      <h2>Types</h2>
      <ul class="kg-legend" id="kg-legend"></ul>
      <div class="kg-actions"><button type="button" id="kg-all">Show all</button><button type="button" id="kg-none">Hide all</button></div>
    </section>
    <section>
      <h2>Details</h2>
      <div id="kg-details"></div>
    </section>
  </aside>
</div>
<datalist id="kg-labels"></datalist>
<pre id="kg-errors" role="alert"></pre>
<script type="application/json" id="kg-data">@@DATA@@</script>
<script>@@VIS_JS@@</script>
<script>@@APP_JS@@</script>
</body>
</html>
"""
