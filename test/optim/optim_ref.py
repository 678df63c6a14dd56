"""Reference runs of torch.optim for test/optim/*.parity.test.ts, with the pinned Python torch.

Reads a JSON request on stdin and writes JSON results: for each optimizer case, the parameters after `steps` steps
(the same float64 parameters and the same loss as the JavaScript side, so both feed identical gradients), the
optimizer's state_dict (every value encoded with its Python type) and str(optimizer); for each scheduler case, the
learning rates after every step, state_dicts and printed values. Errors are reported with their type and message.
"""
import json
import math
import sys
import warnings

import torch


def enc(v):
    """A value with its Python type: tensors as dtype/shape/flat values, floats and ints apart, tuples apart."""
    if isinstance(v, torch.Tensor):
        t = v.detach()
        vals = torch.view_as_real(t).reshape(-1).tolist() if t.is_complex() else t.reshape(-1).tolist()
        return {"t": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "v": [num(x) for x in vals],
                "device": t.device.type}
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return {"i": v}
    if isinstance(v, float):
        return {"f": num(v)}
    if isinstance(v, tuple):
        return {"tuple": [enc(x) for x in v]}
    if isinstance(v, list):
        return {"list": [enc(x) for x in v]}
    if isinstance(v, dict):
        return {"dict": [[enc(k), enc(x)] for k, x in v.items()]}
    return {"repr": repr(v)}


def num(x):
    if isinstance(x, float) and not math.isfinite(x):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    return x


def dec(v):
    """The inverse of enc()."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if "i" in v:
        return v["i"]
    if "f" in v:
        return float(v["f"])
    if "t" in v:
        dt = getattr(torch, v["t"])
        vals = [float(x) for x in v["v"]]
        if dt.is_complex:
            real = torch.tensor(vals, dtype=torch.float64 if dt == torch.complex128 else torch.float32).reshape(v["shape"] + [2])
            return torch.view_as_complex(real).clone()
        return torch.tensor(vals, dtype=dt).reshape(v["shape"])
    if "tuple" in v:
        return tuple(dec(x) for x in v["tuple"])
    if "list" in v:
        return [dec(x) for x in v["list"]]
    if "dict" in v:
        return {dec(k): dec(x) for k, x in v["dict"]}
    raise ValueError(f"cannot decode {v}")


def make_params(spec, complex_):
    ps = []
    for shape, values in spec:
        t = torch.tensor(values, dtype=torch.float64).reshape(shape)
        if complex_:
            t = torch.complex(t, t.flip(list(range(t.dim()))) * 0.5)
        ps.append(t.requires_grad_())
    return ps


def make_loss(params, coefs, complex_):
    def loss_fn():
        total = None
        for p, c in zip(params, coefs):
            if complex_:
                term = torch.sin(torch.view_as_real(p * c) * 3).sum() + (p.abs() ** 2 * 0.5).sum()
            else:
                term = (torch.sin(p * 3) * c).sum() + (p ** 2 * 0.5).sum()
            total = term if total is None else total + term
        return total
    return loss_fn


def run_optimizer(case, req):
    complex_ = case.get("complex", False)
    params = make_params(req["params"], complex_)
    coefs = [torch.tensor(v, dtype=torch.float64).reshape(s) for s, v in req["coefs"]]
    loss_fn = make_loss(params, coefs, complex_)
    if case.get("groups"):
        arg = [dict({"params": [params[i] for i in g["idx"]]}, **eval(f"dict({g.get('kwargs', '')})")) for g in case["groups"]]
    else:
        arg = params
    opt = eval(f"torch.optim.{case['cls']}(arg, {case.get('kwargs', '')})")
    start = 0
    if case.get("resume"):
        # continue from a state made by torch-node: its parameters and its optimizer state_dict
        with torch.no_grad():
            for p, v in zip(params, case["resume"]["params"]):
                p.copy_(dec(v))
        opt.load_state_dict(dec(case["resume"]["state_dict"]))
        start = case["resume"]["from"]
    losses = []
    load_at = case.get("state_dict_at")
    mid = None
    for k in range(start, case["steps"]):
        if case.get("closure"):
            def closure():
                opt.zero_grad()
                loss = loss_fn()
                loss.backward()
                return loss
            losses.append(float(opt.step(closure)))
        else:
            opt.zero_grad()
            loss = loss_fn()
            loss.backward()
            opt.step()
            losses.append(float(loss))
        if load_at is not None and k + 1 == load_at:
            mid = {"params": [enc(p) for p in params], "state_dict": enc(opt.state_dict())}
    out = {
        "params": [enc(p) for p in params],
        "state_dict": enc(opt.state_dict()),
        "repr": str(opt),
        "losses": [num(x) for x in losses],
    }
    if mid is not None:
        out["mid"] = mid
    return out


def run_scheduler(case, req):
    ns = {"torch": torch, "math": math, "p": torch.zeros(2, requires_grad=True), "p2": torch.zeros(3, requires_grad=True)}
    exec(case["setup"], ns)
    opt, sched = ns["opt"], ns["sched"]
    lrs = []
    extra = []
    metrics = case.get("metrics")
    epochs = case.get("epochs")
    for k in range(case["steps"]):
        opt.step()
        if metrics is not None:
            sched.step(metrics[k])
        elif epochs is not None:
            sched.step(epochs[k])
        else:
            sched.step()
        lrs.append([num(float(group["lr"])) for group in opt.param_groups])
        if case.get("record"):
            extra.append([num(float(g["momentum"] if "momentum" in g else g["betas"][0])) for g in opt.param_groups])
    return {"lrs": lrs, "state_dict": enc(sched.state_dict()), "last_lr": enc(sched.get_last_lr()), "extra": extra,
            "param_groups": enc(opt.state_dict()["param_groups"]), "repr": str(opt)}


def main():
    req = json.load(sys.stdin)
    torch.set_num_threads(1)
    out = []
    for case in req["cases"]:
        try:
            with warnings.catch_warnings(record=True) as ws:
                warnings.simplefilter("always")
                r = run_scheduler(case, req) if case.get("kind") == "scheduler" else run_optimizer(case, req)
                r["warnings"] = sorted({str(w.message) for w in ws})
            r["id"] = case["id"]
        except Exception as e:  # noqa: BLE001
            r = {"id": case["id"], "error": type(e).__name__, "message": str(e)}
        out.append(r)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
