// Datasets for data.test.ts's worker-thread tests: a worker rebuilds them from this module by their __reduce__().
'use strict';
const path = require('path');
const { isMainThread } = require('worker_threads');
// In a jest test (its main thread) the same torch-node as the test's, from lib/; elsewhere (a DataLoader worker
// thread, a plain node process) the built package.
const underJest = isMainThread && process.env.JEST_WORKER_ID !== undefined;
const m = underJest ? require('../../lib') : require(path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js'));
const torch = m.default ?? m;

const { Dataset, IterableDataset, get_worker_info } = torch.utils.data;

/** The samples of data_ref.py's Squares: a dict of a tensor, an int label, a float weight and a string. */
class Squares extends Dataset {
  constructor(n, delayMs = 0) {
    super();
    this.n = n;
    this.delayMs = delayMs;
  }
  __getitem__(i) {
    if (this.delayMs > 0) {
      const end = Date.now() + this.delayMs; // costly preparation (busy: it holds the thread, as real work does)
      while (Date.now() < end);
    }
    const info = get_worker_info();
    return { x: torch.tensor([i, i * i]), label: i % 3, w: i / 4 + 0.1, name: `s${i}`, worker: info === null ? -1 : info.id };
  }
  __len__() {
    return this.n;
  }
  __reduce__() {
    return [__filename, 'Squares', [this.n, this.delayMs]];
  }
}

/** Fails on one index. */
class Faulty extends Dataset {
  __getitem__(i) {
    if (i === 3) throw new RangeError(`bad sample ${i}`);
    return torch.tensor([i]);
  }
  __len__() {
    return 6;
  }
  __reduce__() {
    return [__filename, 'Faulty', []];
  }
}

/** 0..n-1, split between the workers as PyTorch's documentation shows with get_worker_info(). */
class Range extends IterableDataset {
  constructor(start, end) {
    super();
    this.start = start;
    this.end = end;
  }
  *[Symbol.iterator]() {
    const info = get_worker_info();
    let lo = this.start;
    let hi = this.end;
    if (info !== null) {
      const per = Math.ceil((this.end - this.start) / info.num_workers);
      lo = this.start + info.id * per;
      hi = Math.min(lo + per, this.end);
    }
    for (let i = lo; i < hi; i++) yield i;
  }
  __reduce__() {
    return [__filename, 'Range', [this.start, this.end]];
  }
}

/** A dataset without __reduce__: workers cannot rebuild it. */
class Local extends Dataset {
  __getitem__(i) {
    return i;
  }
  __len__() {
    return 3;
  }
}

/** Reduces to an export that does not exist: the worker cannot rebuild it. */
class Misnamed extends Local {
  __reduce__() {
    return [__filename, 'NoSuchClass', []];
  }
}

module.exports = { Squares, Faulty, Range, Local, Misnamed };
