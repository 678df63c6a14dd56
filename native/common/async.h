// Work done off the JS thread whose result settles a Promise on the JS thread (the shape of sharp's pipeline):
// the arguments are read on the JS thread into C++ values captured by `work`; `work` runs on a worker thread and
// touches no JS value; `settle` turns its result into a JS value on the JS thread. The caller's thread-local state
// (grad mode, inference mode, ...) is restored around the work. Errors become the same JS errors as in synchronous
// calls (errors.cc). When the environment is ending, nothing is settled.
#pragma once
#include <ATen/ThreadLocalState.h>

#include <exception>
#include <functional>
#include <utility>

#include "common/errors.h"
#include "common/instance.h"

namespace tn {

template <class Result>
class PromiseWorker : public Napi::AsyncWorker {
 public:
  using Work = std::function<Result()>;
  using Settle = std::function<Napi::Value(Napi::Env, Result&)>;

  static Napi::Promise Start(const Napi::CallbackInfo& info, Work work, Settle settle) {
    auto* w = new PromiseWorker(info.Env(), Inst(info), std::move(work), std::move(settle));
    Napi::Promise p = w->deferred_.Promise();
    w->Queue();
    return p;
  }

 protected:
  void Execute() override {
    at::ThreadLocalStateGuard guard(tls_);
    try {
      result_ = work_();
    } catch (...) {
      error_ = std::current_exception();
    }
  }

  void OnOK() override {
    if (in_.closing.load()) return;
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    if (!error_) {
      try {
        deferred_.Resolve(settle_(env, result_));
        return;
      } catch (...) {
        error_ = std::current_exception();
      }
    }
    napi_value e = ErrorValue(env, error_);
    if (e != nullptr) deferred_.Reject(Napi::Value(env, e));
  }

 private:
  PromiseWorker(Napi::Env env, Instance& in, Work work, Settle settle)
      : Napi::AsyncWorker(env), in_(in), work_(std::move(work)), settle_(std::move(settle)),
        deferred_(Napi::Promise::Deferred::New(env)) {}

  Instance& in_;
  Work work_;
  Settle settle_;
  Napi::Promise::Deferred deferred_;
  at::ThreadLocalState tls_;
  Result result_{};
  std::exception_ptr error_;
};

}  // namespace tn
