// torch.nn.functional: normalization layers (torch/nn/functional.py): batch, instance, layer, RMS, group and
// local response normalization, and normalize (Lp normalization along a dim), with Python's checks.
import { Tensor } from '../../tensor/tensor';
import * as T from '../../generated/torch_functions';
import * as NN from '../../generated/nn_functions';
import { TorchError, ValueError } from '../../errors';
import { type PyArgs, parse, tensor, req, repr, sizeRepr, floatRepr } from './_utils';

type AnyFn = (...a: unknown[]) => unknown;
const call = (f: unknown, ...a: unknown[]): Tensor => (f as AnyFn)(...a) as Tensor;
type OptT = Tensor | null;

function verifyBatchSize(size: readonly number[], shown: string): void {
  let prods = size[0];
  for (let i = 0; i < size.length - 2; i++) prods *= size[i + 2];
  if (prods === 1) throw new ValueError(`Expected more than 1 value per channel when training, got input size ${shown}`);
}

/** batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
 *  normalizes each channel over the batch (and spatial dims); in training, updates the running statistics in place. */
export function batch_norm(
  input: Tensor,
  running_mean: OptT,
  running_var: OptT,
  ...args: PyArgs<
    [weight: OptT, bias: OptT, training: boolean, momentum: number, eps: number],
    { weight?: OptT; bias?: OptT; training?: boolean; momentum?: number; eps?: number }
  >
): Tensor {
  const a = parse('batch_norm', [input, running_mean, running_var, ...args], {
    input: tensor(), running_mean: req<OptT>(), running_var: req<OptT>(), weight: null as OptT, bias: null as OptT,
    training: false, momentum: 0.1, eps: 1e-5,
  });
  if (a.training) verifyBatchSize(a.input.shape, sizeRepr(a.input.shape));
  if (a.eps <= 0.0) throw new ValueError(`batch_norm eps must be positive, but got ${floatRepr(a.eps)}`);
  return call(T.batch_norm, a.input, a.weight, a.bias, a.running_mean, a.running_var, a.training, a.momentum, a.eps, true);
}

/** instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
 *  momentum=0.1, eps=1e-5): normalizes each channel of each sample over its spatial dims. */
export function instance_norm(
  input: Tensor,
  ...args: PyArgs<
    [running_mean: OptT, running_var: OptT, weight: OptT, bias: OptT, use_input_stats: boolean, momentum: number, eps: number],
    { running_mean?: OptT; running_var?: OptT; weight?: OptT; bias?: OptT; use_input_stats?: boolean; momentum?: number; eps?: number }
  >
): Tensor {
  const a = parse('instance_norm', [input, ...args], {
    input: tensor(), running_mean: null as OptT, running_var: null as OptT, weight: null as OptT, bias: null as OptT,
    use_input_stats: true, momentum: 0.1, eps: 1e-5,
  });
  if (a.use_input_stats) {
    const size = a.input.shape;
    let prods = 1;
    for (let i = 2; i < size.length; i++) prods *= size[i];
    if (prods === 1) throw new ValueError(`Expected more than 1 spatial element when training, got input size ${sizeRepr(size)}`);
  }
  return call(T.instance_norm, a.input, a.weight, a.bias, a.running_mean, a.running_var, a.use_input_stats, a.momentum, a.eps, true);
}

type Shape = number | number[];
/** layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5): normalizes over the last
 *  len(normalized_shape) dims. */
export function layer_norm(
  input: Tensor,
  normalized_shape: Shape,
  ...args: PyArgs<[weight: OptT, bias: OptT, eps: number], { weight?: OptT; bias?: OptT; eps?: number }>
): Tensor {
  const a = parse('layer_norm', [input, normalized_shape, ...args], {
    input: tensor(), normalized_shape: req<Shape>(), weight: null as OptT, bias: null as OptT, eps: 1e-5,
  });
  return call(T.layer_norm, a.input, a.normalized_shape, a.weight, a.bias, a.eps, true);
}

/** rms_norm(input, normalized_shape, weight=None, eps=None): root mean square normalization over the last
 *  len(normalized_shape) dims (eps None: the dtype's machine epsilon). */
export function rms_norm(
  input: Tensor,
  normalized_shape: Shape,
  ...args: PyArgs<[weight: OptT, eps: number | null], { weight?: OptT; eps?: number | null }>
): Tensor {
  const a = parse('rms_norm', [input, normalized_shape, ...args], {
    input: tensor(), normalized_shape: req<Shape>(), weight: null as OptT, eps: null as number | null,
  });
  return call(T.rms_norm, a.input, a.normalized_shape, a.weight, a.eps);
}

/** group_norm(input, num_groups, weight=None, bias=None, eps=1e-5): normalizes over groups of channels. */
export function group_norm(
  input: Tensor,
  num_groups: number,
  ...args: PyArgs<[weight: OptT, bias: OptT, eps: number], { weight?: OptT; bias?: OptT; eps?: number }>
): Tensor {
  const a = parse('group_norm', [input, num_groups, ...args], {
    input: tensor(), num_groups: req<number>(), weight: null as OptT, bias: null as OptT, eps: 1e-5,
  });
  const x = a.input;
  if (x.dim() < 2) throw new TorchError(`Expected at least 2 dimensions for input tensor but received ${x.dim()}`);
  if (a.num_groups === 0) throw new RangeError('integer division or modulo by zero');
  const size = [Math.floor((x.size(0) * x.size(1)) / a.num_groups), a.num_groups, ...x.shape.slice(2)];
  verifyBatchSize(size, repr(size));
  return call(T.group_norm, x, a.num_groups, a.weight, a.bias, a.eps, true);
}

/** local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.): normalizes each element by the activity of
 *  its `size` neighbouring channels. */
export function local_response_norm(
  input: Tensor,
  size: number,
  ...args: PyArgs<[alpha: number, beta: number, k: number], { alpha?: number; beta?: number; k?: number }>
): Tensor {
  const a = parse('local_response_norm', [input, size, ...args], { input: tensor(), size: req<number>(), alpha: 0.0001, beta: 0.75, k: 1.0 });
  const x = a.input;
  const n = a.size;
  const dim = x.dim();
  if (dim < 3) {
    throw new ValueError(`Expected 3D or higher dimensionality                          input (got ${dim} dimensions)`);
  }
  if (x.numel() === 0) return x;
  let div = x.mul(x);
  if (dim === 3) {
    div = div.unsqueeze(1);
    div = call(NN.pad, div, [0, 0, Math.floor(n / 2), Math.floor((n - 1) / 2)]);
    div = call(NN.avg_pool2d, div, [n, 1], { stride: 1 }).squeeze(1);
  } else {
    const sizes = x.shape;
    div = div.view(sizes[0], 1, sizes[1], sizes[2], -1);
    div = call(NN.pad, div, [0, 0, 0, 0, Math.floor(n / 2), Math.floor((n - 1) / 2)]);
    div = call(NN.avg_pool3d, div, [n, 1, 1], { stride: 1 }).squeeze(1);
    div = div.view(sizes);
  }
  div = div.mul(a.alpha).add(a.k).pow(a.beta);
  return x.div(div);
}

/** normalize(input, p=2.0, dim=1, eps=1e-12, out=None): input / max(||input||_p, eps) along `dim`. */
export function normalize(
  input: Tensor,
  ...args: PyArgs<[p: number, dim: number, eps: number, out: OptT], { p?: number; dim?: number; eps?: number; out?: OptT }>
): Tensor {
  const a = parse('normalize', [input, ...args], { input: tensor(), p: 2.0, dim: 1, eps: 1e-12, out: null as OptT });
  const norm = call(a.input.norm.bind(a.input), a.p, a.dim, { keepdim: true });
  if (a.out === null) return a.input.div(norm.clamp_min(a.eps).expand_as(a.input));
  return call(T.div, a.input, norm.clamp_min_(a.eps).expand_as(a.input), { out: a.out });
}
