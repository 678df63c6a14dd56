#pragma once
#include "common/instance.h"

namespace tn {
void InitAutograd(Napi::Env env, Napi::Object exports, Instance* inst);
void InitHooks(Napi::Env env, Napi::Object exports, Instance* inst);
void InitFunction(Napi::Env env, Napi::Object exports, Instance* inst);
void InitNodes(Napi::Env env, Napi::Object exports, Instance* inst);
}  // namespace tn
