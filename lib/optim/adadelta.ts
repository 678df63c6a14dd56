// torch.optim.Adadelta, after PyTorch's torch/optim/adadelta.py: _init_group, and the functional adadelta() with its
// for-loop and multi-tensor (torch._foreach_*) forms, line for line.
import { Tensor } from '../tensor/tensor';
import { tensor } from '../tensor/create';
import {
  _foreach_add, _foreach_add_, _foreach_addcmul_, _foreach_div_, _foreach_mul_, _foreach_neg, _foreach_sqrt_,
  view_as_complex, view_as_real, zeros_like,
} from '../generated/torch_functions';
import {
  AssertionError, _check_capturable, _check_lr, _check_nonnegative, _check_state_steps, _f, type FloatSpec,
  _foreach_increment_steps, _group_tensors_by_device_and_dtype, type Loss, Optimizer, type OptimizerState, _own,
  type ParamGroup, type Params, _parse_optimizer_args, _scalar_state, _to_scalar, _use_foreach, _view_as_real,
} from './optimizer';
import { neg, type Num, num } from './_num';
import { TorchError, ValueError } from '../errors';

export interface AdadeltaOptions {
  lr?: number | Tensor;
  rho?: number;
  eps?: number;
  weight_decay?: number;
  foreach?: boolean | null;
  capturable?: boolean;
  maximize?: boolean;
  differentiable?: boolean;
}
export interface AdadeltaDefaults {
  lr: number | Tensor;
  rho: number;
  eps: number;
  weight_decay: number;
  maximize: boolean;
  capturable: boolean;
  foreach: boolean | null;
  differentiable: boolean;
}

/** Adadelta (torch.optim.Adadelta). */
export class Adadelta extends Optimizer<AdadeltaDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = { lr: true, rho: true, eps: true };

  constructor(params: Params<AdadeltaDefaults> | (AdadeltaOptions & { params: Params<AdadeltaDefaults> }), options?: AdadeltaOptions);
  constructor(params: Params<AdadeltaDefaults>, lr: number | Tensor, options?: AdadeltaOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const parsed = _parse_optimizer_args<AdadeltaOptions>('Adadelta', ['lr', 'rho', 'eps', 'weight_decay', 'foreach'],
      ['capturable', 'maximize', 'differentiable'], params, args);
    const o = parsed.options;
    const lr = o.lr ?? 1.0;
    const rho = o.rho ?? 0.9;
    const eps = o.eps ?? 1e-6;
    const weight_decay = o.weight_decay ?? 0;
    _check_lr(lr);
    if (!(rho >= 0 && rho <= 1)) throw new ValueError(`Invalid rho value: ${_f(rho)}`);
    _check_nonnegative('epsilon', eps, true);
    _check_nonnegative('weight_decay', weight_decay, false);
    super(parsed.params as Params<AdadeltaDefaults>, {
      lr, rho, eps, weight_decay,
      maximize: o.maximize ?? false,
      capturable: o.capturable ?? false,
      foreach: o.foreach ?? null,
      differentiable: o.differentiable ?? false,
    });
  }

  protected override _setstate(state: Map<Tensor, OptimizerState>, groups: ParamGroup<AdadeltaDefaults>[]): void {
    super._setstate(state, groups);
    this._setstate_defaults({ foreach: null, maximize: false, differentiable: false, capturable: false });
  }

  private _init_group(group: ParamGroup<AdadeltaDefaults>, params_with_grad: Tensor[], grads: Tensor[], square_avgs: Tensor[],
    acc_deltas: Tensor[], state_steps: Tensor[]): boolean {
    return this._each_param_with_grad(group, params_with_grad, grads, (p, grad, state) => {
      // Lazy state initialization
      if (Object.keys(state).length === 0) {
        state.step = _scalar_state(0.0, p, group.capturable);
        state.square_avg = _own(zeros_like(p));
        state.acc_delta = _own(zeros_like(p));
      }
      square_avgs.push(state.square_avg as Tensor);
      acc_deltas.push(state.acc_delta as Tensor);
      state_steps.push(state.step as Tensor);
    });
  }

  override step(): null;
  override step<L extends Loss>(closure: () => L): L;
  override step(closure?: () => Loss): Loss | null {
    return this._each_group(closure, (group) => {
      const params_with_grad: Tensor[] = [];
      const grads: Tensor[] = [];
      const square_avgs: Tensor[] = [];
      const acc_deltas: Tensor[] = [];
      const state_steps: Tensor[] = [];
      const has_complex = this._init_group(group, params_with_grad, grads, square_avgs, acc_deltas, state_steps);
      adadelta(params_with_grad, grads, square_avgs, acc_deltas, state_steps, {
        lr: group.lr, rho: group.rho, eps: group.eps, weight_decay: group.weight_decay, foreach: group.foreach,
        maximize: group.maximize, differentiable: group.differentiable, capturable: group.capturable, has_complex,
      });
    });
  }
}

export interface AdadeltaFunctionalOptions {
  capturable?: boolean;
  foreach?: boolean | null;
  differentiable?: boolean;
  has_complex?: boolean;
  lr: Num;
  rho: number;
  eps: number;
  weight_decay: number;
  maximize: boolean;
}
type Impl = (params: Tensor[], grads: Tensor[], square_avgs: Tensor[], acc_deltas: Tensor[], state_steps: Tensor[],
  o: Required<AdadeltaFunctionalOptions>) => void;

/** Functional Adadelta (torch.optim.adadelta.adadelta). */
export function adadelta(params: Tensor[], grads: Tensor[], square_avgs: Tensor[], acc_deltas: Tensor[], state_steps: Tensor[],
  options: AdadeltaFunctionalOptions): void {
  const o: Required<AdadeltaFunctionalOptions> = { capturable: false, foreach: null, differentiable: false, has_complex: false, ...options };
  _check_state_steps(state_steps);
  // We still respect when the user inputs False for foreach.
  const func: Impl = _use_foreach(o.foreach, params, o.differentiable) ? _multi_tensor_adadelta : _single_tensor_adadelta;
  func(params, grads, square_avgs, acc_deltas, state_steps, o);
}

const _single_tensor_adadelta: Impl = (params, grads, square_avgs, acc_deltas, state_steps, o) => {
  const { rho, eps, weight_decay, maximize, differentiable, capturable } = o;
  if (capturable) _check_capturable('params and state_steps', params.map((p, i) => [p, state_steps[i]]), false);
  const lr = _to_scalar(o.lr);
  for (let i = 0; i < params.length; i++) {
    const param = params[i];
    let grad = grads[i];
    let square_avg = square_avgs[i];
    let acc_delta = acc_deltas[i];
    state_steps[i].add_(1);
    grad = !maximize ? grad : grad.neg();
    if (weight_decay !== 0) grad = grad.add(param, { alpha: weight_decay });
    if (param.is_complex()) {
      square_avg = view_as_real(square_avg);
      acc_delta = view_as_real(acc_delta);
      grad = view_as_real(grad);
    }
    square_avg.mul_(rho).addcmul_(grad, grad, { value: 1 - rho });
    const std = square_avg.add(eps).sqrt_();
    let delta = acc_delta.add(eps).sqrt_();
    if (differentiable) delta = delta.clone();
    delta.div_(std).mul_(grad);
    acc_delta.mul_(rho).addcmul_(delta, delta, { value: 1 - rho });
    if (param.is_complex()) delta = view_as_complex(delta);
    param.add_(delta, { alpha: -num(lr) });
  }
};

const _multi_tensor_adadelta: Impl = (params, grads, square_avgs, acc_deltas, state_steps, o) => {
  const { rho, eps, weight_decay, maximize, differentiable, capturable, has_complex } = o;
  if (differentiable) throw new AssertionError("_foreach ops don't support autograd");
  if (capturable) _check_capturable('params and state_steps', params.map((p, i) => [p, state_steps[i]]), false);
  if (params.length === 0) return;
  const lr = _to_scalar(o.lr);
  for (const { lists } of _group_tensors_by_device_and_dtype([params, grads, square_avgs, acc_deltas, state_steps])) {
    const [device_params, grads_, device_square_avgs, device_acc_deltas, device_state_steps] = lists as Tensor[][];
    let device_grads = grads_;
    if (has_complex) _view_as_real(device_params, device_grads, device_square_avgs, device_acc_deltas);
    _foreach_increment_steps(device_state_steps);
    if (maximize) device_grads = _foreach_neg(device_grads);
    if (weight_decay !== 0) {
      // Reuse the intermediate memory (device_grads) already allocated for maximize
      if (maximize) _foreach_add_(device_grads, device_params, { alpha: weight_decay });
      else device_grads = _foreach_add(device_grads, device_params, { alpha: weight_decay });
    }
    _foreach_mul_(device_square_avgs, rho);
    _foreach_addcmul_(device_square_avgs, device_grads, device_grads, { value: 1 - rho });
    const std = _foreach_add(device_square_avgs, eps);
    _foreach_sqrt_(std);
    const deltas = _foreach_add(device_acc_deltas, eps);
    _foreach_sqrt_(deltas);
    _foreach_div_(deltas, std);
    _foreach_mul_(deltas, device_grads);
    _foreach_mul_(device_acc_deltas, rho);
    _foreach_addcmul_(device_acc_deltas, deltas, deltas, { value: 1 - rho });
    // If LR is a tensor, the else branch will internally call item()
    // which will cause silent incorrectness if we are capturing
    if (capturable && lr instanceof Tensor) {
      _foreach_mul_(deltas, neg(lr) as Tensor);
      _foreach_add_(device_params, deltas);
    } else {
      _foreach_add_(device_params, deltas, { alpha: -num(lr) });
    }
  }
};
