// torch.utils.data samplers (torch/utils/data/sampler.py, distributed.py): iterables of dataset indices (or of
// batches of indices, BatchSampler), drawing from torch's generators exactly as PyTorch's, so that the same seed
// gives the same order as in Python.
import { Tensor } from '../../tensor/tensor';
import { Generator } from '../../runtime/generator';
import { as_tensor } from '../../tensor/create';
import { empty, multinomial, randint, randperm } from '../../generated/torch_functions';
import { int64, float64 } from '../../dtype';
import { ValueError } from '../../errors';

/** Anything with a length: a dataset, an array, a sampler. */
export type Sized = { __len__(): number } | { readonly length: number };

export function len(x: unknown): number {
  const f = (x as { __len__?: () => number }).__len__;
  if (typeof f === 'function') return f.call(x);
  const l = (x as { length?: unknown }).length;
  if (typeof l === 'number') return l;
  throw new TypeError(`object of type '${(x as object)?.constructor?.name ?? typeof x}' has no len()`);
}

const toNumbers = (t: Tensor): number[] => (t.tolist() as (number | bigint)[]).map(Number);

/** A fresh seed drawn from the default generator, as `int(torch.empty((), dtype=torch.int64).random_().item())`. */
export function drawSeed(generator?: Generator | null): bigint {
  const t = empty([1], { dtype: int64 }).random_({ generator: generator ?? null });
  return (t.numpy() as BigInt64Array)[0];
}

/** Base class of samplers: iterable, usually with __len__. */
export abstract class Sampler<T = number> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
  __len__?(): number;
  /** len(sampler). A subclass may also set it (`this.length = n`) instead of implementing __len__. */
  get length(): number {
    if (typeof this.__len__ === 'function') return this.__len__();
    throw new TypeError(`object of type '${this.constructor.name}' has no len()`);
  }
  set length(n: number) {
    Object.defineProperty(this, 'length', { value: n, writable: true, configurable: true, enumerable: true });
  }
}

/** 0, 1, ..., len(data_source) - 1. */
export class SequentialSampler extends Sampler<number> {
  constructor(readonly data_source: Sized) {
    super();
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = len(this.data_source);
    for (let i = 0; i < n; i++) yield i;
  }
  override __len__(): number {
    return len(this.data_source);
  }
}

export interface RandomSamplerOptions {
  replacement?: boolean;
  num_samples?: number | null;
  generator?: Generator | null;
}

/** A random permutation (randperm), or num_samples draws with replacement (randint in chunks of 32). Without a
 *  generator, each iteration seeds a new one from the default generator, as PyTorch's. */
export class RandomSampler extends Sampler<number> {
  readonly replacement: boolean;
  private readonly _num_samples: number | null;
  generator: Generator | null;
  constructor(readonly data_source: Sized, options: RandomSamplerOptions = {}) {
    super();
    this.replacement = options.replacement ?? false;
    this._num_samples = options.num_samples ?? null;
    this.generator = options.generator ?? null;
    if (typeof this.replacement !== 'boolean') {
      throw new TypeError(`replacement should be a boolean value, but got replacement=${String(this.replacement)}`);
    }
    if (!Number.isInteger(this.num_samples) || this.num_samples <= 0) {
      throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${this.num_samples}`);
    }
  }
  get num_samples(): number {
    return this._num_samples ?? len(this.data_source);
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = len(this.data_source);
    let generator = this.generator;
    if (generator === null) generator = new Generator().manual_seed(drawSeed());
    const num = this.num_samples;
    if (this.replacement) {
      for (let k = 0; k < Math.floor(num / 32); k++) yield* toNumbers(randint(n, [32], { dtype: int64, generator }));
      yield* toNumbers(randint(n, [num % 32], { dtype: int64, generator }));
    } else {
      for (let k = 0; k < Math.floor(num / n); k++) yield* toNumbers(randperm(n, { generator }));
      yield* toNumbers(randperm(n, { generator })).slice(0, num % n);
    }
  }
  override __len__(): number {
    return this.num_samples;
  }
}

/** The given indices in a random order (randperm on the generator, the default one unless given). */
export class SubsetRandomSampler extends Sampler<number> {
  constructor(readonly indices: readonly number[], readonly generator: Generator | null = null) {
    super();
  }
  *[Symbol.iterator](): Iterator<number> {
    for (const i of toNumbers(randperm(this.indices.length, { generator: this.generator }))) yield this.indices[i];
  }
  override __len__(): number {
    return this.indices.length;
  }
}

/** num_samples indices drawn with probabilities proportional to weights (torch.multinomial over float64). */
export class WeightedRandomSampler extends Sampler<number> {
  readonly weights: Tensor;
  constructor(
    weights: readonly number[] | Tensor,
    readonly num_samples: number,
    readonly replacement = true,
    readonly generator: Generator | null = null,
  ) {
    super();
    if (!Number.isInteger(num_samples) || typeof num_samples === 'boolean' || num_samples <= 0) {
      throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${num_samples}`);
    }
    if (typeof replacement !== 'boolean') throw new ValueError(`replacement should be a boolean value, but got replacement=${String(replacement)}`);
    const w = as_tensor(weights as number[], { dtype: float64 });
    if (w.dim() !== 1) throw new ValueError(`weights should be a 1d sequence but given weights have shape (${w.shape.join(', ')}${w.dim() === 1 ? ',' : ''})`);
    this.weights = w;
  }
  *[Symbol.iterator](): Iterator<number> {
    yield* toNumbers(multinomial(this.weights, this.num_samples, this.replacement, { generator: this.generator }));
  }
  override __len__(): number {
    return this.num_samples;
  }
}

/** Groups another sampler's indices into lists of batch_size (the last one shorter unless drop_last). */
export class BatchSampler extends Sampler<number[]> {
  constructor(readonly sampler: Iterable<number>, readonly batch_size: number, readonly drop_last: boolean) {
    super();
    if (!Number.isInteger(batch_size) || typeof batch_size === 'boolean' || batch_size <= 0) {
      throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${batch_size}`);
    }
    if (typeof drop_last !== 'boolean') throw new ValueError(`drop_last should be a boolean value, but got drop_last=${String(drop_last)}`);
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const idx of this.sampler) {
      batch.push(idx);
      if (batch.length === this.batch_size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.drop_last) yield batch;
  }
  override __len__(): number {
    const n = len(this.sampler);
    return this.drop_last ? Math.floor(n / this.batch_size) : Math.ceil(n / this.batch_size);
  }
}

export interface DistributedSamplerOptions {
  num_replicas: number;
  rank: number;
  shuffle?: boolean;
  seed?: number;
  drop_last?: boolean;
}

/** The share of the dataset of one of num_replicas processes (rank), padded (or cut, drop_last) to equal shares;
 *  shuffled with a generator seeded seed + epoch (call set_epoch every epoch), as PyTorch's. There is no process
 *  group here, so num_replicas and rank are required. */
export class DistributedSampler extends Sampler<number> {
  readonly num_replicas: number;
  readonly rank: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly drop_last: boolean;
  readonly num_samples: number;
  readonly total_size: number;
  epoch = 0;
  constructor(readonly dataset: Sized, options: DistributedSamplerOptions) {
    super();
    const { num_replicas, rank } = options;
    if (rank >= num_replicas || rank < 0) throw new ValueError(`Invalid rank ${rank}, rank should be in the interval [0, ${num_replicas - 1}]`);
    this.num_replicas = num_replicas;
    this.rank = rank;
    this.shuffle = options.shuffle ?? true;
    this.seed = options.seed ?? 0;
    this.drop_last = options.drop_last ?? false;
    const n = len(dataset);
    this.num_samples = this.drop_last && n % num_replicas !== 0 ? Math.ceil((n - num_replicas) / num_replicas) : Math.ceil(n / num_replicas);
    this.total_size = this.num_samples * num_replicas;
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = len(this.dataset);
    let indices: number[];
    if (this.shuffle) {
      const g = new Generator().manual_seed(this.seed + this.epoch);
      indices = toNumbers(randperm(n, { generator: g }));
    } else {
      indices = Array.from({ length: n }, (_, i) => i);
    }
    if (!this.drop_last) {
      const padding = this.total_size - indices.length;
      if (padding <= indices.length) indices = indices.concat(indices.slice(0, padding));
      else {
        let rep: number[] = [];
        for (let k = 0; k < Math.ceil(padding / indices.length); k++) rep = rep.concat(indices);
        indices = indices.concat(rep.slice(0, padding));
      }
    } else {
      indices = indices.slice(0, this.total_size);
    }
    for (let i = this.rank; i < this.total_size; i += this.num_replicas) yield indices[i];
  }
  override __len__(): number {
    return this.num_samples;
  }
  set_epoch(epoch: number): void {
    this.epoch = epoch;
  }
}
