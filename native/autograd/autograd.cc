// Autograd engine access: backward, grad, grad modes, inference mode, retain_grad, anomaly detection.
#include "autograd/autograd.h"

#include <ATen/core/grad_mode.h>
#include <c10/core/InferenceMode.h>
#include <torch/csrc/autograd/anomaly_mode.h>
#include <torch/csrc/autograd/autograd.h>

#include <memory>
#include <vector>

#include "common/convert.h"
#include "common/op_support.h"

namespace tn {
namespace {

// Tensors from a handle array where 0/null means "undefined tensor" (e.g. a grad_tensors entry of None).
std::vector<at::Tensor> MaybeTensors(const Napi::CallbackInfo& info, size_t i) {
  std::vector<at::Tensor> out;
  if (IsNil(info[i])) return out;
  Napi::Array a = info[i].As<Napi::Array>();
  TensorTable& table = Inst(info).table;
  out.reserve(a.Length());
  for (uint32_t k = 0; k < a.Length(); ++k) {
    Napi::Value v = a.Get(k);
    int32_t h = IsNil(v) ? 0 : v.As<Napi::Number>().Int32Value();
    out.push_back(h == 0 ? at::Tensor() : table.Get(h));
  }
  return out;
}

std::optional<bool> OptBool(const Napi::Value& v) {
  if (IsNil(v)) return std::nullopt;
  return v.As<Napi::Boolean>().Value();
}

// backward(tensors, grad_tensors | null, retain_graph | null, create_graph, inputs | null)
Napi::Value Backward(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> tensors = MaybeTensors(info, 0);
  std::vector<at::Tensor> grads = MaybeTensors(info, 1);
  std::optional<bool> retain = OptBool(info[2]);
  bool create = ToBool(info[3]);
  std::vector<at::Tensor> inputs = MaybeTensors(info, 4);
  if (grads.empty()) grads.resize(tensors.size());
  torch::autograd::backward(tensors, grads, retain, create, inputs);
  return Napi::Value();
}

// grad(outputs, inputs, grad_outputs | null, retain_graph | null, create_graph, allow_unused) -> handles (0 = None)
Napi::Value Grad(const Napi::CallbackInfo& info) {
  std::vector<at::Tensor> outputs = MaybeTensors(info, 0);
  std::vector<at::Tensor> inputs = MaybeTensors(info, 1);
  std::vector<at::Tensor> gradOutputs = MaybeTensors(info, 2);
  std::optional<bool> retain = OptBool(info[3]);
  bool create = ToBool(info[4]);
  bool allowUnused = ToBool(info[5]);
  if (gradOutputs.empty()) gradOutputs.resize(outputs.size());
  std::vector<at::Tensor> result =
      torch::autograd::grad(outputs, inputs, gradOutputs, retain, create, allowUnused);
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, result.size());
  for (size_t k = 0; k < result.size(); ++k) {
    out.Set(static_cast<uint32_t>(k), result[k].defined() ? Wrap(info, std::move(result[k])) : Napi::Number::New(env, 0));
  }
  return out;
}

Napi::Value IsGradEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), at::GradMode::is_enabled());
}

// setGradEnabled(flag) -> previous flag
Napi::Value SetGradEnabled(const Napi::CallbackInfo& info) {
  bool prev = at::GradMode::is_enabled();
  at::GradMode::set_enabled(ToBool(info[0]));
  return Napi::Boolean::New(info.Env(), prev);
}

// Inference mode is a RAII guard in LibTorch; the TypeScript side pairs enter/exit strictly (a stack).
thread_local std::vector<std::unique_ptr<c10::InferenceMode>> gInferenceGuards;

Napi::Value InferenceModeEnter(const Napi::CallbackInfo& info) {
  gInferenceGuards.push_back(std::make_unique<c10::InferenceMode>(ToBool(info[0])));
  return Napi::Value();
}
Napi::Value InferenceModeExit(const Napi::CallbackInfo& info) {
  if (!gInferenceGuards.empty()) gInferenceGuards.pop_back();
  return Napi::Value();
}
Napi::Value IsInferenceModeEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), c10::InferenceMode::is_enabled());
}
Napi::Value IsInference(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), Arg(info, 0).is_inference());
}

Napi::Value RetainGrad(const Napi::CallbackInfo& info) {
  Arg(info, 0).retain_grad();
  return Napi::Value();
}
Napi::Value RetainsGrad(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), Arg(info, 0).retains_grad());
}

Napi::Value SetDetectAnomaly(const Napi::CallbackInfo& info) {
  torch::autograd::AnomalyMode::set_enabled(ToBool(info[0]), info.Length() > 1 ? ToBool(info[1]) : true);
  return Napi::Value();
}
Napi::Value IsAnomalyEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), torch::autograd::AnomalyMode::is_enabled());
}

}  // namespace

void InitAutograd(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<Backward>(env, exports, "backward", inst);
  Export<Grad>(env, exports, "autogradGrad", inst);
  Export<IsGradEnabled>(env, exports, "isGradEnabled", inst);
  Export<SetGradEnabled>(env, exports, "setGradEnabled", inst);
  Export<InferenceModeEnter>(env, exports, "inferenceModeEnter", inst);
  Export<InferenceModeExit>(env, exports, "inferenceModeExit", inst);
  Export<IsInferenceModeEnabled>(env, exports, "isInferenceModeEnabled", inst);
  Export<IsInference>(env, exports, "isInference", inst);
  Export<RetainGrad>(env, exports, "retainGrad", inst);
  Export<RetainsGrad>(env, exports, "retainsGrad", inst);
  Export<SetDetectAnomaly>(env, exports, "setDetectAnomaly", inst);
  Export<IsAnomalyEnabled>(env, exports, "isAnomalyEnabled", inst);
}

}  // namespace tn
