// JS access to the handle table: dispose, scopes, keep, FinalizationRegistry release, counters.
#include "tensor/areas.h"

namespace tn {
namespace {

Napi::Value Dispose(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  in.table.Dispose(info[0].As<Napi::Number>().Int32Value());
  in.SyncExternalMemory();
  return Napi::Value();
}

// track(tensorObject, h) -> true when JS should run a minor GC and then sweep(false)
Napi::Value Track(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  bool advise = in.table.Track(info[1].As<Napi::Number>().Int32Value(), info[0]);
  in.SyncExternalMemory();
  return Napi::Boolean::New(info.Env(), advise);
}

// sweep(afterMajorGc) -> true when JS should run a major GC and then sweep(true)
Napi::Value Sweep(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  bool advise = in.table.Sweep(info.Length() > 0 && info[0].IsBoolean() && info[0].As<Napi::Boolean>().Value());
  in.SyncExternalMemory();
  return Napi::Boolean::New(info.Env(), advise);
}


Napi::Value IsAlive(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), Inst(info).table.Find(info[0].As<Napi::Number>().Int32Value()) != nullptr);
}

Napi::Value ScopeBegin(const Napi::CallbackInfo& info) {
  Inst(info).table.ScopeBegin();
  return Napi::Value();
}

// scopeEnd(keep: number[]) -> handles that became unscoped (JS registers them for finalization)
Napi::Value ScopeEnd(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  std::vector<int32_t> keep;
  if (info.Length() > 0 && info[0].IsArray()) {
    Napi::Array a = info[0].As<Napi::Array>();
    keep.reserve(a.Length());
    for (uint32_t i = 0; i < a.Length(); ++i) keep.push_back(a.Get(i).As<Napi::Number>().Int32Value());
  }
  std::vector<int32_t> unscoped;
  in.table.ScopeEnd(keep, &unscoped);
  in.SyncExternalMemory();
  Napi::Array out = Napi::Array::New(info.Env(), unscoped.size());
  for (size_t i = 0; i < unscoped.size(); ++i) out.Set(static_cast<uint32_t>(i), unscoped[i]);
  return out;
}

Napi::Value Keep(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  bool r = in.table.Keep(info[0].As<Napi::Number>().Int32Value());
  in.SyncExternalMemory();
  return Napi::Boolean::New(info.Env(), r);
}

Napi::Value Stats(const Napi::CallbackInfo& info) {
  const auto& s = Inst(info).table.stats();
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("live", static_cast<double>(s.live));
  o.Set("peak", static_cast<double>(s.peak));
  o.Set("created", static_cast<double>(s.created));
  o.Set("unscoped", static_cast<double>(s.unscoped));
  o.Set("externalBytes", static_cast<double>(s.externalBytes));
  o.Set("collected", static_cast<double>(s.collected));
  o.Set("sweeps", static_cast<double>(s.sweeps));
  o.Set("depth", Inst(info).table.Depth());
  return o;
}

Napi::Value ResetPeak(const Napi::CallbackInfo& info) {
  Inst(info).table.ResetPeak();
  return Napi::Value();
}

}  // namespace

void InitMemory(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<Dispose>(env, exports, "dispose", inst);
  Export<Track>(env, exports, "track", inst);
  Export<Sweep>(env, exports, "sweep", inst);
  Export<IsAlive>(env, exports, "isAlive", inst);
  Export<ScopeBegin>(env, exports, "scopeBegin", inst);
  Export<ScopeEnd>(env, exports, "scopeEnd", inst);
  Export<Keep>(env, exports, "keep", inst);
  Export<Stats>(env, exports, "memoryStats", inst);
  Export<ResetPeak>(env, exports, "resetPeak", inst);
}

}  // namespace tn
