// torch.cuda.Stream and torch.cuda.Event, through LibTorch's device-generic interfaces (c10::Stream, c10::Event,
// DeviceGuardImplInterface), so no CUDA headers are needed. A stream travels to JS as [id (bigint), device index,
// device type] (c10::Stream::pack3); an event is an id in a per-environment registry, released by its JS object's
// finalizer.
#include <c10/core/Event.h>
#include <c10/core/Stream.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>

#include <memory>

#include "common/convert.h"
#include "common/id_registry.h"
#include "cuda/cuda.h"

namespace tn {
namespace {

const c10::impl::DeviceGuardImplInterface* Impl() { return c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA); }

Napi::Value StreamToJs(Napi::Env env, const c10::Stream& s) {
  auto p = s.pack3();
  Napi::Array a = Napi::Array::New(env, 3);
  a.Set(0u, Napi::BigInt::New(env, static_cast<int64_t>(p.stream_id)));
  a.Set(1u, Napi::Number::New(env, p.device_index));
  a.Set(2u, Napi::Number::New(env, static_cast<int>(p.device_type)));
  return a;
}

c10::Stream StreamArg(const Napi::Value& v) {
  LazyInit();
  Napi::Array a = v.As<Napi::Array>();
  return c10::Stream::unpack3(static_cast<c10::StreamId>(ToInt(a.Get(0u))),
                              static_cast<c10::DeviceIndex>(ToInt(a.Get(1u))),
                              static_cast<c10::DeviceType>(ToInt(a.Get(2u))));
}

c10::Device CudaDevice(const Napi::Value& v) { return c10::Device(c10::DeviceType::CUDA, DeviceArg(v)); }

// streamNew(device, priority) -> a stream from the device's pool (priority < 0: high priority), as
// torch.cuda.Stream(device, priority)
Napi::Value StreamNew(const Napi::CallbackInfo& info) {
  c10::Device d = CudaDevice(info[0]);
  int priority = info[1].IsNumber() ? info[1].As<Napi::Number>().Int32Value() : 0;
  return StreamToJs(info.Env(), Impl()->getStreamFromGlobalPool(d, priority < 0));
}
Napi::Value StreamCurrent(const Napi::CallbackInfo& info) {
  return StreamToJs(info.Env(), Impl()->getStream(CudaDevice(info[0])));
}
Napi::Value StreamDefault(const Napi::CallbackInfo& info) {
  return StreamToJs(info.Env(), Impl()->getDefaultStream(CudaDevice(info[0])));
}
// streamSet(stream) -> the stream that was current on its device
Napi::Value StreamSet(const Napi::CallbackInfo& info) {
  return StreamToJs(info.Env(), Impl()->exchangeStream(StreamArg(info[0])));
}
Napi::Value StreamQuery(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), StreamArg(info[0]).query());
}
Napi::Value StreamSynchronize(const Napi::CallbackInfo& info) {
  StreamArg(info[0]).synchronize();
  return Napi::Value();
}

using EventRegistry = IdRegistry<std::shared_ptr<c10::Event>>;
EventRegistry& Events(const Napi::CallbackInfo& info) {
  static thread_local std::unique_ptr<EventRegistry> registry;  // one per JS thread (environment)
  if (!registry) registry = std::make_unique<EventRegistry>("torch.cuda.Event");
  return *registry;
}
c10::Event& EventArg(const Napi::CallbackInfo& info, size_t i) {
  return *Events(info).Get(info[i].As<Napi::Number>().Uint32Value());
}

// eventNew(enableTiming) -> id
Napi::Value EventNew(const Napi::CallbackInfo& info) {
  bool timing = ToBool(info[0]);
  auto e = std::make_shared<c10::Event>(c10::DeviceType::CUDA,
                                        timing ? c10::EventFlag::BACKEND_DEFAULT : c10::EventFlag::PYTORCH_DEFAULT);
  return Napi::Number::New(info.Env(), Events(info).Put(std::move(e)));
}
// eventRecord(id, stream | null): on the given stream, or the current stream of the current device
Napi::Value EventRecord(const Napi::CallbackInfo& info) {
  c10::Event& e = EventArg(info, 0);
  if (info[1].IsArray()) e.record(StreamArg(info[1]));
  else e.record(Impl()->getStream(CudaDevice(info.Env().Undefined())));
  return Napi::Value();
}
// eventWait(id, stream | null): the stream waits for the event (GPU side)
Napi::Value EventWait(const Napi::CallbackInfo& info) {
  c10::Event& e = EventArg(info, 0);
  if (info[1].IsArray()) e.block(StreamArg(info[1]));
  else e.block(Impl()->getStream(CudaDevice(info.Env().Undefined())));
  return Napi::Value();
}
Napi::Value EventQuery(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), EventArg(info, 0).query());
}
Napi::Value EventSynchronize(const Napi::CallbackInfo& info) {
  EventArg(info, 0).synchronize();
  return Napi::Value();
}
// eventElapsed(id, endId) -> milliseconds from this event to end
Napi::Value EventElapsed(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), EventArg(info, 0).elapsedTime(EventArg(info, 1)));
}
Napi::Value EventRelease(const Napi::CallbackInfo& info) {
  Events(info).Release(info[0].As<Napi::Number>().Uint32Value());
  return Napi::Value();
}

}  // namespace

void InitStreams(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<StreamNew>(env, exports, "cudaStreamNew", inst);
  Export<StreamCurrent>(env, exports, "cudaStreamCurrent", inst);
  Export<StreamDefault>(env, exports, "cudaStreamDefault", inst);
  Export<StreamSet>(env, exports, "cudaStreamSet", inst);
  Export<StreamQuery>(env, exports, "cudaStreamQuery", inst);
  Export<StreamSynchronize>(env, exports, "cudaStreamSynchronize", inst);
  Export<EventNew>(env, exports, "cudaEventNew", inst);
  Export<EventRecord>(env, exports, "cudaEventRecord", inst);
  Export<EventWait>(env, exports, "cudaEventWait", inst);
  Export<EventQuery>(env, exports, "cudaEventQuery", inst);
  Export<EventSynchronize>(env, exports, "cudaEventSynchronize", inst);
  Export<EventElapsed>(env, exports, "cudaEventElapsed", inst);
  Export<EventRelease>(env, exports, "cudaEventRelease", inst);
}

}  // namespace tn
