"""Shared helpers of the Python reference scripts (ref.py, ops.py, grads.py)."""
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
