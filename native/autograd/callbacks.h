// A JavaScript function held by C++ autograd objects (hooks, custom Function nodes), callable from any thread
// through the JS bridge. While one exists, backward runs off the JS thread (see Instance::jsCallbacks).
#pragma once
#include <vector>

#include "common/instance.h"

namespace tn {

class JsCallback {
 public:
  JsCallback(Instance* inst, Napi::Function fn);
  ~JsCallback();
  JsCallback(const JsCallback&) = delete;
  JsCallback& operator=(const JsCallback&) = delete;

  // Calls fn(...args) on the JS thread with handles of `tensors` (stored in the table there, in the JS thread's
  // current scope) followed by `extra` handle lists, and returns the tensors named by the handles it returns
  // (a number or an array of numbers; 0 / null = undefined tensor). A JS exception becomes a JsException.
  std::vector<at::Tensor> Call(const std::vector<std::vector<at::Tensor>>& tensorLists);

  Instance* instance() const { return inst_; }

 private:
  Instance* inst_;
  void* fn_;  // pinned JS function
};

}  // namespace tn
