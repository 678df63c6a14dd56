"""Reference gradients for test/parity/grads.test.ts (live, against the pinned torch).

Request: {"inputs": {name: expr}, "cases": [{"id", "call", "args", "kwargs", "order"}]}. An argument
{"t": name, "grad": true} is a fresh leaf copy of the input that requires grad; {"t": name} a constant input.
For each case: out = call(args); the first output (of a tuple) is weighted by w = randn_like(out) drawn after
torch.manual_seed(1) and summed; first order: the gradients of that loss for the grad inputs. Second order
(order 2): the first-order gradients with create_graph=True, then the gradients of sum(g_i * v_i) with v_i drawn
after torch.manual_seed(2). Output: the inputs' bytes and, per case, the gradients (or the error).
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")
import torch  # noqa: E402
from pyref_common import call_op, enc, raw_bytes  # noqa: E402




def main():
    req = json.load(sys.stdin)
    torch.manual_seed(0)
    base, raw = {}, {}
    for name, expr in req["inputs"].items():
        t = eval(expr, {"torch": torch})
        base[name] = t
        raw[name] = raw_bytes(torch, t)
    out = []
    for case in req["cases"]:
        leaves = []

        def arg(a):
            if isinstance(a, dict) and "t" in a:
                if a.get("grad"):
                    leaf = base[a["t"]].clone().requires_grad_(True)
                    leaves.append(leaf)
                    return leaf
                return base[a["t"]]
            if isinstance(a, dict) and "dtype" in a:
                return getattr(torch, a["dtype"])
            if isinstance(a, list):
                return [arg(x) for x in a]
            return a

        try:
            args = [arg(a) for a in case["args"]]
            kwargs = {k: arg(v) for k, v in case.get("kwargs", {}).items()}
            res = call_op(torch, case["call"], args, kwargs)
            if isinstance(res, (tuple, list)):
                res = res[0]
            torch.manual_seed(1)
            w = torch.randn(res.shape, dtype=res.dtype)
            loss = (res * w).sum()
            if case.get("order", 1) == 1:
                grads = torch.autograd.grad(loss, leaves, allow_unused=True)
            else:
                g1 = torch.autograd.grad(loss, leaves, create_graph=True, allow_unused=True)
                torch.manual_seed(2)
                total = sum((g * torch.randn(g.shape, dtype=g.dtype)).sum() for g in g1 if g is not None)
                grads = torch.autograd.grad(total, leaves, allow_unused=True)
            # efficient-zero gradients (ZeroTensor) have no storage to read: materialize them
            grads = [None if g is None else (torch.zeros(g.shape, dtype=g.dtype) if g._is_zerotensor() else g)
                     for g in grads]
            r = {"kind": "grads", "grads": [None if g is None else {"shape": list(g.shape), "values": enc(g.tolist())}
                                            for g in grads]}
        except Exception as e:  # noqa: BLE001
            r = {"kind": "error", "type": type(e).__name__, "message": str(e).split("\n")[0]}
        r["id"] = case["id"]
        out.append(r)
    json.dump({"inputs": raw, "results": out}, sys.stdout)


main()
