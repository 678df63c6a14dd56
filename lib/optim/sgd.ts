// torch.optim.SGD, after PyTorch's torch/optim/sgd.py: _init_group, and the functional sgd() with its for-loop
// (_single_tensor_sgd), multi-tensor (_multi_tensor_sgd: torch._foreach_*) and fused (_fused_sgd) forms, line for line.
import { Tensor } from '../tensor/tensor';
import {
  empty_like, _foreach_add, _foreach_add_, _foreach_mul_, _foreach_neg, _fused_sgd_,
} from '../generated/torch_functions';
import {
  _check_lr, _check_nonnegative, _default_to_fused_or_foreach, _device_dtype_check_for_fused, type FloatSpec,
  _group_tensors_by_device_and_dtype, type Loss, _lt, _on_device, Optimizer, _own, type Params,
  _parse_optimizer_args, pyStr, _to_scalar,
} from './optimizer';
import { TorchError, ValueError } from '../errors';
import { num } from './_num';

export interface SGDOptions {
  lr?: number | Tensor;
  momentum?: number;
  dampening?: number;
  weight_decay?: number | Tensor;
  nesterov?: boolean;
  maximize?: boolean;
  foreach?: boolean | null;
  differentiable?: boolean;
  fused?: boolean | null;
}
export interface SGDDefaults {
  lr: number | Tensor;
  momentum: number;
  dampening: number;
  weight_decay: number | Tensor;
  nesterov: boolean;
  maximize: boolean;
  foreach: boolean | null;
  differentiable: boolean;
  fused: boolean | null;
}

const POSITIONAL = ['lr', 'momentum', 'dampening', 'weight_decay', 'nesterov'] as const;
const KEYWORDS = ['maximize', 'foreach', 'differentiable', 'fused'] as const;

/** Stochastic gradient descent, optionally with momentum (torch.optim.SGD). Positional arguments are Python's
 *  (`new SGD(params, 0.1)`), keyword arguments a trailing options object (`{momentum: 0.9, nesterov: true}`). */
export class SGD extends Optimizer<SGDDefaults> {
  static override readonly _float_hyperparameters: FloatSpec = { lr: true };
  private _need_device_dtype_check_for_fused = false;
  _step_supports_amp_scaling = false;

  constructor(params: Params<SGDDefaults> | (SGDOptions & { params: Params<SGDDefaults> }), options?: SGDOptions);
  constructor(params: Params<SGDDefaults>, lr: number | Tensor, options?: SGDOptions);
  constructor(params: unknown, ...args: unknown[]) {
    const parsed = _parse_optimizer_args<SGDOptions>('SGD', POSITIONAL, KEYWORDS, params, args);
    const o = parsed.options;
    const lr = o.lr ?? 1e-3;
    const momentum = o.momentum ?? 0;
    const dampening = o.dampening ?? 0;
    const weight_decay = o.weight_decay ?? 0;
    const nesterov = o.nesterov ?? false;
    _check_lr(lr);
    _check_nonnegative('momentum', momentum, false);
    if (_lt(weight_decay, 0)) throw new ValueError(`Invalid weight_decay value: ${pyStr(weight_decay)}`);
    const defaults: SGDDefaults = {
      lr, momentum, dampening, weight_decay, nesterov,
      maximize: o.maximize ?? false,
      foreach: o.foreach ?? null,
      differentiable: o.differentiable ?? false,
      fused: o.fused ?? null,
    };
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new ValueError('Nesterov momentum requires a momentum and zero dampening');
    }
    super(parsed.params as Params<SGDDefaults>, defaults);
    if (defaults.fused) {
      this._step_supports_amp_scaling = true;
      this._need_device_dtype_check_for_fused = true;
      if (defaults.differentiable) throw new TorchError('`fused` does not support `differentiable`');
      if (defaults.foreach) throw new TorchError('`fused` and `foreach` cannot be `True` together.');
    }
  }

  protected override _setstate(state: Map<Tensor, Record<string, unknown>>, groups: SGD['param_groups']): void {
    super._setstate(state, groups);
    for (const g of this.param_groups) {
      g.nesterov ??= false;
      g.maximize ??= false;
      g.foreach ??= null;
      g.differentiable ??= false;
      if ((g as Record<string, unknown>).fused === undefined) g.fused = false;
    }
  }

  private _init_group(group: SGD['param_groups'][number], params: Tensor[], grads: Tensor[], momentum_buffer_list: (Tensor | null)[]): boolean {
    for (const p of group.params) {
      const grad = p.grad;
      if (grad === null) continue;
      if (group.fused && this._need_device_dtype_check_for_fused) {
        _device_dtype_check_for_fused(p);
        this._need_device_dtype_check_for_fused = false;
      }
      params.push(p);
      grads.push(grad);
      if (group.momentum !== 0) {
        const state = this._state_of(p);
        momentum_buffer_list.push((state.momentum_buffer as Tensor | undefined) ?? null);
      }
    }
    return false; // sparse gradients do not exist in torch-node
  }

  override step(): null;
  override step<L extends Loss>(closure: () => L): L;
  override step(closure?: () => Loss): Loss | null {
    return this._each_group(closure, (group) => {
      const params: Tensor[] = [];
      const grads: Tensor[] = [];
      const momentum_buffer_list: (Tensor | null)[] = [];
      const has_sparse_grad = this._init_group(group, params, grads, momentum_buffer_list);
      sgd(params, grads, momentum_buffer_list, {
        weight_decay: group.weight_decay,
        momentum: group.momentum,
        lr: group.lr,
        dampening: group.dampening,
        nesterov: group.nesterov,
        maximize: group.maximize,
        has_sparse_grad,
        foreach: group.foreach,
        fused: group.fused,
        grad_scale: this.grad_scale ?? null,
        found_inf: this.found_inf ?? null,
      });
      if (group.momentum !== 0) {
        // update momentum_buffers in state
        params.forEach((p, i) => {
          this._state_of(p).momentum_buffer = momentum_buffer_list[i];
        });
      }
    });
  }
}

export interface SGDFunctionalOptions {
  weight_decay: number | Tensor;
  momentum: number;
  lr: number | Tensor;
  dampening: number;
  nesterov: boolean;
  maximize: boolean;
  has_sparse_grad?: boolean;
  foreach?: boolean | null;
  fused?: boolean | null;
  grad_scale?: Tensor | null;
  found_inf?: Tensor | null;
}

/** Functional SGD (torch.optim.sgd.sgd): picks the fused, foreach or for-loop implementation as Python does. */
export function sgd(params: Tensor[], d_p_list: Tensor[], momentum_buffer_list: (Tensor | null)[], o: SGDFunctionalOptions): void {
  let { foreach, fused } = o;
  if (foreach == null && fused == null) {
    // why must we be explicit about an if statement for torch.jit.is_scripting here?
    // because JIT can't handle Optionals nor fancy conditionals when scripting
    [fused, foreach] = _default_to_fused_or_foreach(params, false, false);
  }
  foreach ??= false;
  fused ??= false;
  const func = fused ? _fused_sgd : foreach ? _multi_tensor_sgd : _single_tensor_sgd;
  func(params, d_p_list, momentum_buffer_list, o);
}

function _single_tensor_sgd(params: Tensor[], grads: Tensor[], momentum_buffer_list: (Tensor | null)[], o: SGDFunctionalOptions): void {
  if (o.grad_scale != null || o.found_inf != null) throw new TorchError('Expected grad_scale and found_inf to be None');
  const { weight_decay, momentum, dampening, nesterov, maximize } = o;
  const lr = _to_scalar(o.lr);
  params.forEach((param, i) => {
    let grad = !maximize ? grads[i] : grads[i].neg();
    if (weight_decay !== 0) {
      if (weight_decay instanceof Tensor && weight_decay.requires_grad) {
        // usually this is the differentiable path, which is why the param.clone() is needed
        grad = grad.addcmul_(param.clone(), weight_decay);
      } else {
        grad = grad.add(param, { alpha: num(weight_decay) });
      }
    }
    if (momentum !== 0) {
      let buf = momentum_buffer_list[i];
      if (buf === null) {
        buf = _own(grad.detach().clone());
        momentum_buffer_list[i] = buf;
      } else {
        buf.mul_(momentum).add_(grad, { alpha: 1 - dampening });
      }
      if (nesterov) grad = grad.add(buf, { alpha: momentum });
      else grad = buf;
    }
    if (lr instanceof Tensor && lr.requires_grad) param.addcmul_(grad, lr, { value: -1 });
    else param.add_(grad, { alpha: -num(lr) });
  });
}

function _multi_tensor_sgd(params: Tensor[], grads: Tensor[], momentum_buffer_list: (Tensor | null)[], o: SGDFunctionalOptions): void {
  if (o.grad_scale != null || o.found_inf != null) throw new TorchError('Expected grad_scale and found_inf to be None');
  if (params.length === 0) return;
  const { momentum, dampening, nesterov, maximize } = o;
  const weight_decay = num(o.weight_decay);
  const lr = num(_to_scalar(o.lr));
  const grouped = _group_tensors_by_device_and_dtype([params, grads, momentum_buffer_list]);
  for (const { lists: [device_params_, device_grads_, device_momentum_buffer_list], indices } of grouped) {
    const device_params = device_params_ as Tensor[];
    let device_grads = device_grads_ as Tensor[];
    if (maximize) device_grads = _foreach_neg(device_grads);
    if (weight_decay !== 0) {
      // Reuse the intermediate memory (device_grads) already allocated for maximize
      if (maximize) _foreach_add_(device_grads, device_params, { alpha: weight_decay });
      else device_grads = _foreach_add(device_grads, device_params, { alpha: weight_decay });
    }
    if (momentum !== 0) {
      let bufs: Tensor[] = [];
      let all_states_with_momentum_buffer = true;
      for (const b of device_momentum_buffer_list) {
        if (b === null) {
          all_states_with_momentum_buffer = false;
          break;
        }
        bufs.push(b as Tensor);
      }
      if (all_states_with_momentum_buffer) {
        _foreach_mul_(bufs, momentum);
        _foreach_add_(bufs, device_grads, { alpha: 1 - dampening });
      } else {
        bufs = [];
        for (let i = 0; i < device_momentum_buffer_list.length; i++) {
          let buf = device_momentum_buffer_list[i] as Tensor | null;
          if (buf === null) {
            buf = _own(device_grads[i].detach().clone());
            device_momentum_buffer_list[i] = buf;
            momentum_buffer_list[indices[i]] = buf;
          } else {
            buf.mul_(momentum).add_(device_grads[i], { alpha: 1 - dampening });
          }
          bufs.push(buf);
        }
      }
      if (nesterov) _foreach_add_(device_grads, bufs, { alpha: momentum });
      else device_grads = bufs;
    }
    _foreach_add_(device_params, device_grads, { alpha: -lr });
  }
}

function _fused_sgd(params: Tensor[], grads: Tensor[], momentum_buffer_list: (Tensor | null)[], o: SGDFunctionalOptions): void {
  if (params.length === 0) return;
  if (o.has_sparse_grad) throw new TorchError('`_fused_sgd` does not support sparse gradients');
  const { momentum } = o;
  const no_momentum_buffer = momentum === 0;
  const is_first_step = !momentum_buffer_list.some((t) => t !== null) && !no_momentum_buffer;
  if (is_first_step) grads.forEach((g, i) => { momentum_buffer_list[i] = _own(empty_like(g)); });
  const grad_scale_dict = new Map<string, Tensor>();
  const found_inf_dict = new Map<string, Tensor>();
  for (const { device, lists: [device_params, device_grads, device_momentum_buffer_list] } of
    _group_tensors_by_device_and_dtype([params, grads, momentum_buffer_list])) {
    _fused_sgd_(device_params as Tensor[], device_grads as Tensor[], no_momentum_buffer ? [] : device_momentum_buffer_list as Tensor[], {
      weight_decay: num(o.weight_decay),
      momentum,
      lr: o.lr as number,
      dampening: o.dampening,
      nesterov: o.nesterov,
      maximize: o.maximize,
      is_first_step,
      grad_scale: _on_device(o.grad_scale ?? null, grad_scale_dict, device),
      found_inf: _on_device(o.found_inf ?? null, found_inf_dict, device),
    });
  }
}
