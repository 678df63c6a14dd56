// Tensor hooks: register_hook (called with the gradient; a returned tensor replaces it) and
// register_post_accumulate_grad_hook (called with the leaf after .grad was accumulated).
#include <torch/csrc/autograd/function_hook.h>
#include <torch/csrc/autograd/variable.h>

#include <memory>

#include "autograd/autograd.h"
#include "autograd/callbacks.h"

namespace tn {
namespace {

// registerHook(h, fn(gradHandles[]) -> handle | 0) -> hook id
Napi::Value RegisterHook(const Napi::CallbackInfo& info) {
  at::Tensor& t = Arg(info, 0);
  auto cb = std::make_shared<JsCallback>(&Inst(info), info[1].As<Napi::Function>());
  unsigned id = t.register_hook([cb](const at::Tensor& grad) -> at::Tensor {
    std::vector<at::Tensor> r = cb->Call({{grad}});
    return r.empty() ? at::Tensor() : r[0];
  });
  return Napi::Number::New(info.Env(), id);
}

Napi::Value RemoveHook(const Napi::CallbackInfo& info) {
  Arg(info, 0).remove_hook(info[1].As<Napi::Number>().Uint32Value());
  return Napi::Value();
}

// One C++ post-accumulate-grad hook per tensor, serving the tensor's JS hooks (shared by every JS object of it).
struct JsPostAccumulateGradHook : torch::autograd::PostAccumulateGradHook {
  explicit JsPostAccumulateGradHook(const Napi::CallbackInfo& info) : hooks(info, 1) {}
  void operator()(const torch::autograd::Variable& tensor) override { hooks.dispatcher->Call({{tensor}}); }
  JsHookList hooks;
};

// postAccumulateGradHooks(h, makeDispatcher(list)) -> the tensor's JS hook list (created on first use)
Napi::Value PostAccumulateGradHooks(const Napi::CallbackInfo& info) {
  at::Tensor& t = Arg(info, 0);
  if (!t.is_leaf()) Throw(ErrorKind::Runtime, "post accumulate grad hooks cannot be registered on non-leaf tensors");
  if (!t.requires_grad()) {
    Throw(ErrorKind::Runtime, "cannot register a hook on a tensor that doesn't require gradient");
  }
  auto& slot = torch::autograd::impl::post_acc_grad_hooks(t);
  if (auto* existing = dynamic_cast<JsPostAccumulateGradHook*>(slot.get())) return existing->hooks.List(info.Env());
  auto hook = std::make_unique<JsPostAccumulateGradHook>(info);
  Napi::Value list = hook->hooks.List(info.Env());
  torch::autograd::impl::set_post_acc_grad_hooks(t, std::move(hook));
  return list;
}

}  // namespace

void InitHooks(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<RegisterHook>(env, exports, "registerHook", inst);
  Export<RemoveHook>(env, exports, "removeHook", inst);
  Export<PostAccumulateGradHooks>(env, exports, "postAccumulateGradHooks", inst);
}

}  // namespace tn
