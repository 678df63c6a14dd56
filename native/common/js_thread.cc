#include "common/js_thread.h"

#include "common/instance.h"

namespace tn {

JsException::JsException(Instance* inst, Napi::Value error) {
  Napi::Env env = error.Env();
  Napi::Array box = Napi::Array::New(env, 1);
  box.Set(0u, error);
  void* cookie = inst->Pin(box);
  pinned_ = std::shared_ptr<void>(cookie, [](void* c) { Instance::ReleasePinned(c); });
  message_ = "JavaScript exception";
  try {
    if (error.IsObject()) {
      Napi::Value m = error.As<Napi::Object>().Get("message");
      if (m.IsString()) message_ = m.As<Napi::String>().Utf8Value();
    } else if (!error.IsUndefined()) {
      message_ = error.ToString().Utf8Value();
    }
  } catch (...) {
    // a throwing getter or toString: keep the generic message; the value itself travels unchanged
  }
}

napi_value JsException::Value(napi_env env) const {
  napi_value box = Instance::PinnedValue(env, pinned_.get());
  napi_value v = nullptr;
  if (box == nullptr || napi_get_element(env, box, 0, &v) != napi_ok) return nullptr;
  return v;
}

JsBridge::JsBridge(Instance* inst) : inst_(inst), jsThread_(std::this_thread::get_id()) {
  napi_value name;
  napi_create_string_utf8(inst->env, "torch-node JS callbacks", NAPI_AUTO_LENGTH, &name);
  auto finalize = [](napi_env, void* data, void*) {
    auto* self = static_cast<JsBridge*>(data);
    std::lock_guard<std::mutex> lock(self->m_);
    self->tsfn_ = nullptr;  // Node closed it (environment teardown): never touch it again
  };
  if (napi_create_threadsafe_function(inst->env, nullptr, nullptr, name, 0, 1, this, finalize, this, OnTsfn,
                                      &tsfn_) == napi_ok) {
    napi_unref_threadsafe_function(inst->env, tsfn_);  // never keeps the process alive by itself
  } else {
    tsfn_ = nullptr;
  }
}

JsBridge::~JsBridge() { Close(); }

void JsBridge::OnTsfn(napi_env, napi_value, void* context, void*) { static_cast<JsBridge*>(context)->Drain(); }

void JsBridge::Close() {
  {
    std::lock_guard<std::mutex> lock(m_);
    if (closed_) return;
    closed_ = true;
    auto fail = [](Request& r) {
      if (!r.finished) {
        r.error = std::make_exception_ptr(EnvironmentClosed());
        r.finished = true;
      }
    };
    for (auto& r : queue_) fail(*r);
    queue_.clear();
    if (running_) fail(*running_);  // its JS call may never return (process.exit() inside it)
    if (tsfn_ != nullptr) {
      napi_release_threadsafe_function(tsfn_, napi_tsfn_abort);
      tsfn_ = nullptr;
    }
  }
  doneCv_.notify_all();
  requestCv_.notify_all();
}

bool JsBridge::Closed() const {
  std::lock_guard<std::mutex> lock(m_);
  return closed_;
}

void JsBridge::Run(std::function<void(Napi::Env)> fn) {
  if (OnJsThread()) {
    if (Closed()) throw EnvironmentClosed();
    fn(Napi::Env(inst_->env));
    return;
  }
  auto req = std::make_shared<Request>(Request{std::move(fn), at::ThreadLocalState(), nullptr, false});
  {
    std::lock_guard<std::mutex> lock(m_);
    if (closed_) throw EnvironmentClosed();
    queue_.push_back(req);
  }
  requestCv_.notify_all();
  {
    // If the thread-safe function is closing, the JS thread comes only if it is already serving in ServeUntil;
    // otherwise Close(), which the environment's end always calls, fails the request.
    std::lock_guard<std::mutex> lock(m_);
    if (tsfn_ != nullptr) napi_call_threadsafe_function(tsfn_, nullptr, napi_tsfn_nonblocking);
  }
  {
    std::unique_lock<std::mutex> lock(m_);
    doneCv_.wait(lock, [&] { return req->finished; });
  }
  if (req->error) std::rethrow_exception(req->error);
}

void JsBridge::Drain() {
  for (;;) {
    std::shared_ptr<Request> req;
    {
      std::lock_guard<std::mutex> lock(m_);
      if (queue_.empty() || closed_) return;
      req = queue_.front();
      queue_.pop_front();
      running_ = req;
    }
    std::exception_ptr error;
    try {
      at::ThreadLocalStateGuard guard(req->tls);
      Napi::HandleScope scope(Napi::Env(inst_->env));
      req->fn(Napi::Env(inst_->env));
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(m_);
      running_.reset();
      if (!req->finished) {  // Close() may have failed it meanwhile
        req->error = error;
        req->finished = true;
      }
    }
    doneCv_.notify_all();
  }
}

void JsBridge::ServeUntil(const std::function<bool()>& done) {
  for (;;) {
    Drain();
    std::unique_lock<std::mutex> lock(m_);
    requestCv_.wait(lock, [&] { return !queue_.empty() || closed_ || done(); });
    if (done() || (closed_ && queue_.empty())) {
      if (done()) return;
      // closed: the requests fail in their threads; wait for the work to notice and finish
      requestCv_.wait(lock, [&] { return done(); });
      return;
    }
  }
}

void JsBridge::Wake() {
  { std::lock_guard<std::mutex> lock(m_); }
  requestCv_.notify_all();
}

}  // namespace tn
