"""The Python side of bench/loop.js: the same two-layer net with manual SGD; prints {usPerStep, rssGrowMB}."""
import json
import os
import sys
import time

import torch

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
if os.environ.get("BENCH_THREADS"):
    torch.set_num_threads(int(os.environ["BENCH_THREADS"]))
torch.manual_seed(0)
N, D_in, H, D_out = 64, 1000, 100, 10
x = torch.randn(N, D_in)
y = torch.randn(N, D_out)
w1 = torch.randn(D_in, H, requires_grad=True)
w2 = torch.randn(H, D_out, requires_grad=True)
lr = 1e-6


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def step():
    y_pred = x.mm(w1).clamp(min=0).mm(w2)
    loss = (y_pred - y).pow(2).sum()
    loss.backward()
    with torch.no_grad():
        w1.sub_(lr * w1.grad)
        w2.sub_(lr * w2.grad)
        w1.grad.zero_()
        w2.grad.zero_()
    return loss


for _ in range(200):
    step()
r0 = rss()
c0 = time.process_time()
t0 = time.perf_counter()
for _ in range(steps):
    step()
us = (time.perf_counter() - t0) * 1e6 / steps
cpu = (time.process_time() - c0) * 1e6 / steps
print(json.dumps({"mode": "python", "usPerStep": us, "cpuUsPerStep": cpu, "rssGrowMB": (rss() - r0) / 1048576}))
