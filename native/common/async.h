// Work done off the JS thread whose result settles a Promise on the JS thread (the shape of sharp's pipeline):
// the arguments are read on the JS thread into C++ values captured by `work`; `work` runs on the environment's
// worker thread and touches no JS value; `settle` turns its result into a JS value on the JS thread. The caller's thread-local state
// (grad mode, inference mode, ...) is restored around the work. Errors become the same JS errors as in synchronous
// calls (errors.cc). When the environment is ending, nothing is settled.
#pragma once
#include <ATen/ThreadLocalState.h>

#include <exception>
#include <functional>
#include <utility>

#include "common/errors.h"
#include "common/instance.h"
#include "common/worker_thread.h"

namespace tn {

template <class Result>
class PromiseWorker {
 public:
  using Work = std::function<Result()>;
  using Settle = std::function<Napi::Value(Napi::Env, Result&)>;

  // Runs `work` on the environment's worker thread (common/worker_thread.h) and returns a Promise that `settle`'s
  // value resolves, or that rejects with the error `work` or `settle` threw.
  static Napi::Promise Start(const Napi::CallbackInfo& info, Work work, Settle settle) {
    Instance& in = Inst(info);
    auto deferred = std::make_shared<Napi::Promise::Deferred>(Napi::Promise::Deferred::New(info.Env()));
    auto state = std::make_shared<State>();
    at::ThreadLocalState tls;
    Instance* inst = &in;
    in.Worker().Post(
        [work = std::move(work), state, tls] {
          at::ThreadLocalStateGuard guard(tls);
          try {
            state->result = work();
          } catch (...) {
            state->error = std::current_exception();
          }
        },
        [settle = std::move(settle), state, deferred, inst](Napi::Env env) {
          if (inst->closing.load()) return;
          Napi::HandleScope scope(env);
          if (!state->error) {
            try {
              deferred->Resolve(settle(env, state->result));
              return;
            } catch (...) {
              state->error = std::current_exception();
            }
          }
          napi_value e = ErrorValue(env, state->error);
          if (e != nullptr) deferred->Reject(Napi::Value(env, e));
        });
    return deferred->Promise();
  }

 private:
  struct State {
    Result result{};
    std::exception_ptr error;
  };
};

}  // namespace tn
