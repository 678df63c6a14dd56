#include "autograd/callbacks.h"

namespace tn {

JsCallback::JsCallback(Instance* inst, Napi::Function fn) : inst_(inst), fn_(inst->Pin(fn)) { ++inst_->jsCallbacks; }

JsCallback::~JsCallback() {
  --inst_->jsCallbacks;
  Instance::ReleasePinned(fn_);
}

std::vector<at::Tensor> JsCallback::Call(const std::vector<std::vector<at::Tensor>>& tensorLists) {
  // The request may outlive this call when the environment closes while it runs (see JsBridge::Run), so it owns
  // its arguments, its result and (through `self`) the pinned function.
  struct State {
    std::vector<std::vector<at::Tensor>> lists;
    std::vector<at::Tensor> out;
  };
  auto state = std::make_shared<State>(State{tensorLists, {}});
  auto self = shared_from_this();
  inst_->bridge->Run([self, state](Napi::Env env) {
    Instance* in = self->inst_;
    std::vector<napi_value> args;
    for (const auto& list : state->lists) {
      Napi::Array a = Napi::Array::New(env, list.size());
      for (size_t i = 0; i < list.size(); ++i) {
        a.Set(static_cast<uint32_t>(i),
              list[i].defined() ? Napi::Number::New(env, in->table.Put(at::Tensor(list[i]))) : Napi::Number::New(env, 0));
      }
      args.push_back(a);
    }
    in->SyncExternalMemory();
    napi_value fn = Instance::PinnedValue(env, self->fn_);
    napi_value result = nullptr;
    napi_status st = napi_call_function(env, env.Undefined(), fn, args.size(), args.data(), &result);
    if (st != napi_ok || env.IsExceptionPending()) {
      if (!env.IsExceptionPending()) throw EnvironmentClosed();  // the environment is terminating
      napi_value error;
      napi_get_and_clear_last_exception(env, &error);
      throw JsException(in, Napi::Value(env, error));
    }
    Napi::Value r(env, result);
    // A result is a Tensor object (or null): its handle is read here, while the object is still held by this
    // call's handle scope. A bare handle number would leave the object unreachable, and a collection between the
    // callback's return and this read could free the tensor the callback just returned.
    auto take = [&](Napi::Value v) {
      int32_t h = 0;
      if (v.IsObject()) h = v.As<Napi::Object>().Get("_h").As<Napi::Number>().Int32Value();
      else if (!v.IsUndefined() && !v.IsNull()) h = v.As<Napi::Number>().Int32Value();
      state->out.push_back(h == 0 ? at::Tensor() : in->table.Get(h));
    };
    if (r.IsArray()) {
      Napi::Array a = r.As<Napi::Array>();
      for (uint32_t i = 0; i < a.Length(); ++i) take(a.Get(i));
    } else {
      take(r);
    }
  });
  return std::move(state->out);
}

JsHookList::JsHookList(const Napi::CallbackInfo& info, size_t makerIndex) {
  Instance& in = Inst(info);
  Napi::Array array = Napi::Array::New(info.Env());
  Napi::Function fn = info[makerIndex].As<Napi::Function>().Call({array}).As<Napi::Function>();
  dispatcher = std::make_shared<JsCallback>(&in, fn);
  list = in.Pin(array);
}

JsHookList::~JsHookList() { Instance::ReleasePinned(list); }

Napi::Value JsHookList::List(Napi::Env env) const { return Napi::Value(env, Instance::PinnedValue(env, list)); }

}  // namespace tn
