
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
    try { return decodeURIComponent(hash.slice(8).replace(/\+/g, " ")); } catch (err) { return hash.slice(8); }
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
      " nodes \u00b7 " + data.edges.length.toLocaleString("en-US") + " of " +
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
