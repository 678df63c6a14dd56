// Tensors from JavaScript memory (copying or sharing), the RNG seed, and the default dtype.
// The factory functions (zeros, arange, rand, ...) are generated ops; see native/generated.
#include <ATen/Context.h>
#include <ATen/ops/from_blob.h>
#include <c10/core/DefaultDtype.h>

#include "common/convert.h"
#include "tensor/areas.h"

namespace tn {
namespace {

// fromBuffer(typedArray, srcDtype, shape, dtype, device, requiresGrad, share) -> handle
// The typed array's bytes are read as `srcDtype` (element sizes must agree). share=true makes a CPU tensor over
// the same memory (the typed array's ArrayBuffer stays alive as long as the tensor); otherwise the data is copied
// and converted to dtype/device.
Napi::Value FromBuffer(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  Napi::TypedArray ta = info[0].As<Napi::TypedArray>();
  c10::ScalarType src = ToDtype(info[1]);
  std::vector<int64_t> shape = ToIntList(info[2]);
  auto dtype = ToOptDtype(info[3]);
  auto device = ToOptDevice(info[4]);
  bool requiresGrad = ToBool(info[5]);
  bool share = ToBool(info[6]);

  size_t itemsize = c10::elementSize(src);
  size_t bytes = ta.ByteLength();
  int64_t numel = 1;
  for (int64_t s : shape) numel *= s;
  if (static_cast<size_t>(numel) * itemsize != bytes) {
    Throw(ErrorKind::Value, "torch-node: buffer of " + std::to_string(bytes) + " bytes does not hold " +
                                std::to_string(numel) + " elements of " + std::string(c10::toString(src)));
  }
  Napi::ArrayBuffer ab = ta.ArrayBuffer();
  void* data = static_cast<uint8_t*>(ab.Data()) + ta.ByteOffset();
  at::TensorOptions srcOpts = at::TensorOptions().dtype(src).device(at::kCPU);
  at::Tensor t;
  if (share) {
    void* cookie = in.Pin(ab);
    t = at::from_blob(data, shape, [cookie](void*) { Instance::ReleasePinned(cookie); }, srcOpts);
    if ((dtype && *dtype != src) || (device && !device->is_cpu())) {
      Throw(ErrorKind::Value, "torch-node: a tensor sharing JavaScript memory must keep the buffer's dtype and live on the CPU");
    }
  } else {
    at::Tensor view = at::from_blob(data, shape, srcOpts);
    bool same = (!dtype || *dtype == src) && (!device || device->is_cpu());
    t = same ? view.clone() : view.to(device.value_or(at::Device(at::kCPU)), dtype.value_or(src));
  }
  if (requiresGrad) t.set_requires_grad(true);
  return Wrap(info, std::move(t));
}

Napi::Value ManualSeed(const Napi::CallbackInfo& info) {
  at::manual_seed(static_cast<uint64_t>(ToInt(info[0])));
  return Napi::Value();
}

Napi::Value InitialSeed(const Napi::CallbackInfo& info) {
  uint64_t s = at::detail::getDefaultCPUGenerator().current_seed();
  return Napi::BigInt::New(info.Env(), s);
}

Napi::Value GetDefaultDtype(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<int>(c10::get_default_dtype_as_scalartype()));
}

Napi::Value SetDefaultDtype(const Napi::CallbackInfo& info) {
  c10::ScalarType t = ToDtype(info[0]);
  if (!c10::isFloatingType(t)) {
    Throw(ErrorKind::Type, "only floating-point types are supported as the default type");
  }
  c10::set_default_dtype(c10::scalarTypeToTypeMeta(t));
  return Napi::Value();
}

}  // namespace

void InitCreation(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<FromBuffer>(env, exports, "fromBuffer", inst);
  Export<ManualSeed>(env, exports, "manualSeed", inst);
  Export<InitialSeed>(env, exports, "initialSeed", inst);
  Export<GetDefaultDtype>(env, exports, "getDefaultDtype", inst);
  Export<SetDefaultDtype>(env, exports, "setDefaultDtype", inst);
}

}  // namespace tn
