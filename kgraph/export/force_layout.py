"""A force-directed layout in pure Python, for pages too large for the browser to lay out.

Fruchterman-Reingold with repulsion limited to neighbouring grid cells, so each step
costs O(nodes + edges); no randomness, so the same graph always gets the same positions.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque

__all__ = ["force_layout"]


def force_layout(n: int, edges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fruchterman-Reingold with grid-limited repulsion: O(n + e) per step, pure Python.

    Nodes start on a sunflower spiral in BFS order (largest component first, from its hub),
    so neighbours begin close; a few cooling steps then pull edges short and push crowds apart.
    """
    k = 90.0
    adjacency: list[list[int]] = [[] for _ in range(n)]
    for u, v in edges:
        if u != v:
            adjacency[u].append(v)
            adjacency[v].append(u)
    xs, ys = _spiral(_bfs_order(adjacency), k)
    links = sorted({(min(u, v), max(u, v)) for u, v in edges if u != v})
    pull = [1 / math.sqrt(1 + len(adj)) for adj in adjacency]  # hubs do not swallow the rest
    steps = max(5, min(25, 2_000_000 // (n * 30 + len(links) + 1)))
    for step in range(steps):
        temperature = k * 0.6 * (1 - step / steps) + 2
        dx, dy = _repulsion(xs, ys, k)
        for u, v in links:
            ddx, ddy = xs[u] - xs[v], ys[u] - ys[v]
            f = math.hypot(ddx, ddy) / k
            dx[u] -= ddx * f * pull[u]
            dy[u] -= ddy * f * pull[u]
            dx[v] += ddx * f * pull[v]
            dy[v] += ddy * f * pull[v]
        for i in range(n):  # weak gravity keeps small components from drifting off-screen
            dx[i] -= xs[i] * 0.03
            dy[i] -= ys[i] * 0.03
            length = math.hypot(dx[i], dy[i])
            if length > 0:
                scale = min(length, temperature) / length
                xs[i] += dx[i] * scale
                ys[i] += dy[i] * scale
    return [(round(x), round(y)) for x, y in zip(xs, ys)]


def _bfs_order(adjacency: list[list[int]]) -> list[int]:
    """Node indices component by component (largest first), breadth-first from each hub."""
    seen = [False] * len(adjacency)
    components: list[list[int]] = []
    for start in sorted(range(len(adjacency)), key=lambda i: (-len(adjacency[i]), i)):
        if seen[start]:
            continue
        seen[start] = True
        component, queue = [], deque([start])
        while queue:
            node = queue.popleft()
            component.append(node)
            for nxt in sorted(adjacency[node], key=lambda i: (-len(adjacency[i]), i)):
                if not seen[nxt]:
                    seen[nxt] = True
                    queue.append(nxt)
        components.append(component)
    components.sort(key=lambda c: (-len(c), c[0]))
    return [i for c in components for i in c]


def _spiral(order: list[int], k: float) -> tuple[list[float], list[float]]:
    golden = math.pi * (3 - math.sqrt(5))
    xs, ys = [0.0] * len(order), [0.0] * len(order)
    for rank, node in enumerate(order):
        r = k * 0.55 * math.sqrt(rank + 0.5)
        xs[node], ys[node] = r * math.cos(rank * golden), r * math.sin(rank * golden)
    return xs, ys


def _repulsion(xs: list[float], ys: list[float], k: float) -> tuple[list[float], list[float]]:
    """k^2/d repulsion between nodes in the same or adjacent grid cells (cell = 2k)."""
    cell = 2 * k
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (x, y) in enumerate(zip(xs, ys)):
        grid[(int(x // cell), int(y // cell))].append(i)
    dx, dy = [0.0] * len(xs), [0.0] * len(xs)
    k2, reach = k * k, cell * cell
    for (cx, cy), members in grid.items():
        for ox, oy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
            others = members if (ox, oy) == (0, 0) else grid.get((cx + ox, cy + oy))
            if not others:
                continue
            for a, i in enumerate(members):
                xi, yi = xs[i], ys[i]
                for j in (others[a + 1:] if others is members else others):
                    ddx, ddy = xi - xs[j], yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 >= reach:
                        continue
                    if d2 < 0.01:
                        ddx, ddy, d2 = 0.1 * ((i - j) % 3 - 1) + 0.05, 0.1, 0.0125
                    f = k2 / d2
                    dx[i] += ddx * f
                    dy[i] += ddy * f
                    dx[j] -= ddx * f
                    dy[j] -= ddy * f
    return dx, dy
