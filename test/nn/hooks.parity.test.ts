// Module hooks against Python PyTorch, live: the exact sequence and arguments of every hook kind (global and
// per-module forward pre-hooks, forward hooks, full backward pre-hooks and hooks) on a model with branches, a
// shared submodule called twice, keyword arguments, in-place ops and a tuple output, through backward() and
// backwardAsync(); hooks that replace inputs, outputs and gradients; prepend, with_kwargs, always_call; the
// legacy register_backward_hook; and PyTorch's errors.
import torch from '../../lib';
import { enc, encCall, expectClose, runPy, type PyOut } from './helpers';
import { _resetWarnings } from '../../lib/warnings';

import { nn } from '../../lib';
const G = nn.modules.module;
type Tensor = torch.Tensor;
type Log = unknown[][];

const PREAMBLE = `
class Act(nn.Module):
    def forward(self, x):
        return x.tanh()

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 3)
        self.act = Act()
    def forward(self, x, scale=1.0):
        h = self.fc(x) * 2
        h.add_(1)
        return self.act(h) * scale

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.shared = nn.Linear(3, 3)
        self.left = Block()
        self.right = nn.Sequential(self.shared, Act())
        self.head = nn.Bilinear(3, 3, 2)
    def forward(self, x, y):
        s = self.shared(x)
        l = self.left(s, scale=0.5)
        r = self.right(y)
        return self.head(l, r), l

def build():
    torch.manual_seed(0)
    net = Net()
    x = torch.linspace(-1, 1, 6).reshape(2, 3).requires_grad_()
    y = torch.linspace(0, 2, 6).reshape(2, 3)
    return net, x, y

def install(net, log):
    name = {m: n or 'net' for n, m in net.named_modules()}
    handles = []
    for m in net.modules():
        n = name[m]
        handles.append(m.register_forward_pre_hook(lambda m, a, n=n: log.append(['pre', n, list(a)])))
        handles.append(m.register_forward_hook(lambda m, a, o, n=n: log.append(['fwd', n, list(a), o])))
        handles.append(m.register_full_backward_pre_hook(lambda m, go, n=n: log.append(['bpre', n, list(go)])))
        handles.append(m.register_full_backward_hook(lambda m, gi, go, n=n: log.append(['bwd', n, list(gi), list(go)])))
    handles.append(net.left.register_forward_pre_hook(lambda m, a, k: log.append(['pre_kw', list(a), k]), with_kwargs=True))
    handles.append(net.left.register_forward_hook(lambda m, a, k, o: log.append(['fwd_kw', list(a), k, o]), with_kwargs=True))
    handles.append(nn.modules.module.register_module_forward_pre_hook(lambda m, a: log.append(['gpre', name[m]])))
    handles.append(nn.modules.module.register_module_forward_hook(lambda m, a, o: log.append(['gfwd', name[m]])))
    handles.append(nn.modules.module.register_module_full_backward_pre_hook(lambda m, go: log.append(['gbpre', name[m], list(go)])))
    handles.append(nn.modules.module.register_module_full_backward_hook(lambda m, gi, go: log.append(['gbwd', name[m], list(gi)])))
    return handles

def run():
    net, x, y = build()
    log = []
    handles = install(net, log)
    out, l = net(x, y)
    (out.sum() + l.pow(2).sum()).backward()
    for h in handles:
        h.remove()
    log.append(['x.grad', x.grad])
    log.append(['params', [p.grad for p in net.parameters()]])
    return log
`;

class Act extends nn.Module {
  override forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

class Block extends nn.Module {
  fc = new nn.Linear(3, 3);
  act = new Act();
  override forward(x: Tensor, opts: { scale?: number } = {}): Tensor {
    const h = this.fc(x).mul(2);
    h.add_(1);
    return this.act(h).mul(opts.scale ?? 1.0);
  }
}

class Net extends nn.Module {
  shared = new nn.Linear(3, 3);
  left = new Block();
  right = new nn.Sequential(this.shared, new Act());
  head = new nn.Bilinear(3, 3, 2);
  override forward(x: Tensor, y: Tensor): [Tensor, Tensor] {
    const s = this.shared(x);
    const l = this.left(s, { scale: 0.5 });
    const r = this.right(y);
    return [this.head(l, r), l];
  }
}

function build(): [Net, Tensor, Tensor] {
  torch.manual_seed(0);
  const net = new Net();
  const x = torch.linspace(-1, 1, 6).reshape(2, 3).requires_grad_();
  const y = torch.linspace(0, 2, 6).reshape(2, 3);
  return [net, x, y];
}

const list = (a: readonly unknown[]): unknown[] => [...a];

function install(net: Net, log: Log): torch.autograd.RemovableHandle[] {
  const name = new Map<nn.Module, string>();
  for (const [n, m] of net.named_modules()) name.set(m, n || 'net');
  const handles: torch.autograd.RemovableHandle[] = [];
  for (const m of net.modules()) {
    const n = name.get(m)!;
    handles.push(m.register_forward_pre_hook((_m, a) => void log.push(['pre', n, list(a)])));
    handles.push(m.register_forward_hook((_m, a, o) => void log.push(['fwd', n, list(a), o])));
    handles.push(m.register_full_backward_pre_hook((_m, go) => void log.push(['bpre', n, list(go)])));
    handles.push(m.register_full_backward_hook((_m, gi, go) => void log.push(['bwd', n, list(gi), list(go)])));
  }
  handles.push(net.left.register_forward_pre_hook((_m, a, k) => void log.push(['pre_kw', list(a), k]), { with_kwargs: true }));
  handles.push(net.left.register_forward_hook((_m, a, k, o) => void log.push(['fwd_kw', list(a), k, o]), { with_kwargs: true }));
  handles.push(G.register_module_forward_pre_hook((m) => void log.push(['gpre', name.get(m)])));
  handles.push(G.register_module_forward_hook((m) => void log.push(['gfwd', name.get(m)])));
  handles.push(G.register_module_full_backward_pre_hook((m, go) => void log.push(['gbpre', name.get(m), list(go)])));
  handles.push(G.register_module_full_backward_hook((m, gi) => void log.push(['gbwd', name.get(m), list(gi)])));
  return handles;
}

async function run(backward: (loss: Tensor) => void | Promise<void>): Promise<Log> {
  const [net, x, y] = build();
  const log: Log = [];
  const handles = install(net, log);
  const [out, l] = net(x, y);
  await backward(out.sum().add(l.pow(2).sum()));
  for (const h of handles) h.remove();
  log.push(['x.grad', x.grad]);
  log.push(['params', [...net.parameters()].map((p) => p.grad)]);
  return log;
}

// Hooks that change what flows: replaced inputs, outputs and gradients; prepend order; always_call.
const MODIFY_PY = `
torch.manual_seed(0)
m = nn.Linear(3, 2)
x = torch.linspace(-1, 1, 6).reshape(2, 3).requires_grad_()
log = []
m.register_forward_pre_hook(lambda m, a: (a[0] * 2,))
m.register_forward_pre_hook(lambda m, a: log.append(['pre first', a[0]]), prepend=True)
m.register_forward_hook(lambda m, a, o: o + 1)
m.register_forward_hook(lambda m, a, o: log.append(['fwd second', o]))
m.register_full_backward_pre_hook(lambda m, go: (go[0] * 3,))
m.register_full_backward_hook(lambda m, gi, go: log.append(['bwd', gi, go]))
m.register_full_backward_hook(lambda m, gi, go: (gi[0] * 10,), prepend=True)
out = m(x)
out.sum().backward()
log.append(['out', out])
log.append(['x.grad', x.grad])
log.append(['w.grad', m.weight.grad])
out = log
`;

function modifyJs(): Log {
  torch.manual_seed(0);
  const m = new nn.Linear(3, 2);
  const x = torch.linspace(-1, 1, 6).reshape(2, 3).requires_grad_();
  const log: Log = [];
  m.register_forward_pre_hook((_m, a) => [(a[0] as Tensor).mul(2)]);
  m.register_forward_pre_hook((_m, a) => void log.push(['pre first', a[0]]), { prepend: true });
  m.register_forward_hook((_m, _a, o) => o.add(1));
  m.register_forward_hook((_m, _a, o) => void log.push(['fwd second', o]));
  m.register_full_backward_pre_hook((_m, go) => [go[0]!.mul(3)]);
  m.register_full_backward_hook((_m, gi, go) => void log.push(['bwd', gi, go]));
  m.register_full_backward_hook((_m, gi) => [gi[0]!.mul(10)], true);
  const out = m(x);
  out.sum().backward();
  log.push(['out', out], ['x.grad', x.grad], ['w.grad', m.weight.grad]);
  return log;
}

const CASES: Record<string, [string, () => unknown]> = {
  always_call: [
    `
class Boom(nn.Module):
    def forward(self, x, **kwargs):
        raise ValueError('boom')
m = Boom(); log = []
m.register_forward_hook(lambda m, a, o: log.append(['never']))
m.register_forward_hook(lambda m, a, o: log.append(['always', o]), always_call=True)
m.register_forward_hook(lambda m, a, k, o: log.append(['always kw', k, o]), always_call=True, with_kwargs=True)
try:
    m(torch.ones(1), flag=True)
except ValueError as e:
    log.append(['raised', str(e)])
out = log`,
    () => {
      class Boom extends nn.Module {
        override forward(): never {
          throw new torch.ValueError('boom');
        }
      }
      const m = new Boom();
      const log: Log = [];
      m.register_forward_hook(() => void log.push(['never']));
      m.register_forward_hook((_m, _a, o) => void log.push(['always', o]), { always_call: true });
      m.register_forward_hook((_m, _a, k, o) => void log.push(['always kw', k, o]), { always_call: true, with_kwargs: true });
      try {
        (m as unknown as (...a: unknown[]) => unknown)(torch.ones(1), { flag: true });
      } catch (e) {
        log.push(['raised', (e as Error).message]);
      }
      return log;
    },
  ],
  kwargs_replaced: [
    `
class K(nn.Module):
    def forward(self, x, scale=1.0):
        return x * scale
m = K()
m.register_forward_pre_hook(lambda m, a, k: ((a[0] + 1,), {'scale': k['scale'] * 10}), with_kwargs=True)
out = m(torch.ones(2), scale=2.0)`,
    () => {
      class K extends nn.Module {
        override forward(x: Tensor, opts: { scale?: number } = {}): Tensor {
          return x.mul(opts.scale ?? 1.0);
        }
      }
      const m = new K();
      m.register_forward_pre_hook((_m, a, k) => [[(a[0] as Tensor).add(1)], { scale: (k.scale as number) * 10 }], { with_kwargs: true });
      return m(torch.ones(2), { scale: 2.0 });
    },
  ],
  bad_kwargs_hook: [
    "m = nn.Identity(); m.register_forward_pre_hook(lambda m, a, k: 5, with_kwargs=True); m(torch.ones(1))",
    () => {
      const m = new nn.Identity();
      m.register_forward_pre_hook(() => 5 as never, { with_kwargs: true });
      m(torch.ones(1));
    },
  ],
  bad_bwd_hook_len: [
    "m = nn.Linear(2, 2); m.register_full_backward_hook(lambda m, gi, go: (gi[0], gi[0])); m(torch.ones(1, 2, requires_grad=True)).sum().backward()",
    () => {
      const m = new nn.Linear(2, 2);
      m.register_full_backward_hook((_m, gi) => [gi[0], gi[0]]);
      m(torch.ones(1, 2, { requires_grad: true })).sum().backward();
    },
  ],
  bad_bwd_pre_hook_len: [
    "m = nn.Linear(2, 2); m.register_full_backward_pre_hook(lambda m, go: (go[0], go[0])); m(torch.ones(1, 2, requires_grad=True)).sum().backward()",
    () => {
      const m = new nn.Linear(2, 2);
      m.register_full_backward_pre_hook((_m, go) => [go[0], go[0]]);
      m(torch.ones(1, 2, { requires_grad: true })).sum().backward();
    },
  ],
  mixed_hooks: [
    'm = nn.Linear(2, 2); m.register_full_backward_hook(lambda *a: None); m.register_backward_hook(lambda *a: None)',
    () => {
      const m = new nn.Linear(2, 2);
      m.register_full_backward_hook(() => undefined);
      m.register_backward_hook(() => undefined);
    },
  ],
  inplace_on_output: [
    "m = nn.Linear(2, 2); m.register_full_backward_hook(lambda *a: None); y = m(torch.ones(1, 2, requires_grad=True)); y.add_(1)",
    () => {
      const m = new nn.Linear(2, 2);
      m.register_full_backward_hook(() => undefined);
      m(torch.ones(1, 2, { requires_grad: true })).add_(1);
    },
  ],
  inplace_on_input: [
    "m = nn.Linear(2, 2); m.register_full_backward_hook(lambda *a: None); z = torch.ones(1, 2, requires_grad=True) * 1; y = m(z); z.add_(1); y.sum().backward()",
    () => {
      const m = new nn.Linear(2, 2);
      m.register_full_backward_hook(() => undefined);
      const z = torch.ones(1, 2, { requires_grad: true }).mul(1);
      const y = m(z);
      z.add_(1);
      y.sum().backward();
    },
  ],
  no_input_grad: [
    "torch.manual_seed(0); m = nn.Linear(2, 2); log = []\nm.register_full_backward_hook(lambda m, gi, go: log.append([list(gi), list(go)]))\nm(torch.ones(1, 2)).sum().backward(); out = log",
    () => {
      torch.manual_seed(0);
      const m = new nn.Linear(2, 2);
      const log: Log = [];
      m.register_full_backward_hook((_m, gi, go) => void log.push([list(gi), list(go)]));
      m(torch.ones(1, 2)).sum().backward();
      return log;
    },
  ],
  mixed_inputs: [
    "torch.manual_seed(0); m = nn.Bilinear(2, 2, 1); log = []\nm.register_full_backward_hook(lambda m, gi, go: log.append([list(gi), list(go)]))\nm(torch.ones(1, 2), torch.ones(1, 2, requires_grad=True)).sum().backward(); out = log",
    () => {
      torch.manual_seed(0);
      const m = new nn.Bilinear(2, 2, 1);
      const log: Log = [];
      m.register_full_backward_hook((_m, gi, go) => void log.push([list(gi), list(go)]));
      m(torch.ones(1, 2), torch.ones(1, 2, { requires_grad: true })).sum().backward();
      return log;
    },
  ],
  legacy_backward_hook: [
    "torch.manual_seed(0); m = nn.Linear(3, 2); log = []\nm.register_backward_hook(lambda m, gi, go: log.append([list(gi), list(go)]))\nx = torch.linspace(-1, 1, 6).reshape(2, 3).requires_grad_()\nm(x).sum().backward(); out = log",
    () => {
      torch.manual_seed(0);
      const m = new nn.Linear(3, 2);
      const log: Log = [];
      m.register_backward_hook((_m, gi, go) => void log.push([list(gi), list(go)]));
      const x = torch.linspace(-1, 1, 6).reshape(2, 3).requires_grad_();
      m(x).sum().backward();
      return log;
    },
  ],
  removed_hooks: [
    "m = nn.Identity(); log = []\nh = m.register_forward_hook(lambda *a: log.append(1)); m(torch.ones(1)); h.remove(); h.remove(); m(torch.ones(1)); out = [log, len(m._forward_hooks)]",
    () => {
      const m = new nn.Identity();
      const log: number[] = [];
      const h = m.register_forward_hook(() => void log.push(1));
      m(torch.ones(1));
      h.remove();
      h.remove();
      m(torch.ones(1));
      return [log, m._forward_hooks.size];
    },
  ],
};

let py: Record<string, PyOut>;

beforeAll(() => {
  const snippets: Record<string, string> = { run: 'out = run()', modify: MODIFY_PY };
  for (const [id, [code]] of Object.entries(CASES)) snippets[id] = code;
  py = runPy(snippets, PREAMBLE);
});

describe('module hooks: order and arguments against Python', () => {
  test('backward()', async () => {
    const log = await run((loss) => loss.backward());
    expectClose(enc(log), py.run.out);
  });

  test('backwardAsync()', async () => {
    const log = await run((loss) => loss.backwardAsync());
    expectClose(enc(log), py.run.out);
  });

  test('hooks that replace inputs, outputs and gradients; prepend', () => {
    expectClose(enc(modifyJs()), py.modify.out);
  });

  test.each(Object.keys(CASES))('%s', (id) => {
    expectClose(encCall(CASES[id][1]), py[id].out);
  });

  test('the legacy backward hook warns as Python does', () => {
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      _resetWarnings();
      const m = new nn.Linear(3, 2);
      m.register_backward_hook(() => undefined);
      m(torch.ones(2, 3, { requires_grad: true })).sum().backward();
      const expected = py.legacy_backward_hook.warnings;
      expect(expected.length).toBeGreaterThan(0);
      expect(spy.mock.calls.map(([msg, kind]) => [kind, msg])).toEqual(expected);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('module hooks: handles', () => {
  test('a RemovableHandle removes a hook and its flags, also with `using`', () => {
    const m = new nn.Identity();
    {
      using _h = m.register_forward_hook(() => undefined, { with_kwargs: true, always_call: true });
      expect([m._forward_hooks.size, m._forward_hooks_with_kwargs.size, m._forward_hooks_always_called.size]).toEqual([1, 1, 1]);
    }
    expect([m._forward_hooks.size, m._forward_hooks_with_kwargs.size, m._forward_hooks_always_called.size]).toEqual([0, 0, 0]);
  });

  test('handles of tensors and grad_fn nodes are the same RemovableHandle', () => {
    const x = torch.ones(2, { requires_grad: true });
    const y = x.mul(2);
    const h1 = x.register_hook(() => undefined);
    const h2 = y.grad_fn!.register_hook(() => undefined);
    expect(h1).toBeInstanceOf(torch.autograd.RemovableHandle);
    expect(h2).toBeInstanceOf(torch.autograd.RemovableHandle);
    expect(h2.id).toBeGreaterThan(h1.id);
  });
});
