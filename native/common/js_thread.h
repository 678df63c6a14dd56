// Running JavaScript from other threads (LibTorch's autograd engine threads: the helper thread of a hooked
// backward(), the libuv pool for the async backward, CUDA device threads). Those threads must not touch JS: they
// post a request and wait; the JS thread runs it, either while it waits inside a synchronous call (ServeUntil) or,
// when it is idle, from a thread-safe function that wakes the event loop.
//
// Shutdown: when the environment ends (worker.terminate(), process.exit(), an uncaught error) the bridge closes.
// Every queued, running and future request then fails at once with EnvironmentClosed in the requesting thread, so
// no engine thread ever waits for a JS thread that will not come back (which would hang the process at exit, when
// libuv joins its pool).
#pragma once
#include <ATen/ThreadLocalState.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "common/napi.h"

namespace tn {

struct Instance;

// A JavaScript exception captured on the JS thread, carried through C++ (the engine) as a C++ exception, and
// thrown again as the very same JS value at the JS call site (see errors.cc). Any value can be thrown in JS
// (`throw 42`), so the value is kept in a one-element array (references to primitives need Node-API 10).
class JsException : public std::exception {
 public:
  JsException(Instance* inst, Napi::Value error);
  const char* what() const noexcept override { return message_.c_str(); }
  napi_value Value(napi_env env) const;

 private:
  std::shared_ptr<void> pinned_;  // the pinned one-element array (released on any thread, safely)
  std::string message_;
};

// Thrown in a thread whose request could not run because the JS environment is shutting down.
class EnvironmentClosed : public std::runtime_error {
 public:
  EnvironmentClosed() : std::runtime_error("torch-node: the JavaScript environment is shutting down") {}
};

class JsBridge {
 public:
  explicit JsBridge(Instance* inst);
  ~JsBridge();

  // Runs fn on the JS thread with the caller's thread-local state (grad mode...), and waits for it. From the JS
  // thread it runs at once. An exception thrown by fn is rethrown to the caller; EnvironmentClosed when the
  // environment is (or becomes) closed before fn completed. fn is owned by the request: it may still be running
  // on the JS thread after a closed Run() returned, so it must own (or share) everything it touches.
  void Run(std::function<void(Napi::Env)> fn);

  // On the JS thread: runs posted requests until done() holds (checked after every wake-up) or the bridge closes.
  void ServeUntil(const std::function<bool()>& done);
  // From any thread: wakes ServeUntil so it checks done() again.
  void Wake();

  // Fails every queued and running request and refuses new ones. Idempotent; any thread.
  void Close();
  bool Closed() const;

  bool OnJsThread() const { return std::this_thread::get_id() == jsThread_; }

 private:
  struct Request {
    std::function<void(Napi::Env)> fn;
    at::ThreadLocalState tls;
    std::exception_ptr error;
    bool finished = false;
  };
  void Drain();
  static void OnTsfn(napi_env env, napi_value, void* context, void*);

  Instance* inst_;
  std::thread::id jsThread_;
  mutable std::mutex m_;
  std::condition_variable requestCv_;  // the JS thread waits here in ServeUntil
  std::condition_variable doneCv_;     // requesters wait here
  std::deque<std::shared_ptr<Request>> queue_;
  std::shared_ptr<Request> running_;  // the request the JS thread is running now, if any
  bool closed_ = false;
  napi_threadsafe_function tsfn_ = nullptr;
};

}  // namespace tn
