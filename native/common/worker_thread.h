// The environment's worker thread, for work done off the JS thread (the async backward and grad, file I/O,
// TorchScript forward; also the engine of a synchronous backward that has JS hooks, while the JS thread serves
// them). One per JavaScript environment, made on first use and kept: LibTorch's intra-op parallelism (OpenMP)
// makes a thread team for every thread that runs a parallel region, so one long-lived thread means one extra
// team, where the libuv pool (up to 4 threads) meant up to 4 and oversubscribed the cores for the rest of the
// process (docs/decisions.md). Jobs run one at a time, in order, each with the current intra-op thread count; the
// thread ends its OpenMP team after 50 ms without a job, so that the JS thread's team is again the only one
// (decision 40).
//
// A job's completion runs on the JS thread through a thread-safe function that is referenced while jobs are
// pending, so the event loop waits for them as it waits for any I/O. When the environment closes, completions are
// dropped: a job still running finishes without touching JavaScript.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "common/napi.h"

namespace tn {

struct Instance;

class WorkerThread {
 public:
  explicit WorkerThread(Instance* inst);
  ~WorkerThread();
  WorkerThread(const WorkerThread&) = delete;
  WorkerThread& operator=(const WorkerThread&) = delete;

  // On the JS thread: runs `work` on the worker thread, then `done` on the JS thread (unless the environment
  // closed meanwhile).
  void Post(std::function<void()> work, std::function<void(Napi::Env)> done);
  // Runs `work` on the worker thread with no completion on the JS thread (the caller waits for it itself).
  void PostBare(std::function<void()> work);
  // True while a job runs or waits (a synchronous caller then uses a thread of its own: a job may be waiting for
  // the very JS thread that asks, e.g. a backward() inside a hook of an async backward).
  bool Busy() const;
  // The environment is ending: drop completions; wait (bounded) for the running job, so process exit does not
  // tear LibTorch down under it.
  void Close();

 private:
  struct Job {
    std::function<void()> work;
    std::function<void(Napi::Env)> done;  // empty for bare jobs
    WorkerThread* owner;
  };
  void Loop();
  static void OnComplete(napi_env env, napi_value, void* context, void* data);

  Instance* inst_;
  mutable std::mutex m_;
  std::condition_variable cv_;      // the worker waits for jobs here
  std::condition_variable idleCv_;  // Close waits for the running job here
  std::deque<Job*> queue_;
  bool running_ = false;  // a job is running now
  bool stop_ = false;
  bool closed_ = false;
  int pending_ = 0;  // jobs with a completion not yet delivered (JS thread only)
  napi_threadsafe_function tsfn_ = nullptr;
  std::thread thread_;
};

}  // namespace tn
