// torch.Generator: random number generators as JS objects (an id into a per-environment registry). Ops take them
// through the `generator` argument (see GeneratorArg in common/op_support.h).
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <ATen/core/Generator.h>
#include <ATen/detail/CUDAHooksInterface.h>

#include "common/convert.h"
#include "common/op_support.h"
#include "runtime/runtime.h"

namespace tn {

GeneratorRegistry& Generators(Instance& in) {
  if (!in.generators) in.generators = std::make_shared<GeneratorRegistry>();
  return *in.generators;
}

std::optional<at::Generator> GeneratorArg(const Napi::CallbackInfo& info, size_t i) {
  const Napi::Value v = info[i];
  if (IsNil(v)) return std::nullopt;
  uint32_t id = v.As<Napi::Number>().Uint32Value();
  if (id == 0) return std::nullopt;
  return Generators(Inst(info)).Get(id);
}

namespace {

uint32_t GenId(const Napi::CallbackInfo& info) { return info[0].As<Napi::Number>().Uint32Value(); }

// newGenerator(deviceCode) -> id
Napi::Value NewGenerator(const Napi::CallbackInfo& info) {
  c10::Device d = ToDevice(info[0]);
  at::Generator g;
  if (d.is_cpu()) {
    g = at::detail::createCPUGenerator();
  } else if (d.is_cuda()) {
    g = at::detail::getCUDAHooks().getNewGenerator(d.has_index() ? d.index() : -1);
  } else {
    Throw(ErrorKind::Runtime, "torch-node: Generator supports cpu and cuda devices, not " + d.str());
  }
  return Napi::Number::New(info.Env(), Generators(Inst(info)).Put(std::move(g)));
}

// defaultGenerator(deviceCode) -> id of a handle on the default generator (torch.default_generator)
Napi::Value DefaultGenerator(const Napi::CallbackInfo& info) {
  c10::Device d = ToDevice(info[0]);
  return Napi::Number::New(info.Env(), Generators(Inst(info)).Put(at::globalContext().defaultGenerator(d)));
}

Napi::Value ManualSeed(const Napi::CallbackInfo& info) {
  at::Generator& g = Generators(Inst(info)).Get(GenId(info));
  std::lock_guard<std::mutex> lock(g.mutex());
  g.set_current_seed(static_cast<uint64_t>(ToInt(info[1])));
  return Napi::Value();
}

Napi::Value InitialSeed(const Napi::CallbackInfo& info) {
  return Napi::BigInt::New(info.Env(), Generators(Inst(info)).Get(GenId(info)).current_seed());
}

Napi::Value Seed(const Napi::CallbackInfo& info) {
  at::Generator& g = Generators(Inst(info)).Get(GenId(info));
  std::lock_guard<std::mutex> lock(g.mutex());
  return Napi::BigInt::New(info.Env(), g.seed());
}

Napi::Value GetState(const Napi::CallbackInfo& info) {
  at::Generator& g = Generators(Inst(info)).Get(GenId(info));
  std::lock_guard<std::mutex> lock(g.mutex());
  return Wrap(info, g.get_state());
}

Napi::Value SetState(const Napi::CallbackInfo& info) {
  at::Generator& g = Generators(Inst(info)).Get(GenId(info));
  std::lock_guard<std::mutex> lock(g.mutex());
  g.set_state(Arg(info, 1));
  return Napi::Value();
}

Napi::Value GeneratorDevice(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), DeviceCode(Generators(Inst(info)).Get(GenId(info)).device()));
}

Napi::Value Release(const Napi::CallbackInfo& info) {
  Generators(Inst(info)).Release(GenId(info));
  return Napi::Value();
}

}  // namespace

void InitGenerators(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<NewGenerator>(env, exports, "newGenerator", inst);
  Export<DefaultGenerator>(env, exports, "defaultGenerator", inst);
  Export<ManualSeed>(env, exports, "generatorManualSeed", inst);
  Export<InitialSeed>(env, exports, "generatorInitialSeed", inst);
  Export<Seed>(env, exports, "generatorSeed", inst);
  Export<GetState>(env, exports, "generatorGetState", inst);
  Export<SetState>(env, exports, "generatorSetState", inst);
  Export<GeneratorDevice>(env, exports, "generatorDevice", inst);
  Export<Release>(env, exports, "generatorRelease", inst);
}

}  // namespace tn
