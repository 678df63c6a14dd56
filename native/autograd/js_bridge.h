// Running JavaScript from the threads LibTorch's autograd engine uses (backward on a helper thread, on the libuv
// pool for the async backward, or on CUDA device threads). Those threads must not touch JS: they post a request
// and wait; the JS thread runs it, either while it waits inside a synchronous backward() (ServeUntil) or, when it
// is idle (async backward), from a thread-safe function that wakes the event loop.
#pragma once
#include <ATen/ThreadLocalState.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "common/napi.h"

namespace tn {

struct Instance;

// A JavaScript exception captured on the JS thread, carried through C++ (the engine) as a C++ exception, and
// thrown again as the very same JS value at the JS call site (see errors.cc).
class JsException : public std::exception {
 public:
  JsException(Instance* inst, Napi::Value error);
  const char* what() const noexcept override { return message_.c_str(); }
  napi_value Value(napi_env env) const;

 private:
  std::shared_ptr<void> pinned_;  // the pinned JS error value (released on any thread, safely)
  std::string message_;
};

class JsBridge {
 public:
  explicit JsBridge(Instance* inst);
  ~JsBridge();

  // Runs fn on the JS thread with the caller's thread-local state (grad mode...), and waits for it. From the JS
  // thread it runs at once. An exception thrown by fn is rethrown to the caller.
  void Run(const std::function<void(Napi::Env)>& fn);

  // On the JS thread: runs posted requests until done() holds (checked after every wake-up).
  void ServeUntil(const std::function<bool()>& done);
  // From any thread: wakes ServeUntil so it checks done() again.
  void Wake();

  bool OnJsThread() const { return std::this_thread::get_id() == jsThread_; }

 private:
  struct Request {
    const std::function<void(Napi::Env)>* fn;
    at::ThreadLocalState tls;
    std::exception_ptr error;
    bool finished = false;
  };
  void Drain();
  static void OnTsfn(napi_env env, napi_value, void* context, void*);

  Instance* inst_;
  std::thread::id jsThread_;
  std::mutex m_;
  std::condition_variable requestCv_;  // the JS thread waits here in ServeUntil
  std::condition_variable doneCv_;     // requesters wait here
  std::deque<Request*> queue_;
  napi_threadsafe_function tsfn_ = nullptr;
};

}  // namespace tn
