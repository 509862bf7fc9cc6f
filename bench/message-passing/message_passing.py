"""GCN message passing on PyTorch, timed: the peer of bench.ts (same graph sizes, same two
rounds of y = Â·h by index_select and index_add_, the gradient of sum(y²) with respect to h).
Prints one JSON line. Usage: python3 message_passing.py THREADS ITERATIONS"""
import json
import resource
import sys
import time

import torch

threads = int(sys.argv[1])
iterations = int(sys.argv[2])
torch.set_num_threads(threads)
NODES, EDGES, WIDTH = 2708, 10556, 512

gen = torch.Generator().manual_seed(7)
src = torch.cat([torch.randint(0, NODES, (EDGES,), generator=gen), torch.arange(NODES)])
dst = torch.cat([torch.randint(0, NODES, (EDGES,), generator=gen), torch.arange(NODES)])
degree = torch.zeros(NODES).index_add_(0, dst, torch.ones(len(dst)))
weights = (1.0 / torch.sqrt(degree[src] * degree[dst])).unsqueeze(1)
h0 = torch.randn(NODES, WIDTH, generator=gen)


def propagate(x):
    return torch.zeros(NODES, WIDTH).index_add_(0, dst, x.index_select(0, src) * weights)


def cpu_ms():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return (r.ru_utime + r.ru_stime) * 1000


def once():
    started, cpu_start = time.perf_counter(), cpu_ms()
    h = h0.clone().requires_grad_(True)
    (propagate(propagate(h)) ** 2).sum().backward()
    checksum = float(h.grad.abs().sum())
    return (time.perf_counter() - started) * 1000, cpu_ms() - cpu_start, checksum


once()
once()
runs = [once() for _ in range(iterations)]
median = lambda xs: sorted(xs)[len(xs) // 2]
print(json.dumps({"medianMs": median([r[0] for r in runs]), "medianCpuMs": median([r[1] for r in runs]), "times": [r[0] for r in runs], "torch": torch.__version__}))
