"""Python side of `npm run bench`: the same workloads as bench/run.js, timed the same way (median of rounds)."""
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")
import torch  # noqa: E402

cfg = json.loads(sys.argv[1])
torch.set_num_threads(cfg["threads"])


def timed(fn, n, rounds=5):
    fn(min(n, 1000))  # warm up
    best = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn(n)
        best.append((time.perf_counter() - t) / n * 1e6)
    best.sort()
    return best[len(best) // 2]


a = torch.tensor([1.0])
b = torch.tensor([2.0])


def tiny_add(n):
    for _ in range(n):
        a.add(b)


def tiny_torch_add(n):
    for _ in range(n):
        torch.add(a, b)


def tiny_mul_scalar(n):
    for _ in range(n):
        a.mul(2)


def tiny_chain(n):
    for _ in range(n):
        a.add(b).mul(a).sub(b)


m1 = torch.randn(1024, 1024)
m2 = torch.randn(1024, 1024)


def matmul(n):
    for _ in range(n):
        m1.matmul(m2)


out = {
    "tiny_add": timed(tiny_add, cfg["n"]),
    "tiny_torch_add": timed(tiny_torch_add, cfg["n"]),
    "tiny_mul_scalar": timed(tiny_mul_scalar, cfg["n"]),
    "tiny_chain": timed(tiny_chain, cfg["n"] // 3),
    "matmul_1024": timed(matmul, cfg["mm"], rounds=3),
}
print(json.dumps(out))
