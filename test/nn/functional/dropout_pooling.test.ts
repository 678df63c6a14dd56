// torch.nn.functional dropout and pooling against Python, live: the masks under a seed (the random stream is
// consumed as Python consumes it), training / inplace flags, return_indices dispatch, lp and fractional pools,
// unpooling, and the checks with Python's messages.
import torch from '../../../lib';
import { PY_INPLACE, inplace, parityCases, type Case } from './cases';

const F = torch.nn.functional;
type Fn = (...a: unknown[]) => unknown;
let x: torch.Tensor; // float64 [2, 3, 6, 6]
let v: torch.Tensor; // float32 [2, 3, 8]
let u: torch.Tensor; // float64 [1, 2, 4, 4, 4]

const PRE = `
torch.manual_seed(0)
x = torch.randn(2, 3, 6, 6, dtype=torch.float64)
v = torch.randn(2, 3, 8)
u = torch.randn(1, 2, 4, 4, 4, dtype=torch.float64)
` + PY_INPLACE;
const cases: Case[] = [
  // dropout family
  { id: 'dropout', py: 'F.dropout(x)', js: () => F.dropout(x), seed: 1 },
  { id: 'dropout p', py: 'F.dropout(v, 0.2)', js: () => F.dropout(v, 0.2), seed: 2 },
  { id: 'dropout eval', py: 'F.dropout(v, 0.2, False)', js: () => F.dropout(v, 0.2, false), seed: 2 },
  { id: 'dropout inplace', py: 'inplace(F.dropout, v, 0.3, inplace=True)', js: () => inplace((t) => F.dropout(t, 0.3, { inplace: true }), v), seed: 3 },
  { id: 'dropout p > 1', py: 'F.dropout(v, 1.5)', js: () => F.dropout(v, 1.5) },
  { id: 'dropout p < 0', py: 'F.dropout(v, p=-0.25)', js: () => F.dropout(v, { p: -0.25 }) },
  { id: 'dropout p = 1', py: 'F.dropout(v, 1.0)', js: () => F.dropout(v, 1.0), seed: 4 },
  { id: 'alpha_dropout eval (default)', py: 'F.alpha_dropout(v, 0.4)', js: () => F.alpha_dropout(v, 0.4), seed: 5 },
  { id: 'alpha_dropout training', py: 'F.alpha_dropout(v, 0.4, True)', js: () => F.alpha_dropout(v, 0.4, true), seed: 5 },
  { id: 'alpha_dropout inplace', py: 'inplace(F.alpha_dropout, v, 0.4, True, True)', js: () => inplace((t) => F.alpha_dropout(t, 0.4, true, true), v), seed: 6 },
  { id: 'feature_alpha_dropout', py: 'F.feature_alpha_dropout(x, training=True)', js: () => F.feature_alpha_dropout(x, { training: true }), seed: 7 },
  { id: 'dropout1d batched', py: 'F.dropout1d(v, 0.5)', js: () => F.dropout1d(v, 0.5), seed: 8 },
  { id: 'dropout1d unbatched', py: 'F.dropout1d(v[0])', js: () => F.dropout1d(v.at(0)), seed: 9 },
  { id: 'dropout1d unbatched inplace', py: 'inplace(F.dropout1d, v[0], inplace=True)', js: () => inplace((t) => F.dropout1d(t, { inplace: true }), v.at(0)), seed: 9 },
  { id: 'dropout1d 4-d', py: 'F.dropout1d(x)', js: () => F.dropout1d(x) },
  { id: 'dropout2d', py: 'F.dropout2d(x, 0.4)', js: () => F.dropout2d(x, 0.4), seed: 10 },
  { id: 'dropout2d 3-d (as N, C, L)', py: 'F.dropout2d(v, 0.4)', js: () => F.dropout2d(v, 0.4), seed: 10 },
  { id: 'dropout2d 5-d', py: 'F.dropout2d(u, 0.4)', js: () => F.dropout2d(u, 0.4), seed: 10 },
  { id: 'dropout3d', py: 'F.dropout3d(u)', js: () => F.dropout3d(u), seed: 11 },
  { id: 'dropout3d unbatched', py: 'F.dropout3d(u[0])', js: () => F.dropout3d(u.at(0)), seed: 11 },
  { id: 'dropout3d inplace unbatched', py: 'inplace(F.dropout3d, u[0], 0.3, True, True)', js: () => inplace((t) => F.dropout3d(t, 0.3, true, true), u.at(0)), seed: 12 },
  // max pools and the return_indices dispatch
  { id: 'max_pool1d', py: 'F.max_pool1d(v, 3)', js: () => F.max_pool1d(v, 3) },
  { id: 'max_pool1d indices', py: 'F.max_pool1d(v, 3, 2, 1, 1, False, True)', js: () => F.max_pool1d(v, 3, 2, 1, 1, false, true) },
  { id: 'max_pool2d', py: 'F.max_pool2d(x, 2)', js: () => F.max_pool2d(x, 2) },
  { id: 'max_pool2d ceil_mode', py: 'F.max_pool2d(x, 4, stride=3, ceil_mode=True)', js: () => F.max_pool2d(x, 4, { stride: 3, ceil_mode: true }) },
  { id: 'max_pool2d indices', py: 'F.max_pool2d(x, (2, 3), return_indices=True)', js: () => F.max_pool2d(x, [2, 3], { return_indices: true }) },
  { id: 'max_pool2d_with_indices', py: 'F.max_pool2d_with_indices(x, 3, 1, 1)', js: () => F.max_pool2d_with_indices(x, 3, 1, 1) },
  { id: 'max_pool3d indices', py: 'F.max_pool3d(u, 2, return_indices=True)', js: () => F.max_pool3d(u, 2, { return_indices: true }) },
  { id: 'max_pool2d bad keyword', py: 'F.max_pool2d(x, 2, strides=1)', js: () => (F.max_pool2d as Fn)(x, 2, { strides: 1 }) },
  { id: 'max_pool2d too big', py: 'F.max_pool2d(x, 8)', js: () => F.max_pool2d(x, 8) },
  // unpools
  { id: 'max_unpool1d', py: 'F.max_unpool1d(*F.max_pool1d(v, 2, return_indices=True), 2)', js: () => F.max_unpool1d(...(F.max_pool1d(v, 2, { return_indices: true }) as [torch.Tensor, torch.Tensor]), 2) },
  { id: 'max_unpool2d output_size', py: 'F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2, output_size=[7, 7])', js: () => F.max_unpool2d(...(F.max_pool2d(x, 2, { return_indices: true }) as [torch.Tensor, torch.Tensor]), 2, { output_size: [7, 7] }) },
  { id: 'max_unpool2d full output_size', py: 'F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2, output_size=[2, 3, 6, 6])', js: () => F.max_unpool2d(...(F.max_pool2d(x, 2, { return_indices: true }) as [torch.Tensor, torch.Tensor]), 2, { output_size: [2, 3, 6, 6] }) },
  { id: 'max_unpool2d bad output_size', py: 'F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2, output_size=[9, 9])', js: () => F.max_unpool2d(...(F.max_pool2d(x, 2, { return_indices: true }) as [torch.Tensor, torch.Tensor]), 2, { output_size: [9, 9] }) },
  { id: 'max_unpool2d output_size length', py: 'F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2, output_size=[6, 6, 6])', js: () => F.max_unpool2d(...(F.max_pool2d(x, 2, { return_indices: true }) as [torch.Tensor, torch.Tensor]), 2, { output_size: [6, 6, 6] }) },
  { id: 'max_unpool3d stride padding', py: 'F.max_unpool3d(*F.max_pool3d(u, 2, 1, return_indices=True), 2, 1)', js: () => F.max_unpool3d(...(F.max_pool3d(u, 2, 1, { return_indices: true }) as [torch.Tensor, torch.Tensor]), 2, 1) },
  // avg and lp pools
  { id: 'avg_pool1d', py: 'F.avg_pool1d(v, 3, 2, 1, True, False)', js: () => F.avg_pool1d(v, 3, 2, 1, true, false) },
  { id: 'avg_pool2d divisor', py: 'F.avg_pool2d(x, 3, divisor_override=2)', js: () => F.avg_pool2d(x, 3, { divisor_override: 2 }) },
  { id: 'avg_pool3d', py: 'F.avg_pool3d(u, 2, stride=1, padding=1)', js: () => F.avg_pool3d(u, 2, { stride: 1, padding: 1 }) },
  { id: 'lp_pool1d', py: 'F.lp_pool1d(v, 2, 3)', js: () => F.lp_pool1d(v, 2, 3) },
  { id: 'lp_pool1d stride ceil', py: 'F.lp_pool1d(v.abs(), 1.5, 3, 2, True)', js: () => F.lp_pool1d(v.abs(), 1.5, 3, 2, true) },
  { id: 'lp_pool2d', py: 'F.lp_pool2d(x, 3, (2, 3))', js: () => F.lp_pool2d(x, 3, [2, 3]) },
  { id: 'lp_pool2d stride', py: 'F.lp_pool2d(x.abs(), 2.5, 2, stride=1, ceil_mode=True)', js: () => F.lp_pool2d(x.abs(), 2.5, 2, { stride: 1, ceil_mode: true }) },
  { id: 'lp_pool3d', py: 'F.lp_pool3d(u, 2, 2)', js: () => F.lp_pool3d(u, 2, 2) },
  { id: 'lp_pool3d stride', py: 'F.lp_pool3d(u.abs(), 1, 2, 1)', js: () => F.lp_pool3d(u.abs(), 1, 2, 1) },
  // adaptive pools
  { id: 'adaptive_max_pool1d', py: 'F.adaptive_max_pool1d(v, 3)', js: () => F.adaptive_max_pool1d(v, 3) },
  { id: 'adaptive_max_pool1d indices', py: 'F.adaptive_max_pool1d(v, 3, True)', js: () => F.adaptive_max_pool1d(v, 3, true) },
  { id: 'adaptive_max_pool2d None', py: 'F.adaptive_max_pool2d(x, (None, 2))', js: () => F.adaptive_max_pool2d(x, [null, 2]) },
  { id: 'adaptive_max_pool2d indices', py: 'F.adaptive_max_pool2d(x, 4, return_indices=True)', js: () => F.adaptive_max_pool2d(x, 4, { return_indices: true }) },
  { id: 'adaptive_max_pool3d_with_indices', py: 'F.adaptive_max_pool3d_with_indices(u, (2, None, 3))', js: () => F.adaptive_max_pool3d_with_indices(u, [2, null, 3]) },
  { id: 'adaptive_avg_pool2d', py: 'F.adaptive_avg_pool2d(x, (5, None))', js: () => F.adaptive_avg_pool2d(x, [5, null]) },
  { id: 'adaptive_avg_pool2d int', py: 'F.adaptive_avg_pool2d(x, 4)', js: () => F.adaptive_avg_pool2d(x, 4) },
  { id: 'adaptive_avg_pool3d', py: 'F.adaptive_avg_pool3d(u, 3)', js: () => F.adaptive_avg_pool3d(u, 3) },
  { id: 'adaptive_avg_pool2d too small input', py: 'F.adaptive_avg_pool2d(v[0, 0], (2, 2))', js: () => F.adaptive_avg_pool2d(v.at(0, 0), [2, 2]) },
  // fractional max pools: random regions from the global generator
  { id: 'fractional_max_pool2d', py: 'F.fractional_max_pool2d(x, 2, output_size=3)', js: () => F.fractional_max_pool2d(x, 2, { output_size: 3 }), seed: 21 },
  { id: 'fractional_max_pool2d ratio', py: 'F.fractional_max_pool2d(x, 3, output_ratio=(0.5, 0.75), return_indices=True)', js: () => F.fractional_max_pool2d(x, 3, { output_ratio: [0.5, 0.75], return_indices: true }), seed: 22 },
  { id: 'fractional_max_pool2d unbatched', py: 'F.fractional_max_pool2d(x[0], (2, 3), (4, 3))', js: () => F.fractional_max_pool2d(x.at(0), [2, 3], [4, 3]), seed: 23 },
  { id: 'fractional_max_pool2d samples', py: 'F.fractional_max_pool2d(x, 2, 3, _random_samples=torch.full((2, 3, 2), 0.5, dtype=torch.float64))', js: () => F.fractional_max_pool2d(x, 2, 3, { _random_samples: torch.full([2, 3, 2], 0.5, { dtype: torch.float64 }) }) },
  { id: 'fractional_max_pool2d float ratio', py: 'F.fractional_max_pool2d(x, 2, output_ratio=0.5)', js: () => F.fractional_max_pool2d(x, 2, { output_ratio: 0.5 }) },
  { id: 'fractional_max_pool2d no size', py: 'F.fractional_max_pool2d(x, 2)', js: () => F.fractional_max_pool2d(x, 2) },
  { id: 'fractional_max_pool3d', py: 'F.fractional_max_pool3d(u, 2, output_ratio=0.5)', js: () => F.fractional_max_pool3d(u, 2, { output_ratio: 0.5 }), seed: 24 },
  { id: 'fractional_max_pool3d_with_indices', py: 'F.fractional_max_pool3d_with_indices(u[0], 2, (3, 2, 3))', js: () => F.fractional_max_pool3d_with_indices(u.at(0), 2, [3, 2, 3]), seed: 25 },
];

describe('torch.nn.functional dropout and pooling (parity with Python)', () => {
  parityCases(PRE, () => {
    torch.manual_seed(0);
    x = torch.randn(2, 3, 6, 6, { dtype: torch.float64 });
    v = torch.randn(2, 3, 8);
    u = torch.randn(1, 2, 4, 4, 4, { dtype: torch.float64 });
  }, cases);
});
