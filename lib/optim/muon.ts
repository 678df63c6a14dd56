// torch.optim.Muon, after PyTorch's torch/optim/_muon.py (new in torch 2.11): _init_group, the Newton-Schulz
// orthogonalization (_zeropower_via_newtonschulz, in bfloat16 as Python's), the learning rate adjustment (_adjust_lr)
// and the functional muon() with its for-loop form, line for line. Python has no foreach form (foreach=True raises)
// and no fused one. Only 2-D parameters.
import { Tensor } from '../tensor/tensor';
import { addmm, zeros_like } from '../generated/torch_functions';
import {
  _check_tensor_lr, _f, type FloatSpec, type Loss, Optimizer, _own, type ParamGroup, type Params,
  _parse_optimizer_args, _to_scalar,
} from './optimizer';
import { type Num, mul, num, sub } from './_num';
import { TorchError, ValueError } from '../errors';

// torch 2.11's defaults (the coefficients are those of Keller Jordan's Muon)
export const EPS = 1e-7;
export const DEFAULT_A = 3.4445;
export const DEFAULT_B = -4.775;
export const DEFAULT_C = 2.0315;
export const DEFAULT_NS_STEPS = 5;

/** Python's `adjust_lr_fn`: "original" (Keller Jordan's, the default when null), "match_rms_adamw" (Moonshot's). */
export type MuonAdjustLrFn = 'original' | 'match_rms_adamw' | null;

export interface MuonOptions {
  lr?: number | Tensor;
  weight_decay?: number;
  momentum?: number;
  nesterov?: boolean;
  ns_coefficients?: [number, number, number];
  eps?: number;
  ns_steps?: number;
  adjust_lr_fn?: MuonAdjustLrFn;
}
export interface MuonDefaults {
  lr: number | Tensor;
  weight_decay: number;
  momentum: number;
  nesterov: boolean;
  ns_coefficients: [number, number, number];
  eps: number;
  ns_steps: number;
  adjust_lr_fn: MuonAdjustLrFn;
}

// every argument of Python's Muon.__init__ is positional-or-keyword
const POSITIONAL = ['lr', 'weight_decay', 'momentum', 'nesterov', 'ns_coefficients', 'eps', 'ns_steps', 'adjust_lr_fn'] as const;

/**
 * The orthogonalized update: `ns_steps` quintic Newton-Schulz iterations with coefficients (a, b, c) on the gradient
 * in bfloat16, scaled first so that its spectral norm is at most 1 (a tall matrix is worked on transposed). The
 * coefficients push singular values toward 1 quickly rather than exactly, as torch 2.11's Muon does; the numbers
 * must equal Python's, so the order of operations is kept.
 */
export function _zeropower_via_newtonschulz(grad: Tensor, ns_coefficients: readonly number[], ns_steps: number, eps: number): Tensor {
  if (ns_steps >= 100) throw new ValueError('Number of steps must be less than 100 for computational efficiency');
  if (grad.shape.length !== 2) throw new ValueError('Input tensor gradient must be a 2D matrix');
  if (ns_coefficients.length !== 3) throw new ValueError('Coefficients must be a tuple of exactly 3 values');
  const [a, b, c] = ns_coefficients;
  // (a bfloat16 gradient is the tensor itself here, and is normalized in place, as in Python)
  let ortho_grad = grad.bfloat16();
  if (grad.size(0) > grad.size(1)) ortho_grad = ortho_grad.T;
  ortho_grad.div_(ortho_grad.norm().clamp({ min: eps }));
  for (let i = 0; i < ns_steps; i++) {
    const gram_matrix = ortho_grad.matmul(ortho_grad.T);
    const gram_update = addmm(gram_matrix, gram_matrix, gram_matrix, { beta: b, alpha: c });
    ortho_grad = addmm(ortho_grad, gram_update, ortho_grad, { beta: a });
  }
  if (grad.size(0) > grad.size(1)) ortho_grad = ortho_grad.T;
  return ortho_grad;
}

/** Default learning rate adjustment used by Muon. */
export function _adjust_lr(lr: Num, adjust_lr_fn: string | null, param_shape: readonly number[]): Num {
  const [A, B] = param_shape.slice(0, 2);
  let adjusted_ratio: number;
  if (adjust_lr_fn === null || adjust_lr_fn === 'original') {
    adjusted_ratio = Math.sqrt(Math.max(1, A / B));
  } else if (adjust_lr_fn === 'match_rms_adamw') {
    adjusted_ratio = 0.2 * Math.sqrt(Math.max(A, B));
  } else {
    adjusted_ratio = 1.0;
  }
  return mul(lr, adjusted_ratio);
}

/**
 * Muon (torch.optim.Muon): momentum SGD whose update is orthogonalized by a Newton-Schulz iteration (in bfloat16), for
 * the 2-D parameters of hidden layers; other parameters (biases, embeddings) belong to a standard optimizer such as
 * AdamW. Positional arguments are Python's (`new Muon(params, 0.02)`), keyword arguments a trailing options object
 * (`{momentum: 0.9, nesterov: false, adjust_lr_fn: 'match_rms_adamw'}`); `ns_coefficients` is an array `[a, b, c]`
 * where Python has a tuple.
 */
export class Muon extends Optimizer<MuonDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = {
    lr: true, weight_decay: true, momentum: true, ns_coefficients: [true, true, true], eps: true,
  };

  constructor(params: Params<MuonDefaults> | (MuonOptions & { params: Params<MuonDefaults> }), options?: MuonOptions);
  constructor(params: Params<MuonDefaults>, lr: number | Tensor, options?: MuonOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const parsed = _parse_optimizer_args<MuonOptions>('Muon', POSITIONAL, [], params, args);
    const o = parsed.options;
    const lr = o.lr ?? 1e-3;
    const weight_decay = o.weight_decay ?? 0.1;
    const momentum = o.momentum ?? 0.95;
    const nesterov = o.nesterov ?? true;
    const ns_coefficients = o.ns_coefficients ?? [DEFAULT_A, DEFAULT_B, DEFAULT_C];
    const eps = o.eps ?? EPS;
    const ns_steps = o.ns_steps ?? DEFAULT_NS_STEPS;
    const adjust_lr_fn = o.adjust_lr_fn ?? null;
    _check_tensor_lr(lr);
    if (!(0.0 <= num(lr))) throw new ValueError(`Learning rate should be >= 0 but is: ${_f(lr)}`);
    if (!(0.0 <= momentum)) throw new ValueError(`momentum should be >= 0 but is: ${_f(momentum)}`);
    if (!(0.0 <= weight_decay)) throw new ValueError(`weight decay should be >= 0 but is: ${_f(weight_decay)}`);
    if (adjust_lr_fn !== null && !['original', 'match_rms_adamw'].includes(adjust_lr_fn)) {
      throw new ValueError(`Adjust learning rate function ${String(adjust_lr_fn)} is not supported`);
    }
    const defaults: MuonDefaults = { lr, weight_decay, momentum, nesterov, ns_coefficients, eps, ns_steps, adjust_lr_fn };
    super(parsed.params as Params<MuonDefaults>, defaults);
    for (const group of this.param_groups) {
      for (const p of group.params) {
        if (p.ndim !== 2) {
          throw new ValueError(`Muon only supports 2D parameters whereas we found a parameter with size: ${String(p.size())}`);
        }
      }
    }
  }

  private _init_group(group: ParamGroup<MuonDefaults>, params_with_grad: Tensor[], grads: Tensor[],
    muon_momentum_bufs: Tensor[]): boolean {
    for (const p of group.params) {
      const grad = p.grad;
      if (grad === null) continue;
      if (p.is_complex()) throw new TorchError('Muon does not support complex parameters');
      // (Python's check of sparse gradients: torch-node has no sparse gradients)
      params_with_grad.push(p);
      grads.push(grad);
      const state = this._state_of(p);
      if (!('momentum_buffer' in state)) state.momentum_buffer = _own(zeros_like(grad));
      muon_momentum_bufs.push(state.momentum_buffer as Tensor);
    }
    return false; // has_complex
  }

  override step(): null;
  override step<L extends Loss>(closure: () => L): L;
  override step(closure?: () => Loss): Loss | null {
    return this._each_group(closure, (group) => {
      const params_with_grad: Tensor[] = [];
      const grads: Tensor[] = [];
      const muon_momentum_bufs: Tensor[] = [];
      const has_complex = this._init_group(group, params_with_grad, grads, muon_momentum_bufs);
      muon(params_with_grad, grads, muon_momentum_bufs, {
        lr: group.lr,
        weight_decay: group.weight_decay,
        momentum: group.momentum,
        nesterov: group.nesterov,
        ns_coefficients: group.ns_coefficients,
        eps: group.eps,
        ns_steps: group.ns_steps,
        adjust_lr_fn: group.adjust_lr_fn,
        has_complex,
      });
    });
  }
}

export interface MuonFunctionalOptions {
  foreach?: boolean | null;
  lr: Num;
  weight_decay: number;
  momentum: number;
  nesterov: boolean;
  ns_coefficients: readonly number[];
  ns_steps: number;
  eps: number;
  adjust_lr_fn: string | null;
  has_complex: boolean;
}

/** Functional Muon (torch.optim._muon.muon): the for-loop implementation; foreach=true is Python's RuntimeError. */
export function muon(params: Tensor[], grads: Tensor[], muon_momentum_bufs: Tensor[], o: MuonFunctionalOptions): void {
  if (o.foreach) {
    throw new TorchError('Foreach is not supported for Muon yet');
  }
  const func = _single_tensor_muon;
  func(params, grads, muon_momentum_bufs, o);
}

function _single_tensor_muon(params: Tensor[], grads: Tensor[], muon_momentum_bufs: Tensor[], o: MuonFunctionalOptions): void {
  const { weight_decay, momentum, nesterov, ns_coefficients, ns_steps, eps, adjust_lr_fn, has_complex } = o;
  const lr = _to_scalar(o.lr);
  if (has_complex) throw new ValueError('Complex parameters are not supported');
  params.forEach((param, i) => {
    const grad = grads[i];
    if (grad.ndim !== 2) throw new ValueError('Param gradient must be a 2D matrix');
    const buf = muon_momentum_bufs[i];
    buf.lerp_(grad, 1 - momentum);
    let update = nesterov ? grad.lerp(buf, momentum) : buf;
    update = _zeropower_via_newtonschulz(update, ns_coefficients, ns_steps, eps);
    const adjusted_lr = _adjust_lr(lr, adjust_lr_fn, param.shape);
    param.mul_(sub(1, mul(lr, weight_decay)));
    param.add_(update, { alpha: -num(adjusted_lr) });
  });
}
