// torch.jit.trace of a JavaScript nn.Module through LibTorch's own tracer, and a read-out of TorchScript graphs
// (for SummaryWriter.add_graph). Thin: lib/jit/trace.ts walks the JS module tree, pushes module scopes from forward
// hooks and calls forward; here we only
//   - build a torch::jit::Module whose parameters and buffers ARE the JS module's tensors (same TensorImpls, so the
//     tracer maps them to attribute reads, as Python's torch.jit.trace does),
//   - run tracer::trace around the JS callback (ops called from JS on this thread are recorded by the Tracer
//     dispatch key) and make the graph the module's forward method (what Python's _create_method_from_trace does),
//   - describe a method's graph (after inlining, as PyTorch's tensorboard writer reads it) as plain JS data.
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/inliner.h>

#include <string>
#include <vector>

#include "common/convert.h"
#include "jit/jit.h"

namespace tn {
namespace {

namespace tracer = torch::jit::tracer;

// spec: {name, training, params: [[name, handle | 0]], buffers: [[name, handle | 0]], children: [[name, spec]]}
torch::jit::Module BuildModule(Instance& in, const std::shared_ptr<torch::jit::CompilationUnit>& cu, const Napi::Object& spec) {
  c10::QualifiedName name(spec.Get("name").As<Napi::String>().Utf8Value());
  torch::jit::Module m(name, cu, /*shouldMangle=*/true);
  m.register_attribute("training", c10::BoolType::get(), spec.Get("training").As<Napi::Boolean>().Value());
  auto addTensors = [&](const char* key, bool isBuffer) {
    Napi::Array list = spec.Get(key).As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); ++i) {
      Napi::Array kv = list.Get(i).As<Napi::Array>();
      std::string n = kv.Get(0u).As<Napi::String>().Utf8Value();
      int32_t h = kv.Get(1u).As<Napi::Number>().Int32Value();
      if (h == 0) {
        m.register_attribute(n, c10::NoneType::get(), c10::IValue());  // a None parameter or buffer, as Python's
      } else if (isBuffer) {
        m.register_buffer(n, in.table.Get(h));
      } else {
        m.register_parameter(n, in.table.Get(h), /*is_buffer=*/false);
      }
    }
  };
  addTensors("params", false);
  addTensors("buffers", true);
  Napi::Array kids = spec.Get("children").As<Napi::Array>();
  for (uint32_t i = 0; i < kids.Length(); ++i) {
    Napi::Array kv = kids.Get(i).As<Napi::Array>();
    m.register_module(kv.Get(0u).As<Napi::String>().Utf8Value(), BuildModule(in, cu, kv.Get(1u).As<Napi::Object>()));
  }
  return m;
}

// The trace's inputs and outputs, tagged as in jit.cc: tensor {t}, tuple {tuple: [...]}, list [...], dict {dict}.
c10::IValue TraceValue(Instance& in, const Napi::Value& v, const char* what) {
  if (v.IsArray()) {
    Napi::Array a = v.As<Napi::Array>();
    std::vector<c10::IValue> items;
    bool allTensors = true;
    for (uint32_t i = 0; i < a.Length(); ++i) {
      items.push_back(TraceValue(in, a.Get(i), what));
      allTensors = allTensors && items.back().isTensor();
    }
    if (allTensors) {
      c10::List<at::Tensor> list;
      for (auto& x : items) list.push_back(x.toTensor());
      return list;
    }
    Throw(ErrorKind::Type, std::string("torch.jit.trace: ") + what + " lists may hold only tensors");
  }
  if (v.IsObject()) {
    Napi::Object o = v.As<Napi::Object>();
    if (o.Has("t")) return in.table.Get(o.Get("t").As<Napi::Number>().Int32Value());
    if (o.Has("tuple")) {
      Napi::Array a = o.Get("tuple").As<Napi::Array>();
      std::vector<c10::IValue> items;
      for (uint32_t i = 0; i < a.Length(); ++i) items.push_back(TraceValue(in, a.Get(i), what));
      return c10::ivalue::Tuple::create(std::move(items));
    }
    if (o.Has("dict")) {
      Napi::Array a = o.Get("dict").As<Napi::Array>();
      c10::Dict<std::string, at::Tensor> dict;
      for (uint32_t i = 0; i < a.Length(); ++i) {
        Napi::Array kv = a.Get(i).As<Napi::Array>();
        if (!kv.Get(0u).IsString()) Throw(ErrorKind::Type, std::string("torch.jit.trace: ") + what + " dicts need string keys");
        c10::IValue x = TraceValue(in, kv.Get(1u), what);
        if (!x.isTensor()) Throw(ErrorKind::Type, std::string("torch.jit.trace: ") + what + " dicts may hold only tensors");
        dict.insert(kv.Get(0u).As<Napi::String>().Utf8Value(), x.toTensor());
      }
      return dict;
    }
  }
  // PyTorch's message for a value the tracer cannot take
  if (std::string(what) == "output") {
    Throw(ErrorKind::Runtime,
          "Only tensors, lists, tuples of tensors, or dictionary of tensors can be output from traced functions");
  }
  Throw(ErrorKind::Runtime, "Type 'Tuple' cannot be traced. Only Tensors and (possibly nested) Lists, Dicts, and Tuples of Tensors can be traced");
}

// jitTrace(spec, inputs, fn, argNames, strict, forceOutplace) -> module External whose forward is the trace.
// fn(...inputs in tagged form) runs the JS forward and returns the tagged output.
Napi::Value JitTrace(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Instance& in = Inst(info);
  if (tracer::isTracing()) Throw(ErrorKind::Runtime, "Tracing can't be nested");
  auto cu = std::make_shared<torch::jit::CompilationUnit>();
  torch::jit::Module self = BuildModule(in, cu, info[0].As<Napi::Object>());
  Napi::Array jsInputs = info[1].As<Napi::Array>();
  Napi::Function fn = info[2].As<Napi::Function>();
  std::vector<std::string> argNames;
  Napi::Array names = info[3].As<Napi::Array>();
  for (uint32_t i = 0; i < names.Length(); ++i) argNames.push_back(names.Get(i).As<Napi::String>().Utf8Value());
  bool strict = ToBool(info[4]);
  bool forceOutplace = ToBool(info[5]);
  torch::jit::Stack inputs;
  for (uint32_t i = 0; i < jsInputs.Length(); ++i) inputs.push_back(TraceValue(in, jsInputs.Get(i), "input"));
  if (argNames.size() != inputs.size()) argNames.clear();  // names only when they line up with the inputs

  auto traced = [&](torch::jit::Stack stack) -> torch::jit::Stack {
    std::vector<napi_value> args;
    for (const auto& x : stack) args.push_back(FromIValue(env, in, x));
    Napi::Value out = fn.Call(args);  // a JS exception propagates as Napi::Error; trace() abandons the state
    if (out.IsNull() || out.IsUndefined()) {
      Throw(ErrorKind::Runtime,
            "The traced function didn't return any values! Side-effects are not captured in traces, so it would be a no-op.");
    }
    return {TraceValue(in, out, "output")};
  };
  auto result = tracer::trace(std::move(inputs), traced, [](const torch::autograd::Variable&) { return std::string(); },
                              strict, forceOutplace, &self, argNames);
  std::shared_ptr<torch::jit::Graph> graph = result.first->graph;
  auto method = c10::QualifiedName(*self.type()->name(), "forward");
  torch::jit::Function* f = self._ivalue()->compilation_unit()->create_function(method, graph);
  self.type()->addMethod(f);
  in.SyncExternalMemory();
  return NewModule(env, self);
}

// jitTraceScope(name | null): push a module scope (name) or pop one (null) while tracing; false when not tracing
Napi::Value JitTraceScope(const Napi::CallbackInfo& info) {
  const auto& state = tracer::getTracingState();
  if (!state) return Napi::Boolean::New(info.Env(), false);
  if (info[0].IsString()) state->graph->push_scope(info[0].As<Napi::String>().Utf8Value());
  else state->graph->pop_scope();
  return Napi::Boolean::New(info.Env(), true);
}

Napi::Value IsTracing(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), tracer::isTracing()); }

// A value's description: [debugName, kind of its type, concrete sizes | null (incomplete) ]
Napi::Value DescribeValue(Napi::Env env, const torch::jit::Value* v) {
  Napi::Array d = Napi::Array::New(env, 4);
  d.Set(0u, Napi::String::New(env, v->debugName()));
  d.Set(1u, Napi::String::New(env, c10::typeKindToString(v->type()->kind())));
  Napi::Value sizes = env.Null();
  if (auto tt = v->type()->cast<c10::TensorType>()) {
    if (auto cs = tt->sizes().concrete_sizes()) sizes = FromIntList(env, *cs);
  }
  d.Set(2u, sizes);
  d.Set(3u, Napi::Boolean::New(env, v->isCompleteTensor()));
  return d;
}

// An attribute's value: [name, kind, value]; tensors as handles, types as their str
Napi::Value DescribeAttribute(Napi::Env env, Instance& in, torch::jit::Node* n, c10::Symbol name) {
  using K = torch::jit::AttributeKind;
  Napi::Array d = Napi::Array::New(env, 3);
  K k = n->kindOf(name);
  d.Set(0u, Napi::String::New(env, name.toUnqualString()));
  d.Set(1u, Napi::String::New(env, torch::jit::toString(k)));
  Napi::Value v = env.Null();
  switch (k) {
    case K::i: v = Napi::Number::New(env, static_cast<double>(n->i(name))); break;
    case K::f: v = Napi::Number::New(env, n->f(name)); break;
    case K::s: v = Napi::String::New(env, n->s(name)); break;
    case K::t: v = Napi::Number::New(env, in.table.Put(n->t(name))); break;
    case K::is: v = FromIntList(env, n->is(name)); break;
    case K::fs: {
      const auto& fs = n->fs(name);
      Napi::Array a = Napi::Array::New(env, fs.size());
      for (size_t i = 0; i < fs.size(); ++i) a.Set(static_cast<uint32_t>(i), Napi::Number::New(env, fs[i]));
      v = a;
      break;
    }
    case K::ss: {
      const auto& ss = n->ss(name);
      Napi::Array a = Napi::Array::New(env, ss.size());
      for (size_t i = 0; i < ss.size(); ++i) a.Set(static_cast<uint32_t>(i), Napi::String::New(env, ss[i]));
      v = a;
      break;
    }
    case K::ival: v = FromIValue(env, in, n->ival(name)); break;
    case K::ty: v = Napi::String::New(env, n->ty(name)->str()); break;
    default: v = Napi::String::New(env, std::string("<") + torch::jit::toString(k) + ">"); break;
  }
  d.Set(2u, v);
  return d;
}

// jitGraph(m, method, inline) -> {text, inputs: [value], nodes: [{kind, scope, inputs: [name], inputKinds: [kind
// of the producing node], outputs: [value], attrs: [attr]}], outputs: [value]}. inline: inline calls in place, as
// torch._C._jit_pass_inline(module.graph) does.
Napi::Value JitGraph(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Instance& in = Inst(info);
  ModulePtr m = ModuleArg(info[0]);
  std::string name = info[1].As<Napi::String>().Utf8Value();
  std::optional<torch::jit::Method> method = m->find_method(name);
  if (!method) Throw(ErrorKind::Runtime, "the ScriptModule has no method named '" + name + "'");
  std::shared_ptr<torch::jit::Graph> g = method->graph();
  if (ToBool(info[2])) torch::jit::Inline(*g);
  Napi::Object out = Napi::Object::New(env);
  out.Set("text", Napi::String::New(env, g->toString()));
  Napi::Array inputs = Napi::Array::New(env);
  for (const torch::jit::Value* v : g->inputs()) {
    Napi::Array d = DescribeValue(env, v).As<Napi::Array>();
    d.Set(4u, Napi::Number::New(env, static_cast<double>(v->uses().size())));
    inputs.Set(inputs.Length(), d);
  }
  out.Set("inputs", inputs);
  Napi::Array nodes = Napi::Array::New(env);
  for (torch::jit::Node* n : g->nodes()) {
    Napi::Object d = Napi::Object::New(env);
    d.Set("kind", Napi::String::New(env, n->kind().toQualString()));
    d.Set("scope", Napi::String::New(env, n->scopeName()));
    Napi::Array ins = Napi::Array::New(env), kinds = Napi::Array::New(env), outs = Napi::Array::New(env), attrs = Napi::Array::New(env);
    for (const torch::jit::Value* v : n->inputs()) {
      ins.Set(ins.Length(), Napi::String::New(env, v->debugName()));
      kinds.Set(kinds.Length(), Napi::String::New(env, v->node()->kind().toQualString()));
    }
    for (const torch::jit::Value* v : n->outputs()) outs.Set(outs.Length(), DescribeValue(env, v));
    for (c10::Symbol a : n->attributeNames()) attrs.Set(attrs.Length(), DescribeAttribute(env, in, n, a));
    d.Set("inputs", ins);
    d.Set("inputKinds", kinds);
    d.Set("outputs", outs);
    d.Set("attrs", attrs);
    nodes.Set(nodes.Length(), d);
  }
  out.Set("nodes", nodes);
  Napi::Array outputs = Napi::Array::New(env);
  for (const torch::jit::Value* v : g->outputs()) outputs.Set(outputs.Length(), DescribeValue(env, v));
  out.Set("outputs", outputs);
  in.SyncExternalMemory();
  return out;
}

}  // namespace

void InitTrace(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<JitTrace>(env, exports, "jitTrace", inst);
  Export<JitTraceScope>(env, exports, "jitTraceScope", inst);
  Export<IsTracing>(env, exports, "jitIsTracing", inst);
  Export<JitGraph>(env, exports, "jitGraph", inst);
}

}  // namespace tn
