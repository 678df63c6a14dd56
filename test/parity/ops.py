"""Reference results of op calls, for test/parity/ops.test.ts (run live against the pinned torch).

Request (JSON on stdin): {"inputs": {name: {"expr": python expr, "view": null|"T"|"expand"}}, "seed": int,
"cases": [{"id", "call", "args", "kwargs"}]}. An argument is a JSON value, {"t": name} (an input tensor),
{"dtype": name}, or a list of arguments. `call` is "torch.add", "torch.linalg.svd" or ".sum" (a method of the
first argument). Output: for each input its raw bytes (so JavaScript rebuilds the identical tensor), and for each
case the result (tensor, tuple, list, scalar) or the error raised (type and first line of the message).
"""
import json
import math
import sys
import warnings

warnings.filterwarnings("ignore")
import torch  # noqa: E402
from pyref_common import call_op, enc, raw_bytes  # noqa: E402




def tensor_out(t):
    d = t.detach().cpu()
    vals = d.float().tolist() if d.dtype in (torch.float16, torch.bfloat16) else d.tolist()
    return {"kind": "tensor", "dtype": str(d.dtype).replace("torch.", ""), "shape": list(d.shape), "values": enc(vals)}


def result(x):
    if isinstance(x, torch.Tensor):
        return tensor_out(x)
    if isinstance(x, (tuple, list)) and all(isinstance(e, torch.Tensor) for e in x):
        return {"kind": "tuple", "items": [tensor_out(e) for e in x]}
    if isinstance(x, torch.dtype):
        return {"kind": "dtype", "value": str(x).replace("torch.", "")}
    return {"kind": "value", "value": enc(x)}


def main():
    req = json.load(sys.stdin)
    torch.manual_seed(req.get("seed", 0))
    inputs, raw = {}, {}
    for name, spec in req["inputs"].items():
        base = eval(spec["expr"], {"torch": torch, "nan": math.nan, "inf": math.inf})
        raw[name] = raw_bytes(torch, base)
        view = spec.get("view")
        if view == "T":
            base = base.T
        elif view == "expand":
            base = base.expand(3, *base.shape[1:])
        inputs[name] = base

    def arg(a):
        if isinstance(a, dict) and "t" in a:
            return inputs[a["t"]].clone() if a.get("clone") else inputs[a["t"]]
        if isinstance(a, dict) and "dtype" in a:
            return getattr(torch, a["dtype"])
        if isinstance(a, list):
            return [arg(x) for x in a]
        if isinstance(a, str) and a in ("nan", "inf", "-inf"):
            return float(a)
        return a

    out = []
    for case in req["cases"]:
        try:
            args = [arg(a) for a in case["args"]]
            kwargs = {k: arg(v) for k, v in case.get("kwargs", {}).items()}
            res = result(call_op(torch, case["call"], args, kwargs))
        except Exception as e:  # noqa: BLE001 - the error is the reference
            res = {"kind": "error", "type": type(e).__name__, "message": str(e).split("\n")[0]}
        res["id"] = case["id"]
        out.append(res)
    json.dump({"inputs": raw, "results": out}, sys.stdout)


main()
