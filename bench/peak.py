"""Python side of bench/peak.js: the extra peak RSS (MB) of the same conv training step."""
import json, os, resource, torch
import torch.nn.functional as F
torch.set_num_threads(1); torch.manual_seed(0)
x = torch.randn(64, 3, 64, 64); y = torch.randint(0, 10, (64,))
c1 = (torch.randn(32, 3, 3, 3) * 0.1).requires_grad_(); c2 = (torch.randn(32, 32, 3, 3) * 0.05).requires_grad_(); fc = (torch.randn(10, 32) * 0.1).requires_grad_()
params = [c1, c2, fc]
def step():
    h1 = F.conv2d(x, c1, None, 1, 1).relu()
    h2 = F.conv2d(h1, c2, None, 1, 1).relu()
    loss = F.cross_entropy(h2.mean([2, 3]) @ fc.t(), y)
    loss.backward()
    with torch.no_grad():
        for p in params:
            p.sub_(p.grad * 0.01); p.grad.zero_()
def rss():
    with open("/proc/self/statm") as f: return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576
step()
r0 = rss()
for _ in range(3): step()
print(json.dumps({"mode": "python", "peakExtraMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - r0}))
