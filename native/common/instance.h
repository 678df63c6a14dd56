// Per-environment state (the addon is context-aware: each worker thread gets its own table and error classes).
#pragma once
#include <array>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "common/async_policy.h"
#include "common/js_thread.h"
#include "common/worker_thread.h"
#include "common/errors.h"
#include "common/napi.h"
#include "tensor/table.h"

namespace tn {

struct Instance {
  TensorTable table;
  std::array<Napi::FunctionReference, 9> errorClasses;  // indexed by ErrorKind
  Napi::FunctionReference warningEmitter;               // (message, kind) => process.emitWarning(...)
  napi_env env;
  std::thread::id jsThread;

  // References to JS values (ArrayBuffers shared with tensors) whose release was requested off the JS thread.
  std::mutex pendingMutex;
  std::vector<napi_ref> pendingUnref;
  std::atomic<bool> hasPending{false};

  // JavaScript callbacks reachable from the autograd engine (tensor hooks, custom Function nodes). While there are
  // none, backward runs inline on the JS thread; otherwise on a helper thread while the JS thread serves them.
  std::atomic<int> jsCallbacks{0};
  std::unique_ptr<JsBridge> bridge;
  // The environment's worker thread (common/worker_thread.h), made on first use.
  WorkerThread& Worker();
  std::unique_ptr<WorkerThread> worker;
  // Which async jobs run on the JS thread (common/async_policy.h).
  AsyncPolicy asyncPolicy;
  std::shared_ptr<void> nodeRegistry;  // autograd nodes named by JS grad_fn objects (autograd/nodes.cc)
  std::shared_ptr<void> hookRegistry;  // tensor hooks named by JS RemovableHandles (autograd/hooks.cc)
  std::shared_ptr<struct GeneratorRegistry> generators;  // torch.Generator objects (runtime/generator.cc)

  // The environment is ending (worker terminated, process exiting): no more JavaScript runs here. Set by the
  // env cleanup hook and by the JS 'exit' handler (shutdown()); closes the bridge so no thread waits for JS.
  std::atomic<bool> closing{false};
  void Close();

  explicit Instance(napi_env e);
  ~Instance();

  // Reports tensor memory that changed hands to V8 (unscoped tensors only), so the GC runs when tensors fill
  // memory. Cheap when nothing changed.
  void SyncExternalMemory() {
    int64_t d = table.TakeExternalDelta();
    if (d != 0) {
      int64_t ignored;
      napi_adjust_external_memory(env, d, &ignored);
    }
    if (hasPending.load(std::memory_order_relaxed)) DrainPending();
  }
  void DrainPending();

  // Pins a JS value (an ArrayBuffer) for as long as C++ data uses it. The returned cookie is released with
  // ReleasePinned, from any thread: on the JS thread at once, otherwise at the next call into the addon.
  void* Pin(Napi::Value v);
  static void ReleasePinned(void* cookie);
  // The pinned value, on the JS thread.
  static napi_value PinnedValue(napi_env env, void* cookie);
};

// The deleter of storages that borrow JavaScript memory (from_numpy, frombuffer): releases the pinned JS value.
void ReleaseJsMemory(void* cookie);
// True when t's storage is JavaScript memory of this environment (so it must not outlive it, e.g. in a worker).
inline bool BorrowsJsMemory(const at::Tensor& t) {
  return t.defined() && t.has_storage() && t.storage().data_ptr().get_deleter() == &ReleaseJsMemory;
}

inline Instance& Inst(const Napi::CallbackInfo& info) { return *static_cast<Instance*>(info.Data()); }

// Stores t and returns its handle as a JS number.
inline Napi::Value Wrap(const Napi::CallbackInfo& info, at::Tensor&& t) {
  Instance& in = Inst(info);
  int32_t h = in.table.Put(std::move(t));
  if (in.table.Depth() == 0 || in.hasPending.load(std::memory_order_relaxed)) in.SyncExternalMemory();
  return Napi::Number::New(info.Env(), h);
}

inline int32_t HandleArg(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int32Value(); }
inline at::Tensor& Arg(const Napi::CallbackInfo& info, size_t i) { return Inst(info).table.Get(HandleArg(info, i)); }

}  // namespace tn
