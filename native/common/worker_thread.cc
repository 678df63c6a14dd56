#include "common/worker_thread.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>

#include <chrono>

#include "common/instance.h"

namespace tn {

WorkerThread::WorkerThread(Instance* inst) : inst_(inst) {
  napi_value name;
  napi_create_string_utf8(inst->env, "torch-node worker", NAPI_AUTO_LENGTH, &name);
  auto finalize = [](napi_env, void* data, void*) {
    auto* self = static_cast<WorkerThread*>(data);
    std::lock_guard<std::mutex> lock(self->m_);
    self->tsfn_ = nullptr;  // Node closed it (environment teardown): never touch it again
  };
  if (napi_create_threadsafe_function(inst->env, nullptr, nullptr, name, 0, 1, this, finalize, this, OnComplete,
                                      &tsfn_) == napi_ok) {
    napi_unref_threadsafe_function(inst->env, tsfn_);  // referenced only while completions are pending
  } else {
    tsfn_ = nullptr;
  }
  thread_ = std::thread([this] { Loop(); });
}

WorkerThread::~WorkerThread() {
  Close();
  std::deque<Job*> dropped;
  {
    std::lock_guard<std::mutex> lock(m_);
    stop_ = true;
    dropped.swap(queue_);
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (Job* j : dropped) delete j;
}

void WorkerThread::Post(std::function<void()> work, std::function<void(Napi::Env)> done) {
  auto* job = new Job{std::move(work), std::move(done), this};
  {
    std::lock_guard<std::mutex> lock(m_);
    if (closed_) {
      delete job;
      return;
    }
    queue_.push_back(job);
    if (pending_++ == 0 && tsfn_ != nullptr) napi_ref_threadsafe_function(inst_->env, tsfn_);
  }
  cv_.notify_one();
}

void WorkerThread::PostBare(std::function<void()> work) {
  auto* job = new Job{std::move(work), nullptr, this};
  {
    std::lock_guard<std::mutex> lock(m_);
    queue_.push_back(job);
  }
  cv_.notify_one();
}

bool WorkerThread::Busy() const {
  std::lock_guard<std::mutex> lock(m_);
  return running_ || !queue_.empty();
}

namespace {
// OpenMP 5's omp_pause_resource_all where the OpenMP runtime LibTorch loaded is GNU libgomp (9+), which ends only the
// calling thread's team of helper threads. LLVM's and Intel's runtimes (they export kmp_* functions) pause the
// whole runtime, other threads' teams included, so there it is not called.
using PauseFn = int (*)(int);
PauseFn OmpPause() {
  static PauseFn fn = dlsym(RTLD_DEFAULT, "kmp_set_defaults") != nullptr
                          ? nullptr
                          : reinterpret_cast<PauseFn>(dlsym(RTLD_DEFAULT, "omp_pause_resource_all"));
  return fn;
}
constexpr int kOmpPauseSoft = 1;
// How long the worker keeps its OpenMP team after its last job.
constexpr auto kTeamKeep = std::chrono::milliseconds(50);
}  // namespace

void WorkerThread::Loop() {
  bool team = false;  // this thread's OpenMP team may exist (a job ran with more than one intra-op thread)
  for (;;) {
    Job* job;
    {
      std::unique_lock<std::mutex> lock(m_);
      auto ready = [&] { return stop_ || !queue_.empty(); };
      if (team && !cv_.wait_for(lock, kTeamKeep, ready)) {
        // Idle: end the team, so the JS thread's own team is the only one again. With two teams and no more
        // cores than their threads, GNU OpenMP stops spinning between parallel regions in every team, and each
        // region of the JS thread's ops then waits for its helpers to wake (2-3x slower small ops: decision 40).
        lock.unlock();
        if (OmpPause() != nullptr) OmpPause()(kOmpPauseSoft);
        team = false;
        lock.lock();
      }
      cv_.wait(lock, ready);
      if (stop_) return;
      job = queue_.front();
      queue_.pop_front();
      running_ = true;
    }
    // The intra-op thread count set last (torch.set_num_threads), not the one this thread saw first.
    at::init_num_threads();
    team = team || at::get_num_threads() > 1;
    job->work();  // never throws: the callers catch into their own state
    std::unique_lock<std::mutex> lock(m_);
    running_ = false;
    idleCv_.notify_all();
    if (!job->done) {
      delete job;
      continue;
    }
    if (closed_ || tsfn_ == nullptr || napi_call_threadsafe_function(tsfn_, job, napi_tsfn_nonblocking) != napi_ok) {
      delete job;  // the environment is gone or going: nothing to settle
    }
  }
}

void WorkerThread::OnComplete(napi_env env, napi_value, void* context, void* data) {
  auto* self = static_cast<WorkerThread*>(context);
  std::unique_ptr<Job> job(static_cast<Job*>(data));
  if (env == nullptr || job == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(self->m_);
    if (--self->pending_ == 0 && self->tsfn_ != nullptr) napi_unref_threadsafe_function(env, self->tsfn_);
  }
  try {
    job->done(Napi::Env(env));
  } catch (...) {
    // settling failed (the environment is terminating): nothing else to do
  }
}

void WorkerThread::Close() {
  std::unique_lock<std::mutex> lock(m_);
  if (!closed_) {
    closed_ = true;
    if (tsfn_ != nullptr) {
      napi_release_threadsafe_function(tsfn_, napi_tsfn_abort);
      tsfn_ = nullptr;
    }
  }
  // Let a running job end (its JS requests fail at once: the bridge is closed), with a bound for pure compute.
  idleCv_.wait_for(lock, std::chrono::seconds(2), [&] { return !running_; });
}

}  // namespace tn
