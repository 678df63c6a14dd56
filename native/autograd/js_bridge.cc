#include "autograd/js_bridge.h"

#include "common/instance.h"

namespace tn {

JsException::JsException(Instance* inst, Napi::Value error) {
  void* cookie = inst->Pin(error);
  pinned_ = std::shared_ptr<void>(cookie, [](void* c) { Instance::ReleasePinned(c); });
  if (error.IsObject()) {
    Napi::Value m = error.As<Napi::Object>().Get("message");
    message_ = m.IsString() ? m.As<Napi::String>().Utf8Value() : "JavaScript exception";
  } else {
    message_ = error.ToString().Utf8Value();
  }
}

napi_value JsException::Value(napi_env env) const { return Instance::PinnedValue(env, pinned_.get()); }

JsBridge::JsBridge(Instance* inst) : inst_(inst), jsThread_(std::this_thread::get_id()) {
  napi_value name;
  napi_create_string_utf8(inst->env, "torch-node autograd callbacks", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(inst->env, nullptr, nullptr, name, 0, 1, nullptr, nullptr, this, OnTsfn,
                                      &tsfn_) == napi_ok) {
    napi_unref_threadsafe_function(inst->env, tsfn_);  // never keeps the process alive by itself
  } else {
    tsfn_ = nullptr;
  }
}

JsBridge::~JsBridge() {
  if (tsfn_ != nullptr) napi_release_threadsafe_function(tsfn_, napi_tsfn_abort);
}

void JsBridge::OnTsfn(napi_env, napi_value, void* context, void*) { static_cast<JsBridge*>(context)->Drain(); }

void JsBridge::Run(const std::function<void(Napi::Env)>& fn) {
  if (OnJsThread()) {
    fn(Napi::Env(inst_->env));
    return;
  }
  Request req{&fn, at::ThreadLocalState(), nullptr, false};
  {
    std::unique_lock<std::mutex> lock(m_);
    queue_.push_back(&req);
  }
  requestCv_.notify_all();
  if (tsfn_ != nullptr) napi_call_threadsafe_function(tsfn_, nullptr, napi_tsfn_nonblocking);
  {
    std::unique_lock<std::mutex> lock(m_);
    doneCv_.wait(lock, [&] { return req.finished; });
  }
  if (req.error) std::rethrow_exception(req.error);
}

void JsBridge::Drain() {
  for (;;) {
    Request* req;
    {
      std::lock_guard<std::mutex> lock(m_);
      if (queue_.empty()) return;
      req = queue_.front();
      queue_.pop_front();
    }
    try {
      at::ThreadLocalStateGuard guard(req->tls);
      Napi::HandleScope scope(Napi::Env(inst_->env));
      (*req->fn)(Napi::Env(inst_->env));
    } catch (...) {
      req->error = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(m_);
      req->finished = true;
    }
    doneCv_.notify_all();
  }
}

void JsBridge::ServeUntil(const std::function<bool()>& done) {
  for (;;) {
    Drain();
    std::unique_lock<std::mutex> lock(m_);
    requestCv_.wait(lock, [&] { return !queue_.empty() || done(); });
    if (queue_.empty() && done()) return;
  }
}

void JsBridge::Wake() {
  { std::lock_guard<std::mutex> lock(m_); }
  requestCv_.notify_all();
}

}  // namespace tn
