// nn.utils.prune against Python PyTorch, live: every method on Linear and Conv2d weights and biases (amounts as
// fractions and counts, random masks after the same manual_seed), the reparametrization (weight_orig parameter,
// weight_mask buffer, state_dict keys and values, the forward pre-hook), iterative pruning (PruningContainer),
// global_unstructured, remove, is_pruned, forward outputs and gradients, custom methods, and the errors.
import torch from '../../lib';
import { encCall, runPy, type PyOut } from './helpers';

import { nn } from '../../lib';
const prune = nn.utils.prune;
type Tensor = torch.Tensor;
type Mod = nn.Module;
type Attrs = Record<string, unknown>;

const PREAMBLE = `
import re
from torch.nn.utils import prune

def lin(i=5, o=4, bias=True):
    torch.manual_seed(0)
    return nn.Linear(i, o, bias=bias)

def conv():
    torch.manual_seed(0)
    return nn.Conv2d(3, 4, 3)

def hooks(m):
    return [[type(h).__name__, h._tensor_name, [type(x).__name__ for x in h] if isinstance(h, prune.PruningContainer) else None]
            for h in m._forward_pre_hooks.values()]

def info(m, name):
    return [m.state_dict(), [n for n, _ in m.named_parameters()], [n for n, _ in m.named_buffers()],
            getattr(m, name + '_mask'), getattr(m, name), type(getattr(m, name + '_orig')).__name__,
            type(getattr(m, name)).__name__, prune.is_pruned(m), hooks(m)]

def catch(f):
    try:
        f()
        return None
    except Exception as e:
        return [type(e).__name__, re.sub(r' at 0x[0-9a-f]+', ' at 0x', str(e))]

def fwd(m, shape):
    torch.manual_seed(3)
    x = torch.randn(*shape)
    y = m(x)
    y.pow(2).sum().backward()
    return y

class FooBar(prune.BasePruningMethod):
    PRUNING_TYPE = 'unstructured'
    def compute_mask(self, t, default_mask):
        mask = default_mask.clone()
        mask.view(-1)[::2] = 0
        return mask
`;

function lin(i = 5, o = 4, bias = true): nn.Linear {
  torch.manual_seed(0);
  return new nn.Linear(i, o, bias);
}
function conv(): nn.Conv2d {
  torch.manual_seed(0);
  return new nn.Conv2d(3, 4, 3);
}
const get = (m: Mod, k: string): unknown => (m as unknown as Attrs)[k];
const typeName = (v: unknown): string => (v as object).constructor.name;
function hooks(m: Mod): unknown[] {
  return [...m._forward_pre_hooks.values()].map((h) => {
    const p = h as unknown as InstanceType<typeof prune.BasePruningMethod>;
    return [typeName(p), p._tensor_name, p instanceof prune.PruningContainer ? [...p].map((x) => typeName(x)) : null];
  });
}
function info(m: Mod, name: string): unknown[] {
  return [
    m.state_dict(), [...m.named_parameters()].map(([n]) => n), [...m.named_buffers()].map(([n]) => n),
    get(m, `${name}_mask`), get(m, name), typeName(get(m, `${name}_orig`)), typeName(get(m, name)), prune.is_pruned(m), hooks(m),
  ];
}
function catchErr(f: () => unknown): unknown {
  try {
    f();
    return null;
  } catch (e) {
    const name = (e as Error).name === 'TorchError' ? 'RuntimeError' : (e as Error).name;
    return [name, (e as Error).message.replace(/ at 0x[0-9a-f]+/g, ' at 0x')];
  }
}
function fwd(m: Mod, shape: number[]): Tensor {
  torch.manual_seed(3);
  const x = torch.randn(shape);
  const y = (m as unknown as (x: Tensor) => Tensor)(x);
  y.pow(2).sum().backward();
  return y;
}
const float = torch.serialization.float;

class FooBar extends prune.BasePruningMethod {
  static PRUNING_TYPE = 'unstructured';
  compute_mask(t: Tensor, default_mask: Tensor): Tensor {
    void t;
    const mask = default_mask.clone();
    mask.view(-1).setAt('::2', 0);
    return mask;
  }
}

const CASES: Record<string, [string, () => unknown]> = {};
function add(id: string, py: string, js: () => unknown): void {
  if (id in CASES) throw new Error(`duplicate case ${id}`);
  CASES[id] = [py, js];
}

// ---- each method, each tensor, several amounts ----------------------------------------------------------------

add('identity_lin_weight', "m = lin(); r = prune.identity(m, 'weight')\nout = [r is m] + info(m, 'weight')", () => {
  const m = lin();
  const r = prune.identity(m, 'weight');
  return [r === m, ...info(m, 'weight')];
});
add('identity_conv_bias', "m = conv(); prune.identity(m, name='bias')\nout = info(m, 'bias')", () => {
  const m = conv();
  prune.identity(m, { name: 'bias' });
  return info(m, 'bias');
});

const UNSTRUCTURED_AMOUNTS: [string, string, number | ReturnType<typeof float>][] = [
  ['f03', '0.3', 0.3], ['i5', '5', 5], ['f0', '0.0', 0.0], ['i0', '0', 0], ['f1', '1.0', float(1)], ['i1', '1', 1], ['f05', '0.5', 0.5],
];
for (const [fn, cls] of [['random_unstructured', 'RandomUnstructured'], ['l1_unstructured', 'L1Unstructured']] as const) {
  const pf = prune[fn] as unknown as (m: Mod, ...a: unknown[]) => Mod;
  for (const [tag, pyAmount, amount] of UNSTRUCTURED_AMOUNTS) {
    add(`${fn}_lin_weight_${tag}`, `m = lin(); torch.manual_seed(1); prune.${fn}(m, 'weight', amount=${pyAmount})\nout = info(m, 'weight')`, () => {
      const m = lin();
      torch.manual_seed(1);
      pf(m, 'weight', { amount });
      return info(m, 'weight');
    });
  }
  add(`${fn}_lin_bias_half_even`, `m = lin(3, 5); torch.manual_seed(1); prune.${fn}(m, 'bias', 0.5)\nout = info(m, 'bias') + [int((m.bias_mask == 0).sum())]`, () => {
    const m = lin(3, 5);
    torch.manual_seed(1);
    pf(m, 'bias', 0.5);
    return [...info(m, 'bias'), (get(m, 'bias_mask') as Tensor).eq(0).sum().item()];
  });
  add(`${fn}_lin_weight_half_even`, `m = lin(5, 5); torch.manual_seed(1); prune.${fn}(m, 'weight', amount=0.1)\nout = info(m, 'weight')`, () => {
    const m = lin(5, 5);
    torch.manual_seed(1);
    pf(m, 'weight', { amount: 0.1 });
    return info(m, 'weight');
  });
  add(`${fn}_conv_weight`, `m = conv(); torch.manual_seed(2); prune.${fn}(m, 'weight', amount=0.25)\nout = info(m, 'weight')`, () => {
    const m = conv();
    torch.manual_seed(2);
    pf(m, 'weight', { amount: 0.25 });
    return info(m, 'weight');
  });
  add(`${fn}_conv_weight_int`, `m = conv(); torch.manual_seed(2); prune.${fn}(m, 'weight', 40)\nout = info(m, 'weight')`, () => {
    const m = conv();
    torch.manual_seed(2);
    pf(m, 'weight', 40);
    return info(m, 'weight');
  });
  add(`${fn}_conv_bias`, `m = conv(); torch.manual_seed(2); prune.${fn}(m, 'bias', amount=2)\nout = info(m, 'bias')`, () => {
    const m = conv();
    torch.manual_seed(2);
    pf(m, 'bias', { amount: 2 });
    return info(m, 'bias');
  });
  add(`${cls}_apply`, `m = lin(); torch.manual_seed(1); h = prune.${cls}.apply(m, 'weight', 0.4)\nout = [type(h).__name__, h._tensor_name, h.amount, h is list(m._forward_pre_hooks.values())[0]] + info(m, 'weight')`, () => {
    const m = lin();
    torch.manual_seed(1);
    const h = prune[cls].apply(m, 'weight', 0.4) as InstanceType<typeof prune.L1Unstructured>;
    return [typeName(h), h._tensor_name, h.amount, h === [...m._forward_pre_hooks.values()][0], ...info(m, 'weight')];
  });
}
add('l1_unstructured_importance_scores', "m = lin(); s = torch.arange(20.).reshape(4, 5).flip(1); prune.l1_unstructured(m, 'weight', amount=6, importance_scores=s)\nout = info(m, 'weight')", () => {
  const m = lin();
  const s = torch.arange(20, { dtype: torch.float32 }).reshape(4, 5).flip(1);
  prune.l1_unstructured(m, 'weight', { amount: 6, importance_scores: s });
  return info(m, 'weight');
});
add('l1_unstructured_importance_scores_conv', "m = conv(); torch.manual_seed(5); s = torch.randn(4, 3, 3, 3); prune.l1_unstructured(m, 'weight', 0.5, s)\nout = info(m, 'weight')", () => {
  const m = conv();
  torch.manual_seed(5);
  const s = torch.randn(4, 3, 3, 3);
  prune.l1_unstructured(m, 'weight', 0.5, s);
  return info(m, 'weight');
});

const STRUCTURED: [string, string, string, number | ReturnType<typeof float>, number][] = [
  // tag, module, python amount, amount, dim
  ['lin_d0_f', 'lin', '0.5', 0.5, 0], ['lin_d1_i', 'lin', '2', 2, 1], ['lin_dm1_f', 'lin', '0.4', 0.4, -1], ['lin_d0_0', 'lin', '0', 0, 0],
  ['lin_d0_all', 'lin', '1.0', float(1), 0], ['conv_d0_f', 'conv', '0.5', 0.5, 0], ['conv_d1_i', 'conv', '1', 1, 1],
  ['conv_dm1_i', 'conv', '2', 2, -1], ['conv_d2_f', 'conv', '0.34', 0.34, 2],
];
for (const [tag, mod, pyAmount, amount, dim] of STRUCTURED) {
  add(`random_structured_${tag}`, `m = ${mod}(); torch.manual_seed(4); prune.random_structured(m, 'weight', amount=${pyAmount}, dim=${dim})\nout = info(m, 'weight')`, () => {
    const m = mod === 'lin' ? lin() : conv();
    torch.manual_seed(4);
    prune.random_structured(m, 'weight', { amount, dim });
    return info(m, 'weight');
  });
}
const NORMS: [string, string, number | 'fro'][] = [['n2', '2', 2], ['n1', '1', 1], ['ninf', "float('inf')", Infinity], ['nminf', "float('-inf')", -Infinity], ['n3', '3', 3]];
for (const [tag, mod, pyAmount, amount, dim] of STRUCTURED) {
  for (const [ntag, pyN, n] of NORMS) {
    if (ntag !== 'n2' && !['lin_d0_f', 'conv_d1_i'].includes(tag)) continue;
    add(`ln_structured_${tag}_${ntag}`, `m = ${mod}(); prune.ln_structured(m, 'weight', amount=${pyAmount}, n=${pyN}, dim=${dim})\nout = info(m, 'weight')`, () => {
      const m = mod === 'lin' ? lin() : conv();
      prune.ln_structured(m, 'weight', { amount, n, dim });
      return info(m, 'weight');
    });
  }
}
add('ln_structured_fro_lin', "m = lin(); prune.ln_structured(m, 'weight', 0.5, 'fro', 0)\nout = info(m, 'weight')", () => {
  const m = lin();
  prune.ln_structured(m, 'weight', 0.5, 'fro', 0);
  return info(m, 'weight');
});
add('ln_structured_importance_scores', "m = conv(); s = torch.arange(108.).reshape(4, 3, 3, 3).flip(0); prune.ln_structured(m, 'weight', 2, 1, 0, importance_scores=s)\nout = info(m, 'weight')", () => {
  const m = conv();
  const s = torch.arange(108, { dtype: torch.float32 }).reshape(4, 3, 3, 3).flip(0);
  prune.ln_structured(m, 'weight', 2, 1, 0, { importance_scores: s });
  return info(m, 'weight');
});
add('custom_from_mask_bias', "m = lin(); prune.custom_from_mask(m, 'bias', mask=torch.tensor([0, 1, 0, 1]))\nout = info(m, 'bias')", () => {
  const m = lin();
  prune.custom_from_mask(m, 'bias', { mask: torch.tensor([0, 1, 0, 1]) });
  return info(m, 'bias');
});
add('custom_from_mask_conv_bool', "m = conv(); prune.custom_from_mask(m, 'weight', torch.arange(108).reshape(4, 3, 3, 3) % 3 == 0)\nout = info(m, 'weight')", () => {
  const m = conv();
  prune.custom_from_mask(m, 'weight', torch.arange(108).reshape(4, 3, 3, 3).remainder(3).eq(0));
  return info(m, 'weight');
});
add('custom_method_foobar', "m = lin(); FooBar.apply(m, 'bias'); prune.l1_unstructured(m, 'bias', 1)\nout = info(m, 'bias')", () => {
  const m = lin();
  FooBar.apply(m, 'bias');
  prune.l1_unstructured(m, 'bias', 1);
  return info(m, 'bias');
});

// ---- iterative pruning: PruningContainer ------------------------------------------------------------------------

const ITER: [string, string, (m: Mod) => void][] = [
  ['l1_then_random', "prune.l1_unstructured(m, 'weight', 0.3); torch.manual_seed(7); prune.random_unstructured(m, 'weight', amount=0.5)",
    (m) => { prune.l1_unstructured(m, 'weight', 0.3); torch.manual_seed(7); prune.random_unstructured(m, 'weight', { amount: 0.5 }); }],
  ['random_structured_then_l1', "torch.manual_seed(7); prune.random_structured(m, 'weight', 0.5, 0); prune.l1_unstructured(m, 'weight', 4)",
    (m) => { torch.manual_seed(7); prune.random_structured(m, 'weight', 0.5, 0); prune.l1_unstructured(m, 'weight', 4); }],
  ['l1_then_ln', "prune.l1_unstructured(m, 'weight', 0.5); prune.ln_structured(m, 'weight', 0.5, 2, 1)",
    (m) => { prune.l1_unstructured(m, 'weight', 0.5); prune.ln_structured(m, 'weight', 0.5, 2, 1); }],
  ['ln_then_ln', "prune.ln_structured(m, 'weight', 1, 2, 0); prune.ln_structured(m, 'weight', 0.5, 1, 0)",
    (m) => { prune.ln_structured(m, 'weight', 1, 2, 0); prune.ln_structured(m, 'weight', 0.5, 1, 0); }],
  ['ln_then_random_structured', "prune.ln_structured(m, 'weight', 1, 2, 0); torch.manual_seed(8); prune.random_structured(m, 'weight', 0.5, -1)",
    (m) => { prune.ln_structured(m, 'weight', 1, 2, 0); torch.manual_seed(8); prune.random_structured(m, 'weight', 0.5, -1); }],
  ['three', "prune.identity(m, 'weight'); prune.l1_unstructured(m, 'weight', 0.25); torch.manual_seed(9); prune.random_unstructured(m, 'weight', 3); prune.custom_from_mask(m, 'weight', torch.ones_like(m.weight).index_fill(0, torch.tensor([1]), 0))",
    (m) => {
      prune.identity(m, 'weight');
      prune.l1_unstructured(m, 'weight', 0.25);
      torch.manual_seed(9);
      prune.random_unstructured(m, 'weight', 3);
      prune.custom_from_mask(m, 'weight', torch.ones_like(get(m, 'weight') as Tensor).index_fill(0, torch.tensor([1], { dtype: torch.int64 }), 0));
    }],
  ['custom_then_l1_importance', "prune.custom_from_mask(m, 'weight', torch.arange(20).reshape(4, 5) % 4 != 0); prune.l1_unstructured(m, 'weight', 3, importance_scores=torch.arange(20.).reshape(4, 5))",
    (m) => {
      prune.custom_from_mask(m, 'weight', torch.arange(20).reshape(4, 5).remainder(4).ne(0));
      prune.l1_unstructured(m, 'weight', 3, torch.arange(20, { dtype: torch.float32 }).reshape(4, 5));
    }],
];
for (const [tag, py, js] of ITER) {
  add(`iterative_${tag}`, `m = lin()\n${py}\nout = info(m, 'weight') + [len(list(m._forward_pre_hooks.values())[0])]`, () => {
    const m = lin();
    js(m);
    const h = [...m._forward_pre_hooks.values()][0] as unknown as InstanceType<typeof prune.PruningContainer>;
    return [...info(m, 'weight'), h.__len__()];
  });
}
add('iterative_conv_structured', "m = conv(); prune.ln_structured(m, 'weight', 1, 2, 0); torch.manual_seed(2); prune.random_structured(m, 'weight', 0.5, 1); prune.l1_unstructured(m, 'weight', 0.2)\nout = info(m, 'weight')", () => {
  const m = conv();
  prune.ln_structured(m, 'weight', 1, 2, 0);
  torch.manual_seed(2);
  prune.random_structured(m, 'weight', 0.5, 1);
  prune.l1_unstructured(m, 'weight', 0.2);
  return info(m, 'weight');
});
add('container_direct', "a = prune.L1Unstructured(0.5); a._tensor_name = 'w'; c = prune.PruningContainer(a); b = prune.LnStructured(amount=1, n=2, dim=0); b._tensor_name = 'w'; c.add_pruning_method(b)\nt = torch.arange(12.).reshape(3, 4) - 5\nout = [len(c), c._tensor_name, type(c[-1]).__name__, [type(x).__name__ for x in c], c.compute_mask(t, torch.ones_like(t)), c.compute_mask(t, (t > 0).float()), c.prune(t)]", () => {
  const a = new prune.L1Unstructured(0.5);
  a._tensor_name = 'w';
  const c = new prune.PruningContainer(a);
  const b = new prune.LnStructured({ amount: 1, n: 2, dim: 0 });
  b._tensor_name = 'w';
  c.add_pruning_method(b);
  const t = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4).sub(5);
  return [c.__len__(), c._tensor_name, typeName(c.__getitem__(-1)), [...c].map(typeName), c.compute_mask(t, torch.ones_like(t)), c.compute_mask(t, t.gt(0).float()), c.prune(t)];
});

// ---- the methods' own API ---------------------------------------------------------------------------------------

add('method_prune', "t = torch.arange(12.).reshape(3, 4) - 5; s = torch.arange(12.).reshape(3, 4).flip(1)\nout = [prune.L1Unstructured(0.5).prune(t), prune.L1Unstructured(amount=3).prune(t, importance_scores=s), prune.L1Unstructured(2).prune(t, (t != 0).float()), prune.LnStructured(1, float('inf'), 1).prune(t), prune.LnStructured(0.5, 1).compute_mask(t, torch.ones_like(t)), prune.Identity().compute_mask(t, torch.ones_like(t)), prune.CustomFromMask(torch.tensor([[1, 0, 1, 0]] * 3)).prune(t)]", () => {
  const t = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4).sub(5);
  const s = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4).flip(1);
  return [
    new prune.L1Unstructured(0.5).prune(t), new prune.L1Unstructured({ amount: 3 }).prune(t, { importance_scores: s }),
    new prune.L1Unstructured(2).prune(t, t.ne(0).float()), new prune.LnStructured(1, Infinity, 1).prune(t),
    new prune.LnStructured(0.5, 1).compute_mask(t, torch.ones_like(t)), new prune.Identity().compute_mask(t, torch.ones_like(t)),
    new prune.CustomFromMask(torch.tensor([[1, 0, 1, 0], [1, 0, 1, 0], [1, 0, 1, 0]])).prune(t),
  ];
});
add('method_random_prune', "t = torch.arange(24.).reshape(4, 6); torch.manual_seed(11)\nout = [prune.RandomUnstructured(0.5).prune(t), prune.RandomStructured(2, dim=0).prune(t), prune.RandomStructured(0.5).compute_mask(t, torch.ones_like(t))]", () => {
  const t = torch.arange(24, { dtype: torch.float32 }).reshape(4, 6);
  torch.manual_seed(11);
  return [new prune.RandomUnstructured(0.5).prune(t), new prune.RandomStructured(2, { dim: 0 }).prune(t), new prune.RandomStructured(0.5).compute_mask(t, torch.ones_like(t))];
});
add('attributes', "out = [prune.L1Unstructured.PRUNING_TYPE, prune.RandomStructured.PRUNING_TYPE, prune.CustomFromMask.PRUNING_TYPE, prune.Identity.PRUNING_TYPE, prune.LnStructured(0.5, 2).PRUNING_TYPE, prune.LnStructured(0.5, 2).dim, prune.RandomStructured(3).dim, prune.LnStructured(0.5, 'fro', 1).n, isinstance(prune.L1Unstructured(1), prune.BasePruningMethod), prune.PruningContainer().PRUNING_TYPE if hasattr(prune.PruningContainer(), 'PRUNING_TYPE') else None]", () => [
  prune.L1Unstructured.PRUNING_TYPE, prune.RandomStructured.PRUNING_TYPE, prune.CustomFromMask.PRUNING_TYPE, prune.Identity.PRUNING_TYPE,
  new prune.LnStructured(0.5, 2).PRUNING_TYPE, new prune.LnStructured(0.5, 2).dim, new prune.RandomStructured(3).dim, new prune.LnStructured(0.5, 'fro', 1).n,
  new prune.L1Unstructured(1) instanceof prune.BasePruningMethod, new prune.PruningContainer().PRUNING_TYPE ?? null,
]);
add('nparams', "out = [prune._compute_nparams_toprune(a, n) for a, n in [(0.5, 5), (0.1, 25), (0.3, 5), (3, 10), (0.25, 10), (0.7, 5), (1.0, 7), (0.0, 7)]]", () =>
  ([[0.5, 5], [0.1, 25], [0.3, 5], [3, 10], [0.25, 10], [0.7, 5], [float(1), 7], [0, 7]] as const).map(([a, n]) => prune._compute_nparams_toprune(a, n)));

// ---- global_unstructured ----------------------------------------------------------------------------------------

function net(): [nn.Linear, nn.Conv2d, nn.Linear] {
  torch.manual_seed(0);
  return [new nn.Linear(5, 4), new nn.Conv2d(3, 4, 3), new nn.Linear(4, 2)];
}
const NET = 'torch.manual_seed(0); a = nn.Linear(5, 4); b = nn.Conv2d(3, 4, 3); c = nn.Linear(4, 2)';
const ginfo = (ms: Mod[], names: string[]): unknown[] => ms.map((m, i) => info(m, names[i]));
add('global_l1_frac', `${NET}\nprune.global_unstructured([(a, 'weight'), (b, 'weight'), (c, 'weight'), (a, 'bias')], pruning_method=prune.L1Unstructured, amount=0.2)\nout = [info(a, 'weight'), info(b, 'weight'), info(c, 'weight'), info(a, 'bias')]`, () => {
  const [a, b, c] = net();
  prune.global_unstructured([[a, 'weight'], [b, 'weight'], [c, 'weight'], [a, 'bias']], { pruning_method: prune.L1Unstructured, amount: 0.2 });
  return [info(a, 'weight'), info(b, 'weight'), info(c, 'weight'), info(a, 'bias')];
});
add('global_l1_int', `${NET}\nr = prune.global_unstructured(((a, 'weight'), (b, 'bias'), (c, 'weight')), prune.L1Unstructured, amount=10)\nout = [r, info(a, 'weight'), info(b, 'bias'), info(c, 'weight')]`, () => {
  const [a, b, c] = net();
  const r = prune.global_unstructured([[a, 'weight'], [b, 'bias'], [c, 'weight']], prune.L1Unstructured, { amount: 10 });
  return [r, info(a, 'weight'), info(b, 'bias'), info(c, 'weight')];
});
add('global_random', `${NET}\ntorch.manual_seed(12); prune.global_unstructured([(a, 'weight'), (b, 'weight')], pruning_method=prune.RandomUnstructured, amount=0.5)\nout = [info(a, 'weight'), info(b, 'weight')]`, () => {
  const [a, b] = net();
  torch.manual_seed(12);
  prune.global_unstructured([[a, 'weight'], [b, 'weight']], { pruning_method: prune.RandomUnstructured, amount: 0.5 });
  return [info(a, 'weight'), info(b, 'weight')];
});
add('global_importance_scores', `${NET}\ns = torch.arange(108.).reshape(4, 3, 3, 3)\nprune.global_unstructured([(a, 'weight'), (b, 'weight')], pruning_method=prune.L1Unstructured, importance_scores={(b, 'weight'): s}, amount=30)\nout = [info(a, 'weight'), info(b, 'weight')]`, () => {
  const [a, b] = net();
  const s = torch.arange(108, { dtype: torch.float32 }).reshape(4, 3, 3, 3);
  prune.global_unstructured([[a, 'weight'], [b, 'weight']], { pruning_method: prune.L1Unstructured, importance_scores: new Map([[[b, 'weight'] as const, s]]), amount: 30 });
  return [info(a, 'weight'), info(b, 'weight')];
});
add('global_on_pruned', `${NET}\nprune.l1_unstructured(a, 'weight', 0.5); prune.ln_structured(b, 'weight', 1, 2, 0)\nprune.global_unstructured([(a, 'weight'), (b, 'weight'), (c, 'weight')], pruning_method=prune.L1Unstructured, amount=0.3)\nout = [info(a, 'weight'), info(b, 'weight'), info(c, 'weight')]`, () => {
  const [a, b, c] = net();
  prune.l1_unstructured(a, 'weight', 0.5);
  prune.ln_structured(b, 'weight', 1, 2, 0);
  prune.global_unstructured([[a, 'weight'], [b, 'weight'], [c, 'weight']], { pruning_method: prune.L1Unstructured, amount: 0.3 });
  return [info(a, 'weight'), info(b, 'weight'), info(c, 'weight')];
});
add('global_custom_method', `${NET}\nprune.global_unstructured([(a, 'bias'), (c, 'bias')], FooBar)\nout = [info(a, 'bias'), info(c, 'bias')]`, () => {
  const [a, , c] = net();
  prune.global_unstructured([[a, 'bias'], [c, 'bias']], FooBar);
  return [info(a, 'bias'), info(c, 'bias')];
});

// ---- remove, is_pruned ------------------------------------------------------------------------------------------

add('remove', "m = lin(); prune.l1_unstructured(m, 'weight', 0.5); w = m.weight.detach().clone(); r = prune.remove(m, 'weight')\nout = [r is m, m.state_dict(), [n for n, _ in m.named_parameters()], [n for n, _ in m.named_buffers()], type(m.weight).__name__, m.weight, torch.equal(m.weight, w), prune.is_pruned(m), len(m._forward_pre_hooks), hasattr(m, 'weight_orig'), hasattr(m, 'weight_mask')]", () => {
  const m = lin();
  prune.l1_unstructured(m, 'weight', 0.5);
  const w = m.weight.detach().clone();
  const r = prune.remove(m, 'weight');
  return [r === m, m.state_dict(), [...m.named_parameters()].map(([n]) => n), [...m.named_buffers()].map(([n]) => n), typeName(m.weight), m.weight, torch.equal(m.weight, w), prune.is_pruned(m),
    m._forward_pre_hooks.size, get(m, 'weight_orig') !== undefined, get(m, 'weight_mask') !== undefined];
});
add('remove_container_and_other', "m = conv(); prune.ln_structured(m, 'weight', 1, 2, 0); prune.l1_unstructured(m, 'weight', 0.3); prune.l1_unstructured(m, 'bias', 1)\nprune.remove(m, 'weight')\nout = [m.state_dict(), hooks(m), prune.is_pruned(m), type(m.weight).__name__, m.weight.requires_grad]", () => {
  const m = conv();
  prune.ln_structured(m, 'weight', 1, 2, 0);
  prune.l1_unstructured(m, 'weight', 0.3);
  prune.l1_unstructured(m, 'bias', 1);
  prune.remove(m, 'weight');
  return [m.state_dict(), hooks(m), prune.is_pruned(m), typeName(m.weight), m.weight.requires_grad];
});
add('is_pruned_nested', "torch.manual_seed(0); s = nn.Sequential(nn.Linear(3, 3), nn.Sequential(nn.ReLU(), nn.Linear(3, 2)))\nbefore = prune.is_pruned(s); prune.random_unstructured(s[1][1], 'weight', 1)\nout = [before, prune.is_pruned(s), prune.is_pruned(s[0]), prune.is_pruned(s[1]), list(s.state_dict().keys())]", () => {
  torch.manual_seed(0);
  const s = new nn.Sequential(new nn.Linear(3, 3), new nn.Sequential(new nn.ReLU(), new nn.Linear(3, 2)));
  const before = prune.is_pruned(s);
  const inner = (s.__getitem__(1) as nn.Sequential).__getitem__(1) as nn.Module;
  prune.random_unstructured(inner, 'weight', 1);
  return [before, prune.is_pruned(s), prune.is_pruned(s.__getitem__(0) as nn.Module), prune.is_pruned(s.__getitem__(1) as nn.Module), Object.keys(s.state_dict())];
});

// ---- forward, gradients, the hook, state_dict loading --------------------------------------------------------

add('forward_grad_linear', "m = lin(); prune.l1_unstructured(m, 'weight', 0.4)\ny = fwd(m, (3, 5))\nout = [y, m.weight_orig.grad, m.bias.grad, m.weight_mask.grad, m.weight.requires_grad]", () => {
  const m = lin();
  prune.l1_unstructured(m, 'weight', 0.4);
  const y = fwd(m, [3, 5]);
  return [y, (get(m, 'weight_orig') as Tensor).grad, m.bias!.grad, (get(m, 'weight_mask') as Tensor).grad, m.weight.requires_grad];
});
add('forward_grad_conv_iterative', "m = conv(); prune.ln_structured(m, 'weight', 0.5, 2, 0); torch.manual_seed(6); prune.random_unstructured(m, 'weight', 0.3); prune.l1_unstructured(m, 'bias', 2)\ny = fwd(m, (2, 3, 5, 5))\nout = [y, m.weight_orig.grad, m.bias_orig.grad]", () => {
  const m = conv();
  prune.ln_structured(m, 'weight', 0.5, 2, 0);
  torch.manual_seed(6);
  prune.random_unstructured(m, 'weight', 0.3);
  prune.l1_unstructured(m, 'bias', 2);
  const y = fwd(m, [2, 3, 5, 5]);
  return [y, (get(m, 'weight_orig') as Tensor).grad, (get(m, 'bias_orig') as Tensor).grad];
});
add('hook_recomputes', "m = lin(); prune.l1_unstructured(m, 'weight', 0.5)\nwith torch.no_grad():\n    m.weight_orig.mul_(3)\nbefore = m.weight.clone()\ny = m(torch.ones(1, 5))\nout = [before, m.weight, y]", () => {
  const m = lin();
  prune.l1_unstructured(m, 'weight', 0.5);
  torch.no_grad(() => (get(m, 'weight_orig') as Tensor).mul_(3));
  const before = m.weight.clone();
  const y = m(torch.ones(1, 5));
  return [before, m.weight, y];
});
add('load_state_dict', "src = lin(); prune.l1_unstructured(src, 'weight', 0.5)\ntorch.manual_seed(9); dst = nn.Linear(5, 4); prune.identity(dst, 'weight')\nr = dst.load_state_dict(src.state_dict())\nout = [list(r.missing_keys), list(r.unexpected_keys), dst.weight_mask, dst(torch.ones(2, 5)), dst.weight]", () => {
  const src = lin();
  prune.l1_unstructured(src, 'weight', 0.5);
  torch.manual_seed(9);
  const dst = new nn.Linear(5, 4);
  prune.identity(dst, 'weight');
  const r = dst.load_state_dict(src.state_dict());
  return [r.missing_keys, r.unexpected_keys, get(dst, 'weight_mask'), dst(torch.ones(2, 5)), dst.weight];
});
add('train_step', "m = lin(); prune.l1_unstructured(m, 'weight', 0.5); opt = torch.optim.SGD(m.parameters(), lr=0.1)\nfor _ in range(2):\n    opt.zero_grad(); fwd(m, (3, 5)); opt.step()\nout = [m.weight_orig, m(torch.ones(1, 5)), m.weight]", () => {
  const m = lin();
  prune.l1_unstructured(m, 'weight', 0.5);
  const opt = new torch.optim.SGD(m.parameters(), { lr: 0.1 });
  for (let i = 0; i < 2; i++) {
    opt.zero_grad();
    fwd(m, [3, 5]);
    opt.step();
  }
  return [get(m, 'weight_orig'), m(torch.ones(1, 5)), m.weight];
});

// ---- errors -----------------------------------------------------------------------------------------------------

const ERRORS: [string, string, () => unknown][] = [
  ['amount_negative', "prune.l1_unstructured(lin(), 'weight', amount=-1)", () => prune.l1_unstructured(lin(), 'weight', { amount: -1 })],
  ['amount_float_big', "prune.random_unstructured(lin(), 'weight', amount=1.5)", () => prune.random_unstructured(lin(), 'weight', { amount: 1.5 })],
  ['amount_float_neg', "prune.ln_structured(lin(), 'weight', -0.25, 2, 0)", () => prune.ln_structured(lin(), 'weight', -0.25, 2, 0)],
  ['amount_str', "prune.l1_unstructured(lin(), 'weight', amount='a')", () => prune.l1_unstructured(lin(), 'weight', { amount: 'a' as unknown as number })],
  ['amount_none', "prune.random_structured(lin(), 'weight', None, 0)", () => prune.random_structured(lin(), 'weight', null as unknown as number, 0)],
  ['amount_missing', "prune.l1_unstructured(lin(), 'weight')", () => prune.l1_unstructured(lin(), 'weight')],
  ['too_large_unstructured', "prune.l1_unstructured(lin(), 'weight', amount=21)", () => prune.l1_unstructured(lin(), 'weight', { amount: 21 })],
  ['too_large_structured', "prune.ln_structured(conv(), 'weight', 5, 2, 0)", () => prune.ln_structured(conv(), 'weight', 5, 2, 0)],
  ['too_large_random_structured', "prune.random_structured(lin(), 'weight', 6, -1)", () => prune.random_structured(lin(), 'weight', 6, -1)],
  ['missing_param', "prune.l1_unstructured(lin(), 'foo', amount=0.3)", () => prune.l1_unstructured(lin(), 'foo', { amount: 0.3 })],
  ['missing_param_conv', "prune.random_structured(conv(), 'weights', 0.3, 0)", () => prune.random_structured(conv(), 'weights', 0.3, 0)],
  ['importance_shape', "prune.l1_unstructured(lin(), 'weight', amount=0.3, importance_scores=torch.ones(5, 4))", () => prune.l1_unstructured(lin(), 'weight', { amount: 0.3, importance_scores: torch.ones(5, 4) })],
  ['importance_shape_ln', "prune.ln_structured(conv(), 'weight', 1, 2, 0, importance_scores=torch.ones(4))", () => prune.ln_structured(conv(), 'weight', 1, 2, 0, { importance_scores: torch.ones(4) })],
  ['importance_shape_prune', "prune.L1Unstructured(1).prune(torch.ones(2, 3), importance_scores=torch.ones(3, 2))", () => new prune.L1Unstructured(1).prune(torch.ones(2, 3), { importance_scores: torch.ones(3, 2) })],
  ['structured_1d', "prune.random_structured(lin(), 'bias', 1, 0)", () => prune.random_structured(lin(), 'bias', 1, 0)],
  ['structured_dim', "prune.ln_structured(lin(), 'weight', 1, 2, 2)", () => prune.ln_structured(lin(), 'weight', 1, 2, 2)],
  ['structured_dim_neg', "prune.ln_structured(lin(), 'weight', 1, 2, -3)", () => prune.ln_structured(lin(), 'weight', 1, 2, -3)],
  ['remove_unpruned', "prune.remove(lin(), 'weight')", () => prune.remove(lin(), 'weight')],
  ['remove_other_name', "m = lin(); prune.identity(m, 'bias'); prune.remove(m, 'weight')", () => { const m = lin(); prune.identity(m, 'bias'); prune.remove(m, 'weight'); }],
  ['global_structured', "prune.global_unstructured([(lin(), 'weight')], pruning_method=prune.RandomStructured, amount=1)", () => prune.global_unstructured([[lin(), 'weight']], { pruning_method: prune.RandomStructured, amount: 1 })],
  ['global_not_iterable', "prune.global_unstructured(5, prune.L1Unstructured, amount=1)", () => prune.global_unstructured(5 as unknown as [], prune.L1Unstructured, { amount: 1 })],
  ['global_scores_not_dict', "prune.global_unstructured([(lin(), 'weight')], prune.L1Unstructured, [1, 2], amount=1)", () => prune.global_unstructured([[lin(), 'weight']], prune.L1Unstructured, [1, 2] as unknown as Map<[Mod, string], Tensor>, { amount: 1 })],
  ['global_too_large', "prune.global_unstructured([(lin(), 'weight'), (lin(), 'bias')], pruning_method=prune.L1Unstructured, amount=25)", () => prune.global_unstructured([[lin(), 'weight'], [lin(), 'bias']], { pruning_method: prune.L1Unstructured, amount: 25 })],
  ['global_missing_amount', "prune.global_unstructured([(lin(), 'weight')], pruning_method=prune.L1Unstructured)", () => prune.global_unstructured([[lin(), 'weight']], { pruning_method: prune.L1Unstructured })],
  ['custom_mask_shape', "prune.custom_from_mask(lin(), 'bias', torch.ones(3))", () => prune.custom_from_mask(lin(), 'bias', torch.ones(3))],
  ['container_two_unnamed', "prune.PruningContainer(prune.Identity(), prune.Identity())", () => new prune.PruningContainer(new prune.Identity(), new prune.Identity())],
  ['container_one_unnamed', "prune.PruningContainer(prune.L1Unstructured(2))", () => new prune.PruningContainer(new prune.L1Unstructured(2))],
  ['container_add_type', "a = prune.Identity(); a._tensor_name = 'w'; prune.PruningContainer(a).add_pruning_method(5)", () => {
    const a = new prune.Identity();
    a._tensor_name = 'w';
    new prune.PruningContainer(a).add_pruning_method(5 as unknown as InstanceType<typeof prune.Identity>);
  }],
  ['init_missing', "prune.L1Unstructured()", () => new (prune.L1Unstructured as unknown as new () => unknown)()],
  ['init_ln_missing_n', "prune.LnStructured(0.5)", () => new (prune.LnStructured as unknown as new (a: number) => unknown)(0.5)],
  ['identity_args', "prune.Identity(1)", () => new (prune.Identity as unknown as new (a: number) => unknown)(1)],
  ['abstract', "prune.BasePruningMethod()", () => new (prune.BasePruningMethod as unknown as new () => unknown)()],
  ['apply_mask_unset', "prune.L1Unstructured(1).apply_mask(lin())", () => new prune.L1Unstructured(1).apply_mask(lin())],
  ['apply_mask_none', "p = prune.L1Unstructured(1); p._tensor_name = None; p.apply_mask(lin())", () => {
    const p = new prune.L1Unstructured(1);
    p._tensor_name = null;
    return p.apply_mask(lin());
  }],
  ['remove_none', "p = prune.L1Unstructured(1); p._tensor_name = None; p.remove(lin())", () => {
    const p = new prune.L1Unstructured(1);
    p._tensor_name = null;
    p.remove(lin());
  }],
];
for (const [id, py, js] of ERRORS) add(`error_${id}`, py, js);

add('error_container_mismatch', "a = prune.Identity(); a._tensor_name = 'w'; b = prune.Identity(); b._tensor_name = 'b'\nout = catch(lambda: prune.PruningContainer(a).add_pruning_method(b))", () => {
  const a = new prune.Identity();
  a._tensor_name = 'w';
  const b = new prune.Identity();
  b._tensor_name = 'b';
  return catchErr(() => new prune.PruningContainer(a).add_pruning_method(b));
});
// a failed first pruning rolls the parameter back (re-registered last, as Python); a failed later one leaves the
// reparametrization without its hook, as Python does
add('error_rollback_first', "m = lin()\ne = catch(lambda: prune.l1_unstructured(m, 'weight', 30))\nout = [e, m.state_dict(), [n for n, _ in m.named_parameters()], type(m.weight).__name__, len(m._forward_pre_hooks), prune.is_pruned(m)]", () => {
  const m = lin();
  const e = catchErr(() => prune.l1_unstructured(m, 'weight', 30));
  return [e, m.state_dict(), [...m.named_parameters()].map(([n]) => n), typeName(m.weight), m._forward_pre_hooks.size, prune.is_pruned(m)];
});
add('error_rollback_container', "m = lin(); prune.l1_unstructured(m, 'weight', 10)\ne = catch(lambda: prune.random_unstructured(m, 'weight', 11))\nout = [e] + info(m, 'weight')", () => {
  const m = lin();
  prune.l1_unstructured(m, 'weight', 10);
  const e = catchErr(() => prune.random_unstructured(m, 'weight', 11));
  return [e, ...info(m, 'weight')];
});
add('error_rollback_custom_mask', "m = conv()\ne = catch(lambda: prune.custom_from_mask(m, 'bias', torch.ones(2)))\nout = [e, list(m.state_dict().keys()), prune.is_pruned(m)]", () => {
  const m = conv();
  const e = catchErr(() => prune.custom_from_mask(m, 'bias', torch.ones(2)));
  return [e, Object.keys(m.state_dict()), prune.is_pruned(m)];
});

let py: Record<string, PyOut>;
beforeAll(() => {
  const snippets: Record<string, string> = {};
  for (const [id, [code]] of Object.entries(CASES)) snippets[id] = code;
  py = runPy(snippets, PREAMBLE);
});

test.each(Object.keys(CASES))('%s', (id) => {
  expect(encCall(CASES[id][1])).toEqual(py[id].out);
});

test('the hooks are the method objects (the tutorial inspects them)', () => {
  const m = lin();
  prune.l1_unstructured(m, 'weight', 0.3);
  prune.ln_structured(m, 'weight', 1, 2, 0);
  const [hook] = [...m._forward_pre_hooks.values()] as unknown as InstanceType<typeof prune.PruningContainer>[];
  expect(hook).toBeInstanceOf(prune.PruningContainer);
  expect(hook._tensor_name).toBe('weight');
  expect([...hook].map(typeName)).toEqual(['L1Unstructured', 'LnStructured']);
  expect(String(hook)).toMatch(/^<torch\.nn\.utils\.prune\.PruningContainer object at 0x[0-9a-f]+>$/);
  expect(m.weight).not.toBeInstanceOf(nn.Parameter);
});
