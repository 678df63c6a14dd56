#include "common/convert.h"

#include <cmath>
#include <string>

#include "common/errors.h"

namespace tn {

c10::ScalarType ToDtype(const Napi::Value& v) {
  int32_t code = v.As<Napi::Number>().Int32Value();
  if (code < 0 || code >= static_cast<int>(c10::ScalarType::NumOptions)) {
    Throw(ErrorKind::Type, "torch-node: invalid dtype code " + std::to_string(code));
  }
  return static_cast<c10::ScalarType>(code);
}

std::optional<c10::ScalarType> ToOptDtype(const Napi::Value& v) {
  if (v.IsUndefined() || v.IsNull()) return std::nullopt;
  if (v.As<Napi::Number>().Int32Value() < 0) return std::nullopt;
  return ToDtype(v);
}

c10::Device ToDevice(const Napi::Value& v) {
  int32_t code = v.As<Napi::Number>().Int32Value();
  if (code < 0) Throw(ErrorKind::Type, "torch-node: invalid device code");
  auto type = static_cast<c10::DeviceType>(code >> 16);
  auto index = static_cast<c10::DeviceIndex>((code & 0xffff) - 1);
  return c10::Device(type, index);
}

std::optional<c10::Device> ToOptDevice(const Napi::Value& v) {
  if (v.IsUndefined() || v.IsNull()) return std::nullopt;
  if (v.As<Napi::Number>().Int32Value() < 0) return std::nullopt;
  return ToDevice(v);
}

int32_t DeviceCode(const c10::Device& d) {
  return (static_cast<int32_t>(d.type()) << 16) | (static_cast<int32_t>(d.index()) + 1);
}

int64_t ToInt(const Napi::Value& v) {
  if (v.IsBigInt()) {
    bool lossless = true;
    int64_t r = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) Throw(ErrorKind::Range, "torch-node: bigint does not fit in int64");
    return r;
  }
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || std::trunc(d) != d) {
    Throw(ErrorKind::Type, "torch-node: expected an integer, got " + std::to_string(d));
  }
  if (std::fabs(d) >= 9223372036854775808.0) Throw(ErrorKind::Range, "torch-node: integer does not fit in int64");
  return static_cast<int64_t>(d);
}

double ToDouble(const Napi::Value& v) {
  if (v.IsBigInt()) {
    bool lossless = true;
    return static_cast<double>(v.As<Napi::BigInt>().Int64Value(&lossless));
  }
  return v.As<Napi::Number>().DoubleValue();
}

bool ToBool(const Napi::Value& v) { return v.As<Napi::Boolean>().Value(); }

std::vector<int64_t> ToIntList(const Napi::Value& v) {
  if (v.IsNumber() || v.IsBigInt()) return {ToInt(v)};
  Napi::Array a = v.As<Napi::Array>();
  uint32_t n = a.Length();
  std::vector<int64_t> out(n);
  for (uint32_t i = 0; i < n; ++i) out[i] = ToInt(a.Get(i));
  return out;
}

c10::Scalar ToScalar(const Napi::Value& v) {
  if (v.IsBoolean()) return c10::Scalar(v.As<Napi::Boolean>().Value());
  if (v.IsBigInt()) return c10::Scalar(ToInt(v));
  if (v.IsObject()) {  // a complex number {real, imag} (lib checks the shape)
    Napi::Object o = v.As<Napi::Object>();
    return c10::Scalar(c10::complex<double>(o.Get("real").As<Napi::Number>().DoubleValue(),
                                            o.Get("imag").As<Napi::Number>().DoubleValue()));
  }
  double d = v.As<Napi::Number>().DoubleValue();
  if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9223372036854775808.0) {
    return c10::Scalar(static_cast<int64_t>(d));
  }
  return c10::Scalar(d);
}

Napi::Value FromScalar(Napi::Env env, const c10::Scalar& s) {
  if (s.isBoolean()) return Napi::Boolean::New(env, s.toBool());
  if (s.isIntegral(false)) return Napi::Number::New(env, static_cast<double>(s.toLong()));
  if (s.isComplex()) {
    auto c = s.toComplexDouble();
    Napi::Array a = Napi::Array::New(env, 2);
    a.Set(0u, c.real());
    a.Set(1u, c.imag());
    return a;
  }
  return Napi::Number::New(env, s.toDouble());
}

Napi::Array FromIntList(Napi::Env env, c10::IntArrayRef list) {
  Napi::Array a = Napi::Array::New(env, list.size());
  for (size_t i = 0; i < list.size(); ++i) a.Set(static_cast<uint32_t>(i), static_cast<double>(list[i]));
  return a;
}

}  // namespace tn
