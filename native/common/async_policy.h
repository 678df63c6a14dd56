// Which async jobs run on the JS thread (common/async.h, decision 40): those predicted to take no longer than the
// inline budget. Predictions come from the same job's last duration, keyed by a signature its caller computes
// (the autograd graph's shape, a TorchScript method and its inputs' shapes), or from a learned rate (bytes read
// from the page cache). JS thread only.
#pragma once
#include <cstdint>
#include <unordered_map>

namespace tn {

// Folds v into the signature h.
inline uint64_t MixSignature(uint64_t h, uint64_t v) {
  return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}
// Folds a device (type and index) into the signature h.
inline uint64_t MixDevice(uint64_t h, int type, int index) {
  return MixSignature(h, static_cast<uint64_t>(type) * 1024 + static_cast<uint64_t>(index + 1));
}

struct AsyncPolicy {
  // Jobs predicted to take at most this long run inline; 0 sends every job to the worker thread.
  double budgetUs = 1000;

  bool RunsInline(double predictedUs) const { return budgetUs > 0 && predictedUs >= 0 && predictedUs <= budgetUs; }

  // The last duration of the job with this signature, or -1.
  double Last(uint64_t signature) const {
    auto it = last_.find(signature);
    return it == last_.end() ? -1 : it->second;
  }
  void Record(uint64_t signature, double us) {
    if (last_.size() >= 4096) last_.clear();  // a bound, not an LRU: a training loop refills its few entries at once
    last_[signature] = us;
  }

  // Reads from the page cache: microseconds per byte, learned from inline reads (the first guess is 2 GB/s).
  double PredictRead(double bytes) const { return bytes * readUsPerByte_; }
  void RecordRead(double bytes, double us) {
    if (bytes < 65536) return;  // fixed costs dominate: no rate to learn
    readUsPerByte_ = 0.5 * readUsPerByte_ + 0.5 * (us / bytes);
  }

 private:
  std::unordered_map<uint64_t, double> last_;
  double readUsPerByte_ = 1.0 / 2000.0;
};

}  // namespace tn
