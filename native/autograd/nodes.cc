// grad_fn objects: autograd graph nodes held for JavaScript (Tensor.grad_fn, GradFn.next_functions). A node is
// kept in a small per-environment registry while a JS GradFn names it; the GradFn's finalizer releases it.
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/function_hook.h>
#include <torch/csrc/autograd/variable.h>

#include "autograd/autograd.h"
#include "autograd/callbacks.h"
#include "common/convert.h"
#include "common/id_registry.h"

namespace tn {
namespace {

using NodeRegistry = IdRegistry<std::shared_ptr<torch::autograd::Node>>;

NodeRegistry& Registry(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  if (!in.nodeRegistry) in.nodeRegistry = std::make_shared<NodeRegistry>("grad_fn");
  return *static_cast<NodeRegistry*>(in.nodeRegistry.get());
}

// gradFn(h) -> node id (0 when the tensor has no grad_fn)
Napi::Value GradFnOf(const Napi::CallbackInfo& info) {
  const auto& fn = Arg(info, 0).grad_fn();
  return Napi::Number::New(info.Env(), fn ? Registry(info).Put(fn) : 0);
}

Napi::Value NodeName(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), Registry(info).Get(info[0].As<Napi::Number>().Uint32Value())->name());
}

// nodeKey(id) -> the node's address: equal for two ids of the same live node (Python's `grad_fn is other`)
Napi::Value NodeKey(const Napi::CallbackInfo& info) {
  const auto& n = Registry(info).Get(info[0].As<Napi::Number>().Uint32Value());
  return Napi::Number::New(info.Env(), static_cast<double>(reinterpret_cast<uintptr_t>(n.get())));
}

// nodeNext(id) -> [[nodeId | 0, input_nr], ...] (Python's next_functions)
Napi::Value NodeNext(const Napi::CallbackInfo& info) {
  NodeRegistry& reg = Registry(info);
  torch::autograd::Node& n = *reg.Get(info[0].As<Napi::Number>().Uint32Value());
  Napi::Env env = info.Env();
  const auto& edges = n.next_edges();
  Napi::Array out = Napi::Array::New(env, edges.size());
  for (size_t i = 0; i < edges.size(); ++i) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, Napi::Number::New(env, edges[i].function ? reg.Put(edges[i].function) : 0));
    pair.Set(1u, Napi::Number::New(env, edges[i].input_nr));
    out.Set(static_cast<uint32_t>(i), pair);
  }
  return out;
}

// One C++ hook per node and kind, calling a JS dispatcher that runs the node's JS hooks (a JS array, so hooks can
// be removed: LibTorch has no removal for pre-hooks).
struct JsNodePreHook : torch::autograd::FunctionPreHook {
  explicit JsNodePreHook(const Napi::CallbackInfo& info) : hooks(info, 2) {}
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& grads) override {
    auto r = hooks.dispatcher->Call({grads});
    return r.size() == grads.size() ? r : grads;
  }
  JsHookList hooks;
};

struct JsNodePostHook : torch::autograd::FunctionPostHook {
  explicit JsNodePostHook(const Napi::CallbackInfo& info) : hooks(info, 2) {}
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& gradInputs,
                                            const torch::autograd::variable_list& gradOutputs) override {
    auto r = hooks.dispatcher->Call({gradInputs, gradOutputs});
    return r.size() == gradInputs.size() ? r : gradInputs;
  }
  JsHookList hooks;
};

// The node's installed JS hook of type H, if any
template <class H, class Hooks>
H* FindJsHook(Hooks& installed) {
  for (auto& h : installed) {
    if (auto* js = dynamic_cast<H*>(h.get())) return js;
  }
  return nullptr;
}

// nodeHooks(id, post, makeDispatcher(list)) -> the node's JS hook list of that kind (created on first use)
Napi::Value NodeHooks(const Napi::CallbackInfo& info) {
  torch::autograd::Node& n = *Registry(info).Get(info[0].As<Napi::Number>().Uint32Value());
  if (info[1].As<Napi::Boolean>().Value()) {
    if (auto* js = FindJsHook<JsNodePostHook>(n.post_hooks())) return js->hooks.List(info.Env());
    auto hook = std::make_unique<JsNodePostHook>(info);
    Napi::Value list = hook->hooks.List(info.Env());
    n.add_post_hook(std::move(hook));
    return list;
  }
  if (auto* js = FindJsHook<JsNodePreHook>(n.pre_hooks())) return js->hooks.List(info.Env());
  auto hook = std::make_unique<JsNodePreHook>(info);
  Napi::Value list = hook->hooks.List(info.Env());
  n.add_pre_hook(std::move(hook));
  return list;
}

Napi::Value NodeRelease(const Napi::CallbackInfo& info) {
  Registry(info).Release(info[0].As<Napi::Number>().Uint32Value());
  return Napi::Value();
}

}  // namespace

void InitNodes(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<GradFnOf>(env, exports, "gradFn", inst);
  Export<NodeName>(env, exports, "nodeName", inst);
  Export<NodeNext>(env, exports, "nodeNext", inst);
  Export<NodeKey>(env, exports, "nodeKey", inst);
  Export<NodeRelease>(env, exports, "nodeRelease", inst);
  Export<NodeHooks>(env, exports, "nodeHooks", inst);
}

}  // namespace tn
