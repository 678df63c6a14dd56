// Tensors from JavaScript memory (copying or sharing), the RNG seed, and the default dtype.
// The factory functions (zeros, arange, rand, ...) are generated ops; see native/generated.
#include <ATen/Context.h>
#include <ATen/ops/from_blob.h>
#include <c10/core/DefaultDtype.h>
#include <c10/util/TypeCast.h>

#include <cmath>

#include "common/convert.h"
#include "tensor/areas.h"

namespace tn {
namespace {

// torch.tensor's element checks (Python's store_scalar): numbers and bigints stored into an integral dtype must fit
// it (NaN and infinities do not), with PyTorch's message ("value cannot be converted to type int32 without
// overflow"). Python checks exactly when data are Python scalars, not for arrays (numpy) converted with .to().
template <class To>
void CheckFits(const at::Tensor& src, const std::string& name) {
  at::Tensor c = src.contiguous();
  int64_t n = c.numel();
  switch (c.scalar_type()) {
    case c10::ScalarType::Double: {
      // a whole JS number stands for a Python int (README's number rule), so -1 as uint8 wraps as in Python
      const double* p = c.const_data_ptr<double>();
      for (int64_t i = 0; i < n; ++i) {
        double v = p[i];
        if (std::trunc(v) == v && std::fabs(v) < 9223372036854775808.0) {
          c10::checked_convert<To, int64_t>(static_cast<int64_t>(v), name.c_str());
        } else {
          c10::checked_convert<To, double>(v, name.c_str());
        }
      }
      break;
    }
    case c10::ScalarType::Long: {
      const int64_t* p = c.const_data_ptr<int64_t>();
      for (int64_t i = 0; i < n; ++i) c10::checked_convert<To, int64_t>(p[i], name.c_str());
      break;
    }
    case c10::ScalarType::UInt64: {
      const uint64_t* p = c.const_data_ptr<uint64_t>();
      for (int64_t i = 0; i < n; ++i) c10::checked_convert<To, uint64_t>(p[i], name.c_str());
      break;
    }
    default:
      break;
  }
}

void CheckScalarsFit(const at::Tensor& src, c10::ScalarType target) {
  if (src.scalar_type() == target) return;
  const std::string name = c10::getDtypeNames(target).first;
  switch (target) {
    case c10::ScalarType::Byte: return CheckFits<uint8_t>(src, name);
    case c10::ScalarType::Char: return CheckFits<int8_t>(src, name);
    case c10::ScalarType::Short: return CheckFits<int16_t>(src, name);
    case c10::ScalarType::Int: return CheckFits<int32_t>(src, name);
    case c10::ScalarType::Long: return CheckFits<int64_t>(src, name);
    case c10::ScalarType::UInt16: return CheckFits<uint16_t>(src, name);
    case c10::ScalarType::UInt32: return CheckFits<uint32_t>(src, name);
    case c10::ScalarType::UInt64: return CheckFits<uint64_t>(src, name);
    default: return;
  }
}

// fromBuffer(typedArray, srcDtype, shape, dtype, device, requiresGrad, share, checkScalars) -> handle
// The typed array's bytes are read as `srcDtype` (element sizes must agree). share=true makes a CPU tensor over
// the same memory (the typed array, and so its buffer, stays alive as long as the tensor's storage); otherwise the
// data is copied and converted to dtype/device. Any TypedArray works, over an ArrayBuffer or a SharedArrayBuffer
// (lib refuses resizable buffers and marks shared ones untransferable: see docs/memory.md).
Napi::Value FromBuffer(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray()) Throw(ErrorKind::Type, "torch-node: expected a TypedArray");
  napi_typedarray_type type;
  size_t length = 0, byteOffset = 0;
  void* data = nullptr;
  NAPI_THROW_IF_FAILED(env, napi_get_typedarray_info(env, info[0], &type, &length, &data, nullptr, &byteOffset),
                       Napi::Value());
  size_t bytes = info[0].As<Napi::TypedArray>().ByteLength();
  c10::ScalarType src = ToDtype(info[1]);
  std::vector<int64_t> shape = ToIntList(info[2]);
  auto dtype = ToOptDtype(info[3]);
  auto device = ToOptDevice(info[4]);
  bool requiresGrad = ToBool(info[5]);
  bool share = ToBool(info[6]);
  bool checkScalars = info.Length() > 7 && info[7].IsBoolean() && info[7].As<Napi::Boolean>().Value();

  size_t itemsize = c10::elementSize(src);
  int64_t numel = 1;
  for (int64_t s : shape) numel *= s;
  if (static_cast<size_t>(numel) * itemsize != bytes) {
    Throw(ErrorKind::Value, "torch-node: buffer of " + std::to_string(bytes) + " bytes does not hold " +
                                std::to_string(numel) + " elements of " + std::string(c10::toString(src)));
  }
  if (data == nullptr && bytes > 0) Throw(ErrorKind::Type, "torch-node: the buffer is detached");
  at::TensorOptions srcOpts = at::TensorOptions().dtype(src).device(at::kCPU);
  at::Tensor t;
  if (share) {
    if ((dtype && *dtype != src) || (device && !device->is_cpu())) {
      Throw(ErrorKind::Value, "torch-node: a tensor sharing JavaScript memory must keep the buffer's dtype and live on the CPU");
    }
    void* cookie = in.Pin(info[0]);
    t = at::for_blob(data, shape).context(cookie, &ReleaseJsMemory).options(srcOpts).make_tensor();
  } else {
    at::Tensor view = at::from_blob(data, shape, srcOpts);
    if (checkScalars && dtype) CheckScalarsFit(view, *dtype);
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
