// The file work of serialization that must be native (lib/serialization does the formats in TypeScript):
// reading records into fresh storages, mapping a file, writing an archive atomically, CRC-32. Each file
// function has a synchronous form and an asynchronous one (a Promise settled by PromiseWorker).
#pragma once
#include "common/instance.h"

namespace tn {
void InitSerializeFiles(Napi::Env env, Napi::Object exports, Instance* inst);
}  // namespace tn
