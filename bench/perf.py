"""Python side of bench/perf.js: a co-process that runs one round of a named workload per request.

Protocol (one JSON object a line): {"threads": T} sets the thread count; {"w": name, "n": n} runs workload `name`
n times and answers {"us": microseconds per call}; {"rss": steps} runs that many MLP steps and answers the RSS
growth in MB and the peak RSS. The workloads are the same as bench/perf.js's, line by line."""
import json
import os
import resource
import sys
import time
import warnings

warnings.filterwarnings("ignore")
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.manual_seed(0)
vec = torch.randn(1000000)
mat = torch.randn(1000, 1000)
rows = torch.randn(1000, 100)
one = torch.tensor([3.5])

cx = torch.randn(32, 3, 32, 32)
cw = torch.randn(16, 3, 3, 3, requires_grad=True)
cb = torch.zeros(16, requires_grad=True)

mx = torch.randn(64, 784)
my = torch.randint(0, 10, (64,))
w1 = (torch.randn(784, 256) * 0.05).requires_grad_()
b1 = torch.zeros(256, requires_grad=True)
w2 = (torch.randn(256, 10) * 0.05).requires_grad_()
b2 = torch.zeros(10, requires_grad=True)
params = [w1, b1, w2, b2]

enc = torch.nn.TransformerEncoderLayer(256, 8, 1024, dropout=0.0, batch_first=True)
tx = torch.randn(16, 64, 256)


def sgd(ps):
    with torch.no_grad():
        for p in ps:
            p.sub_(p.grad * 0.01)
            p.grad.zero_()


def conv_step():
    F.conv2d(cx, cw, cb).relu().sum().backward()
    sgd([cw, cb])


def mlp_step():
    out = (mx @ w1 + b1).relu() @ w2 + b2
    F.cross_entropy(out, my).backward()
    sgd(params)


def transformer_step():
    enc(tx).pow(2).mean().backward()
    sgd(list(enc.parameters()))


def loop(fn):
    def run(n):
        for _ in range(n):
            fn()
    return run


W = {
    "numpy_view": loop(lambda: vec.numpy()),
    "tolist_1d": loop(lambda: vec.tolist()),
    "tolist_2d": loop(lambda: mat.tolist()),
    "at_int": loop(lambda: rows[5]),
    "at_slice": loop(lambda: rows[1:3]),
    "item": loop(lambda: one.item()),
    "conv_step": loop(conv_step),
    "mlp_step": loop(mlp_step),
    "transformer_step": loop(transformer_step),
}


def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


for line in sys.stdin:
    req = json.loads(line)
    if "threads" in req:
        torch.set_num_threads(req["threads"])
        ans = {"ok": True}
    elif "rss" in req:
        r0 = rss_mb()
        t = time.perf_counter()
        for _ in range(req["rss"]):
            mlp_step()
        ans = {"us": (time.perf_counter() - t) / req["rss"] * 1e6, "grow": rss_mb() - r0,
               "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    else:
        fn = W[req["w"]]
        t = time.perf_counter()
        fn(req["n"])
        ans = {"us": (time.perf_counter() - t) / req["n"] * 1e6}
    sys.stdout.write(json.dumps(ans) + "\n")
    sys.stdout.flush()
