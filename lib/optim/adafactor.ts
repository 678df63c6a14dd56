// torch.optim.Adafactor, after PyTorch's torch/optim/_adafactor.py: _init_group, and the functional adafactor() with
// its for-loop and multi-tensor (torch._foreach_*) forms, line for line. Factored second moments (row and column
// variances) for parameters of 2 dims or more, a full variance for vectors.
import { Tensor } from '../tensor/tensor';
import { tensor } from '../tensor/create';
import {
  _foreach_add_, _foreach_clamp_min_, _foreach_div_, _foreach_lerp_, _foreach_mul, _foreach_mul_, _foreach_neg,
  _foreach_rsqrt_, zeros_like,
} from '../generated/torch_functions';
import { norm } from '../functional';
import { float16, float32, float64, bfloat16, type dtype } from '../dtype';
import {
  AssertionError, _check_tensor_lr, _f, type FloatSpec, _foreach_increment_steps, _group_tensors_by_device_and_dtype,
  type Loss, Optimizer, type OptimizerState, _own, type ParamGroup, type Params, _parse_optimizer_args,
  _scalar_state, _to_scalar,
} from './optimizer';
import { type Num, num } from './_num';
import { TorchError, ValueError } from '../errors';

export interface AdafactorOptions {
  lr?: number | Tensor;
  beta2_decay?: number;
  eps?: [number | null, number];
  d?: number;
  weight_decay?: number;
  foreach?: boolean | null;
  maximize?: boolean;
}
export interface AdafactorDefaults {
  lr: number | Tensor;
  beta2_decay: number;
  eps: [number | null, number];
  d: number;
  weight_decay: number;
  foreach: boolean | null;
  maximize: boolean;
}

/** torch.finfo(dtype).eps of the floating dtypes. */
function finfoEps(dt: dtype): number {
  if (dt === float64) return 2.220446049250313e-16;
  if (dt === float32) return 1.1920928955078125e-7;
  if (dt === float16) return 0.0009765625;
  if (dt === bfloat16) return 0.0078125;
  throw new TypeError(`torch.finfo() requires a floating point input type, got ${dt}`);
}

/** Adafactor (torch.optim.Adafactor): eps is an array `[eps1 | null, eps2]` where Python has a tuple. */
export class Adafactor extends Optimizer<AdafactorDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = { lr: true, beta2_decay: true, eps: [true, true], d: true, weight_decay: true };

  constructor(params: Params<AdafactorDefaults> | (AdafactorOptions & { params: Params<AdafactorDefaults> }), options?: AdafactorOptions);
  constructor(params: Params<AdafactorDefaults>, lr: number | Tensor, options?: AdafactorOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const parsed = _parse_optimizer_args<AdafactorOptions>('Adafactor', ['lr', 'beta2_decay', 'eps', 'd', 'weight_decay'],
      ['foreach', 'maximize'], params, args);
    const o = parsed.options;
    const lr = o.lr ?? 1e-2;
    const beta2_decay = o.beta2_decay ?? -0.8;
    const eps = o.eps ?? [null, 1e-3];
    const d = o.d ?? 1.0;
    const weight_decay = o.weight_decay ?? 0.0;
    _check_tensor_lr(lr);
    if (!(num(lr) >= 0)) throw new ValueError(`Learning rate should be >= 0 but is: ${_f(lr)}`);
    if (!(beta2_decay <= 0)) throw new ValueError(`beta2_decay should be <= 0 but is: ${_f(beta2_decay)}`);
    if (eps[0] !== null && !(eps[0] >= 0)) throw new ValueError(`epsilon1 should be >= 0 but is: ${_f(eps[0])}`);
    if (!(eps[1] >= 0)) throw new ValueError(`epsilon2 should be >= 0 but is: ${_f(eps[1])}`);
    if (!(d >= 1)) throw new ValueError(`Clipping threshold d should be >= 1 but is: ${_f(d)}`);
    if (!(weight_decay >= 0)) throw new ValueError(`weight_decay should be >= 0 but is: ${_f(weight_decay)}`);
    super(parsed.params as Params<AdafactorDefaults>, {
      lr, beta2_decay, eps, d, weight_decay, foreach: o.foreach ?? null, maximize: o.maximize ?? false,
    });
  }

  protected override _setstate(state: Map<Tensor, OptimizerState>, groups: ParamGroup<AdafactorDefaults>[]): void {
    super._setstate(state, groups);
    this._setstate_defaults({ foreach: null }, ['step'], () => false);
  }

  private _init_group(group: ParamGroup<AdafactorDefaults>, params_with_grad: Tensor[], grads: Tensor[],
    row_vars: (Tensor | null)[], col_vars: (Tensor | null)[], variances: (Tensor | null)[], state_steps: Tensor[]): boolean {
    for (const p of group.params) {
      const grad = p.grad;
      if (grad === null) continue;
      if (p.is_complex()) throw new TorchError('Adafactor does not support complex parameters');
      params_with_grad.push(p);
      grads.push(grad);
      const state = this._state_of(p);
      // State initialization
      if (Object.keys(state).length === 0) {
        // note(crcrpar): Deliberately host `step` on CPU if both capturable and fused are off.
        // This is because kernel launches are costly on CUDA and XLA.
        state.step = _scalar_state(0.0, p, false);
        if (grad.dim() > 1) {
          const row_shape = [...grad.shape];
          row_shape[row_shape.length - 1] = 1;
          // Row factor of variance, NOT the same shape as grads (will be reduced along last dim)
          state.row_var = _own(grad.new_zeros(row_shape));
          const col_shape = [...grad.shape];
          col_shape[col_shape.length - 2] = 1;
          // Col factor of variance, NOT the same shape as grads (will be reduced along penultimate dim)
          state.col_var = _own(grad.new_zeros(col_shape));
        } else {
          state.variance = _own(zeros_like(grad));
        }
      }
      row_vars.push((state.row_var as Tensor | undefined) ?? null);
      col_vars.push((state.col_var as Tensor | undefined) ?? null);
      variances.push((state.variance as Tensor | undefined) ?? null);
      state_steps.push(state.step as Tensor);
    }
    return false; // has_complex
  }

  override step(): null;
  override step<L extends Loss>(closure: () => L): L;
  override step(closure?: () => Loss): Loss | null {
    return this._each_group(closure, (group) => {
      const params_with_grad: Tensor[] = [];
      const grads: Tensor[] = [];
      const row_vars: (Tensor | null)[] = [];
      const col_vars: (Tensor | null)[] = [];
      const variances: (Tensor | null)[] = [];
      const state_steps: Tensor[] = [];
      const [eps1, eps2] = group.eps;
      const has_complex = this._init_group(group, params_with_grad, grads, row_vars, col_vars, variances, state_steps);
      adafactor(params_with_grad, grads, row_vars, col_vars, variances, state_steps, {
        d: group.d, lr: group.lr, beta2_decay: group.beta2_decay, weight_decay: group.weight_decay, eps1, eps2,
        foreach: group.foreach, maximize: group.maximize, has_complex,
        grad_scale: this.grad_scale ?? null, found_inf: this.found_inf ?? null,
      });
    });
  }
}

export interface AdafactorFunctionalOptions {
  foreach?: boolean | null;
  grad_scale?: Tensor | null;
  found_inf?: Tensor | null;
  has_complex?: boolean;
  d: number;
  lr: Num;
  beta2_decay: number;
  weight_decay: number;
  eps1: number | null;
  eps2: number;
  maximize: boolean;
}
type Impl = (params: Tensor[], grads: Tensor[], row_vars: (Tensor | null)[], col_vars: (Tensor | null)[],
  variances: (Tensor | null)[], state_steps: Tensor[], o: Required<AdafactorFunctionalOptions>) => void;

/** Functional Adafactor (torch.optim._adafactor.adafactor). Unlike the other optimizers it defaults to the for-loop
 *  everywhere (it is used where memory is short): foreach only when asked for. */
export function adafactor(params: Tensor[], grads: Tensor[], row_vars: (Tensor | null)[], col_vars: (Tensor | null)[],
  variances: (Tensor | null)[], state_steps: Tensor[], options: AdafactorFunctionalOptions): void {
  const o: Required<AdafactorFunctionalOptions> = { foreach: null, grad_scale: null, found_inf: null, has_complex: false, ...options };
  const func: Impl = o.foreach ? _multi_tensor_adafactor : _single_tensor_adafactor;
  func(params, grads, row_vars, col_vars, variances, state_steps, o);
}

const _single_tensor_adafactor: Impl = (params, grads, row_vars, col_vars, variances, state_steps, o) => {
  if (o.grad_scale !== null || o.found_inf !== null) throw new AssertionError('Grad scaling should occur outside of optimizer.step()');
  const { d, beta2_decay, weight_decay, eps2, maximize } = o;
  let eps1 = o.eps1;
  const lr = num(_to_scalar(o.lr));
  for (let i = 0; i < params.length; i++) {
    const param = params[i];
    const grad = !maximize ? grads[i] : grads[i].neg();
    const step_t = state_steps[i];
    const row_var = row_vars[i];
    const col_var = col_vars[i];
    const variance = variances[i];
    if (eps1 === null) eps1 = finfoEps(param.dtype);
    // update step
    step_t.add_(1.0);
    const step_float = step_t.item() as number;
    const one_minus_beta2_t = step_float ** beta2_decay;
    const rho_t = Math.min(lr, 1 / step_float ** 0.5);
    const alpha = Math.max(eps2, (norm(param, 2).item() as number) / param.numel() ** 0.5) * rho_t;
    // Perform stepweight decay
    if (weight_decay !== 0) param.mul_(1 - lr * weight_decay);
    let var_estimate: Tensor;
    if (grad.dim() > 1) {
      if (row_var === null || col_var === null) throw new AssertionError('row_var and col_var should be defined when grad is multidimensional');
      // same as (g * g).mean(dim=-1) w/o materializing an intermediate size g
      const row_mean = norm(grad, { dim: -1, keepdim: true }).square_().div_(grad.size(-1));
      row_var.lerp_(row_mean, one_minus_beta2_t);
      // same as (g * g).mean(dim=-2) w/o materializing an intermediate size g
      const col_mean = norm(grad, { dim: -2, keepdim: true }).square_().div_(grad.size(-2));
      col_var.lerp_(col_mean, one_minus_beta2_t);
      var_estimate = row_var.matmul(col_var);
      var_estimate.div_(row_var.mean({ dim: -2, keepdim: true }).clamp_({ min: eps1 }));
    } else {
      if (variance === null) throw new AssertionError('variance should be defined when grad is a vector');
      const grad_squared = grad.mul(grad);
      variance.lerp_(grad_squared, one_minus_beta2_t);
      // avoid writing into variance during update
      var_estimate = variance.clone();
    }
    // square the eps1 as we sqrt after to keep eps1's magnitude
    const update = var_estimate.clamp_({ min: eps1 * eps1 }).rsqrt_();
    update.mul_(grad);
    const denom = Math.max(1.0, (norm(update, 2).item() as number) / (update.numel() ** 0.5 * d));
    param.add_(update, { alpha: -alpha / denom });
  }
};

const _multi_tensor_adafactor: Impl = (params, grads, row_vars, col_vars, variances, state_steps, o) => {
  if (params.length === 0) return;
  if (o.grad_scale !== null || o.found_inf !== null) throw new AssertionError('Grad scaling should occur outside of optimizer.step()');
  const { d, beta2_decay, weight_decay, eps2, maximize } = o;
  let eps1 = o.eps1;
  const lr = num(_to_scalar(o.lr));
  // Groups by device and dtype, then by whether the parameters are matrices (factored) or vectors.
  const groups: { dtype: dtype; multidim: boolean; lists: (Tensor | null)[][] }[] = [];
  for (const { dtype: dt, lists } of _group_tensors_by_device_and_dtype([params, grads, row_vars, col_vars, variances, state_steps])) {
    const byKind = new Map<boolean, (Tensor | null)[][]>();
    (lists[1] as Tensor[]).forEach((g, j) => {
      if (g === null) throw new AssertionError('grad should not be None');
      const key = g.dim() > 1;
      if (!byKind.has(key)) byKind.set(key, lists.map(() => []));
      lists.forEach((l, k) => byKind.get(key)![k].push((l as (Tensor | null)[])[j] ?? null));
    });
    for (const [multidim, ls] of byKind) groups.push({ dtype: dt, multidim, lists: ls });
  }
  for (const { dtype: dt, multidim: is_multidim, lists } of groups) {
    const [device_params, grads_, device_row_vars, device_col_vars, device_variances, device_state_steps] = lists as Tensor[][];
    let device_grads = grads_;
    if (eps1 === null) eps1 = finfoEps(dt);
    if (maximize) device_grads = _foreach_neg(device_grads);
    _foreach_increment_steps(device_state_steps);
    const one_minus_beta2_ts: number[] = [];
    const rho_ts: number[] = [];
    for (const s of device_state_steps) {
      one_minus_beta2_ts.push((s.item() as number) ** beta2_decay);
      rho_ts.push(Math.min(lr, 1 / (s.item() as number) ** 0.5));
    }
    let alphas = device_params.map((p, k) => Math.max(eps2, (norm(p, 2).item() as number) / p.numel() ** 0.5) * rho_ts[k]);
    // Perform stepweight decay
    if (weight_decay !== 0) _foreach_mul_(device_params, 1 - lr * weight_decay);
    let var_estimates: Tensor[];
    if (is_multidim) {
      if (device_row_vars[0] === null || device_col_vars[0] === null) {
        throw new AssertionError('row_var and col_var should be defined when grad is multidimensional');
      }
      // same as (g * g).mean(dim=-1) w/o materializing an intermediate size g
      const row_means = device_grads.map((g) => norm(g, { dim: -1, keepdim: true }));
      _foreach_mul_(row_means, row_means);
      _foreach_div_(row_means, device_grads.map((g) => g.size(-1)));
      _foreach_lerp_(device_row_vars, row_means, one_minus_beta2_ts);
      // same as (g * g).mean(dim=-2) w/o materializing an intermediate size g
      const col_means = device_grads.map((g) => norm(g, { dim: -2, keepdim: true }));
      _foreach_mul_(col_means, col_means);
      _foreach_div_(col_means, device_grads.map((g) => g.size(-2)));
      _foreach_lerp_(device_col_vars, col_means, one_minus_beta2_ts);
      var_estimates = device_row_vars.map((row_var, k) => row_var.matmul(device_col_vars[k]));
      const row_var_means = device_row_vars.map((row_var) => row_var.mean({ dim: -2, keepdim: true }));
      _foreach_clamp_min_(row_var_means, eps1);
      _foreach_div_(var_estimates, row_var_means);
    } else {
      if (device_variances[0] === null) throw new AssertionError('variance should be defined when grad is a vector');
      const grads_squared = _foreach_mul(device_grads, device_grads);
      _foreach_lerp_(device_variances, grads_squared, one_minus_beta2_ts);
      // avoid writing into variance during update
      var_estimates = device_variances.map((v) => v.clone());
    }
    // square the eps1 as we sqrt after to keep eps1's magnitude
    _foreach_clamp_min_(var_estimates, eps1 * eps1);
    _foreach_rsqrt_(var_estimates);
    _foreach_mul_(var_estimates, device_grads);
    const updates = var_estimates;
    alphas = alphas.map((a, k) => -a / Math.max(1.0, (norm(updates[k], 2).item() as number) / (updates[k].numel() ** 0.5 * d)));
    _foreach_mul_(updates, alphas);
    _foreach_add_(device_params, updates);
  }
};
