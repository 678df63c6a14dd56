// Recurrent layers, after PyTorch's torch/nn/modules/rnn.py: RNN (tanh / relu), LSTM (with proj_size) and GRU
// (num_layers, bidirectional, batch_first, dropout between layers, unbatched inputs, PackedSequence inputs) over
// LibTorch's fused kernels (torch.lstm, torch.gru, torch.rnn_tanh, torch.rnn_relu), with PyTorch's flat weight
// names (weight_ih_l0, bias_hh_l1_reverse, weight_hr_l0), and RNNCell, LSTMCell, GRUCell.
import type { Tensor } from '../../tensor/tensor';
import type { DeviceLike } from '../../device';
import type { dtype } from '../../dtype';
import { empty, zeros } from '../../generated/torch_functions';
import * as T from '../../generated/torch_functions';
import { type PyArgs, parse, req, floatRepr, tupleRepr, repr, typeName } from '../functional/_utils';
import { AssertionError, TorchError, ValueError } from '../../errors';
import { warn } from '../../warnings';
import { Parameter } from '../parameter';
import { Module } from '../module';
import * as init from '../init';
import { PackedSequence } from '../utils/rnn';
import type { FactoryOptions } from './linear';

type AnyFn = (...a: unknown[]) => unknown;
type OptT = Tensor | null;
export type RNNMode = 'LSTM' | 'GRU' | 'RNN_TANH' | 'RNN_RELU';

function _apply_permutation(tensor: Tensor, permutation: Tensor, dim = 1): Tensor {
  return tensor.index_select(dim, permutation);
}

/** The base of RNN, LSTM and GRU (torch.nn.RNNBase): the per-layer, per-direction weights and the checks. */
export class RNNBase extends Module {
  declare mode: RNNMode;
  declare input_size: number;
  declare hidden_size: number;
  declare num_layers: number;
  declare bias: boolean;
  declare batch_first: boolean;
  declare dropout: number;
  declare bidirectional: boolean;
  declare proj_size: number;
  declare _flat_weights_names: string[];
  declare _all_weights: string[][];

  constructor(
    mode: RNNMode, input_size: number, hidden_size: number, num_layers = 1, bias = true, batch_first = false, dropout = 0.0,
    bidirectional = false, proj_size = 0, device: DeviceLike | null = null, dtype: dtype | null = null,
  ) {
    super();
    const factory_kwargs = { device, dtype };
    this.mode = mode;
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.num_layers = num_layers;
    this.bias = bias;
    this.batch_first = batch_first;
    this.dropout = Number(dropout);
    this.bidirectional = bidirectional;
    this.proj_size = proj_size;
    const num_directions = bidirectional ? 2 : 1;
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
      throw new ValueError('dropout should be a number in range [0, 1] representing the probability of an element being zeroed');
    }
    if (dropout > 0 && num_layers === 1) {
      warn(
        `dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=${floatRepr(dropout)} and num_layers=${num_layers}`,
      );
    }
    if (typeof bias !== 'boolean') throw new TypeError(`bias should be of type bool, got: ${typeName(bias)}`);
    if (typeof batch_first !== 'boolean') throw new TypeError(`batch_first should be of type bool, got: ${typeName(batch_first)}`);
    if (!Number.isInteger(input_size)) throw new TypeError(`input_size should be of type int, got: ${typeName(input_size)}`);
    if (input_size <= 0) throw new ValueError('input_size must be greater than zero');
    if (!Number.isInteger(hidden_size)) throw new TypeError(`hidden_size should be of type int, got: ${typeName(hidden_size)}`);
    if (hidden_size <= 0) throw new ValueError('hidden_size must be greater than zero');
    if (num_layers <= 0) throw new ValueError('num_layers must be greater than zero');
    if (proj_size < 0) throw new ValueError('proj_size should be a positive integer or zero to disable projections');
    if (proj_size >= hidden_size) throw new ValueError('proj_size has to be smaller than hidden_size');
    let gate_size: number;
    if (mode === 'LSTM') gate_size = 4 * hidden_size;
    else if (mode === 'GRU') gate_size = 3 * hidden_size;
    else if (mode === 'RNN_TANH' || mode === 'RNN_RELU') gate_size = hidden_size;
    else throw new ValueError(`Unrecognized RNN mode: ${String(mode)}`);
    this._flat_weights_names = [];
    this._all_weights = [];
    for (let layer = 0; layer < num_layers; layer++) {
      for (let direction = 0; direction < num_directions; direction++) {
        const real_hidden_size = proj_size > 0 ? proj_size : hidden_size;
        const layer_input_size = layer === 0 ? input_size : real_hidden_size * num_directions;
        const w_ih = new Parameter(empty([gate_size, layer_input_size], factory_kwargs));
        const w_hh = new Parameter(empty([gate_size, real_hidden_size], factory_kwargs));
        const b_ih = new Parameter(empty(gate_size, factory_kwargs));
        const b_hh = new Parameter(empty(gate_size, factory_kwargs));
        let layer_params: Parameter[];
        if (proj_size === 0) {
          layer_params = bias ? [w_ih, w_hh, b_ih, b_hh] : [w_ih, w_hh];
        } else {
          const w_hr = new Parameter(empty([proj_size, hidden_size], factory_kwargs));
          layer_params = bias ? [w_ih, w_hh, b_ih, b_hh, w_hr] : [w_ih, w_hh, w_hr];
        }
        const suffix = direction === 1 ? '_reverse' : '';
        let param_names = ['weight_ih_l', 'weight_hh_l'];
        if (bias) param_names.push('bias_ih_l', 'bias_hh_l');
        if (proj_size > 0) param_names.push('weight_hr_l');
        param_names = param_names.map((x) => `${x}${layer}${suffix}`);
        param_names.forEach((name, i) => {
          (this as unknown as Record<string, unknown>)[name] = layer_params[i];
        });
        this._flat_weights_names.push(...param_names);
        this._all_weights.push(param_names);
      }
    }
    this.reset_parameters();
  }

  /** The weights in the kernels' order, read from the module's attributes (so a replaced or parametrized weight
   *  is used as it is now). */
  get _flat_weights(): OptT[] {
    const self = this as unknown as Record<string, unknown>;
    return this._flat_weights_names.map((n) => (self[n] ?? null) as OptT);
  }
  /** Packs the weights in one buffer for cuDNN; torch-node's kernels read the weights as they are, so this does
   *  nothing (as PyTorch on CPU). */
  flatten_parameters(): void {}
  /** The weights per layer and direction. */
  get all_weights(): Parameter[][] {
    const self = this as unknown as Record<string, Parameter>;
    return this._all_weights.map((ws) => ws.map((w) => self[w]));
  }

  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1.0 / Math.sqrt(this.hidden_size) : 0;
    for (const weight of this.parameters()) init.uniform_(weight, -stdv, stdv);
  }

  check_input(input: Tensor, batch_sizes: OptT): void {
    const w0 = this._flat_weights[0];
    if (w0 !== null && input.dtype !== w0.dtype) {
      throw new ValueError(
        `RNN input dtype (${input.dtype}) does not match weight dtype (${w0.dtype}). Convert input: input.to(${w0.dtype}), or convert model: model.to(${input.dtype})`,
      );
    }
    const expected_input_dim = batch_sizes !== null ? 2 : 3;
    if (input.dim() !== expected_input_dim) throw new TorchError(`input must have ${expected_input_dim} dimensions, got ${input.dim()}`);
    if (this.input_size !== input.size(-1)) {
      throw new TorchError(`input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${input.size(-1)}`);
    }
  }
  get_expected_hidden_size(input: Tensor, batch_sizes: OptT): [number, number, number] {
    const mini_batch = batch_sizes !== null ? (batch_sizes.select(0, 0).item() as number) : this.batch_first ? input.size(0) : input.size(1);
    const num_directions = this.bidirectional ? 2 : 1;
    return [this.num_layers * num_directions, mini_batch, this.proj_size > 0 ? this.proj_size : this.hidden_size];
  }
  check_hidden_size(hx: Tensor, expected_hidden_size: number[], msg = 'Expected hidden size {}, got {}'): void {
    const s = hx.shape;
    if (s.length !== expected_hidden_size.length || s.some((x, i) => x !== expected_hidden_size[i])) {
      const parts = msg.split('{}');
      throw new TorchError(`${parts[0]}${tupleRepr(expected_hidden_size)}${parts[1]}${repr([...s])}${parts[2] ?? ''}`);
    }
  }
  check_forward_args(input: Tensor, hidden: Tensor, batch_sizes: OptT): void {
    this.check_input(input, batch_sizes);
    this.check_hidden_size(hidden, this.get_expected_hidden_size(input, batch_sizes));
  }
  permute_hidden(hx: Tensor, permutation: OptT): Tensor {
    return permutation === null ? hx : _apply_permutation(hx, permutation);
  }

  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.proj_size !== 0) s += `, proj_size=${this.proj_size}`;
    if (this.num_layers !== 1) s += `, num_layers=${this.num_layers}`;
    if (this.bias !== true) s += `, bias=${repr(this.bias)}`;
    if (this.batch_first !== false) s += `, batch_first=${repr(this.batch_first)}`;
    if (this.dropout !== 0) s += `, dropout=${floatRepr(this.dropout)}`;
    if (this.bidirectional !== false) s += `, bidirectional=${repr(this.bidirectional)}`;
    return s;
  }

  /** The RNN/GRU forward (one hidden tensor), shared by RNN and GRU. */
  protected _forward_single(name: string, kernel: unknown, input: Tensor | PackedSequence, hx: OptT): [Tensor | PackedSequence, Tensor] {
    const num_directions = this.bidirectional ? 2 : 1;
    let data: Tensor;
    let batch_sizes: OptT = null;
    let sorted_indices: OptT = null;
    let unsorted_indices: OptT = null;
    let is_batched = true;
    const batch_dim = this.batch_first ? 0 : 1;
    let h: OptT = hx;
    if (input instanceof PackedSequence) {
      ({ data, batch_sizes, sorted_indices, unsorted_indices } = input);
      const max_batch_size = batch_sizes.select(0, 0).item() as number;
      h = h === null ? zeros([this.num_layers * num_directions, max_batch_size, this.hidden_size], { dtype: data.dtype, device: data.device }) : this.permute_hidden(h, sorted_indices);
    } else {
      data = input;
      if (data.dim() !== 2 && data.dim() !== 3) throw new ValueError(`${name}: Expected input to be 2D or 3D, got ${data.dim()}D ${name === 'RNN' ? 'tensor ' : ''}instead`);
      is_batched = data.dim() === 3;
      if (!is_batched) {
        data = data.unsqueeze(batch_dim);
        if (h !== null) {
          if (h.dim() !== 2) throw new TorchError(`For unbatched 2-D input, hx should also be 2-D but got ${h.dim()}-D tensor`);
          h = h.unsqueeze(1);
        }
      } else if (h !== null && h.dim() !== 3) {
        throw new TorchError(`For batched 3-D input, hx should also be 3-D but got ${h.dim()}-D tensor`);
      }
      const max_batch_size = this.batch_first ? data.size(0) : data.size(1);
      if (h === null) h = zeros([this.num_layers * num_directions, max_batch_size, this.hidden_size], { dtype: data.dtype, device: data.device });
    }
    this.check_forward_args(data, h, batch_sizes);
    const result = (batch_sizes === null
      ? (kernel as AnyFn)(data, h, this._flat_weights, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional, this.batch_first)
      : (kernel as AnyFn)(data, batch_sizes, h, this._flat_weights, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional)) as Tensor[];
    let [output, hidden] = result;
    if (input instanceof PackedSequence) {
      return [new PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices), this.permute_hidden(hidden, unsorted_indices)];
    }
    if (!is_batched) {
      output = output.squeeze(batch_dim);
      hidden = hidden.squeeze(1);
    }
    return [output, this.permute_hidden(hidden, unsorted_indices)];
  }
}

type RNNBaseOptions = { num_layers?: number; bias?: boolean; batch_first?: boolean; dropout?: number; bidirectional?: boolean } & FactoryOptions;
const BASE_SPEC = {
  input_size: req<number>(), hidden_size: req<number>(), num_layers: 1, bias: true, batch_first: false, dropout: 0.0, bidirectional: false,
};
const FACTORY = { device: null as DeviceLike | null, dtype: null as dtype | null };
function refuseProj(name: string, args: unknown[]): void {
  const last = args[args.length - 1];
  if (typeof last === 'object' && last !== null && Object.getPrototypeOf(last) === Object.prototype && 'proj_size' in last) {
    void name;
    throw new ValueError('proj_size argument is only supported for LSTM, not RNN or GRU');
  }
}

export type RNNNonlinearity = 'tanh' | 'relu';
type RNNOptions = RNNBaseOptions & { nonlinearity?: RNNNonlinearity };

/** RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, batch_first=False, dropout=0.0,
 *  bidirectional=False, device=None, dtype=None): an Elman RNN. forward(input, hx=None) -> [output, h_n]. (Called as a module, the type is the
 *  Tensor overload's; m.forward(packed) types a PackedSequence call.) */
export class RNN extends RNNBase {
  declare nonlinearity: RNNNonlinearity;
  constructor(
    input_size: number,
    hidden_size: number,
    ...args: PyArgs<
      [num_layers: number, nonlinearity: RNNNonlinearity, bias: boolean, batch_first: boolean, dropout: number, bidirectional: boolean, device: DeviceLike | null, dtype: dtype | null],
      RNNOptions
    >
  );
  constructor(options: RNNOptions & { input_size: number; hidden_size: number });
  constructor(...args: unknown[]) {
    refuseProj('RNN', args);
    const a = parse('RNN.__init__', args, { input_size: req<number>(), hidden_size: req<number>(), num_layers: 1, nonlinearity: 'tanh' as RNNNonlinearity, bias: true, batch_first: false, dropout: 0.0, bidirectional: false, ...FACTORY });
    let mode: RNNMode;
    if (a.nonlinearity === 'tanh') mode = 'RNN_TANH';
    else if (a.nonlinearity === 'relu') mode = 'RNN_RELU';
    else throw new ValueError(`Unknown nonlinearity '${String(a.nonlinearity)}'. Select from 'tanh' or 'relu'.`);
    super(mode, a.input_size, a.hidden_size, a.num_layers, a.bias, a.batch_first, a.dropout, a.bidirectional, 0, a.device, a.dtype);
    this.nonlinearity = a.nonlinearity;
  }
  override forward(input: PackedSequence, hx?: OptT): [PackedSequence, Tensor];
  override forward(input: Tensor, hx?: OptT): [Tensor, Tensor];
  override forward(input: Tensor | PackedSequence, hx: OptT = null): [Tensor | PackedSequence, Tensor] {
    if (this.mode !== 'RNN_TANH' && this.mode !== 'RNN_RELU') throw new AssertionError(`mode must be RNN_TANH or RNN_RELU, got ${this.mode}`);
    return this._forward_single('RNN', this.mode === 'RNN_TANH' ? T.rnn_tanh : T.rnn_relu, input, hx ?? null);
  }
}

/** GRU(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False,
 *  device=None, dtype=None): a gated recurrent unit network. forward(input, hx=None) -> [output, h_n]. */
export class GRU extends RNNBase {
  constructor(
    input_size: number,
    hidden_size: number,
    ...args: PyArgs<
      [num_layers: number, bias: boolean, batch_first: boolean, dropout: number, bidirectional: boolean, device: DeviceLike | null, dtype: dtype | null],
      RNNBaseOptions
    >
  );
  constructor(options: RNNBaseOptions & { input_size: number; hidden_size: number });
  constructor(...args: unknown[]) {
    refuseProj('GRU', args);
    const a = parse('GRU.__init__', args, { ...BASE_SPEC, ...FACTORY });
    super('GRU', a.input_size, a.hidden_size, a.num_layers, a.bias, a.batch_first, a.dropout, a.bidirectional, 0, a.device, a.dtype);
  }
  override forward(input: PackedSequence, hx?: OptT): [PackedSequence, Tensor];
  override forward(input: Tensor, hx?: OptT): [Tensor, Tensor];
  override forward(input: Tensor | PackedSequence, hx: OptT = null): [Tensor | PackedSequence, Tensor] {
    return this._forward_single('GRU', T.gru, input, hx ?? null);
  }
}

type LSTMOptions = RNNBaseOptions & { proj_size?: number };
type LSTMState = [Tensor, Tensor];

/** LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False,
 *  proj_size=0, device=None, dtype=None): a long short-term memory network. forward(input, [h_0, c_0]=None) ->
 *  [output, [h_n, c_n]]. */
export class LSTM extends RNNBase {
  constructor(
    input_size: number,
    hidden_size: number,
    ...args: PyArgs<
      [num_layers: number, bias: boolean, batch_first: boolean, dropout: number, bidirectional: boolean, proj_size: number, device: DeviceLike | null, dtype: dtype | null],
      LSTMOptions
    >
  );
  constructor(options: LSTMOptions & { input_size: number; hidden_size: number });
  constructor(...args: unknown[]) {
    const a = parse('LSTM.__init__', args, { ...BASE_SPEC, proj_size: 0, ...FACTORY });
    super('LSTM', a.input_size, a.hidden_size, a.num_layers, a.bias, a.batch_first, a.dropout, a.bidirectional, a.proj_size, a.device, a.dtype);
  }
  get_expected_cell_size(input: Tensor, batch_sizes: OptT): [number, number, number] {
    const mini_batch = batch_sizes !== null ? (batch_sizes.select(0, 0).item() as number) : this.batch_first ? input.size(0) : input.size(1);
    return [this.num_layers * (this.bidirectional ? 2 : 1), mini_batch, this.hidden_size];
  }
  override check_forward_args(input: Tensor, hidden: Tensor | LSTMState, batch_sizes: OptT): void {
    const [h, c] = hidden as LSTMState;
    this.check_input(input, batch_sizes);
    this.check_hidden_size(h, this.get_expected_hidden_size(input, batch_sizes), 'Expected hidden[0] size {}, got {}');
    this.check_hidden_size(c, this.get_expected_cell_size(input, batch_sizes), 'Expected hidden[1] size {}, got {}');
  }
  override permute_hidden(hx: Tensor | LSTMState, permutation: OptT): Tensor {
    const [h, c] = hx as LSTMState;
    return (permutation === null ? hx : [_apply_permutation(h, permutation), _apply_permutation(c, permutation)]) as unknown as Tensor;
  }
  override forward(input: PackedSequence, hx?: LSTMState | null): [PackedSequence, LSTMState];
  override forward(input: Tensor, hx?: LSTMState | null): [Tensor, LSTMState];
  override forward(input: Tensor | PackedSequence, hx: LSTMState | null = null): [Tensor | PackedSequence, LSTMState] {
    const num_directions = this.bidirectional ? 2 : 1;
    const real_hidden_size = this.proj_size > 0 ? this.proj_size : this.hidden_size;
    const permute = (s: LSTMState, p: OptT): LSTMState => this.permute_hidden(s, p) as unknown as LSTMState;
    let data: Tensor;
    let batch_sizes: OptT = null;
    let sorted_indices: OptT = null;
    let unsorted_indices: OptT = null;
    let is_batched = true;
    const batch_dim = this.batch_first ? 0 : 1;
    let state: LSTMState;
    const zerosState = (mb: number, like: Tensor): LSTMState => [
      zeros([this.num_layers * num_directions, mb, real_hidden_size], { dtype: like.dtype, device: like.device }),
      zeros([this.num_layers * num_directions, mb, this.hidden_size], { dtype: like.dtype, device: like.device }),
    ];
    if (input instanceof PackedSequence) {
      ({ data, batch_sizes, sorted_indices, unsorted_indices } = input);
      const max_batch_size = batch_sizes.select(0, 0).item() as number;
      state = hx === null ? zerosState(max_batch_size, data) : permute(hx, sorted_indices);
    } else {
      data = input;
      if (data.dim() !== 2 && data.dim() !== 3) throw new ValueError(`LSTM: Expected input to be 2D or 3D, got ${data.dim()}D instead`);
      is_batched = data.dim() === 3;
      if (!is_batched) data = data.unsqueeze(batch_dim);
      const max_batch_size = this.batch_first ? data.size(0) : data.size(1);
      if (hx === null) {
        state = zerosState(max_batch_size, data);
        this.check_forward_args(data, state, batch_sizes);
      } else {
        if (is_batched) {
          if (hx[0].dim() !== 3 || hx[1].dim() !== 3) {
            throw new TorchError(`For batched 3-D input, hx and cx should also be 3-D but got (${hx[0].dim()}-D, ${hx[1].dim()}-D) tensors`);
          }
          state = hx;
        } else {
          if (hx[0].dim() !== 2 || hx[1].dim() !== 2) {
            throw new TorchError(`For unbatched 2-D input, hx and cx should also be 2-D but got (${hx[0].dim()}-D, ${hx[1].dim()}-D) tensors`);
          }
          state = [hx[0].unsqueeze(1), hx[1].unsqueeze(1)];
        }
        this.check_forward_args(data, state, batch_sizes);
        state = permute(state, sorted_indices);
      }
    }
    const result = (batch_sizes === null
      ? (T.lstm as AnyFn)(data, state, this._flat_weights, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional, this.batch_first)
      : (T.lstm as AnyFn)(data, batch_sizes, state, this._flat_weights, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional)) as Tensor[];
    let output = result[0];
    let hidden: LSTMState = [result[1], result[2]];
    if (input instanceof PackedSequence) {
      return [new PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices), permute(hidden, unsorted_indices)];
    }
    if (!is_batched) {
      output = output.squeeze(batch_dim);
      hidden = [hidden[0].squeeze(1), hidden[1].squeeze(1)];
    }
    return [output, permute(hidden, unsorted_indices)];
  }
}

// ---- cells ----------------------------------------------------------------------------------------------------------

/** The base of RNNCell, LSTMCell and GRUCell: weight_ih, weight_hh, bias_ih, bias_hh. */
export class RNNCellBase extends Module {
  declare input_size: number;
  declare hidden_size: number;
  declare bias: boolean;
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;
  constructor(input_size: number, hidden_size: number, bias: boolean, num_chunks: number, device: DeviceLike | null = null, dtype: dtype | null = null) {
    super();
    const fk = { device, dtype };
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.bias = bias;
    this.weight_ih = new Parameter(empty([num_chunks * hidden_size, input_size], fk));
    this.weight_hh = new Parameter(empty([num_chunks * hidden_size, hidden_size], fk));
    if (bias) {
      this.bias_ih = new Parameter(empty(num_chunks * hidden_size, fk));
      this.bias_hh = new Parameter(empty(num_chunks * hidden_size, fk));
    } else {
      this.register_parameter('bias_ih', null);
      this.register_parameter('bias_hh', null);
    }
    this.reset_parameters();
  }
  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.bias !== true) s += `, bias=${repr(this.bias)}`;
    const nl = (this as unknown as { nonlinearity?: string }).nonlinearity;
    if (nl !== undefined && nl !== 'tanh') s += `, nonlinearity=${nl}`;
    return s;
  }
  reset_parameters(): void {
    const stdv = this.hidden_size > 0 ? 1.0 / Math.sqrt(this.hidden_size) : 0;
    for (const weight of this.parameters()) init.uniform_(weight, -stdv, stdv);
  }
}

type CellArgs = PyArgs<[bias: boolean, device: DeviceLike | null, dtype: dtype | null], { bias?: boolean } & FactoryOptions>;
const CELL_SPEC = { input_size: req<number>(), hidden_size: req<number>(), bias: true, ...FACTORY };

/** A cell's input as a batch: [input, hx as a batch or null, is_batched]. */
function cellBatch(name: string, input: Tensor, hx: OptT): [Tensor, OptT, boolean] {
  if (input.dim() !== 1 && input.dim() !== 2) throw new ValueError(`${name}: Expected input to be 1D or 2D, got ${input.dim()}D instead`);
  if (hx !== null && hx.dim() !== 1 && hx.dim() !== 2) throw new ValueError(`${name}: Expected hidden to be 1D or 2D, got ${hx.dim()}D instead`);
  const is_batched = input.dim() === 2;
  return is_batched ? [input, hx, true] : [input.unsqueeze(0), hx === null ? null : hx.unsqueeze(0), false];
}

/** RNNCell(input_size, hidden_size, bias=True, nonlinearity='tanh', device=None, dtype=None): one step of an Elman
 *  RNN. forward(input, hx=None) -> h'. */
export class RNNCell extends RNNCellBase {
  declare nonlinearity: RNNNonlinearity;
  constructor(
    input_size: number,
    hidden_size: number,
    ...args: PyArgs<[bias: boolean, nonlinearity: RNNNonlinearity, device: DeviceLike | null, dtype: dtype | null], { bias?: boolean; nonlinearity?: RNNNonlinearity } & FactoryOptions>
  );
  constructor(options: { input_size: number; hidden_size: number; bias?: boolean; nonlinearity?: RNNNonlinearity } & FactoryOptions);
  constructor(...args: unknown[]) {
    const a = parse('RNNCell.__init__', args, { input_size: req<number>(), hidden_size: req<number>(), bias: true, nonlinearity: 'tanh' as RNNNonlinearity, ...FACTORY });
    super(a.input_size, a.hidden_size, a.bias, 1, a.device, a.dtype);
    this.nonlinearity = a.nonlinearity;
  }
  override forward(input: Tensor, hx: OptT = null): Tensor {
    const [x, h0, is_batched] = cellBatch('RNNCell', input, hx ?? null);
    const h = h0 ?? zeros([x.size(0), this.hidden_size], { dtype: x.dtype, device: x.device });
    let ret: Tensor;
    if (this.nonlinearity === 'tanh') ret = (T.rnn_tanh_cell as AnyFn)(x, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh) as Tensor;
    else if (this.nonlinearity === 'relu') ret = (T.rnn_relu_cell as AnyFn)(x, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh) as Tensor;
    else throw new TorchError(`Unknown nonlinearity: ${String(this.nonlinearity)}`);
    return is_batched ? ret : ret.squeeze(0);
  }
}

/** LSTMCell(input_size, hidden_size, bias=True, device=None, dtype=None): one LSTM step. forward(input,
 *  [h, c]=None) -> [h', c']. */
export class LSTMCell extends RNNCellBase {
  constructor(input_size: number, hidden_size: number, ...args: CellArgs);
  constructor(options: { input_size: number; hidden_size: number; bias?: boolean } & FactoryOptions);
  constructor(...args: unknown[]) {
    const a = parse('LSTMCell.__init__', args, CELL_SPEC);
    super(a.input_size, a.hidden_size, a.bias, 4, a.device, a.dtype);
  }
  override forward(input: Tensor, hx: LSTMState | null = null): LSTMState {
    if (input.dim() !== 1 && input.dim() !== 2) throw new ValueError(`LSTMCell: Expected input to be 1D or 2D, got ${input.dim()}D instead`);
    if (hx !== null && hx !== undefined) {
      hx.forEach((value, idx) => {
        if (value.dim() !== 1 && value.dim() !== 2) throw new ValueError(`LSTMCell: Expected hx[${idx}] to be 1D or 2D, got ${value.dim()}D instead`);
      });
    }
    const is_batched = input.dim() === 2;
    const x = is_batched ? input : input.unsqueeze(0);
    let state: LSTMState;
    if (hx === null || hx === undefined) {
      const z = zeros([x.size(0), this.hidden_size], { dtype: x.dtype, device: x.device });
      state = [z, z];
    } else {
      state = is_batched ? hx : [hx[0].unsqueeze(0), hx[1].unsqueeze(0)];
    }
    const ret = (T.lstm_cell as AnyFn)(x, state, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh) as Tensor[];
    return is_batched ? [ret[0], ret[1]] : [ret[0].squeeze(0), ret[1].squeeze(0)];
  }
}

/** GRUCell(input_size, hidden_size, bias=True, device=None, dtype=None): one GRU step. forward(input, hx=None) ->
 *  h'. */
export class GRUCell extends RNNCellBase {
  constructor(input_size: number, hidden_size: number, ...args: CellArgs);
  constructor(options: { input_size: number; hidden_size: number; bias?: boolean } & FactoryOptions);
  constructor(...args: unknown[]) {
    const a = parse('GRUCell.__init__', args, CELL_SPEC);
    super(a.input_size, a.hidden_size, a.bias, 3, a.device, a.dtype);
  }
  override forward(input: Tensor, hx: OptT = null): Tensor {
    const [x, h0, is_batched] = cellBatch('GRUCell', input, hx ?? null);
    const h = h0 ?? zeros([x.size(0), this.hidden_size], { dtype: x.dtype, device: x.device });
    const ret = (T.gru_cell as AnyFn)(x, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh) as Tensor;
    return is_batched ? ret : ret.squeeze(0);
  }
}
