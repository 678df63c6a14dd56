// Process-wide runtime: build configuration, threads, CUDA availability.
#include "runtime/runtime.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/headeronly/version.h>

#include "common/convert.h"

#ifndef TORCH_NODE_LIBTORCH_DIR
#define TORCH_NODE_LIBTORCH_DIR ""
#endif

namespace tn {
namespace {

Napi::Value Config(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("torchVersion", TORCH_VERSION);
  o.Set("cxx11Abi", static_cast<bool>(_GLIBCXX_USE_CXX11_ABI));
  o.Set("libtorchDir", TORCH_NODE_LIBTORCH_DIR);
  o.Set("napiVersion", NAPI_VERSION);
  o.Set("cudaCompiled", at::detail::getCUDAHooks().hasCUDA() || at::detail::getCUDAHooks().versionCUDART() > 0);
  return o;
}

// setDeterministic(mode, warnOnly); getDeterministic() -> [enabled, warnOnly]
Napi::Value SetDeterministic(const Napi::CallbackInfo& info) {
  at::globalContext().setDeterministicAlgorithms(ToBool(info[0]), ToBool(info[1]));
  return Napi::Value();
}
Napi::Value GetDeterministic(const Napi::CallbackInfo& info) {
  Napi::Array a = Napi::Array::New(info.Env(), 2);
  a.Set(0u, at::globalContext().deterministicAlgorithms());
  a.Set(1u, at::globalContext().deterministicAlgorithmsWarnOnly());
  return a;
}

Napi::Value ParallelInfo(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), at::get_parallel_info()); }

Napi::Value GetNumThreads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), at::get_num_threads()); }
Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  int64_t n = ToInt(info[0]);
  if (n <= 0) Throw(ErrorKind::Runtime, "set_num_threads expects a positive integer");
  at::set_num_threads(static_cast<int>(n));
  return Napi::Value();
}
Napi::Value GetNumInteropThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::get_num_interop_threads());
}
Napi::Value SetNumInteropThreads(const Napi::CallbackInfo& info) {
  int64_t n = ToInt(info[0]);
  if (n <= 0) Throw(ErrorKind::Runtime, "Expected positive number of threads");
  at::set_num_interop_threads(static_cast<int>(n));  // throws once interop work has started, as in PyTorch
  return Napi::Value();
}

// asyncInlineBudget(us | undefined) -> the budget before the call: async jobs predicted to take at most this many
// microseconds run on the JS thread (common/async_policy.h); 0 sends all of them to the worker thread.
Napi::Value AsyncInlineBudget(const Napi::CallbackInfo& info) {
  AsyncPolicy& policy = Inst(info).asyncPolicy;
  double before = policy.budgetUs;
  if (info.Length() > 0 && info[0].IsNumber()) policy.budgetUs = info[0].As<Napi::Number>().DoubleValue();
  return Napi::Number::New(info.Env(), before);
}

// parseDevice(spec, index) -> device code; c10::Device's parser gives PyTorch's messages
Napi::Value ParseDevice(const Napi::CallbackInfo& info) {
  std::string spec = info[0].As<Napi::String>().Utf8Value();
  int64_t index = info.Length() > 1 ? ToInt(info[1]) : -1;
  c10::Device d(spec);
  if (index >= 0) {
    if (d.has_index()) {
      Throw(ErrorKind::Runtime, "type (string) must not include an index because index was passed explicitly: " + spec);
    }
    d = c10::Device(d.type(), static_cast<c10::DeviceIndex>(index));
  }
  return Napi::Number::New(info.Env(), DeviceCode(d));
}

}  // namespace

void InitRuntime(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<SetDeterministic>(env, exports, "setDeterministic", inst);
  Export<GetDeterministic>(env, exports, "getDeterministic", inst);
  Export<Config>(env, exports, "config", inst);
  Export<ParallelInfo>(env, exports, "parallelInfo", inst);
  Export<ParseDevice>(env, exports, "parseDevice", inst);
  Export<AsyncInlineBudget>(env, exports, "asyncInlineBudget", inst);
  Export<GetNumThreads>(env, exports, "getNumThreads", inst);
  Export<SetNumThreads>(env, exports, "setNumThreads", inst);
  Export<GetNumInteropThreads>(env, exports, "getNumInteropThreads", inst);
  Export<SetNumInteropThreads>(env, exports, "setNumInteropThreads", inst);
}

}  // namespace tn
