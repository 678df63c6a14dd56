// torch.nn.functional losses and normalizations against Python, live: reduction strings, the legacy
// size_average / reduce arguments, weights, kl_div's 'batchmean', probability targets and label smoothing,
// running statistics updated in place, and the checks with Python's messages.
import torch from '../../../lib';
import { parityCases, type Case } from './cases';

const F = torch.nn.functional;
type Fn = (...a: unknown[]) => unknown;
let x: torch.Tensor; // float64 [4, 5] logits
let t: torch.Tensor; // int64 [4] classes
let p: torch.Tensor; // float64 [4, 5] probabilities
let a: torch.Tensor; // float64 [4, 5]
let b: torch.Tensor; // float64 [4, 5]
let s: torch.Tensor; // float64 [4, 5] of -1 / 1
let wc: torch.Tensor; // float64 [5] class weights
let n: torch.Tensor; // float32 [3, 4, 2, 2] for the norms
let rm: torch.Tensor; // float32 [4]
let rv: torch.Tensor; // float32 [4]

const PRE = `
torch.manual_seed(0)
x = torch.randn(4, 5, dtype=torch.float64)
t = torch.tensor([1, 0, 4, 2])
p = torch.rand(4, 5, dtype=torch.float64).softmax(1)
a = torch.rand(4, 5, dtype=torch.float64)
b = torch.rand(4, 5, dtype=torch.float64)
s = torch.randint(0, 2, (4, 5)).double() * 2 - 1
wc = torch.rand(5, dtype=torch.float64)
n = torch.randn(3, 4, 2, 2)
rm = torch.randn(4)
rv = torch.rand(4) + 0.5
def stats(f, *args, **kw):
    m, v = rm.clone(), rv.clone()
    return (f(*args, running_mean=m, running_var=v, **kw), m, v)
`;
function stats(f: (m: torch.Tensor, v: torch.Tensor) => torch.Tensor): torch.Tensor[] {
  const m = rm.clone();
  const v = rv.clone();
  return [f(m, v), m, v];
}

const cases: Case[] = [
  // cross_entropy, nll_loss
  { id: 'cross_entropy', py: 'F.cross_entropy(x, t)', js: () => F.cross_entropy(x, t) },
  { id: 'cross_entropy sum', py: "F.cross_entropy(x, t, reduction='sum')", js: () => F.cross_entropy(x, t, { reduction: 'sum' }) },
  { id: 'cross_entropy none weight', py: "F.cross_entropy(x, t, wc, reduction='none')", js: () => F.cross_entropy(x, t, wc, { reduction: 'none' }) },
  { id: 'cross_entropy ignore_index', py: 'F.cross_entropy(x, t, ignore_index=4)', js: () => F.cross_entropy(x, t, { ignore_index: 4 }) },
  { id: 'cross_entropy label_smoothing', py: 'F.cross_entropy(x, t, label_smoothing=0.1)', js: () => F.cross_entropy(x, t, { label_smoothing: 0.1 }) },
  { id: 'cross_entropy probabilities', py: 'F.cross_entropy(x, p, wc, label_smoothing=0.2)', js: () => F.cross_entropy(x, p, wc, { label_smoothing: 0.2 }) },
  { id: 'cross_entropy legacy size_average', py: 'F.cross_entropy(x, t, size_average=False)', js: () => F.cross_entropy(x, t, { size_average: false }) },
  { id: 'cross_entropy legacy reduce', py: 'F.cross_entropy(x, t, None, None, -100, False)', js: () => F.cross_entropy(x, t, null, null, -100, false) },
  { id: 'cross_entropy legacy wins', py: "F.cross_entropy(x, t, reduce=True, size_average=True, reduction='sum')", js: () => F.cross_entropy(x, t, { reduce: true, size_average: true, reduction: 'sum' }) },
  { id: 'cross_entropy elementwise_mean', py: "F.cross_entropy(x, t, reduction='elementwise_mean')", js: () => F.cross_entropy(x, t, { reduction: 'elementwise_mean' }) },
  { id: 'cross_entropy bad reduction', py: "F.cross_entropy(x, t, reduction='avg')", js: () => F.cross_entropy(x, t, { reduction: 'avg' }) },
  { id: 'nll_loss', py: 'F.nll_loss(x.log_softmax(1), t, wc)', js: () => F.nll_loss(x.log_softmax(1), t, wc) },
  { id: 'nll_loss ignore_index none', py: "F.nll_loss(x, t, ignore_index=0, reduction='none')", js: () => F.nll_loss(x, t, { ignore_index: 0, reduction: 'none' }) },
  { id: 'nll_loss 4-d', py: 'F.nll_loss(n, torch.zeros(3, 2, 2, dtype=torch.long))', js: () => F.nll_loss(n, torch.zeros([3, 2, 2], { dtype: torch.int64 })) },
  // bce
  { id: 'binary_cross_entropy', py: 'F.binary_cross_entropy(a, b)', js: () => F.binary_cross_entropy(a, b) },
  { id: 'binary_cross_entropy weight broadcast', py: "F.binary_cross_entropy(a, b, wc, reduction='sum')", js: () => F.binary_cross_entropy(a, b, wc, { reduction: 'sum' }) },
  { id: 'binary_cross_entropy size mismatch', py: 'F.binary_cross_entropy(a, b[0])', js: () => F.binary_cross_entropy(a, b.at(0)) },
  { id: 'binary_cross_entropy bad weight', py: 'F.binary_cross_entropy(a, b, torch.ones(3, dtype=torch.float64))', js: () => F.binary_cross_entropy(a, b, torch.ones(3, { dtype: torch.float64 })) },
  { id: 'binary_cross_entropy legacy', py: 'F.binary_cross_entropy(a, b, None, False, False)', js: () => F.binary_cross_entropy(a, b, null, false, false) },
  { id: 'bce_with_logits pos_weight', py: 'F.binary_cross_entropy_with_logits(x, b, pos_weight=wc)', js: () => F.binary_cross_entropy_with_logits(x, b, { pos_weight: wc }) },
  { id: 'bce_with_logits weight none', py: "F.binary_cross_entropy_with_logits(x, b, wc, reduction='none')", js: () => F.binary_cross_entropy_with_logits(x, b, wc, { reduction: 'none' }) },
  { id: 'bce_with_logits size mismatch', py: 'F.binary_cross_entropy_with_logits(x, b.t())', js: () => F.binary_cross_entropy_with_logits(x, b.t()) },
  // regression losses
  { id: 'l1_loss', py: 'F.l1_loss(a, b)', js: () => F.l1_loss(a, b) },
  { id: 'l1_loss weight mean', py: 'F.l1_loss(a, b, weight=x.abs())', js: () => F.l1_loss(a, b, { weight: x.abs() }) },
  { id: 'l1_loss weight sum', py: "F.l1_loss(a, b, reduction='sum', weight=x.abs())", js: () => F.l1_loss(a, b, { reduction: 'sum', weight: x.abs() }) },
  { id: 'l1_loss weight none', py: "F.l1_loss(a, b, reduction='none', weight=x.abs())", js: () => F.l1_loss(a, b, { reduction: 'none', weight: x.abs() }) },
  { id: 'l1_loss weight bad reduction', py: "F.l1_loss(a, b, reduction='max', weight=x.abs())", js: () => F.l1_loss(a, b, { reduction: 'max', weight: x.abs() }) },
  { id: 'l1_loss weight shape', py: 'F.l1_loss(a, b, weight=wc)', js: () => F.l1_loss(a, b, { weight: wc }) },
  { id: 'l1_loss broadcast', py: 'F.l1_loss(a, b[0])', js: () => F.l1_loss(a, b.at(0)) },
  { id: 'mse_loss', py: "F.mse_loss(a, b, reduction='sum')", js: () => F.mse_loss(a, b, { reduction: 'sum' }) },
  { id: 'mse_loss weight', py: 'F.mse_loss(a, b, weight=x.abs())', js: () => F.mse_loss(a, b, { weight: x.abs() }) },
  { id: 'mse_loss legacy', py: 'F.mse_loss(a, b, False)', js: () => F.mse_loss(a, b, false) },
  { id: 'smooth_l1_loss', py: 'F.smooth_l1_loss(x, b, beta=0.5)', js: () => F.smooth_l1_loss(x, b, { beta: 0.5 }) },
  { id: 'smooth_l1_loss beta 0', py: "F.smooth_l1_loss(x, b, reduction='none', beta=0.0)", js: () => F.smooth_l1_loss(x, b, { reduction: 'none', beta: 0.0 }) },
  { id: 'huber_loss', py: "F.huber_loss(x, b, 'sum', 0.5)", js: () => F.huber_loss(x, b, 'sum', 0.5) },
  { id: 'huber_loss weight', py: 'F.huber_loss(x, b, delta=0.3, weight=a)', js: () => F.huber_loss(x, b, { delta: 0.3, weight: a }) },
  { id: 'huber_loss weight none', py: "F.huber_loss(x, b, reduction='none', weight=a)", js: () => F.huber_loss(x, b, { reduction: 'none', weight: a }) },
  { id: 'poisson_nll_loss', py: 'F.poisson_nll_loss(x, b)', js: () => F.poisson_nll_loss(x, b) },
  { id: 'poisson_nll_loss full', py: "F.poisson_nll_loss(a, b * 3, False, True, eps=1e-6, reduction='none')", js: () => F.poisson_nll_loss(a, b.mul(3), false, true, { eps: 1e-6, reduction: 'none' }) },
  { id: 'poisson_nll_loss bad reduction', py: "F.poisson_nll_loss(x, b, reduction='mean2')", js: () => F.poisson_nll_loss(x, b, { reduction: 'mean2' }) },
  { id: 'gaussian_nll_loss', py: 'F.gaussian_nll_loss(x, b, a)', js: () => F.gaussian_nll_loss(x, b, a) },
  { id: 'gaussian_nll_loss float var full', py: "F.gaussian_nll_loss(x, b, 0.5, full=True, reduction='sum')", js: () => F.gaussian_nll_loss(x, b, 0.5, { full: true, reduction: 'sum' }) },
  { id: 'gaussian_nll_loss var one fewer dim', py: "F.gaussian_nll_loss(x, b, a[:, 0], reduction='none')", js: () => F.gaussian_nll_loss(x, b, a.at(':', 0), { reduction: 'none' }) },
  { id: 'gaussian_nll_loss var one size-1 dim', py: 'F.gaussian_nll_loss(x, b, a[:, :1], eps=0.1)', js: () => F.gaussian_nll_loss(x, b, a.at(':', ':1'), { eps: 0.1 }) },
  { id: 'gaussian_nll_loss negative var', py: 'F.gaussian_nll_loss(x, b, -a)', js: () => F.gaussian_nll_loss(x, b, a.neg()) },
  { id: 'gaussian_nll_loss negative float var', py: 'F.gaussian_nll_loss(x, b, -0.5)', js: () => F.gaussian_nll_loss(x, b, -0.5) },
  { id: 'gaussian_nll_loss var size', py: 'F.gaussian_nll_loss(x, b, a[:2])', js: () => F.gaussian_nll_loss(x, b, a.at(':2')) },
  { id: 'kl_div', py: 'F.kl_div(x.log_softmax(1), p)', js: () => F.kl_div(x.log_softmax(1), p) },
  { id: 'kl_div batchmean', py: "F.kl_div(x.log_softmax(1), p, reduction='batchmean')", js: () => F.kl_div(x.log_softmax(1), p, { reduction: 'batchmean' }) },
  { id: 'kl_div log_target', py: "F.kl_div(x.log_softmax(1), p.log(), reduction='sum', log_target=True)", js: () => F.kl_div(x.log_softmax(1), p.log(), { reduction: 'sum', log_target: true }) },
  { id: 'kl_div legacy', py: 'F.kl_div(x, p, False)', js: () => F.kl_div(x, p, false) },
  // margin losses
  { id: 'margin_ranking_loss', py: 'F.margin_ranking_loss(a, b, s, 0.25)', js: () => F.margin_ranking_loss(a, b, s, 0.25) },
  { id: 'margin_ranking_loss dims', py: 'F.margin_ranking_loss(a, b, s[0])', js: () => F.margin_ranking_loss(a, b, s.at(0)) },
  { id: 'hinge_embedding_loss', py: "F.hinge_embedding_loss(x, s, 0.5, reduction='sum')", js: () => F.hinge_embedding_loss(x, s, 0.5, { reduction: 'sum' }) },
  { id: 'multilabel_margin_loss', py: 'F.multilabel_margin_loss(x, torch.tensor([[1, 3, -1, 0, 0]] * 4))', js: () => F.multilabel_margin_loss(x, torch.tensor([[1n, 3n, -1n, 0n, 0n], [1n, 3n, -1n, 0n, 0n], [1n, 3n, -1n, 0n, 0n], [1n, 3n, -1n, 0n, 0n]])) },
  { id: 'soft_margin_loss', py: "F.soft_margin_loss(x, s, reduction='none')", js: () => F.soft_margin_loss(x, s, { reduction: 'none' }) },
  { id: 'multilabel_soft_margin_loss', py: 'F.multilabel_soft_margin_loss(x, b.round())', js: () => F.multilabel_soft_margin_loss(x, b.round()) },
  { id: 'multilabel_soft_margin_loss weight sum', py: "F.multilabel_soft_margin_loss(x, b, wc, reduction='sum')", js: () => F.multilabel_soft_margin_loss(x, b, wc, { reduction: 'sum' }) },
  { id: 'multilabel_soft_margin_loss bad reduction', py: "F.multilabel_soft_margin_loss(x, b, reduction='all')", js: () => F.multilabel_soft_margin_loss(x, b, { reduction: 'all' }) },
  { id: 'cosine_embedding_loss', py: 'F.cosine_embedding_loss(a, b, s[:, 0], 0.1)', js: () => F.cosine_embedding_loss(a, b, s.at(':', 0), 0.1) },
  { id: 'multi_margin_loss', py: 'F.multi_margin_loss(x, t, 2, 0.5, wc)', js: () => F.multi_margin_loss(x, t, 2, 0.5, wc) },
  { id: 'multi_margin_loss p', py: 'F.multi_margin_loss(x, t, p=3)', js: () => F.multi_margin_loss(x, t, { p: 3 }) },
  { id: 'triplet_margin_loss', py: 'F.triplet_margin_loss(x, a, b, swap=True)', js: () => F.triplet_margin_loss(x, a, b, { swap: true }) },
  { id: 'triplet_margin_loss margin', py: 'F.triplet_margin_loss(x, a, b, margin=0.0)', js: () => F.triplet_margin_loss(x, a, b, { margin: 0.0 }) },
  { id: 'triplet_margin_with_distance_loss', py: 'F.triplet_margin_with_distance_loss(x, a, b, swap=True)', js: () => F.triplet_margin_with_distance_loss(x, a, b, { swap: true }) },
  {
    id: 'triplet_margin_with_distance_loss callable',
    py: "F.triplet_margin_with_distance_loss(x, a, b, distance_function=lambda u, v: 1 - F.cosine_similarity(u, v), margin=0.5, reduction='none')",
    js: () => F.triplet_margin_with_distance_loss(x, a, b, { distance_function: (u, v) => torch.rsub(F.cosine_similarity(u, v), 1), margin: 0.5, reduction: 'none' }),
  },
  { id: 'triplet_margin_with_distance_loss dims', py: 'F.triplet_margin_with_distance_loss(x, a, b[0])', js: () => F.triplet_margin_with_distance_loss(x, a, b.at(0)) },
  { id: 'triplet_margin_with_distance_loss positional', py: 'F.triplet_margin_with_distance_loss(x, a, b, None)', js: () => (F.triplet_margin_with_distance_loss as Fn)(x, a, b, null) },
  {
    id: 'ctc_loss',
    py: 'F.ctc_loss(torch.randn(6, 2, 4, dtype=torch.float64).log_softmax(2), torch.tensor([[1, 2, 2], [3, 1, 0]]), (6, 5), (3, 2))',
    js: () => F.ctc_loss(torch.randn(6, 2, 4, { dtype: torch.float64 }).log_softmax(2), torch.tensor([[1n, 2n, 2n], [3n, 1n, 0n]]), [6, 5], [3, 2]),
    seed: 31,
  },
  {
    id: 'ctc_loss tensors sum',
    py: "F.ctc_loss(torch.randn(6, 2, 4, dtype=torch.float64).log_softmax(2), torch.tensor([1, 2, 2, 3, 1]), torch.tensor([6, 5]), torch.tensor([3, 2]), blank=0, reduction='sum', zero_infinity=True)",
    js: () => F.ctc_loss(torch.randn(6, 2, 4, { dtype: torch.float64 }).log_softmax(2), torch.tensor([1n, 2n, 2n, 3n, 1n]), torch.tensor([6n, 5n]), torch.tensor([3n, 2n]), { blank: 0, reduction: 'sum', zero_infinity: true }),
    seed: 32,
  },
  // normalizations
  { id: 'batch_norm eval', py: 'F.batch_norm(n, rm, rv)', js: () => F.batch_norm(n, rm, rv) },
  { id: 'batch_norm training updates the running stats', py: 'stats(F.batch_norm, n, training=True, momentum=0.3)', js: () => stats((m, v) => F.batch_norm(n, m, v, { training: true, momentum: 0.3 })) },
  { id: 'batch_norm affine', py: 'F.batch_norm(n, None, None, rv, rm, True, 0.1, 1e-3)', js: () => F.batch_norm(n, null, null, rv, rm, true, 0.1, 1e-3) },
  { id: 'batch_norm one value per channel', py: 'F.batch_norm(n[:1, :, :1, :1], None, None, training=True)', js: () => F.batch_norm(n.at(':1', ':', ':1', ':1'), null, null, { training: true }) },
  { id: 'batch_norm eps', py: 'F.batch_norm(n, rm, rv, eps=0.0)', js: () => F.batch_norm(n, rm, rv, { eps: 0.0 }) },
  { id: 'instance_norm', py: 'F.instance_norm(n)', js: () => F.instance_norm(n) },
  { id: 'instance_norm stats', py: 'stats(F.instance_norm, n, weight=rv, bias=rm, momentum=0.5)', js: () => stats((m, v) => F.instance_norm(n, { running_mean: m, running_var: v, weight: rv, bias: rm, momentum: 0.5 })) },
  { id: 'instance_norm one spatial element', py: 'F.instance_norm(n[:, :, :1, :1])', js: () => F.instance_norm(n.at(':', ':', ':1', ':1')) },
  { id: 'layer_norm', py: 'F.layer_norm(n, (2, 2), eps=1e-3)', js: () => F.layer_norm(n, [2, 2], { eps: 1e-3 }) },
  { id: 'layer_norm affine', py: 'F.layer_norm(n, [2], rm[:2], rv[:2])', js: () => F.layer_norm(n, [2], rm.at(':2'), rv.at(':2')) },
  { id: 'rms_norm', py: 'F.rms_norm(n, (4, 2, 2))', js: () => F.rms_norm(n, [4, 2, 2]) },
  { id: 'rms_norm weight eps', py: 'F.rms_norm(n, [2], rv[:2], 0.5)', js: () => F.rms_norm(n, [2], rv.at(':2'), 0.5) },
  { id: 'group_norm', py: 'F.group_norm(n, 2, rv, rm)', js: () => F.group_norm(n, 2, rv, rm) },
  { id: 'group_norm 1-d', py: 'F.group_norm(rm, 2)', js: () => F.group_norm(rm, 2) },
  { id: 'group_norm zero groups', py: 'F.group_norm(n, 0)', js: () => F.group_norm(n, 0) },
  { id: 'group_norm one value per group', py: 'F.group_norm(n[:1, :, :1, :1], 4)', js: () => F.group_norm(n.at(':1', ':', ':1', ':1'), 4) },
  { id: 'local_response_norm 3-d', py: 'F.local_response_norm(n[:, :, 0], 3)', js: () => F.local_response_norm(n.at(':', ':', 0), 3) },
  { id: 'local_response_norm 4-d', py: 'F.local_response_norm(n, 2, alpha=1e-2, beta=0.5, k=2.0)', js: () => F.local_response_norm(n, 2, { alpha: 1e-2, beta: 0.5, k: 2.0 }) },
  { id: 'local_response_norm 2-d', py: 'F.local_response_norm(rm.reshape(2, 2), 2)', js: () => F.local_response_norm(rm.reshape(2, 2), 2) },
  { id: 'local_response_norm empty', py: 'F.local_response_norm(torch.empty(0, 3, 2), 2)', js: () => F.local_response_norm(torch.empty(0, 3, 2), 2) },
  { id: 'normalize', py: 'F.normalize(x)', js: () => F.normalize(x) },
  { id: 'normalize p dim', py: 'F.normalize(x, 1, 0)', js: () => F.normalize(x, 1, 0) },
  { id: 'normalize out', py: 'F.normalize(x, p=3.0, dim=-1, eps=0.5, out=torch.empty(4, 5, dtype=torch.float64))', js: () => F.normalize(x, { p: 3.0, dim: -1, eps: 0.5, out: torch.empty(4, 5, { dtype: torch.float64 }) }) },
];

describe('torch.nn.functional losses and normalizations (parity with Python)', () => {
  parityCases(PRE, () => {
    torch.manual_seed(0);
    x = torch.randn(4, 5, { dtype: torch.float64 });
    t = torch.tensor([1n, 0n, 4n, 2n]);
    p = torch.rand(4, 5, { dtype: torch.float64 }).softmax(1);
    a = torch.rand(4, 5, { dtype: torch.float64 });
    b = torch.rand(4, 5, { dtype: torch.float64 });
    s = torch.randint(0, 2, [4, 5]).double().mul(2).sub(1);
    wc = torch.rand(5, { dtype: torch.float64 });
    n = torch.randn(3, 4, 2, 2);
    rm = torch.randn(4);
    rv = torch.rand(4).add(0.5);
  }, cases);
});
