"""Shared helpers of the Python reference scripts (ref.py, ops.py, grads.py)."""
import base64
import math


def enc(v):
    """JSON-safe values: nan/inf as strings, complex numbers as {real, imag}, lists recursively."""
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v
    if isinstance(v, complex):
        return {"real": enc(v.real), "imag": enc(v.imag)}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    return v


def raw_bytes(torch, t):
    """The tensor's dtype, shape and raw bytes (base64), so JavaScript can rebuild the identical tensor."""
    d = t.detach().cpu().contiguous().reshape(-1)
    b = d.view(torch.uint8) if d.numel() > 0 else torch.empty(0, dtype=torch.uint8)
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
            "bytes": base64.b64encode(bytes(b.tolist())).decode()}


def call_op(torch, call, args, kwargs):
    """Runs "torch.add" / "torch.linalg.svd" (a torch function) or ".sum" (a method of the first argument)."""
    if call.startswith("."):
        return getattr(args[0], call[1:])(*args[1:], **kwargs)
    fn = torch
    for part in call.split(".")[1:]:
        fn = getattr(fn, part)
    return fn(*args, **kwargs)
