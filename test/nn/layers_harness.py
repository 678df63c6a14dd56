"""Harness for test/nn/layers.parity.test.ts: runs one layer case the way the TypeScript side does.

layer(make, inputs, ...) builds the module after torch.manual_seed(0) and reports its initial state_dict (float32,
compared bit for bit), repr and state_dict keys; then, in float64 (unless double=False), draws the inputs after
torch.manual_seed(1) from their specs, runs forward, backward of sum(out * cos(arange)), and reports outputs, input
grads, parameter grads and the state_dict after the step (running stats).
"""
import torch


def make_input(spec, double):
    kind, args = spec[0], spec[1:]
    fdt = torch.float64 if double else torch.float32
    if kind == "n":  # randn, requires grad
        return torch.randn(args, dtype=fdt).requires_grad_()
    if kind == "t":  # randn, no grad
        return torch.randn(args, dtype=fdt)
    if kind == "r":  # rand (uniform), no grad
        return torch.rand(args, dtype=fdt)
    if kind == "rg":
        return torch.rand(args, dtype=fdt).requires_grad_()
    if kind == "i":  # randint(0, high, shape)
        return torch.randint(0, args[0], args[1:])
    if kind == "s":  # random signs (+1/-1) as float
        return torch.randint(0, 2, args).to(fdt) * 2 - 1
    if kind == "b":  # random 0/1 as float
        return torch.randint(0, 2, args).to(fdt)
    if kind == "none":
        return None
    raise ValueError(kind)


def flat(v):
    if isinstance(v, torch.Tensor):
        return [v]
    if isinstance(v, (list, tuple)):
        return [t for x in v for t in flat(x)]
    return []


def layer(make, inputs, train=True, double=True, pick=None, grad=True, kwargs=None, call=None):
    torch.manual_seed(0)
    m = make()
    init = [[k, v.detach().clone()] for k, v in m.state_dict().items()]
    r = repr(m)
    if double:
        m = m.double()
    m.train(train)
    torch.manual_seed(1)
    xs = [make_input(s, double) for s in inputs]
    y = call(m, xs) if call else m(*xs, **(kwargs or {}))
    ys = pick(y) if pick else y
    ts = [t for t in flat(ys) if t.requires_grad]
    if grad and ts:
        loss = sum((t * torch.cos(torch.arange(t.numel(), dtype=t.dtype)).reshape(t.shape)).sum() for t in ts)
        loss.backward()
    return {
        "repr": r,
        "init": init,
        "out": ys,
        "xgrad": [x.grad if isinstance(x, torch.Tensor) else None for x in xs],
        "pgrad": [[n, p.grad] for n, p in m.named_parameters()],
        "state": [[k, v] for k, v in m.state_dict().items()],
    }
