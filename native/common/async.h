// Work done off the JS thread whose result settles a Promise on the JS thread (the shape of sharp's pipeline):
// the arguments are read on the JS thread into C++ values captured by `work`; `work` runs on the environment's
// worker thread and touches no JS value; `settle` turns its result into a JS value on the JS thread. The caller's thread-local state
// (grad mode, inference mode, ...) is restored around the work. Errors become the same JS errors as in synchronous
// calls (errors.cc). When the environment is ending, nothing is settled.
//
// A job known to be short runs on the JS thread instead (decision 40): the hop to the worker thread and back costs
// two thread wake-ups and the move of the job's data to another core, 100-250 us on a 2-core VM, which doubles a
// 200 us backward; blocking the event loop for less than the inline budget (1 ms by default,
// torch.setAsyncInlineBudget) costs less than that. The caller says whether a job may run inline and predicts its
// duration (from the same job's last run, AsyncPolicy); the Promise still settles as a Promise either way.
#pragma once
#include <ATen/ThreadLocalState.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <utility>

#include "common/errors.h"
#include "common/instance.h"
#include "common/worker_thread.h"

namespace tn {

// Where a job runs and what its run teaches: `predictedUs` (negative: unknown) against the inline budget, and
// `measured`, called on the JS thread with the job's own duration (not the hop) and where it ran.
struct Placement {
  double predictedUs = -1;
  std::function<void(double us, bool inlined)> measured;
};

// The placement of a job known by its signature: predicted by the last run with that signature, and that run's
// time recorded under it (common/async_policy.h).
inline Placement PlacementByHistory(Instance& in, uint64_t signature) {
  Placement place;
  place.predictedUs = in.asyncPolicy.Last(signature);
  Instance* inst = &in;
  place.measured = [inst, signature](double us, bool) { inst->asyncPolicy.Record(signature, us); };
  return place;
}

// Thrown by a job's work on the JS thread when it would wait (a read of pages not in the page cache): the job then
// starts again on the worker thread.
struct WouldBlock : std::exception {
  const char* what() const noexcept override { return "the job would block the JS thread"; }
};

template <class Result>
class PromiseWorker {
 public:
  using Work = std::function<Result()>;
  using Settle = std::function<Napi::Value(Napi::Env, Result&)>;

  // Runs `work` on the environment's worker thread (common/worker_thread.h), or on this thread when `place`
  // predicts it shorter than the inline budget and the worker has nothing queued (so jobs still finish in the order
  // they were started), and returns a Promise that `settle`'s value resolves, or that rejects with the error `work`
  // or `settle` threw.
  static Napi::Promise Start(const Napi::CallbackInfo& info, Work work, Settle settle, Placement place = {}) {
    Instance& in = Inst(info);
    auto deferred = std::make_shared<Napi::Promise::Deferred>(Napi::Promise::Deferred::New(info.Env()));
    auto state = std::make_shared<State>();
    if (in.asyncPolicy.RunsInline(place.predictedUs) && !in.Worker().Busy()) {
      state->Run(work);
      if (!WouldHaveBlocked(state->error)) {
        if (place.measured) place.measured(state->us, true);
        Finish(info.Env(), *state, settle, *deferred);
        return deferred->Promise();
      }
      state = std::make_shared<State>();
    }
    at::ThreadLocalState tls;
    Instance* inst = &in;
    in.Worker().Post(
        [work = std::move(work), state, tls] {
          at::ThreadLocalStateGuard guard(tls);
          state->Run(work);
        },
        [settle = std::move(settle), state, deferred, inst, measured = std::move(place.measured)](Napi::Env env) {
          if (inst->closing.load()) return;
          Napi::HandleScope scope(env);
          if (measured) measured(state->us, false);
          Finish(env, *state, settle, *deferred);
        });
    return deferred->Promise();
  }

 private:
  struct State {
    Result result{};
    std::exception_ptr error;
    double us = 0;  // how long `work` ran
    void Run(const Work& work) {
      auto t0 = std::chrono::steady_clock::now();
      try {
        result = work();
      } catch (...) {
        error = std::current_exception();
      }
      us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    }
  };
  static bool WouldHaveBlocked(const std::exception_ptr& e) {
    if (!e) return false;
    try {
      std::rethrow_exception(e);
    } catch (const WouldBlock&) {
      return true;
    } catch (...) {
      return false;
    }
  }
  static void Finish(Napi::Env env, State& state, const Settle& settle, Napi::Promise::Deferred& deferred) {
    if (!state.error) {
      try {
        deferred.Resolve(settle(env, state.result));
        return;
      } catch (...) {
        state.error = std::current_exception();
      }
    }
    napi_value e = ErrorValue(env, state.error);
    if (e != nullptr) deferred.Reject(Napi::Value(env, e));
  }
};

}  // namespace tn
