"""C++ emitter of torch-node's op generator: native/generated/ops_<n>.cc and ops.h (one native function per op
overload family; argument 0 selects the overload)."""
from __future__ import annotations

import os

from model import BANNER

NATIVE_SHARDS = 8


def cpp_family_fn(fam, ovs):
    lines = [f"// {fam}: " + ", ".join(o.name for o in ovs),
             f"Napi::Value Op_{fam}(const Napi::CallbackInfo& info) {{",
             "  [[maybe_unused]] Napi::Env env = info.Env();",
             "  switch (info[0].As<Napi::Number>().Int32Value()) {"]
    for o in ovs:
        lines.append(f"    case {o.id}: {{  // {o.name}")
        call_args, self_expr = [], None
        if o.scalar_params:
            lines.append(f"      const int32_t mask = info[{len(o.params) + 1}].As<Napi::Number>().Int32Value();")
        for i, p in enumerate(o.params):
            idx = i + 1
            v = f"v{i}"
            ti = p.ti
            expr = None
            if ti.key == "Tensor" and p.scalar_ok:
                bit = 1 << o.scalar_params.index(i)
                lines.append(f"      at::Tensor w{i};  // holds a wrapped number; no copy of a real tensor argument")
                lines.append(f"      const at::Tensor& {v} = (mask & {bit}) ? (w{i} = WrappedScalar(info[{idx}])) : Arg(info, {idx});")
                expr = v
            elif ti.key == "Tensor":
                expr = f"Arg(info, {idx})"
                if p.is_self or p.is_out:
                    lines.append(f"      at::Tensor& {v} = {expr};")
                    expr = v
                if p.is_out or (p.is_self and o.f.func.name.name.base.startswith("resize")):
                    lines.append(f"      GeometryGuard g{i}({v});")
            elif ti.key == "Tensor?":
                lines.append(f"      std::optional<at::Tensor> {v} = OptTensorArg(info, {idx});")
                expr = v
            elif ti.key.startswith("Generator"):
                lines.append(f"      std::optional<at::Generator> {v} = GeneratorArg(info, {idx});")
                expr = v
            elif p.is_out and p.n_out > 1:
                lines.append(f"      Napi::Array {v}a = info[{idx}].As<Napi::Array>();")
                lines.append(f"      if ({v}a.Length() != {p.n_out}) Throw(ErrorKind::Type, \"out= needs {p.n_out} tensors\");")
                outs = []
                for k in range(p.n_out):
                    lines.append(f"      at::Tensor& {v}_{k} = Inst(info).table.Get({v}a.Get({k}u).As<Napi::Number>().Int32Value());")
                    lines.append(f"      GeometryGuard g{i}_{k}({v}_{k});")
                    outs.append(f"{v}_{k}")
                expr = ", ".join(outs)
            elif ti.key in ("Tensor[]", "Tensor?[]"):
                lines.append(f"      {ti.cpp} {v} = {ti.cpp_conv}(info, {idx});")
                expr = v
            else:
                ct, conv = ti.cpp, ti.cpp_conv
                if ti.optional:
                    lines.append(f"      std::optional<{ct}> {v};")
                    d = p.cpp_default if p.cpp_default is not None else "::std::nullopt"
                    if d == "::std::nullopt":
                        lines.append(f"      if (!IsNil(info[{idx}])) {v} = {conv}(info[{idx}]);")
                    else:
                        lines.append(f"      if (info[{idx}].IsUndefined()) {v} = {cpp_default_value(ct, d)};")
                        lines.append(f"      else if (!info[{idx}].IsNull()) {v} = {conv}(info[{idx}]);")
                    if ti.key in ("int[]?",):
                        expr = f"({v} ? at::OptionalIntArrayRef(*{v}) : at::OptionalIntArrayRef())"
                    elif ti.key == "float[]?":
                        expr = f"({v} ? std::optional<at::ArrayRef<double>>(*{v}) : std::optional<at::ArrayRef<double>>())"
                    elif ti.key == "str?":
                        expr = f"({v} ? std::optional<c10::string_view>(*{v}) : std::optional<c10::string_view>())"
                    else:
                        expr = v
                else:
                    if p.cpp_default is not None:
                        lines.append(f"      {ct} {v} = info[{idx}].IsUndefined() ? {cpp_default_value(ct, p.cpp_default)} : {conv}(info[{idx}]);")
                    else:
                        lines.append(f"      {ct} {v} = {conv}(info[{idx}]);")
                    expr = v
            if p.is_self and o.call_method:
                self_expr = expr
            else:
                call_args.append(expr)
        fname = o.f.func.name.name
        cname = str(fname)
        if o.call_method:
            call = f"{self_expr}.{cname}({', '.join(call_args)})"
        elif o.is_out:
            call = f"at::{o.f.func.name.name.base}_outf({', '.join(call_args)})"
        else:
            call = f"at::{cname}({', '.join(call_args)})"
        rk = o.ret_kind
        if rk == "tensor":
            if o.factory:
                lines.append(f"      at::Tensor r = {call};")
                lines.append(f"      if (info[{len(o.params) + 1}].IsBoolean() && info[{len(o.params) + 1}].As<Napi::Boolean>().Value()) r.set_requires_grad(true);")
                lines.append("      return Wrap(info, std::move(r));")
            else:
                lines.append(f"      return Wrap(info, {call});")
        elif rk == "maybe_self":
            self_var = [f"v{i}" for i, p in enumerate(o.params) if p.is_self][0]
            lines.append(f"      at::Tensor r = {call};")
            lines.append(f"      if (r.unsafeGetTensorImpl() == {self_var}.unsafeGetTensorImpl()) return env.Null();  // self itself")
            lines.append("      return Wrap(info, std::move(r));")
        elif rk in ("alias", "void", "out_tuple"):
            lines.append(f"      {call};")
            lines.append("      return env.Undefined();")
        elif rk == "tuple":
            n = len(o.returns)
            lines.append(f"      auto r = {call};")
            lines.append(f"      return WrapTuple(info, {{{', '.join(f'std::get<{i}>(r)' for i in range(n))}}});")
        elif rk == "list":
            lines.append(f"      return WrapList(info, {call});")
        elif rk == "bool":
            lines.append(f"      return Napi::Boolean::New(env, {call});")
        elif rk == "int":
            lines.append(f"      return Napi::Number::New(env, static_cast<double>({call}));")
        elif rk == "float":
            lines.append(f"      return Napi::Number::New(env, {call});")
        elif rk == "scalar":
            lines.append(f"      return FromScalar(env, {call});")
        elif rk == "dtype":
            lines.append(f"      return Napi::Number::New(env, static_cast<int>({call}));")
        lines.append("    }")
    lines.append("  }")
    lines.append(f'  Throw(ErrorKind::Runtime, "torch-node: bad overload id for {fam}");')
    lines.append("}")
    return "\n".join(lines)


def cpp_default_value(ct, d):
    if ct.startswith("std::vector"):
        return f"{ct}{d}" if d.startswith("{") else f"{ct}{{{d}}}"
    if ct.startswith("std::array"):
        return f"{ct}{d}" if d.startswith("{") else f"{ct}{{{d}}}"
    if ct == "std::string":
        return f"std::string({d})"
    return f"{ct}({d})"


def op_header(o):
    return f"ATen/ops/{o.f.root_name}.h"


def write_native(families, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    names = sorted(families)
    shards = [names[i::NATIVE_SHARDS] for i in range(NATIVE_SHARDS)]
    files = {}
    for n, shard in enumerate(shards):
        headers = sorted({op_header(o) for fam in shard for o in families[fam] if not o.call_method})
        body = [f"// {BANNER}", "// One native function per op overload family; argument 0 selects the overload.",
                '#include "common/op_support.h"', ""]
        body += [f"#include <{h}>" for h in headers]
        body += ["", "namespace tn {", "namespace {", ""]
        for fam in shard:
            body.append(cpp_family_fn(fam, families[fam]))
            body.append("")
        body += ["}  // namespace", "",
                 f"void InitGeneratedOps{n}(Napi::Env env, Napi::Object exports, Instance* inst) {{"]
        for fam in shard:
            body.append(f'  Export<Op_{fam}>(env, exports, "op_{fam}", inst);')
        body += ["}", "", "}  // namespace tn", ""]
        files[os.path.join(out_dir, f"ops_{n}.cc")] = "\n".join(body)
    hdr = [f"// {BANNER}", "#pragma once", '#include "common/instance.h"', "", "namespace tn {"]
    hdr += [f"void InitGeneratedOps{n}(Napi::Env env, Napi::Object exports, Instance* inst);" for n in range(NATIVE_SHARDS)]
    hdr += ["inline void InitGeneratedOps(Napi::Env env, Napi::Object exports, Instance* inst) {"]
    hdr += [f"  InitGeneratedOps{n}(env, exports, inst);" for n in range(NATIVE_SHARDS)]
    hdr += ["}", "}  // namespace tn", ""]
    files[os.path.join(out_dir, "ops.h")] = "\n".join(hdr)
    return files
