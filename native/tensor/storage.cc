// Storages seen from JavaScript (see storage.h). The storage key is the StorageImpl's address: two tensors that
// share a storage have the same key while it lives. Bytes are exposed as one external ArrayBuffer per storage
// (lib/tensor/storage.ts caches it by key), which keeps the storage alive and makes it non-resizable, as numpy()
// does.
#include "tensor/storage.h"

#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>

#include <cstring>
#include <limits>
#include <string>

#include "common/convert.h"
#include "tensor/areas.h"

namespace tn {

at::Tensor BytesOver(const c10::Storage& owner, void* data, int64_t nbytes) {
  auto* keep = new c10::Storage(owner);
  return at::for_blob(data, {nbytes})
      .context(keep, [](void* p) { delete static_cast<c10::Storage*>(p); })
      .options(at::TensorOptions().dtype(at::kByte).device(owner.device()))
      .make_tensor();
}

void CheckGeometry(const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides, int64_t offset,
                   int64_t itemsize, int64_t storageBytes) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if (sizes.size() != strides.size()) {
    Throw(ErrorKind::Value, "size has " + std::to_string(sizes.size()) + " dimensions but stride has " +
                                std::to_string(strides.size()));
  }
  if (sizes.size() > 64) Throw(ErrorKind::Value, "a tensor has at most 64 dimensions, got " + std::to_string(sizes.size()));
  if (offset < 0) Throw(ErrorKind::Value, "storage offset must be non-negative, got " + std::to_string(offset));
  int64_t numel = 1;
  int64_t last = offset;  // index of the last element, in elements
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] < 0) Throw(ErrorKind::Value, "size must be non-negative, got " + std::to_string(sizes[i]));
    if (strides[i] < 0) Throw(ErrorKind::Value, "stride must be non-negative, got " + std::to_string(strides[i]));
    if (sizes[i] != 0 && numel > kMax / sizes[i]) Throw(ErrorKind::Value, "the tensor's number of elements overflows");
    numel *= sizes[i];
  }
  if (numel == 0) return;
  for (size_t i = 0; i < sizes.size(); ++i) {
    int64_t span;
    if (sizes[i] > 1 && strides[i] > kMax / (sizes[i] - 1)) Throw(ErrorKind::Value, "the tensor's strides overflow");
    span = (sizes[i] - 1) * strides[i];
    if (last > kMax - span) Throw(ErrorKind::Value, "the tensor's strides overflow");
    last += span;
  }
  if (last >= kMax / itemsize || (last + 1) * itemsize > storageBytes) {
    Throw(ErrorKind::Value, "the tensor's geometry (size, stride, offset " + std::to_string(offset) +
                                ") reaches beyond its storage of " + std::to_string(storageBytes) + " bytes");
  }
}

namespace {

const c10::Storage& StorageOf(const at::Tensor& t) {
  if (!t.has_storage()) Throw(ErrorKind::Runtime, "torch-node: this tensor has no storage");
  return t.storage();
}

double StorageKey(const c10::Storage& st) {
  return static_cast<double>(reinterpret_cast<uintptr_t>(st.unsafeGetStorageImpl()));
}

// storageInfo(h) -> [key, nbytes, storageOffset (elements), deviceCode, allocated]
Napi::Value StorageInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const at::Tensor& t = Arg(info, 0);
  const c10::Storage& st = StorageOf(t);
  Napi::Array out = Napi::Array::New(env, 5);
  out.Set(0u, Napi::Number::New(env, StorageKey(st)));
  out.Set(1u, Napi::Number::New(env, static_cast<double>(st.nbytes())));
  out.Set(2u, Napi::Number::New(env, static_cast<double>(t.storage_offset())));
  out.Set(3u, Napi::Number::New(env, DeviceCode(st.device())));
  out.Set(4u, Napi::Boolean::New(env, st.nbytes() == 0 || st.data() != nullptr));
  return out;
}

// storageBytes(h) -> an external ArrayBuffer over the whole (CPU) storage of h, keeping the storage alive
Napi::Value StorageBytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const c10::Storage& st = StorageOf(Arg(info, 0));
  if (!st.device().is_cpu()) Throw(ErrorKind::Type, "torch-node: only a CPU storage's bytes can be viewed from JavaScript");
  size_t bytes = st.nbytes();
  if (bytes == 0) return Napi::ArrayBuffer::New(env, 0);
  if (st.data() == nullptr) Throw(ErrorKind::Runtime, "torch-node: the storage is not allocated");
  st.unsafeGetStorageImpl()->set_resizable(false);
  auto* keep = new c10::Storage(st);
  napi_value abv;
  napi_status status = napi_create_external_arraybuffer(
      env, const_cast<void*>(st.data()), bytes,
      [](napi_env, void*, void* hint) { delete static_cast<c10::Storage*>(hint); }, keep, &abv);
  if (status != napi_ok) {
    Throw(ErrorKind::Runtime, "torch-node: this Node.js build does not allow external ArrayBuffers");
  }
  return Napi::Value(env, abv);
}

// tensorOverStorage(h, dtype, sizes, strides, offset, requiresGrad) -> a new tensor over h's storage with that
// dtype and geometry (offset in elements of dtype), checked to lie inside the storage
Napi::Value TensorOverStorage(const Napi::CallbackInfo& info) {
  const c10::Storage& st = StorageOf(Arg(info, 0));
  c10::ScalarType dtype = ToDtype(info[1]);
  std::vector<int64_t> sizes = ToIntList(info[2]);
  std::vector<int64_t> strides = ToIntList(info[3]);
  int64_t offset = ToInt(info[4]);
  bool requiresGrad = ToBool(info[5]);
  int64_t itemsize = static_cast<int64_t>(c10::elementSize(dtype));
  CheckGeometry(sizes, strides, offset, itemsize, static_cast<int64_t>(st.nbytes()));
  at::Tensor t = at::empty({0}, at::TensorOptions().dtype(dtype).device(st.device()));
  t.set_(st, offset, sizes, strides);
  if (requiresGrad) t.set_requires_grad(true);
  return Wrap(info, std::move(t));
}

// storageSlice(h, byteOffset, nbytes, copy) -> a 1-D uint8 tensor over bytes [byteOffset, byteOffset + nbytes)
// of h's storage, on a storage of its own: aliasing (keeps h's storage alive) or, with copy, a copy
Napi::Value StorageSlice(const Napi::CallbackInfo& info) {
  const c10::Storage& st = StorageOf(Arg(info, 0));
  int64_t off = ToInt(info[1]);
  int64_t n = ToInt(info[2]);
  bool copy = ToBool(info[3]);
  int64_t total = static_cast<int64_t>(st.nbytes());
  if (off < 0 || n < 0 || off > total || n > total - off) {
    Throw(ErrorKind::Value, "byte range [" + std::to_string(off) + ", " + std::to_string(off) + "+" +
                                std::to_string(n) + ") is outside the storage of " + std::to_string(total) + " bytes");
  }
  if (n > 0 && st.data() == nullptr) Throw(ErrorKind::Runtime, "torch-node: the storage is not allocated");
  char* base = n > 0 ? static_cast<char*>(const_cast<void*>(st.data())) + off : nullptr;
  if (copy || n == 0) {
    at::Tensor t = at::empty({n}, at::TensorOptions().dtype(at::kByte).device(st.device()));
    if (n > 0) {
      if (st.device().is_cpu()) std::memcpy(t.data_ptr(), base, static_cast<size_t>(n));
      else t.copy_(BytesOver(st, base, n));
    }
    return Wrap(info, std::move(t));
  }
  return Wrap(info, BytesOver(st, base, n));
}

}  // namespace

void InitStorage(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<StorageInfo>(env, exports, "storageInfo", inst);
  Export<StorageBytes>(env, exports, "storageBytes", inst);
  Export<TensorOverStorage>(env, exports, "tensorOverStorage", inst);
  Export<StorageSlice>(env, exports, "storageSlice", inst);
}

}  // namespace tn
