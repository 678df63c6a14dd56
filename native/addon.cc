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
    // glibc kept RSS growing for freed tensor memory in some allocation patterns; a lower mmap threshold returns
    // large blocks to the OS at free (NOTES-libtorch.md; measured in test/leak).
    if (std::getenv("TORCH_NODE_MALLOC_DEFAULTS") == nullptr) mallopt(M_MMAP_THRESHOLD, 128 * 1024);
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
