"""The Python side of bench/optim.js: one optimizer step over 100 parameters of 100x100; prints {usPerStep}."""
import json
import os
import sys
import time

import torch

cls, impl, steps = (sys.argv[1:] + ["Adam", "foreach", "100"][len(sys.argv) - 1:])[:3]
steps = int(steps)
if os.environ.get("BENCH_THREADS"):
    torch.set_num_threads(int(os.environ["BENCH_THREADS"]))
torch.manual_seed(0)
params = []
for _ in range(100):
    p = torch.randn(100, 100).requires_grad_()
    p.grad = torch.randn(100, 100) * 0.01
    params.append(p)
foreach = impl == "foreach"
if cls == "SGD":
    opt = torch.optim.SGD(params, lr=0.01, momentum=0.9, foreach=foreach)
else:
    opt = torch.optim.Adam(params, lr=1e-3, foreach=foreach)
for _ in range(20):
    opt.step()
best = wall = float("inf")
for _ in range(5):
    c0 = time.process_time_ns()
    t0 = time.perf_counter_ns()
    for _ in range(steps):
        opt.step()
    wall = min(wall, (time.perf_counter_ns() - t0) / 1000 / steps)
    best = min(best, (time.process_time_ns() - c0) / 1000 / steps)
print(json.dumps({"usPerStep": best, "wallUsPerStep": wall}))
