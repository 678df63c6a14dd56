"""TypeScript emitter of torch-node's op generator: lib/generated/*.ts (typed dispatchers that resolve overloads as
Python's argument parser does, the native interface, and the Tensor method table)."""
from __future__ import annotations

import collections
import json
import os
import re

from docs import jsdoc, overload_doc, summary
from model import BANNER, CFG, is_internal_public, js_name, sort_overloads, uses_varargs

TS_RESERVED = {"default", "function", "delete", "new", "in", "var", "let", "class", "const", "import", "export", "this"}


def ts_ident(name):
    return name + "_" if name in TS_RESERVED else name


def overload_names(o, method):
    """The parameter names of an overload as PyTorch's docstring signatures spell them (no self, no out)."""
    return frozenset(js_name(p, method) for p in o.params if not p.is_out and not (method and p.is_self))


_doc_cache = {}


def signature_doc(name, kind, module, o):
    key = (name, kind, module, overload_names(o, kind == "method"))
    if key not in _doc_cache:
        _doc_cache[key] = overload_doc(*key)
    return _doc_cache[key]


def ts_dispatcher(fname, ovs, method, exported_name):
    """A JS function choosing among `ovs` like Python's argument parser."""
    vararg = any(uses_varargs(o, method) for o in ovs)
    maxpos = max(sum(1 for p in o.params if not p.kwarg_only and not (method and p.is_self)) for o in ovs)
    nfixed = maxpos + 1
    this_decl = "this: Tensor, " if method else ""
    lines = []
    if vararg:
        lines.append(f"function {fname}({this_decl}...p: unknown[]): unknown {{")
        lines.append("  let k = p.length;")
        lines.append("  while (k > 0 && p[k - 1] === undefined) k--;")
        lines.append("  let o: Opts | undefined;")
        lines.append("  if (k > 0 && isOpts(p[k - 1])) o = p[--k] as Opts;")
        pos = lambda i: f"p[{i}]"  # noqa: E731
    else:
        params = ", ".join(f"a{i}?: unknown" for i in range(nfixed))
        lines.append(f"function {fname}({this_decl}{params}): unknown {{")
        cnt = " : ".join(f"a{i} !== undefined ? {i + 1}" for i in reversed(range(nfixed))) + " : 0"
        lines.append(f"  let k = {cnt};")
        lines.append("  let o: Opts | undefined;")
        if nfixed == 1:
            lines.append("  if (k !== 0 && isOpts(a0)) { o = a0 as Opts; k--; }")
        else:
            last = " : ".join(f"k === {i + 1} ? a{i}" for i in reversed(range(1, nfixed))) + " : a0"
            lines.append(f"  if (k !== 0) {{ const l = {last}; if (isOpts(l)) {{ o = l as Opts; k--; }} }}")
        pos = lambda i: f"a{i}"  # noqa: E731
    for o in ovs:
        ps = [p for p in o.params if not (method and p.is_self)]
        npos = sum(1 for p in ps if not p.kwarg_only)
        keys = [js_name(p, method) for p in ps]
        if o.factory:
            keys.append("requires_grad")
        lines.append(f"  // {o.name}{o.schema_text(skip_self=method)}")
        conds = []
        if uses_varargs(o, method):
            conds.append(f"(k <= {npos} || allInts(p, k))")
        else:
            conds.append(f"k <= {npos}")
        given = f"(k > {npos} ? {npos} : k)" if uses_varargs(o, method) else "k"  # parameters given by position
        conds.append(f"(o === undefined || keysIn(o, {key_set_name(keys)}, {given}))")
        lines.append(f"  if ({' && '.join(conds)}) {{")
        vals = []
        pos_i = 0
        for j, p in enumerate(ps):
            nm = js_name(p, method)
            v = f"v{j}"
            if p.kwarg_only:
                src = f"o?.{nm}" if re.match(r"^[A-Za-z_]\w*$", nm) else f"o?.['{nm}']"
            else:
                if uses_varargs(o, method) and pos_i == 0:
                    src = f"(k > 1 ? p.slice(0, k) : k > {pos_i} ? {pos(pos_i)} : o?.{nm})"
                else:
                    src = f"(k > {pos_i} ? {pos(pos_i)} : o?.{nm})"
                pos_i += 1
            lines.append(f"    const {v} = {src};")
            if p.scalar_ok:
                lines.append(f"    const t{j} = isT({v});")
            vals.append((p, v))
        checks = []
        for p, v in vals:
            chk = p.ti.check.replace("(v)", f"({v})")
            if p.is_out and p.n_out > 1:
                chk = f"(isTList({v}) && ({v} as unknown[]).length === {p.n_out})"
            if p.scalar_ok:
                chk = f"(t{v[1:]} || isScalar({v}))"
            required = p.default is None
            if p.ti.optional:
                c = f"({v} == null || {chk})" if not required else f"({v} === null || ({v} !== undefined && {chk}))"
            else:
                c = f"({v} === undefined || {chk})" if not required else f"({v} !== undefined && {chk})"
            checks.append(c)
        if o.factory:
            checks.append("(o?.requires_grad === undefined || isBool(o.requires_grad))")
        cond = " && ".join(checks) if checks else "true"
        args = [str(o.id)]
        self_h = "this._h" if method else None
        for p, v in vals:
            conv = p.ti.conv.replace("v.", f"{v}.").replace("(v)", f"({v})")
            if conv == "v":
                conv = f"{v} as never"
            if p.ti.key == "Tensor" and p.scalar_ok:
                conv = f"(t{v[1:]} ? ({v} as Tensor)._h : {v} as never)"
            elif p.ti.key == "Tensor":
                conv = f"{v}._h"
            elif p.ti.key == "Tensor?":
                conv = f"oh({v})"
            elif p.ti.key == "Device?" and o.factory and not any(q.ti.key.startswith("Tensor") for q in o.params):
                # torch.set_default_device applies to the factories that take no tensor (as Python's DeviceContext)
                conv = f"({v} == null ? dfd() : dv({v} as never))"
            elif p.ti.optional and p.ti.conv != "v":
                conv = f"({v} == null ? {v} : {p.ti.conv.replace('(v)', f'({v} as never)')})"
            elif p.ti.conv != "v" and p.default is not None:
                conv = f"({v} === undefined ? undefined : {p.ti.conv.replace('(v)', f'({v} as never)')})"
            elif p.ti.conv != "v":
                conv = p.ti.conv.replace("(v)", f"({v} as never)")
            if p.ti.key in ("int[]", "int[]?") and p.ti.size and p.ti.size > 1:
                # Python's parser repeats one int to the list's declared size (int[2] kernel_size=3 is [3, 3])
                conv = f"iln({v}, {p.ti.size}) as never"
            args.append(conv)
        if method:
            # self is the first schema argument for methods
            self_pos = [i for i, p in enumerate(o.params) if p.is_self][0]
            args.insert(1 + self_pos, self_h)
        if o.scalar_params:
            terms = []
            for bit, i in enumerate(o.scalar_params):
                p = o.params[i]
                if method and p.is_self:
                    continue  # `this` is a tensor
                vv = [v for (q, v) in vals if q is p][0]
                terms.append(f"(t{vv[1:]} ? 0 : {1 << bit})")
            args.append(" | ".join(terms) if terms else "0")
        if o.factory:
            args.append("o?.requires_grad as never")
        call = f"N.op_{o.family}({', '.join(args)})"
        ret = ts_return(o, call, method, vals)
        lines.append(f"    if ({cond}) {ret}")
        lines.append("  }")
    # Python shows an op and its out= variant as one signature with `out=None`
    plain = [o for o in ovs if not o.is_out]
    with_out = {tuple(p.name for p in o.params if not p.is_out) for o in ovs if o.is_out}
    texts = []
    for o in plain:
        t = o.schema_text(skip_self=method)
        if tuple(p.name for p in o.params) in with_out:
            t = t[:-1] + (", " if "*" in t else ", *, ") + "Tensor out=None)"
        texts.append(t)
    sigs = json.dumps(texts or [o.schema_text(skip_self=method) for o in ovs])
    given = "[" + (", ".join(pos(i) for i in range(nfixed)) if not vararg else "...p") + "]"
    spec = ""
    if len(plain) == 1:
        o = plain[0]
        ps = [p for p in o.params if not (method and p.is_self)]
        rows = [[js_name(p, method), p.ti.key, int(p.kwarg_only), int(p.default is None and not p.ti.optional),
                 int(p.scalar_ok)] for p in ps]
        if o.factory:
            rows.append(["requires_grad", "bool", 1, 0, 0])
        if with_out:
            rows.append(["out", "Tensor?", 1, 0, 0])
        spec = ", " + json.dumps(rows)
        others = o.python_only[1 if method else 0]
        if others:  # Python's other signatures (outside the type model): the message depends on which are plausible
            spec += ", " + json.dumps([list(r) for r in others])
    lines.append(f"  return noMatch('{exported_name}', {sigs}, {given}{spec} as never);")
    lines.append("}")
    return "\n".join(lines)


_key_sets = {}


def key_set_name(keys):
    k = tuple(keys)
    if k not in _key_sets:
        _key_sets[k] = f"K{len(_key_sets)}"
    return _key_sets[k]


def ts_return(o, call, method, vals):
    rk = o.ret_kind
    if rk == "tensor":
        return f"return wrap({call} as number);"
    if rk == "maybe_self":
        self_v = "this" if method else [v for (q, v) in vals if q.is_self][0]
        return f"{{ const h = {call}; return h === null ? {self_v} as Tensor : wrap(h as number); }}"
    if rk == "alias":
        p = o.params[o.alias_ret]
        if method and p.is_self:
            return f"{{ {call}; return this; }}"
        v = [v for (q, v) in vals if q is p][0]
        return f"{{ {call}; return {v}; }}"
    if rk == "void":
        return f"{{ {call}; return undefined; }}"
    if rk == "out_tuple":
        fields = json.dumps([r.name or f"_{i}" for i, r in enumerate(o.returns)])
        v = [v for (q, v) in vals if q.is_out][0]
        return f"{{ {call}; return namedTupleOf('{o.f.func.name.name.base}', {fields}, {v} as Tensor[]); }}"
    if rk == "tuple":
        fields = json.dumps([r.name or f"_{i}" for i, r in enumerate(o.returns)])
        return f"return namedTuple('{o.f.func.name.name.base}', {fields}, {call} as number[]);"
    if rk == "list":
        return f"return ({call} as number[]).map((h) => wrap(h));"
    if rk == "dtype":
        return f"return dtypeFromCode({call} as number);"
    cast = {"bool": "boolean", "int": "number", "float": "number", "scalar": "number | boolean"}[rk]
    return f"return {call} as {cast};"


def ts_ret_type(o, method):
    rk = o.ret_kind
    if rk in ("tensor", "maybe_self"):
        return "Tensor"
    if rk == "alias":
        # In-place methods return the tensor itself at run time; typed `Tensor`, not `this`: with hundreds of
        # `this`-typed methods, TypeScript's structural check that a subclass (nn.Parameter, a user's) is a Tensor
        # explodes (TS2589 or out of memory).
        return "Tensor"
    if rk == "void":
        return "void"
    if rk in ("tuple", "out_tuple"):
        fields = [r.name or f"_{i}" for i, r in enumerate(o.returns)]
        return f"NamedTuple<[{', '.join('Tensor' for _ in fields)}], {{ {'; '.join(f'{f}: Tensor' for f in fields)} }}>"
    if rk == "list":
        return "Tensor[]"
    return {"bool": "boolean", "int": "number", "float": "number", "scalar": "number | boolean",
            "dtype": "dtype"}[rk]


def ts_type(p):
    return "Tensor | Scalar" if p.scalar_ok else p.ti.ts


def ts_signatures(o, method):
    """TypeScript call signatures `(args): ret`: every positional form, each followed by an options object that
    holds the remaining arguments by name (PyTorch's keyword names; required ones required there too)."""
    ps = [p for p in o.params if not (method and p.is_self)]
    posp = [p for p in ps if not p.kwarg_only]
    kwp = [p for p in ps if p.kwarg_only]
    nreq = max([i + 1 for i, p in enumerate(posp) if p.default is None] + [0])
    ret = ts_ret_type(o, method)
    sigs = []
    # Python takes any argument by keyword too: every split point from the first non-self argument on
    start = min(nreq, 1 if (not method and posp and posp[0].is_self) else 0)
    for npos in range(start, len(posp) + 1):
        args = [f"{ts_ident(js_name(p, method))}: {ts_type(p)}" for p in posp[:npos]]
        fields, required = [], False
        for p in posp[npos:] + kwp:
            req = p.default is None and not p.ti.optional
            required = required or req
            fields.append(f"{js_name(p, method)}{'' if req else '?'}: {ts_type(p)}")
        if o.factory:
            fields.append("requires_grad?: boolean")
        if fields:
            args.append(f"options{'' if required else '?'}: {{ {'; '.join(fields)} }}")
        sigs.append(f"({', '.join(args)}): {ret};")
        if uses_varargs(o, method) and npos == 1:
            name = ts_ident(js_name(posp[0], method))
            sigs.append(f"(...{name}: number[]): {ret};")
            if fields:
                sigs.append(f"(...args: [...{name}: number[], options: {{ {'; '.join(fields)} }}]): {ret};")
    return sigs


def write_ts(families, out_dir, skipped_count):
    os.makedirs(out_dir, exist_ok=True)
    files = {}
    header = [f"// {BANNER}", "/* eslint-disable */"]
    # --- native interface
    ni = header + ["import type { NativeArg, NativeResult } from '../native/types';", "",
                   "/** The generated part of the native binding: one function per op overload family. */",
                   "export interface NativeOps {"]
    for fam in sorted(families):
        ni.append(f"  op_{fam}(overload: number, ...args: NativeArg[]): NativeResult;")
    ni += ["}", ""]
    files[os.path.join(out_dir, "native_ops.ts")] = "\n".join(ni)

    # group python-visible names
    def py_name(o):
        prefix = CFG["modules"].get(o.module, "") if o.module else ""
        n = str(o.f.func.name.name)
        return n[len(prefix):] if prefix and n.startswith(prefix) else n

    groups = collections.defaultdict(lambda: collections.defaultdict(list))  # module -> name -> ovs
    methods = collections.defaultdict(list)
    for fam, ovs in families.items():
        for o in ovs:
            if o.is_function:
                groups[o.module or ""][py_name(o)].append(o)
            if o.is_method and str(o.f.func.name.name) not in CFG["python_defined"]:
                methods[str(o.f.func.name.name)].append(o)
    prelude = header + [
        "import { Tensor, wrap } from '../tensor/tensor';",
        "import { type dtype, dtypeFromCode } from '../dtype';",
        "import type { DeviceLike } from '../device';",
        "import { native as N } from '../native/binding';",
        "import {",
        "  type Opts, type Scalar, type NamedTuple, type layout, type memory_format,",
        "  isOpts, keysIn, allInts, noMatch, namedTuple, namedTupleOf, isT, isTList, isOptTList, isInt, isIntList, isNum, isNumList,",
        "  isRed, red, type Reduction, dfd, iln,",
        "  isBool, isBoolList, isScalar, isScalarList, isDtype, isDevice, isLayout, isMemFmt, isStr, oh, hl, ohl, dt, dv,",
        "  lay, mf, isGen, gen, type Generator,",
        "} from '../tensor/args';",
        "",
    ]
    _key_sets.clear()
    for module, names in sorted(groups.items()):
        body = []
        decls = []
        for name in sorted(names):
            ovs = sort_overloads(names[name])
            exported = ts_ident(name)
            fn = f"f_{name}"
            qual = f"torch.{module + '.' if module else ''}{name}"
            body.append(ts_dispatcher(fn, ovs, False, qual.replace("torch.", "")))
            doc = summary(name, "function", module or None)
            sigs = []
            for o in ovs:
                full = signature_doc(name, "function", module or None, o)
                for sg in ts_signatures(o, False):
                    sigs += (jsdoc(full, "") if full else []) + [sg]
            decls.append((exported, fn, doc, sigs))
        text = list(prelude)
        text.append(key_sets_ts())
        text.append("")
        text += body
        text.append("")
        vf = [(name, fn) for (exported, fn, doc, sigs), name in zip(decls, sorted(names))
              if not module and (name in CFG["python_defined"] or (name.startswith("_") and not is_internal_public(name)))]
        if vf:
            text.append("/** Ops behind functions that PyTorch defines in Python (lib/functional.ts), as Python's torch._VF. */")
            text.append("export const _VF = {")
            text += [f"  {name}: {fn} as (...args: unknown[]) => unknown," for name, fn in vf]
            text.append("};")
        for (exported, fn, doc, sigs), name in zip(decls, sorted(names)):
            if not module and (name in CFG["python_defined"] or (name.startswith("_") and not is_internal_public(name))):
                continue
            if doc:
                text += jsdoc(doc, "")
            text.append(f"{'' if exported != name else 'export '}const {exported}: {{")
            text += ["  " + sg for sg in sigs]
            text.append(f"}} = {fn} as never;")
            if exported != name:
                text.append(f"export {{ {exported} as {name} }};")
        fname = f"{module or 'torch'}_functions.ts"
        files[os.path.join(out_dir, fname)] = "\n".join(text) + "\n"
        _key_sets.clear()
    # --- methods
    body, iface = [], []
    for name in sorted(methods):
        ovs = sort_overloads(methods[name])
        if name in CFG["python_parsed_methods"]:
            ids = ", ".join(f"'{o.name.split('.', 1)[1] if '.' in o.name else ''}': {o.id}" for o in ovs)
            body.append(f"/** Overload ids of the native op_{ovs[0].family}, for the hand-written Tensor.{name}. */")
            body.append(f"export const OVERLOADS_{name}: Record<string, number> = {{ {ids} }};")
            continue
        fn = f"m_{name}"
        body.append(ts_dispatcher(fn, ovs, True, f"Tensor.{name}"))
        for o in ovs:
            # every overload declaration carries its doc: an editor shows the doc of the overload a call resolves to
            full = signature_doc(name, "method", None, o)
            for sg in ts_signatures(o, True):
                iface += (jsdoc(full, "    ") if full else []) + ["    " + name + sg]
    text = list(prelude)
    text.append(key_sets_ts())
    text.append("")
    text += body
    text.append("")
    text.append("/** Attaches the generated op methods to Tensor.prototype (called once by lib/tensor/methods.ts). */")
    text.append("export function installTensorMethods(proto: Record<string, unknown>): void {")
    for name in sorted(methods):
        if name not in CFG["python_parsed_methods"]:
            text.append(f"  proto.{name} = m_{name};")
    text.append("}")
    text.append("")
    text.append("declare module '../tensor/tensor' {")
    text.append("  interface Tensor {")
    text += iface
    text.append("  }")
    text.append("}")
    files[os.path.join(out_dir, "tensor_methods.ts")] = "\n".join(text) + "\n"
    return files, groups, methods


def key_sets_ts():
    out = []
    for keys, name in _key_sets.items():
        out.append(f"const {name} = new Set({json.dumps(list(keys))});")
    return "\n".join(out)
