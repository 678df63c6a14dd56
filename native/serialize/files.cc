// See files.h. Nothing here knows the zip or pickle formats: lib/serialization lays the archive out and says which
// byte ranges are records, where each CRC-32 goes, and which storages to write.
#include "serialize/files.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>

#include <array>
#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/async.h"
#include "common/convert.h"

namespace tn {
namespace {

// ---- CRC-32 (zip's polynomial), slicing by 8 --------------------------------------------------------------------
struct CrcTables {
  uint32_t t[8][256];
  CrcTables() {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; ++i) {
      for (int s = 1; s < 8; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFF];
    }
  }
};
const CrcTables& Tables() {
  static const CrcTables tables;
  return tables;
}

// The table-driven core on the running state (not inverted).
uint32_t CrcTable(uint32_t crc, const unsigned char* p, size_t n) {
  const auto& T = Tables().t;
  while (n >= 8) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + 4, 4);
    lo ^= crc;
    crc = T[7][lo & 0xFF] ^ T[6][(lo >> 8) & 0xFF] ^ T[5][(lo >> 16) & 0xFF] ^ T[4][lo >> 24] ^ T[3][hi & 0xFF] ^
          T[2][(hi >> 8) & 0xFF] ^ T[1][(hi >> 16) & 0xFF] ^ T[0][hi >> 24];
    p += 8;
    n -= 8;
  }
  while (n--) crc = T[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
  return crc;
}

#if defined(__x86_64__)
// Carry-less multiplication folding (Intel's "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ", as in
// zlib-ng and Chromium's zlib) for the reflected polynomial 0xEDB88320, on the running state. len >= 64, a multiple
// of 16.
__attribute__((target("pclmul,sse4.1"))) uint32_t CrcClmul(uint32_t crc, const unsigned char* buf, size_t len) {
  alignas(16) static const uint64_t k1k2[2] = {0x0154442bd4ULL, 0x01c6e41596ULL};
  alignas(16) static const uint64_t k3k4[2] = {0x01751997d0ULL, 0x00ccaa009eULL};
  alignas(16) static const uint64_t k5k0[2] = {0x0163cd6124ULL, 0x0000000000ULL};
  alignas(16) static const uint64_t poly[2] = {0x01db710641ULL, 0x01f7011641ULL};
  __m128i x0, x1, x2, x3, x4, x5, x6, x7, x8, y5, y6, y7, y8;
  x1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf + 0x00));
  x2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf + 0x10));
  x3 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf + 0x20));
  x4 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf + 0x30));
  x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128(static_cast<int>(crc)));
  x0 = _mm_load_si128(reinterpret_cast<const __m128i*>(k1k2));
  buf += 64;
  len -= 64;
  while (len >= 64) {
    x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
    x6 = _mm_clmulepi64_si128(x2, x0, 0x00);
    x7 = _mm_clmulepi64_si128(x3, x0, 0x00);
    x8 = _mm_clmulepi64_si128(x4, x0, 0x00);
    x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
    x2 = _mm_clmulepi64_si128(x2, x0, 0x11);
    x3 = _mm_clmulepi64_si128(x3, x0, 0x11);
    x4 = _mm_clmulepi64_si128(x4, x0, 0x11);
    y5 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf + 0x00));
    y6 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf + 0x10));
    y7 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf + 0x20));
    y8 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf + 0x30));
    x1 = _mm_xor_si128(_mm_xor_si128(x1, x5), y5);
    x2 = _mm_xor_si128(_mm_xor_si128(x2, x6), y6);
    x3 = _mm_xor_si128(_mm_xor_si128(x3, x7), y7);
    x4 = _mm_xor_si128(_mm_xor_si128(x4, x8), y8);
    buf += 64;
    len -= 64;
  }
  x0 = _mm_load_si128(reinterpret_cast<const __m128i*>(k3k4));
  x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
  x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
  x1 = _mm_xor_si128(_mm_xor_si128(x1, x2), x5);
  x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
  x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
  x1 = _mm_xor_si128(_mm_xor_si128(x1, x3), x5);
  x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
  x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
  x1 = _mm_xor_si128(_mm_xor_si128(x1, x4), x5);
  while (len >= 16) {
    x2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(buf));
    x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
    x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
    x1 = _mm_xor_si128(_mm_xor_si128(x1, x2), x5);
    buf += 16;
    len -= 16;
  }
  x2 = _mm_clmulepi64_si128(x1, x0, 0x10);
  x3 = _mm_setr_epi32(~0, 0, ~0, 0);
  x1 = _mm_srli_si128(x1, 8);
  x1 = _mm_xor_si128(x1, x2);
  x0 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(k5k0));
  x2 = _mm_srli_si128(x1, 4);
  x1 = _mm_and_si128(x1, x3);
  x1 = _mm_clmulepi64_si128(x1, x0, 0x00);
  x1 = _mm_xor_si128(x1, x2);
  x0 = _mm_load_si128(reinterpret_cast<const __m128i*>(poly));
  x2 = _mm_and_si128(x1, x3);
  x2 = _mm_clmulepi64_si128(x2, x0, 0x10);
  x2 = _mm_and_si128(x2, x3);
  x2 = _mm_clmulepi64_si128(x2, x0, 0x00);
  x1 = _mm_xor_si128(x1, x2);
  return static_cast<uint32_t>(_mm_extract_epi32(x1, 1));
}

// Whether the folding path is usable here: the CPU has the instructions and the result agrees with the tables
// (checked once on a fixed buffer).
bool ClmulOk() {
  static const bool ok = [] {
    if (!__builtin_cpu_supports("pclmul") || !__builtin_cpu_supports("sse4.1")) return false;
    unsigned char probe[4096];
    for (size_t i = 0; i < sizeof(probe); ++i) probe[i] = static_cast<unsigned char>(i * 131 + 7);
    for (size_t n : {64, 80, 4096}) {
      if (CrcClmul(0x12345678u, probe, n) != CrcTable(0x12345678u, probe, n)) return false;
    }
    return true;
  }();
  return ok;
}
#endif

uint32_t Crc32(uint32_t crc, const unsigned char* p, size_t n) {
  crc = ~crc;
#if defined(__x86_64__)
  if (n >= 64 && ClmulOk()) {
    size_t chunk = n & ~size_t(15);
    crc = CrcClmul(crc, p, chunk);
    p += chunk;
    n -= chunk;
  }
#endif
  return ~CrcTable(crc, p, n);
}

[[noreturn]] void ThrowErrno(const std::string& what, int err) {
  Throw(ErrorKind::Runtime, what + ": " + std::strerror(err) + " (errno " + std::to_string(err) + ")");
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// ---- reading ----------------------------------------------------------------------------------------------------
struct ReadJob {
  std::string path;
  std::vector<int64_t> offsets, sizes;
  std::vector<double> crcs;  // < 0: not checked
  std::vector<std::string> names;
};

// Reads the job's records. On the JS thread (an inline async job, common/async.h) it reads only what is in the page
// cache (RWF_NOWAIT) and throws WouldBlock at the first page that is not, so the job moves to the worker thread.
std::vector<at::Tensor> RunRead(const ReadJob& job, Instance* in) {
  const bool noWait = in != nullptr && std::this_thread::get_id() == in->jsThread;
  Fd f;
  f.fd = ::open(job.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) ThrowErrno("cannot open " + job.path, errno);
  struct stat sb;
  if (::fstat(f.fd, &sb) != 0) ThrowErrno("cannot stat " + job.path, errno);
  int64_t fileSize = static_cast<int64_t>(sb.st_size);
  std::vector<at::Tensor> out;
  out.reserve(job.offsets.size());
  for (size_t i = 0; i < job.offsets.size(); ++i) {
    int64_t off = job.offsets[i], n = job.sizes[i];
    if (off < 0 || n < 0 || off > fileSize || n > fileSize - off) {
      Throw(ErrorKind::Runtime, "the record " + job.names[i] + " (" + std::to_string(n) + " bytes at offset " +
                                    std::to_string(off) + ") lies beyond the end of the file (" +
                                    std::to_string(fileSize) + " bytes): the file is truncated or corrupt");
    }
    at::Tensor t = at::empty({n}, at::TensorOptions().dtype(at::kByte));
    auto* p = static_cast<unsigned char*>(t.data_ptr());
    int64_t done = 0;
    while (done < n) {
      size_t chunk = static_cast<size_t>(std::min<int64_t>(n - done, int64_t(1) << 30));
      ssize_t r;
      if (noWait) {
#ifdef RWF_NOWAIT
        struct iovec v{p + done, chunk};
        r = ::preadv2(f.fd, &v, 1, off + done, RWF_NOWAIT);
        if (r < 0 && errno != EINTR) throw WouldBlock();  // not cached (EAGAIN), or no RWF_NOWAIT here
#else
        throw WouldBlock();
#endif
      } else {
        r = ::pread(f.fd, p + done, chunk, off + done);
      }
      if (r < 0) {
        if (errno == EINTR) continue;
        ThrowErrno("cannot read " + job.path, errno);
      }
      if (r == 0) Throw(ErrorKind::Runtime, "unexpected end of file while reading " + job.names[i] + " (the file shrank while loading)");
      done += r;
    }
    if (job.crcs[i] >= 0) {
      uint32_t c = Crc32(0, p, static_cast<size_t>(n));
      if (c != static_cast<uint32_t>(job.crcs[i])) {
        Throw(ErrorKind::Runtime, "CRC-32 mismatch in record " + job.names[i] + " (the file is corrupt)");
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

Napi::Value HandlesOf(Napi::Env env, Instance* in, std::vector<at::Tensor>& ts) {
  Napi::Array out = Napi::Array::New(env, ts.size());
  for (size_t k = 0; k < ts.size(); ++k) out.Set(static_cast<uint32_t>(k), Napi::Number::New(env, in->table.Put(std::move(ts[k]))));
  in->SyncExternalMemory();
  return out;
}

std::vector<int64_t> Int64s(const Napi::Value& v) { return ToIntList(v); }

std::vector<double> Doubles(const Napi::Value& v) {
  Napi::Array a = v.As<Napi::Array>();
  std::vector<double> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); ++i) out[i] = a.Get(i).As<Napi::Number>().DoubleValue();
  return out;
}

std::vector<std::string> Strings(const Napi::Value& v) {
  Napi::Array a = v.As<Napi::Array>();
  std::vector<std::string> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); ++i) out[i] = a.Get(i).As<Napi::String>().Utf8Value();
  return out;
}

// readRecords(path, offsets, sizes, crcs, names, async) -> handles (1-D uint8 CPU tensors, one per record), or a
// Promise of them. crcs[i] < 0 skips the check of record i.
Napi::Value ReadRecords(const Napi::CallbackInfo& info) {
  auto job = std::make_shared<ReadJob>();
  job->path = info[0].As<Napi::String>().Utf8Value();
  job->offsets = Int64s(info[1]);
  job->sizes = Int64s(info[2]);
  job->crcs = Doubles(info[3]);
  job->names = Strings(info[4]);
  if (job->sizes.size() != job->offsets.size() || job->crcs.size() != job->offsets.size() ||
      job->names.size() != job->offsets.size()) {
    Throw(ErrorKind::Value, "readRecords: the lists differ in length");
  }
  Instance* in = &Inst(info);
  if (!ToBool(info[5])) {
    std::vector<at::Tensor> ts = RunRead(*job, nullptr);
    return HandlesOf(info.Env(), in, ts);
  }
  // Tried inline (common/async.h) when the learned copy rate puts it under the budget; only page-cache reads are
  // done there (RunRead), and their time teaches the rate.
  double bytes = 0;
  for (int64_t n : job->sizes) bytes += static_cast<double>(n);
  Placement place;
  place.predictedUs = in->asyncPolicy.PredictRead(bytes);
  place.measured = [in, bytes](double us, bool inlined) {
    if (inlined) in->asyncPolicy.RecordRead(bytes, us);
  };
  return PromiseWorker<std::vector<at::Tensor>>::Start(
      info, [job, in] { return RunRead(*job, in); },
      [in](Napi::Env env, std::vector<at::Tensor>& ts) { return HandlesOf(env, in, ts); }, std::move(place));
}

// ---- mapping ----------------------------------------------------------------------------------------------------
struct Mapping {
  void* p;
  size_t n;
};

// mapFile(path) -> a 1-D uint8 CPU tensor over a private (copy-on-write) mapping of the whole file: writes to it
// never reach the file. The mapping ends with the storage.
Napi::Value MapFile(const Napi::CallbackInfo& info) {
  std::string path = info[0].As<Napi::String>().Utf8Value();
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) ThrowErrno("cannot open " + path, errno);
  struct stat sb;
  if (::fstat(f.fd, &sb) != 0) ThrowErrno("cannot stat " + path, errno);
  if (!S_ISREG(sb.st_mode)) Throw(ErrorKind::Value, "mmap needs a regular file: " + path);
  size_t n = static_cast<size_t>(sb.st_size);
  if (n == 0) Throw(ErrorKind::Runtime, "cannot map " + path + ": the file is empty");
  void* p = ::mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE, f.fd, 0);
  if (p == MAP_FAILED) ThrowErrno("cannot map " + path, errno);
  auto* m = new Mapping{p, n};
  at::Tensor t = at::for_blob(p, {static_cast<int64_t>(n)})
                     .context(m,
                              [](void* ctx) {
                                auto* mm = static_cast<Mapping*>(ctx);
                                ::munmap(mm->p, mm->n);
                                delete mm;
                              })
                     .options(at::TensorOptions().dtype(at::kByte))
                     .make_tensor();
  return Wrap(info, std::move(t));
}

// ---- writing ----------------------------------------------------------------------------------------------------
struct WritePart {
  std::string bytes;  // when tensor is undefined
  at::Tensor tensor;  // its whole storage is written
};

struct WriteJob {
  std::string tmp, final;
  std::vector<WritePart> parts;
  std::vector<std::pair<size_t, int64_t>> patches;  // (part, file offset): the part's CRC-32 goes there
  int mode = -1;
};

void WriteAll(int fd, const std::string& path, const unsigned char* p, size_t n, uint32_t* crc) {
  constexpr size_t kChunk = size_t(8) << 20;
  while (n > 0) {
    size_t c = std::min(n, kChunk);
    if (crc != nullptr) *crc = Crc32(*crc, p, c);
    size_t done = 0;
    while (done < c) {
      ssize_t w = ::write(fd, p + done, c - done);
      if (w < 0) {
        if (errno == EINTR) continue;
        ThrowErrno("cannot write " + path, errno);
      }
      done += static_cast<size_t>(w);
    }
    p += c;
    n -= c;
  }
}

void RunWrite(const WriteJob& job) {
  Fd f;
  f.fd = ::open(job.tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (f.fd < 0) ThrowErrno("cannot create " + job.tmp, errno);
  try {
    if (job.mode >= 0 && ::fchmod(f.fd, static_cast<mode_t>(job.mode)) != 0) ThrowErrno("cannot chmod " + job.tmp, errno);
    std::vector<uint32_t> crcs(job.parts.size(), 0);
    std::vector<bool> wantCrc(job.parts.size(), false);
    for (const auto& pt : job.patches) wantCrc[pt.first] = true;
    for (size_t i = 0; i < job.parts.size(); ++i) {
      const WritePart& part = job.parts[i];
      uint32_t* crc = wantCrc[i] ? &crcs[i] : nullptr;
      if (!part.tensor.defined()) {
        WriteAll(f.fd, job.tmp, reinterpret_cast<const unsigned char*>(part.bytes.data()), part.bytes.size(), crc);
        continue;
      }
      const c10::Storage& st = part.tensor.storage();
      size_t n = st.nbytes();
      if (n == 0) continue;
      if (st.device().is_cpu()) {
        if (st.data() == nullptr) Throw(ErrorKind::Runtime, "torch.save: a storage is not allocated");
        WriteAll(f.fd, job.tmp, static_cast<const unsigned char*>(st.data()), n, crc);
      } else {
        at::Tensor bytes = at::empty({0}, at::TensorOptions().dtype(at::kByte).device(st.device()));
        bytes.set_(st, 0, {static_cast<int64_t>(n)}, {1});
        at::Tensor cpu = bytes.cpu();
        WriteAll(f.fd, job.tmp, static_cast<const unsigned char*>(cpu.data_ptr()), n, crc);
      }
    }
    for (const auto& pt : job.patches) {
      unsigned char le[4];
      uint32_t c = crcs[pt.first];
      for (int k = 0; k < 4; ++k) le[k] = static_cast<unsigned char>(c >> (8 * k));
      if (::pwrite(f.fd, le, 4, pt.second) != 4) ThrowErrno("cannot write " + job.tmp, errno);
    }
    if (::fsync(f.fd) != 0) ThrowErrno("cannot flush " + job.tmp + " to disk", errno);
    int fd = f.fd;
    f.fd = -1;
    if (::close(fd) != 0) ThrowErrno("cannot close " + job.tmp, errno);
    if (!job.final.empty()) {
      if (::rename(job.tmp.c_str(), job.final.c_str()) != 0) ThrowErrno("cannot rename " + job.tmp + " to " + job.final, errno);
      // the rename itself reaches the disk when the directory is flushed
      std::string dir = job.final;
      size_t slash = dir.find_last_of('/');
      dir = slash == std::string::npos ? "." : slash == 0 ? "/" : dir.substr(0, slash);
      Fd d;
      d.fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (d.fd >= 0) ::fsync(d.fd);
    }
  } catch (...) {
    ::unlink(job.tmp.c_str());
    throw;
  }
}

// writeArchive(tmpPath, finalPath, parts, patches, mode, async) -> undefined, or a Promise.
// parts: Uint8Arrays (written as they are) and tensor handles (their whole storage is written, copied from the
// device when not on the CPU). patches: flat [part, fileOffset, ...]: the CRC-32 of the part, computed while it
// is written, is stored little-endian at fileOffset afterwards. The file is created as tmpPath (which must not
// exist), flushed to disk, then renamed to finalPath (when not empty) and the directory flushed: an interrupted
// save leaves any earlier finalPath intact. On failure tmpPath is removed.
Napi::Value WriteArchive(const Napi::CallbackInfo& info) {
  Instance& in = Inst(info);
  auto job = std::make_shared<WriteJob>();
  job->tmp = info[0].As<Napi::String>().Utf8Value();
  job->final = info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : std::string();
  Napi::Array parts = info[2].As<Napi::Array>();
  job->parts.resize(parts.Length());
  for (uint32_t i = 0; i < parts.Length(); ++i) {
    Napi::Value v = parts.Get(i);
    if (v.IsNumber()) {
      job->parts[i].tensor = in.table.Get(v.As<Napi::Number>().Int32Value());
      if (!job->parts[i].tensor.has_storage()) Throw(ErrorKind::Runtime, "torch.save: a tensor has no storage");
    } else if (v.IsTypedArray()) {
      Napi::TypedArray ta = v.As<Napi::TypedArray>();
      const char* p = static_cast<const char*>(ta.ArrayBuffer().Data()) + ta.ByteOffset();
      job->parts[i].bytes.assign(p, ta.ByteLength());
    } else {
      Throw(ErrorKind::Type, "writeArchive: a part must be a Uint8Array or a tensor handle");
    }
  }
  std::vector<int64_t> flat = ToIntList(info[3]);
  if (flat.size() % 2 != 0) Throw(ErrorKind::Value, "writeArchive: patches come in pairs");
  for (size_t k = 0; k < flat.size(); k += 2) {
    if (flat[k] < 0 || static_cast<size_t>(flat[k]) >= job->parts.size() || flat[k + 1] < 0) {
      Throw(ErrorKind::Value, "writeArchive: bad patch");
    }
    job->patches.emplace_back(static_cast<size_t>(flat[k]), flat[k + 1]);
  }
  job->mode = static_cast<int>(ToInt(info[4]));
  if (!ToBool(info[5])) {
    RunWrite(*job);
    return info.Env().Undefined();
  }
  return PromiseWorker<bool>::Start(
      info,
      [job] {
        RunWrite(*job);
        return true;
      },
      [](Napi::Env env, bool&) { return env.Undefined(); });
}

// crc32Path() -> 'clmul' | 'table': which implementation this machine uses
Napi::Value Crc32Path(const Napi::CallbackInfo& info) {
#if defined(__x86_64__)
  return Napi::String::New(info.Env(), ClmulOk() ? "clmul" : "table");
#else
  return Napi::String::New(info.Env(), "table");
#endif
}

// crc32(view, [crc]) -> the CRC-32 of a TypedArray/DataView's bytes (continuing from crc)
Napi::Value Crc32Fn(const Napi::CallbackInfo& info) {
  uint32_t seed = info.Length() > 1 && info[1].IsNumber() ? info[1].As<Napi::Number>().Uint32Value() : 0;
  const unsigned char* p;
  size_t n;
  if (info[0].IsTypedArray()) {
    Napi::TypedArray ta = info[0].As<Napi::TypedArray>();
    p = static_cast<const unsigned char*>(ta.ArrayBuffer().Data()) + ta.ByteOffset();
    n = ta.ByteLength();
  } else if (info[0].IsArrayBuffer()) {
    Napi::ArrayBuffer ab = info[0].As<Napi::ArrayBuffer>();
    p = static_cast<const unsigned char*>(ab.Data());
    n = ab.ByteLength();
  } else {
    Throw(ErrorKind::Type, "crc32: expected a TypedArray or an ArrayBuffer");
  }
  if (n > 0 && p == nullptr) Throw(ErrorKind::Type, "crc32: the buffer is detached");
  return Napi::Number::New(info.Env(), Crc32(seed, p, n));
}

}  // namespace

void InitSerializeFiles(Napi::Env env, Napi::Object exports, Instance* inst) {
  Export<ReadRecords>(env, exports, "readRecords", inst);
  Export<MapFile>(env, exports, "mapFile", inst);
  Export<WriteArchive>(env, exports, "writeArchive", inst);
  Export<Crc32Fn>(env, exports, "crc32", inst);
  Export<Crc32Path>(env, exports, "crc32Path", inst);
}

}  // namespace tn
