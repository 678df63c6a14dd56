"""Python side of bench/cuda.js: the same CUDA workloads, timed the same way (synchronized, median of rounds)."""
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")
import torch  # noqa: E402

cfg = json.loads(sys.argv[1])


def timed(fn, n, rounds=5):
    fn(max(1, n // 10))
    torch.cuda.synchronize()
    res = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn(n)
        torch.cuda.synchronize()
        res.append((time.perf_counter() - t) / n * 1e6)
    res.sort()
    return res[len(res) // 2]


a = torch.tensor([1.0], device="cuda")
b = torch.tensor([2.0], device="cuda")


def tiny(n):
    for _ in range(n):
        a.add(b)


out = {"tiny_add": timed(tiny, cfg["n"])}
for name, dt in (("matmul_4096_f32", torch.float32), ("matmul_4096_bf16", torch.bfloat16)):
    m1 = torch.randn(4096, 4096, device="cuda", dtype=dt)
    m2 = torch.randn(4096, 4096, device="cuda", dtype=dt)

    def mm(n, m1=m1, m2=m2):
        for _ in range(n):
            m1.matmul(m2)

    out[name] = timed(mm, cfg["mm"], rounds=3)
print(json.dumps(out))
