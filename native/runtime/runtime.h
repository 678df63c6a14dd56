#pragma once
#include "common/instance.h"

#include <ATen/core/Generator.h>

#include <vector>

#include "common/id_registry.h"

namespace tn {
void InitRuntime(Napi::Env env, Napi::Object exports, Instance* inst);
void InitGenerators(Napi::Env env, Napi::Object exports, Instance* inst);
void InitAutocast(Napi::Env env, Napi::Object exports, Instance* inst);

// Generators named by JS torch.Generator objects.
struct GeneratorRegistry : IdRegistry<at::Generator> {
  GeneratorRegistry() : IdRegistry<at::Generator>("Generator") {}
};
GeneratorRegistry& Generators(Instance& in);
}  // namespace tn
