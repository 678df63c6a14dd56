// torch.utils.data.DataLoader (torch/utils/data/dataloader.py): batches of a dataset's samples, in the order of a
// sampler, collated; loading in the main thread (num_workers 0) or in worker_threads that prepare prefetch_factor
// batches each ahead of time. The loader iterates both ways:
//
//   for (const [x, y] of loader) ...          // synchronous, as Python (with workers it blocks only while no batch is ready)
//   for await (const [x, y] of loader) ...    // asynchronous: the event loop runs while workers prepare batches
//
// Order and randomness as PyTorch's: each new iterator draws a base seed from the loader's generator (or the
// default one), then shuffle's RandomSampler draws its own seed, so that after torch.manual_seed(s) the batches
// come in the same order as in Python, with or without workers (batches are returned in sampler order).
import { Worker, MessageChannel, receiveMessageOnPort, type MessagePort } from 'worker_threads';

import { Tensor } from '../../tensor/tensor';
import { Generator } from '../../runtime/generator';
import { empty } from '../../generated/torch_functions';
import { is_available as cudaAvailable } from '../../cuda/cuda';
import { ValueError, TorchError } from '../../errors';
import { warn } from '../../warnings';
import { Dataset, IterableDataset } from './dataset';
import { Sampler, SequentialSampler, RandomSampler, BatchSampler, drawSeed, len } from './sampler';
import { default_collate, default_convert, type Collated } from './collate';
import { fetchMap, encode, decode, release, workerEntry, workerBootstrap, type WorkerInit, type ToWorker, type FromWorker } from './worker';

export interface DataLoaderOptions<T = unknown, B = Collated<T>> {
  /** Samples per batch (default 1); null turns batching off (each sample is converted, not collated). */
  batch_size?: number | null;
  /** Reshuffle every epoch (a RandomSampler over `generator`). */
  shuffle?: boolean | null;
  sampler?: Iterable<number> | null;
  batch_sampler?: Iterable<number[]> | null;
  /** Worker threads that load batches (0: in the main thread). */
  num_workers?: number;
  /** Builds a batch from a list of samples (default_collate); with workers it runs in the main thread. */
  collate_fn?: ((batch: T[]) => B) | null;
  /** Copy batches into page-locked memory (when CUDA is available; ignored with a warning otherwise). */
  pin_memory?: boolean;
  /** Drop the last, incomplete batch. */
  drop_last?: boolean;
  /** Seconds to wait for a worker's batch before failing (0: forever). */
  timeout?: number;
  /** Run in each worker after it has its dataset, with the worker id. It travels as source text (it runs inside
   *  the worker thread, where `require` and `torch` are in scope): it must not use variables of its closure. */
  worker_init_fn?: ((worker_id: number) => void) | null;
  /** Draws the base seed and shuffle's order (default: the default generator). */
  generator?: Generator | null;
  /** Batches each worker prepares ahead (default 2 with workers). */
  prefetch_factor?: number | null;
  /** Keep the workers (and their datasets) from one epoch to the next. */
  persistent_workers?: boolean;
  /** Ignored (PyTorch's pin_memory_device). */
  pin_memory_device?: string;
  /** Ignored: batches always come in sampler order. */
  in_order?: boolean;
}

type AnyDataset<T> = Dataset<T> | IterableDataset<T>;

const isIterableDataset = (d: unknown): boolean =>
  d instanceof IterableDataset ||
  (!(d instanceof Dataset) && !Array.isArray(d) && typeof (d as { __getitem__?: unknown }).__getitem__ !== 'function' &&
    (typeof (d as Iterable<unknown>)[Symbol.iterator] === 'function' || typeof (d as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'));

const isThenable = (v: unknown): v is PromiseLike<unknown> => v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';

function pin(v: unknown): unknown {
  if (v instanceof Tensor) return v.device.type === 'cpu' ? empty(v.shape, { dtype: v.dtype, pin_memory: true }).copy_(v) : v;
  if (Array.isArray(v)) return v.map(pin);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, pin(x)]));
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pin(x)]));
  }
  return v;
}

/** An infinite sampler of nulls: the "indices" of an iterable dataset. */
class InfiniteConstantSampler extends Sampler<null> {
  *[Symbol.iterator](): Iterator<null> {
    for (;;) yield null;
  }
}

/**
 * Batches of a dataset's samples (PyTorch's DataLoader): `new DataLoader(dataset, {batch_size, shuffle, num_workers,
 * ...})`, iterated with `for...of` or `for await...of`. In TypeScript a batch is typed `Collated<T>` for samples of
 * type T (a TensorDataset's batches are `Tensor[]`), or what collate_fn returns.
 */
export class DataLoader<T = unknown, B = Collated<T>> implements Iterable<B>, AsyncIterable<B> {
  readonly dataset: AnyDataset<T>;
  readonly batch_size: number | null;
  readonly drop_last: boolean;
  readonly sampler: Iterable<number> | Iterable<null>;
  readonly batch_sampler: Iterable<number[]> | null;
  readonly num_workers: number;
  readonly prefetch_factor: number | null;
  readonly pin_memory: boolean;
  readonly timeout: number;
  readonly worker_init_fn: ((worker_id: number) => void) | null;
  readonly persistent_workers: boolean;
  generator: Generator | null;
  readonly collate_fn: (batch: never) => B;
  private readonly customCollate: boolean;
  private readonly iterable: boolean;
  private persistent: WorkerPool | null = null;

  constructor(dataset: AnyDataset<T> | Iterable<T> | readonly T[], options: DataLoaderOptions<T, B> = {}) {
    this.dataset = dataset as AnyDataset<T>;
    const num_workers = options.num_workers ?? 0;
    if (!Number.isInteger(num_workers) || num_workers < 0) {
      throw new ValueError('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.');
    }
    const timeout = options.timeout ?? 0;
    if (timeout < 0) throw new ValueError('timeout option should be non-negative');
    let prefetch_factor = options.prefetch_factor ?? null;
    if (num_workers === 0 && prefetch_factor !== null) {
      throw new ValueError('prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor to None.');
    }
    if (num_workers > 0 && prefetch_factor === null) prefetch_factor = 2;
    if (prefetch_factor !== null && prefetch_factor < 0) throw new ValueError('prefetch_factor option should be non-negative');
    const persistent_workers = options.persistent_workers ?? false;
    if (persistent_workers && num_workers === 0) throw new ValueError('persistent_workers option needs num_workers > 0');
    this.num_workers = num_workers;
    this.prefetch_factor = prefetch_factor;
    this.timeout = timeout;
    this.worker_init_fn = options.worker_init_fn ?? null;
    this.persistent_workers = persistent_workers;
    this.generator = options.generator ?? null;

    let batch_size = options.batch_size === undefined ? 1 : options.batch_size;
    let drop_last = options.drop_last ?? false;
    const shuffle = options.shuffle ?? null;
    let sampler = options.sampler ?? null;
    const batch_sampler = options.batch_sampler ?? null;
    this.iterable = isIterableDataset(dataset);
    if (this.iterable) {
      if (shuffle) throw new ValueError(`DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${shuffle}`);
      if (sampler !== null) throw new ValueError(`DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=${String(sampler)}`);
      if (batch_sampler !== null) throw new ValueError(`DataLoader with IterableDataset: expected unspecified batch_sampler option, but got batch_sampler=${String(batch_sampler)}`);
    } else if (shuffle && sampler !== null) {
      throw new ValueError('sampler option is mutually exclusive with shuffle');
    }
    if (batch_sampler !== null) {
      if (batch_size !== 1 || shuffle || sampler !== null || drop_last) {
        throw new ValueError('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last');
      }
      batch_size = null;
      drop_last = false;
    } else if (batch_size === null && drop_last) {
      throw new ValueError('batch_size=None option disables auto-batching and is mutually exclusive with drop_last');
    }
    let resolvedSampler: Iterable<number> | Iterable<null>;
    if (sampler === null) {
      if (this.iterable) resolvedSampler = new InfiniteConstantSampler();
      else if (shuffle) resolvedSampler = new RandomSampler(dataset as Dataset<T>, { generator: this.generator });
      else resolvedSampler = new SequentialSampler(dataset as Dataset<T>);
      sampler = resolvedSampler as Iterable<number>;
    } else {
      resolvedSampler = sampler;
    }
    let bs = batch_sampler;
    if (batch_size !== null && bs === null && !this.iterable) bs = new BatchSampler(sampler, batch_size, drop_last);
    this.batch_size = batch_size;
    this.drop_last = drop_last;
    this.sampler = resolvedSampler;
    this.batch_sampler = bs;
    this.pin_memory = options.pin_memory ?? false;
    this.customCollate = options.collate_fn != null;
    this.collate_fn = (options.collate_fn ?? (this.auto_collation ? default_collate : default_convert)) as (batch: never) => B;
  }

  /** Whether batches are collated (batch_size or batch_sampler given). */
  get auto_collation(): boolean {
    return this.batch_sampler !== null || (this.iterable && this.batch_size !== null);
  }

  /** The sampler of what one step loads: the batch sampler, or the sampler. */
  get index_sampler(): Iterable<unknown> {
    return this.auto_collation && !this.iterable ? (this.batch_sampler as Iterable<number[]>) : this.sampler;
  }

  /** The number of batches (len(loader)); for an iterable dataset, from its __len__. */
  __len__(): number {
    if (this.iterable) {
      const n = len(this.dataset);
      if (this.batch_size !== null) return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
      return n;
    }
    return len(this.index_sampler);
  }
  get length(): number {
    return this.__len__();
  }

  /** Synchronous iteration (`for...of`), with or without workers. */
  [Symbol.iterator](): Iterator<B> {
    return this.makeIter(false) as Iterator<B>;
  }
  /** Asynchronous iteration (`for await...of`). */
  [Symbol.asyncIterator](): AsyncIterator<B> {
    return this.makeIter(true) as AsyncIterator<B>;
  }

  private makeIter(async: boolean): Iterator<B> | AsyncIterator<B> {
    if (this.pin_memory && !cudaAvailable()) {
      warn("'pin_memory' argument is set as true but no accelerator is found, then device pinned memory won't be used.");
    }
    const pinning = this.pin_memory && cudaAvailable();
    if (this.num_workers === 0) {
      drawSeed(this.generator); // the base seed every iterator draws (PyTorch's _BaseDataLoaderIter)
      return async ? new SingleAsyncIter(this, pinning) : new SingleIter(this, pinning);
    }
    let pool: WorkerPool;
    if (this.persistent_workers && this.persistent !== null && !this.persistent.closed) {
      pool = this.persistent;
      pool.reset(); // no new base seed: PyTorch resets the persistent iterator
    } else {
      const base_seed = drawSeed(this.generator);
      pool = new WorkerPool(this, base_seed);
      if (this.persistent_workers) this.persistent = pool;
    }
    return new MultiIter(this, pool, async, pinning);
  }

  /** Stops persistent workers (they also stop when the process exits). */
  shutdown(): void {
    this.persistent?.close();
    this.persistent = null;
  }

  /** @internal */
  _collate(batch: unknown): B {
    return this.collate_fn(batch as never);
  }
  /** @internal */
  _custom_collate(): boolean {
    return this.customCollate;
  }
  /** @internal */
  _iterable(): boolean {
    return this.iterable;
  }
}

// ---- loading in the main thread --------------------------------------------------------------------------------
/** What both main-thread iterators share: the index sampler's iterator, the dataset's iterator (iterable-style). */
abstract class MainThreadIter<B> {
  protected readonly indices: Iterator<unknown>;
  protected readonly data: Iterator<unknown> | AsyncIterator<unknown> | null = null;
  protected ended = false;
  constructor(protected readonly loader: DataLoader<unknown, B>, protected readonly pinning: boolean, async: boolean) {
    this.indices = loader.index_sampler[Symbol.iterator]();
    if (loader._iterable()) {
      const d = loader.dataset as unknown as { [Symbol.iterator]?: () => Iterator<unknown>; [Symbol.asyncIterator]?: () => AsyncIterator<unknown> };
      if (async && typeof d[Symbol.asyncIterator] === 'function') this.data = d[Symbol.asyncIterator]!();
      else if (typeof d[Symbol.iterator] === 'function') this.data = d[Symbol.iterator]!();
      else throw new TypeError('an async iterable dataset is iterated with for await');
    }
  }
  protected finish(batch: unknown): B {
    const out = this.loader._collate(batch);
    return (this.pinning ? pin(out) : out) as B;
  }
  /** How many samples one step takes from an iterable dataset. */
  protected want(): number {
    return this.loader.auto_collation ? this.loader.batch_size! : 1;
  }
  /** The batch of an iterable dataset's items, or null at the end. */
  protected fromItems(items: unknown[]): { batch: unknown } | null {
    const loader = this.loader;
    if (items.length === 0 || (loader.auto_collation && loader.drop_last && items.length < this.want())) return null;
    return { batch: loader.auto_collation ? items : items[0] };
  }
  protected end(): IteratorResult<B> {
    this.ended = true;
    return { done: true, value: undefined };
  }
}

class SingleIter<B> extends MainThreadIter<B> implements Iterator<B> {
  constructor(loader: DataLoader<unknown, B>, pinning: boolean) {
    super(loader, pinning, false);
  }
  [Symbol.iterator](): this {
    return this;
  }
  next(): IteratorResult<B> {
    if (this.ended) return { done: true, value: undefined };
    if (this.loader._iterable()) {
      const it = this.data as Iterator<unknown>;
      const items: unknown[] = [];
      while (items.length < this.want()) {
        const r = it.next();
        if (r.done) break;
        items.push(r.value);
      }
      const b = this.fromItems(items);
      return b === null ? this.end() : { done: false, value: this.finish(b.batch) };
    }
    const r = this.indices.next();
    if (r.done) return this.end();
    return { done: false, value: this.finish(fetchMap(this.loader.dataset, r.value as number | number[], this.loader.auto_collation)) };
  }
  return(): IteratorResult<B> {
    return this.end();
  }
}

/** The main-thread loader, asynchronously: samples may be promises (an async __getitem__), datasets async iterables. */
class SingleAsyncIter<B> extends MainThreadIter<B> implements AsyncIterator<B> {
  constructor(loader: DataLoader<unknown, B>, pinning: boolean) {
    super(loader, pinning, true);
  }
  [Symbol.asyncIterator](): this {
    return this;
  }
  async next(): Promise<IteratorResult<B>> {
    if (this.ended) return { done: true, value: undefined };
    const loader = this.loader;
    if (loader._iterable()) {
      const it = this.data!;
      const items: unknown[] = [];
      while (items.length < this.want()) {
        const r = await it.next();
        if (r.done) break;
        items.push(r.value);
      }
      const b = this.fromItems(items);
      return b === null ? this.end() : { done: false, value: this.finish(b.batch) };
    }
    const r = this.indices.next();
    if (r.done) return this.end();
    let data = fetchMap(loader.dataset, r.value as number | number[], loader.auto_collation);
    if (Array.isArray(data) && loader.auto_collation && data.some(isThenable)) data = await Promise.all(data);
    else if (isThenable(data)) data = await data;
    return { done: false, value: this.finish(data) };
  }
  async return(): Promise<IteratorResult<B>> {
    return this.end();
  }
}

// ---- worker threads --------------------------------------------------------------------------------------------
interface PoolWorker {
  worker: Worker;
  port: MessagePort;
  active: boolean;
}

/** The workers of one iterator (or of every epoch, persistent_workers). */
class WorkerPool {
  readonly workers: PoolWorker[] = [];
  readonly signal = new SharedArrayBuffer(4);
  readonly counter = new Int32Array(this.signal);
  closed = false;
  failure: Error | null = null;
  /** results that arrived, by task id */
  readonly results = new Map<number, FromWorker>();
  /** the worker of each outstanding task */
  readonly outstanding = new Map<number, number>();
  nextId = 0;

  constructor(readonly loader: DataLoader<unknown, unknown>, base_seed: bigint) {
    const entry = workerEntry();
    const n = loader.num_workers;
    for (let i = 0; i < n; i++) {
      const { port1, port2 } = new MessageChannel();
      const init: WorkerInit = {
        entry,
        port: port2 as unknown as WorkerInit['port'],
        signal: this.signal,
        dataset: encode(loader.dataset),
        worker_id: i,
        num_workers: n,
        seed: String(base_seed + BigInt(i)),
        iterable: loader._iterable(),
        auto_collation: loader.auto_collation,
        batch_size: loader.batch_size,
        drop_last: loader.drop_last,
        collate: loader._custom_collate() ? 'none' : 'default',
        worker_init_fn: loader.worker_init_fn ? String(loader.worker_init_fn) : null,
      };
      const worker = new Worker(workerBootstrap(entry), { eval: true, workerData: init, transferList: [port2] });
      worker.unref();
      port1.unref();
      const w: PoolWorker = { worker, port: port1, active: true };
      worker.on('error', (e) => {
        this.failure ??= e instanceof Error ? e : new Error(String(e));
        this.wake();
      });
      worker.on('exit', (code) => {
        if (!this.closed && code !== 0) {
          this.failure ??= new TorchError(`DataLoader worker (thread ${i}) exited unexpectedly with exit code ${code}`);
          this.wake();
        }
      });
      this.workers.push(w);
    }
  }

  private wake(): void {
    Atomics.add(this.counter, 0, 1);
    Atomics.notify(this.counter, 0);
  }

  send(w: number, m: ToWorker): void {
    this.workers[w].port.postMessage(m);
  }

  /** Moves every result that has arrived into `results`. */
  drain(): void {
    for (const w of this.workers) {
      for (;;) {
        const m = receiveMessageOnPort(w.port);
        if (m === undefined) break;
        const msg = m.message as FromWorker;
        this.outstanding.delete(msg.id);
        this.results.set(msg.id, msg);
      }
    }
  }

  /** Drops what is pending (a new epoch of persistent workers, or an iterator left early). */
  discardPending(): void {
    const deadline = Date.now() + 60_000;
    while (this.outstanding.size > 0 && this.failure === null && Date.now() < deadline) {
      const seen = Atomics.load(this.counter, 0);
      this.drain();
      if (this.outstanding.size > 0) Atomics.wait(this.counter, 0, seen, 100);
    }
    for (const r of this.results.values()) if (r.type === 'data') release(r.data);
    this.results.clear();
    this.outstanding.clear();
  }

  reset(): void {
    this.discardPending();
    for (let i = 0; i < this.workers.length; i++) {
      this.workers[i].active = true;
      if (this.loader._iterable()) this.send(i, { type: 'reset' });
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.drain();
    for (const r of this.results.values()) if (r.type === 'data') release(r.data);
    this.results.clear();
    for (const w of this.workers) {
      w.port.close();
      void w.worker.terminate();
    }
  }
}

/** Atomics.waitAsync (Node 16+; in TypeScript's lib from es2024). */
interface AtomicsWaitAsync {
  waitAsync(a: Int32Array, index: number, value: number, timeout?: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

class MultiIter<B> implements Iterator<B>, AsyncIterator<B> {
  private readonly indices: Iterator<unknown>;
  private samplerDone = false;
  private sendIdx = 0;
  private rcvdIdx = 0;
  private workerCycle = 0;
  private taskWorker = new Map<number, number>();
  private firstId: number;
  private ended = false;

  constructor(private readonly loader: DataLoader<unknown, B>, private readonly pool: WorkerPool, private readonly isAsync: boolean, private readonly pinning: boolean) {
    this.indices = loader.index_sampler[Symbol.iterator]();
    this.firstId = pool.nextId;
    for (let i = 0; i < loader.prefetch_factor! * loader.num_workers; i++) this.tryPut();
  }

  [Symbol.iterator](): this {
    return this;
  }
  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Sends the next index to the next active worker (round robin), as PyTorch's _try_put_index. */
  private tryPut(): void {
    if (this.samplerDone) return;
    const n = this.pool.workers.length;
    let w = -1;
    for (let k = 0; k < n; k++) {
      const c = (this.workerCycle + k) % n;
      if (this.pool.workers[c].active) {
        w = c;
        this.workerCycle = (c + 1) % n;
        break;
      }
    }
    if (w < 0) return;
    const r = this.indices.next();
    if (r.done) {
      this.samplerDone = true;
      return;
    }
    const id = this.pool.nextId++;
    this.taskWorker.set(id, w);
    this.pool.outstanding.set(id, w);
    this.pool.send(w, { type: 'fetch', id, index: r.value as number | number[] | null });
    this.sendIdx++;
  }

  /** The result of the task in order, or null when there is none left; `wait` blocks until something arrives. */
  private poll(): { value: B } | { done: true } | null {
    const pool = this.pool;
    for (;;) {
      if (pool.failure !== null) {
        const e = pool.failure;
        this.shutdown();
        throw e;
      }
      if (this.rcvdIdx >= this.sendIdx) {
        this.shutdown();
        return { done: true };
      }
      const id = this.firstId + this.rcvdIdx;
      pool.drain();
      const r = pool.results.get(id);
      if (r === undefined) return null;
      pool.results.delete(id);
      this.rcvdIdx++;
      const w = this.taskWorker.get(id)!;
      this.taskWorker.delete(id);
      if (r.type === 'end') {
        pool.workers[w].active = false; // an iterable dataset's copy in that worker is exhausted
        this.tryPut();
        continue;
      }
      if (r.type === 'error') {
        this.shutdown();
        const e = new Error(`Caught ${r.error.name} in DataLoader worker thread ${w}.\nOriginal ${r.error.stack}`);
        e.name = r.error.name;
        throw e;
      }
      this.tryPut();
      let batch = decode(r.data);
      if (this.loader._custom_collate()) batch = this.loader._collate(batch);
      return { value: (this.pinning ? pin(batch) : batch) as B };
    }
  }

  private timedOut(start: number): void {
    const t = this.loader.timeout;
    if (t > 0 && Date.now() - start > t * 1000) {
      this.shutdown();
      throw new TorchError(`DataLoader timed out after ${t} seconds`);
    }
  }

  next(): IteratorResult<B> & Promise<IteratorResult<B>> {
    if (this.isAsync) return this.nextAsync() as never;
    if (this.ended) return { done: true, value: undefined } as never;
    const start = Date.now();
    for (;;) {
      const seen = Atomics.load(this.pool.counter, 0);
      const r = this.poll();
      if (r !== null) return ('done' in r ? { done: true, value: undefined } : { done: false, value: r.value }) as never;
      this.timedOut(start);
      Atomics.wait(this.pool.counter, 0, seen, 200);
    }
  }

  private async nextAsync(): Promise<IteratorResult<B>> {
    if (this.ended) return { done: true, value: undefined };
    const start = Date.now();
    for (;;) {
      const seen = Atomics.load(this.pool.counter, 0);
      const r = this.poll();
      if (r !== null) return 'done' in r ? { done: true, value: undefined } : { done: false, value: r.value };
      this.timedOut(start);
      const w = (Atomics as unknown as AtomicsWaitAsync).waitAsync(this.pool.counter, 0, seen, 200);
      if (w.async) {
        // Atomics.waitAsync does not keep the event loop alive (the workers and ports are unref'd so that idle
        // persistent workers never hold the process): a timer does, while a batch is awaited
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([w.value, new Promise((r) => (timer = setTimeout(r, 250)))]);
        clearTimeout(timer);
      }
    }
  }

  private shutdown(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.loader.persistent_workers) this.pool.close();
  }

  return(): IteratorResult<B> & Promise<IteratorResult<B>> {
    this.shutdown();
    const r = { done: true as const, value: undefined };
    return (this.isAsync ? Promise.resolve(r) : r) as never;
  }
}
