// torch-node's native entry point: creates the per-environment state and registers each area. Nothing else.
#include <malloc.h>

#include <cstdlib>

#include <mutex>
#include <thread>

#include <ATen/Parallel.h>

#include "autograd/autograd.h"
#include "common/instance.h"
#include "cuda/cuda.h"
#include "generated/ops.h"
#include "jit/jit.h"
#include "runtime/runtime.h"
#include "serialize/files.h"
#include "tensor/areas.h"
#include "tensor/storage.h"

namespace {

Napi::Value SetErrorClassesFn(const Napi::CallbackInfo& info) {
  tn::SetErrorClasses(info);
  return Napi::Value();
}

Napi::Value SetWarningEmitterFn(const Napi::CallbackInfo& info) {
  tn::SetWarningEmitter(info);
  return Napi::Value();
}

// shutdown(): the environment is ending (process 'exit'): fail every pending request for the JS thread
Napi::Value ShutdownFn(const Napi::CallbackInfo& info) {
  tn::Inst(info).Close();
  return Napi::Value();
}

void ProcessInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    // The allocation policy (docs/decisions.md (39)): tensor buffers stay in glibc's heap (mmap
    // threshold fixed at 32 MiB, glibc's own dynamic maximum) and the heap top is trimmed only beyond 64 MiB free,
    // so a training step reuses its memory instead of faulting fresh zero-filled pages in on every step (the old
    // fixed 128 KiB threshold: ~2,250 page faults per small conv step; glibc's dynamic defaults: ~120, as its trim
    // threshold follows the mmap threshold; this: ~3, Python ~13). Overrides, read once at load:
    //   TORCH_NODE_MALLOC_DEFAULTS=1            glibc's defaults untouched
    //   TORCH_NODE_MALLOC_MMAP_THRESHOLD=bytes  a fixed mmap threshold (131072 was the old default: returns every
    //                                           freed buffer above it to the OS, against heap fragmentation when
    //                                           many differently sized tensors are freed promptly; bench/malloc.js)
    //   MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_   glibc's own variables win over the values here
    if (std::getenv("TORCH_NODE_MALLOC_DEFAULTS") == nullptr) {
      if (const char* mt = std::getenv("TORCH_NODE_MALLOC_MMAP_THRESHOLD")) {
        mallopt(M_MMAP_THRESHOLD, std::atoi(mt));
      } else {
        if (std::getenv("MALLOC_MMAP_THRESHOLD_") == nullptr) mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        if (std::getenv("MALLOC_TRIM_THRESHOLD_") == nullptr) mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
      }
    }
    unsigned cores = std::thread::hardware_concurrency();
    if (cores > 0) at::set_num_threads(static_cast<int>(cores));
  });
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  ProcessInitOnce();
  tn::InstallWarningHandler();
  auto* inst = new tn::Instance(env);
  env.SetInstanceData<tn::Instance>(inst);  // deleted when the environment shuts down
  tn::Export<SetErrorClassesFn>(env, exports, "setErrorClasses", inst);
  tn::Export<SetWarningEmitterFn>(env, exports, "setWarningEmitter", inst);
  tn::Export<ShutdownFn>(env, exports, "shutdown", inst);
  tn::InitRuntime(env, exports, inst);
  tn::InitGenerators(env, exports, inst);
  tn::InitAutocast(env, exports, inst);
  tn::InitCuda(env, exports, inst);
  tn::InitStreams(env, exports, inst);
  tn::InitMemory(env, exports, inst);
  tn::InitCreation(env, exports, inst);
  tn::InitProperties(env, exports, inst);
  tn::InitData(env, exports, inst);
  tn::InitIndexing(env, exports, inst);
  tn::InitTransfer(env, exports, inst);
  tn::InitStorage(env, exports, inst);
  tn::InitSerializeFiles(env, exports, inst);
  tn::InitGeneratedOps(env, exports, inst);
  tn::InitAutograd(env, exports, inst);
  tn::InitJit(env, exports, inst);
  tn::InitTrace(env, exports, inst);
  return exports;
}

}  // namespace

NODE_API_MODULE(torch_node, Init)
