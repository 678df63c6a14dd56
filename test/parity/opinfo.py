"""Reference data of the OpInfo parity suite (test/parity/opinfo.test.ts), live from the pinned torch.

Walks PyTorch's own op database (torch.testing._internal.common_methods_invocations.op_db), one of two sets of its
entries: "torch", every entry whose name does not start with `nn.functional.` (opinfo.test.ts), or "nn", every entry
whose name does (opinfo_nn.test.ts, torch.nn.functional), and for each op:
  * its CPU sample inputs in float64, float32, int64 and bool (the dtypes the OpInfo supports among these), made
    by the OpInfo's own sample_inputs with PyTorch's fixed seeding, and the result of calling the op on them;
  * its error inputs (op.error_inputs('cpu')) and the error each one raises (type and first line of the message).
Inputs are written before the call (in-place ops mutate them): tensors as raw bytes with dtype, shape and, where
not contiguous, strides (the bytes then cover the storage span the view reads); Python values as JSON. A result
is tensors (dtype, shape, and values widened to float64 / int64 / uint8 raw bytes), sequences, numbers,
booleans, strings, dtypes or None. An argument JavaScript cannot express (a complex scalar, a whole-number float
that changes the result, a sparse tensor, a callable, ...) marks the sample not runnable, with the reason. The
index of Tensor.__getitem__ is sent as its items (slices, Ellipsis, None, ...), for torch-node's x.at(...).

Request (JSON on stdin): {"set": "torch" | "nn", "ops": [OpInfo name...] | null (all), "jobs": n (worker processes)}.
Output (JSON on stdout): {"torch": version, "ops": [{"key", "name", "variant", "call", "method", "method_lambda",
"aliases", "alias_methods", "inplace", "inplace_lambda", "values", "tol", "samples", "errors", "sample_errors"?}]};
a sample is {"dtype", "i", "input",
"args", "kwargs", and "out" or "error", and "forms": {label: {"out"|"error"|"skip"}} for the other forms of the
op that differ} or {"skip": reason}.
Every op is described, even one without CPU samples, so the report lists the whole database.
"""
import base64
import json
import math
import multiprocessing
import sys
import types
import unittest
import warnings

warnings.filterwarnings("ignore")

# common_utils imports `expecttest` only for its TestCase base class (the test-writing helper
# assertExpectedInline); op_db does not use it. It is not a dependency of the torch wheel, so when it is not
# installed a module with that base class stands in, as expecttest's own TestCase extends unittest.TestCase.
try:
    import expecttest  # noqa: F401
except ImportError:
    _et = types.ModuleType("expecttest")
    _et.TestCase = unittest.TestCase
    sys.modules["expecttest"] = _et

import torch  # noqa: E402
import torch.masked  # noqa: E402,F401
import torch.signal.windows  # noqa: E402,F401
import torch.nn.functional  # noqa: E402
from torch.testing._internal.common_methods_invocations import op_db  # noqa: E402
from torch.testing._internal.common_device_type import toleranceOverride  # noqa: E402

DTYPES = (torch.float64, torch.float32, torch.int64, torch.bool)
CALL_SEED = 1234  # torch.manual_seed before every call, here and in JavaScript
# Samples whose tensors (arguments and results) hold more elements than this are not shipped: 37 samples of 36,000
# (grid_sampler_3d's 5-d grids, multinomial's big draw) would otherwise make up 95% of the 1.4 GB of data. (1 << 17
# ships conv_transpose3d's largest results, 73,568 elements, 2.4 MB, and none of those 37.)
MAX_ELEMENTS = 1 << 17

# Ops whose result values are unspecified (uninitialised memory): only dtype and shape are compared.
UNSPECIFIED_VALUES = {"empty", "empty_like", "new_empty", "new_empty_strided", "empty_strided", "empty_permuted",
                      "resize_", "resize_as_"}

# Public namespaces searched for an OpInfo's function (by identity), in this order.
NAMESPACES = [("torch.linalg", torch.linalg), ("torch.fft", torch.fft), ("torch.special", torch.special),
              ("torch.masked", torch.masked), ("torch.signal.windows", torch.signal.windows), ("torch", torch),
              ("torch.nn.functional", torch.nn.functional)]


class Unexpressible(Exception):
    """An argument or result JavaScript cannot express; the message is the reason."""


def dtype_name(d):
    return str(d).replace("torch.", "")


def b64(t):
    t = t.reshape(-1).clone(memory_format=torch.contiguous_format)
    if t.numel() == 0:
        return ""
    return base64.b64encode(t.view(torch.uint8).numpy().tobytes()).decode()


def enc_tensor(t):
    """The exact input tensor: dtype, shape, and bytes (with strides and the storage span for a strided view)."""
    t = t.detach()
    if t.layout != torch.strided:
        raise Unexpressible(f"a {t.layout} tensor")
    if t.device.type != "cpu":
        raise Unexpressible(f"a tensor on the {t.device.type} device")
    if t.is_conj() or t.is_neg():
        t = t.resolve_conj().resolve_neg()
    out = {"dtype": dtype_name(t.dtype), "shape": list(t.shape)}
    if t.numel() == 0 or t.is_contiguous():
        out["b"] = b64(t)
        return out
    if any(s < 0 for s in t.stride()):
        raise Unexpressible("a tensor with negative strides")
    span = 1 + sum((n - 1) * s for n, s in zip(t.shape, t.stride()))
    flat = t.as_strided((span,), (1,), t.storage_offset())
    out["stride"] = list(t.stride())
    out["b"] = b64(flat)
    return out


def enc_number(v):
    if isinstance(v, float):
        if math.isnan(v):
            return {"float": "nan"}
        if math.isinf(v):
            return {"float": "inf" if v > 0 else "-inf"}
        return v
    if abs(v) > 2**53:
        return {"bigint": str(v)}
    return v


def enc_arg(v):
    """A sample argument as JSON: {"t": tensor}, numbers, booleans, strings, null, lists, {"dtype"}, ..."""
    if isinstance(v, torch.Tensor):
        return {"t": enc_tensor(v)}
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, float)) and type(v) in (int, float):
        return enc_number(v)
    if isinstance(v, complex):
        raise Unexpressible("a complex scalar argument")
    if isinstance(v, torch.dtype):
        return {"dtype": dtype_name(v)}
    if isinstance(v, torch.device):
        return str(v)
    if isinstance(v, torch.memory_format):
        return {"memory_format": str(v).replace("torch.", "")}
    if isinstance(v, torch.layout):
        return {"layout": str(v).replace("torch.", "")}
    if isinstance(v, (list, tuple)):  # torch.Size included
        return [enc_arg(x) for x in v]
    if isinstance(v, slice):  # (an index of __getitem__)
        return {"slice": [enc_arg(v.start), enc_arg(v.stop), enc_arg(v.step)]}
    if v is Ellipsis:
        return {"ellipsis": True}
    if isinstance(v, torch.nn.PairwiseDistance):  # a distance_function: in JavaScript, the closure it is
        return {"pairwise_distance": {"p": enc_number(v.norm), "eps": enc_number(v.eps), "keepdim": v.keepdim}}
    raise Unexpressible(f"a {type(v).__name__} argument")


def enc_index(v):
    """The index of x[index] (Tensor.__getitem__): its items, as the arguments of torch-node's x.at(...)."""
    return {"index": [enc_arg(x) for x in (v if type(v) is tuple else (v,))]}


def widen(t):
    """Values to compare: float64 for floating, float64 (real, imag) pairs for complex, int64 or uint8 else."""
    t = t.detach().cpu()
    if t.is_complex():
        return torch.view_as_real(t.resolve_conj()).to(torch.float64)
    if t.is_floating_point():
        return t.to(torch.float64)
    if t.dtype == torch.bool:
        return t.to(torch.uint8)
    return t.to(torch.int64)


def enc_out(v, values=True):
    if isinstance(v, torch.Tensor):
        if v.layout != torch.strided or v.device.type != "cpu":
            raise Unexpressible(f"a {v.layout} result on the {v.device.type} device")
        out = {"dtype": dtype_name(v.dtype), "shape": list(v.shape)}
        if values:
            out["b"] = b64(widen(v))
        return {"t": out}
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, float)):
        return enc_number(v)
    if isinstance(v, complex):
        return {"complex": [enc_number(v.real), enc_number(v.imag)]}
    if isinstance(v, torch.dtype):
        return {"dtype": dtype_name(v)}
    if isinstance(v, (list, tuple)):
        return {"seq": [enc_out(x, values) for x in v]}
    raise Unexpressible(f"a {type(v).__name__} result")


def error_of(e):
    return {"type": type(e).__name__, "message": str(e).split("\n")[0]}


def same_result(a, b):
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)):
            return False
        if a.dtype != b.dtype or a.shape != b.shape or a.layout != torch.strided or b.layout != torch.strided:
            return False
        return bool(torch.equal(widen(a).nan_to_num(0.5, 1.5, -1.5), widen(b).nan_to_num(0.5, 1.5, -1.5)))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same_result(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def dec_tensor(e):
    """The tensor JavaScript rebuilds from enc_tensor's description (test/parity/opinfo.test.ts, inputTensor)."""
    dt = getattr(torch, e["dtype"])
    raw = base64.b64decode(e["b"])
    if e["shape"].count(0) or not raw:
        flat = torch.empty(0, dtype=dt)
    else:
        flat = torch.frombuffer(bytearray(raw), dtype=dt).clone()
    if "stride" in e:
        return flat.as_strided(e["shape"], e["stride"], 0)
    return flat.reshape(e["shape"])


def rebuild(v, ints=False):
    """The arguments as JavaScript receives them: each tensor rebuilt from its bytes (a fresh tensor, as there);
    with ints=True also each whole-number float read as an integer, as JavaScript reads 2.0."""
    if isinstance(v, torch.Tensor):
        return dec_tensor(enc_tensor(v))
    if ints and isinstance(v, float) and type(v) is float and math.isfinite(v) and v == int(v):
        return int(v)
    if isinstance(v, list):
        return [rebuild(x, ints) for x in v]
    if type(v) is tuple:
        return tuple(rebuild(x, ints) for x in v)
    return v


def has_whole_float(v):
    if isinstance(v, float) and type(v) is float:
        return math.isfinite(v) and v == int(v)
    if isinstance(v, (list, tuple)):
        return any(has_whole_float(x) for x in v)
    if isinstance(v, dict):
        return any(has_whole_float(x) for x in v.values())
    return False


def attempt(fn, s, ints=False):
    inp = rebuild(s.input, ints)
    args = [rebuild(a, ints) for a in s.args]
    kwargs = {k: rebuild(v, ints) for k, v in s.kwargs.items()}
    torch.manual_seed(CALL_SEED)
    try:
        return fn(inp, *args, **kwargs), None
    except Exception as e:  # noqa: BLE001 - the error is the reference
        return None, e


def elements(v):
    if isinstance(v, torch.Tensor):
        return v.numel()
    if isinstance(v, (list, tuple)):
        return sum(elements(x) for x in v)
    if isinstance(v, dict):
        return sum(elements(x) for x in v.values())
    return 0


TOO_LARGE = f"too large to ship in CI (more than {MAX_ELEMENTS} tensor elements)"


def run_sample(fn, s, values, other_forms=()):
    """One sample: its arguments as JSON and the result (or error), or the reason it cannot run in JavaScript.
    The op's other forms (method, aliases: [(label, fn)]) run too; where one gives another result or error (an
    error message names the form that raised it, an alias may lack a kernel) it is recorded under "forms"."""
    if elements([s.input, s.args, s.kwargs]) > MAX_ELEMENTS:
        return {"skip": TOO_LARGE}
    out = {}
    try:
        out["input"] = enc_arg(s.input)
        out["args"] = [enc_index(a) for a in s.args] if fn is torch.Tensor.__getitem__ else [enc_arg(a) for a in s.args]
        out["kwargs"] = {k: enc_arg(v) for k, v in s.kwargs.items()}
    except Unexpressible as e:
        return {"skip": str(e)}
    res, err = attempt(fn, s)
    if has_whole_float([s.input, *s.args]) or has_whole_float(s.kwargs):
        res2, err2 = attempt(fn, s, ints=True)  # the call JavaScript makes, where 2.0 reads as 2
        if (type(err) is not type(err2)) or (err is None and not same_result(res, res2)):
            return {"skip": "a whole-number float argument that changes the result (JavaScript reads 2.0 as 2)"}
    for label, f in other_forms:  # recorded where a form differs (its error message, an alias without a kernel)
        r2, e2 = attempt(f, s)
        if type(e2) is type(err) and (err is None and same_result(res, r2) or err is not None and str(e2) == str(err)):
            continue
        try:
            out.setdefault("forms", {})[label] = {"error": error_of(e2)} if e2 is not None else {"out": enc_out(r2, values)}
        except Unexpressible as x:
            out.setdefault("forms", {})[label] = {"skip": str(x)}
    if err is not None:
        out["error"] = error_of(err)
        return out
    if elements(res) > MAX_ELEMENTS:
        return {"skip": TOO_LARGE}
    try:
        out["out"] = enc_out(res, values)
    except Unexpressible as e:
        return {"skip": str(e)}
    return out


def public_path(f, prefer):
    """The public Python name of function f ("torch.linalg.svd"), or None (a lambda, an aten op, ...)."""
    found = []
    for ns_name, ns in NAMESPACES:
        for n in dir(ns):
            if n.startswith("_"):
                continue
            try:
                if getattr(ns, n) is f:
                    found.append(f"{ns_name}.{n}")
            except Exception:  # noqa: BLE001
                pass
    for p in found:
        if p == "torch." + prefer:
            return p
    return found[0] if found else None


def method_name(m, prefer):
    if m is None:
        return None
    if getattr(torch.Tensor, prefer, None) is m:
        return prefer
    for n in dir(torch.Tensor):
        try:
            if getattr(torch.Tensor, n) is m:
                return n
        except Exception:  # noqa: BLE001
            pass
    return None


def tolerances(op):
    """The OpInfo's own tolerance overrides on CPU (the largest any of its tests uses), by dtype name."""
    tol = {}
    for d in op.decorators:
        if d.__class__.__name__ != "DecorateInfo" or d.device_type not in (None, "cpu"):
            continue
        for dec in d.decorators:
            if isinstance(dec, toleranceOverride):
                for dt, t in dec.d.items():
                    old = tol.get(dtype_name(dt), [0, 0])
                    tol[dtype_name(dt)] = [max(old[0], t.rtol), max(old[1], t.atol)]
    return tol


def key_of(op):
    return op.name + ("." + op.variant_test_name if op.variant_test_name else "")


def describe_op(index):
    # one intra-op thread, as opinfo.test.ts sets: the same reduction order, and no idle OpenMP threads spinning
    # in the worker processes (which tripled the run time)
    torch.set_num_threads(1)
    op = OPS[index]
    d = {"index": index, "name": op.name, "variant": op.variant_test_name, "key": key_of(op)}
    d["call"] = public_path(op.op, op.name)
    if d["call"] is None and method_name(op.op, op.name):  # torch.Tensor.__rmatmul__, ...: a method
        d["call"] = "." + method_name(op.op, op.name)
    d["method"] = method_name(op.method_variant, op.name)
    d["method_lambda"] = op.method_variant is not None and d["method"] is None
    d["aliases"] = ["torch." + a.name for a in op.aliases]
    d["alias_methods"] = [m for m in (method_name(a.method_variant, a.name) for a in op.aliases) if m]
    inplace = [method_name(op.inplace_variant, op.name + "_")]
    inplace += [method_name(a.inplace_variant, a.name + "_") for a in op.aliases]
    d["inplace"] = [m for m in inplace if m]  # Tensor.add_, ... (lambdas left out, but in the nn set:)
    # torch.nn.functional's in-place forms are the function with inplace=True, which the OpInfo writes as a lambda
    # (`lambda x: F.selu(x, inplace=True)`, a partial); opinfo_calls.ts writes the same call
    d["inplace_lambda"] = SET == "nn" and op.inplace_variant is not None and not d["inplace"]
    if d["call"] is None:
        d["where"] = getattr(op.op, "__module__", None) or type(op.op).__name__
    forms = []  # the forms opinfo.test.ts runs besides the function, with their labels there
    if d["method"] and d["call"] != "." + d["method"]:
        forms.append(("Tensor." + d["method"], getattr(torch.Tensor, d["method"])))
    elif d["method_lambda"]:
        forms.append(("the OpInfo method lambda", op.method_variant))
    forms += [("torch." + a.name, a.op) for a in op.aliases]
    forms += [("Tensor." + m, getattr(torch.Tensor, m)) for m in d["alias_methods"] + d["inplace"]]
    if d["inplace_lambda"]:
        forms.append(("the OpInfo inplace lambda", op.inplace_variant))
    d["values"] = op.name not in UNSPECIFIED_VALUES
    d["tol"] = tolerances(op)
    d["samples"] = []
    supported = op.supported_dtypes("cpu")
    for dt in DTYPES:
        if dt not in supported:
            continue
        try:
            samples = list(op.sample_inputs("cpu", dt, requires_grad=False))
        except Exception as e:  # noqa: BLE001 - recorded, the op then has no samples in this dtype
            d.setdefault("sample_errors", []).append(f"{dtype_name(dt)}: {type(e).__name__}: {e}")
            continue
        for i, s in enumerate(samples):
            r = run_sample(op.op, s, d["values"], forms)
            r["dtype"] = dtype_name(dt)
            r["i"] = i
            d["samples"].append(r)
    d["errors"] = []
    if op.error_inputs_func is not None:
        try:
            errs = list(op.error_inputs("cpu"))
        except Exception as e:  # noqa: BLE001
            errs = []
            d.setdefault("sample_errors", []).append(f"error_inputs: {type(e).__name__}: {e}")
        for i, e in enumerate(errs):
            r = run_sample(op.op, e.sample_input, d["values"], forms)
            r["i"] = i
            d["errors"].append(r)
    return d


SET = "torch"
OPS = []


def main():
    global SET, OPS
    req = json.load(sys.stdin)
    SET = req.get("set") or "torch"  # read by the worker processes too (they fork after this)
    OPS = [o for o in op_db if o.name.startswith("nn.functional.") == (SET == "nn")]
    keys = req.get("ops")  # OpInfo names (with ".variant_test_name"), or all
    indices = [i for i, o in enumerate(OPS) if not keys or key_of(o) in keys or o.name in keys]
    jobs = max(1, int(req.get("jobs") or 1))
    if jobs == 1:
        ops = [describe_op(i) for i in indices]
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            ops = pool.map(describe_op, indices, chunksize=1)
    json.dump({"torch": torch.__version__, "ops": ops}, sys.stdout)


if __name__ == "__main__":
    main()
