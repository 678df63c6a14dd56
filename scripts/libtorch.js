#!/usr/bin/env node
// LibTorch discovery and provisioning: the one place that decides which LibTorch torch-node builds against.
// Used by CMakeLists.txt (--cmake), binding.gyp (--gyp-*), the test helpers (--json) and scripts/build-native.js.
//
// Order: $LIBTORCH (an unpacked C++ distribution) -> an installed Python `torch` ($PYTHON or python3)
//        -> the pinned wheel already provisioned in the cache -> provision the pinned wheel from PyPI with pip.
// The cache lives outside the repository: $TORCH_NODE_CACHE or ~/.cache/torch-node.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const PINNED = '2.11.0';
const MIN = [2, 11];
const cacheRoot = process.env.TORCH_NODE_CACHE || path.join(os.homedir(), '.cache', 'torch-node');
const wheelDir = path.join(cacheRoot, `torch-${PINNED}`);
const python = process.env.PYTHON || 'python3';

class SetupError extends Error {}

function log(msg) {
  process.stderr.write(`[torch-node] ${msg}\n`);
}

function readVersion(root) {
  const candidates = [
    path.join(root, 'include', 'torch', 'headeronly', 'version.h'),
    path.join(root, 'include', 'torch', 'csrc', 'api', 'include', 'torch', 'version.h'),
  ];
  for (const file of candidates) {
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    const part = (name) => {
      const m = text.match(new RegExp(`#define\\s+TORCH_VERSION_${name}\\s+(\\d+)`));
      return m ? Number(m[1]) : undefined;
    };
    const major = part('MAJOR');
    if (major !== undefined) return `${major}.${part('MINOR')}.${part('PATCH')}`;
  }
  const bv = path.join(root, 'build-version');
  if (fs.existsSync(bv)) return fs.readFileSync(bv, 'utf8').trim();
  return undefined;
}

// The C++ ABI actually used by the libraries: libstdc++'s new-ABI strings are mangled with __cxx11.
function detectAbi(libDir) {
  const lib = path.join(libDir, 'libc10.so');
  const buf = fs.readFileSync(lib);
  return buf.includes('St7__cxx1112basic_string') ? 1 : 0;
}

function describe(root, source, extra = {}) {
  const includeDir = path.join(root, 'include');
  const libDir = path.join(root, 'lib');
  if (!fs.existsSync(path.join(includeDir, 'ATen', 'ATen.h')) || !fs.existsSync(path.join(libDir, 'libc10.so'))) {
    throw new SetupError(
      `${source}: ${root} is not a LibTorch distribution (expected include/ATen/ATen.h and lib/libc10.so).`,
    );
  }
  const version = readVersion(root);
  if (!version) throw new SetupError(`${source}: cannot read the LibTorch version under ${root}.`);
  const [maj, min] = version.split('.').map(Number);
  if (maj < MIN[0] || (maj === MIN[0] && min < MIN[1])) {
    throw new SetupError(
      `${source}: LibTorch ${version} at ${root} is too old; torch-node needs ${MIN.join('.')} or newer. ` +
        `Unset LIBTORCH (torch-node then installs torch==${PINNED} into ${cacheRoot}) or point it at LibTorch >= ${MIN.join('.')}.`,
    );
  }
  const abi = detectAbi(libDir);
  if (extra.declaredAbi !== undefined && extra.declaredAbi !== abi) {
    throw new SetupError(
      `${source}: ABI mismatch: torch reports _GLIBCXX_USE_CXX11_ABI=${extra.declaredAbi} but ${libDir}/libc10.so ` +
        `is built with _GLIBCXX_USE_CXX11_ABI=${abi}. Reinstall torch, or set LIBTORCH to a consistent distribution.`,
    );
  }
  const cuda = fs.existsSync(path.join(libDir, 'libtorch_cuda.so'));
  const libs = ['c10', 'torch_cpu', 'torch'];
  const cudaLibs = cuda ? ['torch_cuda', 'c10_cuda'] : [];
  return {
    source,
    root,
    version,
    abi,
    cuda,
    includeDirs: [includeDir, path.join(includeDir, 'torch', 'csrc', 'api', 'include')],
    libDir,
    libs,
    cudaLibs,
    pythonPath: extra.pythonPath ?? null,
    python: extra.python ?? null,
  };
}

function runPython(args, env) {
  const r = spawnSync(python, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.error || r.status !== 0) return null;
  return r.stdout;
}

const PROBE = [
  '-c',
  'import json, os, torch; print(json.dumps({"root": os.path.dirname(torch.__file__), ' +
    '"version": torch.__version__, "abi": int(torch._C._GLIBCXX_USE_CXX11_ABI)}))',
];

function fromPython(pythonPath) {
  const out = runPython(PROBE, pythonPath ? { PYTHONPATH: pythonPath } : {});
  if (!out) return null;
  const info = JSON.parse(out.trim().split('\n').pop());
  return describe(info.root, pythonPath ? `cached torch wheel (${pythonPath})` : `Python torch (${python})`, {
    declaredAbi: info.abi,
    pythonPath,
    python,
  });
}

function provision() {
  log(`no LibTorch found: installing torch==${PINNED} from PyPI into ${wheelDir} (about 2.7 GB, once)`);
  fs.mkdirSync(cacheRoot, { recursive: true });
  const tmp = `${wheelDir}.partial-${process.pid}`;
  const r = spawnSync(
    python,
    ['-m', 'pip', 'install', '--no-input', '--disable-pip-version-check', '--target', tmp, `torch==${PINNED}`, 'numpy', 'pyyaml'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (r.error || r.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new SetupError(
      `pip could not install torch==${PINNED} (${r.error ? r.error.message : `exit ${r.status}`}). ` +
        `Install it yourself (pip install torch==${PINNED}) or set LIBTORCH to an unpacked LibTorch >= ${MIN.join('.')}.`,
    );
  }
  fs.rmSync(wheelDir, { recursive: true, force: true });
  fs.renameSync(tmp, wheelDir); // atomic: a half-finished install never looks like a cache hit
}

function find({ allowProvision = true } = {}) {
  if (process.env.LIBTORCH) {
    return describe(path.resolve(process.env.LIBTORCH), `LIBTORCH=${process.env.LIBTORCH}`, {
      python: python,
      pythonPath: fs.existsSync(wheelDir) ? wheelDir : null,
    });
  }
  if (process.env.TORCH_NODE_NO_SYSTEM_TORCH !== '1') {
    const sys = fromPython(null);
    if (sys) return sys;
  }
  if (fs.existsSync(path.join(wheelDir, 'torch'))) {
    const cached = fromPython(wheelDir);
    if (cached) return cached;
    return describe(path.join(wheelDir, 'torch'), `cached torch wheel (${wheelDir})`, { pythonPath: wheelDir, python });
  }
  if (!allowProvision) return null;
  provision();
  return find({ allowProvision: false });
}

function main() {
  const mode = process.argv[2] || '--summary';
  let info;
  try {
    info = find({ allowProvision: mode !== '--json-if-present' });
  } catch (e) {
    if (e instanceof SetupError) {
      log(`error: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  const libFlags = () => {
    const l = info.libs.map((n) => `-l${n}`);
    if (info.cuda) l.push('-Wl,--no-as-needed', ...info.cudaLibs.map((n) => `-l${n}`), '-Wl,--as-needed');
    return [`-L${info.libDir}`, `-Wl,-rpath,${info.libDir}`, ...l];
  };
  switch (mode) {
    case '--summary':
      log(`LibTorch ${info.version} from ${info.source}`);
      log(`  path: ${info.root}`);
      log(`  C++ ABI: _GLIBCXX_USE_CXX11_ABI=${info.abi}; CUDA: ${info.cuda ? 'yes' : 'no'}`);
      break;
    case '--json':
    case '--json-if-present':
      process.stdout.write(JSON.stringify(info ?? null, null, 2) + '\n');
      break;
    case '--cmake': // one KEY=VALUE per line, read by CMakeLists.txt
      log(`LibTorch ${info.version} from ${info.source} (${info.root}); ABI=${info.abi}; CUDA: ${info.cuda ? 'yes' : 'no'}`);
      process.stdout.write(
        [
          `TORCH_VERSION=${info.version}`,
          `TORCH_ABI=${info.abi}`,
          `TORCH_CUDA=${info.cuda ? 1 : 0}`,
          `TORCH_INCLUDE_DIRS=${info.includeDirs.join(',')}`,
          `TORCH_LIB_DIR=${info.libDir}`,
          `TORCH_LIBS=${info.libs.join(',')}`,
          `TORCH_CUDA_LIBS=${info.cudaLibs.join(',')}`,
        ].join('\n') + '\n',
      );
      break;
    case '--gyp-include':
      process.stdout.write(info.includeDirs.join(' ') + '\n');
      break;
    case '--gyp-libs':
      process.stdout.write(libFlags().join(' ') + '\n');
      break;
    case '--gyp-defines':
      process.stdout.write(`_GLIBCXX_USE_CXX11_ABI=${info.abi}\n`);
      break;
    default:
      log(`unknown mode ${mode}`);
      process.exit(2);
  }
}

if (require.main === module) main();
module.exports = { find, PINNED, cacheRoot, wheelDir };
