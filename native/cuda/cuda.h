#pragma once
#include <c10/core/Device.h>

#include "common/instance.h"

namespace tn {
void InitCuda(Napi::Env env, Napi::Object exports, Instance* inst);
void InitStreams(Napi::Env env, Napi::Object exports, Instance* inst);

bool CudaBuilt();  // LibTorch was built with CUDA (its CUDA library is loaded)
int DeviceCount();
// Python's torch.cuda._lazy_init: initialises CUDA once, failing with LibTorch's own message.
void LazyInit();
// An optional device index argument (undefined/null: the current device), initialised and checked.
c10::DeviceIndex DeviceArg(const Napi::Value& v);
}  // namespace tn
