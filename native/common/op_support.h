// Argument and result conversions used by the generated op bindings (native/generated). Hand-written; the
// generator only calls these by name. JS passes tensors as handles (0/null/undefined = None for Tensor?).
#pragma once
#include <ATen/ScalarOps.h>
#include <ATen/core/List.h>
#include <ATen/core/Tensor.h>
#include <c10/core/Layout.h>
#include <c10/core/MemoryFormat.h>

#include <array>
#include <exception>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "common/convert.h"
#include "common/instance.h"

namespace tn {

// Guards the geometry of a tensor an op writes into (out=, resize_): when the op fails after ATen changed the
// sizes (a resize of a storage that cannot grow, such as memory lent to JavaScript), the tensor gets its sizes,
// strides and offset back, so it never describes more memory than its storage has.
class GeometryGuard {
 public:
  explicit GeometryGuard(const at::Tensor& t)
      : t_(t), sizes_(t.sizes().vec()), strides_(t.strides().vec()), offset_(t.storage_offset()),
        exceptions_(std::uncaught_exceptions()) {}
  ~GeometryGuard() {
    if (std::uncaught_exceptions() <= exceptions_) return;
    try {
      if (t_.sizes() != c10::IntArrayRef(sizes_) || t_.strides() != c10::IntArrayRef(strides_)) {
        t_.unsafeGetTensorImpl()->set_sizes_and_strides(sizes_, strides_, offset_);
      }
    } catch (...) {
      // a tensor whose metadata cannot change was not changed either
    }
  }
  GeometryGuard(const GeometryGuard&) = delete;
  GeometryGuard& operator=(const GeometryGuard&) = delete;

 private:
  const at::Tensor& t_;
  std::vector<int64_t> sizes_, strides_;
  int64_t offset_;
  int exceptions_;
};

inline bool IsNil(const Napi::Value& v) { return v.IsUndefined() || v.IsNull(); }

inline std::optional<at::Tensor> OptTensorArg(const Napi::CallbackInfo& info, size_t i) {
  const Napi::Value v = info[i];
  if (IsNil(v)) return std::nullopt;
  int32_t h = v.As<Napi::Number>().Int32Value();
  if (h == 0) return std::nullopt;
  return Inst(info).table.Get(h);
}

inline std::vector<at::Tensor> TensorListArg(const Napi::CallbackInfo& info, size_t i) {
  Napi::Array a = info[i].As<Napi::Array>();
  uint32_t n = a.Length();
  std::vector<at::Tensor> out;
  out.reserve(n);
  TensorTable& table = Inst(info).table;
  for (uint32_t k = 0; k < n; ++k) out.push_back(table.Get(a.Get(k).As<Napi::Number>().Int32Value()));
  return out;
}

inline c10::List<std::optional<at::Tensor>> OptTensorListArg(const Napi::CallbackInfo& info, size_t i) {
  Napi::Array a = info[i].As<Napi::Array>();
  uint32_t n = a.Length();
  c10::List<std::optional<at::Tensor>> out;
  out.reserve(n);
  TensorTable& table = Inst(info).table;
  for (uint32_t k = 0; k < n; ++k) {
    Napi::Value v = a.Get(k);
    int32_t h = IsNil(v) ? 0 : v.As<Napi::Number>().Int32Value();
    out.push_back(h == 0 ? std::optional<at::Tensor>() : std::optional<at::Tensor>(table.Get(h)));
  }
  return out;
}

// A number passed where PyTorch's Python parser accepts one for a Tensor (add, mul, ...): a 0-dim "wrapped number"
// tensor, which type promotion treats like a Scalar.
inline at::Tensor WrappedScalar(const Napi::Value& v) {
  at::Tensor t = c10::scalar_to_tensor(ToScalar(v));
  t.unsafeGetTensorImpl()->set_wrapped_number(true);
  return t;
}

// A `generator` argument: a torch.Generator id, or null/undefined/0 for the default generator.
std::optional<at::Generator> GeneratorArg(const Napi::CallbackInfo& info, size_t i);

inline std::vector<double> ToDoubleList(const Napi::Value& v) {
  if (v.IsNumber()) return {v.As<Napi::Number>().DoubleValue()};
  Napi::Array a = v.As<Napi::Array>();
  std::vector<double> out(a.Length());
  for (uint32_t k = 0; k < a.Length(); ++k) out[k] = ToDouble(a.Get(k));
  return out;
}

inline std::vector<c10::Scalar> ToScalarList(const Napi::Value& v) {
  Napi::Array a = v.As<Napi::Array>();
  std::vector<c10::Scalar> out;
  out.reserve(a.Length());
  for (uint32_t k = 0; k < a.Length(); ++k) out.push_back(ToScalar(a.Get(k)));
  return out;
}

template <size_t N>
std::array<bool, N> ToBoolArray(const Napi::Value& v) {
  std::array<bool, N> out{};
  if (v.IsBoolean()) {
    out.fill(v.As<Napi::Boolean>().Value());
    return out;
  }
  Napi::Array a = v.As<Napi::Array>();
  if (a.Length() != N) {
    Throw(ErrorKind::Type, "expected a list of " + std::to_string(N) + " booleans, got " + std::to_string(a.Length()));
  }
  for (uint32_t k = 0; k < N; ++k) out[k] = a.Get(k).As<Napi::Boolean>().Value();
  return out;
}

inline c10::Layout ToLayout(const Napi::Value& v) {
  return static_cast<c10::Layout>(v.As<Napi::Number>().Int32Value());
}

inline c10::MemoryFormat ToMemoryFormat(const Napi::Value& v) {
  return static_cast<c10::MemoryFormat>(v.As<Napi::Number>().Int32Value());
}

inline std::string ToString(const Napi::Value& v) { return v.As<Napi::String>().Utf8Value(); }

// A tuple of tensors; an undefined one (e.g. the tangent _unpack_dual finds none of) is null, Python's None.
inline Napi::Value WrapTuple(const Napi::CallbackInfo& info, std::initializer_list<at::Tensor> ts) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, ts.size());
  uint32_t k = 0;
  for (const at::Tensor& t : ts) out.Set(k++, t.defined() ? Wrap(info, at::Tensor(t)) : env.Null());
  return out;
}

inline Napi::Value WrapList(const Napi::CallbackInfo& info, std::vector<at::Tensor>&& ts) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, ts.size());
  for (size_t k = 0; k < ts.size(); ++k) out.Set(static_cast<uint32_t>(k), Wrap(info, std::move(ts[k])));
  return out;
}

}  // namespace tn
