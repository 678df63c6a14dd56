// Reading tensor data into JavaScript: item(), a copying TypedArray, and a zero-copy TypedArray view.
// TypedArray mapping: bool/uint8 -> Uint8Array, int8 -> Int8Array, int16 -> Int16Array, int32 -> Int32Array,
// int64 -> BigInt64Array, uint16 -> Uint16Array, uint32 -> Uint32Array, uint64 -> BigUint64Array,
// float16/bfloat16 -> Uint16Array (raw bits), float32 -> Float32Array, float64 -> Float64Array,
// complex64 -> Float32Array and complex128 -> Float64Array with (real, imag) interleaved.
#include <ATen/ops/_local_scalar_dense.h>
#include <ATen/ops/zeros.h>

#include <cstring>

#include "common/convert.h"
#include "tensor/areas.h"

namespace tn {
namespace {

struct ArrayKind {
  napi_typedarray_type type;
  size_t elemBytes;  // bytes of one TypedArray element
};

ArrayKind KindFor(c10::ScalarType t) {
  switch (t) {
    case c10::ScalarType::Bool:
    case c10::ScalarType::Byte: return {napi_uint8_array, 1};
    case c10::ScalarType::Char: return {napi_int8_array, 1};
    case c10::ScalarType::Short: return {napi_int16_array, 2};
    case c10::ScalarType::Int: return {napi_int32_array, 4};
    case c10::ScalarType::Long: return {napi_bigint64_array, 8};
    case c10::ScalarType::UInt16:
    case c10::ScalarType::Half:
    case c10::ScalarType::BFloat16: return {napi_uint16_array, 2};
    case c10::ScalarType::UInt32: return {napi_uint32_array, 4};
    case c10::ScalarType::UInt64: return {napi_biguint64_array, 8};
    case c10::ScalarType::Float:
    case c10::ScalarType::ComplexFloat: return {napi_float32_array, 4};
    case c10::ScalarType::Double:
    case c10::ScalarType::ComplexDouble: return {napi_float64_array, 8};
    default: Throw(ErrorKind::Type, std::string("torch-node: no TypedArray for dtype ") + c10::toString(t));
  }
}

Napi::Value MakeTypedArray(Napi::Env env, napi_typedarray_type type, size_t length, Napi::ArrayBuffer ab) {
  napi_value out;
  NAPI_THROW_IF_FAILED(env, napi_create_typedarray(env, type, length, ab, 0, &out), Napi::Value());
  return Napi::Value(env, out);
}

// item(h) -> number | boolean | [re, im] (int64 values come back as numbers; lib checks the safe range)
Napi::Value Item(const Napi::CallbackInfo& info) { return FromScalar(info.Env(), Arg(info, 0).item()); }

// copyData(h) -> a new TypedArray holding a copy of the tensor's elements in row-major order
Napi::Value CopyData(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  at::Tensor t = Arg(info, 0).detach();
  if (t._is_zerotensor()) t = at::zeros(t.sizes(), t.options());  // an efficient zero has no storage to read
  if (!t.device().is_cpu()) t = t.cpu();
  if (t.is_conj()) t = t.resolve_conj();
  if (t.is_neg()) t = t.resolve_neg();
  t = t.contiguous();
  ArrayKind k = KindFor(t.scalar_type());
  size_t bytes = t.nbytes();
  Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(env, bytes);
  if (bytes > 0 && t.data_ptr() == nullptr) Throw(ErrorKind::Runtime, "tolist() shouldn't be called on a tensor with unallocated storage");
  if (bytes > 0) std::memcpy(ab.Data(), t.data_ptr(), bytes);
  return MakeTypedArray(env, k.type, bytes / k.elemBytes, ab);
}

// dataView(h) -> a TypedArray over the tensor's own memory (CPU, contiguous), keeping the storage alive
Napi::Value DataView(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  at::Tensor& t = Arg(info, 0);
  if (!t.device().is_cpu()) {
    Throw(ErrorKind::Type, "can't convert " + t.device().str() +
                               " device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.");
  }
  if (t.requires_grad()) {
    Throw(ErrorKind::Runtime, "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
  }
  if (t._is_zerotensor() || !t.has_storage()) {
    Throw(ErrorKind::Runtime, "numpy() shouldn't be called on a tensor with unallocated storage");
  }
  if (t.is_conj()) Throw(ErrorKind::Runtime, "Can't call numpy() on Tensor that has conjugate bit set. Use tensor.resolve_conj().numpy() instead.");
  if (t.is_neg()) Throw(ErrorKind::Runtime, "Can't call numpy() on Tensor that has negative bit set. Use tensor.resolve_neg().numpy() instead.");
  if (!t.is_contiguous()) {
    Throw(ErrorKind::Runtime,
          "torch-node: numpy() returns a TypedArray, which cannot be strided; call contiguous() first "
          "(that copies when the tensor is not contiguous)");
  }
  ArrayKind k = KindFor(t.scalar_type());
  size_t bytes = t.nbytes();
  if (bytes == 0) return MakeTypedArray(env, k.type, 0, Napi::ArrayBuffer::New(env, 0));
  auto* keep = new at::Tensor(t);
  napi_value abv;
  napi_status st = napi_create_external_arraybuffer(
      env, t.data_ptr(), bytes,
      [](napi_env, void*, void* hint) { delete static_cast<at::Tensor*>(hint); }, keep, &abv);
  if (st != napi_ok) {
    delete keep;
    Throw(ErrorKind::Runtime,
          "torch-node: this Node.js build does not allow external ArrayBuffers; use toTypedArray() (a copy)");
  }
  return MakeTypedArray(env, k.type, bytes / k.elemBytes, Napi::ArrayBuffer(env, abv));
}

}  // namespace

void InitData(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<Item>(env, exports, "item", inst);
  Export<CopyData>(env, exports, "copyData", inst);
  Export<DataView>(env, exports, "dataView", inst);
}

}  // namespace tn
