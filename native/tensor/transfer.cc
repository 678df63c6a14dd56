// Handing tensors between worker threads without copying: shareTensor puts a reference in a process-wide box
// under a fresh id (a plain number, so it can travel by postMessage); takeTensor, in any environment, takes it out
// once and stores it in that environment's table. Both sides then share the same storage.
#include <mutex>
#include <unordered_map>

#include "common/instance.h"
#include "tensor/areas.h"

namespace tn {
namespace {

std::mutex gBoxMutex;
std::unordered_map<int64_t, at::Tensor> gBox;
int64_t gNextId = 1;

// What crosses is a new tensor over the same storage, without the autograd graph, hooks or .grad of the original
// (those hold JavaScript functions of this thread), as torch.multiprocessing shares tensors.
Napi::Value ShareTensor(const Napi::CallbackInfo& info) {
  const at::Tensor& src = Arg(info, 0);
  if (src.requires_grad() && !src.is_leaf()) {
    Throw(ErrorKind::Runtime,
          "Cowardly refusing to serialize non-leaf tensor which requires_grad, since autograd does not support "
          "crossing process boundaries.  If you just want to transfer the data, call detach() on the tensor "
          "before serializing (e.g., putting it on the queue).");
  }
  if (BorrowsJsMemory(src)) {
    Throw(ErrorKind::Value,
          "torch-node: this tensor's memory is a JavaScript buffer of this thread (from_numpy / frombuffer), which "
          "ends with the thread: share a copy (t.clone()), or share the buffer itself (a SharedArrayBuffer) and "
          "wrap it on the other side");
  }
  at::Tensor t = src.detach();
  if (src.requires_grad()) t.set_requires_grad(true);
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
