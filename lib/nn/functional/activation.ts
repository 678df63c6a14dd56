// torch.nn.functional: non-linear activations and the softmax family (torch/nn/functional.py), with Python's
// `inplace` flags, defaults, checks and warnings. The ones Python takes straight from LibTorch (prelu, gelu,
// softplus, ...) are the generated ops.
import { Tensor } from '../../tensor/tensor';
import type { dtype } from '../../dtype';
import { contiguous_format } from '../../tensor/args';
import * as T from '../../generated/torch_functions';
import * as NN from '../../generated/nn_functions';
import { TorchError, ValueError } from '../../errors';
import { type PyArgs, parse, tensor, req, warn } from './_utils';

type AnyFn = (...a: unknown[]) => unknown;
const call = (f: unknown, ...a: unknown[]): Tensor => (f as AnyFn)(...a) as Tensor;

type InplaceOnly = (input: Tensor, ...args: PyArgs<[inplace: boolean], { inplace?: boolean }>) => Tensor;
/** An activation f(input, inplace=False): the op, or its in-place form with inplace. */
function withInplace(name: string, op: unknown, op_: unknown): InplaceOnly {
  return (...args: unknown[]) => {
    const a = parse(name, args, { input: tensor(), inplace: false });
    return call(a.inplace ? op_ : op, a.input);
  };
}

/** threshold(input, threshold, value, inplace=False): y = x if x > threshold else value. */
export function threshold(
  input: Tensor,
  ...args: PyArgs<[threshold: number, value: number, inplace: boolean], { threshold?: number; value?: number; inplace?: boolean }>
): Tensor {
  const a = parse('_threshold', [input, ...args], { input: tensor(), threshold: req<number>(), value: req<number>(), inplace: false });
  return call(a.inplace ? T.threshold_ : T.threshold, a.input, a.threshold, a.value);
}
/** threshold_(input, threshold, value): in-place version of threshold. */
export const threshold_ = T.threshold_;

/** relu(input, inplace=False): the rectified linear unit, max(0, x). */
export const relu = withInplace('relu', T.relu, T.relu_);
/** relu_(input): in-place version of relu. */
export const relu_ = T.relu_;

/** glu(input, dim=-1): the gated linear unit, a * sigmoid(b) of the two halves of `input` along `dim`. */
export function glu(input: Tensor, ...args: PyArgs<[dim: number], { dim?: number }>): Tensor {
  const a = parse('glu', [input, ...args], { input: tensor(), dim: -1 });
  if (a.input.dim() === 0) throw new TorchError('glu does not support scalars because halving size must be even');
  return call(NN.glu, a.input, a.dim);
}

/** hardtanh(input, min_val=-1., max_val=1., inplace=False): x clamped to [min_val, max_val]. */
export function hardtanh(
  input: Tensor,
  ...args: PyArgs<[min_val: number, max_val: number, inplace: boolean], { min_val?: number; max_val?: number; inplace?: boolean }>
): Tensor {
  const a = parse('hardtanh', [input, ...args], { input: tensor(), min_val: -1.0, max_val: 1.0, inplace: false });
  if (a.min_val > a.max_val) throw new ValueError('min_val cannot be greater than max_val');
  return call(a.inplace ? NN.hardtanh_ : NN.hardtanh, a.input, a.min_val, a.max_val);
}
/** hardtanh_(input, min_val=-1., max_val=1.): in-place version of hardtanh. */
export const hardtanh_ = NN.hardtanh_;

/** relu6(input, inplace=False): min(max(0, x), 6). */
export const relu6 = withInplace('relu6', NN.relu6, NN.relu6_);

/** elu(input, alpha=1.0, inplace=False): the exponential linear unit. */
export function elu(input: Tensor, ...args: PyArgs<[alpha: number, inplace: boolean], { alpha?: number; inplace?: boolean }>): Tensor {
  const a = parse('elu', [input, ...args], { input: tensor(), alpha: 1.0, inplace: false });
  return call(a.inplace ? NN.elu_ : NN.elu, a.input, a.alpha);
}
/** elu_(input, alpha=1.): in-place version of elu. */
export const elu_ = NN.elu_;

/** selu(input, inplace=False): the scaled exponential linear unit. */
export const selu = withInplace('selu', T.selu, T.selu_);
/** selu_(input): in-place version of selu. */
export const selu_ = T.selu_;

/** celu(input, alpha=1., inplace=False): the continuously differentiable exponential linear unit. */
export function celu(input: Tensor, ...args: PyArgs<[alpha: number, inplace: boolean], { alpha?: number; inplace?: boolean }>): Tensor {
  const a = parse('celu', [input, ...args], { input: tensor(), alpha: 1.0, inplace: false });
  return call(a.inplace ? T.celu_ : T.celu, a.input, a.alpha);
}
/** celu_(input, alpha=1.): in-place version of celu. */
export const celu_ = T.celu_;

/** leaky_relu(input, negative_slope=0.01, inplace=False): max(0, x) + negative_slope * min(0, x). */
export function leaky_relu(
  input: Tensor,
  ...args: PyArgs<[negative_slope: number, inplace: boolean], { negative_slope?: number; inplace?: boolean }>
): Tensor {
  const a = parse('leaky_relu', [input, ...args], { input: tensor(), negative_slope: 0.01, inplace: false });
  return call(a.inplace ? NN.leaky_relu_ : NN.leaky_relu, a.input, a.negative_slope);
}
/** leaky_relu_(input, negative_slope=0.01): in-place version of leaky_relu. */
export const leaky_relu_ = NN.leaky_relu_;

/** prelu(input, weight): max(0, x) + weight * min(0, x), weight per channel. */
export const prelu = T.prelu;

/** rrelu(input, lower=1./8, upper=1./3, training=False, inplace=False): the randomized leaky ReLU (a random
 *  negative slope in [lower, upper] per element when training, their mean otherwise). */
export function rrelu(
  input: Tensor,
  ...args: PyArgs<
    [lower: number, upper: number, training: boolean, inplace: boolean],
    { lower?: number; upper?: number; training?: boolean; inplace?: boolean }
  >
): Tensor {
  const a = parse('rrelu', [input, ...args], { input: tensor(), lower: 1.0 / 8, upper: 1.0 / 3, training: false, inplace: false });
  return call(a.inplace ? T.rrelu_ : T.rrelu, a.input, a.lower, a.upper, a.training);
}
/** rrelu_(input, lower=1./8, upper=1./3, training=False): in-place version of rrelu. */
export const rrelu_ = T.rrelu_;

/** logsigmoid(input): log(1 / (1 + exp(-x))). */
export const logsigmoid = NN.log_sigmoid;
/** gelu(input, approximate='none'): the Gaussian error linear unit ('tanh': its tanh approximation). */
export const gelu = NN.gelu;
/** hardshrink(input, lambd=0.5): x where |x| > lambd, else 0. */
export const hardshrink = T.hardshrink;
/** softplus(input, beta=1, threshold=20): 1/beta * log(1 + exp(beta * x)). */
export const softplus = NN.softplus;
/** softshrink(input, lambd=0.5): the soft shrinkage function. */
export const softshrink = NN.softshrink;

/** tanhshrink(input): x - tanh(x). */
export function tanhshrink(...args: [input: Tensor] | [{ input: Tensor }]): Tensor {
  const { input } = parse('tanhshrink', args, { input: req<Tensor>() });
  return input.sub(input.tanh());
}
/** softsign(input): x / (1 + |x|). */
export function softsign(...args: [input: Tensor] | [{ input: Tensor }]): Tensor {
  const { input } = parse('softsign', args, { input: req<Tensor>() });
  return input.div(input.abs().add(1));
}
/** tanh(input): the hyperbolic tangent. */
export function tanh(...args: [input: Tensor] | [{ input: Tensor }]): Tensor {
  const { input } = parse('tanh', args, { input: req<Tensor>() });
  return input.tanh();
}
/** sigmoid(input): 1 / (1 + exp(-x)). */
export function sigmoid(...args: [input: Tensor] | [{ input: Tensor }]): Tensor {
  const { input } = parse('sigmoid', args, { input: req<Tensor>() });
  return input.sigmoid();
}

/** hardsigmoid(input, inplace=False): the piecewise linear sigmoid, relu6(x + 3) / 6. */
export const hardsigmoid = withInplace('hardsigmoid', NN.hardsigmoid, NN.hardsigmoid_);
/** silu(input, inplace=False): x * sigmoid(x) (the swish function). */
export const silu = withInplace('silu', NN.silu, NN.silu_);
/** mish(input, inplace=False): x * tanh(softplus(x)). */
export const mish = withInplace('mish', NN.mish, NN.mish_);
/** hardswish(input, inplace=False): x * relu6(x + 3) / 6. */
export const hardswish = withInplace('hardswish', NN.hardswish, NN.hardswish_);

// ---------------------------------------------------------------------------------------------------------------
// softmax family

/** The dim an implicit-dim softmax uses (deprecated in PyTorch, with its warning): 0 for 0-, 1- and 3-d inputs,
 *  else 1. */
function softmaxDim(name: string, ndim: number): number {
  warn(`Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`);
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

type SoftmaxArgs = PyArgs<
  [dim: number | null, _stacklevel: number, dtype: dtype | null],
  { dim?: number | null; _stacklevel?: number; dtype?: dtype | null }
>;
function softmaxLike(name: string, args: unknown[], f: (x: Tensor, dim: number, dt: dtype | null) => Tensor): Tensor {
  const a = parse(name, args, { input: tensor(), dim: null as number | null, _stacklevel: 3, dtype: null as dtype | null });
  const dim = a.dim === null ? softmaxDim(name, a.input.dim()) : a.dim;
  return f(a.input, dim, a.dtype);
}
/** softmax(input, dim=None, _stacklevel=3, dtype=None): exp(x_i) / sum_j exp(x_j) along `dim` (computed in
 *  `dtype` when given). Without dim: PyTorch's deprecated implicit choice, with its warning. */
export function softmax(input: Tensor, ...args: SoftmaxArgs): Tensor {
  return softmaxLike('softmax', [input, ...args], (x, d, dt) => (dt === null ? x.softmax(d) : x.softmax(d, { dtype: dt })));
}
/** softmin(input, dim=None, _stacklevel=3, dtype=None): softmax(-input). */
export function softmin(input: Tensor, ...args: SoftmaxArgs): Tensor {
  return softmaxLike('softmin', [input, ...args], (x, d, dt) => (dt === null ? x.neg().softmax(d) : x.neg().softmax(d, { dtype: dt })));
}
/** log_softmax(input, dim=None, _stacklevel=3, dtype=None): log(softmax(x)), computed stably. */
export function log_softmax(input: Tensor, ...args: SoftmaxArgs): Tensor {
  return softmaxLike('log_softmax', [input, ...args], (x, d, dt) => (dt === null ? x.log_softmax(d) : x.log_softmax(d, { dtype: dt })));
}

/** gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1): samples from the Gumbel-softmax distribution
 *  (one-hot with a straight-through gradient when `hard`). Draws from the global generator as Python does. */
export function gumbel_softmax(
  logits: Tensor,
  ...args: PyArgs<
    [tau: number, hard: boolean, eps: number, dim: number],
    { tau?: number; hard?: boolean; eps?: number; dim?: number }
  >
): Tensor {
  const a = parse('gumbel_softmax', [logits, ...args], { logits: tensor(), tau: 1, hard: false, eps: 1e-10, dim: -1 });
  if (a.eps !== 1e-10) warn('`eps` parameter is deprecated and has no effect.');
  let gumbels = T.empty_like(a.logits, { memory_format: contiguous_format }).exponential_().log().neg();
  gumbels = a.logits.add(gumbels).div(a.tau);
  const ySoft = gumbels.softmax(a.dim);
  if (!a.hard) return ySoft;
  const index = (ySoft.max(a.dim, { keepdim: true }) as unknown as Tensor[])[1];
  const yHard = T.zeros_like(a.logits, { memory_format: contiguous_format }).scatter_(a.dim, index, 1.0);
  return yHard.sub(ySoft.detach()).add(ySoft);
}
