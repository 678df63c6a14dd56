// Python-style indexing. x[0, 1:3, ..., None] is x.at(0, '1:3', '...', null); x[mask] = 0 is x.setAt(mask, 0);
// x[:, 1] = t is x.setAt(':', 1, t). An index is:
//   a whole number               an integer index (negative counts from the end)
//   a string 'a:b', 'a:b:c', ':', '::2', '-1:'   a slice (bounds may be omitted)
//   torch.slice(start, stop, step)               a slice, programmatically (null = omitted)
//   '...' (or torch.Ellipsis)                    the ellipsis
//   null                                         None: a new axis of size 1
//   a Tensor of integers or booleans, or an array of numbers/booleans   advanced indexing, as in Python
//   true / false                                 Python's x[True] / x[False]
// The semantics are LibTorch's at::indexing, the same code that implements Python's: basic indexing returns views.
import { native } from '../native/binding';
import { describe } from '../dtype';
import { Tensor, wrap } from './tensor';
import { tensor } from './create';
import { isScalar, type Scalar } from './args';

export class Slice {
  constructor(
    readonly start: number | null = null,
    readonly stop: number | null = null,
    readonly step: number | null = null,
  ) {}
  toString(): string {
    const f = (v: number | null) => (v === null ? '' : String(v));
    return `${f(this.start)}:${f(this.stop)}${this.step === null ? '' : ':' + this.step}`;
  }
}

/** Python's slice(): slice(stop), slice(start, stop) or slice(start, stop, step); null leaves a bound out. */
export function slice(a?: number | null, b?: number | null, c?: number | null): Slice {
  if (b === undefined && c === undefined) return new Slice(null, a ?? null, null);
  return new Slice(a ?? null, b ?? null, c ?? null);
}

export const Ellipsis = '...';

export type Index = number | bigint | string | Slice | null | boolean | Tensor | readonly unknown[];

const SLICE_RE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

// slice strings already parsed (a hot loop indexes with the same few strings); undefined: not a valid slice
const sliceCache = new Map<string, [number | null, number | null, number | null] | undefined>();
function parsedSlice(ix: string): [number | null, number | null, number | null] | undefined {
  let sl = sliceCache.get(ix);
  if (sl === undefined && !sliceCache.has(ix)) {
    const m = SLICE_RE.exec(ix);
    const n = (s: string | undefined) => (s === undefined ? null : Number(s));
    sl = m !== null && (m[3] === undefined || Number(m[3]) !== 0) ? [n(m[1]), n(m[2]), n(m[3])] : undefined;
    if (sliceCache.size >= 256) sliceCache.clear();
    sliceCache.set(ix, sl);
  }
  return sl;
}

function encode(indices: readonly Index[], kinds: number[], values: (number | boolean | null | bigint)[], temps: Tensor[]): void {
  for (const ix of indices) {
    if (typeof ix === 'number' || typeof ix === 'bigint') {
      if (typeof ix === 'number' && !Number.isInteger(ix)) {
        throw new TypeError(`only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got float ${ix})`);
      }
      kinds.push(0);
      values.push(ix);
    } else if (typeof ix === 'string') {
      if (ix.trim() === '...') {
        kinds.push(2);
        continue;
      }
      const sl = parsedSlice(ix);
      if (sl !== undefined) {
        kinds.push(1);
        values.push(sl[0], sl[1], sl[2]);
        continue;
      }
      if (SLICE_RE.test(ix)) throw new RangeError('slice step cannot be zero');
      if (/^\s*-?\d+\s*$/.test(ix)) {
        kinds.push(0);
        values.push(Number(ix));
        continue;
      }
      throw new TypeError(`invalid index string '${ix}': expected a slice like '1:3', '::2', ':' or '...'`);
    } else if (ix instanceof Slice) {
      if (ix.step === 0) throw new RangeError('slice step cannot be zero');
      kinds.push(1);
      values.push(ix.start, ix.stop, ix.step);
    } else if (ix === null) {
      kinds.push(3);
    } else if (typeof ix === 'boolean') {
      kinds.push(4);
      values.push(ix);
    } else if (ix instanceof Tensor) {
      kinds.push(5);
      values.push(ix._h);
    } else if (Array.isArray(ix)) {
      const flat = (ix as unknown[]).flat(Infinity);
      const t = flat.length > 0 && flat.every((v) => typeof v === 'boolean')
        ? tensor(ix as boolean[])
        : tensor((ix as unknown[]).map(function toBig(v: unknown): unknown {
            if (Array.isArray(v)) return v.map(toBig);
            if (typeof v === 'bigint') return v;
            if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
            throw new TypeError(`an index list must hold integers or booleans, got ${describe(v)}`);
          }) as bigint[]);
      temps.push(t);
      kinds.push(5);
      values.push(t._h);
    } else {
      throw new TypeError(
        `only integers, slices, '...', null, booleans and integer or boolean tensors are valid indices (got ${describe(ix)})`,
      );
    }
  }
}

function withIndices<T>(indices: readonly Index[], fn: (kinds: number[], values: (number | boolean | null | bigint)[]) => T): T {
  const kinds: number[] = [];
  const values: (number | boolean | null | bigint)[] = [];
  const temps: Tensor[] = [];
  try {
    encode(indices, kinds, values, temps);
    return fn(kinds, values);
  } finally {
    for (const t of temps) t.dispose();
  }
}

declare module './tensor' {
  interface Tensor {
    /** Python's x[...]: x.at(0, '1:3', '...', null) is x[0, 1:3, ..., None]. Basic indexing returns a view. */
    at(...indices: Index[]): Tensor;
    /** Python's x[...] = value: x.setAt(mask, 0) is x[mask] = 0; x.setAt(':', 1, t) is x[:, 1] = t. */
    setAt(...indicesThenValue: [...Index[], Tensor | Scalar]): Tensor;
  }
}

export function installIndexing(proto: Tensor): void {
  Object.assign(proto, {
    at(this: Tensor, ...indices: Index[]): Tensor {
      if (indices.length === 1) {
        // Python's fast paths: one integer (x[0]) or one slice (x[1:3]), without the general index encoding
        const ix = indices[0];
        if (typeof ix === 'number' && Number.isInteger(ix)) return wrap(native.indexInt(this._h, ix));
        if (ix instanceof Slice && ix.step !== 0) return wrap(native.indexSlice(this._h, ix.start, ix.stop, ix.step));
        if (typeof ix === 'string') {
          const sl = parsedSlice(ix);
          if (sl !== undefined) return wrap(native.indexSlice(this._h, sl[0], sl[1], sl[2]));
        }
      }
      return withIndices(indices, (k, v) => wrap(native.indexGet(this._h, k, v)));
    },
    setAt(this: Tensor, ...args: unknown[]): Tensor {
      if (args.length < 2) throw new TypeError('setAt(...indices, value) needs at least one index and a value');
      const value = args[args.length - 1];
      const isT = value instanceof Tensor;
      if (!isT && !isScalar(value)) {
        throw new TypeError(`setAt(): the value must be a Tensor or a number, got ${describe(value)}`);
      }
      withIndices(args.slice(0, -1) as Index[], (k, v) =>
        native.indexSet(this._h, k, v, isT ? (value as Tensor)._h : (value as Scalar), isT),
      );
      return this;
    },
  });
}
