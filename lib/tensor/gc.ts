// Pacing V8's garbage collector by native tensor memory, so that tensors made outside every scope are freed inside
// synchronous loops too (a PyTorch-style loop without tidy or dispose). The native table tracks each such tensor's
// JS object with a weak reference, which any GC clears; when enough unscoped memory has been made since the last
// sweep, the table asks for a minor GC (cheap: only the young generation, where short-lived tensors die) and then
// frees the tensors whose objects are gone. When the memory that survives minor GCs keeps growing, a major GC
// follows. Measured and chosen in docs/decisions.md ("Memory without scopes").
import * as v8 from 'v8';
import * as vm from 'vm';

import { native } from '../native/binding';

type GcFunction = (options?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

/** V8's gc(): the global one when the process runs with --expose-gc, else one taken from a fresh context. */
function obtainGc(): GcFunction | null {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') return global as GcFunction;
  try {
    v8.setFlagsFromString('--expose-gc');
    const fn: unknown = vm.runInNewContext('gc');
    return typeof fn === 'function' ? (fn as GcFunction) : null;
  } catch {
    return null; // no gc() here: tensors are still freed, after the collections V8 runs by itself
  }
}

// TORCH_NODE_GC=natural leaves collection to V8's own schedule (for measurements; docs/decisions.md).
const gc = process.env.TORCH_NODE_GC === 'natural' ? null : obtainGc();

/** Runs a minor GC (and a major one when advised) and frees the unscoped tensors whose objects were collected. */
export function collectUnreachable(): void {
  if (gc !== null) gc({ type: 'minor' });
  if (native.sweep(false)) {
    if (gc !== null) gc({ type: 'major' });
    native.sweep(true);
  }
}

/** A full collection: a major GC, then every unscoped tensor whose object is gone is freed (torch.memory.collect). */
export function collectAll(): void {
  if (gc !== null) gc({ type: 'major' });
  native.sweep(true);
}
