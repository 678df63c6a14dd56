// Tensor attributes that are not ops: sizes, strides, dtype, device, autograd flags, grad.

#include "common/convert.h"
#include "tensor/areas.h"

namespace tn {
namespace {

Napi::Value Sizes(const Napi::CallbackInfo& info) { return FromIntList(info.Env(), Arg(info, 0).sizes()); }
Napi::Value Strides(const Napi::CallbackInfo& info) { return FromIntList(info.Env(), Arg(info, 0).strides()); }
Napi::Value Dim(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), Arg(info, 0).dim()); }
Napi::Value Numel(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(Arg(info, 0).numel()));
}
Napi::Value Dtype(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<int>(Arg(info, 0).scalar_type()));
}
Napi::Value Device(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), DeviceCode(Arg(info, 0).device())); }
Napi::Value IsContiguous(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), Arg(info, 0).is_contiguous());
}
Napi::Value StorageOffset(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(Arg(info, 0).storage_offset()));
}
Napi::Value RequiresGrad(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), Arg(info, 0).requires_grad());
}
Napi::Value SetRequiresGrad(const Napi::CallbackInfo& info) {
  at::Tensor& t = Arg(info, 0);
  bool flag = ToBool(info[1]);
  if (!t.is_leaf()) {
    Throw(ErrorKind::Runtime,
          flag ? "you can only change requires_grad flags of leaf variables."
               : "you can only change requires_grad flags of leaf variables. If you want to use a computed variable "
                 "in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
  }
  if (flag && !c10::isFloatingType(t.scalar_type()) && !c10::isComplexType(t.scalar_type())) {
    Throw(ErrorKind::Runtime, "only Tensors of floating point and complex dtype can require gradients");
  }
  t.set_requires_grad(flag);
  return Napi::Value();
}
Napi::Value IsLeaf(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), Arg(info, 0).is_leaf()); }

// grad(h, cachedHandle) -> cachedHandle when it still names the tensor's .grad (reading .grad makes no new
// tensor, and Python's `p.grad is p.grad` holds), 0 when .grad is None, else a new handle outside every scope
// (the gradient belongs to its tensor, not to the scope it was read in)
Napi::Value Grad(const Napi::CallbackInfo& info) {
  const at::Tensor& g = Arg(info, 0).grad();
  if (!g.defined()) return Napi::Number::New(info.Env(), 0);
  int32_t cached = info.Length() > 1 && info[1].IsNumber() ? HandleArg(info, 1) : 0;
  Instance& in = Inst(info);
  if (cached > 0) {
    at::Tensor* c = in.table.Find(cached);
    if (c != nullptr && c->is_same(g)) return Napi::Number::New(info.Env(), cached);
  }
  int32_t h = in.table.PutUnscoped(at::Tensor(g));
  in.SyncExternalMemory();
  return Napi::Number::New(info.Env(), h);
}

// variableData(h) -> Python's t.data: a tensor sharing t's storage, outside autograd (own version counter)
Napi::Value VariableData(const Napi::CallbackInfo& info) { return Wrap(info, Arg(info, 0).variable_data()); }

// setData(h, src): Python's `t.data = src` (LibTorch's set_data): t keeps its identity and autograd metadata,
// and takes src's storage, dtype, device and geometry
Napi::Value SetData(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  int32_t h = HandleArg(info, 0);
  at::Tensor& t = in.table.Get(h);
  t.set_data(in.table.Get(HandleArg(info, 1)));
  in.table.Reaccount(h);
  in.SyncExternalMemory();
  return Napi::Value();
}

// makeParameter(h, requiresGrad) -> nn.Parameter's tensor: t detached (same storage and version counter), with
// requires_grad, stored outside every scope (its module owns it)
Napi::Value MakeParameter(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  at::Tensor p = Arg(info, 0).detach();
  bool rg = ToBool(info[1]);
  if (rg && !c10::isFloatingType(p.scalar_type()) && !c10::isComplexType(p.scalar_type())) {
    Throw(ErrorKind::Runtime, "Only Tensors of floating point and complex dtype can require gradients");
  }
  p.set_requires_grad(rg);
  int32_t h = in.table.PutUnscoped(std::move(p));
  in.SyncExternalMemory();
  return Napi::Number::New(info.Env(), h);
}

// dataPtr(h) -> the address of the first element (a number; addresses fit in 53 bits)
Napi::Value DataPtr(const Napi::CallbackInfo& info) {
  const at::Tensor& t = Arg(info, 0);
  return Napi::Number::New(info.Env(), static_cast<double>(reinterpret_cast<uintptr_t>(t.has_storage() ? t.data_ptr() : nullptr)));
}

// setGrad(h, gradHandle | 0), with the checks of Python's Tensor.grad setter (python_variable.cpp)
Napi::Value SetGrad(const Napi::CallbackInfo& info) {
  at::Tensor& var = Arg(info, 0);
  int32_t gh = HandleArg(info, 1);
  if (gh == 0) {
    var.mutable_grad().reset();
    return Napi::Value();
  }
  const at::Tensor& grad = Inst(info).table.Get(gh);
  TORCH_CHECK(!grad.is_same(var), "can't assign Variable as its own grad");
  std::optional<c10::ScalarType> gradDtype = var.grad_dtype();
  if (gradDtype.has_value()) {
    TORCH_CHECK(grad.scalar_type() == *gradDtype, "attempting to assign a gradient with dtype '", grad.dtype(),
                "' to a tensor with grad_dtype '", *gradDtype,
                "'. The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set "
                "the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set "
                "grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break downstream "
                "systems that assume they match.");
  }
  TORCH_CHECK(var.device().type() == grad.device().type(), "attempting to assign a gradient with device type '",
              grad.device().type(), "' to a tensor with device type '", var.device().type(),
              "'. Please ensure that the gradient and the tensor are on the same device");
  if (grad.layout() != c10::kSparse) {
    auto expected = var.options().dtype(gradDtype.has_value() ? *gradDtype : grad.scalar_type());
    TORCH_CHECK(grad.options().type_equal(expected),
                "attempting to assign a gradient to a tensor that has data of a different type");
  }
  TORCH_CHECK(grad.get_device() == var.get_device(), "attempting to assign a gradient located on device with index '",
              grad.get_device(), "' to a tensor located on device with index '", var.get_device(),
              "'. Please ensure that the gradient and the tensor are on the same device");
  TORCH_CHECK(grad.sym_sizes().equals(var.sym_sizes()), "attempting to assign a gradient of size '", grad.sym_sizes(),
              "' to a tensor of size '", var.sym_sizes(), "'. Please ensure that the gradient and the tensor are the same size");
  var.mutable_grad() = grad;
  return Napi::Value();
}

Napi::Value ElementSize(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(Arg(info, 0).element_size()));
}

}  // namespace

void InitProperties(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<Sizes>(env, exports, "sizes", inst);
  Export<Strides>(env, exports, "strides", inst);
  Export<Dim>(env, exports, "dim", inst);
  Export<Numel>(env, exports, "numel", inst);
  Export<Dtype>(env, exports, "dtype", inst);
  Export<Device>(env, exports, "device", inst);
  Export<IsContiguous>(env, exports, "isContiguous", inst);
  Export<StorageOffset>(env, exports, "storageOffset", inst);
  Export<RequiresGrad>(env, exports, "requiresGrad", inst);
  Export<SetRequiresGrad>(env, exports, "setRequiresGrad", inst);
  Export<IsLeaf>(env, exports, "isLeaf", inst);
  Export<Grad>(env, exports, "grad", inst);
  Export<SetGrad>(env, exports, "setGrad", inst);
  Export<VariableData>(env, exports, "variableData", inst);
  Export<SetData>(env, exports, "setData", inst);
  Export<DataPtr>(env, exports, "dataPtr", inst);
  Export<MakeParameter>(env, exports, "makeParameter", inst);
  Export<ElementSize>(env, exports, "elementSize", inst);
}

}  // namespace tn
