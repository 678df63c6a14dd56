#pragma once
#include "common/instance.h"

namespace tn {
void InitAutograd(Napi::Env env, Napi::Object exports, Instance* inst);
}  // namespace tn
