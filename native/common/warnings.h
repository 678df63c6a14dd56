// LibTorch's warnings (TORCH_WARN) on the JS thread become Node warnings (process.emitWarning, as UserWarning or
// DeprecationWarning, through the emitter lib/native/binding.ts hands over), once per distinct message, as Python shows a warning once per place by default. Warnings
// raised on other threads (the autograd engine's) keep LibTorch's default: stderr.
#pragma once
#include <c10/util/Exception.h>

#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/napi.h"

namespace tn {

class JsWarningHandler : public c10::WarningHandler {
 public:
  void process(const c10::Warning& warning) override;
  // Emits the collected warnings through `emit(message, kind)` (on the JS thread, after a native call).
  void Flush(Napi::Env env, Napi::Function emit);

 private:
  std::vector<std::pair<std::string, const char*>> queue_;
  std::unordered_set<std::string> shown_;
};

// Set by the calling thread's handler when a warning waits to be emitted; checked after every native call.
inline thread_local bool gWarningsPending = false;

// Installs the handler for the calling (JS) thread; returns it.
JsWarningHandler* InstallWarningHandler();
// Emits pending warnings through the environment's emitter (set by lib/native/binding.ts: process.emitWarning).
void FlushWarnings(const Napi::CallbackInfo& info);
void SetWarningEmitter(const Napi::CallbackInfo& info);

}  // namespace tn
