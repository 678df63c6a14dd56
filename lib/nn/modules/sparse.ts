// Embedding and EmbeddingBag, after PyTorch's torch/nn/modules/sparse.py: lookup tables with padding_idx (a row
// kept at zero, without gradient), max_norm (rows renormalized in place when looked up), from_pretrained.
import type { Tensor } from '../../tensor/tensor';
import type { DeviceLike } from '../../device';
import type { dtype } from '../../dtype';
import { empty } from '../../generated/torch_functions';
import { no_grad } from '../../autograd/grad_mode';
import * as F from '../functional';
import { type PyArgs, parse, req, floatRepr, repr } from '../functional/_utils';
import { AssertionError } from '../../errors';
import { Parameter } from '../parameter';
import { Module } from '../module';
import * as init from '../init';
import type { FactoryOptions } from './linear';

/** padding_idx checked against num_embeddings, a negative one counted from the end. */
function checkPaddingIdx(padding_idx: number | null, num_embeddings: number, what: string): number | null {
  if (padding_idx === null) return null;
  if (padding_idx > 0 && padding_idx >= num_embeddings) throw new AssertionError(`${what} must be within num_embeddings`);
  if (padding_idx < 0) {
    if (padding_idx < -num_embeddings) throw new AssertionError(`${what} must be within num_embeddings`);
    return num_embeddings + padding_idx;
  }
  return padding_idx;
}
function checkWeight(w: Tensor, num_embeddings: number, embedding_dim: number): void {
  if (w.dim() !== 2 || w.shape[0] !== num_embeddings || w.shape[1] !== embedding_dim) {
    throw new AssertionError('Shape of weight does not match num_embeddings and embedding_dim');
  }
}

export interface EmbeddingOptions extends FactoryOptions {
  padding_idx?: number | null;
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  sparse?: boolean;
  _weight?: Tensor | null;
  _freeze?: boolean;
}

/** Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0,
 *  scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None): a lookup table of
 *  embedding_dim vectors, initialised from N(0, 1). */
export class Embedding extends Module {
  declare num_embeddings: number;
  declare embedding_dim: number;
  declare padding_idx: number | null;
  declare max_norm: number | null;
  declare norm_type: number;
  declare scale_grad_by_freq: boolean;
  declare sparse: boolean;
  declare weight: Parameter;
  constructor(
    num_embeddings: number,
    embedding_dim: number,
    ...args: PyArgs<
      [padding_idx: number | null, max_norm: number | null, norm_type: number, scale_grad_by_freq: boolean, sparse: boolean, _weight: Tensor | null, _freeze: boolean, device: DeviceLike | null, dtype: dtype | null],
      EmbeddingOptions
    >
  );
  constructor(options: EmbeddingOptions & { num_embeddings: number; embedding_dim: number });
  constructor(...args: unknown[]) {
    super();
    const a = parse('Embedding.__init__', args, {
      num_embeddings: req<number>(), embedding_dim: req<number>(), padding_idx: null as number | null, max_norm: null as number | null,
      norm_type: 2.0, scale_grad_by_freq: false, sparse: false, _weight: null as Tensor | null, _freeze: false,
      device: null as DeviceLike | null, dtype: null as dtype | null,
    });
    this.num_embeddings = a.num_embeddings;
    this.embedding_dim = a.embedding_dim;
    this.padding_idx = checkPaddingIdx(a.padding_idx, a.num_embeddings, 'Padding_idx');
    this.max_norm = a.max_norm;
    this.norm_type = a.norm_type;
    this.scale_grad_by_freq = a.scale_grad_by_freq;
    if (a._weight === null) {
      this.weight = new Parameter(empty([a.num_embeddings, a.embedding_dim], { device: a.device, dtype: a.dtype }), !a._freeze);
      this.reset_parameters();
    } else {
      checkWeight(a._weight, a.num_embeddings, a.embedding_dim);
      this.weight = new Parameter(a._weight, !a._freeze);
    }
    this.sparse = a.sparse;
  }
  reset_parameters(): void {
    init.normal_(this.weight);
    this._fill_padding_idx_with_zero();
  }
  _fill_padding_idx_with_zero(): void {
    if (this.padding_idx !== null) {
      const idx = this.padding_idx;
      no_grad(() => this.weight.select(0, idx).fill_(0));
    }
  }
  override forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, this.padding_idx, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.sparse);
  }
  override extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${floatRepr(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${floatRepr(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += ', scale_grad_by_freq=True';
    if (this.sparse) s += ', sparse=True';
    return s;
  }
  /** Embedding.from_pretrained(embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0,
   *  scale_grad_by_freq=False, sparse=False): an Embedding over the given (rows, cols) weights. */
  static from_pretrained(
    embeddings: Tensor,
    ...args: PyArgs<
      [freeze: boolean, padding_idx: number | null, max_norm: number | null, norm_type: number, scale_grad_by_freq: boolean, sparse: boolean],
      { freeze?: boolean; padding_idx?: number | null; max_norm?: number | null; norm_type?: number; scale_grad_by_freq?: boolean; sparse?: boolean }
    >
  ): Embedding {
    const a = parse('from_pretrained', [embeddings, ...args], {
      embeddings: req<Tensor>(), freeze: true, padding_idx: null as number | null, max_norm: null as number | null, norm_type: 2.0,
      scale_grad_by_freq: false, sparse: false,
    });
    if (a.embeddings.dim() !== 2) throw new AssertionError('Embeddings parameter is expected to be 2-dimensional');
    const [rows, cols] = a.embeddings.shape;
    return new this({
      num_embeddings: rows, embedding_dim: cols, _weight: a.embeddings, _freeze: a.freeze, padding_idx: a.padding_idx, max_norm: a.max_norm,
      norm_type: a.norm_type, scale_grad_by_freq: a.scale_grad_by_freq, sparse: a.sparse,
    });
  }
}

export type EmbeddingBagMode = 'sum' | 'mean' | 'max';
export interface EmbeddingBagOptions extends FactoryOptions {
  max_norm?: number | null;
  norm_type?: number;
  scale_grad_by_freq?: boolean;
  mode?: EmbeddingBagMode;
  sparse?: boolean;
  _weight?: Tensor | null;
  include_last_offset?: boolean;
  padding_idx?: number | null;
}

/** EmbeddingBag(num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
 *  mode='mean', sparse=False, _weight=None, include_last_offset=False, padding_idx=None, device=None, dtype=None):
 *  sums, means or maxes of bags of embeddings; forward(input, offsets=None, per_sample_weights=None). */
export class EmbeddingBag extends Module {
  declare num_embeddings: number;
  declare embedding_dim: number;
  declare max_norm: number | null;
  declare norm_type: number;
  declare scale_grad_by_freq: boolean;
  declare mode: EmbeddingBagMode;
  declare sparse: boolean;
  declare include_last_offset: boolean;
  declare padding_idx: number | null;
  declare weight: Parameter;
  constructor(
    num_embeddings: number,
    embedding_dim: number,
    ...args: PyArgs<
      [max_norm: number | null, norm_type: number, scale_grad_by_freq: boolean, mode: EmbeddingBagMode, sparse: boolean, _weight: Tensor | null, include_last_offset: boolean, padding_idx: number | null, device: DeviceLike | null, dtype: dtype | null],
      EmbeddingBagOptions
    >
  );
  constructor(options: EmbeddingBagOptions & { num_embeddings: number; embedding_dim: number });
  constructor(...args: unknown[]) {
    super();
    const a = parse('EmbeddingBag.__init__', args, {
      num_embeddings: req<number>(), embedding_dim: req<number>(), max_norm: null as number | null, norm_type: 2.0, scale_grad_by_freq: false,
      mode: 'mean' as EmbeddingBagMode, sparse: false, _weight: null as Tensor | null, include_last_offset: false, padding_idx: null as number | null,
      device: null as DeviceLike | null, dtype: null as dtype | null,
    });
    this.num_embeddings = a.num_embeddings;
    this.embedding_dim = a.embedding_dim;
    this.max_norm = a.max_norm;
    this.norm_type = a.norm_type;
    this.scale_grad_by_freq = a.scale_grad_by_freq;
    this.padding_idx = checkPaddingIdx(a.padding_idx, a.num_embeddings, 'padding_idx');
    if (a._weight === null) {
      this.weight = new Parameter(empty([a.num_embeddings, a.embedding_dim], { device: a.device, dtype: a.dtype }));
      this.reset_parameters();
    } else {
      checkWeight(a._weight, a.num_embeddings, a.embedding_dim);
      this.weight = new Parameter(a._weight);
    }
    this.mode = a.mode;
    this.sparse = a.sparse;
    this.include_last_offset = a.include_last_offset;
  }
  reset_parameters(): void {
    init.normal_(this.weight);
    this._fill_padding_idx_with_zero();
  }
  _fill_padding_idx_with_zero(): void {
    if (this.padding_idx !== null) {
      const idx = this.padding_idx;
      no_grad(() => this.weight.select(0, idx).fill_(0));
    }
  }
  override forward(
    input: Tensor,
    ...args: PyArgs<[offsets: Tensor | null, per_sample_weights: Tensor | null], { offsets?: Tensor | null; per_sample_weights?: Tensor | null }>
  ): Tensor {
    const a = parse('EmbeddingBag.forward', args, { offsets: null as Tensor | null, per_sample_weights: null as Tensor | null });
    return F.embedding_bag(
      input, this.weight, a.offsets, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.mode, this.sparse,
      a.per_sample_weights, this.include_last_offset, this.padding_idx,
    );
  }
  override extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.max_norm !== null) s += `, max_norm=${floatRepr(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${floatRepr(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += ', scale_grad_by_freq=True';
    s += `, mode=${repr(this.mode)}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    return s;
  }
  /** EmbeddingBag.from_pretrained(embeddings, freeze=True, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
   *  mode='mean', sparse=False, include_last_offset=False, padding_idx=None). */
  static from_pretrained(
    embeddings: Tensor,
    ...args: PyArgs<
      [freeze: boolean, max_norm: number | null, norm_type: number, scale_grad_by_freq: boolean, mode: EmbeddingBagMode, sparse: boolean, include_last_offset: boolean, padding_idx: number | null],
      { freeze?: boolean; max_norm?: number | null; norm_type?: number; scale_grad_by_freq?: boolean; mode?: EmbeddingBagMode; sparse?: boolean; include_last_offset?: boolean; padding_idx?: number | null }
    >
  ): EmbeddingBag {
    const a = parse('from_pretrained', [embeddings, ...args], {
      embeddings: req<Tensor>(), freeze: true, max_norm: null as number | null, norm_type: 2.0, scale_grad_by_freq: false,
      mode: 'mean' as EmbeddingBagMode, sparse: false, include_last_offset: false, padding_idx: null as number | null,
    });
    if (a.embeddings.dim() !== 2) throw new AssertionError('Embeddings parameter is expected to be 2-dimensional');
    const [rows, cols] = a.embeddings.shape;
    const bag = new this({
      num_embeddings: rows, embedding_dim: cols, _weight: a.embeddings, max_norm: a.max_norm, norm_type: a.norm_type,
      scale_grad_by_freq: a.scale_grad_by_freq, mode: a.mode, sparse: a.sparse, include_last_offset: a.include_last_offset, padding_idx: a.padding_idx,
    });
    bag.weight.requires_grad = !a.freeze;
    return bag;
  }
}
