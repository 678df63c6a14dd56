// nn layers against Python PyTorch, live (test/nn/layers_harness.py runs each case the same way in Python): after
// torch.manual_seed(0) each layer's initial state_dict equals Python's bit for bit, String(m) equals repr(m) and the
// state_dict keys are Python's (BatchNorm's num_batches_tracked included); then in float64 the forward, the input
// grads, the parameter grads and the state after the step (running stats) equal Python's to 1e-10 relative. Train-mode
// dropout draws from the random stream as Python does, so its outputs are equal too.
// JavaScript has one number type, so a float hyperparameter prints as Python's float does (Softplus(beta=2.0)); the
// Python side here passes floats where PyTorch declares them (beta=2.0, not beta=2).
import torch from '../../lib';
import { nn } from '../../lib';
import { enc, expectClose, runPy, type PyOut } from './helpers';

type Tensor = torch.Tensor;
type Spec = (string | number)[];

interface Case {
  py: string; // Python constructor expression
  js: () => nn.Module;
  in: Spec[];
  train?: boolean;
  double?: boolean;
  grad?: boolean;
  pickPy?: string; // lambda body over y
  pickJs?: (y: any) => unknown;
  kwPy?: string; // Python kwargs dict literal for the call
  callPy?: string; // Python call expression over m and xs (instead of m(*xs, **kwargs))
  call?: (m: nn.Module, xs: (Tensor | null)[]) => unknown;
  rtol?: number;
}

function makeInput(spec: Spec, double: boolean): Tensor | null {
  const [kind, ...rest] = spec;
  const args = rest as number[];
  const fdt = double ? torch.float64 : torch.float32;
  switch (kind) {
    case 'n': return torch.randn(args, { dtype: fdt }).requires_grad_();
    case 't': return torch.randn(args, { dtype: fdt });
    case 'r': return torch.rand(args, { dtype: fdt });
    case 'rg': return torch.rand(args, { dtype: fdt }).requires_grad_();
    case 'i': return torch.randint(args[0], args.slice(1));
    case 's': return torch.randint(2, args).to(fdt).mul(2).sub(1);
    case 'b': return torch.randint(2, args).to(fdt);
    case 'none': return null;
    default: throw new Error(String(kind));
  }
}

function flat(v: unknown): Tensor[] {
  if (v instanceof torch.Tensor) return [v];
  if (Array.isArray(v)) return v.flatMap(flat);
  return [];
}

function runJs(c: Case): Record<string, unknown> {
  const double = c.double ?? true;
  torch.manual_seed(0);
  let m = c.js();
  const init = Object.entries(m.state_dict()).map(([k, v]) => [k, v.detach().clone()]);
  const r = String(m);
  if (double) m = m.double();
  m.train(c.train ?? true);
  torch.manual_seed(1);
  const xs = c.in.map((s) => makeInput(s, double));
  const y = c.call ? c.call(m, xs) : (m as unknown as (...a: unknown[]) => unknown)(...xs);
  const ys = c.pickJs ? c.pickJs(y) : y;
  const ts = flat(ys).filter((t) => t.requires_grad);
  if ((c.grad ?? true) && ts.length > 0) {
    let loss: Tensor | null = null;
    for (const t of ts) {
      const w = torch.cos(torch.arange(t.numel(), { dtype: t.dtype })).reshape([...t.shape]);
      const s = t.mul(w).sum();
      loss = loss === null ? s : loss.add(s);
    }
    loss!.backward();
  }
  return {
    repr: r,
    init,
    out: ys,
    xgrad: xs.map((x) => (x === null ? null : x.grad)),
    pgrad: [...m.named_parameters()].map(([n, p]) => [n, p.grad]),
    state: Object.entries(m.state_dict()),
  };
}

function pyCode(c: Case): string {
  const opts = [`train=${c.train ?? true ? 'True' : 'False'}`, `double=${c.double ?? true ? 'True' : 'False'}`, `grad=${c.grad ?? true ? 'True' : 'False'}`];
  if (c.pickPy) opts.push(`pick=lambda y: ${c.pickPy}`);
  if (c.kwPy) opts.push(`kwargs=${c.kwPy}`);
  if (c.callPy) opts.push(`call=lambda m, xs: ${c.callPy}`);
  return `out = layer(lambda: ${c.py}, ${JSON.stringify(c.in)}, ${opts.join(', ')})`;
}

const X = (...shape: number[]): Spec => ['n', ...shape];

const CASES: Record<string, Case> = {
  // linear / shape
  flatten: { py: 'nn.Flatten()', js: () => new nn.Flatten(), in: [X(2, 3, 4)] },
  flatten_dims: { py: 'nn.Flatten(0, 1)', js: () => new nn.Flatten(0, 1), in: [X(2, 3, 4)] },
  unflatten: { py: 'nn.Unflatten(1, (2, 3))', js: () => new nn.Unflatten(1, [2, 3]), in: [X(2, 6)] },
  // convolutions
  conv1d: { py: 'nn.Conv1d(3, 4, 3)', js: () => new nn.Conv1d(3, 4, 3), in: [X(2, 3, 10)] },
  conv1d_opts: { py: "nn.Conv1d(4, 6, 3, stride=2, padding=2, dilation=2, groups=2, bias=False, padding_mode='reflect')", js: () => new nn.Conv1d(4, 6, 3, { stride: 2, padding: 2, dilation: 2, groups: 2, bias: false, padding_mode: 'reflect' }), in: [X(2, 4, 11)] },
  conv1d_same: { py: "nn.Conv1d(2, 3, 4, padding='same', padding_mode='circular')", js: () => new nn.Conv1d(2, 3, 4, { padding: 'same', padding_mode: 'circular' }), in: [X(1, 2, 7)] },
  conv2d: { py: 'nn.Conv2d(3, 4, 3)', js: () => new nn.Conv2d(3, 4, 3), in: [X(2, 3, 8, 8)] },
  conv2d_opts: { py: "nn.Conv2d(4, 4, (3, 2), stride=(2, 1), padding=(1, 2), groups=4, padding_mode='replicate')", js: () => new nn.Conv2d(4, 4, [3, 2], { stride: [2, 1], padding: [1, 2], groups: 4, padding_mode: 'replicate' }), in: [X(2, 4, 7, 6)] },
  conv2d_same: { py: "nn.Conv2d(2, 2, 3, padding='same', dilation=2)", js: () => new nn.Conv2d(2, 2, 3, { padding: 'same', dilation: 2 }), in: [X(1, 2, 6, 6)] },
  conv2d_unbatched: { py: 'nn.Conv2d(2, 3, 2)', js: () => new nn.Conv2d(2, 3, 2), in: [X(2, 5, 5)] },
  conv3d: { py: 'nn.Conv3d(2, 3, 2, stride=(1, 2, 1), padding=1)', js: () => new nn.Conv3d(2, 3, 2, { stride: [1, 2, 1], padding: 1 }), in: [X(1, 2, 4, 5, 4)] },
  convt1d: { py: 'nn.ConvTranspose1d(3, 2, 3, stride=2, output_padding=1)', js: () => new nn.ConvTranspose1d(3, 2, 3, { stride: 2, output_padding: 1 }), in: [X(2, 3, 5)] },
  convt2d: { py: 'nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, groups=2, dilation=1)', js: () => new nn.ConvTranspose2d(4, 2, 3, { stride: 2, padding: 1, groups: 2, dilation: 1 }), in: [X(2, 4, 4, 4)] },
  convt2d_output_size: {
    py: 'nn.ConvTranspose2d(2, 3, 3, stride=2)', js: () => new nn.ConvTranspose2d(2, 3, 3, { stride: 2 }), in: [X(1, 2, 4, 4)],
    callPy: 'm(xs[0], output_size=[10, 10])', call: (m, xs) => (m as nn.ConvTranspose2d).forward(xs[0]!, [10, 10]),
  },
  convt3d: { py: 'nn.ConvTranspose3d(2, 2, 2, bias=False)', js: () => new nn.ConvTranspose3d(2, 2, 2, { bias: false }), in: [X(1, 2, 3, 3, 3)] },
  // normalisation
  bn1d: { py: 'nn.BatchNorm1d(4)', js: () => new nn.BatchNorm1d(4), in: [X(5, 4)] },
  bn1d_3d: { py: 'nn.BatchNorm1d(3, momentum=None, affine=False)', js: () => new nn.BatchNorm1d(3, { momentum: null, affine: false }), in: [X(4, 3, 5)] },
  bn1d_eval: { py: 'nn.BatchNorm1d(4)', js: () => new nn.BatchNorm1d(4), in: [X(5, 4)], train: false },
  bn2d: { py: 'nn.BatchNorm2d(3, eps=1e-3, momentum=0.3)', js: () => new nn.BatchNorm2d(3, { eps: 1e-3, momentum: 0.3 }), in: [X(2, 3, 4, 4)] },
  bn2d_eval: { py: 'nn.BatchNorm2d(3)', js: () => new nn.BatchNorm2d(3), in: [X(2, 3, 4, 4)], train: false },
  bn2d_no_stats: { py: 'nn.BatchNorm2d(3, track_running_stats=False)', js: () => new nn.BatchNorm2d(3, { track_running_stats: false }), in: [X(2, 3, 3, 3)], train: false },
  bn3d: { py: 'nn.BatchNorm3d(2)', js: () => new nn.BatchNorm3d(2), in: [X(2, 2, 3, 3, 3)] },
  syncbn: { py: 'nn.SyncBatchNorm(3)', js: () => new nn.SyncBatchNorm(3), in: [X(2, 3, 4)], train: false },
  instnorm1d: { py: 'nn.InstanceNorm1d(3)', js: () => new nn.InstanceNorm1d(3), in: [X(2, 3, 6)] },
  instnorm2d_affine: { py: 'nn.InstanceNorm2d(3, affine=True, track_running_stats=True)', js: () => new nn.InstanceNorm2d(3, { affine: true, track_running_stats: true }), in: [X(2, 3, 4, 4)] },
  layernorm: { py: 'nn.LayerNorm(5)', js: () => new nn.LayerNorm(5), in: [X(2, 3, 5)] },
  layernorm_shape: { py: 'nn.LayerNorm([3, 5], eps=1e-4, bias=False)', js: () => new nn.LayerNorm([3, 5], { eps: 1e-4, bias: false }), in: [X(2, 3, 5)] },
  layernorm_noaffine: { py: 'nn.LayerNorm(4, elementwise_affine=False)', js: () => new nn.LayerNorm(4, { elementwise_affine: false }), in: [X(3, 4)] },
  groupnorm: { py: 'nn.GroupNorm(2, 4)', js: () => new nn.GroupNorm(2, 4), in: [X(2, 4, 3, 3)] },
  rmsnorm: { py: 'nn.RMSNorm(5)', js: () => new nn.RMSNorm(5), in: [X(2, 3, 5)] },
  rmsnorm_eps: { py: 'nn.RMSNorm([3, 5], eps=1e-5)', js: () => new nn.RMSNorm([3, 5], { eps: 1e-5 }), in: [X(2, 3, 5)] },
  lrn: { py: 'nn.LocalResponseNorm(3)', js: () => new nn.LocalResponseNorm(3), in: [X(2, 5, 4, 4)] },
  // dropout
  dropout_eval: { py: 'nn.Dropout(0.5)', js: () => new nn.Dropout(0.5), in: [X(4, 5)], train: false },
  dropout_train: { py: 'nn.Dropout(0.3)', js: () => new nn.Dropout(0.3), in: [X(6, 7)] },
  dropout_train_f32: { py: 'nn.Dropout(0.5)', js: () => new nn.Dropout(0.5), in: [X(50, 40)], double: false },
  dropout1d: { py: 'nn.Dropout1d(0.5)', js: () => new nn.Dropout1d(0.5), in: [X(2, 6, 4)] },
  dropout2d: { py: 'nn.Dropout2d()', js: () => new nn.Dropout2d(), in: [X(2, 6, 3, 3)] },
  dropout3d: { py: 'nn.Dropout3d(0.25)', js: () => new nn.Dropout3d(0.25), in: [X(2, 4, 2, 2, 2)] },
  alphadropout: { py: 'nn.AlphaDropout(0.2)', js: () => new nn.AlphaDropout(0.2), in: [X(5, 6)] },
  featurealphadropout: { py: 'nn.FeatureAlphaDropout(0.2)', js: () => new nn.FeatureAlphaDropout(0.2), in: [X(2, 5, 3, 3)] },
  // sparse
  embedding: { py: 'nn.Embedding(10, 3)', js: () => new nn.Embedding(10, 3), in: [['i', 10, 2, 4]] },
  embedding_padding: { py: 'nn.Embedding(10, 3, padding_idx=2)', js: () => new nn.Embedding(10, 3, { padding_idx: 2 }), in: [['i', 4, 3, 5]] },
  embedding_max_norm: { py: 'nn.Embedding(6, 4, max_norm=1.0)', js: () => new nn.Embedding(6, 4, { max_norm: 1.0 }), in: [['i', 6, 8]] },
  embedding_pretrained: {
    py: 'nn.Embedding.from_pretrained(torch.arange(12.).reshape(4, 3), freeze=False)',
    js: () => nn.Embedding.from_pretrained(torch.arange(12).float().reshape(4, 3), { freeze: false }), in: [['i', 4, 5]],
  },
  embeddingbag: { py: "nn.EmbeddingBag(10, 3, mode='mean')", js: () => new nn.EmbeddingBag(10, 3, { mode: 'mean' }), in: [['i', 10, 2, 4]] },
  embeddingbag_sum: { py: "nn.EmbeddingBag(10, 3, mode='sum')", js: () => new nn.EmbeddingBag(10, 3, { mode: 'sum' }), in: [['i', 10, 3, 2]] },
  embeddingbag_max: { py: "nn.EmbeddingBag(10, 3, mode='max')", js: () => new nn.EmbeddingBag(10, 3, { mode: 'max' }), in: [['i', 10, 3, 2]] },
  // pooling
  maxpool1d: { py: 'nn.MaxPool1d(3, stride=2, padding=1)', js: () => new nn.MaxPool1d(3, { stride: 2, padding: 1 }), in: [X(2, 3, 9)] },
  maxpool2d: { py: 'nn.MaxPool2d(2)', js: () => new nn.MaxPool2d(2), in: [X(2, 3, 6, 6)] },
  maxpool2d_idx: { py: 'nn.MaxPool2d(3, stride=2, dilation=1, return_indices=True, ceil_mode=True)', js: () => new nn.MaxPool2d(3, { stride: 2, return_indices: true, ceil_mode: true }), in: [X(1, 2, 7, 7)] },
  maxpool3d: { py: 'nn.MaxPool3d(2)', js: () => new nn.MaxPool3d(2), in: [X(1, 2, 4, 4, 4)] },
  avgpool1d: { py: 'nn.AvgPool1d(3, stride=2, padding=1, count_include_pad=False)', js: () => new nn.AvgPool1d(3, { stride: 2, padding: 1, count_include_pad: false }), in: [X(2, 3, 8)] },
  avgpool2d: { py: 'nn.AvgPool2d(2)', js: () => new nn.AvgPool2d(2), in: [X(2, 3, 6, 6)] },
  avgpool2d_opts: { py: 'nn.AvgPool2d((3, 2), stride=(2, 1), padding=1, ceil_mode=True, divisor_override=3)', js: () => new nn.AvgPool2d([3, 2], { stride: [2, 1], padding: 1, ceil_mode: true, divisor_override: 3 }), in: [X(1, 2, 7, 6)] },
  avgpool3d: { py: 'nn.AvgPool3d(2, stride=1)', js: () => new nn.AvgPool3d(2, { stride: 1 }), in: [X(1, 2, 3, 3, 3)] },
  lppool1d: { py: 'nn.LPPool1d(2.0, 3, stride=2)', js: () => new nn.LPPool1d(2, 3, { stride: 2 }), in: [X(1, 2, 9)] },
  lppool2d: { py: 'nn.LPPool2d(1.5, 2)', js: () => new nn.LPPool2d(1.5, 2), in: [['rg', 1, 2, 4, 4]] },
  adaptiveavg1d: { py: 'nn.AdaptiveAvgPool1d(4)', js: () => new nn.AdaptiveAvgPool1d(4), in: [X(2, 3, 10)] },
  adaptiveavg2d: { py: 'nn.AdaptiveAvgPool2d((3, None))', js: () => new nn.AdaptiveAvgPool2d([3, null]), in: [X(2, 3, 7, 5)] },
  adaptiveavg2d_1: { py: 'nn.AdaptiveAvgPool2d(1)', js: () => new nn.AdaptiveAvgPool2d(1), in: [X(2, 3, 7, 5)] },
  adaptiveavg3d: { py: 'nn.AdaptiveAvgPool3d(2)', js: () => new nn.AdaptiveAvgPool3d(2), in: [X(1, 2, 5, 4, 3)] },
  adaptivemax1d: { py: 'nn.AdaptiveMaxPool1d(3, return_indices=True)', js: () => new nn.AdaptiveMaxPool1d(3, true), in: [X(2, 3, 10)] },
  adaptivemax2d: { py: 'nn.AdaptiveMaxPool2d((2, 3))', js: () => new nn.AdaptiveMaxPool2d([2, 3]), in: [X(2, 3, 7, 5)] },
  // padding
  zeropad2d: { py: 'nn.ZeroPad2d((1, 2, 0, 3))', js: () => new nn.ZeroPad2d([1, 2, 0, 3]), in: [X(1, 2, 3, 3)] },
  constpad1d: { py: 'nn.ConstantPad1d(2, 3.5)', js: () => new nn.ConstantPad1d(2, 3.5), in: [X(1, 2, 3)] },
  constpad3d: { py: 'nn.ConstantPad3d((1, 0, 0, 1, 1, 1), -1.0)', js: () => new nn.ConstantPad3d([1, 0, 0, 1, 1, 1], -1.0), in: [X(1, 1, 2, 2, 2)] },
  reflpad1d: { py: 'nn.ReflectionPad1d((2, 1))', js: () => new nn.ReflectionPad1d([2, 1]), in: [X(2, 2, 4)] },
  reflpad2d: { py: 'nn.ReflectionPad2d(2)', js: () => new nn.ReflectionPad2d(2), in: [X(1, 2, 4, 4)] },
  replpad2d: { py: 'nn.ReplicationPad2d((1, 1, 2, 0))', js: () => new nn.ReplicationPad2d([1, 1, 2, 0]), in: [X(1, 2, 3, 3)] },
  replpad3d: { py: 'nn.ReplicationPad3d(1)', js: () => new nn.ReplicationPad3d(1), in: [X(1, 1, 2, 2, 2)] },
  circpad2d: { py: 'nn.CircularPad2d((1, 2, 2, 1))', js: () => new nn.CircularPad2d([1, 2, 2, 1]), in: [X(1, 2, 3, 3)] },
  // upsampling, shuffles, fold
  upsample_nearest: { py: 'nn.Upsample(scale_factor=2)', js: () => new nn.Upsample({ scale_factor: 2 }), in: [X(1, 2, 3, 3)] },
  upsample_bilinear: { py: "nn.Upsample(size=(5, 7), mode='bilinear', align_corners=True)", js: () => new nn.Upsample({ size: [5, 7], mode: 'bilinear', align_corners: true }), in: [X(1, 2, 3, 4)] },
  upsample_bicubic: { py: "nn.Upsample(scale_factor=1.5, mode='bicubic')", js: () => new nn.Upsample({ scale_factor: 1.5, mode: 'bicubic' }), in: [X(1, 1, 4, 4)] },
  upsample_linear: { py: "nn.Upsample(scale_factor=2, mode='linear')", js: () => new nn.Upsample({ scale_factor: 2, mode: 'linear' }), in: [X(1, 2, 5)] },
  upsample_trilinear: { py: "nn.Upsample(scale_factor=(2, 1, 2), mode='trilinear')", js: () => new nn.Upsample({ scale_factor: [2, 1, 2], mode: 'trilinear' }), in: [X(1, 1, 2, 3, 2)] },
  upsampling_nearest2d: { py: 'nn.UpsamplingNearest2d(scale_factor=3)', js: () => new nn.UpsamplingNearest2d({ scale_factor: 3 }), in: [X(1, 1, 2, 2)] },
  upsampling_bilinear2d: { py: 'nn.UpsamplingBilinear2d(size=4)', js: () => new nn.UpsamplingBilinear2d({ size: 4 }), in: [X(1, 1, 2, 3)] },
  pixelshuffle: { py: 'nn.PixelShuffle(2)', js: () => new nn.PixelShuffle(2), in: [X(1, 8, 2, 3)] },
  pixelunshuffle: { py: 'nn.PixelUnshuffle(2)', js: () => new nn.PixelUnshuffle(2), in: [X(1, 2, 4, 6)] },
  channelshuffle: { py: 'nn.ChannelShuffle(2)', js: () => new nn.ChannelShuffle(2), in: [X(1, 4, 2, 2)], grad: false },
  fold: { py: 'nn.Fold(output_size=(4, 5), kernel_size=(2, 2))', js: () => new nn.Fold({ output_size: [4, 5], kernel_size: [2, 2] }), in: [X(1, 12, 12)] },
  unfold: { py: 'nn.Unfold(kernel_size=(2, 3), dilation=1, padding=1, stride=2)', js: () => new nn.Unfold({ kernel_size: [2, 3], dilation: 1, padding: 1, stride: 2 }), in: [X(2, 3, 5, 5)] },
  // distances
  pairwise: { py: 'nn.PairwiseDistance(p=1.5, keepdim=True)', js: () => new nn.PairwiseDistance({ p: 1.5, keepdim: true }), in: [X(4, 5), X(4, 5)] },
  cosine: { py: 'nn.CosineSimilarity(dim=0)', js: () => new nn.CosineSimilarity({ dim: 0 }), in: [X(4, 5), X(4, 5)] },
  // attention and transformers
  mha: { py: 'nn.MultiheadAttention(8, 2)', js: () => new nn.MultiheadAttention(8, 2), in: [X(5, 3, 8), X(4, 3, 8), X(4, 3, 8)] },
  mha_batch_first: {
    py: 'nn.MultiheadAttention(6, 3, batch_first=True, bias=False, add_bias_kv=True, add_zero_attn=True)',
    js: () => new nn.MultiheadAttention(6, 3, { batch_first: true, bias: false, add_bias_kv: true, add_zero_attn: true }), in: [X(2, 4, 6), X(2, 4, 6), X(2, 4, 6)],
  },
  mha_kdim_vdim: {
    py: 'nn.MultiheadAttention(8, 2, kdim=5, vdim=3, dropout=0.0)', js: () => new nn.MultiheadAttention(8, 2, { kdim: 5, vdim: 3, dropout: 0.0 }), in: [X(4, 2, 8), X(6, 2, 5), X(6, 2, 3)],
  },
  mha_masks: {
    py: 'nn.MultiheadAttention(4, 2, batch_first=True)', js: () => new nn.MultiheadAttention(4, 2, { batch_first: true }), in: [X(2, 3, 4)],
    callPy: "m(xs[0], xs[0], xs[0], attn_mask=torch.triu(torch.ones(3, 3, dtype=torch.bool), 1), key_padding_mask=torch.tensor([[False, False, True], [False, False, False]]), average_attn_weights=False)",
    call: (m, xs) => {
      const x = xs[0]!;
      const mask = torch.triu(torch.ones([3, 3], { dtype: torch.bool }), 1);
      const kpm = torch.tensor([[false, false, true], [false, false, false]]);
      return (m as nn.MultiheadAttention)(x, x, x, { attn_mask: mask, key_padding_mask: kpm, average_attn_weights: false });
    },
  },
  mha_dropout_train: { py: 'nn.MultiheadAttention(4, 2, dropout=0.3)', js: () => new nn.MultiheadAttention(4, 2, { dropout: 0.3 }), in: [X(3, 2, 4), X(3, 2, 4), X(3, 2, 4)] },
  enc_layer: {
    py: 'nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0)', js: () => new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.0 }), in: [X(5, 2, 8)],
  },
  enc_layer_gelu_nf_bf: {
    py: "nn.TransformerEncoderLayer(8, 4, dim_feedforward=12, dropout=0.1, activation='gelu', norm_first=True, batch_first=True)",
    js: () => new nn.TransformerEncoderLayer(8, 4, { dim_feedforward: 12, dropout: 0.1, activation: 'gelu', norm_first: true, batch_first: true }), in: [X(2, 5, 8)],
  },
  enc_layer_eval: {
    py: 'nn.TransformerEncoderLayer(8, 2, dim_feedforward=16)', js: () => new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16 }), in: [X(5, 2, 8)], train: false,
  },
  encoder: {
    py: 'nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.1), 2, norm=nn.LayerNorm(8), enable_nested_tensor=False)',
    js: () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.1 }), 2, { norm: new nn.LayerNorm(8), enable_nested_tensor: false }), in: [X(4, 2, 8)],
  },
  dec_layer: {
    py: 'nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.1)', js: () => new nn.TransformerDecoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.1 }), in: [X(4, 2, 8), X(5, 2, 8)],
  },
  decoder: {
    py: 'nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0, batch_first=True), 2)',
    js: () => new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, { dim_feedforward: 16, dropout: 0.0, batch_first: true }), 2), in: [X(2, 4, 8), X(2, 5, 8)],
  },
  transformer: {
    py: 'nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=16, dropout=0.1)',
    js: () => new nn.Transformer({ d_model: 8, nhead: 2, num_encoder_layers: 2, num_decoder_layers: 1, dim_feedforward: 16, dropout: 0.1 }), in: [X(5, 2, 8), X(3, 2, 8)],
  },
  transformer_causal: {
    py: 'nn.Transformer(d_model=4, nhead=1, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=8, dropout=0.0, batch_first=True, norm_first=True)',
    js: () => new nn.Transformer({ d_model: 4, nhead: 1, num_encoder_layers: 1, num_decoder_layers: 1, dim_feedforward: 8, dropout: 0.0, batch_first: true, norm_first: true }),
    in: [X(2, 5, 4), X(2, 3, 4)],
    kwPy: "{'tgt_mask': nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64), 'tgt_is_causal': True}",
    call: (m, xs) => (m as nn.Transformer)(xs[0]!, xs[1]!, { tgt_mask: nn.Transformer.generate_square_subsequent_mask(3, { dtype: torch.float64 }), tgt_is_causal: true }),
  },
  // recurrent
  rnn: { py: 'nn.RNN(4, 5)', js: () => new nn.RNN(4, 5), in: [X(6, 2, 4)] },
  rnn_relu_2l_bi_bf: {
    py: "nn.RNN(3, 4, num_layers=2, nonlinearity='relu', bidirectional=True, batch_first=True)",
    js: () => new nn.RNN(3, 4, { num_layers: 2, nonlinearity: 'relu', bidirectional: true, batch_first: true }), in: [X(2, 5, 3), X(4, 2, 4)],
  },
  lstm: { py: 'nn.LSTM(4, 5)', js: () => new nn.LSTM(4, 5), in: [X(6, 2, 4)] },
  lstm_2l_bi_bf: {
    py: 'nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True, dropout=0.3)',
    js: () => new nn.LSTM(3, 4, { num_layers: 2, bidirectional: true, batch_first: true, dropout: 0.3 }), in: [X(2, 5, 3)],
  },
  lstm_proj_hx: {
    py: 'nn.LSTM(3, 5, num_layers=2, proj_size=2, bias=False)', js: () => new nn.LSTM(3, 5, { num_layers: 2, proj_size: 2, bias: false }), in: [X(4, 2, 3), X(2, 2, 2), X(2, 2, 5)],
    callPy: 'm(xs[0], (xs[1], xs[2]))', call: (m, xs) => (m as nn.LSTM)(xs[0]!, [xs[1]!, xs[2]!]),
  },
  lstm_unbatched: { py: 'nn.LSTM(3, 4)', js: () => new nn.LSTM(3, 4), in: [X(5, 3)] },
  gru: { py: 'nn.GRU(4, 5)', js: () => new nn.GRU(4, 5), in: [X(6, 2, 4)] },
  gru_2l_bi_bf: {
    py: 'nn.GRU(3, 4, num_layers=3, bidirectional=True, batch_first=True)', js: () => new nn.GRU(3, 4, { num_layers: 3, bidirectional: true, batch_first: true }), in: [X(2, 5, 3), X(6, 2, 4)],
  },
  rnncell: { py: 'nn.RNNCell(3, 4)', js: () => new nn.RNNCell(3, 4), in: [X(2, 3), X(2, 4)] },
  lstmcell: { py: 'nn.LSTMCell(3, 4)', js: () => new nn.LSTMCell(3, 4), in: [X(2, 3)] },
  grucell: { py: 'nn.GRUCell(3, 4, bias=False)', js: () => new nn.GRUCell(3, 4, { bias: false }), in: [X(2, 3), X(2, 4)] },
  fractional_maxpool2d: { py: 'nn.FractionalMaxPool2d(2, output_size=(3, 4))', js: () => new nn.FractionalMaxPool2d(2, { output_size: [3, 4] }), in: [X(2, 2, 6, 7)] },
  fractional_maxpool2d_ratio: { py: 'nn.FractionalMaxPool2d((2, 3), output_ratio=0.5, return_indices=True)', js: () => new nn.FractionalMaxPool2d([2, 3], { output_ratio: 0.5, return_indices: true }), in: [X(1, 3, 8, 8)] },
  fractional_maxpool3d: { py: 'nn.FractionalMaxPool3d(2, output_ratio=(0.5, 0.6, 0.7))', js: () => new nn.FractionalMaxPool3d(2, { output_ratio: [0.5, 0.6, 0.7] }), in: [X(1, 2, 6, 6, 6)] },
  maxunpool1d: {
    py: 'nn.MaxUnpool1d(2)', js: () => new nn.MaxUnpool1d(2), in: [X(1, 2, 8)],
    callPy: 'm(*F.max_pool1d(xs[0], 2, return_indices=True))',
    call: (m, xs) => {
      const [o, i] = nn.functional.max_pool1d(xs[0]!, 2, { return_indices: true }) as unknown as [Tensor, Tensor];
      return (m as nn.MaxUnpool1d)(o, i);
    },
  },
  maxunpool2d_size: {
    py: 'nn.MaxUnpool2d(2, stride=2)', js: () => new nn.MaxUnpool2d(2, { stride: 2 }), in: [X(1, 2, 5, 5)],
    callPy: 'm(*F.max_pool2d(xs[0], 2, return_indices=True), output_size=xs[0].size())',
    call: (m, xs) => {
      const [o, i] = nn.functional.max_pool2d(xs[0]!, 2, { return_indices: true }) as unknown as [Tensor, Tensor];
      return (m as nn.MaxUnpool2d)(o, i, { output_size: [...xs[0]!.shape] });
    },
  },
  maxunpool3d: {
    py: 'nn.MaxUnpool3d(2)', js: () => new nn.MaxUnpool3d(2), in: [X(1, 1, 4, 4, 4)],
    callPy: 'm(*F.max_pool3d(xs[0], 2, return_indices=True))',
    call: (m, xs) => {
      const [o, i] = nn.functional.max_pool3d(xs[0]!, 2, { return_indices: true }) as unknown as [Tensor, Tensor];
      return (m as nn.MaxUnpool3d)(o, i);
    },
  },
  crossmaplrn2d: { py: 'nn.CrossMapLRN2d(3, alpha=1e-3, beta=0.5, k=2)', js: () => new nn.CrossMapLRN2d(3, { alpha: 1e-3, beta: 0.5, k: 2.0 }), in: [X(2, 5, 3, 3)] },
  embeddingbag_offsets: {
    py: "nn.EmbeddingBag(8, 3, mode='sum', padding_idx=0)", js: () => new nn.EmbeddingBag(8, 3, { mode: 'sum', padding_idx: 0 }), in: [['i', 8, 7], ['r', 7]],
    callPy: 'm(xs[0], torch.tensor([0, 2, 2, 5]), per_sample_weights=xs[1])',
    call: (m, xs) => (m as nn.EmbeddingBag)(xs[0]!, torch.tensor([0n, 2n, 2n, 5n]), { per_sample_weights: xs[1] }),
  },
  embeddingbag_last: {
    py: "nn.EmbeddingBag(8, 3, mode='mean', include_last_offset=True)", js: () => new nn.EmbeddingBag(8, 3, { mode: 'mean', include_last_offset: true }), in: [['i', 8, 7]],
    callPy: 'm(xs[0], torch.tensor([0, 3, 7]))',
    call: (m, xs) => (m as nn.EmbeddingBag)(xs[0]!, torch.tensor([0n, 3n, 7n])),
  },
  enc_layer_fn_activation: {
    py: 'nn.TransformerEncoderLayer(8, 2, 16, 0.0, activation=F.silu, bias=False)', js: () => new nn.TransformerEncoderLayer(8, 2, 16, 0.0, { activation: nn.functional.silu, bias: false }), in: [X(3, 2, 8)],
  },
  encoder_padding_mask: {
    py: 'nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, 0.0, batch_first=True), 2, enable_nested_tensor=False)',
    js: () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(4, 2, 8, 0.0, { batch_first: true }), 2, { enable_nested_tensor: false }), in: [X(2, 3, 4)],
    callPy: 'm(xs[0], src_key_padding_mask=torch.tensor([[False, False, True], [False, False, False]]), mask=nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64))',
    call: (m, xs) => (m as nn.TransformerEncoder)(xs[0]!, { src_key_padding_mask: torch.tensor([[false, false, true], [false, false, false]]), mask: nn.Transformer.generate_square_subsequent_mask(3, { dtype: torch.float64 }) }),
  },
  lppool3d: { py: 'nn.LPPool3d(2.0, 2)', js: () => new nn.LPPool3d(2.0, 2), in: [X(1, 2, 4, 4, 4)] },
  adaptivemax3d: { py: 'nn.AdaptiveMaxPool3d((2, None, 3), return_indices=True)', js: () => new nn.AdaptiveMaxPool3d([2, null, 3], true), in: [X(1, 2, 5, 4, 6)] },
  maxpool2d_dilation: { py: 'nn.MaxPool2d(2, stride=1, padding=1, dilation=2)', js: () => new nn.MaxPool2d(2, { stride: 1, padding: 1, dilation: 2 }), in: [X(1, 2, 5, 5)] },
  zeropad1d: { py: 'nn.ZeroPad1d((2, 1))', js: () => new nn.ZeroPad1d([2, 1]), in: [X(1, 2, 3)] },
  zeropad3d: { py: 'nn.ZeroPad3d(1)', js: () => new nn.ZeroPad3d(1), in: [X(1, 1, 2, 2, 2)] },
  constpad2d: { py: 'nn.ConstantPad2d((0, 1, 2, 0), 0.5)', js: () => new nn.ConstantPad2d([0, 1, 2, 0], 0.5), in: [X(2, 2, 2)] },
  reflpad3d: { py: 'nn.ReflectionPad3d((1, 1, 0, 1, 1, 0))', js: () => new nn.ReflectionPad3d([1, 1, 0, 1, 1, 0]), in: [X(1, 1, 3, 3, 3)] },
  replpad1d: { py: 'nn.ReplicationPad1d(3)', js: () => new nn.ReplicationPad1d(3), in: [X(1, 2, 4)] },
  circpad1d: { py: 'nn.CircularPad1d((1, 2))', js: () => new nn.CircularPad1d([1, 2]), in: [X(1, 2, 4)] },
  circpad3d: { py: 'nn.CircularPad3d(1)', js: () => new nn.CircularPad3d(1), in: [X(1, 1, 2, 3, 3)] },
  instnorm3d: { py: 'nn.InstanceNorm3d(2, affine=True)', js: () => new nn.InstanceNorm3d(2, { affine: true }), in: [X(2, 2, 3, 3, 3)] },
  instnorm1d_unbatched_eval: { py: 'nn.InstanceNorm1d(3, track_running_stats=True)', js: () => new nn.InstanceNorm1d(3, { track_running_stats: true }), in: [X(3, 6)], train: false },
  dec_layer_norm_first: {
    py: "nn.TransformerDecoderLayer(6, 3, 12, 0.0, activation='gelu', norm_first=True, batch_first=True, bias=False)",
    js: () => new nn.TransformerDecoderLayer(6, 3, 12, 0.0, { activation: 'gelu', norm_first: true, batch_first: true, bias: false }), in: [X(2, 4, 6), X(2, 3, 6)],
  },
  convt2d_dilation_groups: { py: 'nn.ConvTranspose2d(4, 6, (2, 3), stride=(1, 2), padding=(1, 0), output_padding=(0, 1), groups=2, dilation=2)', js: () => new nn.ConvTranspose2d(4, 6, [2, 3], { stride: [1, 2], padding: [1, 0], output_padding: [0, 1], groups: 2, dilation: 2 }), in: [X(1, 4, 4, 4)] },
  conv3d_circular: { py: "nn.Conv3d(1, 2, 3, padding=1, padding_mode='circular', bias=False)", js: () => new nn.Conv3d(1, 2, 3, { padding: 1, padding_mode: 'circular', bias: false }), in: [X(1, 1, 3, 4, 4)] },
  embedding_sparse_scale: { py: 'nn.Embedding(7, 2, scale_grad_by_freq=True)', js: () => new nn.Embedding(7, 2, { scale_grad_by_freq: true }), in: [['i', 7, 3, 4]] },
  // containers of layers
  small_cnn: {
    py: 'nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(), nn.Linear(36, 5))',
    js: () => new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Dropout(0.25), new nn.Flatten(), new nn.Linear(36, 5)),
    in: [X(3, 1, 6, 6)],
  },
};

// activations: each as a module on a random input
const ACTS: [string, string, () => nn.Module][] = [
  ['relu', 'nn.ReLU()', () => new nn.ReLU()],
  ['relu6', 'nn.ReLU6()', () => new nn.ReLU6()],
  ['leaky_relu', 'nn.LeakyReLU(0.2)', () => new nn.LeakyReLU(0.2)],
  ['prelu', 'nn.PReLU()', () => new nn.PReLU()],
  ['prelu_ch', 'nn.PReLU(3, init=0.1)', () => new nn.PReLU(3, { init: 0.1 })],
  ['rrelu_eval', 'nn.RReLU()', () => new nn.RReLU()],
  ['elu', 'nn.ELU(alpha=0.7)', () => new nn.ELU({ alpha: 0.7 })],
  ['celu', 'nn.CELU(1.5)', () => new nn.CELU(1.5)],
  ['selu', 'nn.SELU()', () => new nn.SELU()],
  ['gelu', 'nn.GELU()', () => new nn.GELU()],
  ['gelu_tanh', "nn.GELU(approximate='tanh')", () => new nn.GELU({ approximate: 'tanh' })],
  ['silu', 'nn.SiLU()', () => new nn.SiLU()],
  ['mish', 'nn.Mish()', () => new nn.Mish()],
  ['tanh', 'nn.Tanh()', () => new nn.Tanh()],
  ['sigmoid', 'nn.Sigmoid()', () => new nn.Sigmoid()],
  ['hardsigmoid', 'nn.Hardsigmoid()', () => new nn.Hardsigmoid()],
  ['hardtanh', 'nn.Hardtanh(-0.5, 0.8)', () => new nn.Hardtanh(-0.5, 0.8)],
  ['hardswish', 'nn.Hardswish()', () => new nn.Hardswish()],
  ['hardshrink', 'nn.Hardshrink(0.3)', () => new nn.Hardshrink(0.3)],
  ['softshrink', 'nn.Softshrink()', () => new nn.Softshrink()],
  ['tanhshrink', 'nn.Tanhshrink()', () => new nn.Tanhshrink()],
  ['softplus', 'nn.Softplus(beta=2.0, threshold=1.0)', () => new nn.Softplus({ beta: 2, threshold: 1 })],
  ['softsign', 'nn.Softsign()', () => new nn.Softsign()],
  ['threshold', 'nn.Threshold(0.1, 20.0)', () => new nn.Threshold(0.1, 20)],
  ['glu', 'nn.GLU()', () => new nn.GLU()],
  ['glu_dim', 'nn.GLU(2)', () => new nn.GLU(2)],
  ['identity', 'nn.Identity()', () => new nn.Identity()],
  ['softmax_neg', 'nn.Softmax(-2)', () => new nn.Softmax(-2)],
  ['logsigmoid', 'nn.LogSigmoid()', () => new nn.LogSigmoid()],
  ['softmax', 'nn.Softmax(dim=1)', () => new nn.Softmax({ dim: 1 })],
  ['softmin', 'nn.Softmin(dim=-1)', () => new nn.Softmin({ dim: -1 })],
  ['softmax2d', 'nn.Softmax2d()', () => new nn.Softmax2d()],
  ['logsoftmax', 'nn.LogSoftmax(1)', () => new nn.LogSoftmax(1)],
];
for (const [id, py, js] of ACTS) CASES[`act_${id}`] = { py, js, in: [X(2, 3, 4, 2)], train: id !== 'rrelu_eval' };
CASES.act_rrelu_train = { py: 'nn.RReLU(0.1, 0.3)', js: () => new nn.RReLU(0.1, 0.3), in: [X(4, 5)] };

// losses: (input, target) with the reductions
const LOSSES: [string, string, () => nn.Module, Spec[]][] = [
  ['l1', 'nn.L1Loss()', () => new nn.L1Loss(), [X(3, 4), ['t', 3, 4]]],
  ['l1_sum', "nn.L1Loss(reduction='sum')", () => new nn.L1Loss({ reduction: 'sum' }), [X(3, 4), ['t', 3, 4]]],
  ['mse', 'nn.MSELoss()', () => new nn.MSELoss(), [X(3, 4), ['t', 3, 4]]],
  ['mse_none', "nn.MSELoss(reduction='none')", () => new nn.MSELoss({ reduction: 'none' }), [X(3, 4), ['t', 3, 4]]],
  ['ce', 'nn.CrossEntropyLoss()', () => new nn.CrossEntropyLoss(), [X(5, 4), ['i', 4, 5]]],
  ['ce_weight', 'nn.CrossEntropyLoss(weight=torch.tensor([1., 2., 0.5, 1.5], dtype=torch.float64))', () => new nn.CrossEntropyLoss({ weight: torch.tensor([1, 2, 0.5, 1.5], { dtype: torch.float64 }) }), [X(5, 4), ['i', 4, 5]]],
  ['ce_ignore', 'nn.CrossEntropyLoss(ignore_index=1)', () => new nn.CrossEntropyLoss({ ignore_index: 1 }), [X(6, 3), ['i', 3, 6]]],
  ['ce_smoothing', 'nn.CrossEntropyLoss(label_smoothing=0.1)', () => new nn.CrossEntropyLoss({ label_smoothing: 0.1 }), [X(5, 4), ['i', 4, 5]]],
  ['ce_all', "nn.CrossEntropyLoss(weight=torch.tensor([1., 2., 0.5], dtype=torch.float64), ignore_index=0, label_smoothing=0.2, reduction='sum')", () => new nn.CrossEntropyLoss({ weight: torch.tensor([1, 2, 0.5], { dtype: torch.float64 }), ignore_index: 0, label_smoothing: 0.2, reduction: 'sum' }), [X(6, 3), ['i', 3, 6]]],
  ['ce_probs', 'nn.CrossEntropyLoss(label_smoothing=0.05)', () => new nn.CrossEntropyLoss({ label_smoothing: 0.05 }), [X(4, 3), ['r', 4, 3]]],
  ['ce_2d', 'nn.CrossEntropyLoss()', () => new nn.CrossEntropyLoss(), [X(2, 3, 4, 4), ['i', 3, 2, 4, 4]]],
  ['nll2d', 'nn.NLLLoss2d()', () => new nn.NLLLoss2d(), [X(2, 3, 2, 2), ['i', 3, 2, 2, 2]]],
  ['ce_probs_2d_weight', "nn.CrossEntropyLoss(weight=torch.tensor([1., 2., 3.], dtype=torch.float64), reduction='none')", () => new nn.CrossEntropyLoss({ weight: torch.tensor([1, 2, 3], { dtype: torch.float64 }), reduction: 'none' }), [X(2, 3, 2), ['r', 2, 3, 2]]],
  ['l1_legacy', 'nn.L1Loss(size_average=False)', () => new nn.L1Loss(false), [X(3, 4), ['t', 3, 4]]],
  ['bce_logits_weight_none', "nn.BCEWithLogitsLoss(weight=torch.tensor([2., 1., 1., 0.5], dtype=torch.float64), reduction='none')", () => new nn.BCEWithLogitsLoss({ weight: torch.tensor([2, 1, 1, 0.5], { dtype: torch.float64 }), reduction: 'none' }), [X(3, 4), ['r', 3, 4]]],
  ['gaussian_nll_full', "nn.GaussianNLLLoss(full=True, eps=1e-3, reduction='sum')", () => new nn.GaussianNLLLoss({ full: true, eps: 1e-3, reduction: 'sum' }), [X(3, 4), ['t', 3, 4], ['rg', 3, 1]]],
  ['multi_margin_weight', "nn.MultiMarginLoss(weight=torch.tensor([1., 2., 0.5], dtype=torch.float64), reduction='none')", () => new nn.MultiMarginLoss({ weight: torch.tensor([1, 2, 0.5], { dtype: torch.float64 }), reduction: 'none' }), [X(4, 3), ['i', 3, 4]]],
  ['nll', 'nn.NLLLoss()', () => new nn.NLLLoss(), [X(5, 4), ['i', 4, 5]]],
  ['nll_weight_ignore', "nn.NLLLoss(weight=torch.tensor([1., 3., 2.], dtype=torch.float64), ignore_index=2, reduction='none')", () => new nn.NLLLoss({ weight: torch.tensor([1, 3, 2], { dtype: torch.float64 }), ignore_index: 2, reduction: 'none' }), [X(6, 3), ['i', 3, 6]]],
  ['poisson_nll', 'nn.PoissonNLLLoss()', () => new nn.PoissonNLLLoss(), [X(3, 4), ['r', 3, 4]]],
  ['poisson_nll_full', 'nn.PoissonNLLLoss(log_input=False, full=True)', () => new nn.PoissonNLLLoss({ log_input: false, full: true }), [['rg', 3, 4], ['r', 3, 4]]],
  ['gaussian_nll', 'nn.GaussianNLLLoss()', () => new nn.GaussianNLLLoss(), [X(3, 4), ['t', 3, 4], ['rg', 3, 4]]],
  ['kldiv', "nn.KLDivLoss(reduction='batchmean')", () => new nn.KLDivLoss({ reduction: 'batchmean' }), [X(3, 4), ['r', 3, 4]]],
  ['kldiv_log_target', "nn.KLDivLoss(reduction='sum', log_target=True)", () => new nn.KLDivLoss({ reduction: 'sum', log_target: true }), [X(3, 4), ['t', 3, 4]]],
  ['bce', 'nn.BCELoss()', () => new nn.BCELoss(), [['rg', 3, 4], ['r', 3, 4]]],
  ['bce_weight', 'nn.BCELoss(weight=torch.tensor([1., 2., 3., 4.], dtype=torch.float64))', () => new nn.BCELoss({ weight: torch.tensor([1, 2, 3, 4], { dtype: torch.float64 }) }), [['rg', 3, 4], ['b', 3, 4]]],
  ['bce_logits', 'nn.BCEWithLogitsLoss()', () => new nn.BCEWithLogitsLoss(), [X(3, 4), ['b', 3, 4]]],
  ['bce_logits_pos_weight', 'nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1., 2., 3., 0.5], dtype=torch.float64))', () => new nn.BCEWithLogitsLoss({ pos_weight: torch.tensor([1, 2, 3, 0.5], { dtype: torch.float64 }) }), [X(3, 4), ['r', 3, 4]]],
  ['hinge_embedding', 'nn.HingeEmbeddingLoss(margin=0.5)', () => new nn.HingeEmbeddingLoss({ margin: 0.5 }), [X(3, 4), ['s', 3, 4]]],
  ['multilabel_margin', 'nn.MultiLabelMarginLoss()', () => new nn.MultiLabelMarginLoss(), [X(3, 4), ['i', 4, 3, 4]]],
  ['smooth_l1', 'nn.SmoothL1Loss()', () => new nn.SmoothL1Loss(), [X(3, 4), ['t', 3, 4]]],
  ['smooth_l1_beta', "nn.SmoothL1Loss(beta=0.5, reduction='sum')", () => new nn.SmoothL1Loss({ beta: 0.5, reduction: 'sum' }), [X(3, 4), ['t', 3, 4]]],
  ['huber', 'nn.HuberLoss(delta=0.7)', () => new nn.HuberLoss({ delta: 0.7 }), [X(3, 4), ['t', 3, 4]]],
  ['soft_margin', 'nn.SoftMarginLoss()', () => new nn.SoftMarginLoss(), [X(3, 4), ['s', 3, 4]]],
  ['multilabel_soft_margin', 'nn.MultiLabelSoftMarginLoss()', () => new nn.MultiLabelSoftMarginLoss(), [X(3, 4), ['b', 3, 4]]],
  ['cosine_embedding', 'nn.CosineEmbeddingLoss(margin=0.2)', () => new nn.CosineEmbeddingLoss({ margin: 0.2 }), [X(3, 4), X(3, 4), ['s', 3]]],
  ['margin_ranking', 'nn.MarginRankingLoss(margin=0.1)', () => new nn.MarginRankingLoss({ margin: 0.1 }), [X(5), X(5), ['s', 5]]],
  ['multi_margin', 'nn.MultiMarginLoss(p=2, margin=0.8)', () => new nn.MultiMarginLoss({ p: 2, margin: 0.8 }), [X(4, 3), ['i', 3, 4]]],
  ['triplet', 'nn.TripletMarginLoss(margin=0.5, swap=True)', () => new nn.TripletMarginLoss({ margin: 0.5, swap: true }), [X(3, 4), X(3, 4), X(3, 4)]],
  ['triplet_distance', 'nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance(p=1))', () => new nn.TripletMarginWithDistanceLoss({ distance_function: new nn.PairwiseDistance({ p: 1 }) }), [X(3, 4), X(3, 4), X(3, 4)]],
];
for (const [id, py, js, ins] of LOSSES) CASES[`loss_${id}`] = { py, js, in: ins };
CASES.loss_ctc = {
  py: 'nn.CTCLoss(blank=0, zero_infinity=True)', js: () => new nn.CTCLoss({ blank: 0, zero_infinity: true }), in: [X(6, 2, 4), ['i', 3, 2, 3]],
  callPy: 'm(xs[0].log_softmax(2), xs[1] + 1, [6, 5], [3, 2])',
  call: (m, xs) => (m as nn.CTCLoss)(xs[0]!.log_softmax(2), xs[1]!.add(1), [6, 5], [3, 2]),
};

let py: Record<string, PyOut>;

beforeAll(() => {
  const snippets: Record<string, string> = {};
  for (const [id, c] of Object.entries(CASES)) snippets[id] = pyCode(c);
  py = runPy(snippets, 'from layers_harness import layer\n');
});

function get(out: unknown, key: string): unknown {
  const d = (out as { __dict__: [string, unknown][] }).__dict__;
  return d.find(([k]) => k === key)?.[1];
}

describe('layers against Python', () => {
  test.each(Object.keys(CASES))('%s', (id) => {
    const c = CASES[id];
    const want = py[id].out as Record<string, unknown>;
    if ((want as { __error__?: string }).__error__) throw new Error(`python: ${JSON.stringify(want)}`);
    const got = enc(runJs(c)) as Record<string, unknown>;
    // initial weights, bit for bit (float32, after manual_seed(0)), and the names of the state_dict
    expect(get(got, 'init')).toEqual(get(want, 'init'));
    expect(get(got, 'repr')).toEqual(get(want, 'repr'));
    const tol = c.rtol ?? (c.double ?? true ? 1e-10 : 1e-5);
    for (const k of ['out', 'xgrad', 'pgrad', 'state']) expectClose(get(got, k), get(want, k), k, tol, tol * 1e-2);
  });
});
