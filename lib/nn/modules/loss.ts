// Loss modules, after PyTorch's torch/nn/modules/loss.py: each holds its reduction ('none' | 'mean' | 'sum', or
// the deprecated size_average / reduce with Python's warning) and options, and calls its torch.nn.functional loss.
// Class weights are buffers, as in PyTorch (they move with .to() and are in state_dict).
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { type PyArgs, parse, legacyGetString, floatRepr } from '../functional/_utils';
import { ValueError } from '../../errors';
import { warn } from '../../warnings';
import { Module } from '../module';
import { PairwiseDistance } from './distance';

export type Reduction = 'none' | 'mean' | 'sum';
type Legacy = boolean | null;
type OptT = Tensor | null;
type AnyFn = (...a: unknown[]) => Tensor;

/** The base of the losses (torch.nn.modules.loss._Loss): the reduction. */
export class _Loss extends Module {
  declare reduction: Reduction;
  constructor(size_average: Legacy = null, reduce: Legacy = null, reduction: Reduction = 'mean') {
    super();
    if ((size_average !== null && size_average !== undefined) || (reduce !== null && reduce !== undefined)) {
      this.reduction = legacyGetString(size_average, reduce);
    } else {
      this.reduction = reduction;
    }
  }
}

/** The base of the losses with class weights (torch.nn.modules.loss._WeightedLoss): weight is a buffer. */
export class _WeightedLoss extends _Loss {
  declare weight: Tensor | null;
  constructor(weight: OptT = null, size_average: Legacy = null, reduce: Legacy = null, reduction: Reduction = 'mean') {
    super(size_average, reduce, reduction);
    this.register_buffer('weight', weight);
  }
}

type BasicOptions = { size_average?: Legacy; reduce?: Legacy; reduction?: Reduction };
type BasicArgs = PyArgs<[size_average: Legacy, reduce: Legacy, reduction: Reduction], BasicOptions>;
const BASIC = { size_average: null as Legacy, reduce: null as Legacy, reduction: 'mean' as Reduction };
/** A loss with only the reduction arguments: (size_average=None, reduce=None, reduction='mean'). */
class _BasicLoss extends _Loss {
  constructor(...args: BasicArgs) {
    const a = parse(`${new.target.name}.__init__`, args, BASIC);
    super(a.size_average, a.reduce, a.reduction);
  }
}
type WeightedOptions = BasicOptions & { weight?: OptT };
type WeightedArgs = PyArgs<[weight: OptT, size_average: Legacy, reduce: Legacy, reduction: Reduction], WeightedOptions>;
/** A loss with (weight=None, size_average=None, reduce=None, reduction='mean'). */
class _BasicWeightedLoss extends _WeightedLoss {
  constructor(...args: WeightedArgs) {
    const a = parse(`${new.target.name}.__init__`, args, { weight: null as OptT, ...BASIC });
    super(a.weight, a.size_average, a.reduce, a.reduction);
  }
}

/** L1Loss(size_average=None, reduce=None, reduction='mean'): the mean absolute error. */
export class L1Loss extends _BasicLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1_loss(input, target, { reduction: this.reduction });
  }
}
/** MSELoss(size_average=None, reduce=None, reduction='mean'): the mean squared error. */
export class MSELoss extends _BasicLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mse_loss(input, target, { reduction: this.reduction });
  }
}
/** MultiLabelMarginLoss(size_average=None, reduce=None, reduction='mean'). */
export class MultiLabelMarginLoss extends _BasicLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabel_margin_loss(input, target, { reduction: this.reduction });
  }
}
/** SoftMarginLoss(size_average=None, reduce=None, reduction='mean'): the two-class logistic loss. */
export class SoftMarginLoss extends _BasicLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.soft_margin_loss(input, target, { reduction: this.reduction });
  }
}
/** BCELoss(weight=None, size_average=None, reduce=None, reduction='mean'): binary cross entropy of
 *  probabilities. */
export class BCELoss extends _BasicWeightedLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}
/** MultiLabelSoftMarginLoss(weight=None, size_average=None, reduce=None, reduction='mean'). */
export class MultiLabelSoftMarginLoss extends _BasicWeightedLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabel_soft_margin_loss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

type NLLOptions = WeightedOptions & { ignore_index?: number };
type NLLArgs = PyArgs<[weight: OptT, size_average: Legacy, ignore_index: number, reduce: Legacy, reduction: Reduction], NLLOptions>;
/** NLLLoss(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'): the negative
 *  log likelihood of log-probabilities. */
export class NLLLoss extends _WeightedLoss {
  declare ignore_index: number;
  constructor(...args: NLLArgs) {
    const a = parse(`${new.target.name}.__init__`, args, { weight: null as OptT, size_average: null as Legacy, ignore_index: -100, reduce: null as Legacy, reduction: 'mean' as Reduction });
    super(a.weight, a.size_average, a.reduce, a.reduction);
    this.ignore_index = a.ignore_index;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nll_loss(input, target, { weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction });
  }
}
/** NLLLoss2d: deprecated (a FutureWarning); NLLLoss is the drop-in replacement. */
export class NLLLoss2d extends NLLLoss {
  constructor(...args: NLLArgs) {
    warn('`NLLLoss2d` has been deprecated. Please use `NLLLoss` instead as a drop-in replacement and see https://pytorch.org/docs/main/nn.html#torch.nn.NLLLoss for more details.', 'FutureWarning');
    super(...args);
  }
}

/** PoissonNLLLoss(log_input=True, full=False, size_average=None, eps=1e-8, reduce=None, reduction='mean'). */
export class PoissonNLLLoss extends _Loss {
  declare log_input: boolean;
  declare full: boolean;
  declare eps: number;
  constructor(
    ...args: PyArgs<
      [log_input: boolean, full: boolean, size_average: Legacy, eps: number, reduce: Legacy, reduction: Reduction],
      BasicOptions & { log_input?: boolean; full?: boolean; eps?: number }
    >
  ) {
    const a = parse('PoissonNLLLoss.__init__', args, { log_input: true, full: false, size_average: null as Legacy, eps: 1e-8, reduce: null as Legacy, reduction: 'mean' as Reduction });
    super(a.size_average, a.reduce, a.reduction);
    this.log_input = a.log_input;
    this.full = a.full;
    this.eps = a.eps;
  }
  override forward(log_input: Tensor, target: Tensor): Tensor {
    return F.poisson_nll_loss(log_input, target, { log_input: this.log_input, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** GaussianNLLLoss(*, full=False, eps=1e-6, reduction='mean'): forward(input, target, var). */
export class GaussianNLLLoss extends _Loss {
  declare full: boolean;
  declare eps: number;
  constructor(...args: [] | [{ full?: boolean; eps?: number; reduction?: Reduction }]) {
    const a = parse('GaussianNLLLoss.__init__', args, { full: false, eps: 1e-6, reduction: 'mean' as Reduction }, ['full', 'eps', 'reduction']);
    super(null, null, a.reduction);
    this.full = a.full;
    this.eps = a.eps;
  }
  override forward(input: Tensor, target: Tensor, variance: Tensor | number): Tensor {
    return (F.gaussian_nll_loss as AnyFn)(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** KLDivLoss(size_average=None, reduce=None, reduction='mean', log_target=False): the Kullback-Leibler
 *  divergence of log-probabilities from a target. */
export class KLDivLoss extends _Loss {
  declare log_target: boolean;
  constructor(...args: PyArgs<[size_average: Legacy, reduce: Legacy, reduction: Reduction | 'batchmean', log_target: boolean], Omit<BasicOptions, 'reduction'> & { reduction?: Reduction | 'batchmean'; log_target?: boolean }>) {
    const a = parse('KLDivLoss.__init__', args, { ...BASIC, reduction: 'mean' as Reduction | 'batchmean', log_target: false });
    super(a.size_average, a.reduce, a.reduction as Reduction);
    this.log_target = a.log_target;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return (F.kl_div as AnyFn)(input, target, { reduction: this.reduction, log_target: this.log_target });
  }
}

/** BCEWithLogitsLoss(weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None): sigmoid and
 *  binary cross entropy in one stable step; weight and pos_weight are buffers. */
export class BCEWithLogitsLoss extends _Loss {
  declare weight: Tensor | null;
  declare pos_weight: Tensor | null;
  constructor(...args: PyArgs<[weight: OptT, size_average: Legacy, reduce: Legacy, reduction: Reduction, pos_weight: OptT], WeightedOptions & { pos_weight?: OptT }>) {
    const a = parse('BCEWithLogitsLoss.__init__', args, { weight: null as OptT, ...BASIC, pos_weight: null as OptT });
    super(a.size_average, a.reduce, a.reduction);
    this.register_buffer('weight', a.weight);
    this.register_buffer('pos_weight', a.pos_weight);
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binary_cross_entropy_with_logits(input, target, this.weight, { pos_weight: this.pos_weight, reduction: this.reduction });
  }
}

type MarginArgs = PyArgs<[margin: number, size_average: Legacy, reduce: Legacy, reduction: Reduction], BasicOptions & { margin?: number }>;
/** HingeEmbeddingLoss(margin=1.0, size_average=None, reduce=None, reduction='mean'). */
export class HingeEmbeddingLoss extends _Loss {
  declare margin: number;
  constructor(...args: MarginArgs) {
    const a = parse('HingeEmbeddingLoss.__init__', args, { margin: 1.0, ...BASIC });
    super(a.size_average, a.reduce, a.reduction);
    this.margin = a.margin;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.hinge_embedding_loss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}
/** CosineEmbeddingLoss(margin=0.0, size_average=None, reduce=None, reduction='mean'): forward(input1, input2,
 *  target). */
export class CosineEmbeddingLoss extends _Loss {
  declare margin: number;
  constructor(...args: MarginArgs) {
    const a = parse('CosineEmbeddingLoss.__init__', args, { margin: 0.0, ...BASIC });
    super(a.size_average, a.reduce, a.reduction);
    this.margin = a.margin;
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosine_embedding_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}
/** MarginRankingLoss(margin=0.0, size_average=None, reduce=None, reduction='mean'): forward(input1, input2,
 *  target). */
export class MarginRankingLoss extends _Loss {
  declare margin: number;
  constructor(...args: MarginArgs) {
    const a = parse('MarginRankingLoss.__init__', args, { margin: 0.0, ...BASIC });
    super(a.size_average, a.reduce, a.reduction);
    this.margin = a.margin;
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.margin_ranking_loss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** SmoothL1Loss(size_average=None, reduce=None, reduction='mean', beta=1.0). */
export class SmoothL1Loss extends _Loss {
  declare beta: number;
  constructor(...args: PyArgs<[size_average: Legacy, reduce: Legacy, reduction: Reduction, beta: number], BasicOptions & { beta?: number }>) {
    const a = parse('SmoothL1Loss.__init__', args, { ...BASIC, beta: 1.0 });
    super(a.size_average, a.reduce, a.reduction);
    this.beta = a.beta;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.smooth_l1_loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}
/** HuberLoss(reduction='mean', delta=1.0). */
export class HuberLoss extends _Loss {
  declare delta: number;
  constructor(...args: PyArgs<[reduction: Reduction, delta: number], { reduction?: Reduction; delta?: number }>) {
    const a = parse('HuberLoss.__init__', args, { reduction: 'mean' as Reduction, delta: 1.0 });
    super(null, null, a.reduction);
    this.delta = a.delta;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.huber_loss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** CrossEntropyLoss(weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean',
 *  label_smoothing=0.0): log_softmax and NLL in one; targets are class indices or class probabilities. */
export class CrossEntropyLoss extends _WeightedLoss {
  declare ignore_index: number;
  declare label_smoothing: number;
  constructor(
    ...args: PyArgs<
      [weight: OptT, size_average: Legacy, ignore_index: number, reduce: Legacy, reduction: Reduction, label_smoothing: number],
      NLLOptions & { label_smoothing?: number }
    >
  ) {
    const a = parse('CrossEntropyLoss.__init__', args, {
      weight: null as OptT, size_average: null as Legacy, ignore_index: -100, reduce: null as Legacy, reduction: 'mean' as Reduction, label_smoothing: 0.0,
    });
    super(a.weight, a.size_average, a.reduce, a.reduction);
    this.ignore_index = a.ignore_index;
    this.label_smoothing = a.label_smoothing;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.cross_entropy(input, target, {
      weight: this.weight, ignore_index: this.ignore_index, reduction: this.reduction, label_smoothing: this.label_smoothing,
    });
  }
}

/** MultiMarginLoss(p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction='mean'): the
 *  multi-class hinge loss. */
export class MultiMarginLoss extends _WeightedLoss {
  declare p: number;
  declare margin: number;
  constructor(
    ...args: PyArgs<[p: number, margin: number, weight: OptT, size_average: Legacy, reduce: Legacy, reduction: Reduction], WeightedOptions & { p?: number; margin?: number }>
  ) {
    const a = parse('MultiMarginLoss.__init__', args, { p: 1, margin: 1.0, weight: null as OptT, ...BASIC });
    super(a.weight, a.size_average, a.reduce, a.reduction);
    if (a.p !== 1 && a.p !== 2) throw new ValueError('only p == 1 and p == 2 supported');
    if (a.weight !== null && a.weight.dim() !== 1) {
      throw new ValueError(`MultiMarginLoss: expected weight to be None or 1D tensor, got ${a.weight.dim()}D instead`);
    }
    this.p = a.p;
    this.margin = a.margin;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multi_margin_loss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}

/** TripletMarginLoss(margin=1.0, p=2.0, eps=1e-6, swap=False, size_average=None, reduce=None, reduction='mean'):
 *  forward(anchor, positive, negative). */
export class TripletMarginLoss extends _Loss {
  declare margin: number;
  declare p: number;
  declare eps: number;
  declare swap: boolean;
  constructor(
    ...args: PyArgs<
      [margin: number, p: number, eps: number, swap: boolean, size_average: Legacy, reduce: Legacy, reduction: Reduction],
      BasicOptions & { margin?: number; p?: number; eps?: number; swap?: boolean }
    >
  ) {
    const a = parse('TripletMarginLoss.__init__', args, { margin: 1.0, p: 2.0, eps: 1e-6, swap: false, ...BASIC });
    super(a.size_average, a.reduce, a.reduction);
    if (a.margin <= 0) throw new ValueError(`TripletMarginLoss: expected margin to be greater than 0, got ${floatRepr(a.margin)} instead`);
    this.margin = a.margin;
    this.p = a.p;
    this.eps = a.eps;
    this.swap = a.swap;
  }
  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.triplet_margin_loss(anchor, positive, negative, { margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction });
  }
}

export type DistanceFunction = ((x1: Tensor, x2: Tensor) => Tensor) | Module;
/** TripletMarginWithDistanceLoss(*, distance_function=None, margin=1.0, swap=False, reduction='mean'): the
 *  triplet loss with any distance (a function or a module; PairwiseDistance() by default, a submodule). */
export class TripletMarginWithDistanceLoss extends _Loss {
  declare distance_function: DistanceFunction;
  declare margin: number;
  declare swap: boolean;
  constructor(...args: [] | [{ distance_function?: DistanceFunction | null; margin?: number; swap?: boolean; reduction?: Reduction }]) {
    const a = parse(
      'TripletMarginWithDistanceLoss.__init__', args,
      { distance_function: null as DistanceFunction | null, margin: 1.0, swap: false, reduction: 'mean' as Reduction },
      ['distance_function', 'margin', 'swap', 'reduction'],
    );
    super(null, null, a.reduction);
    if (a.margin <= 0) throw new ValueError(`TripletMarginWithDistanceLoss: expected margin to be greater than 0, got ${floatRepr(a.margin)} instead`);
    this.distance_function = a.distance_function ?? new PairwiseDistance();
    this.margin = a.margin;
    this.swap = a.swap;
  }
  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return (F.triplet_margin_with_distance_loss as AnyFn)(anchor, positive, negative, {
      distance_function: this.distance_function, margin: this.margin, swap: this.swap, reduction: this.reduction,
    });
  }
}

/** CTCLoss(blank=0, reduction='mean', zero_infinity=False): the connectionist temporal classification loss;
 *  forward(log_probs, targets, input_lengths, target_lengths). */
export class CTCLoss extends _Loss {
  declare blank: number;
  declare zero_infinity: boolean;
  constructor(...args: PyArgs<[blank: number, reduction: Reduction, zero_infinity: boolean], { blank?: number; reduction?: Reduction; zero_infinity?: boolean }>) {
    const a = parse('CTCLoss.__init__', args, { blank: 0, reduction: 'mean' as Reduction, zero_infinity: false });
    super(null, null, a.reduction);
    this.blank = a.blank;
    this.zero_infinity = a.zero_infinity;
  }
  override forward(log_probs: Tensor, targets: Tensor, input_lengths: Tensor | number[], target_lengths: Tensor | number[]): Tensor {
    return (F.ctc_loss as AnyFn)(log_probs, targets, input_lengths, target_lengths, this.blank, this.reduction, this.zero_infinity);
  }
}
