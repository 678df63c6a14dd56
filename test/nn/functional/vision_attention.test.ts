// torch.nn.functional vision, embedding, linear and attention functions against Python, live: interpolate's
// modes and options, the deprecated upsample*, grid_sample / affine_grid, pad, fold / unfold, embedding's
// max_norm (renormalizing the weight in place) and embedding_bag's bags, scaled_dot_product_attention and
// multi_head_attention_forward (both paths), grouped_mm, and the checks with Python's messages.
import torch from '../../../lib';
import { parityCases, type Case } from './cases';

const F = torch.nn.functional;
type Fn = (...a: unknown[]) => unknown;
type T = torch.Tensor;
let img: T; // float64 [2, 3, 5, 4]
let sig: T; // float32 [2, 3, 6]
let vol: T; // float64 [1, 2, 3, 4, 3]
let grid: T; // float64 [2, 4, 3, 2]
let theta: T; // float64 [2, 2, 3]
let theta3: T; // float64 [1, 3, 4]
let emb: T; // float64 [10, 3]
let idx: T; // int64 [2, 4]
let q: T; // float64 [2, 4, 3, 8] (batch, heads, L, E)
let k: T; // float64 [2, 4, 5, 8]
let vv: T; // float64 [2, 4, 5, 8]
let mq: T; // float64 [3, 2, 8] (L, N, E)
let mk: T; // float64 [5, 2, 8]
let mv: T; // float64 [5, 2, 8]
let inW: T; // float64 [24, 8]
let inB: T; // float64 [24]
let outW: T; // float64 [8, 8]
let outB: T; // float64 [8]

const PRE = `
torch.manual_seed(0)
img = torch.randn(2, 3, 5, 4, dtype=torch.float64)
sig = torch.randn(2, 3, 6)
vol = torch.randn(1, 2, 3, 4, 3, dtype=torch.float64)
grid = torch.rand(2, 4, 3, 2, dtype=torch.float64) * 2.4 - 1.2
theta = torch.randn(2, 2, 3, dtype=torch.float64)
theta3 = torch.randn(1, 3, 4, dtype=torch.float64)
emb = torch.randn(10, 3, dtype=torch.float64)
idx = torch.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])
q = torch.randn(2, 4, 3, 8, dtype=torch.float64)
k = torch.randn(2, 4, 5, 8, dtype=torch.float64)
vv = torch.randn(2, 4, 5, 8, dtype=torch.float64)
mq = torch.randn(3, 2, 8, dtype=torch.float64)
mk = torch.randn(5, 2, 8, dtype=torch.float64)
mv = torch.randn(5, 2, 8, dtype=torch.float64)
inW = torch.randn(24, 8, dtype=torch.float64)
inB = torch.randn(24, dtype=torch.float64)
outW = torch.randn(8, 8, dtype=torch.float64)
outB = torch.randn(8, dtype=torch.float64)
def renorm(*a, **kw):
    w = emb.clone()
    return (F.embedding(idx, w, *a, **kw), w)
def nw(r):  # (output, weights), None weights as nan (the reference has tensors only)
    return (r[0], r[1] if r[1] is not None else torch.tensor(float('nan')))
def mha(q, k, v, *a, **kw):
    return nw(F.multi_head_attention_forward(q, k, v, 8, 2, inW, inB, None, None, False, 0.0, outW, outB, *a, **kw))
`;
const renorm = (f: (w: T) => T): T[] => {
  const w = emb.clone();
  return [f(w), w];
};
const nw = (r: [T, T | null]): T[] => [r[0], r[1] ?? torch.tensor(NaN)];
const mha = (qq: T, kk: T, v: T, opts: Record<string, unknown> = {}): unknown =>
  nw((F.multi_head_attention_forward as Fn)(qq, kk, v, 8, 2, inW, inB, null, null, false, 0.0, outW, outB, opts) as [T, T | null]);

const cases: Case[] = [
  // interpolate
  { id: 'nearest size', py: 'F.interpolate(img, size=(7, 3))', js: () => F.interpolate(img, { size: [7, 3] }) },
  { id: 'nearest scale', py: 'F.interpolate(sig, scale_factor=1.5)', js: () => F.interpolate(sig, { scale_factor: 1.5 }) },
  { id: 'nearest 3-d int size', py: 'F.interpolate(vol, 5)', js: () => F.interpolate(vol, 5) },
  { id: 'nearest-exact', py: "F.interpolate(img, scale_factor=(1.7, 0.6), mode='nearest-exact')", js: () => F.interpolate(img, { scale_factor: [1.7, 0.6], mode: 'nearest-exact' }) },
  { id: 'nearest-exact 1-d', py: "F.interpolate(sig, 4, mode='nearest-exact')", js: () => F.interpolate(sig, 4, { mode: 'nearest-exact' }) },
  { id: 'nearest-exact 3-d', py: "F.interpolate(vol, (2, 5, 4), mode='nearest-exact')", js: () => F.interpolate(vol, [2, 5, 4], { mode: 'nearest-exact' }) },
  { id: 'interpolate linear', py: "F.interpolate(sig, 9, mode='linear')", js: () => F.interpolate(sig, 9, { mode: 'linear' }) },
  { id: 'linear align_corners', py: "F.interpolate(sig, scale_factor=2.5, mode='linear', align_corners=True)", js: () => F.interpolate(sig, { scale_factor: 2.5, mode: 'linear', align_corners: true }) },
  { id: 'interpolate bilinear', py: "F.interpolate(img, (8, 6), None, 'bilinear')", js: () => F.interpolate(img, [8, 6], null, 'bilinear') },
  { id: 'bilinear recompute', py: "F.interpolate(img, scale_factor=1.3, mode='bilinear', recompute_scale_factor=True)", js: () => F.interpolate(img, { scale_factor: 1.3, mode: 'bilinear', recompute_scale_factor: true }) },
  { id: 'bilinear no recompute', py: "F.interpolate(img, scale_factor=1.3, mode='bilinear', recompute_scale_factor=False)", js: () => F.interpolate(img, { scale_factor: 1.3, mode: 'bilinear', recompute_scale_factor: false }) },
  { id: 'bilinear antialias', py: "F.interpolate(img, (3, 2), mode='bilinear', antialias=True)", js: () => F.interpolate(img, [3, 2], { mode: 'bilinear', antialias: true }) },
  { id: 'bicubic', py: "F.interpolate(img, scale_factor=(2, 1.5), mode='bicubic', align_corners=True)", js: () => F.interpolate(img, { scale_factor: [2, 1.5], mode: 'bicubic', align_corners: true }) },
  { id: 'bicubic antialias', py: "F.interpolate(img, scale_factor=0.5, mode='bicubic', antialias=True)", js: () => F.interpolate(img, { scale_factor: 0.5, mode: 'bicubic', antialias: true }) },
  { id: 'trilinear', py: "F.interpolate(vol, scale_factor=(1.5, 1, 2), mode='trilinear')", js: () => F.interpolate(vol, { scale_factor: [1.5, 1, 2], mode: 'trilinear' }) },
  { id: 'area', py: "F.interpolate(img, (2, 3), mode='area')", js: () => F.interpolate(img, [2, 3], { mode: 'area' }) },
  { id: 'area scale', py: "F.interpolate(sig, scale_factor=0.5, mode='area')", js: () => F.interpolate(sig, { scale_factor: 0.5, mode: 'area' }) },
  { id: 'area 3-d scale', py: "F.interpolate(vol, scale_factor=0.7, mode='area')", js: () => F.interpolate(vol, { scale_factor: 0.7, mode: 'area' }) },
  { id: 'align_corners with nearest', py: 'F.interpolate(img, 3, align_corners=True)', js: () => F.interpolate(img, 3, { align_corners: true }) },
  { id: 'size and scale', py: 'F.interpolate(img, 3, 2.0)', js: () => F.interpolate(img, 3, 2.5) },
  { id: 'neither size nor scale', py: 'F.interpolate(img)', js: () => F.interpolate(img) },
  { id: 'size of the wrong length', py: 'F.interpolate(img, [3, 4, 5])', js: () => F.interpolate(img, [3, 4, 5]) },
  { id: 'scale of the wrong length', py: 'F.interpolate(img, scale_factor=[3.5])', js: () => F.interpolate(img, { scale_factor: [3.5] }) },
  { id: 'float size', py: 'F.interpolate(img, (3, 4.5))', js: () => F.interpolate(img, [3, 4.5]) },
  { id: 'recompute with size', py: 'F.interpolate(img, 3, recompute_scale_factor=True)', js: () => F.interpolate(img, 3, { recompute_scale_factor: true }) },
  { id: 'antialias 3-d', py: "F.interpolate(sig, 3, mode='linear', antialias=True)", js: () => F.interpolate(sig, 3, { mode: 'linear', antialias: true }) },
  { id: 'bilinear on 3-d', py: "F.interpolate(sig, 3, mode='bilinear')", js: () => F.interpolate(sig, 3, { mode: 'bilinear' }) },
  { id: 'linear on 5-d', py: "F.interpolate(vol, 3, mode='linear')", js: () => F.interpolate(vol, 3, { mode: 'linear' }) },
  { id: 'unknown mode', py: "F.interpolate(img, 3, mode='cubic')", js: () => F.interpolate(img, 3, { mode: 'cubic' }) },
  { id: '2-d input', py: 'F.interpolate(img[0, 0], 3)', js: () => F.interpolate(img.at(0, 0), 3) },
  { id: 'upsample', py: "F.upsample(img, scale_factor=2, mode='bilinear', align_corners=False)", js: () => F.upsample(img, { scale_factor: 2, mode: 'bilinear', align_corners: false }) },
  { id: 'upsample_nearest', py: 'F.upsample_nearest(sig, 11)', js: () => F.upsample_nearest(sig, 11) },
  { id: 'upsample_bilinear', py: 'F.upsample_bilinear(img, scale_factor=1.5)', js: () => F.upsample_bilinear(img, { scale_factor: 1.5 }) },
  // grid_sample, affine_grid
  { id: 'grid_sample', py: 'F.grid_sample(img, grid)', js: () => F.grid_sample(img, grid) },
  { id: 'grid_sample nearest border', py: "F.grid_sample(img, grid, 'nearest', 'border', True)", js: () => F.grid_sample(img, grid, 'nearest', 'border', true) },
  { id: 'grid_sample bicubic reflection', py: "F.grid_sample(img, grid, mode='bicubic', padding_mode='reflection', align_corners=False)", js: () => F.grid_sample(img, grid, { mode: 'bicubic', padding_mode: 'reflection', align_corners: false }) },
  { id: 'grid_sample bad mode', py: "F.grid_sample(img, grid, mode='linear')", js: () => F.grid_sample(img, grid, { mode: 'linear' }) },
  { id: 'grid_sample bad padding', py: "F.grid_sample(img, grid, padding_mode='edge')", js: () => F.grid_sample(img, grid, { padding_mode: 'edge' }) },
  { id: 'affine_grid', py: 'F.affine_grid(theta, [2, 3, 4, 5])', js: () => F.affine_grid(theta, [2, 3, 4, 5]) },
  { id: 'affine_grid align_corners', py: 'F.affine_grid(theta, [2, 3, 4, 5], align_corners=True)', js: () => F.affine_grid(theta, [2, 3, 4, 5], { align_corners: true }) },
  { id: 'affine_grid 3-d', py: 'F.affine_grid(theta3, (1, 1, 2, 3, 2), False)', js: () => F.affine_grid(theta3, [1, 1, 2, 3, 2], false) },
  { id: 'affine_grid unit size', py: 'F.affine_grid(theta, [2, 3, 1, 5], True)', js: () => F.affine_grid(theta, [2, 3, 1, 5], true) },
  { id: 'affine_grid zero size', py: 'F.affine_grid(theta, [2, 3, 0, 5], False)', js: () => F.affine_grid(theta, [2, 3, 0, 5], false) },
  { id: 'affine_grid integer theta', py: 'F.affine_grid(idx, [2, 3, 4, 5], False)', js: () => F.affine_grid(idx, [2, 3, 4, 5], false) },
  { id: 'affine_grid theta shape', py: 'F.affine_grid(theta3, [2, 3, 4, 5], False)', js: () => F.affine_grid(theta3, [2, 3, 4, 5], false) },
  { id: 'affine_grid 3-d theta shape', py: 'F.affine_grid(theta, [1, 1, 2, 3, 2], False)', js: () => F.affine_grid(theta, [1, 1, 2, 3, 2], false) },
  { id: 'affine_grid size length', py: 'F.affine_grid(theta, [2, 3, 4], False)', js: () => F.affine_grid(theta, [2, 3, 4], false) },
  // pad, fold, shuffles
  { id: 'pad constant', py: 'F.pad(img, (1, 2), value=-1.5)', js: () => F.pad(img, [1, 2], { value: -1.5 }) },
  { id: 'pad reflect', py: "F.pad(img, (1, 2, 2, 1), 'reflect')", js: () => F.pad(img, [1, 2, 2, 1], 'reflect') },
  { id: 'pad replicate', py: "F.pad(vol, (1, 1, 0, 2, 1, 0), mode='replicate')", js: () => F.pad(vol, [1, 1, 0, 2, 1, 0], { mode: 'replicate' }) },
  { id: 'pad circular', py: "F.pad(sig, [2, 1], 'circular')", js: () => F.pad(sig, [2, 1], 'circular') },
  { id: 'pad negative', py: 'F.pad(img, (-1, -1))', js: () => F.pad(img, [-1, -1]) },
  { id: 'pad bad mode', py: "F.pad(img, (1, 1), 'mirror')", js: () => F.pad(img, [1, 1], 'mirror') },
  { id: 'unfold', py: 'F.unfold(img, (2, 3), padding=1, stride=(2, 1))', js: () => F.unfold(img, [2, 3], { padding: 1, stride: [2, 1] }) },
  { id: 'fold', py: 'F.fold(F.unfold(img, 2, dilation=1), (5, 4), 2)', js: () => F.fold(F.unfold(img, 2, { dilation: 1 }), [5, 4], 2) },
  { id: 'fold stride', py: 'F.fold(torch.arange(36.).reshape(1, 4, 9), 4, 2, 1, 1, 1)', js: () => F.fold(torch.arange(36.0, { dtype: torch.float32 }).reshape(1, 4, 9), 4, 2, 1, 1, 1) },
  { id: 'pixel_shuffle', py: 'F.pixel_shuffle(torch.arange(32.).reshape(1, 8, 2, 2), 2)', js: () => F.pixel_shuffle(torch.arange(32, { dtype: torch.float32 }).reshape(1, 8, 2, 2), 2) },
  { id: 'pixel_unshuffle', py: 'F.pixel_unshuffle(img[:, :, :4], 2)', js: () => F.pixel_unshuffle(img.at(':', ':', ':4'), 2) },
  { id: 'channel_shuffle', py: 'F.channel_shuffle(torch.arange(24.).reshape(1, 6, 2, 2), 3)', js: () => F.channel_shuffle(torch.arange(24, { dtype: torch.float32 }).reshape(1, 6, 2, 2), 3) },
  { id: 'native_channel_shuffle', py: 'F.native_channel_shuffle(torch.arange(24.).reshape(1, 6, 2, 2), 2)', js: () => F.native_channel_shuffle(torch.arange(24, { dtype: torch.float32 }).reshape(1, 6, 2, 2), 2) },
  // embeddings
  { id: 'embedding', py: 'F.embedding(idx, emb)', js: () => F.embedding(idx, emb) },
  { id: 'embedding padding_idx', py: 'F.embedding(idx, emb, padding_idx=-6)', js: () => F.embedding(idx, emb, { padding_idx: -6 }) },
  { id: 'embedding padding_idx too big', py: 'F.embedding(idx, emb, 10)', js: () => F.embedding(idx, emb, 10) },
  { id: 'embedding padding_idx too small', py: 'F.embedding(idx, emb, -11)', js: () => F.embedding(idx, emb, -11) },
  { id: 'embedding max_norm', py: 'renorm(max_norm=1.0)', js: () => renorm((w) => F.embedding(idx, w, { max_norm: 1.0 })) },
  { id: 'embedding max_norm norm_type', py: 'renorm(None, 0.5, 1.0)', js: () => renorm((w) => F.embedding(idx, w, null, 0.5, 1.0)) },
  { id: 'embedding out of range', py: 'F.embedding(idx + 1, emb)', js: () => F.embedding(idx.add(1), emb) },
  { id: 'embedding_bag 2-d', py: 'F.embedding_bag(idx, emb)', js: () => F.embedding_bag(idx, emb) },
  { id: 'embedding_bag sum offsets', py: "F.embedding_bag(idx.flatten(), emb, torch.tensor([0, 3, 3]), mode='sum')", js: () => F.embedding_bag(idx.flatten(), emb, torch.tensor([0n, 3n, 3n]), { mode: 'sum' }) },
  { id: 'embedding_bag max last offset', py: "F.embedding_bag(idx.flatten(), emb, torch.tensor([0, 2, 8]), mode='max', include_last_offset=True)", js: () => F.embedding_bag(idx.flatten(), emb, torch.tensor([0n, 2n, 8n]), { mode: 'max', include_last_offset: true }) },
  { id: 'embedding_bag per_sample_weights', py: "F.embedding_bag(idx, emb, mode='sum', per_sample_weights=torch.rand(2, 4, dtype=torch.float64))", js: () => F.embedding_bag(idx, emb, { mode: 'sum', per_sample_weights: torch.rand(2, 4, { dtype: torch.float64 }) }), seed: 41 },
  { id: 'embedding_bag padding_idx', py: 'F.embedding_bag(idx, emb, padding_idx=4)', js: () => F.embedding_bag(idx, emb, { padding_idx: 4 }) },
  { id: 'embedding_bag max_norm', py: 'F.embedding_bag(idx, emb.clone(), max_norm=0.5)', js: () => F.embedding_bag(idx, emb.clone(), { max_norm: 0.5 }) },
  { id: 'embedding_bag swapped arguments', py: 'F.embedding_bag(emb, idx)', js: () => F.embedding_bag(emb, idx) },
  { id: 'embedding_bag 2-d with offsets', py: 'F.embedding_bag(idx, emb, torch.tensor([0, 1]))', js: () => F.embedding_bag(idx, emb, torch.tensor([0n, 1n])) },
  { id: 'embedding_bag 1-d without offsets', py: 'F.embedding_bag(idx.flatten(), emb)', js: () => F.embedding_bag(idx.flatten(), emb) },
  { id: 'embedding_bag 2-d offsets', py: 'F.embedding_bag(idx.flatten(), emb, idx)', js: () => F.embedding_bag(idx.flatten(), emb, idx) },
  { id: 'embedding_bag 3-d input', py: 'F.embedding_bag(idx[None], emb)', js: () => F.embedding_bag(idx.unsqueeze(0), emb) },
  { id: 'embedding_bag weight dims', py: 'F.embedding_bag(idx, emb[0])', js: () => F.embedding_bag(idx, emb.at(0)) },
  { id: 'embedding_bag mode', py: "F.embedding_bag(idx, emb, mode='min')", js: () => F.embedding_bag(idx, emb, { mode: 'min' }) },
  { id: 'embedding_bag max scale_grad', py: "F.embedding_bag(idx, emb, mode='max', scale_grad_by_freq=True)", js: () => F.embedding_bag(idx, emb, { mode: 'max', scale_grad_by_freq: true }) },
  { id: 'embedding_bag max sparse', py: "F.embedding_bag(idx, emb, mode='max', sparse=True)", js: () => F.embedding_bag(idx, emb, { mode: 'max', sparse: true }) },
  { id: 'embedding_bag per_sample_weights mean', py: 'F.embedding_bag(idx, emb, per_sample_weights=torch.ones(2, 4, dtype=torch.float64))', js: () => F.embedding_bag(idx, emb, { per_sample_weights: torch.ones(2, 4, { dtype: torch.float64 }) }) },
  { id: 'embedding_bag per_sample_weights shape', py: "F.embedding_bag(idx, emb, mode='sum', per_sample_weights=torch.ones(8, dtype=torch.float64))", js: () => F.embedding_bag(idx, emb, { mode: 'sum', per_sample_weights: torch.ones(8, { dtype: torch.float64 }) }) },
  { id: 'one_hot', py: 'F.one_hot(idx)', js: () => F.one_hot(idx) },
  { id: 'one_hot num_classes', py: 'F.one_hot(idx, 12)', js: () => F.one_hot(idx, 12) },
  // linear maps
  { id: 'linear', py: 'F.linear(mq, outW, outB)', js: () => F.linear(mq, outW, outB) },
  { id: 'bilinear', py: 'F.bilinear(mq, mq, inW[:3].reshape(3, 8, 1).expand(3, 8, 8).contiguous())', js: () => F.bilinear(mq, mq, inW.at(':3').reshape(3, 8, 1).expand(3, 8, 8).contiguous()) },
  { id: 'conv2d', py: 'F.conv2d(img, theta.reshape(2, 3, 1, 2), stride=(2, 1), padding=1)', js: () => F.conv2d(img, theta.reshape(2, 3, 1, 2), { stride: [2, 1], padding: 1 }) },
  { id: 'conv1d same', py: "F.conv1d(sig, torch.ones(4, 3, 3), padding='same')", js: () => F.conv1d(sig, torch.ones(4, 3, 3), { padding: 'same' }) },
  { id: 'conv_transpose1d', py: 'F.conv_transpose1d(sig, torch.ones(3, 2, 3), stride=2, output_padding=1)', js: () => F.conv_transpose1d(sig, torch.ones(3, 2, 3), { stride: 2, output_padding: 1 }) },
  { id: 'conv_tbc', py: 'F.conv_tbc(sig, torch.ones(2, 6, 4), torch.zeros(4))', js: () => F.conv_tbc(sig, torch.ones(2, 6, 4), torch.zeros(4)) },
  { id: 'grouped_mm', py: 'F.grouped_mm(torch.arange(64.).reshape(2, 4, 8).bfloat16(), torch.ones(2, 8, 8).bfloat16())', js: () => F.grouped_mm(torch.arange(64, { dtype: torch.float32 }).reshape(2, 4, 8).bfloat16(), torch.ones(2, 8, 8).bfloat16()) },
  { id: 'grouped_mm offsets', py: 'F.grouped_mm(torch.ones(8, 8).bfloat16(), torch.ones(2, 8, 8).bfloat16(), offs=torch.tensor([3, 8], dtype=torch.int32))', js: () => F.grouped_mm(torch.ones(8, 8).bfloat16(), torch.ones(2, 8, 8).bfloat16(), { offs: torch.tensor([3, 8], { dtype: torch.int32 }) }) },
  { id: 'grouped_mm alignment', py: 'F.grouped_mm(torch.ones(2, 4, 3), torch.ones(2, 3, 5))', js: () => F.grouped_mm(torch.ones(2, 4, 3), torch.ones(2, 3, 5)) },
  {
    id: 'scaled_mm (a CUDA kernel)',
    py: 'F.scaled_mm(outW.float(), outW.float(), torch.ones(1), F.ScalingType.TensorWise, [torch.ones(1)], [F.ScalingType.TensorWise], swizzle_a=F.SwizzleType.NO_SWIZZLE)',
    js: () => F.scaled_mm(outW.float(), outW.float(), torch.ones(1), F.ScalingType.TensorWise, [torch.ones(1)], [F.ScalingType.TensorWise], { swizzle_a: F.SwizzleType.NO_SWIZZLE }),
  },
  {
    id: 'scaled_grouped_mm (a CUDA kernel)',
    py: 'F.scaled_grouped_mm(outW.float(), outW.float(), torch.ones(1), F.ScalingType.RowWise, torch.ones(1), F.ScalingType.RowWise, offs=torch.tensor([8], dtype=torch.int32))',
    js: () => F.scaled_grouped_mm(outW.float(), outW.float(), torch.ones(1), F.ScalingType.RowWise, torch.ones(1), F.ScalingType.RowWise, { offs: torch.tensor([8], { dtype: torch.int32 }) }),
  },
  { id: 'ScalingType', py: '[str(F.ScalingType.BlockWise1x32), F.ScalingType.BlockWise1x32.value, repr(F.SwizzleType.SWIZZLE_32_4_4)]', js: () => [String(F.ScalingType.BlockWise1x32), F.ScalingType.BlockWise1x32.value, require('util').inspect(F.SwizzleType.SWIZZLE_32_4_4)] },
  // attention
  { id: 'scaled_dot_product_attention', py: 'F.scaled_dot_product_attention(q, k, vv)', js: () => F.scaled_dot_product_attention(q, k, vv) },
  { id: 'sdpa causal scale', py: 'F.scaled_dot_product_attention(q, k, vv, is_causal=True, scale=0.3)', js: () => F.scaled_dot_product_attention(q, k, vv, { is_causal: true, scale: 0.3 }) },
  { id: 'sdpa bool mask', py: 'F.scaled_dot_product_attention(q, k, vv, attn_mask=torch.ones(3, 5).tril().bool())', js: () => F.scaled_dot_product_attention(q, k, vv, { attn_mask: torch.ones(3, 5).tril().bool() }) },
  { id: 'sdpa dropout', py: 'F.scaled_dot_product_attention(q, k, vv, dropout_p=0.5)', js: () => F.scaled_dot_product_attention(q, k, vv, { dropout_p: 0.5 }), seed: 51 },
  { id: 'sdpa gqa', py: 'F.scaled_dot_product_attention(q, k[:, :2], vv[:, :2], enable_gqa=True)', js: () => F.scaled_dot_product_attention(q, k.at(':', ':2'), vv.at(':', ':2'), { enable_gqa: true }) },
  { id: 'mha', py: 'mha(mq, mk, mv)', js: () => mha(mq, mk, mv) },
  { id: 'mha self-attention', py: 'mha(mq, mq, mq)', js: () => mha(mq, mq, mq) },
  { id: 'mha shared key value', py: 'mha(mq, mk, mk)', js: () => mha(mq, mk, mk) },
  { id: 'mha no weights', py: 'mha(mq, mk, mv, need_weights=False)', js: () => mha(mq, mk, mv, { need_weights: false }) },
  { id: 'mha per-head weights', py: 'mha(mq, mk, mv, average_attn_weights=False)', js: () => mha(mq, mk, mv, { average_attn_weights: false }) },
  { id: 'mha unbatched', py: 'mha(mq[:, 0], mk[:, 0], mv[:, 0])', js: () => mha(mq.at(':', 0), mk.at(':', 0), mv.at(':', 0)) },
  { id: 'mha key_padding_mask', py: 'mha(mq, mk, mv, key_padding_mask=torch.tensor([[False] * 4 + [True], [False] * 5]))', js: () => mha(mq, mk, mv, { key_padding_mask: torch.tensor([[false, false, false, false, true], [false, false, false, false, false]]) }) },
  { id: 'mha float attn_mask no weights', py: 'mha(mq, mk, mv, need_weights=False, attn_mask=torch.ones(3, 5, dtype=torch.float64).triu())', js: () => mha(mq, mk, mv, { need_weights: false, attn_mask: torch.ones(3, 5, { dtype: torch.float64 }).triu() }) },
  { id: 'mha 3-d bool mask', py: 'mha(mq, mk, mv, attn_mask=torch.zeros(4, 3, 5, dtype=torch.bool))', js: () => mha(mq, mk, mv, { attn_mask: torch.zeros([4, 3, 5], { dtype: torch.bool }) }) },
  { id: 'mha is_causal', py: 'mha(mq, mq, mq, need_weights=False, is_causal=True, attn_mask=torch.ones(3, 3).triu(1).bool())', js: () => mha(mq, mq, mq, { need_weights: false, is_causal: true, attn_mask: torch.ones(3, 3).triu(1).bool() }) },
  { id: 'mha is_causal without mask', py: 'mha(mq, mk, mv, is_causal=True)', js: () => mha(mq, mk, mv, { is_causal: true }) },
  { id: 'mha dropout', py: 'F.multi_head_attention_forward(mq, mk, mv, 8, 2, inW, inB, None, None, False, 0.4, outW, outB)', js: () => F.multi_head_attention_forward(mq, mk, mv, 8, 2, inW, inB, null, null, false, 0.4, outW, outB), seed: 52 },
  { id: 'mha dropout eval', py: 'F.multi_head_attention_forward(mq, mk, mv, 8, 2, inW, inB, None, None, False, 0.4, outW, outB, training=False)', js: () => F.multi_head_attention_forward(mq, mk, mv, 8, 2, inW, inB, null, null, false, 0.4, outW, outB, { training: false }), seed: 52 },
  {
    id: 'mha bias_k bias_v add_zero_attn',
    py: 'F.multi_head_attention_forward(mq, mk, mv, 8, 2, inW, inB, outB.reshape(1, 1, 8), inB[:8].reshape(1, 1, 8), True, 0.0, outW, None, key_padding_mask=torch.zeros(2, 5, dtype=torch.bool), attn_mask=torch.zeros(3, 5, dtype=torch.bool))',
    js: () => F.multi_head_attention_forward(mq, mk, mv, 8, 2, inW, inB, outB.reshape(1, 1, 8), inB.at(':8').reshape(1, 1, 8), true, 0.0, outW, null, { key_padding_mask: torch.zeros([2, 5], { dtype: torch.bool }), attn_mask: torch.zeros([3, 5], { dtype: torch.bool }) }),
  },
  {
    id: 'mha separate projections',
    py: 'F.multi_head_attention_forward(mq, mk, mv, 8, 2, None, inB, None, None, False, 0.0, outW, outB, use_separate_proj_weight=True, q_proj_weight=inW[:8], k_proj_weight=inW[8:16], v_proj_weight=inW[16:])',
    js: () => F.multi_head_attention_forward(mq, mk, mv, 8, 2, null, inB, null, null, false, 0.0, outW, outB, { use_separate_proj_weight: true, q_proj_weight: inW.at(':8'), k_proj_weight: inW.at('8:16'), v_proj_weight: inW.at('16:') }),
  },
  {
    id: 'mha static k v',
    py: 'nw(F.multi_head_attention_forward(mq, mk, mv, 8, 2, inW, inB, None, None, False, 0.0, outW, outB, static_k=k[0], static_v=vv[0], need_weights=False))',
    js: () => nw(F.multi_head_attention_forward(mq, mk, mv, 8, 2, inW, inB, null, null, false, 0.0, outW, outB, { static_k: k.at(0), static_v: vv.at(0), need_weights: false })),
  },
  { id: 'mha 4-d query', py: 'mha(q, k, vv)', js: () => mha(q, k, vv) },
  { id: 'mha key dims', py: 'mha(mq, mk[:, 0], mv)', js: () => mha(mq, mk.at(':', 0), mv) },
  { id: 'mha embed_dim', py: 'F.multi_head_attention_forward(mq, mk, mv, 6, 2, inW, inB, None, None, False, 0.0, outW, outB)', js: () => F.multi_head_attention_forward(mq, mk, mv, 6, 2, inW, inB, null, null, false, 0.0, outW, outB) },
  { id: 'mha heads', py: 'F.multi_head_attention_forward(mq, mk, mv, 8, 3, inW, inB, None, None, False, 0.0, outW, outB)', js: () => F.multi_head_attention_forward(mq, mk, mv, 8, 3, inW, inB, null, null, false, 0.0, outW, outB) },
  { id: 'mha key value shapes', py: 'mha(mq, mk, mv[:4])', js: () => mha(mq, mk, mv.at(':4')) },
  { id: 'mha int mask', py: 'mha(mq, mk, mv, attn_mask=torch.zeros(3, 5, dtype=torch.long))', js: () => mha(mq, mk, mv, { attn_mask: torch.zeros([3, 5], { dtype: torch.int64 }) }) },
  { id: 'mha 2-d mask shape', py: 'mha(mq, mk, mv, attn_mask=torch.zeros(3, 4, dtype=torch.float64))', js: () => mha(mq, mk, mv, { attn_mask: torch.zeros([3, 4], { dtype: torch.float64 }) }) },
  { id: 'mha 3-d mask shape', py: 'mha(mq, mk, mv, attn_mask=torch.zeros(2, 3, 5, dtype=torch.float64))', js: () => mha(mq, mk, mv, { attn_mask: torch.zeros([2, 3, 5], { dtype: torch.float64 }) }) },
  { id: 'mha key_padding_mask shape', py: 'mha(mq, mk, mv, key_padding_mask=torch.zeros(2, 4, dtype=torch.bool))', js: () => mha(mq, mk, mv, { key_padding_mask: torch.zeros([2, 4], { dtype: torch.bool }) }) },
  { id: 'mha no in_proj_weight', py: 'F.multi_head_attention_forward(mq, mk, mv, 8, 2, None, inB, None, None, False, 0.0, outW, outB)', js: () => F.multi_head_attention_forward(mq, mk, mv, 8, 2, null, inB, null, null, false, 0.0, outW, outB) },
  { id: 'mha bias_k only', py: 'F.multi_head_attention_forward(mq, mk, mv, 8, 2, inW, inB, outB.reshape(1, 1, 8), None, False, 0.0, outW, outB)', js: () => F.multi_head_attention_forward(mq, mk, mv, 8, 2, inW, inB, outB.reshape(1, 1, 8), null, false, 0.0, outW, outB) },
  {
    id: 'mha separate projection shape',
    py: 'F.multi_head_attention_forward(mq, mk, mv, 8, 2, None, inB, None, None, False, 0.0, outW, outB, use_separate_proj_weight=True, q_proj_weight=inW[:7], k_proj_weight=inW[8:16], v_proj_weight=inW[16:])',
    js: () => F.multi_head_attention_forward(mq, mk, mv, 8, 2, null, inB, null, null, false, 0.0, outW, outB, { use_separate_proj_weight: true, q_proj_weight: inW.at(':7'), k_proj_weight: inW.at('8:16'), v_proj_weight: inW.at('16:') }),
  },
];

describe('torch.nn.functional vision, embeddings, linear maps and attention (parity with Python)', () => {
  parityCases(PRE, () => {
    torch.manual_seed(0);
    const f64 = { dtype: torch.float64 };
    img = torch.randn(2, 3, 5, 4, f64);
    sig = torch.randn(2, 3, 6);
    vol = torch.randn(1, 2, 3, 4, 3, f64);
    grid = torch.rand(2, 4, 3, 2, f64).mul(2.4).sub(1.2);
    theta = torch.randn(2, 2, 3, f64);
    theta3 = torch.randn(1, 3, 4, f64);
    emb = torch.randn(10, 3, f64);
    idx = torch.tensor([[1n, 2n, 4n, 5n], [4n, 3n, 2n, 9n]]);
    q = torch.randn(2, 4, 3, 8, f64);
    k = torch.randn(2, 4, 5, 8, f64);
    vv = torch.randn(2, 4, 5, 8, f64);
    mq = torch.randn(3, 2, 8, f64);
    mk = torch.randn(5, 2, 8, f64);
    mv = torch.randn(5, 2, 8, f64);
    inW = torch.randn(24, 8, f64);
    inB = torch.randn(24, f64);
    outW = torch.randn(8, 8, f64);
    outB = torch.randn(8, f64);
  }, cases);
});
