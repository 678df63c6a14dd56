"""Python side of bench/cuda.js: the same workloads on the same device, timed the same way (synchronized, median
of rounds). argv[1]: the JSON config bench/cuda.js passes (device, sizes, the checkpoint file it wrote)."""
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

cfg = json.loads(sys.argv[1])
dev = cfg["device"]
sync = torch.cuda.synchronize if dev == "cuda" else (lambda: None)


def timed(fn, n, rounds=5):
    fn(max(1, n // 10))
    sync()
    res = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn(n)
        sync()
        res.append((time.perf_counter() - t) / n * 1e6)
    res.sort()
    return res[len(res) // 2]


out = {}
a = torch.tensor([1.0], device=dev)
b = torch.tensor([2.0], device=dev)


def tiny(n):
    for _ in range(n):
        a.add(b)


out["tiny_add"] = timed(tiny, cfg["n"])
for name, dt in (("matmul_f32", torch.float32), ("matmul_bf16", torch.bfloat16)):
    m1 = torch.randn(cfg["mm_size"], cfg["mm_size"], device=dev, dtype=dt)
    m2 = torch.randn(cfg["mm_size"], cfg["mm_size"], device=dev, dtype=dt)

    def mm(n, m1=m1, m2=m2):
        for _ in range(n):
            m1.matmul(m2)

    out[name] = timed(mm, cfg["mm"], rounds=3)


# Training steps: the same models, data shapes, losses and optimizers as bench/cuda.js
def workloads():
    torch.manual_seed(0)
    mlp = nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(), nn.Linear(1024, 10))
    cnn = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1),
                        nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 8 * 8, 10))
    enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(256, 8, dim_feedforward=1024, batch_first=True), 4)
    b = cfg["batch"]
    return {
        "mlp": (mlp, torch.randn(b * 4, 784), torch.randint(0, 10, (b * 4,)), F.cross_entropy, "sgd"),
        "cnn": (cnn, torch.randn(b * 2, 3, 32, 32), torch.randint(0, 10, (b * 2,)), F.cross_entropy, "sgd"),
        "transformer": (enc, torch.randn(b // 2, 128, 256), None, lambda o, y: o.pow(2).mean(), "adam"),
    }


for name, (model, x, y, loss_fn, opt_name) in workloads().items():
    model = model.to(dev)
    x = x.to(dev)
    y = y.to(dev) if y is not None else None
    opt = (torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9) if opt_name == "sgd"
           else torch.optim.Adam(model.parameters(), lr=1e-4))
    for amp in (False, True):
        def steps(n, model=model, x=x, y=y, loss_fn=loss_fn, opt=opt, amp=amp):
            for _ in range(n):
                opt.zero_grad()
                with torch.autocast(dev, dtype=torch.bfloat16, enabled=amp):
                    loss = loss_fn(model(x), y)
                loss.backward()
                opt.step()

        out[f"{name}_{'bf16' if amp else 'f32'}"] = timed(steps, cfg["steps"], rounds=3)

if cfg.get("checkpoint"):
    def load(n):
        for _ in range(n):
            sd = torch.load(cfg["checkpoint"], map_location=dev, weights_only=True)
            del sd

    out["load"] = timed(load, 1, rounds=3)
print(json.dumps(out))
