// Reading tensor data into JavaScript: item(), a copying TypedArray, and a zero-copy TypedArray view.
// TypedArray mapping: bool/uint8 -> Uint8Array, int8 -> Int8Array, int16 -> Int16Array, int32 -> Int32Array,
// int64 -> BigInt64Array, uint16 -> Uint16Array, uint32 -> Uint32Array, uint64 -> BigUint64Array,
// float16/bfloat16 -> Uint16Array (raw bits), float32 -> Float32Array, float64 -> Float64Array,
// complex64 -> Float32Array and complex128 -> Float64Array with (real, imag) interleaved.
#include <ATen/ops/_local_scalar_dense.h>
#include <ATen/ops/zeros.h>

#include <cmath>
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

// The most elements (and external bytes) a JavaScript TypedArray/Buffer may have in this Node.js: JS tells us
// once (buffer.constants.MAX_LENGTH); beyond it V8 aborts the process rather than throwing.
double gMaxJsLength = 4294967296.0;

void CheckJsLength(double elements, double bytes, const char* what) {
  if (elements > gMaxJsLength || bytes > gMaxJsLength * 8) {
    Throw(ErrorKind::Range, std::string(what) + ": " + std::to_string(static_cast<int64_t>(elements)) +
                                " elements do not fit in a JavaScript TypedArray (at most " +
                                std::to_string(static_cast<int64_t>(gMaxJsLength)) + " in this Node.js)");
  }
}

// item(h) -> number | boolean | [re, im] | bigint (int64/uint64 values beyond 2^53 come back as bigints; lib
// decides what to do with them)
Napi::Value Item(const Napi::CallbackInfo& info) {
  const at::Tensor& t = Arg(info, 0);
  c10::Scalar s = t.item();
  if (t.scalar_type() == c10::ScalarType::UInt64 || t.scalar_type() == c10::ScalarType::Long) {
    bool u = t.scalar_type() == c10::ScalarType::UInt64;
    double d = u ? static_cast<double>(s.to<uint64_t>()) : static_cast<double>(s.toLong());
    if (std::fabs(d) > 9007199254740991.0) {
      return u ? Napi::BigInt::New(info.Env(), s.to<uint64_t>()) : Napi::BigInt::New(info.Env(), s.toLong());
    }
    return Napi::Number::New(info.Env(), d);
  }
  return FromScalar(info.Env(), s);
}

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
  CheckJsLength(static_cast<double>(bytes / k.elemBytes), static_cast<double>(bytes), "toTypedArray()");
  Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(env, bytes);
  if (bytes > 0 && t.data_ptr() == nullptr) Throw(ErrorKind::Runtime, "tolist() shouldn't be called on a tensor with unallocated storage");
  if (bytes > 0) std::memcpy(ab.Data(), t.data_ptr(), bytes);
  return MakeTypedArray(env, k.type, bytes / k.elemBytes, ab);
}

// The checks of Tensor.numpy(), with PyTorch's messages.
void CheckNumpy(const at::Tensor& t) {
  if (!t.device().is_cpu()) {
    Throw(ErrorKind::Type, "can't convert " + t.device().str() +
                               " device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.");
  }
  if (t.requires_grad()) {
    Throw(ErrorKind::Runtime, "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
  }
  if (t._is_zerotensor() || !t.has_storage() || t.storage().data() == nullptr && t.storage().nbytes() > 0) {
    Throw(ErrorKind::Runtime, "numpy() shouldn't be called on a tensor with unallocated storage");
  }
  if (t.is_conj()) Throw(ErrorKind::Runtime, "Can't call numpy() on Tensor that has conjugate bit set. Use tensor.resolve_conj().numpy() instead.");
  if (t.is_neg()) Throw(ErrorKind::Runtime, "Can't call numpy() on Tensor that has negative bit set. Use tensor.resolve_neg().numpy() instead.");
  if (!t.is_contiguous()) {
    Throw(ErrorKind::Runtime,
          "torch-node: numpy() returns a TypedArray, which cannot be strided; call contiguous() first "
          "(that copies when the tensor is not contiguous)");
  }
  KindFor(t.scalar_type());
}

// numpyView(h) -> [storageKey, typedArrayKind, byteOffset, length]: what a TypedArray view of the tensor needs,
// given the ArrayBuffer of its whole storage (storageBytes, tensor/storage.cc). The key names the storage while it lives; lib
// keeps one ArrayBuffer per storage, so repeated views cost no new buffer and no GC pressure.
Napi::Value NumpyView(const Napi::CallbackInfo& info) {
  const at::Tensor& t = Arg(info, 0);
  CheckNumpy(t);
  ArrayKind k = KindFor(t.scalar_type());
  const c10::Storage& st = t.storage();
  CheckJsLength(static_cast<double>(st.nbytes()), static_cast<double>(st.nbytes()), "numpy()");
  // As PyTorch does for numpy arrays: memory lent to JavaScript can no longer be reallocated by a resize.
  st.unsafeGetStorageImpl()->set_resizable(false);
  size_t offset = static_cast<size_t>(static_cast<const char*>(t.data_ptr()) - static_cast<const char*>(st.data()));
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, 4);
  out.Set(0u, Napi::Number::New(env, static_cast<double>(reinterpret_cast<uintptr_t>(st.unsafeGetStorageImpl()))));
  out.Set(1u, Napi::Number::New(env, static_cast<int>(k.type)));
  out.Set(2u, Napi::Number::New(env, static_cast<double>(offset)));
  out.Set(3u, Napi::Number::New(env, static_cast<double>(t.nbytes() / k.elemBytes)));
  return out;
}

// setMaxJsLength(n): buffer.constants.MAX_LENGTH of this Node.js
Napi::Value SetMaxJsLength(const Napi::CallbackInfo& info) {
  gMaxJsLength = info[0].As<Napi::Number>().DoubleValue();
  return Napi::Value();
}

}  // namespace

void InitData(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<Item>(env, exports, "item", inst);
  Export<CopyData>(env, exports, "copyData", inst);
  Export<NumpyView>(env, exports, "numpyView", inst);
  Export<SetMaxJsLength>(env, exports, "setMaxJsLength", inst);
}

}  // namespace tn
