// nn.DataParallel and torch.nn.parallel. Without CUDA, Python's DataParallel wraps the module and calls it as it
// is: that path is checked against Python live (printing, state_dict keys, outputs). The replicate / scatter /
// parallel_apply / gather path runs here over CPU devices (torch-node accepts them in device_ids; PyTorch's
// collectives are CUDA-only), and is checked against its definition: the wrapped module on the whole batch gives
// the same outputs and the same gradients. scripts/gpu-check.sh runs it over real GPUs.
import torch from '../../lib';
import { nn } from '../../lib';
import { enc, encCall, expectClose, runPy } from './helpers';

type Tensor = torch.Tensor;

const PREAMBLE = `
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.fc2 = nn.Linear(8, 3)
        self.register_buffer('offset', torch.linspace(0, 1, 3))
    def forward(self, x):
        return self.fc2(torch.tanh(self.fc1(x))) + self.offset

def build():
    torch.manual_seed(0)
    return Net()
`;

class Net extends nn.Module {
  fc1 = new nn.Linear(4, 8);
  fc2 = new nn.Linear(8, 3);
  declare offset: Tensor;
  constructor() {
    super();
    this.register_buffer('offset', torch.linspace(0, 1, 3));
  }
  override forward(x: Tensor): Tensor {
    return this.fc2(torch.tanh(this.fc1(x))).add(this.offset);
  }
}

function build(): Net {
  torch.manual_seed(0);
  return new Net();
}

const X = () => torch.linspace(-2, 2, 20).reshape(5, 4);
const CPU2 = { device_ids: ['cpu', 'cpu'] };

describe('without CUDA devices, as Python', () => {
  const py = runPy(
    {
      repr: 'out = repr(nn.DataParallel(build()))',
      keys: 'out = list(nn.DataParallel(build()).state_dict().keys())',
      names: 'out = [n for n, _ in nn.DataParallel(build()).named_parameters()]',
      forward: 'out = nn.DataParallel(build())(torch.linspace(-2, 2, 20).reshape(5, 4))',
      attrs: 'out = nn.DataParallel(build()).device_ids',
      functional: 'out = nn.parallel.data_parallel(build(), torch.linspace(-2, 2, 20).reshape(5, 4), device_ids=[])',
    },
    PREAMBLE,
  );

  test('printing, state_dict keys and parameter names carry the module. prefix', () => {
    expect(String(new nn.DataParallel(build()))).toBe(py.repr.out);
    expect(Object.keys(new nn.DataParallel(build()).state_dict())).toEqual(py.keys.out);
    expect([...new nn.DataParallel(build()).named_parameters()].map(([n]) => n)).toEqual(py.names.out);
  });

  test('forward calls the module; the functional form needs devices', () => {
    expectClose(enc(new nn.DataParallel(build())(X())), py.forward.out);
    const dp = new nn.DataParallel(build());
    expect(dp.device_ids).toEqual(py.attrs.out);
    expect(encCall(() => nn.parallel.data_parallel(build(), X(), []))).toEqual(py.functional.out);
  });

  test('a checkpoint of the wrapper loads into the bare module after stripping the prefix (the usual recipe)', () => {
    const sd = new nn.DataParallel(build()).state_dict();
    const bare = new Net();
    const r = bare.load_state_dict(Object.fromEntries(Object.entries(sd).map(([k, v]) => [k.replace(/^module\./, ''), v])));
    expect(r.missing_keys).toEqual([]);
    expect(bare(X()).equal(build()(X()))).toBe(true);
  });
});

describe('over devices (CPU devices standing in for GPUs)', () => {
  test('outputs and gradients equal the module run on the whole batch', () => {
    const ref = build();
    const refOut = ref(X());
    refOut.pow(2).sum().backward();

    const model = build();
    const dp = new nn.DataParallel(model, CPU2);
    const out = dp(X()) as Tensor;
    expect(out.shape).toEqual(refOut.shape);
    expect(torch.allclose(out, refOut.detach(), { atol: 1e-6 })).toBe(true);
    expect(out.grad_fn?.name()).toBe('GatherBackward');
    expect(torch.allclose(nn.parallel.data_parallel(model, X(), ['cpu', 'cpu']) as Tensor, refOut.detach(), { atol: 1e-6 })).toBe(true);
    out.pow(2).sum().backward();
    for (const [[name, p], [, q]] of [...model.named_parameters()].map((e, i) => [e, [...ref.named_parameters()][i]] as const)) {
      expect([name, torch.allclose(p.grad!, q.grad!, { atol: 1e-5 })]).toEqual([name, true]);
    }
  });

  test('an odd batch splits as torch.chunk; more devices than rows uses fewer replicas', () => {
    const seen: number[][] = [];
    const model = build();
    model.register_forward_hook((_m, args) => {
      seen.push([...(args[0] as Tensor).shape]);
    });
    (new nn.DataParallel(model, { device_ids: ['cpu', 'cpu', 'cpu'] }))(X());
    expect(seen).toEqual([[2, 4], [2, 4], [1, 4]]);
    seen.length = 0;
    const out = new nn.DataParallel(model, { device_ids: ['cpu', 'cpu', 'cpu'] })(torch.ones(2, 4)) as Tensor;
    expect(seen).toEqual([[1, 4], [1, 4]]);
    expect(out.shape).toEqual([2, 3]);
  });

  test('dim: the batch is split along another dimension', () => {
    class T extends nn.Module {
      override forward(x: Tensor): Tensor {
        return x.mul(2);
      }
    }
    const x = torch.arange(12, { dtype: torch.float32 }).reshape(2, 6);
    const out = new nn.DataParallel(new T(), { device_ids: ['cpu', 'cpu'], dim: 1 })(x) as Tensor;
    expect(out.tolist()).toEqual(x.mul(2).tolist());
  });

  test('keyword arguments are scattered, non-tensors shared; tuple and dict outputs are gathered per element', () => {
    class Multi extends nn.Module {
      override forward(x: Tensor, opts: { scale: Tensor; label: string }): unknown {
        return [x.mul(opts.scale), { y: x.add(1), label: opts.label }];
      }
    }
    const x = torch.arange(8, { dtype: torch.float32 }).reshape(4, 2);
    const scale = torch.tensor([[1], [2], [3], [4]], { dtype: torch.float32 });
    const [a, b] = new nn.DataParallel(new Multi(), CPU2)(x, { scale, label: 'k' }) as [Tensor, { y: Tensor; label: string }];
    expect(a.tolist()).toEqual(x.mul(scale).tolist());
    expect(b.y.tolist()).toEqual(x.add(1).tolist());
    expect(b.label).toBe('k');
  });

  test('scalar outputs are gathered into a vector, with a warning', () => {
    class Loss extends nn.Module {
      override forward(x: Tensor): Tensor {
        return x.sum();
      }
    }
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const out = new nn.DataParallel(new Loss(), CPU2)(torch.ones(4, 2)) as Tensor;
    expect(out.tolist()).toEqual([4, 4]);
    expect(String(warn.mock.calls[0]?.[0])).toContain('all input tensors were scalars');
    warn.mockRestore();
  });

  test('replicas hold broadcast copies, not parameters (as in PyTorch); the original is untouched', () => {
    const model = build();
    const replicas = nn.parallel.replicate(model, ['cpu', 'cpu']);
    expect(replicas).toHaveLength(2);
    for (const r of replicas) {
      expect(r).toBeInstanceOf(Net);
      expect([...r.parameters()]).toHaveLength(0);
      expect(r.fc1.weight.grad_fn?.name()).toBe('BroadcastBackward');
      expect(r.fc1.weight.equal(model.fc1.weight)).toBe(true);
      expect(r.fc1).not.toBe(model.fc1);
      expect(r.offset.equal(model.offset)).toBe(true);
    }
    expect([...model.parameters()]).toHaveLength(4);
    expect(model.fc1.weight.grad_fn).toBeNull();
  });

  test('several training steps match the plain module step for step', () => {
    const a = build();
    const b = build();
    const dp = new nn.DataParallel(b, CPU2);
    for (let step = 0; step < 3; step++) {
      const x = torch.randn(6, 4);
      for (const [m, f] of [[a, a], [b, dp]] as const) {
        m.zero_grad();
        ((f as (t: Tensor) => Tensor)(x)).square().mean().backward();
        torch.no_grad(() => {
          for (const p of m.parameters()) p.sub_(p.grad!.mul(0.1));
        });
      }
    }
    for (const [p, q] of [...a.parameters()].map((p, i) => [p, [...b.parameters()][i]])) {
      expect(torch.allclose(p, q, { atol: 1e-5 })).toBe(true);
    }
  });

  test('errors: parameters on another device, mismatched inputs', () => {
    const dp = new nn.DataParallel(build(), { device_ids: ['meta', 'meta'] });
    expect(() => dp(X())).toThrow('module must have its parameters and buffers on device meta (device_ids[0]) but found one of them on device: cpu');
    expect(() => nn.parallel.parallel_apply([build()], [X(), X()])).toThrow('The number of modules 1 is not equal to the number of inputs 2');
    expect(() => nn.parallel.comm.scatter(X(), ['cpu', 'cpu'], [1, 1], 0)).toThrow('Chunk sizes should sum up to 5, but they sum up to 2');
  });
});
