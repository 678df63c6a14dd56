// Worker and process lifecycle (each scenario in its own child process, see lifecycle.js): terminating a worker at
// any point, process.exit() or an uncaught error inside hooks or during an async backward, never kill or hang the
// process; the exit code is the one the program chose.
import { spawnSync } from 'child_process';
import * as path from 'path';

const script = path.join(__dirname, 'lifecycle.js');

function run(scenario: string, seed = 1): { status: number | null; signal: string | null; out: string } {
  const r = spawnSync(process.execPath, [script, scenario, String(seed)], { encoding: 'utf8', timeout: 90_000 });
  return { status: r.status, signal: r.signal, out: `${r.stdout}\n${r.stderr}` };
}

describe('worker.terminate() at random moments never aborts the process', () => {
  const bodies = ['throwing', 'ops', 'backwardAsync', 'hookedBackwardAsync', 'hookedBackward', 'customFunction', 'mixed'];
  test.each(bodies)('while the worker runs %s', (body) => {
    for (const seed of [1, 2]) {
      const r = run(`terminate:${body}`, seed);
      expect({ signal: r.signal, status: r.status }).toEqual({ signal: null, status: 0 });
      expect(r.out).toContain('OK');
    }
  });
});

describe('a worker that ends itself leaves the process running', () => {
  test.each([
    ['exitInHook', 3],
    ['exitInHookAsync', 3],
    ['throwInHookAsync', 1],
    ['uncaught', 1],
    ['uncaughtDuringHookedAsync', 1],
  ] as const)('%s', (body, code) => {
    const r = run(`workerEnds:${body}`);
    expect({ signal: r.signal, status: r.status }).toEqual({ signal: null, status: 0 });
    expect(r.out).toContain(`worker exit code ${code}`);
  });
});

describe('the main thread exits while the engine needs it: no hang, the chosen exit code', () => {
  test.each([
    ['exitInHook', 3],
    ['exitInHookAsync', 3],
    ['exitDuringHookedAsync', 0],
    ['uncaughtDuringHookedAsync', 1],
    ['throwInHookAsync', 0],
  ] as const)('%s', (body, code) => {
    const r = run(`main:${body}`);
    expect({ signal: r.signal, status: r.status }).toEqual({ signal: null, status: code });
  });
});

test('hooks that fail hundreds of times leave the autograd engine as it was', () => {
  const r = run('main:hookErrorsRepeatedly');
  expect({ signal: r.signal, status: r.status, out: r.out.trim() }).toEqual({ signal: null, status: 0, out: '' });
});
