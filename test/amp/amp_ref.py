"""Python side of test/amp/amp.test.ts: autocast on the CPU and a GradScaler('cpu') run."""
import json
import sys
import warnings

warnings.filterwarnings("ignore")
import torch  # noqa: E402

json.load(sys.stdin)
out = {}

torch.manual_seed(0)
a = torch.randn(4, 4)
b = torch.randn(4, 4)
with torch.autocast("cpu"):
    mm = a.matmul(b)
    s = mm.float().sum()
    soft = torch.softmax(mm, 1)
    add = a + b
nested = []
with torch.autocast("cpu", dtype=torch.bfloat16):
    nested.append(str(torch.ones(2, 2).matmul(torch.ones(2, 2)).dtype))
    with torch.autocast("cpu", enabled=False):
        nested.append(str(torch.ones(2, 2).matmul(torch.ones(2, 2)).dtype))
    nested.append(str(torch.ones(2, 2).matmul(torch.ones(2, 2)).dtype))
out["autocast"] = {
    "dtypes": [str(mm.dtype), str(s.dtype), str(soft.dtype), str(add.dtype)],
    "mm": mm.float().tolist(),
    "nested": nested,
    "state": [torch.is_autocast_enabled("cpu"), str(torch.get_autocast_dtype("cpu")),
              torch.is_autocast_cache_enabled(), torch.is_autocast_enabled("cuda")],
}

p = torch.nn.Parameter(torch.tensor([1.0, -2.0, 3.0]))
opt = torch.optim.SGD([p], lr=0.1)
scaler = torch.amp.GradScaler("cpu", init_scale=256.0, growth_interval=2)
scales, params, skipped = [], [], []
for step in range(6):
    opt.zero_grad()
    loss = p.pow(2).sum() * (step + 1)
    if step == 3:
        loss = loss * float("inf")
    scaler.scale(loss).backward()
    before = p.tolist()
    scaler.step(opt)
    skipped.append(before == p.tolist())
    scaler.update()
    scales.append(scaler.get_scale())
    params.append(p.tolist())
out["scaler"] = {"scales": scales, "params": params, "skipped": skipped, "state": scaler.state_dict()}
json.dump(out, sys.stdout)
