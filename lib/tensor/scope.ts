// Deterministic memory release: scopes (torch.tidy), keep, dispose, and the live-tensor counters.
// See docs/memory.md for the model (dispose, scopes, and the garbage collector for tensors outside every scope).
import { native, type MemoryStats } from '../native/binding';
import { refuseAsync } from '../errors';
import { DEAD, Tensor, scopeState, trackUnscoped } from './tensor';
import { collectAll } from './gc';

/** Collects the tensors in a value: a Tensor, or Tensors inside arrays, Maps and plain objects (8 levels). */
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

function isThenable(v: unknown): boolean {
  return v !== null && (typeof v === 'object' || typeof v === 'function') &&
    typeof (v as { then?: unknown }).then === 'function';
}

/**
 * Runs `fn` in a scope: every tensor created while it runs is freed when it returns, except the tensors it
 * returns (a Tensor, or Tensors inside returned arrays, Maps and plain objects) and those passed to torch.keep().
 * Synchronous only: an async function is refused before it runs. Scopes nest; returned tensors move to the
 * enclosing scope. Tensors freed by the scope can no longer be used (DisposedTensorError).
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError('torch.tidy() expects a function');
  refuseAsync(fn, 'torch.tidy()', 'its tensors would be freed while it still runs; use a tidy() inside the async function around each synchronous step');
  const parent = scopeState.current;
  const parentEscapes = scopeState.escapes;
  const list: Tensor[] = [];
  native.scopeBegin();
  scopeState.current = list;
  scopeState.escapes = null;
  let result: T | undefined;
  let ok = false;
  try {
    result = fn();
    ok = true;
  } finally {
    const escapes = scopeState.escapes;
    scopeState.current = parent;
    scopeState.escapes = parentEscapes;
    // What to keep. Walking the result runs user code (getters, Proxy traps) that may throw: the scope still ends.
    let kept: Tensor[] = [];
    let problem: unknown = undefined;
    if (ok) {
      try {
        if (isThenable(result)) {
          Promise.resolve(result).catch(() => {}); // its own rejection is not ours to report
          problem = new TypeError('torch.tidy() cannot run a function that returns a Promise: its tensors would be freed while it still runs');
        } else {
          collect(result, kept, 0);
        }
      } catch (e) {
        problem = e;
        kept = [];
      }
    }
    const unscoped = native.scopeEnd(kept.map((t) => t._h));
    endScope(list, kept, escapes, parent, unscoped);
    if (problem !== undefined) throw problem;
  }
  return result as T;
}

/** The JS side of a scope's end: invalidates the objects of the tensors it freed, passes kept ones on. */
function endScope(list: Tensor[], kept: Tensor[], escapes: Set<Tensor> | null, parent: Tensor[] | null, unscoped: number[]): void {
  const keptSet = kept.length > 0 ? new Set(kept) : null;
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    if (t._h <= 0 || (escapes !== null && escapes.has(t))) continue;
    if (keptSet !== null && keptSet.has(t)) {
      if (parent !== null) parent.push(t);
      continue;
    }
    t._h = DEAD;
  }
  if (escapes !== null && parent !== null) {
    const up = (scopeState.escapes ??= new Set());
    for (const t of escapes) up.add(t);
  }
  if (unscoped.length > 0) {
    const set = new Set(unscoped);
    for (const t of kept) if (set.delete(t._h)) trackUnscoped(t);
  }
}

/** Takes a tensor out of every scope: it lives until dispose() or garbage collection. Returns it. */
export function keep<T extends Tensor>(t: T): T {
  if (!(t instanceof Tensor)) throw new TypeError('torch.keep() expects a Tensor');
  if (native.keep(t._h)) {
    trackUnscoped(t);
    if (scopeState.current !== null) (scopeState.escapes ??= new Set()).add(t);
  }
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
   *  bytes as reported to V8 (once per storage); collected: tensors freed because the GC collected their
   *  objects; sweeps: times the table looked for those; depth: current scope depth. */
  stats(): MemoryStats {
    return native.memoryStats();
  },
  resetPeak(): void {
    native.resetPeak();
  },
  /** Runs a full garbage collection now and frees every tensor outside a scope whose object is unreachable (as
   *  Python's gc.collect() would free unreachable cycles). Never needed for correctness; useful before measuring. */
  collect(): void {
    collectAll();
  },
};
