// A small registry of native objects named by JS objects through integer ids (id 0 = none); the JS object's
// finalizer releases its id. Used for autograd nodes (grad_fn) and generators.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/errors.h"

namespace tn {

template <class T>
class IdRegistry {
 public:
  explicit IdRegistry(const char* what) : what_(what) {}
  uint32_t Put(T value) {
    uint32_t id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
    } else {
      id = static_cast<uint32_t>(slots_.size());
      slots_.emplace_back();
      used_.push_back(false);
    }
    slots_[id] = std::move(value);
    used_[id] = true;
    return id;
  }
  T& Get(uint32_t id) {
    if (id >= slots_.size() || !used_[id]) Throw(ErrorKind::Runtime, std::string("torch-node: stale ") + what_);
    return slots_[id];
  }
  void Release(uint32_t id) {
    if (id >= slots_.size() || !used_[id]) return;
    slots_[id] = T();
    used_[id] = false;
    free_.push_back(id);
  }

 private:
  std::vector<T> slots_{T()};  // id 0 is never handed out
  std::vector<bool> used_{false};
  std::vector<uint32_t> free_;
  const char* what_;
};

}  // namespace tn
