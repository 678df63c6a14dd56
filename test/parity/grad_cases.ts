// Gradient parity cases: first-order gradients of 150+ ops and second-order of 30+, in float64, checked against
// Python live (test/parity/grads.py describes the weighting). {t, grad: true} marks a differentiable input.

export type GArg = number | boolean | string | null | { t: string; grad?: boolean } | { dtype: string } | GArg[];
export interface GradCase {
  call: string;
  args: GArg[];
  kwargs?: Record<string, GArg>;
  order?: 1 | 2;
}

export const gradInputs: Record<string, string> = {
  A: 'torch.randn(3, 4, dtype=torch.float64)',
  B: 'torch.randn(3, 4, dtype=torch.float64)',
  P: 'torch.rand(3, 4, dtype=torch.float64) + 0.5', // positive
  U: 'torch.rand(3, 4, dtype=torch.float64) * 1.6 - 0.8', // in (-0.8, 0.8)
  G: 'torch.rand(3, 4, dtype=torch.float64) * 2 + 1.2', // > 1
  R: 'torch.randn(4, dtype=torch.float64)',
  S: 'torch.randn(4, 4, dtype=torch.float64) + 4 * torch.eye(4, dtype=torch.float64)',
  SPD: '(lambda a: a @ a.T + torch.eye(4, dtype=torch.float64))(torch.randn(4, 4, dtype=torch.float64))',
  V: 'torch.randn(5, dtype=torch.float64)',
  W: 'torch.randn(2, 3, 4, dtype=torch.float64)',
  IMG: 'torch.randn(1, 2, 5, 5, dtype=torch.float64)',
  KER: 'torch.randn(3, 2, 3, 3, dtype=torch.float64)',
  IDX: 'torch.tensor([0, 2])',
  GI: 'torch.tensor([[0, 1], [3, 0], [2, 2]])',
  M: 'torch.rand(3, 4) > 0.5',
  T01: 'torch.rand(3, 4, dtype=torch.float64) * 0.8 + 0.1', // in (0.1, 0.9): probabilities
  LBL: 'torch.tensor([1, 0, 3])',
};

const g = (name: string): GArg => ({ t: name, grad: true });
const c = (name: string): GArg => ({ t: name });
const cases: GradCase[] = [];
const add = (call: string, args: GArg[], kwargs?: Record<string, GArg>, order: 1 | 2 = 1) => cases.push({ call, args, kwargs, order });

// unary, on inputs inside each op's domain
const onA = ['abs', 'neg', 'exp', 'sin', 'cos', 'tan', 'tanh', 'sigmoid', 'erf', 'erfc', 'expm1', 'square', 'relu', 'sinh',
  'cosh', 'atan', 'exp2', 'sgn', 'sign', 'floor', 'ceil', 'round', 'trunc', 'frac', 'softmax', 'log_softmax', 'arctan',
  'selu', 'celu', 'hardshrink', 'nan_to_num', 'deg2rad', 'rad2deg', 'sinc', 'positive', 'logsumexp', 'cumsum', 'cumprod',
  'logcumsumexp', 'special.expit', 'special.erfcx', 'special.log_ndtr', 'special.ndtr', 'special.entr', 'i0'];
const withDim = new Set(['softmax', 'log_softmax', 'logsumexp', 'cumsum', 'cumprod', 'logcumsumexp']);
for (const op of onA) {
  const input = op === 'special.entr' ? 'P' : 'A';
  add(`torch.${op}`, withDim.has(op) ? [g(input), 1] : [g(input)]);
}
for (const op of ['log', 'sqrt', 'rsqrt', 'reciprocal', 'log2', 'log10', 'log1p', 'lgamma', 'digamma', 'special.i1', 'acosh']) {
  add(`torch.${op}`, [g(op === 'acosh' ? 'G' : 'P')]);
}
for (const op of ['asin', 'acos', 'atanh', 'erfinv', 'asinh']) add(`torch.${op}`, [g('U')]);
add('torch.logit', [g('T01')]);
add('torch.special.xlogy', [g('P'), g('P')]);

// binary with broadcasting and scalars
for (const op of ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'atan2', 'hypot', 'fmax', 'fmin', 'copysign', 'xlogy']) {
  add(`torch.${op}`, [g('A'), g(op === 'xlogy' ? 'P' : 'B')]);
  add(`torch.${op}`, [g('A'), g('R')]);
}
add('torch.pow', [g('P'), g('B')]);
add('torch.pow', [g('A'), 3]);
add('torch.pow', [2.5, g('A')]);
add('torch.float_power', [g('P'), 2.5]);
add('torch.fmod', [g('A'), 0.7]);
add('torch.remainder', [g('A'), 0.7]);
add('torch.add', [g('A'), g('B')], { alpha: 3 });
add('torch.mul', [g('A'), 2.5]);
add('torch.div', [g('A'), g('P')], { rounding_mode: null });
add('torch.lerp', [g('A'), g('B'), 0.3]);
add('torch.lerp', [g('A'), g('B'), g('T01')]);
add('torch.addcmul', [g('A'), g('B'), g('P')], { value: 0.5 });
add('torch.addcdiv', [g('A'), g('B'), g('P')], { value: 2 });
add('torch.where', [c('M'), g('A'), g('B')]);
add('torch.clamp', [g('A'), -0.5, 0.5]);
add('torch.clamp', [g('A'), g('B')]);
add('torch.logaddexp', [g('A'), g('B')]);
add('torch.ldexp', [g('A'), c('EXP4')]);

// reductions with and without dim
for (const op of ['sum', 'mean', 'prod', 'amax', 'amin', 'std', 'var', 'norm', 'nansum', 'nanmean']) {
  add(`torch.${op}`, op === 'amax' || op === 'amin' ? [g('A'), 1] : [g('A')]);
  add(`torch.${op}`, [g('W'), -1], op === 'norm' ? undefined : { keepdim: true });
}
for (const op of ['max', 'min', 'median', 'kthvalue', 'mode', 'cummax', 'cummin', 'sort', 'topk']) {
  const args = op === 'kthvalue' ? [g('A'), 2, 1] : op === 'topk' ? [g('A'), 2] : [g('A'), 1];
  add(`torch.${op}`, args);
}
add('torch.max', [g('A')]);
add('torch.dist', [g('A'), g('B')]);
add('torch.trace', [g('S')]);
add('torch.linalg.vector_norm', [g('A')], { ord: 3 });
add('torch.linalg.matrix_norm', [g('S')]);
add('torch.logsumexp', [g('W'), [0, 2]]);
add('torch.var_mean', [g('A'), 1]);

// linear algebra
add('torch.matmul', [g('A'), g('S')]);
add('torch.mm', [g('A'), g('S')]);
add('torch.mv', [g('A'), g('R')]);
add('torch.dot', [g('R'), g('R')]);
add('torch.outer', [g('R'), g('V')]);
add('torch.bmm', [g('W'), g('WT')]);
add('torch.addmm', [g('A'), g('A'), g('S')]);
add('torch.einsum', ['ij,jk->ik', [g('A'), g('S')]]);
add('torch.kron', [g('R'), g('V')]);
add('torch.linalg.inv', [g('S')]);
add('torch.linalg.det', [g('S')]);
add('torch.linalg.slogdet', [g('S')]);
add('torch.linalg.solve', [g('S'), g('R')]);
add('torch.linalg.cholesky', [g('SPD')]);
add('torch.linalg.eigh', [g('SPD')]);
add('torch.linalg.eigvalsh', [g('SPD')]);
add('torch.linalg.svdvals', [g('A')]);
add('torch.linalg.qr', [g('S')]);
add('torch.linalg.pinv', [g('A')]);
add('torch.linalg.matrix_exp', [g('S')]);
add('torch.linalg.lstsq', [g('S'), g('S4')]);
add('torch.cholesky_solve', [g('S4'), g('SPD')]);
add('torch.triangular_solve', [g('S4'), g('S')]);
add('torch.diag', [g('S')]);
add('torch.diagonal', [g('W')], { dim1: 1, dim2: 2 });
add('torch.tril', [g('S')]);
add('torch.triu', [g('S'), 1]);
add('torch.cross', [g('C3'), g('C3b')], { dim: 1 });

// shape, selection, indexing
add('torch.reshape', [g('A'), [4, 3]]);
add('.view', [g('A'), 2, 6]);
add('torch.transpose', [g('W'), 0, 2]);
add('torch.permute', [g('W'), [2, 0, 1]]);
add('torch.squeeze', [g('C1')]);
add('torch.unsqueeze', [g('A'), 1]);
add('torch.flatten', [g('W')]);
add('torch.cat', [[g('A'), g('B')], 1]);
add('torch.stack', [[g('A'), g('B')]]);
add('torch.split', [g('V'), 2]);
add('torch.chunk', [g('V'), 3]);
add('torch.unbind', [g('A'), 1]);
add('torch.index_select', [g('A'), 1, c('IDX')]);
add('torch.gather', [g('A'), 1, c('GI')]);
add('torch.take', [g('A'), c('IDX')]);
add('torch.masked_select', [g('A'), c('M')]);
add('torch.masked_fill', [g('A'), c('M'), 0.5]);
add('torch.index_fill', [g('A'), 1, c('IDX'), -1]);
add('torch.scatter', [g('A'), 1, c('GI'), g('B2')]);
add('torch.scatter_add', [g('A'), 1, c('GI'), g('B2')]);
add('torch.index_add', [g('A'), 1, c('IDX'), g('B2')]);
add('torch.flip', [g('A'), [0, 1]]);
add('torch.roll', [g('A'), 1, 1]);
add('torch.repeat_interleave', [g('V'), 2]);
add('.repeat', [g('C1'), 2, 3]);
add('.expand', [g('C1'), 3, 5]);
add('torch.tile', [g('R'), [2, 1]]);
add('torch.narrow', [g('A'), 1, 1, 2]);
add('torch.select', [g('W'), 1, -1]);
add('torch.movedim', [g('W'), 0, -1]);
add('torch.broadcast_to', [g('R'), [2, 4]]);
add('torch.diag_embed', [g('A')]);
add('torch.nn.functional.pad', [g('A'), [1, 2]]);
add('.unfold', [g('V'), 0, 2, 1]);

// nn ops
add('torch.conv2d', [g('IMG'), g('KER')]);
add('torch.conv2d', [g('IMG'), g('KER'), g('BIAS3')], { padding: 1, stride: 2 });
add('torch.conv1d', [g('W'), g('KER1')]);
add('torch.conv_transpose2d', [g('IMG'), g('KERT')]);
add('torch.max_pool2d', [g('IMG'), 2]);
add('torch.avg_pool1d', [g('W'), 2]);
add('torch.nn.functional.avg_pool2d', [g('IMG'), 2]);
add('torch.adaptive_avg_pool1d', [g('W'), 2]);
add('torch.layer_norm', [g('A'), [4], g('R'), g('R2')]);
add('torch.group_norm', [g('IMG'), 1]);
add('torch.batch_norm', [g('IMG'), g('BN'), g('BN2'), null, null, true, 0.1, 1e-5, false]);
add('torch.nn.functional.linear', [g('A'), g('S'), g('R')]);
add('torch.nn.functional.gelu', [g('A')]);
add('torch.nn.functional.gelu', [g('A')], { approximate: 'tanh' });
add('torch.nn.functional.softplus', [g('A')]);
add('torch.nn.functional.logsigmoid', [g('A')]);
add('torch.nn.functional.softshrink', [g('A')]);
add('torch.prelu', [g('A'), g('R')]);
add('torch.nn.functional.cosine_similarity', [g('A'), g('B')]);
add('torch.nn.functional.pairwise_distance', [g('A'), g('B')]);
add('torch.cdist', [g('A'), g('B')]);
add('torch.binary_cross_entropy_with_logits', [g('A'), c('T01')], { reduction: 1 });
add('torch.pdist', [g('A')]);
add('torch.cosine_embedding_loss', [g('A'), g('B'), c('Y3')]);
add('torch.hinge_embedding_loss', [g('A'), c('PM')]);
add('torch.kl_div', [g('A'), c('T01')]);
add('torch.margin_ranking_loss', [g('R'), g('R2'), c('Y4')]);
add('torch.poisson_nll_loss', [g('A'), c('P'), true, false, 1e-8, 1]);

// second order (30+): the gradient of the gradient
const second: [string, GArg[], Record<string, GArg>?][] = [
  ['torch.exp', [g('A')]], ['torch.sin', [g('A')]], ['torch.tanh', [g('A')]], ['torch.sigmoid', [g('A')]],
  ['torch.log', [g('P')]], ['torch.sqrt', [g('P')]], ['torch.pow', [g('A'), 3]], ['torch.pow', [g('P'), g('B')]],
  ['torch.mul', [g('A'), g('B')]], ['torch.div', [g('A'), g('P')]], ['torch.matmul', [g('A'), g('S')]],
  ['torch.softmax', [g('A'), 1]], ['torch.log_softmax', [g('A'), 1]], ['torch.logsumexp', [g('A'), 1]],
  ['torch.erf', [g('A')]], ['torch.atan', [g('A')]], ['torch.square', [g('A')]], ['torch.reciprocal', [g('P')]],
  ['torch.norm', [g('A')]], ['torch.var', [g('A')]], ['torch.std', [g('A')]], ['torch.prod', [g('P')]],
  ['torch.linalg.inv', [g('S')]], ['torch.linalg.det', [g('S')]], ['torch.nn.functional.gelu', [g('A')]],
  ['torch.nn.functional.softplus', [g('A')]], ['torch.conv2d', [g('IMG'), g('KER')]], ['torch.cosh', [g('A')]],
  ['torch.addcmul', [g('A'), g('B'), g('P')]], ['torch.nn.functional.linear', [g('A'), g('S'), g('R')]],
  ['torch.sinh', [g('A')]], ['torch.cos', [g('A')]],
  ['torch.dist', [g('A'), g('B')]], ['torch.layer_norm', [g('A'), [4], g('R'), g('R2')]],
];
for (const [call, args, kw] of second) add(call, args, kw, 2);

Object.assign(gradInputs, {
  WT: 'torch.randn(2, 4, 3, dtype=torch.float64)',
  S4: 'torch.randn(4, 2, dtype=torch.float64)',
  C1: 'torch.randn(3, 1, dtype=torch.float64)',
  C3: 'torch.randn(2, 3, dtype=torch.float64)',
  C3b: 'torch.randn(2, 3, dtype=torch.float64)',
  B2: 'torch.randn(3, 2, dtype=torch.float64)',
  R2: 'torch.randn(4, dtype=torch.float64)',
  BIAS3: 'torch.randn(3, dtype=torch.float64)',
  KER1: 'torch.randn(5, 3, 2, dtype=torch.float64)',
  KERT: 'torch.randn(2, 3, 2, 2, dtype=torch.float64)',
  BN: 'torch.randn(2, dtype=torch.float64)',
  BN2: 'torch.randn(2, dtype=torch.float64)',
  EXP4: 'torch.tensor([0, 1, -1, 2])',
  Y3: 'torch.tensor([1., -1., 1.], dtype=torch.float64)',
  Y4: 'torch.tensor([1., -1., 1., -1.], dtype=torch.float64)',
  PM: 'torch.tensor([[1., -1., 1., 1.], [-1., -1., 1., -1.], [1., 1., -1., 1.]], dtype=torch.float64)',
});

export const gradCases: GradCase[] = cases;
