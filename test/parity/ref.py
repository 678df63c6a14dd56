"""Reference values from Python PyTorch, for torch-node's parity tests.

Reads JSON {"cases": [{"id", "expr", "setup"?, "seed"?, "bytes"?}], "preamble"?} on stdin; evaluates each Python
expression (after `setup` statements, with torch.manual_seed(seed) first when given) and writes one JSON result per
case: the tensor's dtype, shape, values (nested lists; nan/inf as strings), repr, and optionally its raw bytes
(base64) so the JavaScript side can rebuild the exact same tensor; or the error type and message.
"""
import json
import math
import sys
import warnings

warnings.filterwarnings("ignore")
import torch  # noqa: E402
from pyref_common import enc, raw_bytes  # noqa: E402




def describe(x, want_bytes):
    if isinstance(x, torch.Tensor):
        out = {"kind": "tensor", "dtype": str(x.dtype).replace("torch.", ""), "shape": list(x.shape),
               "repr": repr(x), "requires_grad": x.requires_grad}
        d = x.detach().cpu()
        if d.dtype in (torch.float16, torch.bfloat16):
            out["values"] = enc(d.float().tolist())
        else:
            out["values"] = enc(d.tolist())
        if want_bytes:
            out["bytes"] = raw_bytes(torch, d)["bytes"]
        return out
    if isinstance(x, (tuple, list)) and all(isinstance(e, torch.Tensor) for e in x):
        out = {"kind": "tuple", "items": [describe(e, want_bytes) for e in x]}
        if hasattr(x, "_fields"):
            out["fields"] = list(x._fields)
        return out
    if isinstance(x, torch.dtype):
        return {"kind": "dtype", "value": str(x).replace("torch.", "")}
    return {"kind": "value", "value": enc(x), "repr": repr(x)}


def main():
    req = json.load(sys.stdin)
    ns = {"torch": torch, "math": math}
    if req.get("preamble"):
        exec(req["preamble"], ns)
    results = []
    for case in req["cases"]:
        local = dict(ns)
        try:
            if "seed" in case:
                torch.manual_seed(case["seed"])
            if case.get("setup"):
                exec(case["setup"], local)
            value = eval(case["expr"], local)
            res = describe(value, case.get("bytes", False))
        except Exception as e:  # noqa: BLE001 - the error itself is the reference
            res = {"kind": "error", "type": type(e).__name__, "message": str(e).split("\n")[0]}
        res["id"] = case["id"]
        results.append(res)
        torch.set_printoptions(profile="default")
        torch.set_default_dtype(torch.float32)
    json.dump(results, sys.stdout)


main()
