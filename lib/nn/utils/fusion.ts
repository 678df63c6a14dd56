// torch.nn.utils.fusion, after PyTorch's torch/nn/utils/fusion.py: a convolution or Linear followed by a
// BatchNorm in eval mode folded into one layer (a copy; the originals are untouched).
import type { Tensor } from '../../tensor/tensor';
import * as T from '../../generated/torch_functions';
import { Parameter } from '../parameter';
import { AssertionError } from '../../errors';
import type { _ConvNd } from '../modules/conv';
import type { Linear } from '../modules/linear';
import type { _BatchNorm } from '../modules/batchnorm';
import { deepcopy } from '../modules/_deepcopy';

/** fuse_conv_bn_eval(conv, bn, transpose=False): a copy of conv whose weight and bias apply bn too. */
export function fuse_conv_bn_eval<C extends _ConvNd>(conv: C, bn: _BatchNorm, transpose = false): C {
  if (conv.training || bn.training) throw new AssertionError('Fusion only for eval!');
  const fused_conv = deepcopy(conv);
  if (bn.running_mean === null || bn.running_var === null) throw new AssertionError('bn.running_mean and bn.running_var must not be None');
  const [w, b] = fuse_conv_bn_weights(fused_conv.weight, fused_conv.bias, bn.running_mean, bn.running_var, bn.eps, bn.weight, bn.bias, transpose);
  fused_conv.weight = w;
  fused_conv.bias = b;
  return fused_conv;
}

/** fuse_conv_bn_weights(conv_w, conv_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b, transpose=False): the fused
 *  [weight, bias] as Parameters. */
export function fuse_conv_bn_weights(
  conv_w: Tensor, conv_b: Tensor | null, bn_rm: Tensor, bn_rv: Tensor, bn_eps: number, bn_w: Tensor | null, bn_b: Tensor | null, transpose = false,
): [Parameter, Parameter] {
  const conv_weight_dtype = conv_w.dtype;
  const conv_bias_dtype = conv_b !== null ? conv_b.dtype : conv_weight_dtype;
  const cb = conv_b ?? T.zeros_like(bn_rm);
  const bw = bn_w ?? T.ones_like(bn_rm);
  const bb = bn_b ?? T.zeros_like(bn_rm);
  const bn_var_rsqrt = T.rsqrt(bn_rv.add(bn_eps));
  const rest = Array(conv_w.dim() - 2).fill(1);
  const shape = transpose ? [1, -1, ...rest] : [-1, 1, ...rest];
  const fused_conv_w = conv_w.mul(bw.mul(bn_var_rsqrt).reshape(shape)).to({ dtype: conv_weight_dtype });
  const fused_conv_b = cb.sub(bn_rm).mul(bn_var_rsqrt).mul(bw).add(bb).to({ dtype: conv_bias_dtype });
  return [new Parameter(fused_conv_w, conv_w.requires_grad), new Parameter(fused_conv_b, cb.requires_grad)];
}

/** fuse_linear_bn_eval(linear, bn): a copy of linear whose weight and bias apply bn too. */
export function fuse_linear_bn_eval<L extends Linear>(linear: L, bn: _BatchNorm): L {
  if (linear.training || bn.training) throw new AssertionError('Fusion only for eval!');
  const fused_linear = deepcopy(linear);
  if (linear.out_features !== bn.num_features && bn.num_features !== 1) {
    throw new AssertionError(`To fuse, linear.out_features == bn.num_features or bn.num_features == 1, got linear.out_features=${linear.out_features} and bn.num_features=${bn.num_features}`);
  }
  if (bn.running_mean === null || bn.running_var === null) throw new AssertionError('bn.running_mean and bn.running_var must not be None');
  const [w, b] = fuse_linear_bn_weights(fused_linear.weight, fused_linear.bias, bn.running_mean, bn.running_var, bn.eps, bn.weight as Tensor, bn.bias as Tensor);
  fused_linear.weight = w;
  fused_linear.bias = b;
  return fused_linear;
}

/** fuse_linear_bn_weights(linear_w, linear_b, bn_rm, bn_rv, bn_eps, bn_w, bn_b): the fused [weight, bias]. */
export function fuse_linear_bn_weights(
  linear_w: Tensor, linear_b: Tensor | null, bn_rm: Tensor, bn_rv: Tensor, bn_eps: number, bn_w: Tensor, bn_b: Tensor,
): [Parameter, Parameter] {
  const linear_weight_dtype = linear_w.dtype;
  const linear_bias_dtype = linear_b !== null ? linear_b.dtype : linear_weight_dtype;
  const lb = linear_b ?? T.zeros_like(bn_rm);
  const bn_scale = bn_w.mul(T.rsqrt(bn_rv.add(bn_eps)));
  const fused_w = linear_w.mul(bn_scale.unsqueeze(-1).to({ dtype: linear_weight_dtype }));
  const fused_b = lb.sub(bn_rm).mul(bn_scale).add(bn_b).to({ dtype: linear_bias_dtype });
  return [new Parameter(fused_w, linear_w.requires_grad), new Parameter(fused_b, lb.requires_grad)];
}
