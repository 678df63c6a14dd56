// The tensor handle table: C++ owns every at::Tensor that JavaScript can see; JS holds a small integer handle.
//
// handle = (generation << kSlotBits) | slot, always a positive int32 (a V8 Smi: no allocation per result).
// Release paths, all of which give the slot back at once:
//   - dispose(h);
//   - the end of a scope: tensors made inside it, in creation order, except those kept;
//   - the garbage collector, for tensors outside every scope ("unscoped"): each one's JS object is tracked by a
//     weak reference (Track); Sweep() frees the tensors whose objects the GC has collected. V8 clears weak
//     references during any GC, minor ones included, so this works inside synchronous loops (a
//     FinalizationRegistry only reports after the event loop turns).
// No JS object ever keeps naming a freed slot: dispose() and scope ends invalidate the JS objects (lib/tensor),
// and the GC path frees only tensors whose objects are gone. The generation check stays as a second line of
// defence on every lookup.
//
// Unscoped tensors' storage bytes are reported to V8 (AdjustExternalMemory) once per storage, however many
// views of it are alive, so V8 sees tensor memory without overcounting.
#pragma once
#include <ATen/core/Tensor.h>
#include <node_api.h>

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace tn {

class TensorTable {
 public:
  static constexpr int kSlotBits = 22;
  static constexpr uint32_t kSlotMask = (1u << kSlotBits) - 1;
  static constexpr uint32_t kGenMask = (1u << (31 - kSlotBits)) - 1;

  explicit TensorTable(napi_env env);
  ~TensorTable();

  // Stores t; returns its handle. Inside a scope the tensor is owned by that scope, else it is unscoped (JS
  // then calls Track with its object).
  int32_t Put(at::Tensor&& t);
  int32_t Put(const at::Tensor& t) { return Put(at::Tensor(t)); }
  // Stores t outside every scope, whatever the current scope (something else owns it: JS tracks the object).
  int32_t PutUnscoped(at::Tensor&& t);
  // The tensor behind h changed storage (set_data): its external-memory accounting follows.
  void Reaccount(int32_t h);

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

  void Dispose(int32_t h);  // frees the tensor now (no-op if already freed)

  // Tracks the JS object of the unscoped tensor h with a weak reference (replacing an earlier one: the object
  // that holds h changed). Returns true when enough unscoped memory has been made since the last sweep that JS
  // should run a (minor) GC and then Sweep().
  bool Track(int32_t h, napi_value object);
  // Frees the unscoped tensors whose JS objects were collected. Returns true when a major GC is advised (the
  // unscoped memory that survives minor GCs has grown a lot since the last major one).
  bool Sweep(bool afterMajor);

  void ScopeBegin();
  // Ends the innermost scope: frees its tensors except `keep`. Kept tensors move to the parent scope, or become
  // unscoped at depth 0; the handles that became unscoped are appended to `unscoped` (JS tracks them).
  void ScopeEnd(const std::vector<int32_t>& keep, std::vector<int32_t>* unscoped);
  // Takes h out of every scope; true when it became unscoped now (JS must track it).
  bool Keep(int32_t h);
  int Depth() const { return static_cast<int>(scopes_.size()); }

  // Frees every tensor (the environment is ending); weak references are dropped with the environment.
  void Clear();

  struct Stats {
    int64_t live = 0, peak = 0, created = 0, unscoped = 0, externalBytes = 0, collected = 0, sweeps = 0;
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
    uint32_t owner = 0;  // id of the owning scope; 0 = unscoped
    bool live = false;
    napi_ref weak = nullptr;  // the JS object, weakly (unscoped tensors only)
    uint32_t tracked = 0;     // index + 1 in tracked_ (0 = not tracked)
    void* storage = nullptr;  // the storage whose bytes this unscoped tensor accounts for
  };
  struct Scope {
    size_t mark;  // index into log_ where this scope's handles begin
    uint32_t id;
  };
  struct StorageUse {
    int64_t refs = 0;
    int64_t bytes = 0;
  };

  static constexpr int kChunkBits = 12;
  static constexpr uint32_t kChunkMask = (1u << kChunkBits) - 1;
  Slot& At(uint32_t slot) { return chunks_[slot >> kChunkBits][slot & kChunkMask]; }
  const Slot& At(uint32_t slot) const { return chunks_[slot >> kChunkBits][slot & kChunkMask]; }
  uint32_t NewSlot();

  void Free(uint32_t slot);  // drops the tensor, its weak reference and accounting; bumps the generation; recycles
  void MakeUnscoped(Slot& s);
  void Untrack(Slot& s);
  void ReleaseStorage(Slot& s);  // drops this unscoped slot's share of its storage's reported bytes
  int32_t HandleOf(uint32_t slot) const {
    return static_cast<int32_t>((At(slot).gen << kSlotBits) | slot);
  }

  napi_env env_;
  std::vector<std::unique_ptr<Slot[]>> chunks_;  // fixed-size chunks: a Slot never moves
  uint32_t size_ = 0;                            // slots in use or on the free ring
  std::vector<uint32_t> freeRing_;               // FIFO of free slots (ring buffer)
  size_t freeHead_ = 0, freeCount_ = 0;
  std::vector<int32_t> log_;
  std::vector<Scope> scopes_;
  uint32_t nextScopeId_ = 1;
  std::vector<uint32_t> tracked_;  // slots with a weak reference
  std::unordered_map<void*, StorageUse> storages_;
  Stats stats_;
  int64_t externalDelta_ = 0;
  // GC pacing: what was made unscoped since the last sweep, and the unscoped bytes alive after the last major GC
  int64_t pressureBytes_ = 0, pressureCount_ = 0, bytesAfterMajor_ = 0;
};

}  // namespace tn
