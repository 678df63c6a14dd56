// Padding modules, after PyTorch's torch/nn/modules/padding.py: constant (and zero), reflection, replication and
// circular padding in 1, 2 and 3 dims, each F.pad with its mode. An int pads every side; an array gives
// (left, right, top, bottom, front, back) as F.pad does.
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { parse, req, ntuple, floatRepr } from '../functional/_utils';
import { ValueError } from '../../errors';
import { Module } from '../module';

type Size = number | number[];
const tuple = (t: readonly number[]): string => `(${t.join(', ')})`;
/** The number of padded dims of a padding class (its static _ndim). */
const nOf = (cls: unknown): number => (cls as { _ndim: number })._ndim;

/** The padding as a tuple of 2·n ints (n spatial dims). */
function padTuple(padding: Size, n: number): number[] {
  return ntuple(padding, 2 * n);
}

/** The base of CircularPad1d/2d/3d. */
export class _CircularPadNd extends Module {
  declare padding: number[];
  constructor(...args: [padding: Size] | [{ padding: Size }]) {
    super();
    this.padding = padTuple(parse(`${new.target.name}.__init__`, args, { padding: req<Size>() }).padding, nOf(new.target));
  }
  _check_input_dim(input: Tensor): void {
    const n = nOf(this.constructor);
    if (input.dim() !== n + 1 && input.dim() !== n + 2) throw new ValueError(`expected ${n + 1}D or ${n + 2}D input (got ${input.dim()}D input)`);
  }
  override forward(input: Tensor): Tensor {
    this._check_input_dim(input);
    return F.pad(input, this.padding, 'circular');
  }
  override extra_repr(): string {
    return tuple(this.padding);
  }
}
/** CircularPad1d(padding): pads (N, C, W) or (C, W) inputs by wrapping around. */
export class CircularPad1d extends _CircularPadNd {
  static _ndim = 1;
}
/** CircularPad2d(padding): pads (N, C, H, W) or (C, H, W) inputs by wrapping around. */
export class CircularPad2d extends _CircularPadNd {
  static _ndim = 2;
}
/** CircularPad3d(padding): pads (N, C, D, H, W) or (C, D, H, W) inputs by wrapping around. */
export class CircularPad3d extends _CircularPadNd {
  static _ndim = 3;
}

/** The base of ConstantPad1d/2d/3d: pads with `value`. */
export class _ConstantPadNd extends Module {
  declare padding: number[];
  declare value: number;
  constructor(...args: [padding: Size, value: number] | [padding: Size, { value: number }] | [{ padding: Size; value: number }]) {
    super();
    const a = parse(`${new.target.name}.__init__`, args, { padding: req<Size>(), value: req<number>() });
    this.value = a.value;
    this.padding = padTuple(a.padding, nOf(new.target));
  }
  override forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, 'constant', this.value);
  }
  override extra_repr(): string {
    return `padding=${tuple(this.padding)}, value=${floatRepr(this.value)}`;
  }
}
/** ConstantPad1d(padding, value): pads the last dim with value. */
export class ConstantPad1d extends _ConstantPadNd {
  static _ndim = 1;
}
/** ConstantPad2d(padding, value): pads the last 2 dims with value. */
export class ConstantPad2d extends _ConstantPadNd {
  static _ndim = 2;
}
/** ConstantPad3d(padding, value): pads the last 3 dims with value. */
export class ConstantPad3d extends _ConstantPadNd {
  static _ndim = 3;
}

/** ZeroPad1d(padding): pads the last dim with zeros. */
export class ZeroPad1d extends ConstantPad1d {
  constructor(...args: [padding: Size] | [{ padding: Size }]) {
    const a = parse('ZeroPad1d.__init__', args, { padding: req<Size>() });
    super(a.padding, 0.0);
  }
  override extra_repr(): string {
    return tuple(this.padding);
  }
}
/** ZeroPad2d(padding): pads the last 2 dims with zeros. */
export class ZeroPad2d extends ConstantPad2d {
  constructor(...args: [padding: Size] | [{ padding: Size }]) {
    const a = parse('ZeroPad2d.__init__', args, { padding: req<Size>() });
    super(a.padding, 0.0);
  }
  override extra_repr(): string {
    return tuple(this.padding);
  }
}
/** ZeroPad3d(padding): pads the last 3 dims with zeros. */
export class ZeroPad3d extends ConstantPad3d {
  constructor(...args: [padding: Size] | [{ padding: Size }]) {
    const a = parse('ZeroPad3d.__init__', args, { padding: req<Size>() });
    super(a.padding, 0.0);
  }
  override extra_repr(): string {
    return tuple(this.padding);
  }
}

/** The base of ReflectionPad1d/2d/3d. */
export class _ReflectionPadNd extends Module {
  declare padding: number[];
  constructor(...args: [padding: Size] | [{ padding: Size }]) {
    super();
    this.padding = padTuple(parse(`${new.target.name}.__init__`, args, { padding: req<Size>() }).padding, nOf(new.target));
  }
  override forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, 'reflect');
  }
  override extra_repr(): string {
    return tuple(this.padding);
  }
}
/** ReflectionPad1d(padding): pads the last dim with its reflection. */
export class ReflectionPad1d extends _ReflectionPadNd {
  static _ndim = 1;
}
/** ReflectionPad2d(padding): pads the last 2 dims with their reflection. */
export class ReflectionPad2d extends _ReflectionPadNd {
  static _ndim = 2;
}
/** ReflectionPad3d(padding): pads the last 3 dims with their reflection. */
export class ReflectionPad3d extends _ReflectionPadNd {
  static _ndim = 3;
}

/** The base of ReplicationPad1d/2d/3d. */
export class _ReplicationPadNd extends Module {
  declare padding: number[];
  constructor(...args: [padding: Size] | [{ padding: Size }]) {
    super();
    this.padding = padTuple(parse(`${new.target.name}.__init__`, args, { padding: req<Size>() }).padding, nOf(new.target));
  }
  override forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, 'replicate');
  }
  override extra_repr(): string {
    return tuple(this.padding);
  }
}
/** ReplicationPad1d(padding): pads the last dim with its edge values. */
export class ReplicationPad1d extends _ReplicationPadNd {
  static _ndim = 1;
}
/** ReplicationPad2d(padding): pads the last 2 dims with their edge values. */
export class ReplicationPad2d extends _ReplicationPadNd {
  static _ndim = 2;
}
/** ReplicationPad3d(padding): pads the last 3 dims with their edge values. */
export class ReplicationPad3d extends _ReplicationPadNd {
  static _ndim = 3;
}
