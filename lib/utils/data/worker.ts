// DataLoader's worker threads: how a dataset and its samples cross to and from a worker_thread, and the loop a
// worker runs. Tensors cross without copying (torch.shareTensor / takeTensor share the storage); a dataset is
// rebuilt in each worker from what it reduces to: TensorDataset, Subset, ConcatDataset, StackDataset and
// ChainDataset by themselves, any other dataset by its `__reduce__()`:
//
//   // my_dataset.js
//   class Squares extends torch.utils.data.Dataset {
//     constructor(n) { super(); this.n = n; }
//     __getitem__(i) { return torch.tensor([i, i * i]); }
//     __len__() { return this.n; }
//     __reduce__() { return [__filename, 'Squares', [this.n]]; }   // module, export, constructor arguments
//   }
//   module.exports = { Squares };
//
// The export is constructed with `new` when it is a class and called when it is a function. Arguments may hold
// tensors and datasets (they travel the same way) and anything structured clone copies.
//
// Each worker sends a result through its own MessagePort and then bumps a shared counter, so that the loader can
// wait for "any result" either synchronously (Atomics.wait, then receiveMessageOnPort: a plain `for...of` over a
// DataLoader with workers blocks the main thread only while no batch is ready) or asynchronously (Atomics.waitAsync).
import * as fs from 'fs';
import * as path from 'path';
import { types } from 'util';
import { workerData } from 'worker_threads';

import { Tensor } from '../../tensor/tensor';
import { shareTensor, takeTensor, releaseTensorToken, type TensorToken } from '../../tensor/transfer';
import { Dataset, IterableDataset, TensorDataset, Subset, ConcatDataset, StackDataset, ChainDataset } from './dataset';
import { default_collate, default_convert } from './collate';

/** What a dataset reduces to for a worker thread: [module (an absolute path, `__filename`, or a package name),
 *  the export's name, the arguments for it]. */
export type WorkerReduce = [module: string, name: string, args?: unknown[]];

/** torch.utils.data.get_worker_info() inside a worker; null in the main thread. */
export interface WorkerInfo {
  id: number;
  num_workers: number;
  /** base_seed + id, as PyTorch's (the default generator is shared by the whole process here, so it is not
   *  reseeded: a worker that needs its own random stream makes `new torch.Generator().manual_seed(info.seed)`). */
  seed: bigint;
  dataset: unknown;
}

let workerInfo: WorkerInfo | null = null;

/** In a DataLoader worker thread: its id, the number of workers, its seed and its copy of the dataset. */
export function get_worker_info(): WorkerInfo | null {
  return workerInfo;
}

// ---- encoding ------------------------------------------------------------------------------------------------
type Encoded = unknown;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function shareOne(t: Tensor): TensorToken {
  try {
    return shareTensor(t);
  } catch {
    return shareTensor(t.clone()); // over JavaScript memory (from_numpy): a copy in native memory travels
  }
}

/** Replaces tensors by share tokens and datasets by their reductions, recursively. */
export function encode(v: unknown, tokens: TensorToken[] = []): Encoded {
  if (v instanceof Tensor) {
    const tok = shareOne(v);
    tokens.push(tok);
    return { __tn_tensor: tok };
  }
  if (v === null || typeof v !== 'object') return v;
  if (types.isTypedArray(v) || v instanceof ArrayBuffer || v instanceof SharedArrayBuffer || v instanceof Date || v instanceof RegExp) return v;
  if (v instanceof TensorDataset) return { __tn_ds: 'TensorDataset', args: encode(v.tensors, tokens) };
  if (v instanceof Subset) return { __tn_ds: 'Subset', args: encode([v.dataset, v.indices], tokens) };
  if (v instanceof ConcatDataset) return { __tn_ds: 'ConcatDataset', args: encode([v.datasets], tokens) };
  if (v instanceof ChainDataset) return { __tn_ds: 'ChainDataset', args: encode([v.datasets], tokens) };
  if (v instanceof StackDataset) {
    const ds = v.datasets;
    return { __tn_ds: 'StackDataset', args: encode(Array.isArray(ds) ? ds : [ds], tokens) };
  }
  const reduce = (v as { __reduce__?: () => WorkerReduce }).__reduce__;
  if (typeof reduce === 'function') {
    const [module, name, args] = reduce.call(v);
    return { __tn_reduce: [module, name, encode(args ?? [], tokens)] };
  }
  if (v instanceof Dataset || v instanceof IterableDataset) {
    throw new TypeError(
      `DataLoader with num_workers > 0: ${v.constructor.name} cannot be rebuilt in a worker thread; give the class a ` +
        `__reduce__() returning [__filename, '${v.constructor.name}', [constructor arguments]] (it must be exported from ` +
        `a JavaScript module), or use num_workers: 0`,
    );
  }
  if (Array.isArray(v)) return v.map((x) => encode(x, tokens));
  if (v instanceof Map) return { __tn_map: [...v].map(([k, x]) => [k, encode(x, tokens)]) };
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = encode(x, tokens);
    return out;
  }
  return v; // structured clone copies the rest (class instances lose their prototype)
}

const DATASETS: Record<string, new (...a: never[]) => unknown> = {
  TensorDataset: TensorDataset as never,
  Subset: Subset as never,
  ConcatDataset: ConcatDataset as never,
  ChainDataset: ChainDataset as never,
  StackDataset: StackDataset as never,
};

function construct(mod: string, name: string, args: unknown[]): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const m = require(mod) as Record<string, unknown>;
  const f = (m[name] ?? (m.default as Record<string, unknown> | undefined)?.[name]) as ((...a: unknown[]) => unknown) | undefined;
  if (typeof f !== 'function') throw new TypeError(`DataLoader worker: ${mod} has no export '${name}'`);
  if (/^class\b/.test(Function.prototype.toString.call(f))) return new (f as unknown as new (...a: unknown[]) => unknown)(...args);
  return f(...args);
}

/** The inverse of encode: takes shared tensors, rebuilds datasets. */
export function decode(v: Encoded): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (types.isTypedArray(v) || v instanceof ArrayBuffer || v instanceof SharedArrayBuffer || v instanceof Date || v instanceof RegExp) return v;
  if (Array.isArray(v)) return v.map(decode);
  const o = v as Record<string, unknown>;
  if ('__tn_tensor' in o) return takeTensor(o.__tn_tensor as TensorToken);
  if ('__tn_ds' in o) return new DATASETS[o.__tn_ds as string](...(decode(o.args) as never[]));
  if ('__tn_reduce' in o) {
    const [mod, name, args] = o.__tn_reduce as [string, string, Encoded];
    return construct(mod, name, decode(args) as unknown[]);
  }
  if ('__tn_map' in o) return new Map((o.__tn_map as [unknown, Encoded][]).map(([k, x]) => [k, decode(x)]));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decode(x);
  return out;
}

/** Releases the share tokens in an encoded value that will never be decoded. */
export function release(v: Encoded): void {
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) return v.forEach(release);
  const o = v as Record<string, unknown>;
  if ('__tn_tensor' in o) {
    releaseTensorToken(o.__tn_tensor as TensorToken);
    return;
  }
  for (const x of Object.values(o)) release(x);
}

/** The torch-node entry a worker thread loads: the built package (dist/cjs/index.js). */
export function workerEntry(): string {
  const built = path.resolve(__dirname, '..', '..', 'index.js');
  if (fs.existsSync(built) && __filename.endsWith('.js')) return built;
  const dist = path.resolve(__dirname, '..', '..', '..', 'dist', 'cjs', 'index.js'); // running from lib/ (tests)
  if (fs.existsSync(dist)) return dist;
  throw new Error('DataLoader workers need the built package (npm run build:ts): dist/cjs/index.js is missing');
}

/** The samples at a batch's indices (auto_collation) or at one index, of a map-style dataset or an array. */
export function fetchMap(dataset: unknown, index: number | number[], auto_collation: boolean): unknown {
  if (Array.isArray(dataset)) return auto_collation ? (index as number[]).map((i) => dataset[i]) : dataset[index as number];
  const ds = dataset as Dataset;
  if (auto_collation) {
    const idx = index as number[];
    return typeof ds.__getitems__ === 'function' ? ds.__getitems__(idx) : idx.map((i) => ds.__getitem__(i));
  }
  return ds.__getitem__(index as number);
}

// ---- the worker side -----------------------------------------------------------------------------------------
/** The side of a MessageChannel a worker talks over (worker_threads' MessagePort, typed here so that the
 *  package's declarations need no @types/node). */
export interface WorkerPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: never) => void): unknown;
  close(): void;
}

/** @internal What the loader hands a worker at start (workerData). */
export interface WorkerInit {
  entry: string;
  port: WorkerPort;
  signal: SharedArrayBuffer;
  dataset: Encoded;
  worker_id: number;
  num_workers: number;
  seed: string;
  iterable: boolean;
  auto_collation: boolean;
  batch_size: number | null;
  drop_last: boolean;
  /** 'default': the worker collates (default_collate / default_convert); 'none': the loader's collate_fn runs
   *  in the main thread on the samples. */
  collate: 'default' | 'none';
  worker_init_fn: string | null;
}

/** Messages to a worker: fetch one batch (indices, an index, or null for an iterable dataset), reset an iterable
 *  dataset's iteration (persistent workers, new epoch), stop. */
export type ToWorker = { type: 'fetch'; id: number; index: number | number[] | null } | { type: 'reset' } | { type: 'stop' };
/** Messages from a worker. */
export type FromWorker =
  | { type: 'data'; id: number; data: Encoded }
  | { type: 'end'; id: number }
  | { type: 'error'; id: number; error: { name: string; message: string; stack: string } };

const isThenable = (v: unknown): v is PromiseLike<unknown> => v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';

/** @internal The loop of a DataLoader worker thread (called by the worker's bootstrap with its workerData). */
export function _worker_main(): void {
  const init = workerData as WorkerInit;
  const port = init.port;
  const signal = new Int32Array(init.signal);
  const post = (m: FromWorker): void => {
    port.postMessage(m);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  const fail = (id: number, e: unknown): void => {
    const err = e instanceof Error ? e : new Error(String(e));
    post({ type: 'error', id, error: { name: err.name, message: err.message, stack: err.stack ?? String(err) } });
  };
  let dataset: unknown;
  try {
    dataset = decode(init.dataset);
    workerInfo = { id: init.worker_id, num_workers: init.num_workers, seed: BigInt(init.seed), dataset };
    if (init.worker_init_fn !== null) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const torch = require(init.entry);
      const src = init.worker_init_fn;
      let make: Function; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
      try {
        make = new Function('require', 'torch', `return (${src});`);
      } catch {
        // a method's source (`worker_init_fn(id) { ... }` in an object literal) is not an expression by itself
        make = new Function('require', 'torch', `const o = { ${src} }; return o[Object.keys(o)[0]];`);
      }
      const fn = make(require, torch) as (id: number) => unknown;
      fn(init.worker_id);
    }
  } catch (e) {
    port.on('message', (m: ToWorker) => {
      if (m.type === 'fetch') fail(m.id, e);
      else if (m.type === 'stop') port.close();
    });
    return;
  }
  let it: Iterator<unknown> | AsyncIterator<unknown> | null = null;
  let exhausted = false;
  const newIter = (): void => {
    const d = dataset as { [Symbol.asyncIterator]?: () => AsyncIterator<unknown>; [Symbol.iterator]?: () => Iterator<unknown> };
    it = typeof d[Symbol.asyncIterator] === 'function' ? d[Symbol.asyncIterator]!() : d[Symbol.iterator]!();
    exhausted = false;
  };
  const collate = init.collate === 'default' ? (init.auto_collation ? default_collate : default_convert) : (x: unknown) => x;

  const fetch = async (index: number | number[] | null): Promise<{ end: true } | { data: unknown }> => {
    if (init.iterable) {
      if (it === null) newIter();
      if (exhausted) return { end: true };
      const items: unknown[] = [];
      const want = init.auto_collation ? init.batch_size! : 1;
      while (items.length < want) {
        const r = await it!.next();
        if (r.done) {
          exhausted = true;
          break;
        }
        items.push(r.value);
      }
      if (items.length === 0 || (init.auto_collation && init.drop_last && items.length < want)) return { end: true };
      return { data: collate((init.auto_collation ? items : items[0]) as never) };
    }
    let data = fetchMap(dataset, index as number | number[], init.auto_collation);
    if (init.auto_collation && (data as unknown[]).some(isThenable)) data = await Promise.all(data as unknown[]);
    else if (isThenable(data)) data = await data;
    return { data: collate(data as never) };
  };

  // fetches run one after the other, in the order they were sent
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (m: ToWorker) => {
    if (m.type === 'stop') {
      chain = chain.then(() => port.close());
      return;
    }
    if (m.type === 'reset') {
      chain = chain.then(() => {
        it = null;
        exhausted = false;
      });
      return;
    }
    chain = chain.then(async () => {
      try {
        const r = await fetch(m.index);
        if ('end' in r) post({ type: 'end', id: m.id });
        else post({ type: 'data', id: m.id, data: encode(r.data) });
      } catch (e) {
        fail(m.id, e);
      }
    });
  });
}

/** The source a worker thread is started with (eval): loads the package and runs _worker_main. */
export function workerBootstrap(entry: string): string {
  return (
    `const m = require(${JSON.stringify(entry)});\n` +
    `const torch = m.utils ? m : m.default;\n` +
    `torch.utils.data._worker_main();\n`
  );
}

