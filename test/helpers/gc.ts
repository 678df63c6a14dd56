// A synchronous full GC for tests (jest does not pass --expose-gc to its workers).
import * as v8 from 'v8';
import * as vm from 'vm';

v8.setFlagsFromString('--expose-gc');
const gcFn = vm.runInNewContext('gc') as () => void;

export function fullGc(): void {
  gcFn();
}

/** Lets the event loop turn (FinalizationRegistry callbacks run only then), with a GC before. */
export async function gcAndTurn(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    gcFn();
    await new Promise((r) => setImmediate(r));
  }
}
