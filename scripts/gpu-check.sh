#!/usr/bin/env bash
# The GPU check: builds torch-node on a bare GPU machine and proves the core on CUDA.
#
#   scripts/gpu-check.sh [--dry-run] REPORT_DIR
#
# The GPU machine receives a copy of the work tree (python3 with torch 2.11.0+cu130, nvcc, cmake, ninja; no Node,
# no network). The ignored folders prepared by scripts/gpu-prepare.sh travel with it: .node-dist (Node, xz),
# dist (compiled TypeScript), node_modules/node-addon-api and node_modules/node-api-headers (see docs/gpu/README.md).
# Steps: unpack Node, build the addon against that machine's torch with all cores, run the CUDA tests
# (test/cuda, node:test), run the CUDA benchmarks against Python torch on the same GPU, and write report.md plus
# the raw logs into REPORT_DIR. Exits non-zero if anything failed. --dry-run (CI, no GPU) skips what needs a GPU:
# the benchmarks; the CUDA tests then skip themselves and check the no-GPU errors instead.
set -uo pipefail
dry=0
if [ "${1:-}" = "--dry-run" ]; then dry=1; shift; fi
if [ $# -lt 1 ]; then echo "usage: $0 [--dry-run] REPORT_DIR" >&2; exit 2; fi
mkdir -p "$1"
report_dir=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
t_start=$(date +%s)
declare -a rows=()
failed=0

# run NAME CMD...: runs a step, logging to REPORT_DIR/NAME.log, and records its status and duration
run() {
  local name=$1; shift
  local t0=$(date +%s)
  if "$@" >"$report_dir/$name.log" 2>&1; then
    rows+=("| $name | ok | $(( $(date +%s) - t0 )) s |")
  else
    rows+=("| $name | **FAILED** (exit $?) | $(( $(date +%s) - t0 )) s |")
    failed=1
  fi
}

# ---- Node: the one on PATH, or the carried binary
if ! command -v node >/dev/null 2>&1; then
  if [ ! -f .node-dist/node.xz ]; then
    echo "gpu-check: no node on PATH and no .node-dist/node.xz (run scripts/gpu-prepare.sh and carry .node-dist)" >&2
    exit 2
  fi
  mkdir -p /tmp/torch-node-node/bin
  xz -dc .node-dist/node.xz > /tmp/torch-node-node/bin/node && chmod +x /tmp/torch-node-node/bin/node
  export PATH="/tmp/torch-node-node/bin:$PATH"
fi
for need in dist/cjs/index.js node_modules/node-addon-api/napi.h node_modules/node-api-headers/include/node_api.h; do
  if [ ! -f "$need" ]; then
    echo "gpu-check: $need is missing (run scripts/gpu-prepare.sh and carry the folders it names)" >&2
    exit 2
  fi
done

# ---- environment
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "node: $(node --version)"
  echo "python torch: $(python3 -c 'import torch; print(torch.__version__, "cuda", torch.version.cuda)' 2>&1 | tail -1)"
  echo "cmake: $(cmake --version | head -1)"
  echo "cores: $(nproc)"
  if command -v nvidia-smi >/dev/null 2>&1; then nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader; else echo "nvidia-smi: not found"; fi
} >"$report_dir/env.log" 2>&1

# ---- build against this machine's torch
build() {
  local gen=()
  command -v ninja >/dev/null 2>&1 && gen=(-G Ninja)
  cmake -S . -B build-gpu "${gen[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_JS_INC="$root/node_modules/node-api-headers/include" &&
    cmake --build build-gpu -j "$(nproc)"
}
run build build
export TORCH_NODE_ADDON="$root/build-gpu/torch_node.node"

# ---- CUDA tests
if [ -f "$TORCH_NODE_ADDON" ]; then
  run cuda-tests node --test --test-reporter=tap test/cuda/
  if [ $dry -eq 0 ]; then
    run cuda-bench node bench/cuda.js
  fi
fi

# ---- report
tap() { grep -E "^# $1 " "$report_dir/cuda-tests.log" 2>/dev/null | awk '{print $3}'; }
{
  echo "# torch-node GPU check$([ $dry -eq 1 ] && echo ' (dry run: no GPU steps)')"
  echo
  echo '```'
  cat "$report_dir/env.log"
  echo '```'
  echo
  echo "| step | result | time |"
  echo "|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "CUDA tests: $(tap pass) passed, $(tap fail) failed, $(tap skipped) skipped (of $(tap tests))."
  grep -E "^# device:" "$report_dir/cuda-tests.log" 2>/dev/null | sed 's/^# /- /'
  if grep -q "^not ok" "$report_dir/cuda-tests.log" 2>/dev/null; then
    echo
    echo "Failed tests:"
    grep "^\s*not ok" "$report_dir/cuda-tests.log" | sed 's/^/- /'
  fi
  if [ -f "$report_dir/cuda-bench.log" ]; then
    echo
    echo "## Benchmarks (same GPU, one run)"
    echo
    cat "$report_dir/cuda-bench.log"
  fi
  echo
  echo "Total: $(( $(date +%s) - t_start )) s. Raw logs: env.log, build.log, cuda-tests.log$([ $dry -eq 0 ] && echo ', cuda-bench.log')."
} >"$report_dir/report.md"
cat "$report_dir/report.md"
exit $failed
