// The bounded mutation fuzzer of the loaders (fuzz_load.js) in child processes: fixed seeds, a time budget each
// (FUZZ_SECONDS, default 15). A crash, a hang, a load over 5 s or a throw that is not one of torch-node's errors fails.
import { spawnSync } from 'child_process';
import * as path from 'path';

const seconds = Number(process.env.FUZZ_SECONDS || 15);

test.each([1, 2])('seed %i: mutated checkpoints and safetensors files never crash, hang or throw non-errors', (seed) => {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'fuzz_load.js'), String(seed), String(seconds)], {
    encoding: 'utf8',
    timeout: (seconds + 60) * 1000,
    maxBuffer: 16 << 20,
  });
  expect({ signal: r.signal, status: r.status, stderr: r.stderr.slice(-3000) }).toEqual({ signal: null, status: 0, stderr: '' });
  const m = /FUZZ (\d+) (\d+)/.exec(r.stdout);
  expect(m).not.toBeNull();
  expect(Number(m![1])).toBeGreaterThan(1000);
  expect(Number(m![2])).toBe(0);
}, 180000);
