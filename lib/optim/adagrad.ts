// torch.optim.Adagrad, after PyTorch's torch/optim/adagrad.py: state made in the constructor, _init_group, and the
// functional adagrad() with its for-loop, multi-tensor (torch._foreach_*) and fused forms, line for line.
import { Tensor } from '../tensor/tensor';
import { tensor } from '../tensor/create';
import {
  _foreach_add, _foreach_add_, _foreach_addcdiv_, _foreach_addcmul_, _foreach_mul, _foreach_mul_, _foreach_neg,
  _foreach_sqrt, _foreach_sub_, full_like, _fused_adagrad_, view_as_real,
} from '../generated/torch_functions';
import {
  AssertionError, _check_lr, _check_nonnegative, _check_state_steps, _default_to_fused_or_foreach,
  _device_dtype_check_for_fused, type FloatSpec, _foreach_increment_steps, _get_scalar_dtype, _get_value,
  _group_tensors_by_device_and_dtype, type Loss, _on_device, Optimizer, type OptimizerState, _own, type ParamGroup,
  type Params, _parse_optimizer_args, _scalar_state, _to_scalar, _view_as_real,
} from './optimizer';
import { add, div, mul, neg, type Num, num } from './_num';
import { TorchError, ValueError } from '../errors';

export interface AdagradOptions {
  lr?: number | Tensor;
  lr_decay?: number;
  weight_decay?: number;
  initial_accumulator_value?: number;
  eps?: number;
  foreach?: boolean | null;
  maximize?: boolean;
  differentiable?: boolean;
  fused?: boolean | null;
}
export interface AdagradDefaults {
  lr: number | Tensor;
  lr_decay: number;
  eps: number;
  weight_decay: number;
  initial_accumulator_value: number;
  foreach: boolean | null;
  maximize: boolean;
  differentiable: boolean;
  fused: boolean | null;
}

/** Adagrad (torch.optim.Adagrad). */
export class Adagrad extends Optimizer<AdagradDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = { lr: true, eps: true };
  private _need_device_dtype_check_for_fused = false;

  constructor(params: Params<AdagradDefaults> | (AdagradOptions & { params: Params<AdagradDefaults> }), options?: AdagradOptions);
  constructor(params: Params<AdagradDefaults>, lr: number | Tensor, options?: AdagradOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const parsed = _parse_optimizer_args<AdagradOptions>('Adagrad',
      ['lr', 'lr_decay', 'weight_decay', 'initial_accumulator_value', 'eps', 'foreach'],
      ['maximize', 'differentiable', 'fused'], params, args);
    const o = parsed.options;
    const lr = o.lr ?? 1e-2;
    const lr_decay = o.lr_decay ?? 0;
    const weight_decay = o.weight_decay ?? 0;
    const initial_accumulator_value = o.initial_accumulator_value ?? 0;
    const eps = o.eps ?? 1e-10;
    _check_lr(lr);
    _check_nonnegative('lr_decay', lr_decay, false);
    _check_nonnegative('weight_decay', weight_decay, false);
    _check_nonnegative('initial_accumulator_value', initial_accumulator_value, false);
    _check_nonnegative('epsilon', eps, true);
    const defaults: AdagradDefaults = {
      lr, lr_decay, eps, weight_decay, initial_accumulator_value,
      foreach: o.foreach ?? null,
      maximize: o.maximize ?? false,
      differentiable: o.differentiable ?? false,
      fused: o.fused ?? null,
    };
    super(parsed.params as Params<AdagradDefaults>, defaults);
    if (defaults.fused) {
      if (defaults.differentiable) throw new TorchError('`fused` does not support `differentiable`');
      if (defaults.foreach) throw new TorchError('`fused` and `foreach` cannot be `True` together.');
      this._need_device_dtype_check_for_fused = true;
    }
    for (const group of this.param_groups) {
      for (const p of group.params) {
        const state = this._state_of(p);
        state.step = _scalar_state(0.0, p, group.fused === true, group.fused);
        const v = group.initial_accumulator_value;
        state.sum = _own(full_like(p, p.is_complex() ? { real: v, imag: v } : v));
      }
    }
  }

  protected override _setstate(state: Map<Tensor, OptimizerState>, groups: ParamGroup<AdagradDefaults>[]): void {
    super._setstate(state, groups);
    let fused: boolean | null = null;
    for (const group of this.param_groups) {
      if (group.foreach === undefined) group.foreach = null;
      group.maximize ??= false;
      group.differentiable ??= false;
      if (group.fused === undefined) group.fused = null;
      fused = group.fused;
    }
    const values = [...this.state.values()];
    const step_is_tensor = values.length !== 0 && values[0].step instanceof Tensor;
    if (!step_is_tensor) {
      for (const s of values) s.step = _own(tensor(Number(s.step), { dtype: _get_scalar_dtype(fused) }));
    }
  }

  /** Calls share_memory_() on the state sums (as Python; worker threads already share this process's memory). */
  share_memory(): void {
    for (const group of this.param_groups) for (const p of group.params) (this.state.get(p)!.sum as Tensor).share_memory_();
  }

  private _init_group(group: ParamGroup<AdagradDefaults>, params_with_grad: Tensor[], grads: Tensor[], state_sums: Tensor[],
    state_steps: Tensor[]): [boolean, boolean] {
    let has_complex = false;
    for (const p of group.params) {
      const grad = p.grad;
      if (grad === null) continue;
      if (group.fused && this._need_device_dtype_check_for_fused) {
        _device_dtype_check_for_fused(p, true);
        this._need_device_dtype_check_for_fused = false;
      }
      has_complex ||= p.is_complex();
      params_with_grad.push(p);
      grads.push(grad);
      const state = this._state_of(p);
      state_sums.push(state.sum as Tensor);
      state_steps.push(state.step as Tensor);
    }
    return [false, has_complex];
  }

  override step(): null;
  override step<L extends Loss>(closure: () => L): L;
  override step(closure?: () => Loss): Loss | null {
    return this._each_group(closure, (group) => {
      const params_with_grad: Tensor[] = [];
      const grads: Tensor[] = [];
      const state_sums: Tensor[] = [];
      const state_steps: Tensor[] = [];
      const [has_sparse_grad, has_complex] = this._init_group(group, params_with_grad, grads, state_sums, state_steps);
      adagrad(params_with_grad, grads, state_sums, state_steps, {
        lr: group.lr, weight_decay: group.weight_decay, lr_decay: group.lr_decay, eps: group.eps, has_sparse_grad,
        foreach: group.foreach, maximize: group.maximize, differentiable: group.differentiable, has_complex,
        fused: group.fused,
        grad_scale: this.grad_scale ?? null,
        found_inf: this.found_inf ?? null,
      });
    });
  }
}

export interface AdagradFunctionalOptions {
  fused?: boolean | null;
  grad_scale?: Tensor | null;
  found_inf?: Tensor | null;
  has_sparse_grad?: boolean;
  foreach?: boolean | null;
  differentiable?: boolean;
  has_complex?: boolean;
  lr: Num;
  weight_decay: number;
  lr_decay: number;
  eps: number;
  maximize: boolean;
}
type Impl = (params: Tensor[], grads: Tensor[], state_sums: Tensor[], state_steps: Tensor[], o: Required<AdagradFunctionalOptions>) => void;

/** Functional Adagrad (torch.optim.adagrad.adagrad). */
export function adagrad(params: Tensor[], grads: Tensor[], state_sums: Tensor[], state_steps: Tensor[],
  options: AdagradFunctionalOptions): void {
  const o: Required<AdagradFunctionalOptions> = {
    fused: null, grad_scale: null, found_inf: null, has_sparse_grad: false, foreach: null, differentiable: false,
    has_complex: false, ...options,
  };
  _check_state_steps(state_steps);
  let { foreach, fused } = o;
  // Respect when the user inputs False/True for foreach or fused. We only want to change
  // the default when neither have been user-specified.
  if (fused == null && foreach == null) [, foreach] = _default_to_fused_or_foreach(params, o.differentiable, false);
  fused ??= false;
  foreach ??= false;
  const func: Impl = fused ? _fused_adagrad : foreach ? _multi_tensor_adagrad : _single_tensor_adagrad;
  func(params, grads, state_sums, state_steps, o);
}

const _single_tensor_adagrad: Impl = (params, grads, state_sums, state_steps, o) => {
  if (o.grad_scale !== null || o.found_inf !== null) throw new AssertionError('Expected grad_scale and found_inf to be None');
  const { weight_decay, lr_decay, eps, maximize, differentiable } = o;
  const lr = _to_scalar(o.lr);
  for (let i = 0; i < params.length; i++) {
    let param = params[i];
    let grad = grads[i];
    let state_sum = state_sums[i];
    const step_t = state_steps[i];
    // update step
    step_t.add_(1);
    const step = _get_value(step_t);
    grad = !maximize ? grad : grad.neg();
    if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
    const clr = div(lr, add(1, mul(step - 1, lr_decay)));
    if (param.is_complex()) {
      grad = view_as_real(grad);
      state_sum = view_as_real(state_sum);
      param = view_as_real(param);
    }
    state_sum.addcmul_(grad, grad, { value: 1 });
    const std = differentiable ? state_sum.sqrt().add(eps) : state_sum.sqrt().add_(eps);
    param.addcdiv_(grad, std, { value: num(neg(clr)) });
  }
};

const _multi_tensor_adagrad: Impl = (params, grads, state_sums, state_steps, o) => {
  const { weight_decay, lr_decay, eps, maximize, differentiable, has_complex } = o;
  if (differentiable) throw new AssertionError("_foreach ops don't support autograd");
  if (o.grad_scale !== null || o.found_inf !== null) throw new AssertionError('Expected grad_scale and found_inf to be None');
  if (params.length === 0) return;
  const lr = _to_scalar(o.lr);
  for (const { lists } of _group_tensors_by_device_and_dtype([params, grads, state_sums, state_steps])) {
    const [device_params, grads_, device_state_sums, device_state_steps] = lists as Tensor[][];
    let device_grads = grads_;
    if (has_complex) _view_as_real(device_params, device_grads, device_state_sums);
    if (maximize) device_grads = _foreach_neg(device_grads);
    _foreach_increment_steps(device_state_steps);
    if (weight_decay !== 0) {
      // Reuse the intermediate memory (device_grads) already allocated for maximize
      if (maximize) _foreach_add_(device_grads, device_params, { alpha: weight_decay });
      else device_grads = _foreach_add(device_grads, device_params, { alpha: weight_decay });
    }
    const minus_clr = device_state_steps.map((s) => num(div(neg(lr), add(1, mul(_get_value(s) - 1, lr_decay)))));
    _foreach_addcmul_(device_state_sums, device_grads, device_grads, { value: 1 });
    const std = _foreach_sqrt(device_state_sums);
    _foreach_add_(std, eps);
    let numerator: Tensor[];
    if (weight_decay !== 0 || maximize) {
      // Again, re-use the intermediate memory (device_grads) already allocated
      _foreach_mul_(device_grads, minus_clr);
      numerator = device_grads;
    } else {
      numerator = _foreach_mul(device_grads, minus_clr);
    }
    _foreach_addcdiv_(device_params, numerator, std);
  }
};

const _fused_adagrad: Impl = (params, grads, state_sums, state_steps, o) => {
  if (params.length === 0) return;
  if (o.has_sparse_grad || o.has_complex) throw new TorchError('`fused` does not support sparse grad or complex param');
  if (o.differentiable) throw new TorchError('adagrad with fused=True does not support differentiable=True');
  const lr = _to_scalar(o.lr);
  const grad_scale_dict = new Map<string, Tensor>();
  const found_inf_dict = new Map<string, Tensor>();
  for (const { device, lists } of _group_tensors_by_device_and_dtype([params, grads, state_sums, state_steps])) {
    const [device_params, device_grads, device_state_sums, device_state_steps] = lists as Tensor[][];
    const device_grad_scale = _on_device(o.grad_scale, grad_scale_dict, device);
    const device_found_inf = _on_device(o.found_inf, found_inf_dict, device);
    _foreach_add_(device_state_steps, 1);
    _fused_adagrad_(device_params, device_grads, device_state_sums, device_state_steps, {
      lr: lr as number, lr_decay: o.lr_decay, weight_decay: o.weight_decay, eps: o.eps, maximize: o.maximize,
      grad_scale: device_grad_scale, found_inf: device_found_inf,
    });
    if (device_found_inf !== null) _foreach_sub_(device_state_steps, device_state_steps.map(() => device_found_inf!) as never);
  }
};
