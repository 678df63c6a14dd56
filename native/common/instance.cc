#include "common/instance.h"

#include <unordered_set>

namespace tn {

namespace {
// Instances that are still alive, so a release requested after an environment ended is dropped safely.
std::mutex gLiveMutex;
std::unordered_set<Instance*> gLive;

struct PinCookie {
  Instance* inst;
  napi_ref ref;
};
}  // namespace

namespace {
void OnEnvCleanup(void* arg) { static_cast<Instance*>(arg)->Close(); }
}  // namespace

Instance::Instance(napi_env e) : table(e), env(e), jsThread(std::this_thread::get_id()) {
  bridge = std::make_unique<JsBridge>(this);
  napi_add_env_cleanup_hook(env, OnEnvCleanup, this);
  std::lock_guard<std::mutex> lock(gLiveMutex);
  gLive.insert(this);
}

void Instance::Close() {
  closing.store(true);
  bridge->Close();
  if (worker) worker->Close();
}

WorkerThread& Instance::Worker() {
  if (!worker) worker = std::make_unique<WorkerThread>(this);
  return *worker;
}

Instance::~Instance() {
  Close();
  worker.reset();  // joins the worker thread (its JS requests fail at once now)
  napi_remove_env_cleanup_hook(env, OnEnvCleanup, this);
  {
    std::lock_guard<std::mutex> lock(gLiveMutex);
    gLive.erase(this);
  }
  // Free the tensors while the rest of the instance is intact (their autograd graphs may hold JS callbacks, whose
  // release reads this instance); the environment is gone, so pinned JS values are dropped, not unreferenced.
  table.Clear();
}

void Instance::DrainPending() {
  std::vector<napi_ref> refs;
  {
    std::lock_guard<std::mutex> lock(pendingMutex);
    refs.swap(pendingUnref);
    hasPending.store(false, std::memory_order_relaxed);
  }
  for (napi_ref r : refs) napi_delete_reference(env, r);
}

void* Instance::Pin(Napi::Value v) {
  napi_ref ref;
  NAPI_THROW_IF_FAILED(env, napi_create_reference(env, v, 1, &ref), nullptr);
  return new PinCookie{this, ref};
}

napi_value Instance::PinnedValue(napi_env env, void* cookie) {
  napi_value v = nullptr;
  napi_get_reference_value(env, static_cast<PinCookie*>(cookie)->ref, &v);
  return v;
}

void ReleaseJsMemory(void* cookie) { Instance::ReleasePinned(cookie); }

void Instance::ReleasePinned(void* cookie) {
  auto* c = static_cast<PinCookie*>(cookie);
  {
    std::lock_guard<std::mutex> lock(gLiveMutex);
    if (gLive.count(c->inst) != 0) {
      Instance* in = c->inst;
      if (std::this_thread::get_id() == in->jsThread) {
        napi_delete_reference(in->env, c->ref);
      } else {
        std::lock_guard<std::mutex> plock(in->pendingMutex);
        in->pendingUnref.push_back(c->ref);
        in->hasPending.store(true, std::memory_order_relaxed);
      }
    }
  }
  delete c;
}

}  // namespace tn
