# Python side of test/jit/trace.test.ts: loads a module that torch-node traced and saved, runs it on the inputs
# given, and prints its outputs, its state_dict and its code. Reads {path, inputs: [[shape, flat values], ...]}.
import json
import sys

import torch

req = json.load(sys.stdin)
m = torch.jit.load(req["path"])
outs = []
for shape, values in req["inputs"]:
    x = torch.tensor(values, dtype=torch.float32).reshape(shape)
    outs.append(m(x).reshape(-1).tolist())
print(json.dumps({
    "outputs": outs,
    "state": {k: v.reshape(-1).tolist() for k, v in m.state_dict().items()},
    "modules": [name for name, _ in m.named_modules()],
    "original_name": m.original_name,
    "code": m.code,
}))
