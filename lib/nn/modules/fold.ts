// Fold and Unfold, after PyTorch's torch/nn/modules/fold.py: sliding local blocks to and from columns.
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { type PyArgs, parse, req, repr } from '../functional/_utils';
import { Module } from '../module';

type Size = number | number[];
type AnyFn = (...a: unknown[]) => Tensor;
const sizeStr = (v: Size): string => (Array.isArray(v) ? (v.length === 1 ? `(${v[0]},)` : `(${v.map(repr).join(', ')})`) : repr(v));
type BlockArgs = PyArgs<[dilation: Size, padding: Size, stride: Size], { dilation?: Size; padding?: Size; stride?: Size }>;

/** Fold(output_size, kernel_size, dilation=1, padding=0, stride=1): sums (N, C·∏k, L) blocks into an
 *  (N, C, output_size...) tensor. */
export class Fold extends Module {
  declare output_size: Size;
  declare kernel_size: Size;
  declare dilation: Size;
  declare padding: Size;
  declare stride: Size;
  constructor(output_size: Size, kernel_size: Size, ...args: BlockArgs);
  constructor(options: { output_size: Size; kernel_size: Size; dilation?: Size; padding?: Size; stride?: Size });
  constructor(...args: unknown[]) {
    super();
    const a = parse('Fold.__init__', args, { output_size: req<Size>(), kernel_size: req<Size>(), dilation: 1 as Size, padding: 0 as Size, stride: 1 as Size });
    this.output_size = a.output_size;
    this.kernel_size = a.kernel_size;
    this.dilation = a.dilation;
    this.padding = a.padding;
    this.stride = a.stride;
  }
  override forward(input: Tensor): Tensor {
    return (F.fold as AnyFn)(input, this.output_size, this.kernel_size, this.dilation, this.padding, this.stride);
  }
  override extra_repr(): string {
    return `output_size=${sizeStr(this.output_size)}, kernel_size=${sizeStr(this.kernel_size)}, dilation=${sizeStr(this.dilation)}, padding=${sizeStr(this.padding)}, stride=${sizeStr(this.stride)}`;
  }
}

/** Unfold(kernel_size, dilation=1, padding=0, stride=1): extracts sliding blocks of an (N, C, *) input as
 *  (N, C·∏k, L) columns. */
export class Unfold extends Module {
  declare kernel_size: Size;
  declare dilation: Size;
  declare padding: Size;
  declare stride: Size;
  constructor(kernel_size: Size, ...args: BlockArgs);
  constructor(options: { kernel_size: Size; dilation?: Size; padding?: Size; stride?: Size });
  constructor(...args: unknown[]) {
    super();
    const a = parse('Unfold.__init__', args, { kernel_size: req<Size>(), dilation: 1 as Size, padding: 0 as Size, stride: 1 as Size });
    this.kernel_size = a.kernel_size;
    this.dilation = a.dilation;
    this.padding = a.padding;
    this.stride = a.stride;
  }
  override forward(input: Tensor): Tensor {
    return (F.unfold as AnyFn)(input, this.kernel_size, this.dilation, this.padding, this.stride);
  }
  override extra_repr(): string {
    return `kernel_size=${sizeStr(this.kernel_size)}, dilation=${sizeStr(this.dilation)}, padding=${sizeStr(this.padding)}, stride=${sizeStr(this.stride)}`;
  }
}
