// Registration entry points of the tensor area, called from addon.cc.
#pragma once
#include "common/instance.h"

namespace tn {
void InitMemory(Napi::Env env, Napi::Object exports, Instance* inst);
void InitCreation(Napi::Env env, Napi::Object exports, Instance* inst);
void InitProperties(Napi::Env env, Napi::Object exports, Instance* inst);
void InitData(Napi::Env env, Napi::Object exports, Instance* inst);
void InitIndexing(Napi::Env env, Napi::Object exports, Instance* inst);
void InitTransfer(Napi::Env env, Napi::Object exports, Instance* inst);
}  // namespace tn
