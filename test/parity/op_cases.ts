// The op parity cases: inputs (Python expressions, rebuilt here from their bytes) and calls, run on both sides.
// An argument is a JSON value, {t: name} for an input tensor ({t, clone: true} for a fresh copy, for in-place
// ops), {dtype: name}, or a list of arguments. `call` is 'torch.add', 'torch.linalg.svd' or '.sum' (a method of
// the first argument).

export type Arg = number | boolean | string | null | { t: string; clone?: boolean } | { dtype: string } | Arg[];
export interface OpCase {
  call: string;
  args: Arg[];
  kwargs?: Record<string, Arg>;
  tol?: number; // relative tolerance for floating results (default: exact up to 1e-6 relative)
}
export interface InputSpec {
  expr: string;
  view?: 'T' | 'expand';
}

export const inputs: Record<string, InputSpec> = {
  A: { expr: 'torch.randn(3, 4)' },
  B: { expr: 'torch.randn(3, 4)' },
  P: { expr: 'torch.rand(3, 4) + 0.1' }, // positive
  U: { expr: 'torch.rand(3, 4) * 1.8 - 0.9' }, // in (-1, 1)
  R: { expr: 'torch.randn(4)' }, // broadcasts against 3x4
  C1: { expr: 'torch.randn(3, 1)' },
  D: { expr: 'torch.randn(3, 4, dtype=torch.float64)' },
  H: { expr: 'torch.randn(3, 4).half()' },
  BF: { expr: 'torch.randn(3, 4).bfloat16()' },
  Z: { expr: 'torch.randn(3, 4, dtype=torch.complex64)' },
  I: { expr: 'torch.randint(-7, 8, (3, 4))' }, // int64 with negatives
  J: { expr: 'torch.randint(1, 5, (3, 4), dtype=torch.int32)' }, // positive int32
  K: { expr: 'torch.tensor([[-7, -3, 3, 7], [5, -5, 2, -2], [0, 9, -9, 1]])' },
  U8: { expr: 'torch.tensor([[0, 1, 200, 255]], dtype=torch.uint8)' },
  M: { expr: 'torch.rand(3, 4) > 0.5' }, // bool
  N: { expr: 'torch.tensor([[nan, 1.0, -inf, 0.5], [inf, -0.0, 2.5, -3.0], [1e-30, 1e30, -1.0, 0.0]])' },
  E: { expr: 'torch.empty(0, 4)' },
  T: { expr: 'torch.randn(4, 3)', view: 'T' }, // non-contiguous 3x4
  X: { expr: 'torch.randn(1, 4)', view: 'expand' }, // expanded 3x4 (stride 0)
  S: { expr: 'torch.randn(4, 4) + 4 * torch.eye(4)' }, // well-conditioned square
  SYM: { expr: '(lambda a: a @ a.T + torch.eye(4))(torch.randn(4, 4))' }, // symmetric positive definite
  V: { expr: 'torch.randn(6)' },
  W: { expr: 'torch.randn(2, 3, 4)' },
  IDX: { expr: 'torch.tensor([0, 2])' },
  GI: { expr: 'torch.tensor([[0, 1], [3, 0], [2, 2]])' },
  IMG: { expr: 'torch.randn(1, 2, 5, 5)' },
  KER: { expr: 'torch.randn(3, 2, 3, 3)' },
};

const t = (name: string): Arg => ({ t: name });
const tc = (name: string): Arg => ({ t: name, clone: true });
const dt = (name: string): Arg => ({ dtype: name });

const cases: OpCase[] = [];
const add = (call: string, args: Arg[], kwargs?: Record<string, Arg>, tol?: number) => cases.push({ call, args, kwargs, tol });

// ---- unary elementwise over float, double, non-contiguous, expanded, empty, special values
const unary = ['abs', 'neg', 'exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'sigmoid', 'sqrt', 'rsqrt', 'floor', 'ceil',
  'round', 'trunc', 'frac', 'sign', 'reciprocal', 'erf', 'expm1', 'log1p', 'log2', 'log10', 'square', 'relu',
  'asin', 'acos', 'atan', 'sinh', 'cosh', 'exp2', 'sgn', 'isnan', 'isinf', 'isfinite', 'signbit', 'nan_to_num'];
for (const op of unary) for (const x of ['A', 'D', 'T', 'X', 'N', 'E']) add(`torch.${op}`, [t(x)]);
for (const op of ['abs', 'neg', 'sign', 'square', 'bitwise_not']) for (const x of ['I', 'J', 'U8']) add(`torch.${op}`, [t(x)]);
for (const op of ['exp', 'sqrt', 'sigmoid', 'tanh', 'abs']) for (const x of ['H', 'BF', 'Z']) add(`torch.${op}`, [t(x)], undefined, 1e-3);
add('torch.asin', [t('U')]);
add('torch.acosh', [t('P')]);
add('torch.atanh', [t('U')]);
add('torch.logit', [t('P')]);
add('torch.round', [t('A')], { decimals: 2 });
add('torch.clamp', [t('A')], { min: -0.5 });
add('torch.clamp', [t('A'), -0.5, 0.5]);
add('torch.clamp', [t('I')], { max: 2 });
add('torch.clamp', [t('A'), t('B')]);
add('torch.special.erfinv', [t('U')]);
add('torch.special.expit', [t('A')]);
add('torch.special.ndtr', [t('A')]);
add('torch.special.i0', [t('A')]);

// ---- binary: type promotion, broadcasting, scalars, integer division and remainder signs
const binary = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'atan2', 'pow', 'fmod', 'remainder', 'eq', 'ne',
  'lt', 'le', 'gt', 'ge', 'hypot', 'copysign', 'fmax', 'fmin'];
const pairs: [Arg, Arg][] = [
  [t('A'), t('B')], [t('A'), t('R')], [t('A'), t('C1')], [t('I'), t('A')], [t('I'), t('K')], [t('T'), t('X')],
  [t('A'), 2], [t('A'), 2.5], [t('I'), 3], [t('J'), t('I')], [t('D'), t('A')], [t('N'), t('A')],
];
for (const op of binary) for (const [a, b] of pairs) add(`torch.${op}`, [a, b]);
for (const [a, b] of [[t('K'), 3], [t('K'), -3], [t('I'), t('J')], [t('A'), 0.7], [t('K'), 2.5]] as [Arg, Arg][]) {
  add('torch.floor_divide', [a, b]);
  add('torch.div', [a, b], { rounding_mode: 'floor' });
  add('torch.div', [a, b], { rounding_mode: 'trunc' });
  add('torch.true_divide', [a, b]);
}
add('torch.add', [t('A'), t('B')], { alpha: 2 });
add('torch.sub', [t('I'), t('K')], { alpha: 3 });
add('torch.add', [t('M'), t('M')]);
add('torch.mul', [t('M'), 2.5]);
add('torch.mul', [t('U8'), 2]);
add('torch.add', [t('U8'), 100]);
add('torch.add', [2, t('A')]);
add('torch.logical_and', [t('M'), t('A')]);
add('torch.logical_or', [t('M'), t('I')]);
add('torch.logical_xor', [t('M'), t('M')]);
add('torch.logical_not', [t('I')]);
for (const op of ['bitwise_and', 'bitwise_or', 'bitwise_xor', 'bitwise_left_shift', 'bitwise_right_shift']) {
  add(`torch.${op}`, [t('K'), t('J')]);
}
add('torch.bitwise_and', [t('M'), t('M')]);
add('torch.where', [t('M'), t('A'), t('B')]);
add('torch.where', [t('M'), t('A'), 0.0]);
add('torch.where', [t('M'), t('I'), t('A')]);
add('torch.lerp', [t('A'), t('B'), 0.3]);
add('torch.addcmul', [t('A'), t('B'), t('P')], { value: 0.5 });
add('torch.addcdiv', [t('A'), t('B'), t('P')], { value: 2 });
add('torch.isclose', [t('A'), t('B')], { atol: 1 });
add('torch.allclose', [t('A'), t('A')]);
add('torch.equal', [t('A'), t('B')]);
add('torch.result_type', [t('I'), 2.5]);
add('torch.can_cast', [dt('float64'), dt('int32')]);
add('torch.promote_types', [dt('int32'), dt('float16')]);

// ---- reductions with and without dim (the seed's list: mean max sum prod min std var median)
for (const op of ['sum', 'mean', 'prod', 'max', 'min', 'std', 'var', 'median', 'amax', 'amin', 'argmax', 'argmin', 'logsumexp', 'nansum', 'count_nonzero', 'all', 'any']) {
  const needsDim = op === 'logsumexp' || op === 'amax' || op === 'amin';
  if (!needsDim) add(`torch.${op}`, [t('A')]);
  add(`torch.${op}`, [t('A'), 1]);
  add(`torch.${op}`, [t('W'), -1], op === 'count_nonzero' || op === 'all' || op === 'any' ? undefined : { keepdim: true });
  if (!needsDim) add(`torch.${op}`, [t('T')]);
}
for (const op of ['sum', 'prod', 'max', 'min', 'median', 'argmax']) add(`torch.${op}`, [t('I')]);
add('torch.sum', [t('I'), 0]);
add('torch.sum', [t('M')]);
add('torch.sum', [t('A')], { dim: [0, 1] });
add('torch.sum', [t('A')], { dtype: dt('float64') });
add('torch.mean', [t('A')], { dim: 0, keepdim: true });
add('torch.mean', [t('I')]);
add('torch.std', [t('A')], { dim: 1, correction: 0 });
add('torch.var', [t('D')], { unbiased: false });
add('torch.var_mean', [t('A'), 1]);
add('torch.std_mean', [t('A')]);
add('torch.max', [t('N')]);
add('torch.sum', [t('E')]);
add('torch.mean', [t('E')]);
add('torch.max', [t('E')]);
add('torch.cumsum', [t('A'), 1]);
add('torch.cumprod', [t('A'), 0]);
add('torch.cummax', [t('A'), 1]);
add('torch.sort', [t('A'), 1]);
add('torch.sort', [t('A')], { dim: 0, descending: true });
add('torch.argsort', [t('A')]);
add('torch.topk', [t('A'), 2]);
add('torch.kthvalue', [t('A'), 2, 1]);
add('torch.mode', [t('K'), 1]);
add('torch.unique', [t('K')]);
add('torch.norm', [t('A')]);
add('torch.norm', [t('A'), 1]);
add('torch.norm', [t('A')], { dim: 1 });
add('torch.dist', [t('A'), t('B')]);
add('torch.trace', [t('S')]);
add('torch.diag', [t('S')]);
add('torch.tril', [t('S')]);
add('torch.triu', [t('S'), 1]);
add('torch.histc', [t('A')], { bins: 4 });
add('torch.bincount', [{ t: 'IDX' }]);

// ---- linear algebra (the seed's svd qr eig norm trace inverse)
add('torch.matmul', [t('A'), t('S')], undefined, 1e-5);
add('torch.mm', [t('A'), t('S')], undefined, 1e-5);
add('torch.matmul', [t('V'), t('V')]);
add('torch.matmul', [t('W'), t('S')], undefined, 1e-5);
add('torch.bmm', [t('W'), t('W3')], undefined, 1e-5);
add('torch.mv', [t('A'), t('R')], undefined, 1e-5);
add('torch.dot', [t('R'), t('R')]);
add('torch.outer', [t('R'), t('V')]);
add('torch.inverse', [t('S')], undefined, 1e-4);
add('torch.linalg.inv', [t('S')], undefined, 1e-4);
add('torch.linalg.det', [t('S')], undefined, 1e-4);
add('torch.linalg.svd', [t('S')], undefined, 1e-4);
add('torch.linalg.svdvals', [t('A')], undefined, 1e-4);
add('torch.linalg.qr', [t('S')], undefined, 1e-4);
add('torch.linalg.eigh', [t('SYM')], undefined, 1e-4);
add('torch.linalg.eig', [t('S')], undefined, 1e-4);
add('torch.linalg.eigvals', [t('S')], undefined, 1e-4);
add('torch.linalg.eigvalsh', [t('SYM')], undefined, 1e-4);
add('torch.linalg.cholesky', [t('SYM')], undefined, 1e-4);
add('torch.linalg.norm', [t('A')]);
add('torch.linalg.norm', [t('S')], { ord: 'fro' });
add('torch.linalg.matrix_norm', [t('S')], { ord: 'nuc' }, 1e-4);
add('torch.linalg.vector_norm', [t('A')], { ord: 3 });
add('torch.linalg.solve', [t('S'), t('R')], undefined, 1e-4);
add('torch.linalg.matrix_rank', [t('S')]);
add('torch.linalg.pinv', [t('A')], undefined, 1e-4);
add('torch.linalg.cross', [t('C3a'), t('C3b')]);
add('torch.linalg.inv', [t('A')]); // not square: error
add('torch.linalg.cholesky', [t('A')]); // error

// ---- shape and selection (the seed's list)
add('torch.reshape', [t('A'), [4, 3]]);
add('.view', [t('A'), 2, 6]);
add('.view', [t('A'), -1]);
add('.view', [t('T'), -1]); // error: not contiguous
add('.contiguous', [t('T')]);
add('torch.squeeze', [t('C1')]);
add('torch.squeeze', [t('C1'), 0]);
add('torch.unsqueeze', [t('A'), 1]);
add('torch.unsqueeze', [t('A'), -1]);
add('torch.transpose', [t('W'), 0, 2]);
add('torch.permute', [t('W'), [2, 0, 1]]);
add('torch.flatten', [t('W')]);
add('torch.flatten', [t('W'), 1]);
add('torch.cat', [[t('A'), t('B')]]);
add('torch.cat', [[t('A'), t('B')], 1]);
add('torch.cat', [[t('A'), t('I')]]);
add('torch.stack', [[t('A'), t('B')]]);
add('torch.stack', [[t('A'), t('B')], 2]);
add('torch.hstack', [[t('A'), t('B')]]);
add('torch.vstack', [[t('A'), t('B')]]);
add('torch.split', [t('V'), 2]);
add('torch.split', [t('V'), [1, 5]]);
add('torch.chunk', [t('V'), 4]);
add('torch.unbind', [t('A'), 1]);
add('torch.index_select', [t('A'), 1, t('IDX')]);
add('torch.index_select', [t('A'), 0, t('IDX')]);
add('torch.take', [t('A'), t('IDX')]);
add('torch.gather', [t('A'), 1, t('GI')]);
add('torch.masked_select', [t('A'), t('M')]);
add('torch.index_fill', [t('A'), 1, t('IDX'), -1]);
add('.index_fill_', [tc('A'), 0, t('IDX'), 2.5]);
add('torch.masked_fill', [t('A'), t('M'), 0]);
add('.masked_fill_', [tc('I'), t('M'), 7]);
add('torch.scatter', [t('A'), 1, t('GI'), t('B')]);
add('torch.scatter_add', [t('A'), 1, t('GI'), t('B')]);
add('torch.flip', [t('A'), [0, 1]]);
add('torch.roll', [t('A'), 1, 1]);
add('torch.repeat_interleave', [t('V'), 2]);
add('.repeat', [t('C1'), 2, 3]);
add('.expand', [t('C1'), 3, 5]);
add('torch.tile', [t('R'), [2, 1]]);
add('torch.narrow', [t('A'), 1, 1, 2]);
add('torch.select', [t('W'), 1, -1]);
add('torch.diagonal', [t('S')]);
add('torch.tril_indices', [3, 3]);
add('torch.nonzero', [t('M')]);
add('torch.argwhere', [t('M')]);
add('torch.movedim', [t('W'), 0, -1]);
add('torch.broadcast_to', [t('R'), [2, 4]]);
add('torch.meshgrid', [[t('R'), t('V')]], { indexing: 'ij' });
add('torch.einsum', ['ij,jk->ik', [t('A'), t('S')]], undefined, 1e-5);
add('torch.kron', [t('C1'), t('R')]);
add('torch.cartesian_prod', [t('IDX'), t('IDX')]);
add('torch.searchsorted', [{ t: 'SORTED' }, t('R')]);
add('torch.bucketize', [t('R'), { t: 'SORTED' }]);

// ---- dtype conversions and creation-like ops
for (const d of ['float64', 'float16', 'bfloat16', 'int32', 'int8', 'uint8', 'bool', 'complex64']) add('.to', [t('A'), dt(d)]);
add('.to', [t('N'), dt('int32')]);
add('.type_as', [t('A'), t('I')]);
add('torch.zeros_like', [t('I')]);
add('torch.full_like', [t('A'), 7]);
add('.new_zeros', [t('I'), [2, 2]]);
add('.new_full', [t('A'), [2], 3.5]);
add('torch.complex', [t('A'), t('B')]);
add('torch.real', [t('Z')]);
add('torch.imag', [t('Z')]);
add('torch.angle', [t('Z')]);
add('torch.view_as_real', [t('Z')]);
add('.conj', [t('Z')]);

// ---- nn ops from the op schema (ATen-backed torch.nn.functional)
add('torch.softmax', [t('A'), 1]);
add('torch.log_softmax', [t('A'), 0]);
add('torch.conv2d', [t('IMG'), t('KER')], undefined, 1e-5);
add('torch.conv2d', [t('IMG'), t('KER')], { padding: 1, stride: 2 }, 1e-5);
add('torch.max_pool2d', [t('IMG'), 2]);
add('torch.avg_pool1d', [t('W'), 2]);
add('torch.layer_norm', [t('A'), [4]], undefined, 1e-5);
add('torch.dropout', [t('A'), 0.0, true]);
add('torch.nn.functional.gelu', [t('A')]);
add('torch.nn.functional.gelu', [t('A')], { approximate: 'tanh' });
add('torch.nn.functional.softplus', [t('A')], { beta: 2 });
add('torch.nn.functional.logsigmoid', [t('A')]);
add('torch.nn.functional.softshrink', [t('A')]);
add('torch.nn.functional.hardshrink', [t('A')]);
add('torch.nn.functional.one_hot', [t('IDX'), 4]);
add('torch.nn.functional.linear', [t('A'), t('S')], undefined, 1e-5);
add('torch.nn.functional.linear', [t('A'), t('S'), t('R')], undefined, 1e-5);
add('torch.nn.functional.pad', [t('A'), [1, 2]]);
add('torch.nn.functional.pad', [t('A'), [1, 1, 0, 2]], { mode: 'constant', value: -1 });
add('torch.nn.functional.conv1d', [t('W'), t('KER1')], undefined, 1e-5);
add('torch.nn.functional.avg_pool2d', [t('IMG'), 2]);
add('torch.nn.functional.pixel_shuffle', [t('PS'), 2]);
add('torch.nn.functional.cosine_similarity', [t('A'), t('B')]);
add('torch.nn.functional.pairwise_distance', [t('A'), t('B')]);
add('torch.nn.functional.pdist', [t('A')]);
add('torch.binary_cross_entropy_with_logits', [t('A'), t('P')], { reduction: 1 });
add('torch.relu', [t('A')]);
add('torch.selu', [t('A')]);
add('torch.celu', [t('A')]);
add('torch.prelu', [t('A'), t('R')]);
add('torch.hardshrink', [t('A'), 0.3]);

// ---- errors: Python's type and message
add('torch.add', [t('A'), t('V')]);
add('torch.matmul', [t('A'), t('A')]);
add('torch.cat', [[t('A'), t('V')]]);
add('torch.gather', [t('A'), 1, t('A')]);
add('torch.index_select', [t('A'), 1, t('GI')]);
add('torch.sum', [t('A'), 5]);
add('torch.reshape', [t('A'), [5, 5]]);
add('torch.squeeze', [t('A'), 3]);
add('torch.bitwise_and', [t('A'), t('B')]);
add('torch.masked_fill', [t('A'), t('I'), 0]);
add('.add_', [tc('I'), 1.5]);
add('torch.stack', [[t('A'), t('R')]]);
add('torch.linalg.solve', [t('A'), t('R')]);
add('torch.conv2d', [t('A'), t('KER')]);
add('torch.where', [t('I'), t('A'), t('B')]);

inputs.C3a = { expr: 'torch.randn(4, 3)' };
inputs.W3 = { expr: 'torch.randn(2, 4, 5)' };
inputs.KER1 = { expr: 'torch.randn(5, 3, 2)' };
inputs.PS = { expr: 'torch.randn(1, 8, 2, 3)' };
inputs.C3b = { expr: 'torch.randn(4, 3)' };
inputs.SORTED = { expr: 'torch.sort(torch.randn(7)).values' };

export const opCases: OpCase[] = cases;
