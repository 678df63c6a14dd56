// Handing tensors between worker threads without copying: shareTensor puts a reference in a process-wide box
// under a fresh id (a plain number, so it can travel by postMessage); takeTensor, in any environment, takes it out
// once and stores it in that environment's table. Both sides then share the same storage.
#include <mutex>
#include <unordered_map>

#include "tensor/areas.h"

namespace tn {
namespace {

std::mutex gBoxMutex;
std::unordered_map<int64_t, at::Tensor> gBox;
int64_t gNextId = 1;

Napi::Value ShareTensor(const Napi::CallbackInfo& info) {
  at::Tensor t = Arg(info, 0);
  std::lock_guard<std::mutex> lock(gBoxMutex);
  int64_t id = gNextId++;
  gBox.emplace(id, std::move(t));
  return Napi::Number::New(info.Env(), static_cast<double>(id));
}

Napi::Value TakeTensor(const Napi::CallbackInfo& info) {
  int64_t id = static_cast<int64_t>(info[0].As<Napi::Number>().DoubleValue());
  at::Tensor t;
  {
    std::lock_guard<std::mutex> lock(gBoxMutex);
    auto it = gBox.find(id);
    if (it == gBox.end()) {
      Throw(ErrorKind::Value, "torch-node: no shared tensor with this token (it was already taken or released)");
    }
    t = std::move(it->second);
    gBox.erase(it);
  }
  return Wrap(info, std::move(t));
}

Napi::Value ReleaseShared(const Napi::CallbackInfo& info) {
  int64_t id = static_cast<int64_t>(info[0].As<Napi::Number>().DoubleValue());
  std::lock_guard<std::mutex> lock(gBoxMutex);
  return Napi::Boolean::New(info.Env(), gBox.erase(id) > 0);
}

}  // namespace

void InitTransfer(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<ShareTensor>(env, exports, "shareTensor", inst);
  Export<TakeTensor>(env, exports, "takeTensor", inst);
  Export<ReleaseShared>(env, exports, "releaseShared", inst);
}

}  // namespace tn
