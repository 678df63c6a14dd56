// Python-style indexing (x[0, 1:3, ..., None], x[mask] = 0) through LibTorch's at::indexing, which implements
// Python's semantics (views for basic indexing, advanced indexing with integer and boolean tensors).
// An index list arrives as two parallel arrays: kinds[k] and values[k] (slices take three values):
//   0 int (value) | 1 slice (start, stop, step; null = None) | 2 ellipsis | 3 None (new axis)
//   4 boolean (value) | 5 tensor (handle)
#include <ATen/TensorIndexing.h>

#include "common/convert.h"
#include "common/op_support.h"
#include "tensor/areas.h"

namespace tn {
namespace {

std::vector<at::indexing::TensorIndex> Indices(const Napi::CallbackInfo& info, size_t ki, size_t vi) {
  using namespace at::indexing;
  Napi::Array kinds = info[ki].As<Napi::Array>();
  Napi::Array values = info[vi].As<Napi::Array>();
  TensorTable& table = Inst(info).table;
  std::vector<TensorIndex> out;
  out.reserve(kinds.Length());
  uint32_t pos = 0;
  auto optInt = [&](Napi::Value v) -> std::optional<c10::SymInt> {
    if (IsNil(v)) return std::nullopt;
    return c10::SymInt(ToInt(v));
  };
  for (uint32_t k = 0; k < kinds.Length(); ++k) {
    switch (kinds.Get(k).As<Napi::Number>().Int32Value()) {
      case 0: out.emplace_back(ToInt(values.Get(pos++))); break;
      case 1: {
        auto start = optInt(values.Get(pos));
        auto stop = optInt(values.Get(pos + 1));
        auto step = optInt(values.Get(pos + 2));
        pos += 3;
        out.emplace_back(Slice(start, stop, step));
        break;
      }
      case 2: out.emplace_back(Ellipsis); break;
      case 3: out.emplace_back(None); break;
      case 4: out.emplace_back(values.Get(pos++).As<Napi::Boolean>().Value()); break;
      case 5: out.emplace_back(table.Get(values.Get(pos++).As<Napi::Number>().Int32Value())); break;
      default: Throw(ErrorKind::Type, "torch-node: bad index kind");
    }
  }
  return out;
}

// indexGet(h, kinds, values) -> handle
Napi::Value IndexGet(const Napi::CallbackInfo& info) {
  at::Tensor& self = Arg(info, 0);
  std::vector<at::indexing::TensorIndex> idx = Indices(info, 1, 2);
  return Wrap(info, self.index(idx));
}

// indexInt(h, i) -> handle: x[i] for one integer, without the index arrays (Python's fast path for an integer;
// at::indexing::get_item takes the same applySelect path for a single integer as for the general list)
Napi::Value IndexInt(const Napi::CallbackInfo& info) {
  at::Tensor& self = Arg(info, 0);
  return Wrap(info, at::indexing::get_item(self, {at::indexing::TensorIndex(ToInt(info[1]))}));
}

// indexSlice(h, start, stop, step) -> handle: x[start:stop:step] (null/undefined = omitted), a view
Napi::Value IndexSlice(const Napi::CallbackInfo& info) {
  at::Tensor& self = Arg(info, 0);
  auto optInt = [&](Napi::Value v) -> std::optional<c10::SymInt> {
    if (IsNil(v)) return std::nullopt;
    return c10::SymInt(ToInt(v));
  };
  at::indexing::Slice sl(optInt(info[1]), optInt(info[2]), optInt(info[3]));
  return Wrap(info, at::indexing::get_item(self, {at::indexing::TensorIndex(sl)}));
}

// indexSet(h, kinds, values, valueTensorHandle | scalar, isTensor)
Napi::Value IndexSet(const Napi::CallbackInfo& info) {
  at::Tensor& self = Arg(info, 0);
  std::vector<at::indexing::TensorIndex> idx = Indices(info, 1, 2);
  if (ToBool(info[4])) {
    self.index_put_(idx, Arg(info, 3));
  } else {
    self.index_put_(idx, ToScalar(info[3]));
  }
  return Napi::Value();
}

}  // namespace

void InitIndexing(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<IndexGet>(env, exports, "indexGet", inst);
  Export<IndexSet>(env, exports, "indexSet", inst);
  Export<IndexInt>(env, exports, "indexInt", inst);
  Export<IndexSlice>(env, exports, "indexSlice", inst);
}

}  // namespace tn
