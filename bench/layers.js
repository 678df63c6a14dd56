#!/usr/bin/env node
// Layers in Node (torch-node) and Python (PyTorch) on the same LibTorch: forward+backward of Linear, Conv2d, LSTM
// and TransformerEncoderLayer at realistic sizes, and a small CNN's SGD training step; microseconds per iteration
// and the ratio Node / Python (below 1.0 = torch-node is faster). Written as a Python user writes it: no scopes,
// no dispose. Run by `npm run bench` (BENCH_LAYERS=0 skips it) or alone: node bench/layers.js (after build:ts).
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');
const os = require('os');

const root = path.resolve(__dirname, '..');
const torch = require(path.join(root, 'dist', 'cjs', 'index.js'));
const { nn } = torch;
const F = nn.functional;
const { python, env } = require('./python').pythonEnv();
const cfg = { threads: Number(process.env.BENCH_THREADS || os.cpus().length), iters: Number(process.env.BENCH_LAYER_ITERS || 10) };
torch.set_num_threads(cfg.threads);
torch.manual_seed(0);

function timed(step, n, rounds = 5) {
  for (let i = 0; i < Math.max(1, n >> 2); i++) step();
  const res = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) step();
    res.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  }
  res.sort((x, y) => x - y);
  return res[res.length >> 1];
}

const fwdBwd = (m, ...xs) => () => {
  m.zero_grad();
  let y = m(...xs);
  if (Array.isArray(y)) y = y[0];
  y.sum().backward();
};

const linear = new nn.Linear(512, 512);
const xLin = torch.randn([64, 512]).requires_grad_();
const conv = new nn.Conv2d(32, 64, 3, { padding: 1 });
const xConv = torch.randn([8, 32, 32, 32]).requires_grad_();
const lstm = new nn.LSTM(128, 256, { num_layers: 2, batch_first: true });
const xLstm = torch.randn([16, 32, 128]).requires_grad_();
const enc = new nn.TransformerEncoderLayer(256, 8, 1024, { batch_first: true });
const xEnc = torch.randn([16, 64, 256]).requires_grad_();

const cnn = new nn.Sequential(
  new nn.Conv2d(1, 16, 3, { padding: 1 }), new nn.BatchNorm2d(16), new nn.ReLU(), new nn.MaxPool2d(2),
  new nn.Conv2d(16, 32, 3, { padding: 1 }), new nn.BatchNorm2d(32), new nn.ReLU(), new nn.MaxPool2d(2),
  new nn.Dropout(0.25), new nn.Flatten(), new nn.Linear(32 * 7 * 7, 10),
);
const opt = new torch.optim.SGD(cnn.parameters(), { lr: 0.01, momentum: 0.9 });
const xCnn = torch.randn([32, 1, 28, 28]);
const yCnn = torch.randint(10, [32]);
const cnnStep = () => {
  opt.zero_grad();
  const loss = F.cross_entropy(cnn(xCnn), yCnn);
  loss.backward();
  opt.step();
};

const n = cfg.iters;
const node = {
  linear: timed(fwdBwd(linear, xLin), n * 10),
  conv2d: timed(fwdBwd(conv, xConv), n),
  lstm: timed(fwdBwd(lstm, xLstm), n),
  transformer_encoder_layer: timed(fwdBwd(enc, xEnc), n),
  cnn_train_step: timed(cnnStep, n),
};

const py = JSON.parse(execFileSync(python, [path.join(__dirname, 'layers.py'), JSON.stringify(cfg)], { env, encoding: 'utf8' }));

const what = {
  linear: 'Linear(512, 512), batch 64: forward + backward',
  conv2d: 'Conv2d(32, 64, 3, padding=1), 8x32x32x32: forward + backward',
  lstm: 'LSTM(128, 256, num_layers=2, batch_first), 16x32x128: forward + backward',
  transformer_encoder_layer: 'TransformerEncoderLayer(256, 8, 1024, batch_first), 16x64x256: forward + backward',
  cnn_train_step: 'small CNN (2 conv+bn+pool, dropout, linear), batch 32 of 1x28x28: SGD step',
};
console.log(`layers (${cfg.threads} thread(s)): us per iteration`);
for (const k of Object.keys(node)) {
  console.log(`  ${k}`.padEnd(28) + node[k].toFixed(1).padStart(12) + py[k].toFixed(1).padStart(12) + (node[k] / py[k]).toFixed(2).padStart(8) + '  ' + what[k]);
}
