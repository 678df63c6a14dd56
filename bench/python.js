// The benchmarks' Python side: the Python torch torch-node was built against (scripts/libtorch.js), as the
// interpreter to run and an environment whose PYTHONPATH reaches it (python3 as it is when LibTorch is not described).
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');

/** {python, env}: `env` is `base` (default process.env) plus the PYTHONPATH of the pinned torch. */
function pythonEnv(base = process.env) {
  let info = {};
  try {
    info = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'libtorch.js'), '--json'], { encoding: 'utf8' }));
  } catch {
    // no LibTorch description: python3 as it is
  }
  const env = { ...base };
  if (info.pythonPath) env.PYTHONPATH = [info.pythonPath, env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  return { python: info.python || process.env.PYTHON || 'python3', env };
}

module.exports = { pythonEnv };
