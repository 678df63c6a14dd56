// TorchScript (torch.jit): loading, running, inspecting and saving ScriptModules through LibTorch. Thin: lib/jit
// builds the ScriptModule class; JS values cross as a small tagged encoding (see jit.cc).
#pragma once
#include <torch/csrc/jit/api/module.h>

#include <memory>

#include "common/instance.h"

namespace tn {
void InitJit(Napi::Env env, Napi::Object exports, Instance* inst);
// Tracing (jit/trace.cc): torch.jit.trace of a JS nn.Module, and the graphs of ScriptModules.
void InitTrace(Napi::Env env, Napi::Object exports, Instance* inst);

using ModulePtr = std::shared_ptr<torch::jit::Module>;
// A module as JS holds it: an External owning a shared handle to the module object.
Napi::Value NewModule(Napi::Env env, torch::jit::Module m);
ModulePtr ModuleArg(const Napi::Value& v);
// An IValue in the tagged JS form of jit.cc (tensors become new handles).
Napi::Value FromIValue(Napi::Env env, Instance& in, const c10::IValue& v);
}  // namespace tn
