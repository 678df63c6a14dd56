// JS <-> c10 conversions used by every area. The encodings are shared with lib/native/binding.ts:
//   dtype  = the c10::ScalarType value (pinned below); -1 means "not given"
//   device = type * 65536 + (index + 1), e.g. cpu = 0, cuda:0 = 65537; -1 means "not given"
#pragma once
#include <c10/core/Device.h>
#include <c10/core/Scalar.h>
#include <c10/core/ScalarType.h>

#include <optional>
#include <vector>

#include "common/napi.h"

namespace tn {

static_assert(static_cast<int>(c10::ScalarType::Byte) == 0);
static_assert(static_cast<int>(c10::ScalarType::Char) == 1);
static_assert(static_cast<int>(c10::ScalarType::Short) == 2);
static_assert(static_cast<int>(c10::ScalarType::Int) == 3);
static_assert(static_cast<int>(c10::ScalarType::Long) == 4);
static_assert(static_cast<int>(c10::ScalarType::Half) == 5);
static_assert(static_cast<int>(c10::ScalarType::Float) == 6);
static_assert(static_cast<int>(c10::ScalarType::Double) == 7);
static_assert(static_cast<int>(c10::ScalarType::ComplexFloat) == 9);
static_assert(static_cast<int>(c10::ScalarType::ComplexDouble) == 10);
static_assert(static_cast<int>(c10::ScalarType::Bool) == 11);
static_assert(static_cast<int>(c10::ScalarType::BFloat16) == 15);
static_assert(static_cast<int>(c10::ScalarType::UInt16) == 27);
static_assert(static_cast<int>(c10::ScalarType::UInt32) == 28);
static_assert(static_cast<int>(c10::ScalarType::UInt64) == 29);
static_assert(static_cast<int>(c10::DeviceType::CPU) == 0);
static_assert(static_cast<int>(c10::DeviceType::CUDA) == 1);
static_assert(static_cast<int>(c10::DeviceType::Meta) == 14);

c10::ScalarType ToDtype(const Napi::Value& v);
std::optional<c10::ScalarType> ToOptDtype(const Napi::Value& v);
c10::Device ToDevice(const Napi::Value& v);
std::optional<c10::Device> ToOptDevice(const Napi::Value& v);
int32_t DeviceCode(const c10::Device& d);

int64_t ToInt(const Napi::Value& v);
double ToDouble(const Napi::Value& v);
bool ToBool(const Napi::Value& v);
std::vector<int64_t> ToIntList(const Napi::Value& v);
// number (whole -> int64, else double), bigint -> int64, boolean -> bool
c10::Scalar ToScalar(const Napi::Value& v);
Napi::Value FromScalar(Napi::Env env, const c10::Scalar& s);
Napi::Array FromIntList(Napi::Env env, c10::IntArrayRef list);

}  // namespace tn
