// default_collate and default_convert (torch/utils/data/_utils/collate.py): how DataLoader turns a list of
// samples into a batch. JavaScript has one number type, so numbers collate to int64 when every one is an integer
// (class labels, as Python's ints) and to float64 otherwise (as Python's floats); bigints give int64, booleans bool.
import { types } from 'util';

import { Tensor } from '../../tensor/tensor';
import { tensor as makeTensor } from '../../tensor/create';
import { stack } from '../../generated/torch_functions';
import { int64, float64, bool } from '../../dtype';
import { TorchError } from '../../errors';

/** The type of default_collate's batch of samples of type T: tensors, numbers, bigints and booleans become a
 *  Tensor, strings a string[], arrays (tuples) and objects are collated element by element; a Promise's value
 *  is collated (an async __getitem__). */
export type Collated<T> = T extends PromiseLike<infer U>
  ? Collated<U>
  : T extends Tensor
    ? Tensor
    : T extends string
      ? string[]
      : T extends number | bigint | boolean | ArrayLike<number> | ArrayLike<bigint>
        ? Tensor
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: Collated<T[K]> }
          : T extends Map<infer K, infer V>
            ? Map<K, Collated<V>>
            : T extends object
              ? { [K in keyof T]: Collated<T[K]> }
              : unknown;

const ERR = 'default_collate: batch must contain tensors, typed arrays, numbers, bigints, booleans, strings, objects or arrays; found ';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/**
 * Collates a list of samples into a batch, as PyTorch's default_collate: tensors are stacked along a new first
 * dimension; typed arrays become tensors and are stacked; numbers, bigints and booleans become a 1-D tensor;
 * strings stay a list; objects (Maps too) collate key by key, arrays (tuples) position by position into an array.
 */
export function default_collate(batch: readonly unknown[]): unknown {
  const elem = batch[0];
  if (elem instanceof Tensor) return stack(batch as Tensor[], 0);
  if (types.isTypedArray(elem)) {
    return stack((batch as ArrayLike<number>[]).map((a) => makeTensor(a as never)), 0);
  }
  if (typeof elem === 'number') {
    const nums = batch as number[];
    return makeTensor(nums, { dtype: nums.every((x) => Number.isInteger(x)) ? int64 : float64 });
  }
  if (typeof elem === 'bigint') return makeTensor(batch as bigint[], { dtype: int64 });
  if (typeof elem === 'boolean') return makeTensor(batch as boolean[], { dtype: bool });
  if (typeof elem === 'string') return [...batch];
  if (elem instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const key of elem.keys()) out.set(key, default_collate(batch.map((d) => (d as Map<unknown, unknown>).get(key))));
    return out;
  }
  if (Array.isArray(elem)) {
    const size = elem.length;
    if (!batch.every((e) => Array.isArray(e) && e.length === size)) throw new TorchError('each element in list of batch should be of equal size');
    return elem.map((_, i) => default_collate(batch.map((e) => (e as unknown[])[i])));
  }
  if (isPlainObject(elem)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) out[key] = default_collate(batch.map((d) => (d as Record<string, unknown>)[key]));
    return out;
  }
  throw new TypeError(ERR + typeName(elem));
}

/** What DataLoader applies to each sample when batching is off (batch_size null): typed arrays become tensors,
 *  objects and arrays are converted element by element, the rest is left as it is. */
export function default_convert(data: unknown): unknown {
  if (data instanceof Tensor) return data;
  if (types.isTypedArray(data)) return makeTensor(data as never);
  if (data instanceof Map) return new Map([...data].map(([k, v]) => [k, default_convert(v)]));
  if (Array.isArray(data)) return data.map(default_convert);
  if (isPlainObject(data)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) out[k] = default_convert(v);
    return out;
  }
  return data;
}
