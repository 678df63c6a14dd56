// The CUDA smoke suite (node:test, so it runs on a GPU machine without jest): run by scripts/gpu-check.sh.
// Without a GPU the CUDA tests skip and the "no GPU" tests check the errors instead.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const torch = require(path.join(root, 'dist', 'cjs', 'index.js'));

const gpu = torch.cuda.is_available();
const needsGpu = { skip: gpu ? false : 'no CUDA GPU here' };
const noGpu = { skip: gpu ? 'a GPU is present' : false };
const stillWorks = () => assert.deepEqual(torch.ones(2).add(1).tolist(), [2, 2]);

describe('without a GPU', () => {
  test('availability is reported and CUDA calls fail cleanly', noGpu, () => {
    assert.equal(torch.cuda.device_count(), 0);
    assert.throws(() => torch.ones(1).cuda(), torch.TorchError);
    assert.equal(torch.cuda.memory_allocated(), 0); // as Python: no CUDA context, no memory
    stillWorks();
  });
});

describe('CUDA devices', () => {
  test('is_available, device_count, device name and capability', needsGpu, () => {
    assert.ok(torch.cuda.device_count() >= 1);
    const name = torch.cuda.get_device_name(0);
    assert.ok(name.length > 0);
    const [major] = torch.cuda.get_device_capability(0);
    assert.ok(major >= 7);
    assert.ok(torch.cuda.get_device_properties(0).total_memory > 1e9);
    console.log(`# device: ${name}, capability ${torch.cuda.get_device_capability(0).join('.')}`);
  });
});

const dtypes = ['bool', 'uint8', 'int8', 'int16', 'int32', 'int64', 'float16', 'bfloat16', 'float32', 'float64',
  'complex64', 'complex128'];

describe('tensors to and from cuda:0', () => {
  for (const name of dtypes) {
    test(`round trip of ${name}`, needsGpu, () => {
      torch.tidy(() => {
        const cpu = torch.arange(-3, 9).reshape(3, 4).to(torch[name]);
        const dev = cpu.to('cuda:0');
        assert.equal(dev.device.toString(), 'cuda:0');
        assert.equal(dev.is_cuda, true);
        assert.equal(dev.dtype, torch[name]);
        assert.deepEqual(dev.cpu().tolist(), cpu.tolist());
        assert.deepEqual(cpu.cuda().to('cpu').tolist(), cpu.tolist());
      });
    });
  }
});

const close = (a, b, tol) => {
  const x = a.flatten().tolist();
  const y = b.flatten().tolist();
  assert.equal(x.length, y.length);
  for (let i = 0; i < x.length; i++) assert.ok(Math.abs(x[i] - y[i]) <= tol * (1 + Math.abs(y[i])), `${x[i]} vs ${y[i]}`);
};

describe('ops on CUDA equal the same ops on CPU', () => {
  const ops = {
    add: (a, b) => a.add(b),
    mul: (a, b) => a.mul(b),
    matmul: (a, b) => a.matmul(b.T),
    sum_dim: (a) => a.sum(1),
    exp: (a) => a.exp(),
    softmax: (a) => torch.softmax(a, 1),
    max_dim: (a) => torch.max(a, 1).values,
    sort: (a) => torch.sort(a, 1).values,
    clamp: (a) => torch.clamp(a, { min: -0.5, max: 0.5 }),
    conv2d: (a, b) => torch.conv2d(a.reshape(1, 1, 16, 16), b.reshape(1, 1, 16, 16).narrow(2, 0, 3).narrow(3, 0, 3)),
    svd_values: (a) => torch.linalg.svdvals(a),
    cumsum: (a) => a.cumsum(0),
  };
  // cuDNN convolutions may use TF32 by default (as in PyTorch): a looser tolerance there
  const tolerance = { conv2d: 1e-2 };
  for (const [name, fn] of Object.entries(ops)) {
    test(name, needsGpu, () => {
      torch.tidy(() => {
        torch.manual_seed(0);
        const a = torch.randn(16, 16);
        const b = torch.randn(16, 16);
        close(fn(a.cuda(), b.cuda()).cpu(), fn(a, b), tolerance[name] ?? 1e-4);
      });
    });
  }
});

describe('autograd on CUDA', () => {
  test('backward accumulates gradients on the device', needsGpu, () => {
    const x = torch.tensor([1.0, 2.0, 3.0], { device: 'cuda', requires_grad: true });
    x.mul(x).sum().backward();
    assert.equal(x.grad.device.toString(), 'cuda:0');
    assert.deepEqual(x.grad.cpu().tolist(), [2, 4, 6]);
  });
  test('autograd.grad with create_graph on the device', needsGpu, () => {
    const x = torch.tensor(3.0, { device: 'cuda', requires_grad: true });
    const [dy] = torch.autograd.grad(x.pow(3), x, { create_graph: true });
    const [d2y] = torch.autograd.grad(dy, x);
    assert.deepEqual([dy.item(), d2y.item()], [27, 18]);
  });
});

describe('JS callbacks from the engine on CUDA (device threads)', () => {
  class Square extends torch.autograd.Function {
    static forward(ctx, x) {
      ctx.save_for_backward(x);
      return x.mul(x);
    }
    static backward(ctx, g) {
      const [x] = ctx.saved_tensors;
      return g.mul(x).mul(2);
    }
  }
  for (const mode of ['backward', 'backwardAsync']) {
    test(`tensor hooks and a custom Function with ${mode}()`, needsGpu, async () => {
      const x = torch.tensor([1.0, 2.0, 3.0], { device: 'cuda', requires_grad: true });
      const seen = [];
      x.register_hook((g) => {
        seen.push(g.device.toString());
        return g.mul(10);
      });
      const y = Square.apply(x).sum();
      if (mode === 'backward') y.backward();
      else await y.backwardAsync();
      assert.deepEqual(seen, ['cuda:0']);
      assert.deepEqual(x.grad.cpu().tolist(), [20, 40, 60]);
    });
  }
  test('a hook that throws on CUDA rejects, and the process goes on', needsGpu, async () => {
    const x = torch.ones(2, { device: 'cuda', requires_grad: true });
    x.register_hook(() => {
      throw new Error('cuda hook failed');
    });
    await assert.rejects(x.mul(2).sum().backwardAsync(), /cuda hook failed/);
    assert.throws(() => x.mul(2).sum().backward(), /cuda hook failed/);
    stillWorks();
  });
});

describe('printing', () => {
  test("device='cuda:0' as Python prints it", needsGpu, () => {
    assert.equal(String(torch.tensor([1, 2]).cuda()), "tensor([1., 2.], device='cuda:0')");
    assert.equal(
      String(torch.tensor([1, 2], { device: 'cuda', requires_grad: true })),
      "tensor([1., 2.], device='cuda:0', requires_grad=True)",
    );
    assert.equal(String(torch.arange(3).cuda()), "tensor([0, 1, 2], device='cuda:0')");
  });
});

describe('CUDA memory', () => {
  test('released after dispose()', needsGpu, () => {
    torch.cuda.synchronize();
    const before = torch.cuda.memory_allocated();
    const t = torch.empty(25 * 1024 * 1024, { device: 'cuda' }); // 100 MiB
    assert.ok(torch.cuda.memory_allocated() - before >= 100 * 1024 * 1024);
    t.dispose();
    assert.equal(torch.cuda.memory_allocated(), before);
  });
  test('released at the end of a scope', needsGpu, () => {
    // a first matmul allocates cuBLAS's workspace, which stays: warm up before counting
    torch.tidy(() => {
      const w = torch.randn(1024, 1024, { device: 'cuda' });
      w.matmul(w);
    });
    torch.cuda.synchronize();
    const before = torch.cuda.memory_allocated();
    const kept = torch.tidy(() => {
      const a = torch.randn(1024, 1024, { device: 'cuda' });
      return a.matmul(a).sum();
    });
    assert.equal(kept.device.type, 'cuda');
    assert.ok(torch.cuda.memory_allocated() - before <= 1024);
    kept.dispose();
    assert.equal(torch.cuda.memory_allocated(), before);
    torch.cuda.empty_cache();
    assert.ok(torch.cuda.memory_reserved() >= torch.cuda.memory_allocated());
  });
});

describe('CUDA errors are JS errors and the process stays alive', () => {
  test('out of memory on an absurd size', needsGpu, () => {
    assert.throws(() => torch.empty(2 ** 46, { device: 'cuda' }), (e) => e instanceof torch.OutOfMemoryError && /out of memory/i.test(e.message));
    stillWorks();
    assert.deepEqual(torch.ones(2, { device: 'cuda' }).add(1).cpu().tolist(), [2, 2]);
  });
  test('a device index that does not exist', needsGpu, () => {
    assert.throws(() => torch.zeros(1, { device: `cuda:${torch.cuda.device_count() + 7}` }), torch.TorchError);
    stillWorks();
  });
  test('mixed devices', needsGpu, () => {
    assert.throws(() => torch.ones(2).add(torch.ones(2, { device: 'cuda' })), /same device/);
    stillWorks();
  });
});

describe('the same random numbers as Python on CUDA', () => {
  test('manual_seed then randn on cuda:0', needsGpu, () => {
    torch.manual_seed(42);
    const ours = torch.randn(8, { device: 'cuda' }).cpu().tolist();
    const py = JSON.parse(
      execFileSync(process.env.PYTHON || 'python3', ['-c', 'import torch,json; torch.manual_seed(42); print(json.dumps(torch.randn(8, device="cuda").cpu().tolist()))'], { encoding: 'utf8' }),
    );
    assert.deepEqual(ours, py);
  });
});
