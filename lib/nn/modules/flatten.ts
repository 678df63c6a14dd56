// Flatten and Unflatten, after PyTorch's torch/nn/modules/flatten.py.
import type { Tensor } from '../../tensor/tensor';
import { NotImplementedError } from '../../errors';
import { type PyArgs, parse, req, typeName, repr } from '../functional/_utils';
import { Module } from '../module';

/** Flatten(start_dim=1, end_dim=-1): flattens the dims start_dim..end_dim into one. */
export class Flatten extends Module {
  declare start_dim: number;
  declare end_dim: number;
  constructor(...args: PyArgs<[start_dim: number, end_dim: number], { start_dim?: number; end_dim?: number }>) {
    super();
    const a = parse('Flatten.__init__', args, { start_dim: 1, end_dim: -1 });
    this.start_dim = a.start_dim;
    this.end_dim = a.end_dim;
  }
  override forward(input: Tensor): Tensor {
    return input.flatten(this.start_dim, this.end_dim);
  }
  override extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}

type NamedShape = [string, number][];
/** Unflatten(dim, unflattened_size): splits dim into unflattened_size (an array of ints, Python's tuple). */
export class Unflatten extends Module {
  declare dim: number | string;
  declare unflattened_size: number[] | NamedShape;
  constructor(dim: number | string, unflattened_size: number[] | NamedShape);
  constructor(options: { dim: number | string; unflattened_size: number[] | NamedShape });
  constructor(...args: unknown[]) {
    super();
    const a = parse('Unflatten.__init__', args, { dim: req<number | string>(), unflattened_size: req<number[] | NamedShape>() });
    if (typeof a.dim === 'number' && Number.isInteger(a.dim)) {
      const input = a.unflattened_size;
      if (!Array.isArray(input)) throw new TypeError(`unflattened_size must be a tuple of ints, but found type ${typeName(input)}`);
      input.forEach((elem, idx) => {
        if (typeof elem !== 'number' || !Number.isInteger(elem)) {
          throw new TypeError(`unflattened_size must be tuple of ints, but found element of type ${typeName(elem)} at pos ${idx}`);
        }
      });
    } else if (typeof a.dim === 'string') {
      const input = a.unflattened_size;
      if (!Array.isArray(input)) throw new TypeError(`unflattened_size must be a tuple of tuples, but found type ${typeName(input)}`);
      input.forEach((elem, idx) => {
        if (!Array.isArray(elem)) throw new TypeError(`unflattened_size must be tuple of tuples, but found element of type ${typeName(elem)} at pos ${idx}`);
      });
    } else {
      throw new TypeError('invalid argument type for dim parameter');
    }
    this.dim = a.dim;
    this.unflattened_size = a.unflattened_size;
  }
  override forward(input: Tensor): Tensor {
    if (typeof this.dim === 'string') {
      throw new NotImplementedError('Unflatten with a named dim needs named tensors, which torch-node does not support');
    }
    return input.unflatten(this.dim, this.unflattened_size as number[]);
  }
  override extra_repr(): string {
    return `dim=${this.dim}, unflattened_size=${tupleOf(this.unflattened_size)}`;
  }
}

/** Python's repr of a tuple, nested arrays as tuples too. */
function tupleOf(v: unknown): string {
  if (!Array.isArray(v)) return repr(v);
  return v.length === 1 ? `(${tupleOf(v[0])},)` : `(${v.map(tupleOf).join(', ')})`;
}
