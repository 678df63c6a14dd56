#include "tensor/table.h"

#include <algorithm>

#include "common/errors.h"

namespace tn {

TensorTable::TensorTable() {
  NewSlot();  // slot 0 is never used: handle 0 means "no tensor"
}

uint32_t TensorTable::NewSlot() {
  if (size_ > kSlotMask) Throw(ErrorKind::OutOfMemory, "torch-node: more than 4194303 live tensors");
  if ((size_ >> kChunkBits) >= chunks_.size()) chunks_.emplace_back(new Slot[1u << kChunkBits]);
  return size_++;
}

static int64_t BytesOf(const at::Tensor& t) {
  if (!t.defined() || !t.has_storage()) return 0;
  return static_cast<int64_t>(t.storage().nbytes());
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

void TensorTable::MakeUnscoped(Slot& s) {
  s.owner = 0;
  s.fr = true;
  s.extBytes = BytesOf(s.tensor);
  externalDelta_ += s.extBytes;
  stats_.externalBytes += s.extBytes;
  ++stats_.unscoped;
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

void TensorTable::Free(Slot& s) {
  s.tensor.reset();
  s.live = false;
  s.gen = (s.gen + 1) & kGenMask;
  if (s.gen == 0) s.gen = 1;  // generation 0 would allow handle 0
  --stats_.live;
  if (s.owner == 0 && s.fr) {
    --stats_.unscoped;
    externalDelta_ -= s.extBytes;
    stats_.externalBytes -= s.extBytes;
    s.extBytes = 0;
  }
  s.owner = 0;
}

void TensorTable::Recycle(uint32_t slot) {
  if (freeCount_ == freeRing_.size()) {
    // grow the ring, keeping FIFO order
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
  uint32_t slot = static_cast<uint32_t>(h) & kSlotMask;
  Slot& s = At(slot);
  bool fr = s.fr;
  Free(s);
  if (!fr) Recycle(slot);  // an FR-named slot waits for its callback
}

void TensorTable::FrRelease(int32_t h) {
  uint32_t slot = static_cast<uint32_t>(h) & kSlotMask;
  if (h <= 0 || slot >= size_) return;
  Slot& s = At(slot);
  if (!s.fr) return;
  if (s.live) Free(s);
  s.fr = false;
  Recycle(slot);
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
    Slot& s = At(slot);
    if (s.owner != scope.id) continue;
    Free(s);
    Recycle(slot);
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

}  // namespace tn
