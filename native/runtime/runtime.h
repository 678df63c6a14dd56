#pragma once
#include "common/instance.h"

#include <ATen/core/Generator.h>

#include <vector>

namespace tn {
void InitRuntime(Napi::Env env, Napi::Object exports, Instance* inst);
void InitGenerators(Napi::Env env, Napi::Object exports, Instance* inst);

// Generators named by JS torch.Generator objects (id 0 = none).
struct GeneratorRegistry {
  std::vector<at::Generator> slots{at::Generator()};
  std::vector<uint32_t> free;
  uint32_t Put(at::Generator g);
  at::Generator& Get(uint32_t id);
  void Release(uint32_t id);
};
GeneratorRegistry& Generators(Instance& in);
}  // namespace tn
