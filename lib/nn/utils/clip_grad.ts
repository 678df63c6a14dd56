// torch.nn.utils.clip_grad_norm_ / clip_grad_value_ / get_total_norm / clip_grads_with_norm_, after PyTorch's
// torch/nn/utils/clip_grad.py. The foreach option selects PyTorch's fused kernels there; torch-node computes the
// same per-tensor ops either way (the CPU foreach kernels are those per-tensor ops, so results are Python's).
import { Tensor } from '../../tensor/tensor';
import { tensor as makeTensor } from '../../tensor/create';
import { no_grad } from '../../autograd/grad_mode';
import { stack, clamp } from '../../generated/torch_functions';
import { vector_norm } from '../../generated/linalg_functions';
import { bindArgs } from '../../pyargs';
import { TorchError } from '../../errors';
import { warn } from '../../warnings';

export type TensorOrTensors = Tensor | Iterable<Tensor>;
/** A norm order: a number (Infinity for the max norm) or 'inf' / '-inf'. */
export type NormType = number | 'inf' | '-inf';

function toList(tensors: TensorOrTensors): Tensor[] {
  return tensors instanceof Tensor ? [tensors] : [...tensors];
}

function normOrder(norm_type: unknown): number {
  if (norm_type === 'inf') return Infinity;
  if (norm_type === '-inf') return -Infinity;
  if (typeof norm_type !== 'number') throw new TypeError(`norm_type must be a number, not ${typeof norm_type}`);
  return norm_type;
}

/** Python's repr of a float: 2.0, inf, 0.5. */
function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

function checkForeach(foreach: unknown, device: { type: string }): void {
  if (foreach === true && device.type !== 'cpu' && device.type !== 'cuda') {
    throw new TorchError(`foreach=True was passed, but can't use the foreach API on ${device.type} tensors`);
  }
}

/** The norm of the norms of tensors (each grad's norm, then the norm of those): get_total_norm(tensors,
 *  norm_type = 2, error_if_nonfinite = false, foreach = null). */
export function get_total_norm(tensors: TensorOrTensors, norm_type?: NormType, error_if_nonfinite?: boolean, foreach?: boolean | null): Tensor;
export function get_total_norm(tensors: TensorOrTensors, options: { norm_type?: NormType; error_if_nonfinite?: boolean; foreach?: boolean | null }): Tensor;
export function get_total_norm(tensors: TensorOrTensors, ...args: unknown[]): Tensor {
  const o = bindArgs('get_total_norm', args, ['norm_type', 'error_if_nonfinite', 'foreach']);
  return no_grad(() => {
    const list = toList(tensors);
    const norm_type = normOrder(o.norm_type ?? 2.0);
    if (list.length === 0) return makeTensor(0.0);
    const first_device = list[0].device;
    // grouped by (device, dtype) as Python groups them, keeping first-seen group order
    const groups = new Map<string, Tensor[]>();
    for (const t of list) {
      const key = `${t.device}|${t.dtype}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(t);
    }
    const norms: Tensor[] = [];
    for (const group of groups.values()) {
      checkForeach(o.foreach, group[0].device);
      for (const g of group) norms.push(vector_norm(g, norm_type));
    }
    const total_norm = vector_norm(stack(norms.map((n) => n.to(first_device))), norm_type);
    if (o.error_if_nonfinite === true && (total_norm.isnan().item() || total_norm.isinf().item())) {
      throw new TorchError(
        `The total norm of order ${floatRepr(norm_type)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``,
      );
    }
    return total_norm;
  });
}

/** Scales the gradients of parameters by max_norm / (total_norm + 1e-6) where that is below 1. */
export function clip_grads_with_norm_(parameters: TensorOrTensors, max_norm: number, total_norm: Tensor, foreach?: boolean | null): void;
export function clip_grads_with_norm_(parameters: TensorOrTensors, max_norm: number, total_norm: Tensor, options: { foreach?: boolean | null }): void;
export function clip_grads_with_norm_(parameters: TensorOrTensors, max_norm: number, total_norm: Tensor, ...args: unknown[]): void {
  const o = bindArgs('clip_grads_with_norm_', args, ['foreach']);
  no_grad(() => {
    const grads = toList(parameters).map((p) => p.grad).filter((g): g is Tensor => g !== null);
    if (grads.length === 0) return;
    // Python's `max_norm / (total_norm + 1e-6)` is Tensor.__rtruediv__: reciprocal() * max_norm
    const clip_coef = total_norm.add(1e-6).reciprocal().mul(Number(max_norm));
    const clip_coef_clamped = clamp(clip_coef, { max: 1.0 });
    for (const g of grads) {
      checkForeach(o.foreach, g.device);
      g.mul_(clip_coef_clamped.to(g.device));
    }
  });
}

/** Clips the gradient norm of parameters (all gradients together, as one vector) to max_norm, in place;
 *  returns the total norm before clipping: clip_grad_norm_(parameters, max_norm, norm_type = 2,
 *  error_if_nonfinite = false, foreach = null). */
export function clip_grad_norm_(parameters: TensorOrTensors, max_norm: number, norm_type?: NormType, error_if_nonfinite?: boolean, foreach?: boolean | null): Tensor;
export function clip_grad_norm_(parameters: TensorOrTensors, max_norm: number, options: { norm_type?: NormType; error_if_nonfinite?: boolean; foreach?: boolean | null }): Tensor;
export function clip_grad_norm_(parameters: TensorOrTensors, max_norm: number, ...args: unknown[]): Tensor {
  const o = bindArgs('clip_grad_norm_', args, ['norm_type', 'error_if_nonfinite', 'foreach']);
  return no_grad(() => {
    let list: Tensor[];
    if (parameters instanceof Tensor) {
      list = [parameters];
    } else {
      const is_generator = Object.prototype.toString.call(parameters) === '[object Generator]';
      list = [...parameters];
      if (is_generator && list.length === 0) warn('`parameters` is an empty generator, no gradient clipping will occur.');
    }
    const grads = list.map((p) => p.grad).filter((g): g is Tensor => g !== null);
    const total_norm = get_total_norm(grads, { norm_type: (o.norm_type ?? 2.0) as NormType, error_if_nonfinite: (o.error_if_nonfinite ?? false) as boolean, foreach: (o.foreach ?? null) as boolean | null });
    clip_grads_with_norm_(list, max_norm, total_norm, { foreach: (o.foreach ?? null) as boolean | null });
    return total_norm;
  });
}

/** Deprecated: clip_grad_norm_. */
export function clip_grad_norm(parameters: TensorOrTensors, max_norm: number, ...args: unknown[]): Tensor {
  warn('`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.', 'FutureWarning');
  return (clip_grad_norm_ as (p: TensorOrTensors, m: number, ...a: unknown[]) => Tensor)(parameters, max_norm, ...args);
}

/** Clamps every gradient of parameters to [-clip_value, clip_value], in place. */
export function clip_grad_value_(parameters: TensorOrTensors, clip_value: number, foreach?: boolean | null): void;
export function clip_grad_value_(parameters: TensorOrTensors, clip_value: number, options: { foreach?: boolean | null }): void;
export function clip_grad_value_(parameters: TensorOrTensors, clip_value: number, ...args: unknown[]): void {
  const o = bindArgs('clip_grad_value_', args, ['foreach']);
  no_grad(() => {
    const value = Number(clip_value);
    for (const grad of toList(parameters).map((p) => p.grad)) {
      if (grad === null) continue;
      checkForeach(o.foreach, grad.device);
      grad.clamp_({ min: -value, max: value });
    }
  });
}
