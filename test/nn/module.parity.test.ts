// nn.Module against Python PyTorch, live: module trees (named_modules / parameters / buffers / children, in
// order, with prefixes and duplicates), state_dict keys, values and _metadata, load_state_dict's result and errors,
// registration errors, printing, conversions, modes, and the containers.
import torch from '../../lib';
import { encCall, enc, runPy, type PyOut } from './helpers';

import { nn } from '../../lib';
type Tensor = torch.Tensor;

// The same model in Python (preamble) and TypeScript (build): a buffer of each kind, an absent parameter, a shared
// submodule registered under two names, an absent submodule, and each container.
const PREAMBLE = `
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)
        self.scale = nn.Parameter(torch.ones(4))
        self.register_parameter('absent', None)
        self.register_buffer('running', torch.arange(4.))
        self.register_buffer('scratch', torch.zeros(2), persistent=False)
        self.register_buffer('count', torch.tensor(7))
    def forward(self, x):
        return self.fc(x) * self.scale

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Linear(5, 3)
        self.block = Block()
        self.shared = nn.Linear(4, 4)
        self.seq = nn.Sequential(self.shared, nn.Identity(), nn.Linear(4, 2, bias=False))
        self.again = self.shared
        self.nothing = None
        self.mlist = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.Linear(2, 2), nn.Identity()])
        self.mdict = nn.ModuleDict({'b': nn.Identity(), 'a': nn.Bilinear(2, 2, 1)})
        self.plist = nn.ParameterList([torch.ones(2), nn.Parameter(torch.zeros(3, 1).double())])
        self.pdict = nn.ParameterDict({'z': torch.ones(1), 'y': torch.ones(2, 2)})
    def forward(self, x):
        return self.seq(self.block(self.embedding(x)))

def build():
    torch.manual_seed(0)
    return Net()
`;

class Block extends nn.Module {
  fc = new nn.Linear(3, 4);
  scale = new nn.Parameter(torch.ones(4));
  constructor() {
    super();
    this.register_parameter('absent', null);
    this.register_buffer('running', torch.arange(4, { dtype: torch.float32 }));
    this.register_buffer('scratch', torch.zeros(2), false);
    this.register_buffer('count', torch.tensor(7n));
  }
  override forward(x: Tensor): Tensor {
    return this.fc(x).mul(this.scale);
  }
}

class Net extends nn.Module {
  embedding = new nn.Linear(5, 3);
  block = new Block();
  shared = new nn.Linear(4, 4);
  seq = new nn.Sequential(this.shared, new nn.Identity(), new nn.Linear(4, 2, false));
  again = this.shared;
  nothing: nn.Module | null = null;
  mlist = new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 2), new nn.Linear(2, 2), new nn.Identity()]);
  mdict = new nn.ModuleDict({ b: new nn.Identity(), a: new nn.Bilinear(2, 2, 1) });
  plist = new nn.ParameterList([torch.ones(2), new nn.Parameter(torch.zeros(3, 1).double())]);
  pdict = new nn.ParameterDict({ z: torch.ones(1), y: torch.ones(2, 2) }); // a plain object is Python's dict: sorted
  override forward(x: Tensor): Tensor {
    return this.seq(this.block(this.embedding(x)));
  }
}

function build(): Net {
  torch.manual_seed(0);
  return new Net();
}

const names = (it: Iterable<[string, unknown]>): string[] => [...it].map(([n]) => n);

// Each case: Python code leaving `out`, and the TypeScript computing the same thing.
const CASES: Record<string, [string, () => unknown]> = {
  named_modules: ['out = [n for n, _ in build().named_modules()]', () => names(build().named_modules())],
  named_modules_dup: ['out = [n for n, _ in build().named_modules(remove_duplicate=False)]', () => names(build().named_modules({ remove_duplicate: false }))],
  named_modules_prefix: ["out = [n for n, _ in build().named_modules(prefix='net')]", () => names(build().named_modules(null, 'net'))],
  modules_types: ['out = [type(m).__name__ for m in build().modules()]', () => [...build().modules()].map((m) => m.constructor.name)],
  named_children: ['out = [n for n, _ in build().named_children()]', () => names(build().named_children())],
  named_parameters: ['out = [(n, list(p.shape)) for n, p in build().named_parameters()]', () => [...build().named_parameters()].map(([n, p]) => [n, [...p.shape]])],
  named_parameters_dup: ['out = [n for n, _ in build().named_parameters(remove_duplicate=False)]', () => names(build().named_parameters({ remove_duplicate: false }))],
  named_parameters_norecurse: ["out = [n for n, _ in build().block.named_parameters(prefix='b', recurse=False)]", () => names(build().block.named_parameters('b', false))],
  parameters_count: ['out = len(list(build().parameters()))', () => [...build().parameters()].length],
  named_buffers: ['out = [(n, b) for n, b in build().named_buffers()]', () => [...build().named_buffers()]],
  state_dict: ['out = build().state_dict()', () => build().state_dict()],
  state_dict_metadata: ['out = build().state_dict()._metadata', () => (build().state_dict() as { _metadata: unknown })._metadata],
  state_dict_prefix: ["out = list(build().block.state_dict(prefix='x.').keys())", () => Object.keys(build().block.state_dict({ prefix: 'x.' }))],
  state_dict_keep_vars: ['out = [v.requires_grad for v in build().state_dict(keep_vars=True).values()]', () => Object.values(build().state_dict({ keep_vars: true })).map((v) => v.requires_grad)],
  state_dict_detached: ['out = [v.requires_grad for v in build().state_dict().values()]', () => Object.values(build().state_dict()).map((v) => v.requires_grad)],
  repr: ['out = repr(build())', () => String(build())],
  forward: ['out = build()(torch.linspace(-1, 1, 10).reshape(2, 5))', () => build()(torch.linspace(-1, 1, 10).reshape(2, 5))],
  load_ok: ['m = build(); r = m.load_state_dict(m.state_dict()); out = [repr(r), r.missing_keys, r.unexpected_keys]', () => {
    const m = build();
    const r = m.load_state_dict(m.state_dict());
    return [String(r), r.missing_keys, r.unexpected_keys];
  }],
  load_values: [
    "m = build(); sd = {k: v + 1 for k, v in m.state_dict().items()}; m.load_state_dict(sd); out = m.state_dict()",
    () => {
      const m = build();
      const sd = Object.fromEntries(Object.entries(m.state_dict()).map(([k, v]) => [k, v.add(1)]));
      m.load_state_dict(sd);
      return m.state_dict();
    },
  ],
  load_nonstrict: [
    "m = build(); sd = m.state_dict(); del sd['block.fc.bias']; sd['extra'] = torch.ones(1); sd['block.nope.w'] = torch.ones(1); r = m.load_state_dict(sd, strict=False); out = [repr(r), list(r)]",
    () => {
      const m = build();
      const sd = m.state_dict() as Record<string, Tensor>;
      delete sd['block.fc.bias'];
      sd.extra = torch.ones(1);
      sd['block.nope.w'] = torch.ones(1);
      const r = m.load_state_dict(sd, false);
      return [String(r), [...r]];
    },
  ],
  load_errors: [
    "m = build(); sd = m.state_dict(); del sd['block.count']; sd['extra'] = torch.ones(1); sd['embedding.weight'] = torch.ones(2, 2); sd['block.scale'] = 3\nm.load_state_dict(sd)",
    () => {
      const m = build();
      const sd = m.state_dict() as Record<string, unknown>;
      delete sd['block.count'];
      sd.extra = torch.ones(1);
      sd['embedding.weight'] = torch.ones(2, 2);
      sd['block.scale'] = 3;
      m.load_state_dict(sd);
    },
  ],
  load_map_and_scalar: [
    "class S(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.register_buffer('s', torch.tensor(1.))\ns = S(); r = s.load_state_dict({'s': torch.tensor([5.])}); out = [repr(r), s.s]",
    () => {
      class S extends nn.Module {
        constructor() {
          super();
          this.register_buffer('s', torch.tensor(1.0));
        }
      }
      const s = new S();
      const r = s.load_state_dict(new Map([['s', torch.tensor([5.0])]]));
      return [String(r), (s as unknown as { s: Tensor }).s];
    },
  ],
  load_not_dict: ['build().load_state_dict([1, 2])', () => build().load_state_dict([1, 2] as never)],
  register_dot: ["build().register_buffer('a.b', None)", () => build().register_buffer('a.b', null)],
  register_empty: ["build().register_parameter('', None)", () => build().register_parameter('', null)],
  register_exists: ["build().register_buffer('embedding', None)", () => build().register_buffer('embedding', null)],
  register_exists_attr: ["m = build(); m.foo = 3; m.register_parameter('foo', None)", () => {
    const m = build() as unknown as nn.Module & { foo: number };
    m.foo = 3;
    m.register_parameter('foo', null);
  }],
  register_not_param: ["build().register_parameter('p', torch.ones(1))", () => build().register_parameter('p', torch.ones(1) as never)],
  register_nonleaf: ["p = nn.Parameter(torch.ones(1)) * 2\nm = build(); m.register_parameter('p', p)", () => {
    const m = build();
    m.register_parameter('p', new nn.Parameter(torch.ones(1)).mul(2) as never);
  }],
  assign_tensor_to_param: ['m = build(); m.block.scale = torch.ones(4)', () => {
    (build().block as unknown as { scale: unknown }).scale = torch.ones(4);
  }],
  assign_int_to_module: ['m = build(); m.block = 3', () => {
    (build() as unknown as { block: unknown }).block = 3;
  }],
  assign_int_to_buffer: ['m = build(); m.block.running = 3', () => {
    (build().block as unknown as { running: unknown }).running = 3;
  }],
  assign_buffer_none_keeps_persistence: [
    "m = build(); m.block.scratch = torch.ones(2); m.block.running = None; out = [list(m.block.state_dict().keys()), [n for n, _ in m.block.named_buffers()]]",
    () => {
      const b = build().block as unknown as nn.Module & { scratch: unknown; running: unknown };
      b.scratch = torch.ones(2);
      b.running = null;
      return [Object.keys(b.state_dict()), names(b.named_buffers())];
    },
  ],
  add_module_bad: ['build().add_module("x", 3)', () => build().add_module('x', 3 as never)],
  add_module_dot: ['build().add_module("x.y", nn.Identity())', () => build().add_module('x.y', new nn.Identity())],
  reassign_kinds: [
    "m = build(); m.embedding = nn.Parameter(torch.ones(2)); m.shared = None; m.block.fc = None; del m.block.scale\nout = [[n for n, _ in m.named_parameters()], [n for n, _ in m.named_children()], list(m.block._parameters.keys())]",
    () => {
      const m = build() as unknown as Record<string, unknown> & nn.Module & { block: Record<string, unknown> & nn.Module };
      m.embedding = new nn.Parameter(torch.ones(2));
      m.shared = null;
      m.block.fc = null;
      delete m.block.scale;
      return [names(m.named_parameters()), names(m.named_children()), [...m.block._parameters.keys()]];
    },
  ],
  get_submodule: ["m = build(); out = [type(m.get_submodule('seq.2')).__name__, m.get_parameter('block.fc.weight').shape, m.get_buffer('block.running')]", () => {
    const m = build();
    return [m.get_submodule('seq.2').constructor.name, [...m.get_parameter('block.fc.weight').shape], m.get_buffer('block.running')];
  }],
  get_submodule_missing: ["build().get_submodule('block.nope')", () => build().get_submodule('block.nope')],
  get_submodule_not_module: ["build().get_submodule('block.scale')", () => build().get_submodule('block.scale')],
  get_parameter_not_param: ["build().get_parameter('block.running')", () => build().get_parameter('block.running')],
  get_buffer_not_buffer: ["build().get_buffer('block.scale')", () => build().get_buffer('block.scale')],
  set_submodule: ["m = build(); m.set_submodule('block.fc', nn.Identity()); out = repr(m.block)", () => {
    const m = build();
    m.set_submodule('block.fc', new nn.Identity());
    return String(m.block);
  }],
  train_eval: ['m = build(); m.eval(); a = [x.training for x in m.modules()]; m.block.train(); out = [a, [x.training for x in m.modules()]]', () => {
    const m = build();
    m.eval();
    const a = [...m.modules()].map((x) => x.training);
    m.block.train();
    return [a, [...m.modules()].map((x) => x.training)];
  }],
  train_bad: ['build().train(1)', () => build().train(1 as never)],
  freeze_child: ["net = build(); children = {n: m for n, m in net.named_children()}; children['embedding'].requires_grad_(False); out = [(n, p.requires_grad) for n, p in net.named_parameters()][:4]", () => {
    const net = build();
    Object.fromEntries(net.named_children()).embedding.requires_grad_(false);
    return [...net.named_parameters()].map(([n, p]) => [n, p.requires_grad]).slice(0, 4);
  }],
  zero_grad: [
    "m = build(); m(torch.ones(2, 5)).sum().backward(); m.zero_grad(set_to_none=False); a = [p.grad is None or bool((p.grad == 0).all()) for p in m.parameters()]; m.zero_grad(); out = [a, [p.grad is None for p in m.parameters()]]",
    () => {
      const m = build();
      (m(torch.ones(2, 5)) as Tensor).sum().backward();
      m.zero_grad(false);
      const a = [...m.parameters()].map((p) => p.grad === null || Boolean(p.grad.eq(0).all().item()));
      m.zero_grad();
      return [a, [...m.parameters()].map((p) => p.grad === null)];
    },
  ],
  double_keeps_ints: ['m = build().double(); out = [str(v.dtype) for v in m.state_dict().values()]', () => Object.values(build().double().state_dict()).map((v) => String(v.dtype))],
  to_dtype_error: ['build().to(torch.int32)', () => build().to(torch.int32)],
  apply_order: ['out = []\nbuild().apply(lambda m: out.append(type(m).__name__))', () => {
    const out: string[] = [];
    build().apply((m) => out.push(m.constructor.name));
    return out;
  }],
  forward_missing: ['nn.Module()(1)', () => (new nn.Module() as unknown as (x: number) => unknown)(1)],
  init_args: ['nn.Module(3)', () => new (nn.Module as unknown as new (x: number) => nn.Module)(3)],
};

// The containers
const CONTAINERS: Record<string, [string, () => unknown]> = {
  seq_index: [
    'torch.manual_seed(0); s = nn.Sequential(nn.Linear(1, 2), nn.Linear(2, 3), nn.Identity(), nn.Linear(3, 1))\nout = [type(s[-1]).__name__, s[-1].out_features, repr(s[1:3]), repr(s[::-2]), len(s), [type(m).__name__ for m in s]]',
    () => {
      torch.manual_seed(0);
      const s = new nn.Sequential(new nn.Linear(1, 2), new nn.Linear(2, 3), new nn.Identity(), new nn.Linear(3, 1));
      return [s.at(-1).constructor.name, (s.at(-1) as nn.Linear).out_features, String(s.at('1:3')), String(s.at(torch.slice(null, null, -2))), s.__len__(), [...s].map((m) => m.constructor.name)];
    },
  ],
  seq_out_of_range: ['s = nn.Sequential(nn.Identity()); s[3]', () => new nn.Sequential(new nn.Identity()).at(3)],
  seq_edit: [
    "s = nn.Sequential(nn.Linear(1, 1), nn.Identity(), nn.Linear(1, 2)); del s[0]; s.append(nn.Linear(2, 3)); s.insert(-1, nn.Linear(4, 4)); p = s.pop(0); s.extend([nn.Identity()]); s[0] = nn.Linear(5, 5)\nout = [repr(s), type(p).__name__, list(s._modules.keys())]",
    () => {
      const s = new nn.Sequential(new nn.Linear(1, 1), new nn.Identity(), new nn.Linear(1, 2));
      s.__delitem__(0);
      s.append(new nn.Linear(2, 3));
      s.insert(-1, new nn.Linear(4, 4));
      const p = s.pop(0);
      s.extend([new nn.Identity()]);
      s.__setitem__(0, new nn.Linear(5, 5));
      return [String(s), p.constructor.name, [...s._modules.keys()]];
    },
  ],
  seq_named: [
    "from collections import OrderedDict\ns = nn.Sequential(OrderedDict([('fc', nn.Linear(1, 2)), ('act', nn.Identity())])); t = s + s; s *= 2\nout = [repr(s), repr(t), repr(nn.Sequential(nn.Identity()) * 2)]",
    () => {
      const s = new nn.Sequential(new Map<string, nn.Module>([['fc', new nn.Linear(1, 2)], ['act', new nn.Identity()]]));
      const t = s.__add__(s);
      s.__imul__(2);
      return [String(s), String(t), String(new nn.Sequential(new nn.Identity()).__mul__(2))];
    },
  ],
  seq_bad: ['s = nn.Sequential(); s.insert(3, nn.Identity())', () => new nn.Sequential().insert(3, new nn.Identity())],
  mlist: [
    'l = nn.ModuleList([nn.Linear(1, 1), nn.Identity()]); l.insert(1, nn.Linear(2, 2)); l += [nn.Identity(), nn.Identity()]; del l[0]; p = l.pop(-1)\nout = [repr(l), repr(l[1:]), type(p).__name__, len(l), repr(nn.ModuleList())]',
    () => {
      const l = new nn.ModuleList([new nn.Linear(1, 1), new nn.Identity()]);
      l.insert(1, new nn.Linear(2, 2));
      l.__iadd__([new nn.Identity(), new nn.Identity()]);
      l.__delitem__(0);
      const p = l.pop(-1);
      return [String(l), String(l.at('1:')), p.constructor.name, l.__len__(), String(new nn.ModuleList())];
    },
  ],
  mlist_extend_bad: ['nn.ModuleList().extend(3)', () => new nn.ModuleList().extend(3 as never)],
  mdict: [
    "d = nn.ModuleDict({'x': nn.Identity()}); d.update([('y', nn.Linear(1, 1)), ('z', nn.Identity())]); d['w'] = nn.Identity(); p = d.pop('x')\nout = [repr(d), list(d.keys()), 'y' in d, len(d), list(d), type(p).__name__]",
    () => {
      const d = new nn.ModuleDict({ x: new nn.Identity() });
      d.update([['y', new nn.Linear(1, 1)], ['z', new nn.Identity()]]);
      d.__setitem__('w', new nn.Identity());
      const p = d.pop('x');
      return [String(d), d.keys(), d.__contains__('y'), d.__len__(), [...d], p.constructor.name];
    },
  ],
  mdict_bad: ["nn.ModuleDict().update([('a', nn.Identity(), 3)])", () => new nn.ModuleDict().update([['a', new nn.Identity(), 3]] as never)],
  plist: [
    'l = nn.ParameterList([torch.ones(2), torch.zeros(3, 4).double(), 5]); l.append(torch.ones(1)); l[0] = torch.zeros(2)\nout = [repr(l), [n for n, _ in l.named_parameters()], list(l.state_dict().keys()), type(l[0]).__name__, repr(l[1:])]',
    () => {
      const l = new nn.ParameterList([torch.ones(2), torch.zeros(3, 4).double(), 5]);
      l.append(torch.ones(1));
      l.__setitem__(0, torch.zeros(2));
      return [String(l), names(l.named_parameters()), Object.keys(l.state_dict()), l.at(0).constructor.name, String(l.at('1:'))];
    },
  ],
  plist_call: ['nn.ParameterList()()', () => (new nn.ParameterList() as unknown as () => unknown)()],
  pdict: [
    "d = nn.ParameterDict({'b': torch.zeros(2), 'a': nn.Parameter(torch.zeros(3, 4).double())}); d['c'] = torch.ones(1); p = d.pop('b'); d.update([('e', torch.ones(2))])\nout = [repr(d), list(d.keys()), 'a' in d, len(d), d.get('zz'), type(p).__name__, list(d.state_dict().keys()), repr(d | nn.ParameterDict({'q': torch.ones(1)}))]",
    () => {
      const d = new nn.ParameterDict({ b: torch.zeros(2), a: new nn.Parameter(torch.zeros(3, 4).double()) });
      d.__setitem__('c', torch.ones(1));
      const p = d.pop('b') as Tensor;
      d.update([['e', torch.ones(2)]]);
      return [String(d), d.keys(), d.__contains__('a'), d.__len__(), d.get('zz'), p.constructor.name, Object.keys(d.state_dict()), String(d.__or__(new nn.ParameterDict({ q: torch.ones(1) })))];
    },
  ],
  pdict_key: ['nn.ParameterDict()[3]', () => new nn.ParameterDict().__getitem__(3 as never)],
};

let py: Record<string, PyOut>;

beforeAll(() => {
  const snippets: Record<string, string> = {};
  for (const [id, [code]] of Object.entries({ ...CASES, ...CONTAINERS })) snippets[id] = code;
  py = runPy(snippets, PREAMBLE);
});

describe.each([['module', CASES], ['containers', CONTAINERS]])('nn.Module parity: %s', (_group, cases) => {
  test.each(Object.keys(cases))('%s', (id) => {
    expect(encCall(cases[id][1])).toEqual(py[id].out);
  });
});

describe('nn.Module behaviour', () => {
  test('a module is callable, an instance of its class, and prints as Python', () => {
    const net = build();
    expect(typeof net).toBe('function');
    expect(net).toBeInstanceOf(Net);
    expect(net).toBeInstanceOf(nn.Module);
    expect(net.constructor.name).toBe('Net');
    expect(require('util').inspect(net)).toBe(String(net));
    // `name` and `length` are free for modules to use
    const m = new nn.Module() as nn.Module & { name: string; length: number };
    m.name = 'x';
    m.length = 3;
    expect([m.name, m.length]).toEqual(['x', 3]);
  });

  test('to(dtype) keeps parameter objects, converts grads, and an optimizer made before still updates them', () => {
    const m = build();
    const w = m.embedding.weight;
    (m(torch.ones(2, 5)) as Tensor).sum().backward();
    const g = w.grad!;
    const opt = new torch.optim.SGD(m.parameters(), { lr: 0.1 });
    m.double();
    expect(m.embedding.weight).toBe(w);
    expect(w.dtype).toBe(torch.float64);
    expect(w.grad).toBe(g);
    expect(g.dtype).toBe(torch.float64);
    const before = w.clone();
    opt.step();
    expect(w.sub(before).abs().sum().item()).toBeGreaterThan(0);
    expect(m.get_buffer('block.count').dtype).toBe(torch.int64);
  });

  test('a model built inside torch.tidy keeps its parameters, buffers and tensor attributes', () => {
    const m = torch.tidy(() => {
      const net = build();
      (net as unknown as { extra: Tensor }).extra = torch.ones(2);
      return net;
    });
    expect(() => m(torch.ones(1, 5))).not.toThrow();
    expect(m.get_buffer('block.running').sum().item()).toBe(6);
    expect((m as unknown as { extra: Tensor }).extra.sum().item()).toBe(2);
  });

  test('a TypeScript field declared without initialiser does not hide a member registered before it', () => {
    class A extends nn.Module {
      constructor() {
        super();
        this.register_parameter('bias', null);
        this.register_buffer('buf', torch.ones(1));
      }
    }
    class B extends A {
      bias!: nn.Parameter | null; // emitted as `bias = undefined` after A's constructor ran
      buf!: Tensor;
    }
    const b = new B();
    expect(names(b.named_buffers())).toEqual(['buf']);
    expect([...b._parameters.keys()]).toEqual(['bias']);
    expect(b.bias).toBeNull();
  });

  test('state_dict and load_state_dict hooks', () => {
    const log: unknown[] = [];
    const m = new nn.Linear(2, 2);
    m.register_state_dict_pre_hook((mod, prefix, keep_vars) => log.push(['pre', mod.constructor.name, prefix, keep_vars]));
    m.register_state_dict_post_hook((_mod, sd, prefix, meta) => {
      log.push(['post', Object.keys(sd), prefix, meta]);
    });
    m._register_state_dict_hook((_mod, sd) => {
      const out = { ...sd, extra: torch.ones(1) };
      Object.defineProperty(out, '_metadata', { value: sd._metadata, enumerable: false });
      return out;
    });
    const sd = m.state_dict({ prefix: 'p.' });
    expect(Object.keys(sd)).toEqual(['p.weight', 'p.bias', 'extra']);
    m.register_load_state_dict_pre_hook((_mod, state, prefix) => {
      log.push(['load_pre', prefix, Object.keys(state)]);
      delete state.extra;
    });
    m.register_load_state_dict_post_hook((_mod, keys) => {
      log.push(['load_post', [...keys.missing_keys], [...keys.unexpected_keys]]);
      keys.unexpected_keys.length = 0;
    });
    const r = m.load_state_dict({ weight: torch.ones(2, 2), bias: torch.ones(2), junk: torch.ones(1) });
    expect(String(r)).toBe('<All keys matched successfully>');
    expect(log).toEqual([
      ['pre', 'Linear', 'p.', false],
      ['post', ['p.weight', 'p.bias'], 'p.', { version: 1 }],
      ['load_pre', '', ['weight', 'bias', 'junk']],
      ['load_post', [], ['junk']],
    ]);
    expect(m.weight.sum().item()).toBe(4);
    expect(() => m.register_state_dict_post_hook(() => 1 as never) && m.state_dict()).toThrow('state_dict post-hook must return None');
  });

  test('extra state round-trips through state_dict', () => {
    class WithExtra extends nn.Module {
      declare value: number;
      constructor() {
        super();
        this.value = 1;
      }
      override get_extra_state(): unknown {
        return { value: this.value };
      }
      override set_extra_state(state: unknown): void {
        this.value = (state as { value: number }).value;
      }
    }
    const a = new WithExtra();
    a.value = 5;
    const sd = a.state_dict();
    expect(Object.keys(sd)).toEqual(['_extra_state']);
    const b = new WithExtra();
    b.load_state_dict(sd);
    expect(b.value).toBe(5);
    expect(() => b.load_state_dict({})).toThrow('Missing key(s) in state_dict: "_extra_state".');
  });

  test('warnings and errors of the registration hooks', () => {
    const seen: string[] = [];
    const h1 = nn.modules.module.register_module_parameter_registration_hook((_m, name) => void seen.push(`p:${name}`));
    const h2 = nn.modules.module.register_module_buffer_registration_hook((_m, name) => void seen.push(`b:${name}`));
    const h3 = nn.modules.module.register_module_module_registration_hook((_m, name) => void seen.push(`m:${name}`));
    try {
      new nn.Linear(1, 1);
      const b = new nn.Module();
      b.register_buffer('x', torch.ones(1));
      (b as unknown as { sub: nn.Module }).sub = new nn.Identity();
    } finally {
      h1.remove();
      h2.remove();
      h3.remove();
    }
    expect(seen).toEqual(['p:weight', 'p:bias', 'b:x', 'm:sub']);
  });
});

export { enc };
