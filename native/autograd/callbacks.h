// A JavaScript function held by C++ autograd objects (hooks, custom Function nodes), callable from any thread
// through the JS bridge. While one exists, backward runs off the JS thread (see Instance::jsCallbacks).
#pragma once
#include <memory>
#include <vector>

#include "common/instance.h"

namespace tn {

class JsCallback : public std::enable_shared_from_this<JsCallback> {
 public:
  JsCallback(Instance* inst, Napi::Function fn);
  ~JsCallback();
  JsCallback(const JsCallback&) = delete;
  JsCallback& operator=(const JsCallback&) = delete;

  // Always owned by a shared_ptr: a call in flight keeps it alive. Calls fn(...args) on the JS thread with handles of `tensors` (stored in the table there, in the JS thread's
  // current scope) followed by `extra` handle lists, and returns the tensors named by the handles it returns
  // (a number or an array of numbers; 0 / null = undefined tensor). A JS exception becomes a JsException.
  std::vector<at::Tensor> Call(const std::vector<std::vector<at::Tensor>>& tensorLists);

  Instance* instance() const { return inst_; }

 private:
  Instance* inst_;
  void* fn_;  // pinned JS function
};

// The JS side of one installed C++ hook that serves a list of JS hooks (so JS hooks can be added and removed while
// LibTorch holds a single hook): the pinned JS array, and the dispatcher that runs the list. C++ hook classes hold
// one; Existing() finds the list again for the next registration.
struct JsHookList {
  std::shared_ptr<JsCallback> dispatcher;
  void* list;  // pinned JS array
  JsHookList(const JsHookList&) = delete;
  JsHookList& operator=(const JsHookList&) = delete;
  // Creates the JS array and asks makeDispatcher(list) (info[makerIndex]) for the function that runs it.
  JsHookList(const Napi::CallbackInfo& info, size_t makerIndex);
  ~JsHookList();
  Napi::Value List(Napi::Env env) const;
};

}  // namespace tn
