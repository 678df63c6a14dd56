// grad_fn objects: autograd graph nodes held for JavaScript (Tensor.grad_fn, GradFn.next_functions). A node is
// kept in a small per-environment registry while a JS GradFn names it; the GradFn's finalizer releases it.
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/variable.h>

#include <torch/csrc/autograd/function_hook.h>

#include "autograd/autograd.h"
#include "autograd/callbacks.h"
#include "common/convert.h"

namespace tn {
namespace {

struct NodeRegistry {
  std::vector<std::shared_ptr<torch::autograd::Node>> nodes{nullptr};  // id 0 = none
  std::vector<uint32_t> free;
  uint32_t Put(std::shared_ptr<torch::autograd::Node> n) {
    if (!n) return 0;
    if (!free.empty()) {
      uint32_t id = free.back();
      free.pop_back();
      nodes[id] = std::move(n);
      return id;
    }
    nodes.push_back(std::move(n));
    return static_cast<uint32_t>(nodes.size() - 1);
  }
  torch::autograd::Node& Get(uint32_t id) {
    if (id == 0 || id >= nodes.size() || !nodes[id]) Throw(ErrorKind::Runtime, "torch-node: stale grad_fn");
    return *nodes[id];
  }
  void Release(uint32_t id) {
    if (id == 0 || id >= nodes.size() || !nodes[id]) return;
    nodes[id].reset();
    free.push_back(id);
  }
};

NodeRegistry& Registry(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  if (!in.nodeRegistry) in.nodeRegistry = std::make_shared<NodeRegistry>();
  return *static_cast<NodeRegistry*>(in.nodeRegistry.get());
}

// gradFn(h) -> node id (0 when the tensor has no grad_fn)
Napi::Value GradFnOf(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), Registry(info).Put(Arg(info, 0).grad_fn()));
}

Napi::Value NodeName(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), Registry(info).Get(info[0].As<Napi::Number>().Uint32Value()).name());
}

// nodeNext(id) -> [[nodeId | 0, input_nr], ...] (Python's next_functions)
Napi::Value NodeNext(const Napi::CallbackInfo& info) {
  NodeRegistry& reg = Registry(info);
  torch::autograd::Node& n = reg.Get(info[0].As<Napi::Number>().Uint32Value());
  Napi::Env env = info.Env();
  const auto& edges = n.next_edges();
  Napi::Array out = Napi::Array::New(env, edges.size());
  for (size_t i = 0; i < edges.size(); ++i) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, Napi::Number::New(env, reg.Put(edges[i].function)));
    pair.Set(1u, Napi::Number::New(env, edges[i].input_nr));
    out.Set(static_cast<uint32_t>(i), pair);
  }
  return out;
}

// One C++ hook per node and kind, calling a JS dispatcher that runs the node's JS hooks (a JS array, so hooks can
// be removed: LibTorch has no removal for pre-hooks).
struct JsNodePreHook : torch::autograd::FunctionPreHook {
  JsNodePreHook(std::shared_ptr<JsCallback> cb, void* list) : cb(std::move(cb)), list(list) {}
  ~JsNodePreHook() override { Instance::ReleasePinned(list); }
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& grads) override {
    auto r = cb->Call({grads});
    return r.size() == grads.size() ? r : grads;
  }
  std::shared_ptr<JsCallback> cb;
  void* list;
};

struct JsNodePostHook : torch::autograd::FunctionPostHook {
  JsNodePostHook(std::shared_ptr<JsCallback> cb, void* list) : cb(std::move(cb)), list(list) {}
  ~JsNodePostHook() override { Instance::ReleasePinned(list); }
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& gradInputs,
                                            const torch::autograd::variable_list& gradOutputs) override {
    auto r = cb->Call({gradInputs, gradOutputs});
    return r.size() == gradInputs.size() ? r : gradInputs;
  }
  std::shared_ptr<JsCallback> cb;
  void* list;
};

// nodeHooks(id, post, makeDispatcher(list)) -> the node's JS hook list of that kind (created on first use)
Napi::Value NodeHooks(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  torch::autograd::Node& n = Registry(info).Get(info[0].As<Napi::Number>().Uint32Value());
  bool post = info[1].As<Napi::Boolean>().Value();
  if (post) {
    for (auto& h : n.post_hooks()) {
      if (auto* js = dynamic_cast<JsNodePostHook*>(h.get())) return Napi::Value(info.Env(), Instance::PinnedValue(info.Env(), js->list));
    }
  } else {
    for (auto& h : n.pre_hooks()) {
      if (auto* js = dynamic_cast<JsNodePreHook*>(h.get())) return Napi::Value(info.Env(), Instance::PinnedValue(info.Env(), js->list));
    }
  }
  Napi::Array list = Napi::Array::New(info.Env());
  Napi::Function dispatcher = info[2].As<Napi::Function>().Call({list}).As<Napi::Function>();
  auto cb = std::make_shared<JsCallback>(&in, dispatcher);
  if (post) n.add_post_hook(std::make_unique<JsNodePostHook>(cb, in.Pin(list)));
  else n.add_pre_hook(std::make_unique<JsNodePreHook>(cb, in.Pin(list)));
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
  Export<NodeRelease>(env, exports, "nodeRelease", inst);
  Export<NodeHooks>(env, exports, "nodeHooks", inst);
}

}  // namespace tn
