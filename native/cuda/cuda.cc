// torch.cuda: devices, synchronization, and the caching allocator's memory counters.
// Written against LibTorch's device-generic interfaces (CUDA hooks, device guard, DeviceAllocator), so it needs no
// CUDA headers and compiles against any LibTorch; device names come from the CUDA driver (libcuda), opened at run
// time. Without a CUDA LibTorch or a GPU, every call that needs one throws PyTorch's message.
#include "cuda/cuda.h"

#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/core/CachingDeviceAllocator.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>
#include <dlfcn.h>

#include "common/convert.h"
#include "common/op_support.h"

#include <mutex>

namespace tn {
bool CudaBuilt() { return at::detail::getCUDAHooks().isBuilt(); }
int DeviceCount() { return CudaBuilt() ? at::detail::getCUDAHooks().getNumGPUs() : 0; }

// Python's torch.cuda._lazy_init: the first use of CUDA initialises it, failing with LibTorch's own message
// ("Found no NVIDIA driver on your system...", "No CUDA GPUs are available", ...).
void LazyInit() {
  if (!CudaBuilt()) Throw(ErrorKind::Runtime, "Torch not compiled with CUDA enabled");
  at::globalContext().lazyInitDevice(c10::DeviceType::CUDA);
}

// Resolves an optional device index argument (undefined/null: the current device) and checks it exists.
c10::DeviceIndex DeviceArg(const Napi::Value& v) {
  LazyInit();
  int n = DeviceCount();
  if (n == 0) Throw(ErrorKind::Runtime, "No CUDA GPUs are available");
  int64_t idx = (v.IsUndefined() || v.IsNull()) ? at::detail::getCUDAHooks().current_device() : ToInt(v);
  if (idx < 0 || idx >= n) {
    Throw(ErrorKind::Runtime, "Invalid device argument " + std::to_string(idx) + ": there are " + std::to_string(n) +
                                  " CUDA device(s)");
  }
  return static_cast<c10::DeviceIndex>(idx);
}

namespace {

// The few CUDA driver entry points used for device properties (CUresult and CUdevice are ints).
struct Driver {
  int (*cuInit)(unsigned) = nullptr;
  int (*cuDeviceGet)(int*, int) = nullptr;
  int (*cuDeviceGetName)(char*, int, int) = nullptr;
  int (*cuDeviceGetAttribute)(int*, int, int) = nullptr;
  int (*cuDeviceTotalMem)(size_t*, int) = nullptr;
  int (*cuMemGetInfo)(size_t*, size_t*) = nullptr;
  bool ok = false;
};

const Driver& GetDriver() {
  static Driver d = [] {
    Driver r;
    void* lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) return r;
    r.cuInit = reinterpret_cast<int (*)(unsigned)>(dlsym(lib, "cuInit"));
    r.cuDeviceGet = reinterpret_cast<int (*)(int*, int)>(dlsym(lib, "cuDeviceGet"));
    r.cuDeviceGetName = reinterpret_cast<int (*)(char*, int, int)>(dlsym(lib, "cuDeviceGetName"));
    r.cuDeviceGetAttribute = reinterpret_cast<int (*)(int*, int, int)>(dlsym(lib, "cuDeviceGetAttribute"));
    r.cuDeviceTotalMem = reinterpret_cast<int (*)(size_t*, int)>(dlsym(lib, "cuDeviceTotalMem_v2"));
    r.cuMemGetInfo = reinterpret_cast<int (*)(size_t*, size_t*)>(dlsym(lib, "cuMemGetInfo_v2"));
    r.ok = r.cuInit && r.cuDeviceGet && r.cuDeviceGetName && r.cuDeviceGetAttribute && r.cuDeviceTotalMem &&
           r.cuInit(0) == 0;
    return r;
  }();
  return d;
}

int DriverDevice(c10::DeviceIndex idx) {
  const Driver& d = GetDriver();
  int dev = 0;
  if (!d.ok || d.cuDeviceGet(&dev, idx) != 0) Throw(ErrorKind::Runtime, "torch-node: the CUDA driver did not answer");
  return dev;
}

// memGetInfo(device) -> [free, total] bytes (cuMemGetInfo on the device's primary context)
Napi::Value MemGetInfo(const Napi::CallbackInfo& info) {
  c10::DeviceIndex idx = DeviceArg(info[0]);
  c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA)->setDevice(c10::Device(c10::DeviceType::CUDA, idx));
  const Driver& d = GetDriver();
  size_t freeB = 0, totalB = 0;
  if (!d.ok || d.cuMemGetInfo == nullptr || d.cuMemGetInfo(&freeB, &totalB) != 0) {
    Throw(ErrorKind::Runtime, "torch-node: the CUDA driver did not answer cuMemGetInfo");
  }
  Napi::Array a = Napi::Array::New(info.Env(), 2);
  a.Set(0u, static_cast<double>(freeB));
  a.Set(1u, static_cast<double>(totalB));
  return a;
}

// cudaManualSeed(seed, all): seeds the current device's generator (or every device's). As Python, without a GPU
// this does nothing (Python queues the call until CUDA initialises, which then never happens).
Napi::Value CudaManualSeed(const Napi::CallbackInfo& info) {
  uint64_t seed = static_cast<uint64_t>(ToInt(info[0]));
  bool all = ToBool(info[1]);
  int n = DeviceCount();
  if (n == 0) return Napi::Value();
  auto& hooks = at::detail::getCUDAHooks();
  if (all) {
    for (int i = 0; i < n; ++i) {
      auto gen = hooks.getDefaultGenerator(static_cast<c10::DeviceIndex>(i));
      std::lock_guard<std::mutex> lock(gen.mutex());
      gen.set_current_seed(seed);
    }
  } else {
    auto gen = hooks.getDefaultGenerator(hooks.current_device());
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(seed);
  }
  return Napi::Value();
}

// pinMemory(h) -> a copy in page-locked host memory (needs CUDA); isPinned(h)
Napi::Value PinMemory(const Napi::CallbackInfo& info) {
  const at::Tensor& t = Arg(info, 0);
  LazyInit();
  return Wrap(info, t.pin_memory());
}
Napi::Value IsPinned(const Napi::CallbackInfo& info) {
  const at::Tensor& t = Arg(info, 0);
  if (DeviceCount() == 0) return Napi::Boolean::New(info.Env(), false);
  return Napi::Boolean::New(info.Env(), t.is_pinned());
}

Napi::Value CudaLazyInit(const Napi::CallbackInfo& info) {
  LazyInit();
  return Napi::Value();
}

Napi::Value IsAvailable(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), DeviceCount() > 0); }
Napi::Value CountDevices(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), DeviceCount()); }

Napi::Value GetDeviceName(const Napi::CallbackInfo& info) {
  int dev = DriverDevice(DeviceArg(info[0]));
  char name[256] = {0};
  GetDriver().cuDeviceGetName(name, sizeof(name) - 1, dev);
  return Napi::String::New(info.Env(), name);
}

// [major, minor] (CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75, _MINOR = 76)
Napi::Value GetDeviceCapability(const Napi::CallbackInfo& info) {
  int dev = DriverDevice(DeviceArg(info[0]));
  int major = 0, minor = 0;
  GetDriver().cuDeviceGetAttribute(&major, 75, dev);
  GetDriver().cuDeviceGetAttribute(&minor, 76, dev);
  Napi::Array a = Napi::Array::New(info.Env(), 2);
  a.Set(0u, major);
  a.Set(1u, minor);
  return a;
}

Napi::Value TotalMemory(const Napi::CallbackInfo& info) {
  int dev = DriverDevice(DeviceArg(info[0]));
  size_t bytes = 0;
  GetDriver().cuDeviceTotalMem(&bytes, dev);
  return Napi::Number::New(info.Env(), static_cast<double>(bytes));
}

Napi::Value CurrentDevice(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), DeviceArg(info.Env().Undefined()));
}

Napi::Value SetDevice(const Napi::CallbackInfo& info) {
  c10::DeviceIndex d = DeviceArg(info[0]);
  c10::impl::getDeviceGuardImpl(c10::DeviceType::CUDA)->setDevice(c10::Device(c10::DeviceType::CUDA, d));
  return Napi::Value();
}

Napi::Value Synchronize(const Napi::CallbackInfo& info) {
  at::detail::getCUDAHooks().deviceSynchronize(DeviceArg(info[0]));
  return Napi::Value();
}

// memoryStats(device) -> {allocated, maxAllocated, reserved, maxReserved} in bytes (the caching allocator's)
Napi::Value MemoryStats(const Napi::CallbackInfo& info) {
  if (DeviceCount() == 0) {  // as Python: nothing allocated before CUDA is initialised
    Napi::Object z = Napi::Object::New(info.Env());
    for (const char* k : {"allocated", "maxAllocated", "reserved", "maxReserved"}) z.Set(k, 0.0);
    return z;
  }
  c10::DeviceIndex d = DeviceArg(info[0]);
  auto s = c10::getDeviceAllocator(c10::DeviceType::CUDA)->getDeviceStats(d);
  constexpr size_t kAll = static_cast<size_t>(c10::CachingAllocator::StatType::AGGREGATE);
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("allocated", static_cast<double>(s.allocated_bytes[kAll].current));
  o.Set("maxAllocated", static_cast<double>(s.allocated_bytes[kAll].peak));
  o.Set("reserved", static_cast<double>(s.reserved_bytes[kAll].current));
  o.Set("maxReserved", static_cast<double>(s.reserved_bytes[kAll].peak));
  return o;
}

Napi::Value ResetPeakMemoryStats(const Napi::CallbackInfo& info) {
  if (DeviceCount() == 0) return Napi::Value();
  c10::getDeviceAllocator(c10::DeviceType::CUDA)->resetPeakStats(DeviceArg(info[0]));
  return Napi::Value();
}

Napi::Value EmptyCache(const Napi::CallbackInfo& info) {
  if (DeviceCount() == 0) return Napi::Value();  // as Python: nothing cached before CUDA is initialised
  c10::getDeviceAllocator(c10::DeviceType::CUDA)->emptyCache();
  return Napi::Value();
}

}  // namespace

void InitCuda(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<CudaLazyInit>(env, exports, "cudaLazyInit", inst);
  Export<MemGetInfo>(env, exports, "cudaMemGetInfo", inst);
  Export<CudaManualSeed>(env, exports, "cudaManualSeed", inst);
  Export<PinMemory>(env, exports, "pinMemory", inst);
  Export<IsPinned>(env, exports, "isPinned", inst);
  Export<IsAvailable>(env, exports, "cudaIsAvailable", inst);
  Export<CountDevices>(env, exports, "cudaDeviceCount", inst);
  Export<GetDeviceName>(env, exports, "cudaGetDeviceName", inst);
  Export<GetDeviceCapability>(env, exports, "cudaGetDeviceCapability", inst);
  Export<TotalMemory>(env, exports, "cudaTotalMemory", inst);
  Export<CurrentDevice>(env, exports, "cudaCurrentDevice", inst);
  Export<SetDevice>(env, exports, "cudaSetDevice", inst);
  Export<Synchronize>(env, exports, "cudaSynchronize", inst);
  Export<MemoryStats>(env, exports, "cudaMemoryStats", inst);
  Export<ResetPeakMemoryStats>(env, exports, "cudaResetPeakMemoryStats", inst);
  Export<EmptyCache>(env, exports, "cudaEmptyCache", inst);
}

}  // namespace tn
