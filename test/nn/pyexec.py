"""Runs Python snippets for torch-node's nn parity tests, live against Python PyTorch.

Reads JSON {"snippets": [{"id", "code"}], "preamble"?} on stdin. Each snippet runs in a fresh namespace (after
the preamble, with torch, nn, F and math imported) and its `out` variable is written back JSON-encoded: a tensor as
{"__tensor__": dtype, "shape", "values" (float64 lists; nan/inf as strings), "requires_grad"}, a dict as
{"__dict__": [[key, value], ...]} in its order, tuples, lists and torch.Size as lists; an exception as
{"__error__": type name, "message": its text (str(e), or e.args[0] for KeyError)}. The warnings a snippet raised
come back as "warnings": [[category, message], ...].
"""
import json
import math
import os
import sys
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "parity"))
from pyref_common import enc as num  # noqa: E402 - nan/inf as strings, lists recursively

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def enc(v):
    if isinstance(v, torch.Tensor):
        d = v.detach().cpu()
        vals = d.double().tolist() if d.dtype.is_floating_point else d.tolist()
        return {"__tensor__": str(v.dtype).replace("torch.", ""), "shape": list(v.shape), "values": num(vals),
                "requires_grad": v.requires_grad}
    if isinstance(v, dict):
        return {"__dict__": [[k, enc(x)] for k, x in v.items()]}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, float):
        return num(v)
    if v is None or isinstance(v, (bool, int, str)):
        return v
    return repr(v)


def main():
    req = json.load(sys.stdin)
    results = {}
    for snip in req["snippets"]:
        ns = {"torch": torch, "nn": nn, "F": F, "math": math, "enc": enc}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if req.get("preamble"):
                    exec(req["preamble"], ns)
                exec(snip["code"], ns)
                value = enc(ns.get("out"))
            except Exception as e:  # noqa: BLE001 - the error itself is the reference
                msg = e.args[0] if isinstance(e, KeyError) and e.args else str(e)
                value = {"__error__": type(e).__name__, "message": msg}
        results[snip["id"]] = {"out": value, "warnings": [[w.category.__name__, str(w.message)] for w in caught]}
    json.dump(results, sys.stdout)


main()
