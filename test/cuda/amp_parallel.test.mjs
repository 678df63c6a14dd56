// CUDA streams and events, autocast and GradScaler on CUDA, nn.DataParallel over GPUs (node:test; run by
// scripts/gpu-check.sh). Python torch on the same GPU is the reference where the result is numeric. Without a GPU
// these tests skip, and the last group checks the errors instead.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const torch = require(path.join(root, 'dist', 'cjs', 'index.js'));
const { nn } = torch;

const gpu = torch.cuda.is_available();
const needsGpu = { skip: gpu ? false : 'no CUDA GPU here' };
const noGpu = { skip: gpu ? 'a GPU is present' : false };
const python = (code) => JSON.parse(execFileSync(process.env.PYTHON || 'python3', ['-c', `import torch, json\n${code}`], { encoding: 'utf8' }));

describe('streams and events', () => {
  test('work on a side stream, ordered by wait_stream, timed by events', needsGpu, () => {
    const s = new torch.cuda.Stream();
    assert.ok(!s.equals(torch.cuda.default_stream()));
    const a = torch.randn(2048, 2048, { device: 'cuda' });
    const start = new torch.cuda.Event({ enable_timing: true });
    const end = new torch.cuda.Event({ enable_timing: true });
    s.wait_stream(torch.cuda.current_stream());
    const out = torch.cuda.stream(s, () => {
      assert.ok(torch.cuda.current_stream().equals(s));
      start.record();
      const r = a.matmul(a).sum();
      end.record();
      return r;
    });
    assert.ok(torch.cuda.current_stream().equals(torch.cuda.default_stream()));
    torch.cuda.current_stream().wait_stream(s);
    end.synchronize();
    assert.equal(end.query(), true);
    assert.ok(start.elapsed_time(end) > 0);
    const ref = a.cpu().double().matmul(a.cpu().double()).sum().item();
    assert.ok(Math.abs(out.item() - ref) <= 1e-2 * Math.abs(ref) + 10, `${out.item()} vs ${ref}`);
    s.synchronize();
    assert.equal(s.query(), true);
  });
});

describe('autocast on CUDA', () => {
  test('matmul in float16, softmax in float32, and the values Python computes', needsGpu, () => {
    torch.manual_seed(0);
    const a = torch.randn(8, 8).cuda();
    const b = torch.randn(8, 8).cuda();
    const r = torch.autocast('cuda', () => {
      const mm = a.matmul(b);
      return { mm, soft: torch.softmax(mm, 1) };
    });
    assert.equal(String(r.mm.dtype), 'torch.float16');
    assert.equal(String(r.soft.dtype), 'torch.float32');
    const py = python(`torch.manual_seed(0)
a = torch.randn(8, 8).cuda(); b = torch.randn(8, 8).cuda()
with torch.autocast('cuda'):
    mm = a @ b
print(json.dumps(mm.float().cpu().tolist()))`);
    assert.deepEqual(r.mm.float().cpu().tolist(), py);
  });
  test('bfloat16 autocast and backward through it', needsGpu, () => {
    const w = torch.randn(4, 4, { device: 'cuda', requires_grad: true });
    const x = torch.randn(3, 4, { device: 'cuda' });
    const y = torch.autocast('cuda', { dtype: torch.bfloat16 }, () => x.matmul(w));
    assert.equal(String(y.dtype), 'torch.bfloat16');
    y.float().sum().backward();
    assert.equal(String(w.grad.dtype), 'torch.float32');
    assert.equal(w.grad.device.toString(), 'cuda:0');
  });
});

describe('GradScaler on CUDA', () => {
  test('scale, unscale_, step skipped on inf, update: the same scales and parameters as Python', needsGpu, () => {
    const p = new nn.Parameter(torch.tensor([1.0, -2.0, 3.0], { device: 'cuda' }));
    const opt = new torch.optim.SGD([p], { lr: 0.1 });
    const scaler = new torch.amp.GradScaler('cuda', { init_scale: 256.0, growth_interval: 2 });
    const scales = [];
    for (let step = 0; step < 5; step++) {
      opt.zero_grad();
      const k = step === 2 ? Infinity : 1;
      scaler.scale(p.mul(p).sum().mul(k)).backward();
      scaler.step(opt);
      scaler.update();
      scales.push(scaler.get_scale());
    }
    const py = python(`p = torch.nn.Parameter(torch.tensor([1.0, -2.0, 3.0], device='cuda'))
opt = torch.optim.SGD([p], lr=0.1)
scaler = torch.amp.GradScaler('cuda', init_scale=256.0, growth_interval=2)
scales = []
for step in range(5):
    opt.zero_grad()
    k = float('inf') if step == 2 else 1.0
    scaler.scale((p * p).sum() * k).backward()
    scaler.step(opt)
    scaler.update()
    scales.append(scaler.get_scale())
print(json.dumps([scales, p.detach().cpu().tolist()]))`);
    assert.deepEqual([scales, p.detach().cpu().tolist()], py);
  });
});

describe('nn.DataParallel on CUDA', () => {
  class Net extends nn.Module {
    constructor() {
      super();
      this.fc1 = new nn.Linear(16, 32);
      this.fc2 = new nn.Linear(32, 4);
    }
    forward(x) {
      return this.fc2(torch.relu(this.fc1(x)));
    }
  }
  const build = () => {
    torch.manual_seed(0);
    return new Net().cuda();
  };
  test('device_ids over the GPUs (cuda:0 twice when there is one): outputs and gradients equal the plain module', needsGpu, () => {
    const n = torch.cuda.device_count();
    const ids = n > 1 ? Array.from({ length: n }, (_, i) => i) : ['cuda:0', 'cuda:0'];
    const ref = build();
    const model = build();
    const x = torch.randn(64, 16, { device: 'cuda' });
    const want = ref(x);
    want.square().mean().backward();
    const dp = new nn.DataParallel(model, { device_ids: ids });
    const got = dp(x);
    assert.equal(got.device.toString(), 'cuda:0');
    assert.ok(torch.allclose(got, want.detach(), { atol: 1e-5 }));
    got.square().mean().backward();
    for (const [p, q] of [...model.parameters()].map((p, i) => [p, [...ref.parameters()][i]])) {
      assert.equal(p.grad.device.toString(), 'cuda:0');
      assert.ok(torch.allclose(p.grad, q.grad, { atol: 1e-5 }));
    }
  });
  test('default device_ids: every visible GPU', needsGpu, () => {
    const dp = new nn.DataParallel(build());
    assert.equal(dp.device_ids.length, torch.cuda.device_count());
    assert.equal(dp(torch.randn(8, 16, { device: 'cuda' })).shape.join(','), '8,4');
  });
});

describe('without a GPU', () => {
  test('streams, CUDA autocast and DataParallel fall back or fail cleanly', noGpu, () => {
    assert.throws(() => new torch.cuda.Stream(), torch.TorchError);
    const m = new nn.Linear(2, 2);
    const dp = new nn.DataParallel(m);
    assert.deepEqual(dp.device_ids, []);
    assert.deepEqual(dp(torch.ones(1, 2)).shape, m(torch.ones(1, 2)).shape);
    assert.deepEqual(torch.ones(2).add(1).tolist(), [2, 2]);
  });
});
