#include "tensor/table.h"

#include <algorithm>
#include <cstdlib>

#include "common/errors.h"

namespace tn {

namespace {
// GC pacing (docs/memory.md): JS runs a minor GC and a sweep after this much unscoped memory, or this many
// unscoped tensors (at least; the count grows with the number tracked so sweeps stay amortised O(1) per tensor).
// TORCH_NODE_GC_MB overrides the bytes (a tuning knob; docs/memory.md).
int64_t MinorBytes() {
  static const int64_t bytes = [] {
    const char* v = std::getenv("TORCH_NODE_GC_MB");
    double mb = v != nullptr ? std::atof(v) : 0;
    return mb > 0 ? static_cast<int64_t>(mb * (1 << 20)) : (8ll << 20);
  }();
  return bytes;
}
constexpr int64_t kMinorCount = 8192;
constexpr int64_t kTensorOverhead = 512;  // native bytes of a tensor beyond its storage (TensorImpl, JS wrapper)
// A major GC is advised when the unscoped bytes alive after a sweep exceed twice those after the last major GC
// plus this much (tensors that lived through two minor GCs are in V8's old generation until a major one).
constexpr int64_t kMajorSlackBytes = 64ll << 20;
}  // namespace

TensorTable::TensorTable(napi_env env) : env_(env) {
  NewSlot();  // slot 0 is never used: handle 0 means "no tensor"
}

TensorTable::~TensorTable() { Clear(); }

uint32_t TensorTable::NewSlot() {
  if (size_ > kSlotMask) Throw(ErrorKind::OutOfMemory, "torch-node: more than 4194303 live tensors");
  if ((size_ >> kChunkBits) >= chunks_.size()) chunks_.emplace_back(new Slot[1u << kChunkBits]);
  return size_++;
}

int32_t TensorTable::Put(at::Tensor&& t) {
  uint32_t slot;
  if (freeCount_ > 0) {
    slot = freeRing_[freeHead_];
    freeHead_ = (freeHead_ + 1) % freeRing_.size();
    --freeCount_;
  } else {
    slot = NewSlot();
  }
  Slot& s = At(slot);
  s.tensor = std::move(t);
  s.live = true;
  ++stats_.live;
  ++stats_.created;
  if (stats_.live > stats_.peak) stats_.peak = stats_.live;
  int32_t h = HandleOf(slot);
  if (scopes_.empty()) {
    MakeUnscoped(s);
  } else {
    s.owner = scopes_.back().id;
    log_.push_back(h);
  }
  return h;
}

int32_t TensorTable::PutUnscoped(at::Tensor&& t) {
  std::vector<Scope> saved;
  saved.swap(scopes_);  // Put sees no scope
  int32_t h;
  try {
    h = Put(std::move(t));
  } catch (...) {
    scopes_.swap(saved);
    throw;
  }
  scopes_.swap(saved);
  return h;
}

void TensorTable::Reaccount(int32_t h) {
  if (Find(h) == nullptr) return;
  Slot& s = At(static_cast<uint32_t>(h) & kSlotMask);
  if (s.owner != 0) return;
  ReleaseStorage(s);
  --stats_.unscoped;  // MakeUnscoped counts it again
  MakeUnscoped(s);
}

void TensorTable::ReleaseStorage(Slot& s) {
  if (s.storage == nullptr) return;
  auto it = storages_.find(s.storage);
  if (it != storages_.end() && --it->second.refs == 0) {
    externalDelta_ -= it->second.bytes;
    stats_.externalBytes -= it->second.bytes;
    storages_.erase(it);
  }
  s.storage = nullptr;
}

void TensorTable::MakeUnscoped(Slot& s) {
  s.owner = 0;
  ++stats_.unscoped;
  const at::Tensor& t = s.tensor;
  if (!t.defined() || !t.has_storage()) return;
  c10::StorageImpl* impl = t.storage().unsafeGetStorageImpl();
  if (impl == nullptr) return;
  s.storage = impl;
  StorageUse& use = storages_[impl];
  if (use.refs++ == 0) {
    use.bytes = static_cast<int64_t>(impl->nbytes());
    externalDelta_ += use.bytes;
    stats_.externalBytes += use.bytes;
    pressureBytes_ += use.bytes;
  }
}

at::Tensor& TensorTable::Get(int32_t h) {
  at::Tensor* t = Find(h);
  if (t == nullptr) {
    Throw(ErrorKind::Disposed,
          "Tensor has been disposed (by dispose() or by the end of the torch.tidy scope that owned it); "
          "return it from the scope or call torch.keep() to keep it");
  }
  return *t;
}

void TensorTable::Untrack(Slot& s) {
  if (s.weak != nullptr) {
    napi_delete_reference(env_, s.weak);
    s.weak = nullptr;
  }
  if (s.tracked != 0) {
    uint32_t i = s.tracked - 1;
    uint32_t last = tracked_.back();
    tracked_[i] = last;
    At(last).tracked = i + 1;
    tracked_.pop_back();
    s.tracked = 0;
  }
}

void TensorTable::Free(uint32_t slot) {
  Slot& s = At(slot);
  if (s.owner == 0) {
    --stats_.unscoped;
    Untrack(s);
    ReleaseStorage(s);
  }
  s.tensor.reset();
  s.live = false;
  s.gen = (s.gen + 1) & kGenMask;
  if (s.gen == 0) s.gen = 1;  // generation 0 would allow handle 0
  --stats_.live;
  s.owner = 0;
  // give the slot back (FIFO, so a slot comes back as rarely as possible)
  if (freeCount_ == freeRing_.size()) {
    std::vector<uint32_t> bigger(std::max<size_t>(64, freeRing_.size() * 2));
    for (size_t i = 0; i < freeCount_; ++i) bigger[i] = freeRing_[(freeHead_ + i) % freeRing_.size()];
    freeRing_.swap(bigger);
    freeHead_ = 0;
  }
  freeRing_[(freeHead_ + freeCount_) % freeRing_.size()] = slot;
  ++freeCount_;
}

void TensorTable::Dispose(int32_t h) {
  if (Find(h) == nullptr) return;
  Free(static_cast<uint32_t>(h) & kSlotMask);
}

bool TensorTable::Track(int32_t h, napi_value object) {
  Get(h);
  uint32_t slot = static_cast<uint32_t>(h) & kSlotMask;
  Slot& s = At(slot);
  if (s.owner != 0) return false;  // owned by a scope
  napi_ref ref;
  if (napi_create_reference(env_, object, 0, &ref) != napi_ok) {
    Throw(ErrorKind::Runtime, "torch-node: cannot track a tensor's JavaScript object");
  }
  if (s.weak != nullptr) {  // the handle moved to another object (lib's legacy constructor): track that one
    napi_delete_reference(env_, s.weak);
    s.weak = ref;
    return false;
  }
  s.weak = ref;
  tracked_.push_back(slot);
  s.tracked = static_cast<uint32_t>(tracked_.size());
  ++pressureCount_;
  pressureBytes_ += kTensorOverhead;
  return pressureBytes_ >= MinorBytes() ||
         pressureCount_ >= std::max<int64_t>(kMinorCount, static_cast<int64_t>(tracked_.size() / 2));
}

bool TensorTable::Sweep(bool afterMajor) {
  ++stats_.sweeps;
  pressureBytes_ = 0;
  pressureCount_ = 0;
  for (size_t i = 0; i < tracked_.size();) {
    uint32_t slot = tracked_[i];
    napi_value v = nullptr;
    if (napi_get_reference_value(env_, At(slot).weak, &v) == napi_ok && v == nullptr) {
      Free(slot);  // moves the last tracked slot into position i
      ++stats_.collected;
    } else {
      ++i;
    }
  }
  if (afterMajor) {
    bytesAfterMajor_ = stats_.externalBytes;
    return false;
  }
  return stats_.externalBytes > 2 * bytesAfterMajor_ + kMajorSlackBytes;
}

void TensorTable::ScopeBegin() { scopes_.push_back({log_.size(), nextScopeId_++}); }

void TensorTable::ScopeEnd(const std::vector<int32_t>& keep, std::vector<int32_t>* unscoped) {
  if (scopes_.empty()) Throw(ErrorKind::Runtime, "torch-node: scope end without a matching scope begin");
  Scope scope = scopes_.back();
  scopes_.pop_back();
  std::vector<int32_t> kept;
  kept.reserve(keep.size());
  for (int32_t h : keep) {
    if (Find(h) == nullptr) continue;
    Slot& s = At(static_cast<uint32_t>(h) & kSlotMask);
    if (s.owner != scope.id) continue;  // unscoped or owned by an outer scope already
    s.owner = UINT32_MAX;               // mark: survives the sweep below
    kept.push_back(h);
  }
  for (size_t i = scope.mark; i < log_.size(); ++i) {
    int32_t h = log_[i];
    if (Find(h) == nullptr) continue;
    uint32_t slot = static_cast<uint32_t>(h) & kSlotMask;
    if (At(slot).owner != scope.id) continue;
    Free(slot);
  }
  log_.resize(scope.mark);
  for (int32_t h : kept) {
    Slot& s = At(static_cast<uint32_t>(h) & kSlotMask);
    if (scopes_.empty()) {
      MakeUnscoped(s);
      unscoped->push_back(h);
    } else {
      s.owner = scopes_.back().id;
      log_.push_back(h);
    }
  }
}

bool TensorTable::Keep(int32_t h) {
  Get(h);
  Slot& s = At(static_cast<uint32_t>(h) & kSlotMask);
  if (s.owner == 0) return false;
  MakeUnscoped(s);  // its log entry is skipped at scope end: the owner no longer matches
  return true;
}

void TensorTable::Clear() {
  for (uint32_t slot = 1; slot < size_; ++slot) {
    Slot& s = At(slot);
    s.weak = nullptr;  // the environment owns (and drops) its references
    s.tracked = 0;
    if (s.live) {
      s.tensor.reset();
      s.live = false;
    }
  }
  tracked_.clear();
  storages_.clear();
  log_.clear();
  scopes_.clear();
  stats_.live = stats_.unscoped = stats_.externalBytes = 0;
}

}  // namespace tn
