// Transformers, after PyTorch's torch/nn/modules/transformer.py: TransformerEncoderLayer, TransformerEncoder,
// TransformerDecoderLayer, TransformerDecoder and Transformer (norm_first, activation as 'relu' / 'gelu' or a
// function, masks, key padding masks, causal masks). PyTorch's inference fast paths (fused kernels, nested
// tensors) are not taken: the general path computes the same values.
import type { Tensor } from '../../tensor/tensor';
import type { DeviceLike } from '../../device';
import type { dtype } from '../../dtype';
import { full, triu } from '../../generated/torch_functions';
import * as F from '../functional';
import { type PyArgs, parse, req } from '../functional/_utils';
import { TorchError } from '../../errors';
import { warn } from '../../warnings';
import { Module } from '../module';
import * as init from '../init';
import { MultiheadAttention, ReLU, GELU } from './activation';
import { ModuleList } from './container';
import { Dropout } from './dropout';
import { Linear, type FactoryOptions } from './linear';
import { LayerNorm } from './normalization';
import { deepcopy } from './_deepcopy';

type OptT = Tensor | null;
export type Activation = 'relu' | 'gelu' | ((x: Tensor) => Tensor);

function _generate_square_subsequent_mask(sz: number, device: DeviceLike | null = null, dt: dtype | null = null): Tensor {
  return triu(full([sz, sz], -Infinity, { dtype: dt, device }), { diagonal: 1 });
}

function _get_seq_len(src: Tensor, batch_first: boolean): number | null {
  const size = src.shape;
  if (size.length === 2) return size[0];
  return size[batch_first ? 1 : 0];
}

function _get_clones<M extends Module>(module: M, N: number): ModuleList {
  const clones: Module[] = [];
  for (let i = 0; i < N; i++) clones.push(deepcopy(module));
  return new ModuleList(clones);
}

function _get_activation_fn(activation: string): (x: Tensor) => Tensor {
  if (activation === 'relu') return F.relu;
  if (activation === 'gelu') return F.gelu as (x: Tensor) => Tensor;
  throw new TorchError(`activation should be relu/gelu, not ${activation}`);
}

/** Whether a mask is the causal mask (is_causal null: compared with the square subsequent mask). */
function _detect_is_causal_mask(mask: OptT, is_causal: boolean | null = null, size: number | null = null): boolean {
  let make_causal = is_causal === true;
  if (is_causal === null && mask !== null) {
    const sz = size ?? mask.size(-2);
    const causal = _generate_square_subsequent_mask(sz, mask.device, mask.dtype);
    const same = mask.dim() === causal.dim() && mask.shape.every((s, i) => s === causal.shape[i]);
    make_causal = same ? (mask.eq(causal).all().item() as boolean) : false;
  }
  return make_causal;
}

export interface TransformerLayerOptions extends FactoryOptions {
  dim_feedforward?: number;
  dropout?: number;
  activation?: Activation;
  layer_norm_eps?: number;
  batch_first?: boolean;
  norm_first?: boolean;
  bias?: boolean;
}
type LayerArgs = PyArgs<
  [dim_feedforward: number, dropout: number, activation: Activation, layer_norm_eps: number, batch_first: boolean, norm_first: boolean, bias: boolean, device: DeviceLike | null, dtype: dtype | null],
  TransformerLayerOptions
>;
const LAYER_SPEC = {
  d_model: req<number>(), nhead: req<number>(), dim_feedforward: 2048, dropout: 0.1, activation: F.relu as Activation, layer_norm_eps: 1e-5,
  batch_first: false, norm_first: false, bias: true, device: null as DeviceLike | null, dtype: null as dtype | null,
};

/** TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu,
 *  layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True, device=None, dtype=None): self-attention
 *  and a feedforward network. forward(src, src_mask=None, src_key_padding_mask=None, is_causal=False). */
export class TransformerEncoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm_first: boolean;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare activation_relu_or_gelu: number;
  declare activation: (x: Tensor) => Tensor;
  constructor(d_model: number, nhead: number, ...args: LayerArgs);
  constructor(options: TransformerLayerOptions & { d_model: number; nhead: number });
  constructor(...args: unknown[]) {
    super();
    const a = parse('TransformerEncoderLayer.__init__', args, LAYER_SPEC);
    const fk = { device: a.device, dtype: a.dtype };
    this.self_attn = new MultiheadAttention(a.d_model, a.nhead, { dropout: a.dropout, bias: a.bias, batch_first: a.batch_first, ...fk });
    this.linear1 = new Linear(a.d_model, a.dim_feedforward, { bias: a.bias, ...fk });
    this.dropout = new Dropout(a.dropout);
    this.linear2 = new Linear(a.dim_feedforward, a.d_model, { bias: a.bias, ...fk });
    this.norm_first = a.norm_first;
    this.norm1 = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...fk });
    this.norm2 = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...fk });
    this.dropout1 = new Dropout(a.dropout);
    this.dropout2 = new Dropout(a.dropout);
    const activation = typeof a.activation === 'string' ? _get_activation_fn(a.activation) : a.activation;
    if (activation === F.relu || activation instanceof ReLU) this.activation_relu_or_gelu = 1;
    else if (activation === F.gelu || activation instanceof GELU) this.activation_relu_or_gelu = 2;
    else this.activation_relu_or_gelu = 0;
    this.activation = activation;
  }
  override forward(
    src: Tensor,
    ...args: PyArgs<[src_mask: OptT, src_key_padding_mask: OptT, is_causal: boolean], { src_mask?: OptT; src_key_padding_mask?: OptT; is_causal?: boolean }>
  ): Tensor {
    const a = parse('TransformerEncoderLayer.forward', args, { src_mask: null as OptT, src_key_padding_mask: null as OptT, is_causal: false });
    const src_key_padding_mask = F._canonical_mask(a.src_key_padding_mask, 'src_key_padding_mask', F._none_or_dtype(a.src_mask), 'src_mask', src.dtype);
    const src_mask = F._canonical_mask(a.src_mask, 'src_mask', null, '', src.dtype, false);
    let x = src;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1(x), src_mask, src_key_padding_mask, a.is_causal));
      x = x.add(this._ff_block(this.norm2(x)));
    } else {
      x = this.norm1(x.add(this._sa_block(x, src_mask, src_key_padding_mask, a.is_causal)));
      x = this.norm2(x.add(this._ff_block(x)));
    }
    return x;
  }
  _sa_block(x: Tensor, attn_mask: OptT, key_padding_mask: OptT, is_causal = false): Tensor {
    const [out] = this.self_attn(x, x, x, { attn_mask, key_padding_mask, need_weights: false, is_causal });
    return this.dropout1(out);
  }
  _ff_block(x: Tensor): Tensor {
    return this.dropout2(this.linear2(this.dropout(this.activation(this.linear1(x)))));
  }
}

/** TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu,
 *  layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True, device=None, dtype=None): self-attention,
 *  attention over the memory, and a feedforward network. forward(tgt, memory, tgt_mask=None, memory_mask=None,
 *  tgt_key_padding_mask=None, memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False). */
export class TransformerDecoderLayer extends Module {
  declare self_attn: MultiheadAttention;
  declare multihead_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm_first: boolean;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare norm3: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare dropout3: Dropout;
  declare activation: (x: Tensor) => Tensor;
  constructor(d_model: number, nhead: number, ...args: LayerArgs);
  constructor(options: TransformerLayerOptions & { d_model: number; nhead: number });
  constructor(...args: unknown[]) {
    super();
    const a = parse('TransformerDecoderLayer.__init__', args, LAYER_SPEC);
    const fk = { device: a.device, dtype: a.dtype };
    this.self_attn = new MultiheadAttention(a.d_model, a.nhead, { dropout: a.dropout, batch_first: a.batch_first, bias: a.bias, ...fk });
    this.multihead_attn = new MultiheadAttention(a.d_model, a.nhead, { dropout: a.dropout, batch_first: a.batch_first, bias: a.bias, ...fk });
    this.linear1 = new Linear(a.d_model, a.dim_feedforward, { bias: a.bias, ...fk });
    this.dropout = new Dropout(a.dropout);
    this.linear2 = new Linear(a.dim_feedforward, a.d_model, { bias: a.bias, ...fk });
    this.norm_first = a.norm_first;
    this.norm1 = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...fk });
    this.norm2 = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...fk });
    this.norm3 = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...fk });
    this.dropout1 = new Dropout(a.dropout);
    this.dropout2 = new Dropout(a.dropout);
    this.dropout3 = new Dropout(a.dropout);
    this.activation = typeof a.activation === 'string' ? _get_activation_fn(a.activation) : a.activation;
  }
  override forward(
    tgt: Tensor,
    memory: Tensor,
    ...args: PyArgs<
      [tgt_mask: OptT, memory_mask: OptT, tgt_key_padding_mask: OptT, memory_key_padding_mask: OptT, tgt_is_causal: boolean, memory_is_causal: boolean],
      { tgt_mask?: OptT; memory_mask?: OptT; tgt_key_padding_mask?: OptT; memory_key_padding_mask?: OptT; tgt_is_causal?: boolean; memory_is_causal?: boolean }
    >
  ): Tensor {
    const a = parse('TransformerDecoderLayer.forward', args, {
      tgt_mask: null as OptT, memory_mask: null as OptT, tgt_key_padding_mask: null as OptT, memory_key_padding_mask: null as OptT,
      tgt_is_causal: false, memory_is_causal: false,
    });
    let x = tgt;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1(x), a.tgt_mask, a.tgt_key_padding_mask, a.tgt_is_causal));
      x = x.add(this._mha_block(this.norm2(x), memory, a.memory_mask, a.memory_key_padding_mask, a.memory_is_causal));
      x = x.add(this._ff_block(this.norm3(x)));
    } else {
      x = this.norm1(x.add(this._sa_block(x, a.tgt_mask, a.tgt_key_padding_mask, a.tgt_is_causal)));
      x = this.norm2(x.add(this._mha_block(x, memory, a.memory_mask, a.memory_key_padding_mask, a.memory_is_causal)));
      x = this.norm3(x.add(this._ff_block(x)));
    }
    return x;
  }
  _sa_block(x: Tensor, attn_mask: OptT, key_padding_mask: OptT, is_causal = false): Tensor {
    const [out] = this.self_attn(x, x, x, { attn_mask, key_padding_mask, is_causal, need_weights: false });
    return this.dropout1(out);
  }
  _mha_block(x: Tensor, mem: Tensor, attn_mask: OptT, key_padding_mask: OptT, is_causal = false): Tensor {
    const [out] = this.multihead_attn(x, mem, mem, { attn_mask, key_padding_mask, is_causal, need_weights: false });
    return this.dropout2(out);
  }
  _ff_block(x: Tensor): Tensor {
    return this.dropout3(this.linear2(this.dropout(this.activation(this.linear1(x)))));
  }
}

/** TransformerEncoder(encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True): a stack
 *  of num_layers copies of encoder_layer. forward(src, mask=None, src_key_padding_mask=None, is_causal=None). */
export class TransformerEncoder extends Module {
  declare layers: ModuleList;
  declare num_layers: number;
  declare norm: Module | null;
  declare enable_nested_tensor: boolean;
  declare use_nested_tensor: boolean;
  declare mask_check: boolean;
  constructor(
    encoder_layer: Module,
    num_layers: number,
    ...args: PyArgs<[norm: Module | null, enable_nested_tensor: boolean, mask_check: boolean], { norm?: Module | null; enable_nested_tensor?: boolean; mask_check?: boolean }>
  );
  constructor(options: { encoder_layer: Module; num_layers: number; norm?: Module | null; enable_nested_tensor?: boolean; mask_check?: boolean });
  constructor(...args: unknown[]) {
    super();
    const a = parse('TransformerEncoder.__init__', args, {
      encoder_layer: req<Module>(), num_layers: req<number>(), norm: null as Module | null, enable_nested_tensor: true, mask_check: true,
    });
    this.layers = _get_clones(a.encoder_layer, a.num_layers);
    this.num_layers = a.num_layers;
    this.norm = a.norm;
    this.enable_nested_tensor = a.enable_nested_tensor;
    this.use_nested_tensor = a.enable_nested_tensor;
    this.mask_check = a.mask_check;
    const enc = 'encoder_layer';
    const layer = a.encoder_layer;
    let why = '';
    if (!(layer instanceof TransformerEncoderLayer)) why = `${enc} was not TransformerEncoderLayer`;
    else if (layer.norm_first) why = `${enc}.norm_first was True`;
    else if (!layer.self_attn.batch_first) why = `${enc}.self_attn.batch_first was not True(use batch_first for better inference performance)`;
    else if (!layer.self_attn._qkv_same_embed_dim) why = `${enc}.self_attn._qkv_same_embed_dim was not True`;
    else if (layer.self_attn.in_proj_bias === null) why = `${enc}.self_attn was passed bias=False`;
    else if (!layer.activation_relu_or_gelu) why = `${enc}.activation_relu_or_gelu was not True`;
    else if (layer.norm1.eps !== layer.norm2.eps) why = `${enc}.norm1.eps was not equal to ${enc}.norm2.eps`;
    else if (layer.self_attn.num_heads % 2 === 1) why = `${enc}.self_attn.num_heads is odd`;
    if (a.enable_nested_tensor && why) {
      warn(`enable_nested_tensor is True, but self.use_nested_tensor is False because ${why}`);
      this.use_nested_tensor = false;
    }
  }
  override forward(
    src: Tensor,
    ...args: PyArgs<[mask: OptT, src_key_padding_mask: OptT, is_causal: boolean | null], { mask?: OptT; src_key_padding_mask?: OptT; is_causal?: boolean | null }>
  ): Tensor {
    const a = parse('TransformerEncoder.forward', args, { mask: null as OptT, src_key_padding_mask: null as OptT, is_causal: null as boolean | null });
    const src_key_padding_mask = F._canonical_mask(a.src_key_padding_mask, 'src_key_padding_mask', F._none_or_dtype(a.mask), 'mask', src.dtype);
    const mask = F._canonical_mask(a.mask, 'mask', null, '', src.dtype, false);
    const first = this.layers.at(0) as TransformerEncoderLayer;
    const seq_len = _get_seq_len(src, first.self_attn.batch_first);
    const is_causal = _detect_is_causal_mask(mask, a.is_causal, seq_len);
    let output = src;
    for (const mod of this.layers) output = mod(output, { src_mask: mask, is_causal, src_key_padding_mask }) as Tensor;
    if (this.norm !== null) output = this.norm(output) as Tensor;
    return output;
  }
}

/** TransformerDecoder(decoder_layer, num_layers, norm=None): a stack of num_layers copies of decoder_layer.
 *  forward(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
 *  memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False). */
export class TransformerDecoder extends Module {
  declare layers: ModuleList;
  declare num_layers: number;
  declare norm: Module | null;
  constructor(decoder_layer: Module, num_layers: number, ...args: PyArgs<[norm: Module | null], { norm?: Module | null }>);
  constructor(options: { decoder_layer: Module; num_layers: number; norm?: Module | null });
  constructor(...args: unknown[]) {
    super();
    const a = parse('TransformerDecoder.__init__', args, { decoder_layer: req<Module>(), num_layers: req<number>(), norm: null as Module | null });
    this.layers = _get_clones(a.decoder_layer, a.num_layers);
    this.num_layers = a.num_layers;
    this.norm = a.norm;
  }
  override forward(
    tgt: Tensor,
    memory: Tensor,
    ...args: PyArgs<
      [tgt_mask: OptT, memory_mask: OptT, tgt_key_padding_mask: OptT, memory_key_padding_mask: OptT, tgt_is_causal: boolean | null, memory_is_causal: boolean],
      { tgt_mask?: OptT; memory_mask?: OptT; tgt_key_padding_mask?: OptT; memory_key_padding_mask?: OptT; tgt_is_causal?: boolean | null; memory_is_causal?: boolean }
    >
  ): Tensor {
    const a = parse('TransformerDecoder.forward', args, {
      tgt_mask: null as OptT, memory_mask: null as OptT, tgt_key_padding_mask: null as OptT, memory_key_padding_mask: null as OptT,
      tgt_is_causal: null as boolean | null, memory_is_causal: false,
    });
    const first = this.layers.at(0) as TransformerDecoderLayer;
    const seq_len = _get_seq_len(tgt, first.self_attn.batch_first);
    const tgt_is_causal = _detect_is_causal_mask(a.tgt_mask, a.tgt_is_causal, seq_len);
    let output = tgt;
    for (const mod of this.layers) {
      output = mod(output, memory, {
        tgt_mask: a.tgt_mask, memory_mask: a.memory_mask, tgt_key_padding_mask: a.tgt_key_padding_mask,
        memory_key_padding_mask: a.memory_key_padding_mask, tgt_is_causal, memory_is_causal: a.memory_is_causal,
      }) as Tensor;
    }
    if (this.norm !== null) output = this.norm(output) as Tensor;
    return output;
  }
}

export interface TransformerOptions extends TransformerLayerOptions {
  d_model?: number;
  nhead?: number;
  num_encoder_layers?: number;
  num_decoder_layers?: number;
  custom_encoder?: Module | null;
  custom_decoder?: Module | null;
}

/** Transformer(d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048,
 *  dropout=0.1, activation=relu, custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-5, batch_first=False,
 *  norm_first=False, bias=True, device=None, dtype=None): the encoder-decoder transformer of "Attention Is All You
 *  Need". forward(src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None,
 *  tgt_key_padding_mask=None, memory_key_padding_mask=None, src_is_causal=None, tgt_is_causal=None,
 *  memory_is_causal=False). */
export class Transformer extends Module {
  declare encoder: Module;
  declare decoder: Module;
  declare d_model: number;
  declare nhead: number;
  declare batch_first: boolean;
  constructor(
    ...args: PyArgs<
      [d_model: number, nhead: number, num_encoder_layers: number, num_decoder_layers: number, dim_feedforward: number, dropout: number, activation: Activation,
        custom_encoder: Module | null, custom_decoder: Module | null, layer_norm_eps: number, batch_first: boolean, norm_first: boolean, bias: boolean,
        device: DeviceLike | null, dtype: dtype | null],
      TransformerOptions
    >
  ) {
    super();
    const a = parse('Transformer.__init__', args, {
      d_model: 512, nhead: 8, num_encoder_layers: 6, num_decoder_layers: 6, dim_feedforward: 2048, dropout: 0.1, activation: F.relu as Activation,
      custom_encoder: null as Module | null, custom_decoder: null as Module | null, layer_norm_eps: 1e-5, batch_first: false, norm_first: false,
      bias: true, device: null as DeviceLike | null, dtype: null as dtype | null,
    });
    const fk = { device: a.device, dtype: a.dtype };
    const layerArgs = {
      dim_feedforward: a.dim_feedforward, dropout: a.dropout, activation: a.activation, layer_norm_eps: a.layer_norm_eps, batch_first: a.batch_first,
      norm_first: a.norm_first, bias: a.bias, ...fk,
    };
    if (a.custom_encoder !== null) {
      this.encoder = a.custom_encoder;
    } else {
      const encoder_layer = new TransformerEncoderLayer(a.d_model, a.nhead, layerArgs);
      const encoder_norm = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...fk });
      this.encoder = new TransformerEncoder(encoder_layer, a.num_encoder_layers, encoder_norm);
    }
    if (a.custom_decoder !== null) {
      this.decoder = a.custom_decoder;
    } else {
      const decoder_layer = new TransformerDecoderLayer(a.d_model, a.nhead, layerArgs);
      const decoder_norm = new LayerNorm(a.d_model, { eps: a.layer_norm_eps, bias: a.bias, ...fk });
      this.decoder = new TransformerDecoder(decoder_layer, a.num_decoder_layers, decoder_norm);
    }
    this._reset_parameters();
    this.d_model = a.d_model;
    this.nhead = a.nhead;
    this.batch_first = a.batch_first;
  }
  override forward(
    src: Tensor,
    tgt: Tensor,
    ...args: PyArgs<
      [src_mask: OptT, tgt_mask: OptT, memory_mask: OptT, src_key_padding_mask: OptT, tgt_key_padding_mask: OptT, memory_key_padding_mask: OptT,
        src_is_causal: boolean | null, tgt_is_causal: boolean | null, memory_is_causal: boolean],
      {
        src_mask?: OptT; tgt_mask?: OptT; memory_mask?: OptT; src_key_padding_mask?: OptT; tgt_key_padding_mask?: OptT; memory_key_padding_mask?: OptT;
        src_is_causal?: boolean | null; tgt_is_causal?: boolean | null; memory_is_causal?: boolean;
      }
    >
  ): Tensor {
    const a = parse('Transformer.forward', args, {
      src_mask: null as OptT, tgt_mask: null as OptT, memory_mask: null as OptT, src_key_padding_mask: null as OptT, tgt_key_padding_mask: null as OptT,
      memory_key_padding_mask: null as OptT, src_is_causal: null as boolean | null, tgt_is_causal: null as boolean | null, memory_is_causal: false,
    });
    const is_batched = src.dim() === 3;
    if (!this.batch_first && src.size(1) !== tgt.size(1) && is_batched) throw new TorchError('the batch number of src and tgt must be equal');
    if (this.batch_first && src.size(0) !== tgt.size(0) && is_batched) throw new TorchError('the batch number of src and tgt must be equal');
    if (src.size(-1) !== this.d_model || tgt.size(-1) !== this.d_model) throw new TorchError('the feature number of src and tgt must be equal to d_model');
    const memory = this.encoder(src, { mask: a.src_mask, src_key_padding_mask: a.src_key_padding_mask, is_causal: a.src_is_causal }) as Tensor;
    return this.decoder(tgt, memory, {
      tgt_mask: a.tgt_mask, memory_mask: a.memory_mask, tgt_key_padding_mask: a.tgt_key_padding_mask,
      memory_key_padding_mask: a.memory_key_padding_mask, tgt_is_causal: a.tgt_is_causal, memory_is_causal: a.memory_is_causal,
    }) as Tensor;
  }
  /** Transformer.generate_square_subsequent_mask(sz, device=None, dtype=None): the causal mask, -inf above the
   *  diagonal and 0 elsewhere. */
  static generate_square_subsequent_mask(sz: number, ...args: PyArgs<[device: DeviceLike | null, dtype: dtype | null], FactoryOptions>): Tensor {
    const a = parse('generate_square_subsequent_mask', [sz, ...args], { sz: req<number>(), device: null as DeviceLike | null, dtype: null as dtype | null });
    return _generate_square_subsequent_mask(a.sz, a.device, a.dtype);
  }
  _reset_parameters(): void {
    for (const p of this.parameters()) if (p.dim() > 1) init.xavier_uniform_(p);
  }
}
