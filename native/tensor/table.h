// The tensor handle table: C++ owns every at::Tensor that JavaScript can see; JS holds a small integer handle.
//
// handle = (generation << kSlotBits) | slot, always a positive int32 (a V8 Smi: no allocation per result).
// Release paths: dispose(h); the end of a scope (tensors made inside it, in creation order, except those kept);
// the FinalizationRegistry callback for tensors that live outside every scope ("unscoped").
// Rule: a slot that a FinalizationRegistry entry may still name is never reused before that entry's callback
// has run (fr flag), so a late callback can never free another tensor. The generation check catches use after
// dispose in user code; the free list is FIFO so a slot comes back as rarely as possible.
#pragma once
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace tn {

class TensorTable {
 public:
  static constexpr int kSlotBits = 22;
  static constexpr uint32_t kSlotMask = (1u << kSlotBits) - 1;
  static constexpr uint32_t kGenMask = (1u << (31 - kSlotBits)) - 1;

  TensorTable();

  // Stores t; returns its handle. Inside a scope the tensor is owned by that scope, else it is unscoped and
  // its bytes are reported to V8 through AdjustExternalMemory (napi_env given) so the GC sees tensor memory.
  int32_t Put(at::Tensor&& t);
  int32_t Put(const at::Tensor& t) { return Put(at::Tensor(t)); }

  // The live tensor behind h, or nullptr when h is stale (disposed, freed by a scope) or never existed.
  // The reference stays valid while other tensors are stored (slots live in fixed chunks that never move), so
  // code that runs JavaScript callbacks (hooks during backward) may keep it.
  at::Tensor* Find(int32_t h) {
    uint32_t slot = static_cast<uint32_t>(h) & kSlotMask;
    if (h <= 0 || slot >= size_) return nullptr;
    Slot& s = At(slot);
    if (s.gen != (static_cast<uint32_t>(h) >> kSlotBits) || !s.live) return nullptr;
    return &s.tensor;
  }
  // Like Find, but throws torch's DisposedTensorError for a stale handle.
  at::Tensor& Get(int32_t h);

  void Dispose(int32_t h);    // frees the tensor now (no-op if already freed)
  void FrRelease(int32_t h);  // FinalizationRegistry callback: free if alive, then recycle the slot

  void ScopeBegin();
  // Ends the innermost scope: frees its tensors except `keep`. Kept tensors move to the parent scope, or become
  // unscoped at depth 0; the handles that became unscoped are appended to `unscoped` (JS registers them).
  void ScopeEnd(const std::vector<int32_t>& keep, std::vector<int32_t>* unscoped);
  // Takes h out of every scope; true when it became unscoped now (JS must register it for finalization).
  bool Keep(int32_t h);
  int Depth() const { return static_cast<int>(scopes_.size()); }

  struct Stats {
    int64_t live = 0, peak = 0, created = 0, unscoped = 0, externalBytes = 0;
  };
  const Stats& stats() const { return stats_; }
  void ResetPeak() { stats_.peak = stats_.live; }

  // Bytes reported to V8 since the last call (positive or negative); the caller passes it to AdjustExternalMemory.
  int64_t TakeExternalDelta() {
    int64_t d = externalDelta_;
    externalDelta_ = 0;
    return d;
  }

 private:
  struct Slot {
    at::Tensor tensor;
    uint32_t gen = 1;
    uint32_t owner = 0;    // id of the owning scope; 0 = unscoped
    bool live = false;
    bool fr = false;       // a FinalizationRegistry entry names this slot: do not reuse before FrRelease
    int64_t extBytes = 0;  // bytes reported to V8 for this (unscoped) tensor
  };
  struct Scope {
    size_t mark;  // index into log_ where this scope's handles begin
    uint32_t id;
  };

  static constexpr int kChunkBits = 12;
  static constexpr uint32_t kChunkMask = (1u << kChunkBits) - 1;
  Slot& At(uint32_t slot) { return chunks_[slot >> kChunkBits][slot & kChunkMask]; }
  const Slot& At(uint32_t slot) const { return chunks_[slot >> kChunkBits][slot & kChunkMask]; }
  uint32_t NewSlot();

  void Free(Slot& s);  // drops the tensor and bumps the generation
  void Recycle(uint32_t slot);
  void MakeUnscoped(Slot& s);
  int32_t HandleOf(uint32_t slot) const {
    return static_cast<int32_t>((At(slot).gen << kSlotBits) | slot);
  }

  std::vector<std::unique_ptr<Slot[]>> chunks_;  // fixed-size chunks: a Slot never moves
  uint32_t size_ = 0;                            // slots in use or on the free ring
  std::vector<uint32_t> freeRing_;  // FIFO of free slots (ring buffer)
  size_t freeHead_ = 0, freeCount_ = 0;
  std::vector<int32_t> log_;
  std::vector<Scope> scopes_;
  uint32_t nextScopeId_ = 1;
  Stats stats_;
  int64_t externalDelta_ = 0;
};

}  // namespace tn
