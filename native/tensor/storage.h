// Storages: the identity, size and bytes of a tensor's storage, and tensors built over a storage (or over part of
// one) with any dtype and geometry. Serialization (lib/serialization) is built on these.
#pragma once
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "common/instance.h"

namespace tn {
void InitStorage(Napi::Env env, Napi::Object exports, Instance* inst);

// A 1-D uint8 CPU tensor over [data, data + nbytes) whose storage is its own (so it has its own identity) and
// keeps `owner` alive. No copy.
at::Tensor BytesOver(const c10::Storage& owner, void* data, int64_t nbytes);

// Throws unless sizes/strides/offset (in elements of `itemsize` bytes) describe memory inside `storageBytes`:
// sizes, strides and offset non-negative, no overflow.
void CheckGeometry(const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides, int64_t offset,
                   int64_t itemsize, int64_t storageBytes);
}  // namespace tn
