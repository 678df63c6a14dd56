// The error funnel, native side. Every exported function is registered through Export<F>(), whose Guard<F>
// catches everything in the frame adjacent to the throw and turns it into a JavaScript error:
//   c10::IndexError -> torch.IndexError, c10::ValueError -> torch.ValueError, c10::TypeError -> TypeError,
//   c10::NotImplementedError -> torch.NotImplementedError, c10::LinAlgError -> torch.LinAlgError,
//   c10::OutOfMemoryError -> torch.OutOfMemoryError, any other c10::Error -> torch.TorchError (PyTorch's
//   RuntimeError), std::bad_alloc -> torch.OutOfMemoryError, other std::exception -> torch.TorchError.
// The JS error classes are handed over once by lib/native/binding.ts (setErrorClasses).
#pragma once
#include <exception>
#include <string>

#include "napi.h"
#include "common/warnings.h"

namespace tn {

enum class ErrorKind { Runtime, Index, Value, Type, NotImplemented, LinAlg, OutOfMemory, Disposed, Range };

// Throws a JavaScript error of the given kind with the message (as a C++ exception caught by Guard).
[[noreturn]] void Throw(ErrorKind kind, const std::string& message);

// Builds and throws the JS error for whatever exception is in flight; called from Guard's catch blocks.
void ThrowCurrentException(Napi::Env env);

// The JS error value for exception e, as Guard would throw it (nullptr when the environment can take none).
napi_value ErrorValue(Napi::Env env, std::exception_ptr e);

void SetErrorClasses(const Napi::CallbackInfo& info);

template <Napi::Value (*F)(const Napi::CallbackInfo&)>
Napi::Value Guard(const Napi::CallbackInfo& info) {
  try {
    Napi::Value r = F(info);
    if (gWarningsPending) FlushWarnings(info);
    return r;
  } catch (...) {
    ThrowCurrentException(info.Env());
    return Napi::Value();
  }
}

// Registers F (wrapped in Guard) as exports[name]; `data` reaches F as info.Data().
template <Napi::Value (*F)(const Napi::CallbackInfo&)>
void Export(Napi::Env env, Napi::Object exports, const char* name, void* data) {
  exports.Set(name, Napi::Function::New<Guard<F>>(env, name, data));
}

}  // namespace tn
