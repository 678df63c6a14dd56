#pragma once
#include <torch/csrc/autograd/function.h>

#include "common/instance.h"

namespace tn {
void InitAutograd(Napi::Env env, Napi::Object exports, Instance* inst);
void InitHooks(Napi::Env env, Napi::Object exports, Instance* inst);
void InitFunction(Napi::Env env, Napi::Object exports, Instance* inst);
void InitNodes(Napi::Env env, Napi::Object exports, Instance* inst);
// True for the graph node of a custom Function written in JavaScript (autograd/function.cc).
bool IsJsFunctionNode(const torch::autograd::Node* node);
}  // namespace tn
