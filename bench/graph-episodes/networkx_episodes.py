"""networkx side of bench/graph-episodes: the same sampling as @ssl4rl/graph-tasks, with
networkx graph operations and Python's random module (no numpy needed). Reads the graph the
TypeScript side wrote (raw little-endian int32 edge endpoints, float32 features) and prints
one JSON line of timings in milliseconds of process CPU time (the machines are shared;
wall time would charge waiting for a core to whichever side was running)."""
import json
import random
import sys
import time
from array import array

import networkx as nx

folder, n, f, episodes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])


def read(name, code):
    a = array(code)
    with open(f"{folder}/{name}", "rb") as fh:
        a.frombytes(fh.read())
    return a


src, dst, feat = read("sources.i32", "i"), read("targets.i32", "i"), read("features.f32", "f")
rows = [feat[u * f:(u + 1) * f].tolist() for u in range(n)]

t = time.process_time()
G = nx.Graph()
G.add_nodes_from(range(n))
G.add_edges_from((u, v) for u, v in zip(src, dst) if u != v)
build_ms = (time.process_time() - t) * 1000

# A. hold out 10% of the edges, draw as many distinct non-edges of the full graph.
rng = random.Random(1)
t = time.process_time()
edges = list(G.edges())
h = round(0.1 * len(edges))
held = rng.sample(edges, h)
held = [(u, v) if rng.random() < 0.5 else (v, u) for u, v in held]
visible = G.copy()
visible.remove_edges_from(held)
negatives, seen = [], set()
while len(negatives) < h:
    u, v = rng.randrange(n), rng.randrange(n)
    if u == v or G.has_edge(u, v):
        continue
    key = (u, v) if u < v else (v, u)
    if key in seen:
        continue
    seen.add(key)
    negatives.append((u, v))
holdout_ms = (time.process_time() - t) * 1000


def describe(row, cap):
    text = ", ".join(f"{x:.2f}" for x in row[:cap])
    return f"[{text}{f', … (+{len(row) - cap} more values)' if len(row) > cap else ''}]"


def neighbourhood(graph, seeds, hops, max_nodes, max_edges, view_rows, masked, cap):
    order, hop = [], {}
    for s in seeds:
        if s not in hop:
            hop[s] = 0
            order.append(s)
    frontier, reachable = list(order), len(order)
    for d in range(1, hops + 1):
        if not frontier:
            break
        nxt = []
        for u in frontier:
            for v in sorted(graph[u]):
                if v in hop:
                    continue
                hop[v] = d
                nxt.append(v)
                reachable += 1
                if len(order) < max_nodes:
                    order.append(v)
        if reachable > max_nodes * 50:
            break
        frontier = nxt
    shown = set(order)
    lines = [f"Nodes within {hops} hops (showing the {len(order)} nearest of {reachable}):"]
    for u in order:
        text = "[features hidden]" if masked is not None and u in masked else describe(view_rows[u], cap)
        lines.append(f"- n{u} (hop {hop[u]}): {text}")
    shown_edges, total = [], 0
    for u in order:
        for v in sorted(graph[u]):
            if v <= u or v not in shown:
                continue
            total += 1
            if len(shown_edges) < max_edges:
                shown_edges.append(f"n{u}-n{v}")
    lines.append(f"Edges among these nodes ({total}): {', '.join(shown_edges)}")
    return "\n".join(lines)


def mask_set(seed):
    """Half the nodes masked (rows zeroed in the view), and the masked nodes with a neighbour."""
    rng = random.Random(seed)
    masked_list = sorted(rng.sample(range(n), n // 2))
    masked = set(masked_list)
    zeros = [0.0] * f
    view_rows = [zeros if u in masked else rows[u] for u in range(n)]
    queries = [u for u in masked_list if G.degree(u) > 0]
    return masked_list, masked, view_rows, queries


chars = 0
# B. 50% mask set, then node-masking episodes.
t = time.process_time()
masked_list, masked, view_rows, queries = mask_set(2)
for i in range(episodes):
    r = random.Random(f"2:{i}")
    u = r.choice(queries)
    wrong = []
    while len(wrong) < 3:
        v = r.choice(masked_list)
        if v != u and rows[v] != rows[u] and all(rows[v] != rows[w] for w in wrong):
            wrong.append(v)
    candidates = [u] + wrong
    r.shuffle(candidates)
    text = neighbourhood(G, [u], 2, 30, 60, view_rows, masked, 24)
    options = "\n".join(f"{'ABCD'[k]}: {describe(rows[c], 64)}" for k, c in enumerate(candidates))
    chars += len(text) + len(options)
mask_ms = (time.process_time() - t) * 1000

# C. edge-prediction yes/no episodes on the held-out view.
t = time.process_time()
for i in range(episodes):
    r = random.Random(f"3:{i}")
    positive = r.random() < 0.5
    k = r.randrange(h)
    u, v = held[k] if positive else negatives[k]
    text = neighbourhood(visible, [u, v], 1, 30, 60, rows, None, 16)
    chars += len(text)
edge_ms = (time.process_time() - t) * 1000

# D. two copies corrupted apart (30% of the edges dropped, 30% of the feature columns zeroed,
# each copy its own), then node-contrast episodes.
t = time.process_time()
rng = random.Random(4)
copies = []
for _ in range(2):
    copy = G.copy()
    copy.remove_edges_from([e for e in edges if rng.random() < 0.3])
    keep = [rng.random() >= 0.3 for _ in range(f)]
    copies.append((copy, [[x if keep[j] else 0.0 for j, x in enumerate(row)] for row in rows]))
(first, first_rows), (second, second_rows) = copies
for i in range(episodes):
    r = random.Random(f"4:{i}")
    u = r.randrange(n)
    wrong = []
    while len(wrong) < 7:
        v = r.randrange(n)
        if v != u and v not in wrong and rows[v] != rows[u] and all(rows[v] != rows[w] for w in wrong):
            wrong.append(v)
    candidates = [u] + wrong
    r.shuffle(candidates)
    text = neighbourhood(first, [u], 1, 20, 40, first_rows, None, 16)
    options = "\n".join(f"{'ABCDEFGH'[k]}: {second.degree(c)} neighbours; {describe(second_rows[c], 32)}" for k, c in enumerate(candidates))
    chars += len(text) + len(options)
contrast_ms = (time.process_time() - t) * 1000

# E. a copy with the same edges whose feature rows are shuffled among the nodes, then
# corruption-detection episodes: one intact and 3 shuffled nodes with a neighbour (a shuffled one
# never keeping a row equal to its own), 16 summary nodes, each candidate's row and up to 4
# neighbours' rows as text.
t = time.process_time()
rng = random.Random(5)
source = list(range(n))
rng.shuffle(source)
shuffled_rows = [rows[source[v]] for v in range(n)]
connected = [u for u in range(n) if G.degree(u) > 0]


def candidate_text(node, node_rows):
    neighbours = list(G.neighbors(node))
    shown = " ".join(f"({describe(node_rows[w], 12)})" for w in neighbours[:4])
    rest = f", and {len(neighbours) - 4} more" if len(neighbours) > 4 else ""
    return f"{describe(node_rows[node], 12)}; {len(neighbours)} neighbours: {shown}{rest}"


for i in range(episodes):
    r = random.Random(f"5:{i}")
    u = r.choice(connected)
    wrong = []
    while len(wrong) < 3:
        v = r.choice(connected)
        if v not in wrong and shuffled_rows[v] != rows[v]:
            wrong.append(v)
    summary = set()
    while len(summary) < 16:
        w = r.randrange(n)
        if w != u:
            summary.add(w)
    candidates = [(u, rows)] + [(v, shuffled_rows) for v in wrong]
    r.shuffle(candidates)
    options = "\n".join(f"{'ABCD'[k]}: {candidate_text(c, c_rows)}" for k, (c, c_rows) in enumerate(candidates))
    chars += len(options)
corruption_ms = (time.process_time() - t) * 1000

# F. 50% mask set, then attribute-masking episodes on numeric features: 4 distinct columns whose
# largest value at the hidden node is strictly the largest (redrawn otherwise), and the node's
# 2-hop neighbourhood as text.
t = time.process_time()
masked_list, masked, view_rows, queries = mask_set(6)
for i in range(episodes):
    r = random.Random(f"6:{i}")
    u = r.choice(queries)
    while True:
        columns = r.sample(range(f), 4)
        values = sorted((rows[u][j] for j in columns), reverse=True)
        if values[0] > values[1]:
            break
    text = neighbourhood(G, [u], 2, 30, 60, view_rows, masked, 24)
    options = "\n".join(f"{'ABCD'[k]}: feature {j}" for k, j in enumerate(columns))
    chars += len(text) + len(options)
attribute_ms = (time.process_time() - t) * 1000

print(json.dumps({"build_ms": build_ms, "holdout_ms": holdout_ms, "mask_ms": mask_ms, "edge_ms": edge_ms, "contrast_ms": contrast_ms, "corruption_ms": corruption_ms, "attribute_ms": attribute_ms, "held_out": h, "chars": chars, "networkx": nx.__version__}))
