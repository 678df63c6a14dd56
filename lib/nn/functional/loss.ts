// torch.nn.functional: loss functions (torch/nn/functional.py), with Python's reduction strings ('none' | 'mean' |
// 'sum'; kl_div's 'batchmean'), the deprecated size_average / reduce arguments (and their warning), argument order,
// defaults, checks and messages.
import { Tensor } from '../../tensor/tensor';
import * as T from '../../generated/torch_functions';
import * as NN from '../../generated/nn_functions';
import { broadcast_tensors } from '../../functional';
import { no_grad } from '../../autograd/grad_mode';
import { TorchError, ValueError } from '../../errors';
import {
  type PyArgs, type Reduction, parse, tensor, req, str, floatRepr, sizeRepr, sameShape, warn, getEnum, legacyGetEnum,
  reductionOf, inferSize,
} from './_utils';
import { logsigmoid } from './activation';

type AnyFn = (...a: unknown[]) => unknown;
const call = (f: unknown, ...a: unknown[]): Tensor => (f as AnyFn)(...a) as Tensor;
type OptT = Tensor | null;
type Red = Reduction | string;
/** The deprecated size_average / reduce arguments (use reduction). */
type Legacy = { size_average?: boolean | null; reduce?: boolean | null };
const LEGACY = { size_average: null as boolean | null, reduce: null as boolean | null };

/** The reduction enum of a loss with the legacy arguments (legacy_get_enum when one is given, else get_enum). */
function reductionEnum(a: { size_average: unknown; reduce: unknown; reduction: unknown }): number {
  if (a.size_average !== null || a.reduce !== null) return legacyGetEnum(a.size_average, a.reduce);
  return getEnum(a.reduction);
}

function warnSize(input: Tensor, target: Tensor): void {
  if (!sameShape(target.shape, input.shape)) {
    warn(
      `Using a target size (${sizeRepr(target.shape)}) that is different to the input size (${sizeRepr(input.shape)}). ` +
        'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.',
    );
  }
}

/** ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction='mean', zero_infinity=False):
 *  the Connectionist Temporal Classification loss. */
export function ctc_loss(
  log_probs: Tensor,
  targets: Tensor,
  input_lengths: Tensor | number[],
  target_lengths: Tensor | number[],
  ...args: PyArgs<[blank: number, reduction: Red, zero_infinity: boolean], { blank?: number; reduction?: Red; zero_infinity?: boolean }>
): Tensor {
  const a = parse('ctc_loss', [log_probs, targets, input_lengths, target_lengths, ...args], {
    log_probs: req<Tensor>(), targets: req<Tensor>(), input_lengths: req<Tensor | number[]>(), target_lengths: req<Tensor | number[]>(),
    blank: 0, reduction: 'mean' as Red, zero_infinity: false,
  });
  return call(T.ctc_loss, a.log_probs, a.targets, a.input_lengths, a.target_lengths, a.blank, getEnum(a.reduction), a.zero_infinity);
}

/** nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'):
 *  the negative log likelihood loss. */
export function nll_loss(
  input: Tensor,
  target: Tensor,
  ...args: PyArgs<
    [weight: OptT, size_average: boolean | null, ignore_index: number, reduce: boolean | null, reduction: Red],
    { weight?: OptT; ignore_index?: number; reduction?: Red } & Legacy
  >
): Tensor {
  const a = parse('nll_loss', [input, target, ...args], {
    input: req<Tensor>(), target: req<Tensor>(), weight: null as OptT, size_average: LEGACY.size_average, ignore_index: -100,
    reduce: LEGACY.reduce, reduction: 'mean' as Red,
  });
  return call(NN.nll_loss_nd, a.input, a.target, a.weight, getEnum(reductionOf(a)), a.ignore_index);
}

/** poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
 *  reduction='mean'): the negative log likelihood loss of a Poisson distribution of the target. */
export function poisson_nll_loss(
  input: Tensor,
  target: Tensor,
  ...args: PyArgs<
    [log_input: boolean, full: boolean, size_average: boolean | null, eps: number, reduce: boolean | null, reduction: Red],
    { log_input?: boolean; full?: boolean; eps?: number; reduction?: Red } & Legacy
  >
): Tensor {
  const a = parse('poisson_nll_loss', [input, target, ...args], {
    input: req<Tensor>(), target: req<Tensor>(), log_input: true, full: false, size_average: LEGACY.size_average, eps: 1e-8,
    reduce: LEGACY.reduce, reduction: 'mean' as Red,
  });
  const reduction = reductionOf(a);
  if (reduction !== 'none' && reduction !== 'mean' && reduction !== 'sum') {
    throw new ValueError(`${str(reduction)} is not a valid value for reduction`);
  }
  return call(T.poisson_nll_loss, a.input, a.target, a.log_input, a.full, a.eps, getEnum(reduction));
}

/** gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction='mean'): the negative log likelihood of
 *  the target under Gaussians of mean `input` and variance `var` (a tensor, or one number for all). */
export function gaussian_nll_loss(
  input: Tensor,
  target: Tensor,
  variance: Tensor | number,
  ...args: PyArgs<[full: boolean, eps: number, reduction: Red], { var?: Tensor | number; full?: boolean; eps?: number; reduction?: Red }>
): Tensor {
  const a = parse('gaussian_nll_loss', [input, target, variance, ...args], {
    input: req<Tensor>(), target: req<Tensor>(), var: req<Tensor | number>(), full: false, eps: 1e-6, reduction: 'mean' as Red,
  });
  let v: Tensor;
  if (typeof a.var === 'number') {
    if (a.var < 0) throw new ValueError('var has negative entry/entries');
    v = T.ones_like(a.input).mul(a.var);
  } else {
    v = a.var;
    if (v.lt(0).any().item()) throw new ValueError('var has negative entry/entries');
  }
  const inShape = a.input.shape;
  if (!sameShape(v.shape, inShape)) {
    if (sameShape(inShape.slice(0, -1), v.shape)) {
      v = T.unsqueeze(v, -1);
    } else if (inShape.length === v.dim() && inShape.reduce((n, x, i) => (x !== v.shape[i] ? n + v.shape[i] : n), 0) === 1) {
      // heteroscedastic: one dim of var is 1
    } else {
      throw new ValueError('var is of incorrect size');
    }
  }
  if (a.reduction !== 'none' && a.reduction !== 'mean' && a.reduction !== 'sum') throw new ValueError(`${str(a.reduction)} is not valid`);
  v = v.clone();
  no_grad(() => v.clamp_({ min: a.eps }));
  const loss = T.log(v).add(a.input.sub(a.target).pow(2).div(v)).mul(0.5);
  if (a.full) loss.add_(0.5 * Math.log(2 * Math.PI));
  if (a.reduction === 'mean') return loss.mean();
  if (a.reduction === 'sum') return loss.sum();
  return loss;
}

/** kl_div(input, target, size_average=None, reduce=None, reduction='mean', log_target=False): the
 *  Kullback-Leibler divergence of `target` from `input` (log-probabilities); 'batchmean' divides the sum by the
 *  batch size (the mathematical definition; 'mean' warns that it divides by every element). */
export function kl_div(
  input: Tensor,
  target: Tensor,
  ...args: PyArgs<
    [size_average: boolean | null, reduce: boolean | null, reduction: Red | 'batchmean', log_target: boolean],
    { reduction?: Red | 'batchmean'; log_target?: boolean } & Legacy
  >
): Tensor {
  const a = parse('kl_div', [input, target, ...args], {
    input: req<Tensor>(), target: req<Tensor>(), size_average: LEGACY.size_average, reduce: LEGACY.reduce,
    reduction: 'mean' as string, log_target: false,
  });
  let reductionEnum: number;
  if (a.size_average !== null || a.reduce !== null) {
    reductionEnum = legacyGetEnum(a.size_average, a.reduce);
  } else {
    if (a.reduction === 'mean') {
      warn(
        "reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides " +
          "only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the " +
          "same as 'batchmean' in the next major release.",
      );
    }
    reductionEnum = getEnum(a.reduction === 'batchmean' ? 'sum' : a.reduction);
  }
  let reduced = call(T.kl_div, a.input, a.target, reductionEnum, { log_target: a.log_target });
  if (a.reduction === 'batchmean' && a.input.dim() !== 0) reduced = reduced.div(a.input.size(0));
  return reduced;
}

/** cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean',
 *  label_smoothing=0.0): the cross entropy of logits `input` and class indices (or class probabilities) `target`. */
export function cross_entropy(
  input: Tensor,
  target: Tensor,
  ...args: PyArgs<
    [weight: OptT, size_average: boolean | null, ignore_index: number, reduce: boolean | null, reduction: Red, label_smoothing: number],
    { weight?: OptT; ignore_index?: number; reduction?: Red; label_smoothing?: number } & Legacy
  >
): Tensor {
  const a = parse('cross_entropy', [input, target, ...args], {
    input: req<Tensor>(), target: req<Tensor>(), weight: null as OptT, size_average: LEGACY.size_average, ignore_index: -100,
    reduce: LEGACY.reduce, reduction: 'mean' as Red, label_smoothing: 0.0,
  });
  return call(NN.cross_entropy_loss, a.input, a.target, a.weight, getEnum(reductionOf(a)), a.ignore_index, a.label_smoothing);
}

/** binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction='mean'): the binary
 *  cross entropy of probabilities `input` and `target`. */
export function binary_cross_entropy(
  input: Tensor,
  target: Tensor,
  ...args: PyArgs<
    [weight: OptT, size_average: boolean | null, reduce: boolean | null, reduction: Red],
    { weight?: OptT; reduction?: Red } & Legacy
  >
): Tensor {
  const a = parse('binary_cross_entropy', [input, target, ...args], {
    input: tensor(), target: tensor(), weight: null as OptT, size_average: LEGACY.size_average, reduce: LEGACY.reduce,
    reduction: 'mean' as Red,
  });
  const red = reductionEnum(a);
  if (!sameShape(a.target.shape, a.input.shape)) {
    throw new ValueError(
      `Using a target size (${sizeRepr(a.target.shape)}) that is different to the input size (${sizeRepr(a.input.shape)}) is deprecated. ` +
        'Please ensure they have the same size.',
    );
  }
  let weight = a.weight;
  if (weight !== null) weight = weight.expand(inferSize(a.target.shape, weight.shape));
  return call(NN.binary_cross_entropy, a.input, a.target, weight, red);
}

/** binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction='mean',
 *  pos_weight=None): binary cross entropy of logits (a sigmoid and the loss in one, numerically stable), with a
 *  weight for positive examples per class. */
export function binary_cross_entropy_with_logits(
  input: Tensor,
  target: Tensor,
  ...args: PyArgs<
    [weight: OptT, size_average: boolean | null, reduce: boolean | null, reduction: Red, pos_weight: OptT],
    { weight?: OptT; reduction?: Red; pos_weight?: OptT } & Legacy
  >
): Tensor {
  const a = parse('binary_cross_entropy_with_logits', [input, target, ...args], {
    input: tensor(), target: tensor(), weight: null as OptT, size_average: LEGACY.size_average, reduce: LEGACY.reduce,
    reduction: 'mean' as Red, pos_weight: null as OptT,
  });
  const red = reductionEnum(a);
  if (!sameShape(a.target.shape, a.input.shape)) {
    throw new ValueError(`Target size (${sizeRepr(a.target.shape)}) must be the same as input size (${sizeRepr(a.input.shape)})`);
  }
  return call(T.binary_cross_entropy_with_logits, a.input, a.target, a.weight, a.pos_weight, red);
}

/** smooth_l1_loss(input, target, size_average=None, reduce=None, reduction='mean', beta=1.0): L1 loss that is
 *  quadratic below beta. */
export function smooth_l1_loss(
  input: Tensor,
  target: Tensor,
  ...args: PyArgs<[size_average: boolean | null, reduce: boolean | null, reduction: Red, beta: number], { reduction?: Red; beta?: number } & Legacy>
): Tensor {
  const a = parse('smooth_l1_loss', [input, target, ...args], {
    input: tensor(), target: tensor(), size_average: LEGACY.size_average, reduce: LEGACY.reduce, reduction: 'mean' as Red, beta: 1.0,
  });
  warnSize(a.input, a.target);
  const reduction = reductionOf(a);
  const [x, y] = broadcast_tensors(a.input, a.target);
  if (a.beta === 0.0) return call(NN.l1_loss, x, y, getEnum(reduction));
  return call(NN.smooth_l1_loss, x, y, getEnum(reduction), a.beta);
}

/** The elementwise loss times `weight`, reduced as Python's l1_loss / mse_loss / huber_loss do with a weight. */
function weighted(loss: Tensor, reduction: string, mean: () => Tensor): Tensor {
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return T.sum(loss);
  if (reduction === 'mean') return mean();
  throw new ValueError(`Invalid reduction mode: ${str(reduction)}. Expected one of 'none', 'mean', 'sum'.`);
}

/** huber_loss(input, target, reduction='mean', delta=1.0, weight=None): quadratic below delta, linear (scaled by
 *  delta) above; optionally weighted per element. */
export function huber_loss(
  input: Tensor,
  target: Tensor,
  ...args: PyArgs<[reduction: Red, delta: number, weight: OptT], { reduction?: Red; delta?: number; weight?: OptT }>
): Tensor {
  const a = parse('huber_loss', [input, target, ...args], {
    input: tensor(), target: tensor(), reduction: 'mean' as Red, delta: 1.0, weight: null as OptT,
  });
  warnSize(a.input, a.target);
  const [x, y] = broadcast_tensors(a.input, a.target);
  if (a.weight === null) return call(NN.huber_loss, x, y, getEnum(a.reduction), a.delta);
  if (!sameShape(a.weight.shape, a.input.shape)) throw new ValueError('Weights and input must have the same size.');
  const loss = call(NN.huber_loss, x, y, getEnum('none'), a.delta).mul(a.weight);
  return weighted(loss, a.reduction, () => loss.mean());
}

type L1Args = PyArgs<[size_average: boolean | null, reduce: boolean | null, reduction: Red, weight: OptT], { reduction?: Red; weight?: OptT } & Legacy>;
function l1OrMse(name: string, args: unknown[], err: (d: Tensor) => Tensor, kernel: unknown): Tensor {
  const a = parse(name, args, {
    input: tensor(), target: tensor(), size_average: LEGACY.size_average, reduce: LEGACY.reduce, reduction: 'mean' as Red,
    weight: null as OptT,
  });
  warnSize(a.input, a.target);
  const reduction = reductionOf(a);
  const [x, y] = broadcast_tensors(a.input, a.target);
  if (a.weight === null) return call(kernel, x, y, getEnum(reduction));
  if (!sameShape(a.weight.shape, a.input.shape)) throw new ValueError('Weights and input must have the same size.');
  const w = a.weight;
  const loss = err(x.sub(y)).mul(w);
  return weighted(loss, reduction, () => T.sum(loss).div(T.sum(w)));
}
/** l1_loss(input, target, size_average=None, reduce=None, reduction='mean', weight=None): the mean absolute
 *  error (a weighted mean with `weight`). */
export function l1_loss(input: Tensor, target: Tensor, ...args: L1Args): Tensor {
  return l1OrMse('l1_loss', [input, target, ...args], (d) => T.abs(d), NN.l1_loss);
}
/** mse_loss(input, target, size_average=None, reduce=None, reduction='mean', weight=None): the mean squared
 *  error (a weighted mean with `weight`). */
export function mse_loss(input: Tensor, target: Tensor, ...args: L1Args): Tensor {
  return l1OrMse('mse_loss', [input, target, ...args], (d) => T.pow(d, 2), NN.mse_loss);
}

type MarginArgs = PyArgs<
  [margin: number, size_average: boolean | null, reduce: boolean | null, reduction: Red],
  { margin?: number; reduction?: Red } & Legacy
>;
/** margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean'):
 *  max(0, -target * (input1 - input2) + margin). */
export function margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, ...args: MarginArgs): Tensor {
  const a = parse('margin_ranking_loss', [input1, input2, target, ...args], {
    input1: tensor(), input2: tensor(), target: tensor(), margin: 0, size_average: LEGACY.size_average,
    reduce: LEGACY.reduce, reduction: 'mean' as Red,
  });
  const red = reductionEnum(a);
  if (a.input1.dim() !== a.input2.dim() || a.input1.dim() !== a.target.dim()) {
    throw new TorchError(
      `margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: ${sizeRepr(a.input1.shape)}, ` +
        `input2: ${sizeRepr(a.input2.shape)}, target: ${sizeRepr(a.target.shape)} `,
    );
  }
  return call(T.margin_ranking_loss, a.input1, a.input2, a.target, a.margin, red);
}

/** hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction='mean'): x for
 *  target 1, max(0, margin - x) for target -1. */
export function hinge_embedding_loss(input: Tensor, target: Tensor, ...args: MarginArgs): Tensor {
  const a = parse('hinge_embedding_loss', [input, target, ...args], {
    input: req<Tensor>(), target: req<Tensor>(), margin: 1.0, size_average: LEGACY.size_average, reduce: LEGACY.reduce,
    reduction: 'mean' as Red,
  });
  return call(T.hinge_embedding_loss, a.input, a.target, a.margin, reductionEnum(a));
}

type LegacyArgs = PyArgs<[size_average: boolean | null, reduce: boolean | null, reduction: Red], { reduction?: Red } & Legacy>;
/** multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction='mean'): the multi-class
 *  multi-classification hinge loss (target: class indices, padded with -1). */
export function multilabel_margin_loss(input: Tensor, target: Tensor, ...args: LegacyArgs): Tensor {
  const a = parse('multilabel_margin_loss', [input, target, ...args], {
    input: req<Tensor>(), target: req<Tensor>(), size_average: LEGACY.size_average, reduce: LEGACY.reduce, reduction: 'mean' as Red,
  });
  return call(NN.multilabel_margin_loss, a.input, a.target, reductionEnum(a));
}
/** soft_margin_loss(input, target, size_average=None, reduce=None, reduction='mean'): log(1 + exp(-y * x)). */
export function soft_margin_loss(input: Tensor, target: Tensor, ...args: LegacyArgs): Tensor {
  const a = parse('soft_margin_loss', [input, target, ...args], {
    input: req<Tensor>(), target: req<Tensor>(), size_average: LEGACY.size_average, reduce: LEGACY.reduce, reduction: 'mean' as Red,
  });
  return call(NN.soft_margin_loss, a.input, a.target, reductionEnum(a));
}

/** multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction='mean'): the
 *  multi-label one-versus-all loss (max entropy), averaged over classes. */
export function multilabel_soft_margin_loss(
  input: Tensor,
  target: Tensor,
  ...args: PyArgs<[weight: OptT, size_average: boolean | null, reduce: boolean | null, reduction: Red], { weight?: OptT; reduction?: Red } & Legacy>
): Tensor {
  const a = parse('multilabel_soft_margin_loss', [input, target, ...args], {
    input: tensor(), target: tensor(), weight: null as OptT, size_average: LEGACY.size_average, reduce: LEGACY.reduce,
    reduction: 'mean' as Red,
  });
  const reduction = reductionOf(a);
  const x = a.input;
  const y = a.target;
  let loss = y.mul(logsigmoid(x)).add(T.rsub(y, 1).mul(logsigmoid(x.neg()))).neg();
  if (a.weight !== null) loss = loss.mul(a.weight);
  const classDim = x.dim() - 1;
  const C = x.size(classDim);
  loss = loss.sum({ dim: classDim }).div(C);
  if (reduction === 'none') return loss;
  if (reduction === 'mean') return loss.mean();
  if (reduction === 'sum') return loss.sum();
  throw new ValueError(`${str(reduction)} is not valid`);
}

/** cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean'):
 *  1 - cos(x1, x2) for target 1, max(0, cos(x1, x2) - margin) for target -1. */
export function cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, ...args: MarginArgs): Tensor {
  const a = parse('cosine_embedding_loss', [input1, input2, target, ...args], {
    input1: req<Tensor>(), input2: req<Tensor>(), target: req<Tensor>(), margin: 0, size_average: LEGACY.size_average,
    reduce: LEGACY.reduce, reduction: 'mean' as Red,
  });
  return call(T.cosine_embedding_loss, a.input1, a.input2, a.target, a.margin, reductionEnum(a));
}

/** multi_margin_loss(input, target, p=1, margin=1, weight=None, size_average=None, reduce=None, reduction='mean'):
 *  the multi-class classification hinge loss. */
export function multi_margin_loss(
  input: Tensor,
  target: Tensor,
  ...args: PyArgs<
    [p: number, margin: number, weight: OptT, size_average: boolean | null, reduce: boolean | null, reduction: Red],
    { p?: number; margin?: number; weight?: OptT; reduction?: Red } & Legacy
  >
): Tensor {
  const a = parse('multi_margin_loss', [input, target, ...args], {
    input: req<Tensor>(), target: req<Tensor>(), p: 1, margin: 1.0, weight: null as OptT, size_average: LEGACY.size_average,
    reduce: LEGACY.reduce, reduction: 'mean' as Red,
  });
  const red = reductionEnum(a);
  if (a.p !== 1 && a.p !== 2) throw new ValueError('only p == 1 and p == 2 supported');
  if (a.weight !== null && a.weight.dim() !== 1) throw new ValueError('weight must be one-dimensional');
  return call(NN.multi_margin_loss, a.input, a.target, a.p, a.margin, a.weight, red);
}

/** triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
 *  reduce=None, reduction='mean'): max(d(a, p) - d(a, n) + margin, 0) with the p-norm distance. */
export function triplet_margin_loss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  ...args: PyArgs<
    [margin: number, p: number, eps: number, swap: boolean, size_average: boolean | null, reduce: boolean | null, reduction: Red],
    { margin?: number; p?: number; eps?: number; swap?: boolean; reduction?: Red } & Legacy
  >
): Tensor {
  const a = parse('triplet_margin_loss', [anchor, positive, negative, ...args], {
    anchor: req<Tensor>(), positive: req<Tensor>(), negative: req<Tensor>(), margin: 1.0, p: 2, eps: 1e-6, swap: false,
    size_average: LEGACY.size_average, reduce: LEGACY.reduce, reduction: 'mean' as Red,
  });
  const red = reductionEnum(a);
  if (a.margin <= 0) throw new ValueError(`margin must be greater than 0, got ${floatRepr(a.margin)}`);
  return call(T.triplet_margin_loss, a.anchor, a.positive, a.negative, a.margin, a.p, a.eps, a.swap, red);
}

/** A distance between two batches of vectors, for triplet_margin_with_distance_loss. */
export type DistanceFunction = (x1: Tensor, x2: Tensor) => Tensor;
/** triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None, margin=1.0,
 *  swap=False, reduction='mean'): the triplet margin loss with any distance (pairwise_distance by default). */
export function triplet_margin_with_distance_loss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  options: { distance_function?: DistanceFunction | null; margin?: number; swap?: boolean; reduction?: Red } = {},
): Tensor {
  const a = parse(
    'triplet_margin_with_distance_loss',
    [anchor, positive, negative, options],
    {
      anchor: tensor(), positive: tensor(), negative: tensor(), distance_function: null as DistanceFunction | null, margin: 1.0,
      swap: false, reduction: 'mean' as Red,
    },
    ['distance_function', 'margin', 'swap', 'reduction'],
  );
  if (a.reduction !== 'mean' && a.reduction !== 'sum' && a.reduction !== 'none') {
    throw new ValueError(`${str(a.reduction)} is not a valid value for reduction`);
  }
  if (a.margin <= 0) throw new ValueError(`margin must be greater than 0, got ${floatRepr(a.margin)}`);
  const [ad, pd, nd] = [a.anchor.dim(), a.positive.dim(), a.negative.dim()];
  if (!(ad === pd && pd === nd)) {
    throw new TorchError(
      'The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: ' +
        `anchor ${ad}D, positive ${pd}D, and negative ${nd}D inputs`,
    );
  }
  const dist: DistanceFunction = a.distance_function ?? ((x1, x2) => call(T.pairwise_distance, x1, x2));
  const distPos = dist(a.anchor, a.positive);
  let distNeg = dist(a.anchor, a.negative);
  if (a.swap) distNeg = T.minimum(distNeg, dist(a.positive, a.negative));
  const loss = T.clamp_min(distPos.add(a.margin).sub(distNeg), 0);
  if (a.reduction === 'sum') return T.sum(loss);
  if (a.reduction === 'mean') return T.mean(loss);
  return loss;
}
