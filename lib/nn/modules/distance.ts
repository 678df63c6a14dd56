// PairwiseDistance and CosineSimilarity, after PyTorch's torch/nn/modules/distance.py.
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { type PyArgs, parse } from '../functional/_utils';
import { Module } from '../module';

type AnyFn = (...a: unknown[]) => Tensor;

/** PairwiseDistance(p=2.0, eps=1e-6, keepdim=False): the p-norm distance between the rows of x1 and x2. */
export class PairwiseDistance extends Module {
  declare norm: number;
  declare eps: number;
  declare keepdim: boolean;
  constructor(...args: PyArgs<[p: number, eps: number, keepdim: boolean], { p?: number; eps?: number; keepdim?: boolean }>) {
    super();
    const a = parse('PairwiseDistance.__init__', args, { p: 2.0, eps: 1e-6, keepdim: false });
    this.norm = a.p;
    this.eps = a.eps;
    this.keepdim = a.keepdim;
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return (F.pairwise_distance as AnyFn)(x1, x2, this.norm, this.eps, this.keepdim);
  }
}

/** CosineSimilarity(dim=1, eps=1e-8): the cosine of the angle between x1 and x2 along dim. */
export class CosineSimilarity extends Module {
  declare dim: number;
  declare eps: number;
  constructor(...args: PyArgs<[dim: number, eps: number], { dim?: number; eps?: number }>) {
    super();
    const a = parse('CosineSimilarity.__init__', args, { dim: 1, eps: 1e-8 });
    this.dim = a.dim;
    this.eps = a.eps;
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return (F.cosine_similarity as AnyFn)(x1, x2, this.dim, this.eps);
  }
}
