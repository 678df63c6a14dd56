// Custom autograd Functions written in JavaScript (torch.autograd.Function): the forward runs in JS (under
// no_grad); this file builds the graph node, as PyTorch's C++ CppNode does, whose backward calls back into JS.
#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/saved_variable.h>
#include <torch/csrc/autograd/variable_info.h>

#include <memory>
#include <mutex>
#include <unordered_set>

#include "autograd/autograd.h"
#include "autograd/callbacks.h"
#include "common/op_support.h"

namespace tn {
namespace {

using torch::autograd::Variable;
using torch::autograd::variable_list;

struct JsFunctionNode : torch::autograd::Node {
  std::string name_;
  std::shared_ptr<JsCallback> backward_;  // (gradHandles[], savedHandles[]) -> gradient handles per forward input
  std::vector<bool> isTensorInput_;
  std::vector<torch::autograd::VariableInfo> outputInfo_;
  std::vector<torch::autograd::SavedVariable> saved_;
  bool materializeGrads_ = true;
  bool freed_ = false;
  bool hadSaved_ = false;  // save_for_backward was called (so a freed graph cannot run again)
  std::mutex mutex_;

  std::string name() const override { return name_; }

  void release_variables() override {
    std::lock_guard<std::mutex> lock(mutex_);
    saved_.clear();
    freed_ = true;
  }

  variable_list apply(variable_list&& grads) override {
    std::lock_guard<std::mutex> lock(mutex_);
    at::OptionalDeviceGuard deviceGuard;
    variable_list inputs;
    inputs.reserve(grads.size());
    for (size_t i = 0; i < grads.size(); ++i) {
      if (grads[i].defined() || !materializeGrads_) inputs.push_back(std::move(grads[i]));
      else inputs.push_back(outputInfo_[i].zeros(deviceGuard));
    }
    if (freed_ && hadSaved_) {
      Throw(ErrorKind::Runtime,
            "Trying to backward through the graph a second time (or directly access saved tensors after they have "
            "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
            "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or "
            "if you need to access saved tensors after calling backward.");
    }
    variable_list saved;
    saved.reserve(saved_.size());
    for (const auto& s : saved_) saved.push_back(s.unpack(shared_from_this()));
    variable_list outputs = backward_->Call({inputs, saved});

    const size_t nInputs = isTensorInput_.size();
    size_t nOut = outputs.size();
    if (nOut > nInputs) {
      bool allUndefined = true;
      for (size_t i = nInputs; i < nOut; ++i) allUndefined &= !outputs[i].defined();
      if (allUndefined) {
        outputs.resize(nInputs);
        nOut = nInputs;
      }
    }
    TORCH_CHECK(nOut == nInputs, "function ", name_, " returned an incorrect number of gradients (expected ", nInputs,
                ", got ", nOut, ")");
    variable_list results;
    for (size_t i = 0; i < nOut; ++i) {
      if (!isTensorInput_[i]) {
        TORCH_CHECK(!outputs[i].defined(), "function ", name_,
                    " returned a gradient different than None at position ", i + 1,
                    ", but the corresponding forward input was not a Variable");
        continue;
      }
      results.push_back(outputs[i]);
    }
    return results;
  }
};

std::unordered_set<at::TensorImpl*> ImplSet(const Napi::CallbackInfo& info, size_t i) {
  std::unordered_set<at::TensorImpl*> out;
  Napi::Array a = info[i].As<Napi::Array>();
  for (uint32_t k = 0; k < a.Length(); ++k) {
    out.insert(Inst(info).table.Get(a.Get(k).As<Napi::Number>().Int32Value()).unsafeGetTensorImpl());
  }
  return out;
}

// functionApply(name, backward, inputs (handle | null per forward argument), outputs (handles), dirty, nonDiff,
//               saved (handle | 0), materializeGrads) -> per output: 0 (the output itself now carries the graph)
//               or the handle of the tensor that does
Napi::Value FunctionApply(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  Napi::Env env = info.Env();
  std::string name = info[0].As<Napi::String>().Utf8Value();
  Napi::Array argHandles = info[2].As<Napi::Array>();
  std::vector<bool> isTensorInput;
  variable_list inputVars;
  for (uint32_t k = 0; k < argHandles.Length(); ++k) {
    Napi::Value v = argHandles.Get(k);
    bool isTensor = !IsNil(v);
    isTensorInput.push_back(isTensor);
    if (isTensor) inputVars.push_back(in.table.Get(v.As<Napi::Number>().Int32Value()));
  }
  Napi::Array outHandles = info[3].As<Napi::Array>();
  std::vector<std::optional<Variable>> rawOutputs;
  for (uint32_t k = 0; k < outHandles.Length(); ++k) {
    rawOutputs.emplace_back(in.table.Get(outHandles.Get(k).As<Napi::Number>().Int32Value()));
  }
  auto dirty = ImplSet(info, 4);
  auto nonDiff = ImplSet(info, 5);

  bool executable = at::GradMode::is_enabled() && torch::autograd::any_variable_requires_grad(inputVars);
  std::shared_ptr<JsFunctionNode> node(new JsFunctionNode(), torch::autograd::deleteNode);
  node->name_ = name;
  node->isTensorInput_ = isTensorInput;
  node->materializeGrads_ = ToBool(info[7]);
  if (executable) {
    node->backward_ = std::make_shared<JsCallback>(&in, info[1].As<Napi::Function>());
    node->set_next_edges(torch::autograd::collect_next_edges(inputVars));
  }

  torch::autograd::_jvp_fn_t jvp = [](const variable_list&, const variable_list&) -> variable_list {
    TORCH_CHECK(false, "torch-node: forward-mode AD (jvp) is not supported for custom Functions");
  };
  auto viewAsSelf = [](const at::Tensor& x) -> at::Tensor { return x.view_as(x); };
  std::vector<std::optional<Variable>> wrapped = torch::autograd::_wrap_outputs(
      inputVars, nonDiff, dirty, rawOutputs, executable ? node : nullptr, jvp, {}, viewAsSelf, false);

  if (executable) {
    for (auto& o : wrapped) {
      if (o.has_value()) node->outputInfo_.emplace_back(o.value());
      else node->outputInfo_.emplace_back();
    }
    // save_for_backward: a saved output is saved as an output (no reference cycle through its grad_fn)
    Napi::Array savedHandles = info[6].As<Napi::Array>();
    node->hadSaved_ = savedHandles.Length() > 0;
    for (uint32_t k = 0; k < savedHandles.Length(); ++k) {
      Napi::Value v = savedHandles.Get(k);
      int32_t h = IsNil(v) ? 0 : v.As<Napi::Number>().Int32Value();
      if (h == 0) {
        node->saved_.emplace_back(Variable(), false);
        continue;
      }
      const at::Tensor& t = in.table.Get(h);
      bool saved = false;
      for (size_t i = 0; i < rawOutputs.size(); ++i) {
        if (rawOutputs[i]->unsafeGetTensorImpl() == t.unsafeGetTensorImpl() && wrapped[i].has_value()) {
          node->saved_.emplace_back(*wrapped[i], /*is_output=*/true);
          saved = true;
          break;
        }
      }
      if (!saved) node->saved_.emplace_back(t, /*is_output=*/false);
    }
  }

  // 0 where the graph now runs through forward's own output (the same tensor, with its grad_fn set): JS returns
  // that very object, as Python does; otherwise (a view made of an input) a new handle.
  Napi::Array out = Napi::Array::New(env, wrapped.size());
  for (size_t i = 0; i < wrapped.size(); ++i) {
    at::Tensor w = wrapped[i].value_or(Variable());
    bool same = w.defined() && rawOutputs[i].has_value() && w.is_same(*rawOutputs[i]);
    out.Set(static_cast<uint32_t>(i), same ? Napi::Number::New(env, 0) : Wrap(info, std::move(w)));
  }
  return out;
}

}  // namespace

bool IsJsFunctionNode(const torch::autograd::Node* node) { return dynamic_cast<const JsFunctionNode*>(node) != nullptr; }

void InitFunction(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<FunctionApply>(env, exports, "functionApply", inst);
}

}  // namespace tn
