// torch.utils.data against PyTorch's, live (data_ref.py): samplers, random_split, default_collate and DataLoader
// give the same indices, orders and batches after the same seed, in the main thread and with worker threads.
import { execFileSync } from 'child_process';
import * as path from 'path';

import torch from '../../lib';
import { runPythonScript } from '../helpers/python';

const { DataLoader, TensorDataset, Dataset, IterableDataset, random_split, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler, SequentialSampler, DistributedSampler, default_collate, Subset, ConcatDataset, StackDataset } = torch.utils.data;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('./data_fixture.js');

let ref: Json;
beforeAll(() => {
  ref = runPythonScript('utils/data_ref.py', {});
});

/** Tensors as data_ref.py's t2j writes them. */
function t2j(v: unknown): Json {
  if (v instanceof torch.Tensor) return { dtype: String(v.dtype).replace('torch.', ''), shape: [...v.shape], values: (v.reshape(-1).tolist() as unknown[]).map((x) => (typeof x === 'bigint' ? Number(x) : x)) };
  if (Array.isArray(v)) return v.map(t2j);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, t2j(x)]));
  return v;
}
const after = (): number => torch.rand(1).item() as number;
const f32 = (x: number): number => Math.fround(x);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A map-style dataset over an array (Python's range). */
class ArrayDataset<T> extends Dataset<T> {
  constructor(readonly items: T[]) {
    super();
  }
  __getitem__(i: number): T {
    return this.items[i];
  }
  override __len__(): number {
    return this.items.length;
  }
}

describe('samplers and random_split: the same indices as PyTorch after the same seed', () => {
  test('random_split by lengths (default generator) and by fractions (a generator)', () => {
    torch.manual_seed(0);
    const parts = random_split(new ArrayDataset(range(10)), [3, 7]);
    expect([...parts.map((s) => s.indices), f32(after())]).toEqual(ref.split_lengths.map((x: unknown, i: number) => (i === 2 ? f32(x as number) : x)));
    const g = new torch.Generator().manual_seed(42);
    const fr = random_split(new ArrayDataset(range(11)), [0.3, 0.3, 0.4], g);
    expect(fr.map((s) => s.indices)).toEqual(ref.split_fractions);
    expect(fr[0].__getitem__(1)).toBe(ref.split_fractions[0][1]);
    expect(() => random_split(new ArrayDataset(range(5)), [2, 2])).toThrow('Sum of input lengths does not equal the length of the input dataset!');
  });
  test('RandomSampler: a fresh seed from the default generator per iteration; with replacement; num_samples > n', () => {
    torch.manual_seed(1);
    const data = range(7);
    const a = [...new RandomSampler(data)];
    const b = [...new RandomSampler(data)];
    expect([a, b, f32(after())]).toEqual([ref.random_sampler[0], ref.random_sampler[1], f32(ref.random_sampler[2])]);
    expect([...new RandomSampler(range(5), { replacement: true, num_samples: 40, generator: new torch.Generator().manual_seed(3) })]).toEqual(ref.random_replacement);
    expect([...new RandomSampler(range(4), { num_samples: 10, generator: new torch.Generator().manual_seed(3) })]).toEqual(ref.random_more);
  });
  test('SubsetRandomSampler, WeightedRandomSampler (with and without replacement), BatchSampler, DistributedSampler', () => {
    torch.manual_seed(2);
    expect([...new SubsetRandomSampler([10, 20, 30, 40, 50]), f32(after())]).toEqual([...ref.subset_random.slice(0, 5), f32(ref.subset_random[5])]);
    const g = new torch.Generator().manual_seed(5);
    expect([
      [...new WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 12, true, g)],
      [...new WeightedRandomSampler([0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, false, g)],
    ]).toEqual(ref.weighted);
    expect([[...new BatchSampler(new SequentialSampler(range(10)), 3, false)], [...new BatchSampler(new SequentialSampler(range(10)), 3, true)]]).toEqual(ref.batch);
    expect(new BatchSampler(new SequentialSampler(range(10)), 3, false).__len__()).toBe(4);
    class Evens extends torch.utils.data.Sampler<number> {
      *[Symbol.iterator]() {
        yield* [0, 2, 4];
      }
    }
    expect(() => new Evens().length).toThrow("object of type 'Evens' has no len()");
    const evens = new Evens();
    evens.length = 3;
    expect(new BatchSampler(evens, 2, false).length).toBe(2);
    const ds: number[][] = [];
    for (let rank = 0; rank < 3; rank++) {
      const s = new DistributedSampler(range(10), { num_replicas: 3, rank, seed: 7 });
      s.set_epoch(2);
      ds.push([...s]);
      ds.push([...new DistributedSampler(range(10), { num_replicas: 3, rank, shuffle: false, drop_last: true })]);
    }
    expect(ds).toEqual(ref.distributed);
  });
});

describe('default_collate as PyTorch\'s', () => {
  test('objects key by key, arrays position by position, numbers to int64 / float64, booleans, strings', () => {
    const sq = new fixture.Squares(5);
    const strip = (s: Record<string, unknown>) => {
      const { worker, ...rest } = s;
      void worker;
      return rest;
    };
    expect(t2j(default_collate(range(4).map((i) => strip(sq.__getitem__(i)))))).toEqual(ref.collate_dicts);
    expect(t2j(default_collate(range(3).map((i) => [torch.ones(2).mul(i), i, i + 0.5, true])))).toEqual(ref.collate_tuples);
    expect(t2j(default_collate([[{ a: [1, 2] }, 3], [{ a: [4, 5] }, 6]]))).toEqual(ref.collate_nested);
    expect(() => default_collate([[1, 2], [3]])).toThrow('each element in list of batch should be of equal size');
  });
});

describe('DataLoader in the main thread', () => {
  const data = new TensorDataset(torch.arange(10), torch.arange(10).float().mul(10));
  test('shuffle after manual_seed: the same batches as Python, two epochs, and the generator left as Python leaves it', () => {
    torch.manual_seed(123);
    const loader = new DataLoader(data, { batch_size: 3, shuffle: true });
    const epochs = [[...loader].map(t2j), [...loader].map(t2j)];
    expect([...epochs, f32(after())]).toEqual([...ref.loader_shuffle.slice(0, 2), f32(ref.loader_shuffle[2])]);
  });
  test('a generator and drop_last; batch_size null; len()', () => {
    const g = new torch.Generator().manual_seed(9);
    const loader = new DataLoader(data, { batch_size: 4, shuffle: true, drop_last: true, generator: g });
    expect(range(3).map(() => [...loader].map((b) => (b as torch.Tensor[])[0].tolist()))).toEqual(ref.loader_generator);
    torch.manual_seed(5);
    const items = [...new DataLoader(data, { batch_size: null, shuffle: true })].slice(0, 4).map(t2j);
    expect(items).toEqual(ref.loader_none.slice(0, 4));
    expect(f32(after())).toBe(f32(ref.loader_none[4]));
    expect([new DataLoader(data, { batch_size: 3 }).length, new DataLoader(data, { batch_size: 3, drop_last: true }).__len__(), new DataLoader(data, { batch_size: null }).length]).toEqual(ref.loader_len);
  });
  test('structured samples collate per key; for await; a custom collate_fn; an async __getitem__', async () => {
    const sq = new fixture.Squares(5);
    const strip = (b: Record<string, unknown>) => {
      const { worker, ...rest } = b;
      void worker;
      return rest;
    };
    expect([...new DataLoader(sq, { batch_size: 2 })].map((b) => t2j(strip(b as Record<string, unknown>)))).toEqual(ref.loader_dicts);
    const got: unknown[] = [];
    for await (const b of new DataLoader(sq, { batch_size: 2 })) got.push(t2j(strip(b as Record<string, unknown>)));
    expect(got).toEqual(ref.loader_dicts);
    const names = [...new DataLoader<Record<string, unknown>, string>(sq, { batch_size: 2, collate_fn: (b) => b.map((s) => s.name).join('+') })];
    expect(names).toEqual(['s0+s1', 's2+s3', 's4']);
    class Slow extends Dataset<Promise<number>> {
      __getitem__(i: number): Promise<number> {
        return new Promise((r) => setTimeout(() => r(i * 2), 1));
      }
      override __len__(): number {
        return 5;
      }
    }
    const out: number[][] = [];
    for await (const b of new DataLoader(new Slow(), { batch_size: 2 })) out.push((b as torch.Tensor).tolist() as number[]);
    expect(out).toEqual([[0, 2], [4, 6], [8]]);
  });
  test('sampler and batch_sampler options: the batches follow them (also in workers)', () => {
    const idx = (loader: Iterable<unknown>) => [...loader].map((b) => (b as torch.Tensor[])[0].tolist());
    const sampler = new SubsetRandomSampler([9, 1, 5, 3], new torch.Generator().manual_seed(4));
    const expected = [...new BatchSampler(new SubsetRandomSampler([9, 1, 5, 3], new torch.Generator().manual_seed(4)), 2, false)];
    expect(idx(new DataLoader(data, { sampler, batch_size: 2 }))).toEqual(expected);
    const bs = [[3, 1], [0], [9, 8, 7]];
    expect(idx(new DataLoader(data, { batch_sampler: bs }))).toEqual(bs);
    expect(idx(new DataLoader(data, { batch_sampler: bs, num_workers: 2 }))).toEqual(bs);
    expect(new DataLoader(data, { batch_sampler: bs }).length).toBe(3);
    expect(() => new DataLoader(data, { batch_sampler: bs, batch_size: 2 })).toThrow('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last');
  });
  test('a dataset may set this.length instead of implementing __len__', () => {
    class Sized extends Dataset<number> {
      constructor(n: number) {
        super();
        this.length = n;
      }
      __getitem__(i: number): number {
        return i * 10;
      }
    }
    const d = new Sized(5);
    expect([d.length, d.__len__()]).toEqual([5, 5]);
    expect([...new DataLoader(d, { batch_size: 2 })].map((b) => (b as torch.Tensor).tolist())).toEqual([[0, 10], [20, 30], [40]]);
  });
  test('an iterable dataset; ConcatDataset, Subset, StackDataset', () => {
    expect([...new DataLoader(new fixture.Range(3, 10), { batch_size: 2, drop_last: true })].map((b) => (b as torch.Tensor).tolist())).toEqual(ref.iterable_main);
    const cat = new ConcatDataset([new ArrayDataset([1, 2]), new ArrayDataset([3, 4, 5])]);
    expect([cat.length, cat.__getitem__(2), cat.__getitem__(-1)]).toEqual([5, 3, 5]);
    const sub = new Subset(cat, [4, 0]);
    expect([sub.__getitem__(0), sub.__getitem__(1), sub.length]).toEqual([5, 1, 2]);
    const st = new StackDataset<number | string>({ a: new ArrayDataset([1, 2]), b: new ArrayDataset(['x', 'y']) });
    expect(st.__getitem__(1)).toEqual({ a: 2, b: 'y' });
    expect(() => new DataLoader(new fixture.Range(0, 3), { shuffle: true })).toThrow('expected unspecified shuffle option');
    expect(() => new DataLoader(data, { shuffle: true, sampler: new SequentialSampler(data) })).toThrow('sampler option is mutually exclusive with shuffle');
  });
});

describe('DataLoader with worker threads', () => {
  const data = new TensorDataset(torch.arange(10), torch.arange(10).float().mul(10));
  test('shuffle after manual_seed: the same batches as Python\'s workers, in sampler order; sync and async', async () => {
    torch.manual_seed(123);
    const loader = new DataLoader(data, { batch_size: 3, shuffle: true, num_workers: 2 });
    const e1 = [...loader].map((b) => (b as torch.Tensor[])[0].tolist());
    const e2: unknown[] = [];
    for await (const b of loader) e2.push((b as torch.Tensor[])[0].tolist());
    expect([e1, e2, f32(after())]).toEqual([ref.loader_workers[0], ref.loader_workers[1], f32(ref.loader_workers[2])]);
  });
  test('persistent workers: one base seed, new shuffles per epoch, as Python', () => {
    torch.manual_seed(5);
    const loader = new DataLoader(data, { batch_size: 3, shuffle: true, num_workers: 2, persistent_workers: true });
    const epochs = range(3).map(() => [...loader].map((b) => (b as torch.Tensor[])[0].tolist()));
    loader.shutdown();
    expect([...epochs, f32(after())]).toEqual([...ref.loader_persistent.slice(0, 3), f32(ref.loader_persistent[3])]);
  });
  test('a dataset of your own (rebuilt by __reduce__): the same batches, loaded by both workers', async () => {
    const loader = new DataLoader(new fixture.Squares(5), { batch_size: 2, num_workers: 2 });
    const got: Record<string, unknown>[] = [];
    for await (const b of loader) got.push(b as Record<string, unknown>);
    expect(got.map((b) => (b.worker as torch.Tensor).tolist())).toEqual([[0, 0], [1, 1], [0]]);
    expect(got.map(({ worker, ...rest }) => (void worker, t2j(rest)))).toEqual(ref.loader_dicts);
  });
  test('an iterable dataset split with get_worker_info(): batches alternate between workers, as Python', () => {
    expect([...new DataLoader(new fixture.Range(3, 10), { batch_size: 2, num_workers: 2 })].map((b) => (b as torch.Tensor).tolist())).toEqual(ref.iterable_workers);
    expect([...new DataLoader(new fixture.Range(3, 10), { batch_size: null, num_workers: 2 })]).toEqual(ref.iterable_none);
  });
  test('collate_fn, worker_init_fn, prefetch_factor; errors in a worker reach the loop with their stack', async () => {
    const loader = new DataLoader<Record<string, unknown>, string>(new fixture.Squares(6), {
      batch_size: 2,
      num_workers: 3,
      prefetch_factor: 1,
      collate_fn: (b) => b.map((s) => `${s.name}@${s.worker}`).join(','),
      worker_init_fn: (id: number) => {
        if (id > 2) throw new Error('unexpected worker id');
      },
    });
    expect([...loader]).toEqual(['s0@0,s1@0', 's2@1,s3@1', 's4@2,s5@2']);
    const opts = {
      worker_init_fn(id: number) {
        if (id !== 0) throw new Error(`worker ${id}`);
      },
    };
    expect([...new DataLoader([1, 2, 3], { num_workers: 1, ...opts })].length).toBe(3); // a method's source
    expect(() => [...new DataLoader([1, 2], { num_workers: 2, worker_init_fn: (id) => { if (id === 1) throw new Error('init failed in 1'); } })]).toThrow('init failed in 1');
    const bad = new DataLoader(new fixture.Faulty(), { batch_size: 2, num_workers: 2 });
    expect(() => [...bad]).toThrow(/Caught RangeError in DataLoader worker thread 1\.\nOriginal RangeError: bad sample 3/);
    await expect((async () => {
      for await (const b of bad) void b;
    })()).rejects.toThrow('bad sample 3');
    expect(() => [...new DataLoader(new fixture.Local(), { num_workers: 1 })]).toThrow('cannot be rebuilt in a worker thread');
    expect(() => new DataLoader(data, { prefetch_factor: 2 })).toThrow('prefetch_factor option could only be specified in multiprocessing');
  });
  test('a dataset a worker cannot rebuild, and a batch slower than timeout, fail the loop clearly', () => {
    expect(() => [...new DataLoader(new fixture.Misnamed(), { num_workers: 1 })]).toThrow(/Caught TypeError in DataLoader worker thread 0\.\nOriginal TypeError: DataLoader worker: .*data_fixture\.js has no export 'NoSuchClass'/);
    expect(() => [...new DataLoader(new fixture.Squares(4, 1500), { num_workers: 1, timeout: 0.2 })]).toThrow('DataLoader timed out after 0.2 seconds');
  });
  test('leaving a loop early stops the workers; pin_memory without CUDA warns and is ignored', () => {
    const loader = new DataLoader(data, { batch_size: 2, num_workers: 2, pin_memory: !torch.cuda.is_available() });
    for (const b of loader) {
      expect((b as torch.Tensor[])[0].tolist()).toEqual([0, 1]);
      break;
    }
    expect([...loader].length).toBe(5);
  });
  test('costly per-item preparation: two workers are faster than the main thread alone (persistent, after start-up)', async () => {
    const ds = new fixture.Squares(32, 20);
    const epoch = async (loader: InstanceType<typeof DataLoader>) => {
      const t0 = Date.now();
      let n = 0;
      for await (const b of loader) n += (b as { x: torch.Tensor }).x.shape[0];
      expect(n).toBe(32);
      return Date.now() - t0;
    };
    const serial = await epoch(new DataLoader(ds, { batch_size: 4 }));
    const loader = new DataLoader(ds, { batch_size: 4, num_workers: 2, persistent_workers: true });
    await epoch(loader); // the workers start (each loads torch-node)
    const parallel = await epoch(loader);
    loader.shutdown();
    expect(serial).toBeGreaterThan(32 * 20 - 5);
    expect(parallel).toBeLessThan(serial * 0.8);
  });
});

test('a script whose only work is a loop over a loader with workers runs to its end (for await and for...of)', () => {
  const dist = path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js');
  const code = `
    const torch = require(${JSON.stringify(dist)});
    const { Squares } = require(${JSON.stringify(path.join(__dirname, 'data_fixture.js'))});
    (async () => {
      const loader = new torch.utils.data.DataLoader(new Squares(9, 5), { batch_size: 2, num_workers: 2 });
      let n = 0;
      for await (const b of loader) n += b.x.shape[0];
      for (const b of loader) n += b.x.shape[0];
      console.log('samples', n);
    })();`;
  const env = { ...process.env };
  delete env.JEST_WORKER_ID;
  expect(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8', env }).trim()).toBe('samples 18');
});

test('an array is a map-style dataset (as a Python list)', () => {
  const loader = new DataLoader([1, 2, 3, 4, 5], { batch_size: 2 });
  expect([...loader].map((b) => (b as torch.Tensor).tolist())).toEqual([[1, 2], [3, 4], [5]]);
  expect([...new DataLoader([1, 2, 3, 4, 5], { batch_size: 2, num_workers: 2 })].map((b) => (b as torch.Tensor).tolist())).toEqual([[1, 2], [3, 4], [5]]);
  void IterableDataset;
  void path;
});
