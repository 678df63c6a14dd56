// TorchScript modules. A module is an External owning a shared torch::jit::Module (a handle to the module object:
// submodules and parameters are shared, not copied). Values cross between JS and TorchScript as:
//   tensor {t: handle} | tuple {tuple: [...]} | dict {dict: [[key, value], ...]} | device {device: code} |
//   dtype {dtype: code} | list [...] | number | bigint | boolean | string | null
// Arguments are converted with the method's schema (so 1 is a float where the schema says float).
// TorchScript files are code: load only trusted files (LibTorch's loader is not hardened against crafted input).
#include "jit/jit.h"

#include <c10/core/GradMode.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/serialization/import.h>

#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "common/async.h"
#include "common/convert.h"

namespace tn {

Napi::Value NewModule(Napi::Env env, torch::jit::Module m) {
  auto* holder = new ModulePtr(std::make_shared<torch::jit::Module>(std::move(m)));
  return Napi::External<ModulePtr>::New(env, holder, [](Napi::Env, ModulePtr* p) { delete p; });
}

ModulePtr ModuleArg(const Napi::Value& v) {
  if (!v.IsExternal()) Throw(ErrorKind::Type, "torch-node: expected a ScriptModule");
  return *v.As<Napi::External<ModulePtr>>().Data();
}

namespace {

// ---- JS -> IValue -----------------------------------------------------------------------------------------------
Napi::Value Tagged(const Napi::Value& v, const char* tag) {
  if (!v.IsObject() || v.IsArray()) return Napi::Value();
  Napi::Object o = v.As<Napi::Object>();
  return o.Has(tag) ? o.Get(tag) : Napi::Value();
}

std::string JsKind(const Napi::Value& v) {
  if (v.IsNull() || v.IsUndefined()) return "None";
  if (v.IsNumber()) return "number";
  if (v.IsBigInt()) return "bigint";
  if (v.IsBoolean()) return "boolean";
  if (v.IsString()) return "string";
  if (v.IsArray()) return "array";
  if (!Tagged(v, "t").IsEmpty()) return "Tensor";
  if (!Tagged(v, "tuple").IsEmpty()) return "tuple";
  if (!Tagged(v, "dict").IsEmpty()) return "dict";
  return "object";
}

// what is being converted, for messages ("forward(): argument 'x' (position 1): ")
thread_local std::string gArgContext;

[[noreturn]] void Mismatch(const Napi::Value& v, const c10::TypePtr& type) {
  Throw(ErrorKind::Type, gArgContext + "expected a value of type " + type->repr_str() + ", got " + JsKind(v));
}

int64_t IntOf(const Napi::Value& v, const c10::TypePtr& type) {
  if (v.IsBigInt()) {
    bool lossless;
    int64_t x = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) Throw(ErrorKind::Range, "integer out of range for int64");
    return x;
  }
  if (!v.IsNumber()) Mismatch(v, type);
  double d = v.As<Napi::Number>().DoubleValue();
  if (d != static_cast<double>(static_cast<int64_t>(d))) Mismatch(v, type);
  return static_cast<int64_t>(d);
}

c10::IValue ToIValue(Instance& in, const Napi::Value& v, const c10::TypePtr& type);

c10::IValue Infer(Instance& in, const Napi::Value& v) {
  if (v.IsNull() || v.IsUndefined()) return c10::IValue();
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value();
  if (v.IsBigInt()) return IntOf(v, c10::IntType::get());
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    if (std::trunc(d) == d && std::fabs(d) < 9.2e18) return static_cast<int64_t>(d);
    return d;
  }
  if (v.IsString()) return v.As<Napi::String>().Utf8Value();
  Napi::Value t = Tagged(v, "t");
  if (!t.IsEmpty()) return in.table.Get(t.As<Napi::Number>().Int32Value());
  Napi::Value tup = Tagged(v, "tuple");
  if (!tup.IsEmpty()) {
    Napi::Array a = tup.As<Napi::Array>();
    std::vector<c10::IValue> items;
    for (uint32_t i = 0; i < a.Length(); ++i) items.push_back(Infer(in, a.Get(i)));
    return c10::ivalue::Tuple::create(std::move(items));
  }
  Napi::Value dev = Tagged(v, "device");
  if (!dev.IsEmpty()) return ToDevice(dev);
  Napi::Value dt = Tagged(v, "dtype");
  if (!dt.IsEmpty()) return static_cast<int64_t>(ToDtype(dt));
  Throw(ErrorKind::Type, "torch-node: cannot pass a value of kind " + JsKind(v) + " to TorchScript where the type is Any");
}

c10::IValue ToIValue(Instance& in, const Napi::Value& v, const c10::TypePtr& type) {
  switch (type->kind()) {
    case c10::TypeKind::TensorType: {
      Napi::Value t = Tagged(v, "t");
      if (t.IsEmpty()) Mismatch(v, type);
      return in.table.Get(t.As<Napi::Number>().Int32Value());
    }
    case c10::TypeKind::IntType:
    case c10::TypeKind::SymIntType:
      return IntOf(v, type);
    case c10::TypeKind::FloatType:
    case c10::TypeKind::SymFloatType:
      if (!v.IsNumber()) Mismatch(v, type);
      return v.As<Napi::Number>().DoubleValue();
    case c10::TypeKind::BoolType:
    case c10::TypeKind::SymBoolType:
      if (!v.IsBoolean()) Mismatch(v, type);
      return v.As<Napi::Boolean>().Value();
    case c10::TypeKind::StringType:
      if (!v.IsString()) Mismatch(v, type);
      return v.As<Napi::String>().Utf8Value();
    case c10::TypeKind::NumberType:
      if (!v.IsNumber() && !v.IsBigInt() && !v.IsBoolean()) Mismatch(v, type);
      return Infer(in, v);
    case c10::TypeKind::NoneType:
      if (!v.IsNull() && !v.IsUndefined()) Mismatch(v, type);
      return c10::IValue();
    case c10::TypeKind::OptionalType:
      if (v.IsNull() || v.IsUndefined()) return c10::IValue();
      return ToIValue(in, v, type->expectRef<c10::OptionalType>().getElementType());
    case c10::TypeKind::ListType: {
      if (!v.IsArray()) Mismatch(v, type);
      const c10::TypePtr& elem = type->expectRef<c10::ListType>().getElementType();
      Napi::Array a = v.As<Napi::Array>();
      c10::impl::GenericList list(elem);
      list.reserve(a.Length());
      for (uint32_t i = 0; i < a.Length(); ++i) list.push_back(ToIValue(in, a.Get(i), elem));
      return list;
    }
    case c10::TypeKind::TupleType: {
      Napi::Value items = Tagged(v, "tuple");
      if (items.IsEmpty()) items = v;
      if (!items.IsArray()) Mismatch(v, type);
      const auto& elems = type->expectRef<c10::TupleType>().elements();
      Napi::Array a = items.As<Napi::Array>();
      if (a.Length() != elems.size()) {
        Throw(ErrorKind::Type, "expected a tuple of " + std::to_string(elems.size()) + " elements, got " + std::to_string(a.Length()));
      }
      std::vector<c10::IValue> out;
      for (uint32_t i = 0; i < a.Length(); ++i) out.push_back(ToIValue(in, a.Get(i), elems[i]));
      return c10::ivalue::Tuple::create(std::move(out));
    }
    case c10::TypeKind::DictType: {
      Napi::Value entries = Tagged(v, "dict");
      if (entries.IsEmpty() || !entries.IsArray()) Mismatch(v, type);
      const auto& dt = type->expectRef<c10::DictType>();
      c10::impl::GenericDict dict(dt.getKeyType(), dt.getValueType());
      Napi::Array a = entries.As<Napi::Array>();
      for (uint32_t i = 0; i < a.Length(); ++i) {
        Napi::Array kv = a.Get(i).As<Napi::Array>();
        dict.insert_or_assign(ToIValue(in, kv.Get(0u), dt.getKeyType()), ToIValue(in, kv.Get(1u), dt.getValueType()));
      }
      return dict;
    }
    case c10::TypeKind::DeviceObjType: {
      Napi::Value d = Tagged(v, "device");
      if (d.IsEmpty()) Mismatch(v, type);
      return ToDevice(d);
    }
    case c10::TypeKind::ScalarTypeType: {
      Napi::Value d = Tagged(v, "dtype");
      if (d.IsEmpty()) Mismatch(v, type);
      return static_cast<int64_t>(ToDtype(d));
    }
    default:
      return Infer(in, v);
  }
}

}  // namespace

// ---- IValue -> JS -----------------------------------------------------------------------------------------------
Napi::Value FromIValue(Napi::Env env, Instance& in, const c10::IValue& v) {
  if (v.isNone()) return env.Null();
  if (v.isTensor()) {
    const at::Tensor& t = v.toTensor();
    if (!t.defined()) return env.Null();
    Napi::Object o = Napi::Object::New(env);
    o.Set("t", Napi::Number::New(env, in.table.Put(t)));
    return o;
  }
  if (v.isBool()) return Napi::Boolean::New(env, v.toBool());
  if (v.isInt()) {
    int64_t x = v.toInt();
    if (x > 9007199254740991LL || x < -9007199254740991LL) return Napi::BigInt::New(env, x);
    return Napi::Number::New(env, static_cast<double>(x));
  }
  if (v.isDouble()) return Napi::Number::New(env, v.toDouble());
  if (v.isString()) return Napi::String::New(env, v.toStringRef());
  if (v.isList()) {
    c10::ArrayRef<c10::IValue> items = v.toListRef();
    Napi::Array a = Napi::Array::New(env, items.size());
    for (size_t i = 0; i < items.size(); ++i) a.Set(static_cast<uint32_t>(i), FromIValue(env, in, items[i]));
    return a;
  }
  if (v.isTuple()) {
    const auto& items = v.toTupleRef().elements();
    Napi::Array a = Napi::Array::New(env, items.size());
    for (size_t i = 0; i < items.size(); ++i) a.Set(static_cast<uint32_t>(i), FromIValue(env, in, items[i]));
    Napi::Object o = Napi::Object::New(env);
    o.Set("tuple", a);
    return o;
  }
  if (v.isGenericDict()) {
    auto dict = v.toGenericDict();
    Napi::Array a = Napi::Array::New(env, dict.size());
    uint32_t i = 0;
    for (const auto& e : dict) {
      Napi::Array kv = Napi::Array::New(env, 2);
      kv.Set(0u, FromIValue(env, in, e.key()));
      kv.Set(1u, FromIValue(env, in, e.value()));
      a.Set(i++, kv);
    }
    Napi::Object o = Napi::Object::New(env);
    o.Set("dict", a);
    return o;
  }
  if (v.isDevice()) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("device", Napi::Number::New(env, DeviceCode(v.toDevice())));
    return o;
  }
  if (v.isModule()) return NewModule(env, torch::jit::Module(v.toObject()));
  Throw(ErrorKind::Type, "torch-node: a TorchScript value of type " + v.type()->repr_str() + " has no JavaScript form");
}

namespace {

Napi::Value Settle(Napi::Env env, Instance& in, const c10::IValue& v) {
  Napi::Value out = FromIValue(env, in, v);
  in.SyncExternalMemory();
  return out;
}

// Where an async method call runs (common/async.h): inline when the last call of this method of this module with
// inputs of the same shapes (and the same plain values) was short.
uint64_t ValueSignature(uint64_t h, const c10::IValue& v) {
  if (v.isTensor()) {
    const at::Tensor& t = v.toTensor();
    if (!t.defined()) return MixSignature(h, 3);
    h = MixSignature(h, static_cast<uint64_t>(t.scalar_type()));
    h = MixDevice(h, static_cast<int>(t.device().type()), t.device().index());
    for (int64_t d : t.sizes()) h = MixSignature(h, static_cast<uint64_t>(d));
    return MixSignature(h, t.requires_grad() ? 5 : 4);
  }
  if (v.isInt()) return MixSignature(h, static_cast<uint64_t>(v.toInt()));
  if (v.isBool()) return MixSignature(h, v.toBool() ? 7 : 6);
  if (v.isDouble()) return MixSignature(h, std::hash<double>()(v.toDouble()));
  if (v.isList()) {
    for (const c10::IValue& e : v.toListRef()) h = ValueSignature(h, e);
    return MixSignature(h, 8);
  }
  if (v.isTuple()) {
    for (const c10::IValue& e : v.toTupleRef().elements()) h = ValueSignature(h, e);
    return MixSignature(h, 9);
  }
  if (v.isString()) return MixSignature(h, std::hash<std::string>()(v.toStringRef()));
  return MixSignature(h, 10);
}
Placement RunPlacement(Instance& in, const torch::jit::Module& m, const std::string& name,
                       const std::vector<c10::IValue>& inputs, const torch::jit::Kwargs& kwargs) {
  uint64_t h = MixSignature(reinterpret_cast<uintptr_t>(m._ivalue().get()), std::hash<std::string>()(name));
  h = MixSignature(h, c10::GradMode::is_enabled() ? 1 : 0);
  for (const c10::IValue& v : inputs) h = ValueSignature(h, v);
  uint64_t named = 0;  // the keyword arguments, in any order
  for (const auto& kv : kwargs) named += ValueSignature(std::hash<std::string>()(kv.first), kv.second);
  return PlacementByHistory(in, MixSignature(h, named));
}

// ---- entry points -----------------------------------------------------------------------------------------------

// jitLoad(path | Uint8Array, deviceCode, async) -> module External, or a Promise of it
Napi::Value JitLoad(const Napi::CallbackInfo& info) {
  std::optional<c10::Device> device = ToOptDevice(info[1]);
  bool async = ToBool(info[2]);
  auto bytes = std::make_shared<std::string>();
  std::string path;
  bool fromBytes = info[0].IsTypedArray();
  if (fromBytes) {
    Napi::TypedArray ta = info[0].As<Napi::TypedArray>();
    bytes->assign(static_cast<const char*>(ta.ArrayBuffer().Data()) + ta.ByteOffset(), ta.ByteLength());
  } else {
    path = info[0].As<Napi::String>().Utf8Value();
  }
  auto work = [bytes, path, fromBytes, device]() -> torch::jit::Module {
    if (fromBytes) {
      std::istringstream in(*bytes);
      return torch::jit::load(in, device);
    }
    return torch::jit::load(path, device);
  };
  if (!async) return NewModule(info.Env(), work());
  return PromiseWorker<torch::jit::Module>::Start(info, work, [](Napi::Env env, torch::jit::Module& m) {
    return NewModule(env, std::move(m));
  });
}

// jitMethods(m) -> [[name, [argName, ...]], ...] (arguments after self)
Napi::Value JitMethods(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ModulePtr m = ModuleArg(info[0]);
  std::vector<torch::jit::Method> methods = m->get_methods();
  Napi::Array out = Napi::Array::New(env, methods.size());
  for (size_t i = 0; i < methods.size(); ++i) {
    const c10::FunctionSchema& schema = methods[i].function().getSchema();
    Napi::Array args = Napi::Array::New(env);
    for (size_t k = 1; k < schema.arguments().size(); ++k) {
      args.Set(static_cast<uint32_t>(k - 1), Napi::String::New(env, schema.arguments()[k].name()));
    }
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, Napi::String::New(env, methods[i].name()));
    pair.Set(1u, args);
    out.Set(static_cast<uint32_t>(i), pair);
  }
  return out;
}

// jitRun(m, name, args, kwargs, async) -> the result's JS form, or a Promise of it. kwargs: [[name, value], ...]
Napi::Value JitRun(const Napi::CallbackInfo& info) {
  Instance* in = &Inst(info);
  ModulePtr m = ModuleArg(info[0]);
  std::string name = info[1].As<Napi::String>().Utf8Value();
  std::optional<torch::jit::Method> method = m->find_method(name);
  if (!method) Throw(ErrorKind::Runtime, "the ScriptModule has no method named '" + name + "'");
  const c10::FunctionSchema& schema = method->function().getSchema();
  Napi::Array args = info[2].As<Napi::Array>();
  const auto& formals = schema.arguments();
  if (args.Length() + 1 > formals.size()) {
    Throw(ErrorKind::Type, name + "() takes " + std::to_string(formals.size() - 1) + " arguments but " +
                               std::to_string(args.Length()) + " were given");
  }
  auto inputs = std::make_shared<std::vector<c10::IValue>>();
  for (uint32_t i = 0; i < args.Length(); ++i) {
    gArgContext = name + "(): argument '" + formals[i + 1].name() + "' (position " + std::to_string(i + 1) + "): ";
    inputs->push_back(ToIValue(*in, args.Get(i), formals[i + 1].type()));
  }
  auto kwargs = std::make_shared<torch::jit::Kwargs>();
  if (info[3].IsArray()) {
    Napi::Array kw = info[3].As<Napi::Array>();
    for (uint32_t i = 0; i < kw.Length(); ++i) {
      Napi::Array kv = kw.Get(i).As<Napi::Array>();
      std::string key = kv.Get(0u).As<Napi::String>().Utf8Value();
      std::optional<int> idx = schema.argumentIndexWithName(key);
      if (!idx || *idx == 0) Throw(ErrorKind::Type, name + "() got an unexpected keyword argument '" + key + "'");
      gArgContext = name + "(): argument '" + key + "': ";
      (*kwargs)[key] = ToIValue(*in, kv.Get(1u), formals[*idx].type());
    }
  }
  gArgContext.clear();
  auto run = [m, name, inputs, kwargs]() -> c10::IValue {
    return m->get_method(name)(std::move(*inputs), *kwargs);
  };
  if (!ToBool(info[4])) return Settle(info.Env(), *in, run());
  return PromiseWorker<c10::IValue>::Start(
      info, run, [in](Napi::Env env, c10::IValue& v) { return Settle(env, *in, v); }, RunPlacement(*in, *m, name, *inputs, *kwargs));
}

// jitNamedTensors(m, kind, recurse) -> [[name, handle], ...]; kind 0 = parameters, 1 = buffers. The handles name
// the module's own tensors (in-place changes reach the module).
Napi::Value JitNamedTensors(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Instance& in = Inst(info);
  ModulePtr m = ModuleArg(info[0]);
  int kind = static_cast<int>(ToInt(info[1]));
  bool recurse = ToBool(info[2]);
  std::vector<std::pair<std::string, at::Tensor>> items;
  if (kind == 0) {
    for (const auto& p : m->named_parameters(recurse)) items.emplace_back(p.name, p.value);
  } else {
    for (const auto& p : m->named_buffers(recurse)) items.emplace_back(p.name, p.value);
  }
  Napi::Array out = Napi::Array::New(env, items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, Napi::String::New(env, items[i].first));
    pair.Set(1u, items[i].second.defined() ? Napi::Number::New(env, in.table.Put(items[i].second)) : Napi::Number::New(env, 0));
    out.Set(static_cast<uint32_t>(i), pair);
  }
  in.SyncExternalMemory();
  return out;
}

// jitChildren(m) -> [[name, module External], ...] (direct submodules, shared with m)
Napi::Value JitChildren(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ModulePtr m = ModuleArg(info[0]);
  std::vector<std::pair<std::string, torch::jit::Module>> kids;
  for (const auto& c : m->named_children()) kids.emplace_back(c.name, c.value);
  Napi::Array out = Napi::Array::New(env, kids.size());
  for (size_t i = 0; i < kids.size(); ++i) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, Napi::String::New(env, kids[i].first));
    pair.Set(1u, NewModule(env, kids[i].second));
    out.Set(static_cast<uint32_t>(i), pair);
  }
  return out;
}

// jitAttr(m, name) -> the attribute's JS form (a submodule comes back as a module External)
Napi::Value JitAttr(const Napi::CallbackInfo& info) {
  ModulePtr m = ModuleArg(info[0]);
  std::string name = info[1].As<Napi::String>().Utf8Value();
  if (!m->hasattr(name)) Throw(ErrorKind::Runtime, "the ScriptModule has no attribute '" + name + "'");
  return Settle(info.Env(), Inst(info), m->attr(name));
}

// jitTrain(m, mode | null) -> the training flag after the change (null only reads it)
Napi::Value JitTrain(const Napi::CallbackInfo& info) {
  ModulePtr m = ModuleArg(info[0]);
  if (info[1].IsBoolean()) m->train(info[1].As<Napi::Boolean>().Value());
  return Napi::Boolean::New(info.Env(), m->is_training());
}

// jitTo(m, deviceCode | -1, dtypeCode | -1)
Napi::Value JitTo(const Napi::CallbackInfo& info) {
  ModulePtr m = ModuleArg(info[0]);
  std::optional<c10::Device> device = ToOptDevice(info[1]);
  std::optional<c10::ScalarType> dtype = ToOptDtype(info[2]);
  if (device && dtype) m->to(*device, *dtype);
  else if (device) m->to(*device);
  else if (dtype) m->to(*dtype);
  return info.Env().Undefined();
}

// jitSaveBytes(m) -> a Buffer holding the module as torch.jit.save writes it
Napi::Value JitSaveBytes(const Napi::CallbackInfo& info) {
  ModulePtr m = ModuleArg(info[0]);
  std::ostringstream out;
  m->save(out);
  std::string s = out.str();
  return Napi::Buffer<char>::Copy(info.Env(), s.data(), s.size());
}

// jitTypeName(m) -> the module's qualified class name (e.g. __torch__.MyModule)
Napi::Value JitTypeName(const Napi::CallbackInfo& info) {
  ModulePtr m = ModuleArg(info[0]);
  return Napi::String::New(info.Env(), m->type()->name() ? m->type()->name()->qualifiedName() : std::string("Module"));
}

}  // namespace

void InitJit(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<JitLoad>(env, exports, "jitLoad", inst);
  Export<JitMethods>(env, exports, "jitMethods", inst);
  Export<JitRun>(env, exports, "jitRun", inst);
  Export<JitNamedTensors>(env, exports, "jitNamedTensors", inst);
  Export<JitChildren>(env, exports, "jitChildren", inst);
  Export<JitAttr>(env, exports, "jitAttr", inst);
  Export<JitTrain>(env, exports, "jitTrain", inst);
  Export<JitTo>(env, exports, "jitTo", inst);
  Export<JitSaveBytes>(env, exports, "jitSaveBytes", inst);
  Export<JitTypeName>(env, exports, "jitTypeName", inst);
}

}  // namespace tn
