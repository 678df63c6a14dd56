// Autocast state (torch.autocast / torch.amp): LibTorch's thread-local switches per device type. The casting itself
// happens in the dispatcher (the AutocastCPU / AutocastCUDA keys), for every op torch-node calls.
#include <ATen/autocast_mode.h>

#include "common/convert.h"
#include "runtime/runtime.h"

namespace tn {
namespace {

c10::DeviceType DeviceTypeArg(const Napi::Value& v) {
  std::string s = v.As<Napi::String>().Utf8Value();
  // c10 parses the device type with PyTorch's own message for an unknown one
  return c10::Device(s).type();
}

// autocastState(deviceType) -> [enabled, dtypeCode, cacheEnabled]
Napi::Value AutocastState(const Napi::CallbackInfo& info) {
  c10::DeviceType t = DeviceTypeArg(info[0]);
  Napi::Array a = Napi::Array::New(info.Env(), 3);
  a.Set(0u, at::autocast::is_autocast_enabled(t));
  a.Set(1u, static_cast<int>(at::autocast::get_autocast_dtype(t)));
  a.Set(2u, at::autocast::is_autocast_cache_enabled());
  return a;
}

// autocastEnter(deviceType, enabled, dtypeCode, cacheEnabled): Python's torch.autocast.__enter__
Napi::Value AutocastEnter(const Napi::CallbackInfo& info) {
  c10::DeviceType t = DeviceTypeArg(info[0]);
  at::autocast::set_autocast_enabled(t, ToBool(info[1]));
  at::autocast::set_autocast_dtype(t, ToDtype(info[2]));
  at::autocast::increment_nesting();
  at::autocast::set_autocast_cache_enabled(ToBool(info[3]));
  return Napi::Value();
}

// autocastExit(deviceType, prevEnabled, prevDtypeCode, prevCacheEnabled): Python's torch.autocast.__exit__
Napi::Value AutocastExit(const Napi::CallbackInfo& info) {
  c10::DeviceType t = DeviceTypeArg(info[0]);
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  at::autocast::set_autocast_enabled(t, ToBool(info[1]));
  at::autocast::set_autocast_dtype(t, ToDtype(info[2]));
  at::autocast::set_autocast_cache_enabled(ToBool(info[3]));
  return Napi::Value();
}

}  // namespace

void InitAutocast(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<AutocastState>(env, exports, "autocastState", inst);
  Export<AutocastEnter>(env, exports, "autocastEnter", inst);
  Export<AutocastExit>(env, exports, "autocastExit", inst);
}

}  // namespace tn
