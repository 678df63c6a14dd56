#include "common/errors.h"

#include <c10/util/Exception.h>

#include <exception>
#include <new>
#include <string>
#include <utility>

#include "common/instance.h"
#include "common/js_thread.h"

namespace tn {

namespace {
// Derives from std::exception: LibTorch's autograd engine catches only std::exception around a node (and a hook
// runs inside one). Anything else unwinds through Engine::thread_main, leaving the engine's thread state behind
// (the next backward() on that thread counts as reentrant) or, on an engine thread, ending in std::terminate.
struct JsError : std::exception {
  JsError(ErrorKind k, std::string m) : kind(k), message(std::move(m)) {}
  const char* what() const noexcept override { return message.c_str(); }
  ErrorKind kind;
  std::string message;
};

ErrorKind KindOf(const c10::Error& e) {
  if (dynamic_cast<const c10::IndexError*>(&e)) return ErrorKind::Index;
  if (dynamic_cast<const c10::ValueError*>(&e)) return ErrorKind::Value;
  if (dynamic_cast<const c10::TypeError*>(&e)) return ErrorKind::Type;
  if (dynamic_cast<const c10::NotImplementedError*>(&e)) return ErrorKind::NotImplemented;
  if (dynamic_cast<const c10::LinAlgError*>(&e)) return ErrorKind::LinAlg;
  if (dynamic_cast<const c10::OutOfMemoryError*>(&e)) return ErrorKind::OutOfMemory;
  return ErrorKind::Runtime;
}

void ThrowJs(Napi::Env env, ErrorKind kind, const std::string& message) {
  auto* inst = env.GetInstanceData<Instance>();
  Napi::FunctionReference* cls = inst ? &inst->errorClasses[static_cast<size_t>(kind)] : nullptr;
  napi_value err;
  if (cls != nullptr && !cls->IsEmpty()) {
    err = cls->New({Napi::String::New(env, message)});
  } else if (kind == ErrorKind::Type) {
    err = Napi::TypeError::New(env, message).Value();
  } else if (kind == ErrorKind::Range) {
    err = Napi::RangeError::New(env, message).Value();
  } else {
    err = Napi::Error::New(env, message).Value();
  }
  napi_throw(env, err);
}
}  // namespace

void Throw(ErrorKind kind, const std::string& message) { throw JsError{kind, message}; }

namespace {
void ThrowCurrent(Napi::Env env) {
  try {
    throw;
  } catch (const JsError& e) {
    ThrowJs(env, e.kind, e.message);
  } catch (const JsException& e) {
    napi_value v = e.Value(env);  // the JS value a hook or custom backward threw, unchanged
    if (v != nullptr) napi_throw(env, v);
    else ThrowJs(env, ErrorKind::Runtime, e.what());
  } catch (const EnvironmentClosed&) {
    // the environment is ending: there is no JavaScript left to report to
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();
  } catch (const c10::Error& e) {
    ThrowJs(env, KindOf(e), e.what_without_backtrace());
  } catch (const std::bad_alloc&) {
    ThrowJs(env, ErrorKind::OutOfMemory, "torch-node: out of memory (std::bad_alloc)");
  } catch (const std::exception& e) {
    ThrowJs(env, ErrorKind::Runtime, e.what());
  } catch (...) {
    ThrowJs(env, ErrorKind::Runtime, "torch-node: unknown native exception");
  }
}
}  // namespace

void ThrowCurrentException(Napi::Env env) {
  // A pending JS exception (e.g. thrown by a JS callback we called) wins: leave it in place.
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) != napi_ok || pending) return;
  try {
    ThrowCurrent(env);
  } catch (...) {
    // Building or throwing the JS error failed: the environment is terminating (worker.terminate(),
    // process.exit()) and can take no exception. Nothing may escape into Node-API's C frames.
  }
}

napi_value ErrorValue(Napi::Env env, std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (...) {
    ThrowCurrentException(env);
  }
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) != napi_ok || !pending) return nullptr;
  napi_value v = nullptr;
  napi_get_and_clear_last_exception(env, &v);
  return v;
}

// setErrorClasses({Runtime, Index, Value, Type, NotImplemented, LinAlg, OutOfMemory, Disposed, Range})
void SetErrorClasses(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  Napi::Object o = info[0].As<Napi::Object>();
  const char* names[] = {"Runtime", "Index", "Value", "Type", "NotImplemented", "LinAlg", "OutOfMemory",
                         "Disposed", "Range"};
  for (size_t i = 0; i < 9; ++i) {
    Napi::Value v = o.Get(names[i]);
    if (v.IsFunction()) in.errorClasses[i] = Napi::Persistent(v.As<Napi::Function>());
  }
}

}  // namespace tn
