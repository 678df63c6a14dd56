// Gradients through torch.nn.functional's Python-defined functions (composed of ops, as in Python) against
// Python's, live: each case is the gradient of the function's result (summed) with respect to its inputs.
import torch from '../../../lib';
import { parityCases, type Case } from './cases';

const F = torch.nn.functional;
type T = torch.Tensor;
let x: T; // float64 [3, 4]
let y: T; // float64 [3, 4]
let v: T; // float64 [3, 4], positive
let img: T; // float64 [1, 2, 4, 4]

const PRE = `
torch.manual_seed(0)
x = torch.randn(3, 4, dtype=torch.float64)
y = torch.rand(3, 4, dtype=torch.float64)
v = torch.rand(3, 4, dtype=torch.float64) + 0.1
img = torch.randn(1, 2, 4, 4, dtype=torch.float64)
def grads(f, *inputs):
    ins = [t.clone().requires_grad_() for t in inputs]
    out = f(*ins)
    return torch.autograd.grad(out.sum(), ins)
`;
function grads(f: (...ins: T[]) => T, ...inputs: T[]): T[] {
  const ins = inputs.map((t) => t.clone().requires_grad_());
  return torch.autograd.grad(f(...ins).sum(), ins) as T[];
}

const cases: Case[] = [
  { id: 'gaussian_nll_loss', py: 'grads(lambda a, b, c: F.gaussian_nll_loss(a, b, c, full=True), x, y, v)', js: () => grads((a, b, c) => F.gaussian_nll_loss(a, b, c, { full: true }), x, y, v) },
  { id: 'multilabel_soft_margin_loss', py: 'grads(lambda a: F.multilabel_soft_margin_loss(a, y.round()), x)', js: () => grads((a) => F.multilabel_soft_margin_loss(a, y.round()), x) },
  { id: 'l1_loss weight', py: 'grads(lambda a, w: F.l1_loss(a, y, weight=w), x, v)', js: () => grads((a, w) => F.l1_loss(a, y, { weight: w }), x, v) },
  { id: 'triplet_margin_with_distance_loss', py: 'grads(lambda a, p, n: F.triplet_margin_with_distance_loss(a, p, n, swap=True), x, y, v)', js: () => grads((a, p, n) => F.triplet_margin_with_distance_loss(a, p, n, { swap: true }), x, y, v) },
  { id: 'kl_div batchmean', py: "grads(lambda a: F.kl_div(a.log_softmax(1), y.softmax(1), reduction='batchmean'), x)", js: () => grads((a) => F.kl_div(a.log_softmax(1), y.softmax(1), { reduction: 'batchmean' }), x) },
  { id: 'softsign tanhshrink', py: 'grads(lambda a: F.softsign(a) * F.tanhshrink(a), x)', js: () => grads((a) => F.softsign(a).mul(F.tanhshrink(a)), x) },
  { id: 'normalize', py: 'grads(lambda a: F.normalize(a, dim=0) * y, x)', js: () => grads((a) => F.normalize(a, { dim: 0 }).mul(y), x) },
  { id: 'local_response_norm', py: 'grads(lambda a: F.local_response_norm(a, 2) * img, img)', js: () => grads((a) => F.local_response_norm(a, 2).mul(img), img) },
  { id: 'lp_pool2d', py: 'grads(lambda a: F.lp_pool2d(a.abs() + 0.1, 2, 2), img)', js: () => grads((a) => F.lp_pool2d(a.abs().add(0.1), 2, 2), img) },
  { id: 'interpolate bicubic', py: "grads(lambda a: F.interpolate(a, scale_factor=1.5, mode='bicubic') ** 2, img)", js: () => grads((a) => F.interpolate(a, { scale_factor: 1.5, mode: 'bicubic' }).pow(2), img) },
  { id: 'gumbel_softmax hard (straight-through)', py: 'grads(lambda a: F.gumbel_softmax(a, hard=True) * y, x)', js: () => grads((a) => F.gumbel_softmax(a, { hard: true }).mul(y), x), seed: 9 },
  {
    id: 'multi_head_attention_forward',
    py: 'grads(lambda q, w: F.multi_head_attention_forward(q, q, q, 4, 2, w, None, None, None, False, 0.0, torch.eye(4, dtype=torch.float64), None)[0], x.reshape(3, 1, 4), torch.cat([torch.eye(4, dtype=torch.float64)] * 3))',
    js: () => grads((q, w) => F.multi_head_attention_forward(q, q, q, 4, 2, w, null, null, null, false, 0.0, torch.eye(4, { dtype: torch.float64 }), null)[0], x.reshape(3, 1, 4), torch.cat([torch.eye(4, { dtype: torch.float64 }), torch.eye(4, { dtype: torch.float64 }), torch.eye(4, { dtype: torch.float64 })])),
  },
];

describe('gradients through torch.nn.functional (parity with Python)', () => {
  parityCases(PRE, () => {
    torch.manual_seed(0);
    x = torch.randn(3, 4, { dtype: torch.float64 });
    y = torch.rand(3, 4, { dtype: torch.float64 });
    v = torch.rand(3, 4, { dtype: torch.float64 }).add(0.1);
    img = torch.randn(1, 2, 4, 4, { dtype: torch.float64 });
  }, cases);
});
