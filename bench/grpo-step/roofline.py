"""The best multiply-add rate PyTorch reaches on this machine with the benchmark's thread
count: single-precision matrix products from 256^2 to 1024^2, timed in process CPU time.
The counterpart of roofline.ts. Prints one JSON line.

Usage: python3 roofline.py THREADS
"""
import json
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
rates = {}
for n in (256, 512, 1024):
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    a @ b  # warm-up
    reps = max(3, round(2e9 / (2 * n**3)))
    start = time.process_time()
    for _ in range(reps):
        a @ b
    rates[f"matmul{n}"] = 2 * n**3 * reps / (time.process_time() - start) / 1e9
print(json.dumps({"side": "pytorch", "gflops": rates, "best": max(rates.values())}))
