"""Write the graph as one self-contained, interactive HTML page.

Design, and why:

* **Own template, pyvis only for its bundled JavaScript.** pyvis's ``Network.from_nx`` is
  quadratic (20 min at 50k nodes), its default page loads vis-network from a CDN or a
  ``lib/`` folder (blank offline) and even ``in_line`` leaves dead ``../node_modules``
  links. We read ``vis-network.min.js`` 9.1.2 from the pyvis package with
  ``importlib.resources`` and inline it in our own page (kgraph/export/page/), filling the
  node and edge lists ourselves in linear time. vis-network's 220 KB stylesheet is almost
  all configurator/manipulation UI we do not use; the only rule the page needs (the tooltip
  box) is in our CSS, so no stylesheet is inlined from pyvis and nothing is fetched.
* **Data is data.** Everything taken from documents travels as JSON inside
  ``<script type="application/json" id="kg-data">`` with ``< > &`` and U+2028/2029
  escaped, so no label can close the script or open a tag. The page script builds hover
  cards, legend and details with ``createElement``/``textContent`` and hands vis-network DOM
  elements as ``title`` (a string title would be rendered by vis). The page title is
  escaped with `html.escape`.
* **Bounded work in the browser.** `select_subgraph` caps the node count (500 by default,
  most connected first). Up to `LAYOUT_THRESHOLD` nodes vis-network lays the graph out with
  a bounded number of stabilisation iterations and then turns physics off; above it a
  grid-accelerated force layout (`kgraph.export.force_layout`) runs in Python and physics stays off,
  so large pages open in seconds instead of simulating forever.
* **Deterministic.** Nodes and edges are sorted, the palette is keyed by type, the layout has
  no randomness and vis-network gets a fixed ``randomSeed``: the same graph gives the same bytes.
"""

from __future__ import annotations

import colorsys
import difflib
import functools
import html
import importlib.util
import json
import math
import re
from collections import defaultdict, deque
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from kgraph.errors import KgraphError
from kgraph.export.force_layout import force_layout
from kgraph.export.pagegraph import PageGraph
from kgraph.schema import ENTITY_TYPES

if TYPE_CHECKING:
    import networkx as nx

#: What the page is drawn from: a networkx graph, or the build's PageGraph of candidates.
Drawable = Union["nx.MultiDiGraph", PageGraph]

__all__ = ["HtmlSummary", "TYPE_STYLES", "select_subgraph", "render_html", "write_html"]

#: type local name -> (fill colour, vis-network shape). Shape families echo the ontology:
#: triangles for datasets, hexagons/star for other artifacts. Shapes that draw the label
#: outside are used throughout, so a node keeps its look when zoomed-out labels are hidden.
#: In legend order; the styles are declared with the types in kgraph.schema.
TYPE_STYLES: dict[str, tuple[str, str]] = {
    t.cls: (t.style.colour, t.style.shape) for t in sorted(ENTITY_TYPES, key=lambda t: t.style.legend)}
_FALLBACK_STYLE = ("#9CA3AF", "dot")
_INSIDE_LABEL_SHAPES = frozenset({"box", "ellipse", "circle", "database", "text"})

LAYOUT_THRESHOLD = 1000
"""Above this many nodes the layout is computed in Python and physics stays off."""

_SEED = 7
_SHORT_LABEL = 42  # characters drawn under a node; the hover card has the full label
_LONG_VALUE = 300  # abstracts and other long literals are shortened to this in cards
_MAX_SOURCES = 6
_HIDDEN_ATTRS = frozenset({"label", "type", "sources"})
_PROP_ORDER = ("title", "arxivId", "issued", "name", "notation", "url", "venueSeries", "year",
               "authorCount", "authorsTruncated", "abstract")
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 0x2028: "\\u2028", 0x2029: "\\u2029",
                 # lone surrogates (from a notebook's strings) as JSON escapes: the page stays UTF-8
                 **{c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)}}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")
_MARKER = re.compile(r"@@([A-Z_]+)@@")
_VIS_JS = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")


@dataclass(frozen=True)
class HtmlSummary:
    """What `write_html` wrote: how much of the graph the page shows, and where."""

    nodes_total: int
    nodes_shown: int
    edges_shown: int
    path: Path


# --------------------------------------------------------------------------- selection

def select_subgraph(
    g: Drawable,
    *,
    max_nodes: int | None = 500,
    focus: str | None = None,
    hops: int = 2,
    types: Iterable[str] | None = None,
    exclude_types: Iterable[str] = ("SourceDocument",),
) -> Drawable:
    """Pick the part of `g` worth drawing: filter by type, cut around `focus`, cap the size.

    `types` keeps only those node types (case-insensitive; an explicit type wins over
    `exclude_types`). `focus` is an IRI or a label (exact, then substring, case-insensitive);
    its `hops`-neighbourhood is taken over the type-filtered graph ignoring edge direction, so
    paths never run through excluded nodes. Beyond `max_nodes` the most connected nodes are
    kept (ties by node id); the focus node always stays. The part is of `g`'s kind.
    """
    keep = _selected(_page_graph(g), max_nodes=max_nodes, focus=focus, hops=hops, types=types,
                     exclude_types=exclude_types)
    if isinstance(g, PageGraph):
        return g.subgraph(keep)
    return type(g)(g.subgraph(keep))


def _page_graph(g: Drawable) -> PageGraph:
    return g if isinstance(g, PageGraph) else PageGraph.from_networkx(g)


def _selected(g: PageGraph, *, max_nodes: int | None, focus: str | None, hops: int,
              types: Iterable[str] | None, exclude_types: Iterable[str] = ("SourceDocument",)) -> set:
    """The nodes select_subgraph keeps."""
    if max_nodes is not None and max_nodes < 1:
        raise KgraphError(f"max_nodes must be at least 1, not {max_nodes}")
    if hops < 0:
        raise KgraphError(f"hops must be 0 or more, not {hops}")
    keep = _nodes_of_types(g, types, exclude_types)
    centre = None
    if focus is not None:
        centre = _resolve_focus(g, keep, focus)
        keep = _neighbourhood(g, keep, centre, hops)
    if max_nodes is not None and len(keep) > max_nodes:
        keep = _most_connected(g, keep, max_nodes, always=centre)
    return keep


def _type_of(attrs: dict[str, Any]) -> str:
    return str(attrs.get("type") or "Resource")


def _nodes_of_types(g: PageGraph, types: Iterable[str] | None,
                    exclude_types: Iterable[str]) -> set[str]:
    if types is None:
        excluded = {t.lower() for t in exclude_types}
        return {n for n, a in g.nodes.items() if _type_of(a).lower() not in excluded}
    present = {_type_of(a) for a in g.nodes.values()}
    wanted = {t.lower() for t in types}
    known = {t.lower() for t in (*TYPE_STYLES, *present)}
    unknown = sorted({t for t in types if t.lower() not in known})  # in the user's spelling
    if unknown:
        names = ", ".join(sorted(set(TYPE_STYLES) | present))
        raise KgraphError(f"unknown type(s) {', '.join(unknown)}; choose from: {names}")
    return {n for n, a in g.nodes.items() if _type_of(a).lower() in wanted}


def _resolve_focus(g: PageGraph, keep: set[str], focus: str) -> str:
    """The node `focus` names: an IRI, else an exact then substring label match."""
    if focus in keep:
        return focus
    wanted = focus.strip().lower()
    labels = {n: str(g.nodes[n].get("label", n)) for n in keep}
    for matches in ([n for n, lab in labels.items() if lab.lower() == wanted],
                    [n for n, lab in labels.items() if wanted and wanted in lab.lower()]):
        if matches:
            return min(matches, key=lambda n: (-g.degree(n), len(labels[n]), n))
    raise KgraphError(_focus_miss_message(g, labels, focus))


def _focus_miss_message(g: PageGraph, labels: dict[str, str], focus: str) -> str:
    if focus in g:
        return (f"focus {focus!r} is a {_type_of(g.nodes[focus])}, which the type filter "
                "leaves out; add it to --types")
    by_lower: dict[str, str] = {}
    for lab in sorted(labels.values()):
        by_lower.setdefault(lab.lower(), lab)
    close = difflib.get_close_matches(focus.lower(), list(by_lower), n=5, cutoff=0.5)
    hint = ("; did you mean: " + ", ".join(repr(by_lower[c]) for c in close)) if close else ""
    return f"no node matches focus {focus!r}{hint}"


def _neighbourhood(g: PageGraph, keep: set[str], centre: str, hops: int) -> set[str]:
    """Nodes within `hops` undirected steps of `centre`, walking only through `keep`."""
    seen = {centre}
    frontier = deque([(centre, 0)])
    while frontier:
        node, dist = frontier.popleft()
        if dist == hops:
            continue
        for nxt in g.neighbours(node):
            if nxt in keep and nxt not in seen:
                seen.add(nxt)
                frontier.append((nxt, dist + 1))
    return seen


def _most_connected(g: PageGraph, keep: set[str], limit: int,
                    always: str | None) -> set[str]:
    """The `limit` nodes of `keep` with the highest degree inside `keep` (ties by id)."""
    degree = g.degrees_within(keep)
    ranked = sorted(keep, key=lambda n: (n != always, -degree[n], n))
    return set(ranked[:limit])


# --------------------------------------------------------------------------- page data

def _style(type_name: str) -> dict[str, Any]:
    colour, shape = TYPE_STYLES.get(type_name, _FALLBACK_STYLE)
    return {"name": type_name, "color": colour, "border": _shade(colour, 0.72), "shape": shape,
            "ink": _ink(colour), "inside": shape in _INSIDE_LABEL_SHAPES}


def _shade(colour: str, factor: float) -> str:
    """A darker variant of `colour` for borders."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, l, s = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(h, l * factor, s)
    return "#" + "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def _ink(colour: str) -> str:
    """Dark or white text, whichever reads better on `colour`."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#111827" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#FFFFFF"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _card_props(attrs: dict[str, Any]) -> list[list[str]]:
    """Literal properties for the hover card, well-known ones first, long text shortened."""
    rank = {name: i for i, name in enumerate(_PROP_ORDER)}
    names = sorted((k for k in attrs if k not in _HIDDEN_ATTRS and attrs[k] not in (None, "")),
                   key=lambda k: (rank.get(k, len(rank)), k))
    return [[k, _shorten(_literal(attrs[k]), _LONG_VALUE)] for k in names]


def _sources(attrs: dict[str, Any]) -> tuple[list[str], int]:
    raw = attrs.get("sources")
    items = [s.strip() for s in str(raw).split(" | ") if s.strip()] if raw else []
    return items[:_MAX_SOURCES], max(0, len(items) - _MAX_SOURCES)


def _node_size(degree: int) -> int:
    return min(34, 10 + round(4 * math.log2(1 + degree)))


def _font_size(degree: int) -> int:
    """Hubs get bigger labels, so they stay readable when the view is zoomed out."""
    return min(28, 12 + round(3 * math.log2(1 + degree)))


def _edge_rows(g: PageGraph, index: dict[str, int]) -> list[list[Any]]:
    """[from, to, relation, curve] per edge, sorted; parallel edges get growing curvature."""
    rows = sorted((index[u], index[v], relation, key) for u, v, key, relation in g.edges)
    seen: dict[tuple[int, int], int] = defaultdict(int)
    out = []
    for u, v, rel, _ in rows:
        pair = (min(u, v), max(u, v))
        out.append([u, v, rel, seen[pair]])
        seen[pair] += 1
    return out


def _page_data(sub: PageGraph, totals: tuple[int, int]) -> dict[str, Any]:
    order = sorted(sub.nodes)
    index = {n: i for i, n in enumerate(order)}
    type_names = sorted({_type_of(sub.nodes[n]) for n in order}, key=_legend_rank)
    type_index = {t: i for i, t in enumerate(type_names)}
    counts: dict[str, int] = defaultdict(int)
    nodes = []
    for n in order:
        attrs = sub.nodes[n]
        label = str(attrs.get("label") or n)
        sources, more = _sources(attrs)
        degree = sub.degree(n)
        counts[_type_of(attrs)] += 1
        nodes.append({"id": n, "label": label, "short": _shorten(label, _SHORT_LABEL),
                      "type": type_index[_type_of(attrs)], "props": _card_props(attrs),
                      "sources": sources, "more_sources": more, "size": _node_size(degree),
                      "font": _font_size(degree)})
    edges = _edge_rows(sub, index)
    fixed = len(nodes) > LAYOUT_THRESHOLD
    if fixed:
        for node, (x, y) in zip(nodes, force_layout(len(nodes), [(e[0], e[1]) for e in edges])):
            node["x"], node["y"] = x, y
    return {
        "types": [{**_style(t), "count": counts[t]} for t in type_names],
        "nodes": nodes,
        "edges": edges,
        "totals": {"nodes": totals[0], "edges": totals[1]},
        "layout": "fixed" if fixed else "physics",
        "iterations": _stabilisation_iterations(len(nodes)),
        "seed": _SEED,
    }


def _legend_rank(type_name: str) -> tuple[int, str]:
    """Known types in palette order (papers first), unknown ones after, alphabetically."""
    order = list(TYPE_STYLES)
    return (order.index(type_name) if type_name in TYPE_STYLES else len(order), type_name)


def _stabilisation_iterations(n: int) -> int:
    """Fewer physics steps for bigger graphs, so the page always settles within seconds."""
    return max(150, min(600, 120_000 // max(n, 1)))


def _json_for_script(data: Any) -> str:
    """JSON that cannot end the script element or be read as markup."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # A pass of the pattern finds the few characters to escape; str.translate would look
    # every character of the page's data up in a dict (a quarter of drawing the page).
    return _SCRIPT_UNSAFE.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return _JSON_ESCAPES[ord(match.group())]


# --------------------------------------------------------------------------- page

@functools.lru_cache(maxsize=1)
def _vis_js() -> str:
    """vis-network's bundle as shipped by pyvis, read once.

    The file is found from pyvis's import spec, without running ``import pyvis``:
    that would pull in jinja2 and IPython's traitlets, a quarter of a second of a
    build's serial time, for a file read.
    """
    spec = importlib.util.find_spec("pyvis")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    try:
        if not folders:
            raise FileNotFoundError("pyvis")
        return Path(folders[0]).joinpath(*_VIS_JS).read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise KgraphError("pyvis does not ship vis-network 9.1.2 here; reinstall pyvis 0.3.2 "
                          f"(looked for {'/'.join(_VIS_JS)})") from err


@functools.lru_cache(maxsize=None)
def _page_file(name: str) -> str:
    """One file of the page in kgraph/export/page/, read once.

    page.html holds ``@@NAME@@`` markers for the others; error_hook.js runs before
    anything else, so errors in vis-network or in page.js are shown too. page.js reads
    every piece of graph data from the ``#kg-data`` JSON block and builds cards, legend
    and details with ``createElement``/``textContent`` only: no string taken from a
    document ever reaches ``innerHTML``.
    """
    return files("kgraph.export").joinpath("page", name).read_text(encoding="utf-8")


def _fill(template: str, parts: dict[str, str]) -> str:
    """Every marker filled in one regex pass, so spliced-in text (vis-network's bundle,
    the JSON data) is never scanned for markers again."""
    return _MARKER.sub(lambda m: parts[m.group(1)], template)


def _render(g: Drawable, *, title: str, max_nodes: int | None, focus: str | None,
            hops: int, types: Collection[str] | None,
            totals: tuple[int, int] | None = None) -> tuple[str, PageGraph]:
    g = _page_graph(g)
    sub = g.subgraph(_selected(g, max_nodes=max_nodes, focus=focus, hops=hops, types=types))
    data = _page_data(sub, totals or (g.number_of_nodes(), g.number_of_edges()))
    page = _fill(_page_file("page.html"), {
        "TITLE": html.escape(title.encode("utf-8", "replace").decode("utf-8"), quote=True),
        "CSS": _page_file("page.css"),
        "ERROR_HOOK": _page_file("error_hook.js"),
        "DATA": _json_for_script(data),
        "VIS_JS": _vis_js(),
        "APP_JS": _page_file("page.js"),
    })
    return page, sub


def render_html(g: Drawable, *, title: str = "kgraph", max_nodes: int | None = 500,
                focus: str | None = None, hops: int = 2,
                types: Collection[str] | None = None, totals: tuple[int, int] | None = None) -> str:
    """The page as a string; see `select_subgraph` for what the options keep. `totals`: the
    node and edge counts of the whole graph the header gives, when `g` is only a part of it
    (a build's candidates); by default `g`'s own."""
    return _render(g, title=title, max_nodes=max_nodes, focus=focus, hops=hops, types=types, totals=totals)[0]


def write_html(g: Drawable, path: str | Path, *, title: str = "kgraph",
               max_nodes: int | None = 500, focus: str | None = None, hops: int = 2,
               types: Collection[str] | None = None) -> HtmlSummary:
    """Write the page to `path` (UTF-8) and say how much of the graph it shows."""
    page, sub = _render(g, title=title, max_nodes=max_nodes, focus=focus, hops=hops, types=types)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return HtmlSummary(nodes_total=g.number_of_nodes(), nodes_shown=sub.number_of_nodes(),
                       edges_shown=sub.number_of_edges(), path=target)
