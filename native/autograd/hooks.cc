// Tensor hooks: register_hook (called with the gradient; a returned tensor replaces it) and
// register_post_accumulate_grad_hook (called with the leaf after .grad was accumulated).
#include <torch/csrc/autograd/function_hook.h>
#include <torch/csrc/autograd/variable.h>

#include <memory>
#include <optional>
#include <unordered_map>

#include "autograd/autograd.h"
#include "autograd/callbacks.h"

namespace tn {
namespace {

// Registered tensor hooks, named by ids that are never reused: each remembers its tensor weakly (so a handle
// kept by JS neither keeps the tensor alive nor can ever reach another tensor) and its position in its hooks.
struct TensorHook {
  std::optional<c10::weak_intrusive_ptr<c10::TensorImpl>> impl;
  unsigned pos = 0;
};
struct HookRegistry {
  std::unordered_map<double, TensorHook> hooks;
  double next = 1;
};

HookRegistry& Hooks(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  if (!in.hookRegistry) in.hookRegistry = std::make_shared<HookRegistry>();
  return *static_cast<HookRegistry*>(in.hookRegistry.get());
}

// registerHook(h, fn(gradHandles[]) -> handle | 0) -> hook id
Napi::Value RegisterHook(const Napi::CallbackInfo& info) {
  at::Tensor& t = Arg(info, 0);
  auto cb = std::make_shared<JsCallback>(&Inst(info), info[1].As<Napi::Function>());
  unsigned pos = t.register_hook([cb](const at::Tensor& grad) -> at::Tensor {
    std::vector<at::Tensor> r = cb->Call({{grad}});
    return r.empty() ? at::Tensor() : r[0];
  });
  HookRegistry& reg = Hooks(info);
  double id = reg.next++;
  reg.hooks.emplace(id, TensorHook{c10::weak_intrusive_ptr<c10::TensorImpl>(t.getIntrusivePtr()), pos});
  return Napi::Number::New(info.Env(), id);
}

// removeHook(id): removes the hook if its tensor still lives; releaseHook(id): forgets the id (JS handle collected)
Napi::Value RemoveHook(const Napi::CallbackInfo& info) {
  HookRegistry& reg = Hooks(info);
  auto it = reg.hooks.find(info[0].As<Napi::Number>().DoubleValue());
  if (it == reg.hooks.end()) return Napi::Value();
  c10::intrusive_ptr<c10::TensorImpl> impl = it->second.impl->lock();
  if (impl) at::Tensor(std::move(impl)).remove_hook(it->second.pos);
  reg.hooks.erase(it);
  return Napi::Value();
}

Napi::Value ReleaseHook(const Napi::CallbackInfo& info) {
  Hooks(info).hooks.erase(info[0].As<Napi::Number>().DoubleValue());
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
  Export<ReleaseHook>(env, exports, "releaseHook", inst);
  Export<PostAccumulateGradHooks>(env, exports, "postAccumulateGradHooks", inst);
}

}  // namespace tn
