// torch.utils.data datasets (torch/utils/data/dataset.py): Dataset (map-style: __getitem__ and __len__),
// IterableDataset, TensorDataset, ConcatDataset, ChainDataset, Subset, StackDataset and random_split.
//
// Python's `dataset[i]` and `len(dataset)` are `dataset.__getitem__(i)` and `dataset.__len__()` here (also
// `dataset.length`). A dataset used with DataLoader({num_workers > 0}) is rebuilt inside each worker thread:
// TensorDataset, Subset, ConcatDataset, StackDataset travel by themselves (their tensors are shared, not copied);
// a dataset class of your own declares how to rebuild it with `__reduce__()` (see WorkerReduce in worker.ts).
import { Tensor } from '../../tensor/tensor';
import { Generator, default_generator } from '../../runtime/generator';
import { randperm } from '../../generated/torch_functions';
import { ValueError, IndexError } from '../../errors';
import { warn } from '../../warnings';
import type { WorkerReduce } from './worker';

/** A map-style dataset: every subclass implements __getitem__(index); most also __len__() (samplers need it). */
export abstract class Dataset<T = unknown> {
  abstract __getitem__(index: number): T;
  /** The number of samples. Subclasses that support samplers implement it (or set `this.length`). */
  __len__(): number {
    const own = Object.getOwnPropertyDescriptor(this, 'length');
    if (own !== undefined && typeof own.value === 'number') return own.value;
    throw new TypeError(`object of type '${this.constructor.name}' has no len()`);
  }
  /** len(dataset). A subclass may also set it (`this.length = n`) instead of implementing __len__. */
  get length(): number {
    return this.__len__();
  }
  set length(n: number) {
    Object.defineProperty(this, 'length', { value: n, writable: true, configurable: true, enumerable: true });
  }
  /** Optional batch fetch (`__getitems__` in Python): the loader calls it with a batch's indices when present. */
  __getitems__?(indices: number[]): T[];
  /** How a worker thread rebuilds this dataset: [module path, export name, constructor arguments]. */
  __reduce__?(): WorkerReduce;
  /** `dataset + other` in Python: a ConcatDataset of both. */
  __add__<U>(other: Dataset<U>): ConcatDataset<T | U> {
    return new ConcatDataset<T | U>([this as Dataset<T | U>, other as Dataset<T | U>]);
  }
}

/** An iterable-style dataset: implements [Symbol.iterator] (or [Symbol.asyncIterator]). In worker threads each
 *  worker iterates its own copy; split the work with get_worker_info(). */
export abstract class IterableDataset<T = unknown> {
  abstract [Symbol.iterator](): Iterator<T>;
  __len__?(): number;
  __reduce__?(): WorkerReduce;
  __add__(other: IterableDataset<T>): ChainDataset<T> {
    return new ChainDataset<T>([this, other]);
  }
}

function checkIndex(index: number, n: number): number {
  if (!Number.isInteger(index)) throw new TypeError(`dataset indices must be integers, not ${typeof index}`);
  if (index < -n || index >= n) throw new IndexError(`index ${index} is out of bounds for dataset of size ${n}`);
  return index < 0 ? index + n : index;
}

/** Samples as the first-dimension slices of tensors of the same first size: `[x[i], y[i]]`. */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new ValueError('TensorDataset needs at least one tensor');
    const n = tensors[0].size(0);
    if (!tensors.every((t) => t.size(0) === n)) throw new ValueError('Size mismatch between tensors');
    this.tensors = tensors;
  }
  __getitem__(index: number): Tensor[] {
    const i = checkIndex(index, this.__len__());
    return this.tensors.map((t) => t.select(0, i));
  }
  override __len__(): number {
    return this.tensors[0].size(0);
  }
}

/** Samples as arrays (or objects) of the samples of several datasets of the same length. */
export class StackDataset<T = unknown> extends Dataset<T[] | Record<string, T>> {
  readonly datasets: Dataset<T>[] | Record<string, Dataset<T>>;
  private readonly _length: number;
  constructor(...args: Dataset<T>[] | [Record<string, Dataset<T>>]) {
    super();
    let list: Dataset<T>[];
    if (args.length === 1 && !(args[0] instanceof Dataset)) {
      this.datasets = args[0] as Record<string, Dataset<T>>;
      list = Object.values(this.datasets);
    } else {
      this.datasets = args as Dataset<T>[];
      list = this.datasets;
    }
    if (list.length === 0) throw new ValueError('At least one dataset should be passed');
    this._length = list[0].__len__();
    if (list.some((d) => d.__len__() !== this._length)) throw new ValueError('Size mismatch between datasets');
  }
  __getitem__(index: number): T[] | Record<string, T> {
    if (Array.isArray(this.datasets)) return this.datasets.map((d) => d.__getitem__(index));
    const out: Record<string, T> = {};
    for (const [k, d] of Object.entries(this.datasets)) out[k] = d.__getitem__(index);
    return out;
  }
  override __len__(): number {
    return this._length;
  }
}

/** The datasets one after the other. */
export class ConcatDataset<T = unknown> extends Dataset<T> {
  readonly datasets: Dataset<T>[];
  readonly cumulative_sizes: number[];
  constructor(datasets: Iterable<Dataset<T>>) {
    super();
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new ValueError('datasets should not be an empty iterable');
    for (const d of this.datasets) {
      if (d instanceof IterableDataset) throw new ValueError('ConcatDataset does not support IterableDataset');
    }
    this.cumulative_sizes = ConcatDataset.cumsum(this.datasets);
  }
  static cumsum(sequence: { __len__(): number }[]): number[] {
    const r: number[] = [];
    let s = 0;
    for (const e of sequence) r.push((s += e.__len__()));
    return r;
  }
  override __len__(): number {
    return this.cumulative_sizes[this.cumulative_sizes.length - 1];
  }
  __getitem__(idx: number): T {
    if (idx < 0) {
      if (-idx > this.__len__()) throw new ValueError('absolute value of index should not exceed dataset length');
      idx = this.__len__() + idx;
    }
    // bisect_right
    let lo = 0;
    let hi = this.cumulative_sizes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (idx < this.cumulative_sizes[mid]) hi = mid;
      else lo = mid + 1;
    }
    const d = lo;
    if (d >= this.datasets.length) throw new IndexError(`index ${idx} is out of bounds for dataset of size ${this.__len__()}`);
    const sample_idx = d === 0 ? idx : idx - this.cumulative_sizes[d - 1];
    return this.datasets[d].__getitem__(sample_idx);
  }
}

/** Iterable datasets one after the other. */
export class ChainDataset<T = unknown> extends IterableDataset<T> {
  readonly datasets: Iterable<T>[];
  constructor(datasets: Iterable<Iterable<T>>) {
    super();
    this.datasets = [...datasets];
  }
  *[Symbol.iterator](): Iterator<T> {
    for (const d of this.datasets) yield* d;
  }
  override __len__(): number {
    let total = 0;
    for (const d of this.datasets) {
      const len = (d as { __len__?: () => number }).__len__;
      if (typeof len !== 'function') throw new TypeError('ChainDataset: every dataset needs __len__');
      total += len.call(d);
    }
    return total;
  }
}

/** The samples of `dataset` at `indices`, in that order. */
export class Subset<T = unknown> extends Dataset<T> {
  readonly dataset: Dataset<T>;
  indices: number[];
  constructor(dataset: Dataset<T>, indices: Iterable<number>) {
    super();
    this.dataset = dataset;
    this.indices = [...indices];
  }
  __getitem__(idx: number): T {
    if (Array.isArray(idx)) return this.__getitems__(idx) as unknown as T;
    const i = checkIndex(idx, this.indices.length);
    return this.dataset.__getitem__(this.indices[i]);
  }
  override __getitems__(indices: number[]): T[] {
    if (typeof this.dataset.__getitems__ === 'function') return this.dataset.__getitems__(indices.map((i) => this.indices[i]));
    return indices.map((i) => this.dataset.__getitem__(this.indices[i]));
  }
  override __len__(): number {
    return this.indices.length;
  }
}

/**
 * Splits a dataset into non-overlapping Subsets of the given lengths, or of the given fractions of its length
 * (summing to 1; the remainder goes round-robin to the first ones), with torch.randperm on `generator` (the
 * default generator unless given): the same subsets as Python's random_split after the same seed.
 */
export function random_split<T>(dataset: Dataset<T>, lengths: number[], generator: Generator = default_generator): Subset<T>[] {
  const n = dataset.__len__();
  let total = lengths.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) <= 1e-9 && total <= 1) {
    const subset_lengths: number[] = [];
    lengths.forEach((frac, i) => {
      if (frac < 0 || frac > 1) throw new ValueError(`Fraction at index ${i} is not between 0 and 1`);
      subset_lengths.push(Math.floor(n * frac));
    });
    const remainder = n - subset_lengths.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) subset_lengths[i % subset_lengths.length] += 1;
    lengths = subset_lengths;
    lengths.forEach((length, i) => {
      if (length === 0) warn(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    });
    total = n;
  }
  if (total !== n) throw new ValueError('Sum of input lengths does not equal the length of the input dataset!');
  const indices = (randperm(total, { generator }).tolist() as (number | bigint)[]).map(Number);
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const length of lengths) {
    out.push(new Subset(dataset, indices.slice(offset, offset + length)));
    offset += length;
  }
  return out;
}
