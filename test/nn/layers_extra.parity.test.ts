// nn layers against Python PyTorch, live, where a layer needs more than one call: lazy modules (materialised by the
// first forward, bit for bit), packed sequences through RNN/LSTM/GRU (nn.utils.rnn), errors with Python's types and
// messages, and training: a small MLP, CNN and transformer encoder trained 100 SGD steps from the same seed, with
// train-mode dropout, equal to Python's loss at every step (float32, 1e-5).
import torch from '../../lib';
import { nn } from '../../lib';
import { encCall, expectClose, runPy, type PyOut } from './helpers';

type Tensor = torch.Tensor;
const F = nn.functional;
const U = nn.utils.rnn;

const call = (m: nn.Module, ...a: unknown[]): Tensor => (m as unknown as (...x: unknown[]) => Tensor)(...a);
const params = (m: nn.Module): unknown[] => [...m.named_parameters()].map(([n, p]) => [n, p, p.grad]);

const LAZY: Record<string, [string, () => unknown]> = {
  lazy_linear: [
    'm = nn.LazyLinear(3); r0 = repr(m); torch.manual_seed(1); x = torch.randn(2, 5); torch.manual_seed(0); y = m(x); y.sum().backward(); out = [r0, repr(m), type(m).__name__, y, [[n, p, p.grad] for n, p in m.named_parameters()], list(m.state_dict().keys())]',
    () => {
      const m = new nn.LazyLinear(3);
      const r0 = String(m);
      torch.manual_seed(1);
      const x = torch.randn([2, 5]);
      torch.manual_seed(0);
      const y = m(x);
      y.sum().backward();
      return [r0, String(m), m.constructor.name, y, params(m), Object.keys(m.state_dict())];
    },
  ],
  lazy_conv2d: [
    'm = nn.LazyConv2d(4, 3, padding=1); torch.manual_seed(1); x = torch.randn(1, 2, 5, 5); torch.manual_seed(0); y = m(x); y.sum().backward(); out = [repr(m), type(m).__name__, y, [[n, p, p.grad] for n, p in m.named_parameters()]]',
    () => {
      const m = new nn.LazyConv2d(4, 3, { padding: 1 });
      torch.manual_seed(1);
      const x = torch.randn([1, 2, 5, 5]);
      torch.manual_seed(0);
      const y = m(x);
      y.sum().backward();
      return [String(m), m.constructor.name, y, params(m)];
    },
  ],
  lazy_convt1d: [
    'm = nn.LazyConvTranspose1d(2, 3, stride=2); torch.manual_seed(1); x = torch.randn(1, 3, 4); torch.manual_seed(0); y = m(x); out = [repr(m), y, [[n, p] for n, p in m.named_parameters()]]',
    () => {
      const m = new nn.LazyConvTranspose1d(2, 3, { stride: 2 });
      torch.manual_seed(1);
      const x = torch.randn([1, 3, 4]);
      torch.manual_seed(0);
      const y = m(x);
      return [String(m), y, [...m.named_parameters()]];
    },
  ],
  lazy_bn: [
    'm = nn.LazyBatchNorm1d(); torch.manual_seed(1); x = torch.randn(4, 3); y = m(x); out = [repr(m), y, list(m.state_dict().items())]',
    () => {
      const m = new nn.LazyBatchNorm1d();
      torch.manual_seed(1);
      const x = torch.randn([4, 3]);
      const y = m(x);
      return [String(m), y, Object.entries(m.state_dict())];
    },
  ],
  lazy_norms: [
    'ms = [nn.LazyBatchNorm2d(momentum=None), nn.LazyInstanceNorm1d(), nn.LazyInstanceNorm2d(affine=False), nn.LazyBatchNorm3d(affine=False, track_running_stats=False)]; r0 = [repr(m) for m in ms]; torch.manual_seed(1); xs = [torch.randn(2, 3, 4, 4), torch.randn(2, 5, 6), torch.randn(2, 3, 4, 4), torch.randn(2, 2, 2, 2, 2)]; ys = [m(x) for m, x in zip(ms, xs)]; out = [r0, [repr(m) for m in ms], [type(m).__name__ for m in ms], ys, [list(m.state_dict().items()) for m in ms]]',
    () => {
      const ms = [new nn.LazyBatchNorm2d({ momentum: null }), new nn.LazyInstanceNorm1d(), new nn.LazyInstanceNorm2d({ affine: false }), new nn.LazyBatchNorm3d({ affine: false, track_running_stats: false })];
      const r0 = ms.map(String);
      torch.manual_seed(1);
      const xs = [torch.randn([2, 3, 4, 4]), torch.randn([2, 5, 6]), torch.randn([2, 3, 4, 4]), torch.randn([2, 2, 2, 2, 2])];
      const ys = ms.map((m, i) => m(xs[i]));
      return [r0, ms.map(String), ms.map((m) => m.constructor.name), ys, ms.map((m) => Object.entries(m.state_dict()))];
    },
  ],
  lazy_all: [
    'ms = [nn.LazyConv1d(3, 2), nn.LazyConv3d(2, 2, bias=False), nn.LazyConvTranspose2d(3, 2, stride=2), nn.LazyConvTranspose3d(2, 2), nn.LazyBatchNorm1d(), nn.LazyInstanceNorm3d()]; torch.manual_seed(1); xs = [torch.randn(1, 4, 5), torch.randn(1, 2, 3, 3, 3), torch.randn(1, 2, 3, 3), torch.randn(1, 3, 2, 2, 2), torch.randn(4, 3, 2), torch.randn(2, 2, 3, 3, 3)]; torch.manual_seed(0); ys = [m(x) for m, x in zip(ms, xs)]; out = [[repr(m) for m in ms], [type(m).__name__ for m in ms], ys, [list(m.state_dict().items()) for m in ms]]',
    () => {
      const ms = [new nn.LazyConv1d(3, 2), new nn.LazyConv3d(2, 2, { bias: false }), new nn.LazyConvTranspose2d(3, 2, { stride: 2 }), new nn.LazyConvTranspose3d(2, 2), new nn.LazyBatchNorm1d(), new nn.LazyInstanceNorm3d()] as nn.Module[];
      torch.manual_seed(1);
      const xs = [torch.randn([1, 4, 5]), torch.randn([1, 2, 3, 3, 3]), torch.randn([1, 2, 3, 3]), torch.randn([1, 3, 2, 2, 2]), torch.randn([4, 3, 2]), torch.randn([2, 2, 3, 3, 3])];
      torch.manual_seed(0);
      const ys = ms.map((m, i) => call(m, xs[i]));
      return [ms.map(String), ms.map((m) => m.constructor.name), ys, ms.map((m) => Object.entries(m.state_dict()))];
    },
  ],
  adaptive_log_softmax: [
    'm = nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4, 10, 15], div_value=2.0); torch.manual_seed(1); x = torch.randn(12, 8, requires_grad=True); t = torch.randint(0, 20, (12,)); o = m(x, t); o.loss.backward(); u = m(x[0], t[0]); out = [repr(m), o.output, o.loss, x.grad, [[n, p, p.grad] for n, p in m.named_parameters()], m.log_prob(x), m.predict(x), u.output, u.loss]',
    () => {
      const m = new nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4, 10, 15], { div_value: 2.0 });
      torch.manual_seed(1);
      const x = torch.randn([12, 8]).requires_grad_();
      const t = torch.randint(20, [12]);
      const o = m(x, t);
      o.loss.backward();
      const u = m(x.select(0, 0), t.select(0, 0));
      return [String(m), o.output, o.loss, x.grad, params(m), m.log_prob(x), m.predict(x), u.output, u.loss];
    },
  ],
  adaptive_errors: [
    'out = []\nfor c in [[], [5, 3], [0, 4], [4, 20]]:\n    try:\n        nn.AdaptiveLogSoftmaxWithLoss(8, 20, c)\n    except ValueError as e:\n        out.append(str(e))',
    () => [[], [5, 3], [0, 4], [4, 20]].map((c) => {
      try {
        new nn.AdaptiveLogSoftmaxWithLoss(8, 20, c);
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    }),
  ],
  container: ['c = nn.Container(a=nn.Linear(2, 2), b=nn.ReLU()); out = [repr(c), list(c.state_dict().keys())]', () => {
    const c = new nn.Container({ a: new nn.Linear(2, 2), b: new nn.ReLU() });
    return [String(c), Object.keys(c.state_dict())];
  }],
};

const PACK_PY = `
torch.manual_seed(1)
seqs = [torch.randn(5, 3, dtype=torch.float64), torch.randn(3, 3, dtype=torch.float64), torch.randn(2, 3, dtype=torch.float64)]
for s in seqs: s.requires_grad_()
padded = nn.utils.rnn.pad_sequence(seqs, batch_first=True)
packed = nn.utils.rnn.pack_padded_sequence(padded, [5, 3, 2], batch_first=True)
`;
function packJs(): { seqs: Tensor[]; padded: Tensor; packed: InstanceType<typeof U.PackedSequence> } {
  torch.manual_seed(1);
  const seqs = [torch.randn([5, 3], { dtype: torch.float64 }), torch.randn([3, 3], { dtype: torch.float64 }), torch.randn([2, 3], { dtype: torch.float64 })];
  for (const s of seqs) s.requires_grad_();
  const padded = U.pad_sequence(seqs, { batch_first: true });
  const packed = U.pack_padded_sequence(padded, [5, 3, 2], { batch_first: true });
  return { seqs, padded, packed };
}

const PACKED: Record<string, [string, () => unknown]> = {
  pad_sequence: [
    "out = [nn.utils.rnn.pad_sequence([torch.ones(2, 2), torch.zeros(3, 2)], padding_value=-1.0), nn.utils.rnn.pad_sequence([torch.ones(2), torch.ones(4)], batch_first=True, padding_side='left')]",
    () => [U.pad_sequence([torch.ones([2, 2]), torch.zeros([3, 2])], { padding_value: -1.0 }), U.pad_sequence([torch.ones([2]), torch.ones([4])], { batch_first: true, padding_side: 'left' })],
  ],
  packed_fields: [`${PACK_PY}out = [packed.data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices]`, () => {
    const { packed } = packJs();
    return [packed.data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices];
  }],
  pack_unsorted: [
    "torch.manual_seed(1); x = torch.randn(4, 3, 2); p = nn.utils.rnn.pack_padded_sequence(x, torch.tensor([2, 4, 1]), enforce_sorted=False); u = nn.utils.rnn.pad_packed_sequence(p, total_length=5); out = [p.data, p.batch_sizes, p.sorted_indices, p.unsorted_indices, u]",
    () => {
      torch.manual_seed(1);
      const x = torch.randn([4, 3, 2]);
      const p = U.pack_padded_sequence(x, torch.tensor([2n, 4n, 1n]), { enforce_sorted: false });
      const u = U.pad_packed_sequence(p, { total_length: 5 });
      return [p.data, p.batch_sizes, p.sorted_indices, p.unsorted_indices, u];
    },
  ],
  pack_sequence_unpack: [
    'a = torch.arange(3.); b = torch.arange(5.); p = nn.utils.rnn.pack_sequence([a, b], enforce_sorted=False); out = [p.data, nn.utils.rnn.unpack_sequence(p), nn.utils.rnn.unpad_sequence(nn.utils.rnn.pad_sequence([a, b]), torch.tensor([3, 5]))]',
    () => {
      const a = torch.arange(3).float();
      const b = torch.arange(5).float();
      const p = U.pack_sequence([a, b], { enforce_sorted: false });
      return [p.data, U.unpack_sequence(p), U.unpad_sequence(U.pad_sequence([a, b]), torch.tensor([3n, 5n]))];
    },
  ],
  pack_not_sorted_error: ['nn.utils.rnn.pack_padded_sequence(torch.zeros(3, 2), [1, 3])', () => U.pack_padded_sequence(torch.zeros([3, 2]), [1, 3])],
};
for (const [name, py, js] of [
  ['lstm', 'nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)', () => new nn.LSTM(3, 4, { num_layers: 2, bidirectional: true, batch_first: true })],
  ['gru', 'nn.GRU(3, 4, batch_first=True)', () => new nn.GRU(3, 4, { batch_first: true })],
  ['rnn', "nn.RNN(3, 4, num_layers=2, nonlinearity='relu', batch_first=True)", () => new nn.RNN(3, 4, { num_layers: 2, nonlinearity: 'relu', batch_first: true })],
] as [string, string, () => nn.Module][]) {
  PACKED[`packed_${name}`] = [
    `torch.manual_seed(0)\nm = ${py}.double()\n${PACK_PY}o, h = m(packed)\ny, lens = nn.utils.rnn.pad_packed_sequence(o, batch_first=True)\n(y.sum() + sum(t.pow(2).sum() for t in (h if isinstance(h, tuple) else (h,)))).backward()\nout = [y, lens, h, [s.grad for s in seqs], [[n, p.grad] for n, p in m.named_parameters()]]`,
    () => {
      torch.manual_seed(0);
      const m = js().double() as nn.LSTM;
      const { seqs, packed } = packJs();
      const [o, h] = m.forward(packed) as unknown as [InstanceType<typeof U.PackedSequence>, Tensor | [Tensor, Tensor]];
      const [y, lens] = U.pad_packed_sequence(o, { batch_first: true });
      let loss = y.sum();
      for (const t of Array.isArray(h) ? h : [h]) loss = loss.add(t.pow(2).sum());
      loss.backward();
      return [y, lens, h, seqs.map((s) => s.grad), [...m.named_parameters()].map(([n, p]) => [n, p.grad])];
    },
  ];
}

const ERRORS: Record<string, [string, () => unknown]> = {
  conv_channels: ['nn.Conv2d(3, 4, 3)(torch.zeros(1, 2, 5, 5))', () => new nn.Conv2d(3, 4, 3)(torch.zeros([1, 2, 5, 5]))],
  conv_groups: ['nn.Conv2d(3, 4, 3, groups=2)', () => new nn.Conv2d(3, 4, 3, { groups: 2 })],
  conv_padding_str: ["nn.Conv2d(3, 4, 3, padding='full')", () => new nn.Conv2d(3, 4, 3, { padding: 'full' as never })],
  conv_same_stride: ["nn.Conv2d(3, 4, 3, padding='same', stride=2)", () => new nn.Conv2d(3, 4, 3, { padding: 'same', stride: 2 })],
  conv_padding_mode: ["nn.Conv1d(3, 4, 3, padding_mode='mirror')", () => new nn.Conv1d(3, 4, 3, { padding_mode: 'mirror' as never })],
  bn_one_value: ['nn.BatchNorm1d(3)(torch.zeros(1, 3))', () => new nn.BatchNorm1d(3)(torch.zeros([1, 3]))],
  bn_dim: ['nn.BatchNorm2d(3)(torch.zeros(2, 3))', () => new nn.BatchNorm2d(3)(torch.zeros([2, 3]))],
  ce_target_range: ['nn.CrossEntropyLoss()(torch.zeros(2, 3), torch.tensor([0, 5]))', () => new nn.CrossEntropyLoss()(torch.zeros([2, 3]), torch.tensor([0n, 5n]))],
  mse_reduction: ["nn.MSELoss(reduction='avg')(torch.zeros(2), torch.zeros(2))", () => new nn.MSELoss({ reduction: 'avg' as never })(torch.zeros([2]), torch.zeros([2]))],
  dropout_p: ['nn.Dropout(1.5)', () => new nn.Dropout(1.5)],
  mha_heads: ['nn.MultiheadAttention(6, 4)', () => new nn.MultiheadAttention(6, 4)],
  lstm_input: ['nn.LSTM(3, 4)(torch.zeros(5, 2, 2))', () => new nn.LSTM(3, 4)(torch.zeros([5, 2, 2]))],
  lstm_hidden: ['nn.LSTM(3, 4)(torch.zeros(5, 2, 3), (torch.zeros(1, 2, 3), torch.zeros(1, 2, 4)))', () => new nn.LSTM(3, 4)(torch.zeros([5, 2, 3]), [torch.zeros([1, 2, 3]), torch.zeros([1, 2, 4])])],
  rnn_nonlinearity: ["nn.RNN(3, 4, nonlinearity='gelu')", () => new nn.RNN(3, 4, { nonlinearity: 'gelu' as never })],
  rnn_dropout_warning: ['m = nn.GRU(3, 4, dropout=0.5); out = repr(m)', () => String(new nn.GRU(3, 4, { dropout: 0.5 }))],
  embedding_padding: ['nn.Embedding(5, 2, padding_idx=7)', () => new nn.Embedding(5, 2, { padding_idx: 7 })],
  groupnorm_groups: ['nn.GroupNorm(3, 4)', () => new nn.GroupNorm(3, 4)],
  upsample_both: ['nn.Upsample(size=4, scale_factor=2)(torch.zeros(1, 1, 2, 2))', () => new nn.Upsample({ size: 4, scale_factor: 2 })(torch.zeros([1, 1, 2, 2]))],
  transformer_d_model: ['nn.Transformer(d_model=8, nhead=2)(torch.zeros(3, 2, 8), torch.zeros(3, 3, 8))', () => new nn.Transformer({ d_model: 8, nhead: 2 })(torch.zeros([3, 2, 8]), torch.zeros([3, 3, 8]))],
  flatten_unflatten: ['nn.Unflatten(1, (2, 2))(torch.zeros(2, 5))', () => new nn.Unflatten(1, [2, 2])(torch.zeros([2, 5]))],
};

// training loops: float32, SGD with momentum, dropout in train mode
const TRAIN_PY = (model: string, data: string, lossExpr: string): string => `
torch.manual_seed(0)
m = ${model}
opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9)
torch.manual_seed(1)
${data}
losses = []
for i in range(100):
    opt.zero_grad()
    loss = ${lossExpr}
    loss.backward()
    opt.step()
    losses.append(loss.item())
out = losses
`;
function trainJs(model: () => nn.Module, data: () => Tensor[], lossFn: (m: nn.Module, d: Tensor[]) => Tensor): number[] {
  torch.manual_seed(0);
  const m = model();
  const opt = new torch.optim.SGD(m.parameters(), { lr: 0.05, momentum: 0.9 });
  torch.manual_seed(1);
  const d = data();
  const losses: number[] = [];
  for (let i = 0; i < 100; i++) {
    opt.zero_grad();
    const loss = lossFn(m, d);
    loss.backward();
    opt.step();
    losses.push(loss.item() as number);
  }
  return losses;
}

const TRAIN: Record<string, [string, () => unknown]> = {
  mlp: [
    TRAIN_PY('nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 3))', 'x = torch.randn(32, 4); y = torch.randint(0, 3, (32,))', 'F.cross_entropy(m(x), y)'),
    () => trainJs(() => new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Dropout(0.1), new nn.Linear(16, 3)), () => [torch.randn([32, 4]), torch.randint(3, [32])], (m, [x, y]) => F.cross_entropy(call(m, x), y)),
  ],
  cnn: [
    TRAIN_PY('nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.2), nn.Conv2d(4, 8, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 5))', 'x = torch.randn(8, 1, 10, 10); y = torch.randint(0, 5, (8,))', 'F.cross_entropy(m(x), y, label_smoothing=0.1)'),
    () => trainJs(
      () => new nn.Sequential(new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Dropout(0.2), new nn.Conv2d(4, 8, 3), new nn.ReLU(), new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Linear(8, 5)),
      () => [torch.randn([8, 1, 10, 10]), torch.randint(5, [8])], (m, [x, y]) => F.cross_entropy(call(m, x), y, { label_smoothing: 0.1 })),
  ],
  transformer_encoder: [
    TRAIN_PY('nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, 0.1, batch_first=True), 2, enable_nested_tensor=False)', 'x = torch.randn(4, 6, 8); y = torch.randn(4, 6, 8)', 'F.mse_loss(m(x), y)'),
    () => trainJs(() => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, 0.1, { batch_first: true }), 2, { enable_nested_tensor: false }), () => [torch.randn([4, 6, 8]), torch.randn([4, 6, 8])], (m, [x, y]) => F.mse_loss(call(m, x), y)),
  ],
  lstm_classifier: [
    TRAIN_PY('nn.ModuleDict({"emb": nn.Embedding(10, 6), "lstm": nn.LSTM(6, 8, batch_first=True), "head": nn.Linear(8, 2)})', 'x = torch.randint(0, 10, (5, 7)); y = torch.randint(0, 2, (5,))', "F.cross_entropy(m['head'](m['lstm'](m['emb'](x))[0][:, -1]), y)"),
    () => trainJs(() => new nn.ModuleDict({ emb: new nn.Embedding(10, 6), lstm: new nn.LSTM(6, 8, { batch_first: true }), head: new nn.Linear(8, 2) }), () => [torch.randint(10, [5, 7]), torch.randint(2, [5])], (m, [x, y]) => {
      const d = m as nn.ModuleDict;
      const e = call(d.__getitem__('emb'), x);
      const [o] = (d.__getitem__('lstm') as nn.LSTM)(e);
      return F.cross_entropy(call(d.__getitem__('head'), o.select(1, -1)), y);
    }),
  ],
};

// nn.utils weight normalization and the parametrizations
const P = nn.utils.parametrizations;
const sdItems = (m: nn.Module): unknown[] => Object.entries(m.state_dict());
const UTILS: Record<string, [string, () => unknown]> = {
  param_weight_norm: [
    "m = nn.utils.parametrizations.weight_norm(nn.Linear(4, 3)); torch.manual_seed(1); x = torch.randn(2, 4); y = m(x); y.pow(2).sum().backward(); out = [repr(m), list(m.state_dict().items()), y, m.weight, [[n, p.grad] for n, p in m.named_parameters()]]",
    () => {
      const m = P.weight_norm(new nn.Linear(4, 3));
      torch.manual_seed(1);
      const x = torch.randn([2, 4]);
      const y = m(x);
      y.pow(2).sum().backward();
      return [String(m), sdItems(m), y, m.weight, [...m.named_parameters()].map(([n, p]) => [n, p.grad])];
    },
  ],
  param_weight_norm_dim_conv: [
    "m = nn.utils.parametrizations.weight_norm(nn.Conv1d(2, 3, 2), name='weight', dim=None); torch.manual_seed(1); x = torch.randn(1, 2, 4); out = [m(x), list(m.state_dict().items())]",
    () => {
      const m = P.weight_norm(new nn.Conv1d(2, 3, 2), { name: 'weight', dim: null });
      torch.manual_seed(1);
      return [m(torch.randn([1, 2, 4])), sdItems(m)];
    },
  ],
  legacy_weight_norm: [
    "m = nn.utils.weight_norm(nn.Linear(4, 3), dim=1); torch.manual_seed(1); x = torch.randn(2, 4); y = m(x); y.sum().backward(); r = [repr(m), list(m.state_dict().items()), y, m.weight_g.grad, m.weight_v.grad]; sd = m.state_dict(); m2 = nn.utils.parametrizations.weight_norm(nn.Linear(4, 3), dim=1); m2.load_state_dict(sd); nn.utils.remove_weight_norm(m); out = r + [list(m.state_dict().items()), m2(x)]",
    () => {
      const m = nn.utils.weight_norm(new nn.Linear(4, 3), { dim: 1 });
      torch.manual_seed(1);
      const x = torch.randn([2, 4]);
      const y = m(x);
      y.sum().backward();
      const a = m as unknown as Record<string, torch.Tensor>;
      const r = [String(m), sdItems(m), y, a.weight_g.grad, a.weight_v.grad];
      const sd = m.state_dict();
      const m2 = P.weight_norm(new nn.Linear(4, 3), { dim: 1 });
      m2.load_state_dict(sd);
      nn.utils.remove_weight_norm(m);
      return [...r, sdItems(m), m2(x)];
    },
  ],
  legacy_weight_norm_errors: [
    "m = nn.utils.weight_norm(nn.Linear(2, 2))\ntry:\n    nn.utils.weight_norm(m)\nexcept RuntimeError as e:\n    a = str(e)\ntry:\n    nn.utils.remove_weight_norm(nn.Linear(2, 2), 'bias')\nexcept ValueError as e:\n    b = str(e)\nout = [a, b]",
    () => {
      const m = nn.utils.weight_norm(new nn.Linear(2, 2));
      const msg = (f: () => unknown): string => {
        try {
          f();
          return '';
        } catch (e) {
          return (e as Error).message;
        }
      };
      return [msg(() => nn.utils.weight_norm(m)), msg(() => nn.utils.remove_weight_norm(new nn.Linear(2, 2), 'bias'))];
    },
  ],
  spectral_norm: [
    "m = nn.utils.parametrizations.spectral_norm(nn.Linear(5, 4)); torch.manual_seed(1); x = torch.randn(3, 5); y = m(x); y.sum().backward(); y2 = m(x); m.eval(); y3 = m(x); out = [repr(m), list(m.state_dict().items()), y, y2, y3, m.parametrizations.weight.original.grad]",
    () => {
      const m = P.spectral_norm(new nn.Linear(5, 4));
      torch.manual_seed(1);
      const x = torch.randn([3, 5]);
      const y = m(x);
      y.sum().backward();
      const y2 = m(x);
      m.eval();
      const y3 = m(x);
      const orig = ((m as unknown as { parametrizations: nn.ModuleDict }).parametrizations.__getitem__('weight') as unknown as { original: torch.Tensor }).original;
      return [String(m), sdItems(m), y, y2, y3, orig.grad];
    },
  ],
  spectral_norm_convt: [
    'm = nn.utils.parametrizations.spectral_norm(nn.ConvTranspose2d(2, 3, 2), n_power_iterations=2, eps=1e-6); torch.manual_seed(1); out = [m(torch.randn(1, 2, 3, 3)), list(m.state_dict().items())]',
    () => {
      const m = P.spectral_norm(new nn.ConvTranspose2d(2, 3, 2), { n_power_iterations: 2, eps: 1e-6 });
      torch.manual_seed(1);
      return [m(torch.randn([1, 2, 3, 3])), sdItems(m)];
    },
  ],
  buffer: [
    "m = nn.Module(); m.a = nn.Buffer(torch.ones(2)); m.b = nn.Buffer(torch.zeros(1, requires_grad=True), persistent=False); m.a = torch.full((2,), 3.5); m.c = torch.ones(1)\ntry:\n    m.c = nn.Buffer(torch.ones(1))\nexcept KeyError as e:\n    err = e.args[0]\nout = [list(m.state_dict().items()), [n for n, _ in m.named_buffers()], isinstance(m.a, nn.Buffer), isinstance(nn.Buffer(torch.ones(1)), nn.Buffer), isinstance(torch.ones(1), nn.Buffer), m.b.requires_grad, err]",
    () => {
      const m = new nn.Module() as nn.Module & Record<string, torch.Tensor>;
      m.a = new nn.Buffer(torch.ones([2]));
      m.b = new nn.Buffer(torch.zeros([1], { requires_grad: true }), { persistent: false });
      m.a = torch.full([2], 3.5);
      m.c = torch.ones([1]);
      let err = '';
      try {
        m.c = new nn.Buffer(torch.ones([1]));
      } catch (e) {
        err = (e as Error).message;
      }
      return [sdItems(m), [...m.named_buffers()].map(([n]) => n), m.a instanceof nn.Buffer, new nn.Buffer(torch.ones([1])) instanceof nn.Buffer, torch.ones([1]) instanceof nn.Buffer, m.b.requires_grad, err];
    },
  ],
  functional_call: [
    "from torch.func import functional_call\nm = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2)); torch.manual_seed(1); x = torch.randn(4, 3); w = torch.randn(2, 3, requires_grad=True); rm = torch.zeros(2)\ny = functional_call(m, {'0.weight': w, '1.running_mean': rm}, (x,)); y.sum().backward()\nshared = nn.Linear(2, 2); t = nn.Sequential(shared, nn.ReLU(), shared); w2 = torch.ones(2, 2)\ny2 = functional_call(t, {'0.weight': w2}, x[:, :2])\ntry:\n    functional_call(m, {'0.weight': w, 'nope': w}, (x,), strict=True)\nexcept RuntimeError as e:\n    err = str(e)\nout = [y, w.grad, rm, m[0].weight, m[1].running_mean, m[1].num_batches_tracked, y2, t[2].weight, err]",
    () => {
      const m = new nn.Sequential(new nn.Linear(3, 2), new nn.BatchNorm1d(2));
      torch.manual_seed(1);
      const x = torch.randn([4, 3]);
      const w = torch.randn([2, 3]).requires_grad_();
      const rm = torch.zeros([2]);
      const fc = nn.utils.stateless._functional_call;
      const y = fc(m, { '0.weight': w, '1.running_mean': rm }, [x]) as torch.Tensor;
      y.sum().backward();
      const shared = new nn.Linear(2, 2);
      const t = new nn.Sequential(shared, new nn.ReLU(), shared);
      const y2 = fc(t, { '0.weight': torch.ones([2, 2]) }, x.narrow(1, 0, 2));
      let err = '';
      try {
        fc(m, { '0.weight': w, nope: w }, [x], null, { strict: true });
      } catch (e) {
        err = (e as Error).message;
      }
      return [y, w.grad, rm, (m.at(0) as nn.Linear).weight, (m.at(1) as nn.BatchNorm1d).running_mean, (m.at(1) as nn.BatchNorm1d).num_batches_tracked, y2, (t.at(2) as nn.Linear).weight, err];
    },
  ],
  legacy_spectral_norm: [
    "from collections import OrderedDict\nm = nn.utils.spectral_norm(nn.Linear(5, 4)); torch.manual_seed(1); x = torch.randn(3, 5); y = m(x); y.sum().backward(); y2 = m(x); m.eval(); y3 = m(x); g = m.weight_orig.grad; sd = m.state_dict(); meta = sd._metadata['']\nsd0 = OrderedDict((k, v) for k, v in sd.items() if k != 'weight_v'); sd0['weight'] = m.weight.detach().clone(); sd0._metadata = OrderedDict([('', {'version': 1})])\nm2 = nn.utils.spectral_norm(nn.Linear(5, 4)); m2.load_state_dict(sd0)\nnn.utils.remove_spectral_norm(m)\nout = [repr(m), y, y2, y3, g, list(sd.items()), meta, m2.weight_v, list(m.state_dict().items())]",
    () => {
      const m = nn.utils.spectral_norm(new nn.Linear(5, 4));
      torch.manual_seed(1);
      const x = torch.randn([3, 5]);
      const y = m(x);
      y.sum().backward();
      const y2 = m(x);
      m.eval();
      const y3 = m(x);
      const a = m as unknown as Record<string, torch.Tensor>;
      const g = a.weight_orig.grad;
      const sd = m.state_dict();
      const meta = (sd as unknown as { _metadata: Record<string, unknown> })._metadata[''];
      const sd0: Record<string, torch.Tensor> = {};
      for (const [k, v] of Object.entries(sd)) if (k !== 'weight_v') sd0[k] = v;
      sd0.weight = a.weight.detach().clone();
      Object.defineProperty(sd0, '_metadata', { value: { '': { version: 1 } }, enumerable: false });
      const m2 = nn.utils.spectral_norm(new nn.Linear(5, 4));
      m2.load_state_dict(sd0);
      nn.utils.remove_spectral_norm(m);
      return [String(m), y, y2, y3, g, Object.entries(sd), meta, (m2 as unknown as Record<string, torch.Tensor>).weight_v, sdItems(m)];
    },
  ],
  checkpoint_from_python: [
    "import os, tempfile\ndef make(): return nn.ModuleDict({'cnn': nn.Sequential(nn.Conv2d(1, 3, 3), nn.BatchNorm2d(3), nn.ReLU(), nn.Flatten(), nn.Linear(12, 2)), 'rnn': nn.LSTM(2, 3, num_layers=2, bidirectional=True), 'enc': nn.TransformerEncoderLayer(4, 2, 8, 0.0)})\ntorch.manual_seed(7); m = make(); m['cnn'](torch.randn(4, 1, 4, 4)); m.eval()\npath = os.path.join(tempfile.gettempdir(), 'torch_node_layers_ckpt.pt'); torch.save(m.state_dict(), path)\ntorch.manual_seed(1); x = torch.randn(2, 1, 4, 4); s = torch.randn(5, 1, 2); e = torch.randn(3, 1, 4)\nout = [path, m['cnn'](x), m['rnn'](s), m['enc'](e)]",
    () => {
      const make = (): nn.ModuleDict => new nn.ModuleDict({
        cnn: new nn.Sequential(new nn.Conv2d(1, 3, 3), new nn.BatchNorm2d(3), new nn.ReLU(), new nn.Flatten(), new nn.Linear(12, 2)),
        rnn: new nn.LSTM(2, 3, { num_layers: 2, bidirectional: true }),
        enc: new nn.TransformerEncoderLayer(4, 2, 8, 0.0),
      });
      const m = make();
      const path = py.checkpoint_from_python.out as unknown as unknown[];
      const file = (path as unknown as { 0: string })[0];
      const res = m.load_state_dict(torch.load(file) as Record<string, torch.Tensor>);
      m.eval();
      torch.manual_seed(1);
      const x = torch.randn([2, 1, 4, 4]);
      const s = torch.randn([5, 1, 2]);
      const e = torch.randn([3, 1, 4]);
      return [file, call(m.__getitem__('cnn'), x), (m.__getitem__('rnn') as nn.LSTM)(s), call(m.__getitem__('enc'), e), String(res)];
    },
  ],
  fusion_skip_init: [
    "conv = nn.Conv2d(2, 3, 3); bn = nn.BatchNorm2d(3); bn.running_mean.uniform_(); bn.running_var.uniform_(0.5, 2); bn.weight.data.uniform_(); bn.bias.data.uniform_(); conv.eval(); bn.eval()\nf = nn.utils.fuse_conv_bn_eval(conv, bn)\nct = nn.ConvTranspose2d(3, 2, 2, bias=False).eval(); bn2 = nn.BatchNorm2d(2).eval(); bn2.running_var.fill_(4.0)\nft = nn.utils.fuse_conv_bn_eval(ct, bn2, transpose=True)\nlin = nn.Linear(3, 4).eval(); bn3 = nn.BatchNorm1d(4).eval(); bn3.running_mean.fill_(0.5)\nfl = nn.utils.fuse_linear_bn_eval(lin, bn3)\ntorch.manual_seed(1); x = torch.randn(1, 2, 5, 5)\nsk = nn.utils.skip_init(nn.Linear, 3, 4, bias=False)\nout = [f.weight, f.bias, f(x), bn(conv(x)), ft.weight, ft.bias, fl.weight, fl.bias, repr(f), conv.weight, repr(sk), list(sk.weight.shape), str(sk.weight.device), isinstance(f.weight, nn.Parameter)]",
    () => {
      const conv = new nn.Conv2d(2, 3, 3);
      const bn = new nn.BatchNorm2d(3);
      bn.running_mean!.uniform_();
      bn.running_var!.uniform_(0.5, 2);
      bn.weight!.data.uniform_();
      bn.bias!.data.uniform_();
      conv.eval();
      bn.eval();
      const f = nn.utils.fuse_conv_bn_eval(conv, bn);
      const ct = new nn.ConvTranspose2d(3, 2, 2, { bias: false }).eval();
      const bn2 = new nn.BatchNorm2d(2).eval();
      bn2.running_var!.fill_(4.0);
      const ft = nn.utils.fuse_conv_bn_eval(ct, bn2, true);
      const lin = new nn.Linear(3, 4).eval();
      const bn3 = new nn.BatchNorm1d(4).eval();
      bn3.running_mean!.fill_(0.5);
      const fl = nn.utils.fuse_linear_bn_eval(lin, bn3);
      torch.manual_seed(1);
      const x = torch.randn([1, 2, 5, 5]);
      const sk = nn.utils.skip_init(nn.Linear, 3, 4, { bias: false });
      return [f.weight, f.bias, f(x), bn(conv(x)), ft.weight, ft.bias, fl.weight, fl.bias, String(f), conv.weight, String(sk), [...sk.weight.shape], String(sk.weight.device), f.weight instanceof nn.Parameter];
    },
  ],
  transfer_parametrizations: [
    "m = nn.utils.parametrizations.weight_norm(nn.Linear(3, 2)); m2 = nn.Linear(3, 2); nn.utils.parametrize.transfer_parametrizations_and_params(m, m2)\nm4 = nn.Module(); nn.utils.parametrize.transfer_parametrizations_and_params(m, m4, 'weight')\nout = [repr(m2), list(m2.state_dict().items()), m2.parametrizations.weight.original0 is m.parametrizations.weight.original0, m2.weight, repr(m4), m4.weight, list(m4.state_dict().keys())]",
    () => {
      const m = P.weight_norm(new nn.Linear(3, 2));
      const m2 = new nn.Linear(3, 2);
      nn.utils.parametrize.transfer_parametrizations_and_params(m, m2);
      const m4 = new nn.Module();
      nn.utils.parametrize.transfer_parametrizations_and_params(m, m4, 'weight');
      const orig0 = (x: nn.Module): unknown => ((x as unknown as { parametrizations: nn.ModuleDict }).parametrizations.__getitem__('weight') as unknown as { original0: torch.Tensor }).original0;
      return [String(m2), sdItems(m2), orig0(m2) === orig0(m), m2.weight, String(m4), (m4 as unknown as { weight: torch.Tensor }).weight, Object.keys(m4.state_dict())];
    },
  ],
  orthogonal: [
    "ms = [nn.utils.parametrizations.orthogonal(nn.Linear(4, 4, dtype=torch.float64)), nn.utils.parametrizations.orthogonal(nn.Linear(5, 3, dtype=torch.float64)), nn.utils.parametrizations.orthogonal(nn.Linear(3, 5, dtype=torch.float64), orthogonal_map='cayley'), nn.utils.parametrizations.orthogonal(nn.Linear(4, 4, dtype=torch.float64), orthogonal_map='householder', use_trivialization=False)]; out = [[m.weight for m in ms], [repr(m) for m in ms], [list(m.state_dict().keys()) for m in ms]]",
    () => {
      const ms = [
        P.orthogonal(new nn.Linear(4, 4, { dtype: torch.float64 })),
        P.orthogonal(new nn.Linear(5, 3, { dtype: torch.float64 })),
        P.orthogonal(new nn.Linear(3, 5, { dtype: torch.float64 }), { orthogonal_map: 'cayley' }),
        P.orthogonal(new nn.Linear(4, 4, { dtype: torch.float64 }), { orthogonal_map: 'householder', use_trivialization: false }),
      ];
      return [ms.map((m) => m.weight), ms.map(String), ms.map((m) => Object.keys(m.state_dict()))];
    },
  ],
};

let py: Record<string, PyOut>;
const ALL = { ...LAZY, ...PACKED, ...ERRORS, ...TRAIN, ...UTILS };

beforeAll(() => {
  const snippets: Record<string, string> = {};
  for (const [id, [code]] of Object.entries(ALL)) snippets[id] = `torch.manual_seed(0)\n${code}`;
  py = runPy(snippets);
});

const seeded = (fn: () => unknown) => () => {
  torch.manual_seed(0);
  return fn();
};

describe('lazy modules, AdaptiveLogSoftmaxWithLoss, Container', () => {
  test.each(Object.keys(LAZY))('%s', (id) => expect(encCall(seeded(LAZY[id][1]))).toEqual(py[id].out));
});

describe('packed sequences', () => {
  test.each(Object.keys(PACKED))('%s', (id) => expectClose(encCall(seeded(PACKED[id][1])), py[id].out, '$', 1e-10, 1e-12));
});

// Python prints some choices as a set literal, whose order changes with each process's string hash seed: the
// elements are compared sorted.
const sortSets = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replace(/\{('[^'{}]*'(?:, '[^'{}]*')*)\}/g, (_m, body: string) => `{${body.split(', ').sort().join(', ')}}`));

describe('errors: type and message', () => {
  test.each(Object.keys(ERRORS))('%s', (id) => expect(sortSets(encCall(seeded(ERRORS[id][1])))).toEqual(sortSets(py[id].out)));
});

describe('nn.utils weight_norm, spectral_norm, parametrizations, functional_call, nn.Buffer; a checkpoint saved by Python', () => {
  test.each(Object.keys(UTILS))('%s', (id) => {
    const want = py[id].out as unknown[];
    const got = encCall(seeded(UTILS[id][1])) as unknown[];
    if (id === 'checkpoint_from_python') {
      expect(got[4]).toBe('<All keys matched successfully>');
      expectClose(got.slice(0, 4), want, '$', 1e-6, 1e-7);
    } else expectClose(got, want, '$', 1e-6, 1e-7);
  });
});

describe('training 100 SGD steps, loss at every step', () => {
  test.each(Object.keys(TRAIN))('%s', (id) => expectClose(encCall(TRAIN[id][1]), py[id].out, '$', 1e-5, 1e-6));
});
