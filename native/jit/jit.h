// TorchScript (torch.jit): loading, running, inspecting and saving ScriptModules through LibTorch. Thin: lib/jit
// builds the ScriptModule class; JS values cross as a small tagged encoding (see jit.cc).
#pragma once
#include "common/instance.h"

namespace tn {
void InitJit(Napi::Env env, Napi::Object exports, Instance* inst);
}  // namespace tn
