// Deterministic memory release: scopes (torch.tidy), keep, dispose, and the live-tensor counters.
// See docs/memory.md for the model (three tiers: dispose, scopes, the finalization safety net).
import { native, type MemoryStats } from '../native/binding';
import { Tensor, registerUnscoped, scopeState } from './tensor';

function collect(value: unknown, out: Tensor[], depth: number): void {
  if (value instanceof Tensor) {
    out.push(value);
  } else if (depth < 8 && value !== null && typeof value === 'object') {
    if (Array.isArray(value)) {
      for (const v of value) collect(v, out, depth + 1);
    } else if (value instanceof Map) {
      for (const v of value.values()) collect(v, out, depth + 1);
    } else if (Object.getPrototypeOf(value) === Object.prototype) {
      for (const v of Object.values(value)) collect(v, out, depth + 1);
    }
  }
}

/**
 * Runs `fn` in a scope: every tensor created while it runs is freed when it returns, except the tensors it
 * returns (a Tensor, or Tensors inside returned arrays, Maps and plain objects) and those passed to torch.keep().
 * Synchronous only: `fn` must not return a Promise. Scopes nest; returned tensors move to the enclosing scope.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError('torch.tidy() expects a function');
  native.scopeBegin();
  scopeState.depth++;
  let result: T | undefined;
  let ok = false;
  try {
    result = fn();
    ok = true;
  } finally {
    scopeState.depth--;
    const kept: Tensor[] = [];
    let asyncResult = false;
    if (ok) {
      if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
        asyncResult = true;
      } else {
        collect(result, kept, 0);
      }
    }
    const unscoped = native.scopeEnd(kept.map((t) => t._h));
    if (unscoped.length > 0) {
      const set = new Set(unscoped);
      for (const t of kept) if (set.has(t._h)) registerUnscoped(t);
    }
    if (asyncResult) {
      throw new TypeError(
        'torch.tidy() cannot run an async function: its tensors would be freed while it still runs. ' +
          'Use a tidy() inside the async function around each synchronous step instead.',
      );
    }
  }
  return result as T;
}

/** Takes a tensor out of every scope: it lives until dispose() or garbage collection. Returns it. */
export function keep<T extends Tensor>(t: T): T {
  if (!(t instanceof Tensor)) throw new TypeError('torch.keep() expects a Tensor');
  if (native.keep(t._h)) registerUnscoped(t);
  return t;
}

/** Disposes every tensor in a value (a Tensor, or arrays / Maps / plain objects holding tensors). */
export function dispose(value: unknown): void {
  const ts: Tensor[] = [];
  collect(value, ts, 0);
  for (const t of ts) t.dispose();
}

/** torch.memory: native tensor counters, for tests and leak hunting. */
export const memory = {
  /** live: tensors alive now; peak: most alive at once since resetPeak(); created: total ever made;
   *  unscoped: live tensors outside every scope (released by dispose() or the GC); externalBytes: their storage
   *  bytes as reported to V8; depth: current scope depth. */
  stats(): MemoryStats {
    return native.memoryStats();
  },
  resetPeak(): void {
    native.resetPeak();
  },
};

