// Autograd engine access: backward, grad, grad modes, inference mode, retain_grad, anomaly detection.
#include "autograd/autograd.h"

#include <ATen/core/grad_mode.h>
#include <c10/core/InferenceMode.h>
#include <torch/csrc/autograd/anomaly_mode.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/forward_grad.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/functions/accumulate_grad.h>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <typeinfo>
#include <unordered_set>
#include <vector>

#include "common/async.h"
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

// The engine runs inline on the JS thread while no JS callback (hook, custom Function) exists; otherwise on the
// environment's worker thread while the JS thread serves the callbacks (so hooks work from any engine thread, CUDA's
// included). When the worker is busy (a backward() called inside a hook of an async backward, whose job waits for
// this very thread) a thread of its own runs it instead.
template <class F>
auto RunEngine(Instance& in, F&& work) -> decltype(work()) {
  if (in.jsCallbacks.load() == 0) return work();
  using R = decltype(work());
  std::optional<R> result;
  std::exception_ptr error;
  std::atomic<bool> done{false};
  at::ThreadLocalState tls;
  auto job = [&] {
    at::ThreadLocalStateGuard guard(tls);
    try {
      result.emplace(work());
    } catch (...) {
      error = std::current_exception();
    }
    done = true;
    in.bridge->Wake();
  };
  std::thread own;
  if (in.Worker().Busy()) own = std::thread(job);
  else in.Worker().PostBare(job);
  in.bridge->ServeUntil([&] { return done.load(); });
  if (own.joinable()) own.join();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

struct BackwardArgs {
  std::vector<at::Tensor> tensors, grads, inputs;
  std::optional<bool> retain;
  bool create = false;
};
BackwardArgs ReadBackward(const Napi::CallbackInfo& info) {
  BackwardArgs a{MaybeTensors(info, 0), MaybeTensors(info, 1), MaybeTensors(info, 4), OptBool(info[2]), ToBool(info[3])};
  if (a.grads.empty()) a.grads.resize(a.tensors.size());
  return a;
}
bool RunBackward(const BackwardArgs& a) {
  torch::autograd::backward(a.tensors, a.grads, a.retain, a.create, a.inputs);
  return true;
}

struct GradArgs {
  std::vector<at::Tensor> outputs, inputs, gradOutputs;
  std::optional<bool> retain;
  bool create = false, allowUnused = false;
};
GradArgs ReadGrad(const Napi::CallbackInfo& info) {
  GradArgs a{MaybeTensors(info, 0), MaybeTensors(info, 1), MaybeTensors(info, 2), OptBool(info[3]), ToBool(info[4]),
             ToBool(info[5])};
  if (a.gradOutputs.empty()) a.gradOutputs.resize(a.outputs.size());
  return a;
}
std::vector<at::Tensor> RunGrad(const GradArgs& a) {
  return torch::autograd::grad(a.outputs, a.inputs, a.gradOutputs, a.retain, a.create, a.allowUnused);
}

Napi::Value WrapGrads(const Napi::CallbackInfo& info, std::vector<at::Tensor>&& result) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, result.size());
  for (size_t k = 0; k < result.size(); ++k) {
    out.Set(static_cast<uint32_t>(k), result[k].defined() ? Wrap(info, std::move(result[k])) : Napi::Number::New(env, 0));
  }
  return out;
}

// Whether running the graph may call a hook or function that is not LibTorch's own (a JS tensor hook, a JS node
// hook, a post-accumulate-grad hook, a custom Function written in JS): then the engine must not run on the JS
// thread, which has to serve them. Any hook counts (C++ ones are not told apart).
bool CallsOut(torch::autograd::Node* n) {
  if (!n->tensor_pre_hooks().empty() || !n->pre_hooks().empty() || !n->post_hooks().empty() || IsJsFunctionNode(n)) {
    return true;
  }
  if (auto* acc = dynamic_cast<torch::autograd::AccumulateGrad*>(n)) {
    return acc->variable.defined() && torch::autograd::impl::post_acc_grad_hooks(acc->variable) != nullptr;
  }
  return false;
}

// The shape of the graph behind `roots`, for the async policy (common/async_policy.h): each node's kind and the
// dtype, device and shape of each gradient flowing into it, in the walk's order. Two graphs with one signature do
// the same work. nullopt for a graph whose run would call out to a hook or a JS function (CallsOut), or of more
// than 2,048 nodes (its backward is never short, and the walk is not free).
std::optional<uint64_t> GraphSignature(const std::vector<at::Tensor>& roots, uint64_t salt) {
  using torch::autograd::Node;
  constexpr size_t kMaxNodes = 2048;
  uint64_t h = salt;
  std::vector<Node*> stack;
  std::unordered_set<Node*> seen;
  auto visit = [&](const torch::autograd::Edge& e) {
    h = MixSignature(h, e.input_nr);
    if (e.function && seen.insert(e.function.get()).second) stack.push_back(e.function.get());
  };
  for (const at::Tensor& t : roots) {
    h = MixSignature(h, t.defined() ? static_cast<uint64_t>(t.dim()) : ~0ULL);
    if (t.defined() && t.requires_grad()) visit(torch::autograd::impl::gradient_edge(t));
  }
  while (!stack.empty()) {
    if (seen.size() > kMaxNodes) return std::nullopt;
    Node* n = stack.back();
    stack.pop_back();
    if (CallsOut(n)) return std::nullopt;
    h = MixSignature(h, typeid(*n).hash_code());
    for (uint32_t i = 0; i < n->num_inputs(); ++i) {
      const torch::autograd::InputMetadata& m = n->input_metadata(i);
      if (m.was_default_constructed() || m.is_nested_tensor()) {
        h = MixSignature(h, m.was_default_constructed() ? 1 : 2);
        continue;
      }
      h = MixSignature(h, static_cast<uint64_t>(c10::typeMetaToScalarType(m.dtype())));
      h = MixDevice(h, static_cast<int>(m.device().type()), m.device().index());
      for (const c10::SymInt& d : m.shape_as_dim_vector()) {
        std::optional<int64_t> v = d.maybe_as_int();
        h = MixSignature(h, v ? static_cast<uint64_t>(*v) : ~1ULL);
      }
    }
    for (const torch::autograd::Edge& e : n->next_edges()) visit(e);
  }
  return h;
}

// Where an async backward or grad runs: inline when the same graph's last run was short and the graph calls out to
// no hook or JS function; its duration is recorded under the graph's signature.
Placement EnginePlacement(Instance& in, const std::vector<at::Tensor>& roots, uint64_t salt) {
  std::optional<uint64_t> sig = GraphSignature(roots, salt);
  return sig ? PlacementByHistory(in, *sig) : Placement{};
}

// backward(tensors, grad_tensors | null, retain_graph | null, create_graph, inputs | null)
Napi::Value Backward(const Napi::CallbackInfo& info) {
  BackwardArgs a = ReadBackward(info);
  RunEngine(Inst(info), [&] { return RunBackward(a); });
  return Napi::Value();
}

// grad(outputs, inputs, grad_outputs | null, retain_graph | null, create_graph, allow_unused) -> handles (0 = None)
Napi::Value Grad(const Napi::CallbackInfo& info) {
  GradArgs a = ReadGrad(info);
  return WrapGrads(info, RunEngine(Inst(info), [&] { return RunGrad(a); }));
}

// The off-thread variants: the engine runs on a worker thread; the returned Promise settles on the JS thread.
// Hooks and custom Functions run on the JS thread meanwhile (the bridge's thread-safe function wakes it).
Napi::Value BackwardAsync(const Napi::CallbackInfo& info) {
  auto a = std::make_shared<BackwardArgs>(ReadBackward(info));
  uint64_t salt = MixSignature(MixSignature(1, a->retain.value_or(a->create) ? 1 : 0), a->create ? 1 : 0);
  salt = MixSignature(MixSignature(salt, a->inputs.size()), a->grads.size());
  return PromiseWorker<bool>::Start(
      info, [a] { return RunBackward(*a); }, [](Napi::Env env, bool&) { return env.Undefined(); },
      EnginePlacement(Inst(info), a->tensors, salt));
}

Napi::Value GradAsync(const Napi::CallbackInfo& info) {
  auto a = std::make_shared<GradArgs>(ReadGrad(info));
  Instance* in = &Inst(info);
  uint64_t salt = MixSignature(MixSignature(2, a->retain.value_or(a->create) ? 1 : 0), a->create ? 1 : 0);
  for (const at::Tensor& t : a->inputs) {
    if (t.defined())
      for (int64_t d : t.sizes()) salt = MixSignature(salt, static_cast<uint64_t>(d));
    salt = MixSignature(salt, ~2ULL);
  }
  return PromiseWorker<std::vector<at::Tensor>>::Start(
      info, [a] { return RunGrad(*a); },
      [in](Napi::Env env, std::vector<at::Tensor>& result) -> Napi::Value {
        Napi::Array out = Napi::Array::New(env, result.size());
        for (size_t k = 0; k < result.size(); ++k) {
          out.Set(static_cast<uint32_t>(k),
                  Napi::Number::New(env, result[k].defined() ? in->table.Put(std::move(result[k])) : 0));
        }
        in->SyncExternalMemory();
        return out;
      },
      EnginePlacement(*in, a->outputs, salt));
}

// Forward-mode AD levels (torch._C._enter_dual_level / _exit_dual_level): enterDualLevel() -> the new level;
// exitDualLevel(level) ends it and deletes the tangents made at it. LibTorch refuses nested levels and exiting any
// but the last, with the messages Python shows.
Napi::Value EnterDualLevel(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(torch::autograd::ForwardADLevel::get_next_idx()));
}
Napi::Value ExitDualLevel(const Napi::CallbackInfo& info) {
  torch::autograd::ForwardADLevel::release_idx(static_cast<uint64_t>(ToInt(info[0])));
  return Napi::Value();
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
  Export<BackwardAsync>(env, exports, "backwardAsync", inst);
  Export<GradAsync>(env, exports, "autogradGradAsync", inst);
  InitHooks(env, exports, inst);
  InitFunction(env, exports, inst);
  InitNodes(env, exports, inst);
  Export<EnterDualLevel>(env, exports, "enterDualLevel", inst);
  Export<ExitDualLevel>(env, exports, "exitDualLevel", inst);
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
