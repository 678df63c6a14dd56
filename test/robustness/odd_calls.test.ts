// Every public op called with odd arguments returns or throws a JS Error; the process never crashes.
import { spawnSync } from 'child_process';
import * as path from 'path';

test('thousands of odd calls across the whole API: no crash, only JS errors', () => {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'odd_calls.js')], { encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.signal).toBeNull();
  expect(r.status).toBe(0);
  const m = /DONE (\d+) (\d+)/.exec(r.stdout);
  expect(m).not.toBeNull();
  expect(Number(m![1])).toBeGreaterThan(20000);
  expect(Number(m![2])).toBe(0); // everything thrown is an Error
});
