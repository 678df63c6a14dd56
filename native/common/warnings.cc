#include "common/warnings.h"

#include "common/instance.h"

#include <variant>

namespace tn {

namespace {
thread_local JsWarningHandler* gHandler = nullptr;
}

void JsWarningHandler::process(const c10::Warning& warning) {
  const char* kind = std::holds_alternative<c10::Warning::DeprecationWarning>(warning.type()) ? "DeprecationWarning"
                                                                                                : "UserWarning";
  if (shown_.insert(warning.msg()).second) {
    queue_.emplace_back(warning.msg(), kind);
    gWarningsPending = true;
  }
}

void JsWarningHandler::Flush(Napi::Env env, Napi::Function emit) {
  std::vector<std::pair<std::string, const char*>> q;
  q.swap(queue_);
  gWarningsPending = false;
  for (const auto& [msg, kind] : q) emit.Call({Napi::String::New(env, msg), Napi::String::New(env, kind)});
}

JsWarningHandler* InstallWarningHandler() {
  if (gHandler == nullptr) {
    gHandler = new JsWarningHandler();  // lives as long as the thread's environment(s)
    c10::WarningUtils::set_warning_handler(gHandler);
  }
  return gHandler;
}

void FlushWarnings(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  Napi::Env env = info.Env();
  if (gHandler == nullptr || env.IsExceptionPending() || in.warningEmitter.IsEmpty()) return;
  gHandler->Flush(env, in.warningEmitter.Value());
}

void SetWarningEmitter(const Napi::CallbackInfo& info) {
  Inst(info).warningEmitter = Napi::Persistent(info[0].As<Napi::Function>());
}

}  // namespace tn
