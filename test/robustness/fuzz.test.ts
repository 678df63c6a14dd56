// The bounded fuzzer (fuzz.js) in child processes: fixed seeds, a time budget each (FUZZ_SECONDS, default 20).
// Any crash, hang, or value thrown that is not an Error fails.
import { spawnSync } from 'child_process';
import * as path from 'path';

const seconds = Number(process.env.FUZZ_SECONDS || 20);

test.each([1, 2, 3])('seed %i: random hostile calls across the API never crash the process', (seed) => {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'fuzz.js'), String(seed), String(seconds)], {
    encoding: 'utf8',
    timeout: (seconds + 60) * 1000,
    maxBuffer: 256 << 20,
    env: { ...process.env, FUZZ_TRACE: '1' }, // every call is traced to stderr: a crash or hang names its call
  });
  const lastCall = r.stderr.trimEnd().split('\n').slice(-3).join('\n');
  expect({ signal: r.signal, status: r.status, lastCall: r.status === 0 ? '' : lastCall }).toEqual({ signal: null, status: 0, lastCall: '' });
  const m = /FUZZ (\d+) (\d+)/.exec(r.stdout);
  expect(m).not.toBeNull();
  expect(Number(m![1])).toBeGreaterThan(1000);
  expect(r.stdout).not.toContain('non-Error thrown');
  expect(Number(m![2])).toBe(0);
});
