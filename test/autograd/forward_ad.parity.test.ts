// torch.autograd.forward_ad against the live Python torch: the same dual tensors give the same primals and
// tangents (J @ v), the tangent's backward gives the same gradients, and misuse gives Python's errors.
import { execFileSync } from 'child_process';
import torch from '../../lib';
import { pythonEnv } from '../helpers/python';

const fwAD = torch.autograd.forward_ad;
type T = torch.Tensor;

// Each case: the inputs made after manual_seed(0) in the same order on both sides (float64), the function on the
// dual tensor, in both languages.
interface Case {
  id: string;
  setup: string; // Python: defines x, v and any other tensors
  py: string; // Python expression of `d` (the dual tensor) and the setup's names
  js: (d: T, s: Record<string, T>) => T;
  make: () => Record<string, T>; // the same tensors in torch-node
}
const rn = (...shape: number[]) => torch.randn(shape, { dtype: torch.float64 });
const CASES: Case[] = [
  { id: 'sin', setup: 'x = rn(5); v = rn(5)', py: 'd.sin()', js: (d) => d.sin(), make: () => ({ x: rn(5), v: rn(5) }) },
  { id: 'exp_mul', setup: 'x = rn(3, 4); v = rn(3, 4)', py: 'd.exp() * d', js: (d) => d.exp().mul(d), make: () => ({ x: rn(3, 4), v: rn(3, 4) }) },
  {
    id: 'matmul_tanh', setup: 'x = rn(4, 6); v = rn(4, 6); W = rn(6, 3)', py: '(d @ W).tanh()',
    js: (d, s) => d.matmul(s.W).tanh(), make: () => ({ x: rn(4, 6), v: rn(4, 6), W: rn(6, 3) }),
  },
  { id: 'softmax', setup: 'x = rn(2, 7); v = rn(2, 7)', py: 'torch.softmax(d, -1)', js: (d) => torch.softmax(d, -1), make: () => ({ x: rn(2, 7), v: rn(2, 7) }) },
  {
    id: 'mlp', setup: 'x = rn(8, 5); v = rn(8, 5); W1 = rn(5, 16); b1 = rn(16); W2 = rn(16, 2)',
    py: 'torch.relu(d @ W1 + b1) @ W2', js: (d, s) => torch.relu(d.matmul(s.W1).add(s.b1)).matmul(s.W2),
    make: () => ({ x: rn(8, 5), v: rn(8, 5), W1: rn(5, 16), b1: rn(16), W2: rn(16, 2) }),
  },
  {
    id: 'conv2d_weight', setup: 'x = rn(4, 3, 3, 3); v = rn(4, 3, 3, 3); inp = rn(2, 3, 8, 8)',
    py: 'torch.nn.functional.conv2d(inp, d, padding=1)', js: (d, s) => torch.nn.functional.conv2d(s.inp, d, null, 1, 1),
    make: () => ({ x: rn(4, 3, 3, 3), v: rn(4, 3, 3, 3), inp: rn(2, 3, 8, 8) }),
  },
  { id: 'pow_sum', setup: 'x = rn(6); v = rn(6)', py: 'd.pow(3).sum()', js: (d) => d.pow(3).sum(), make: () => ({ x: rn(6), v: rn(6) }) },
  {
    id: 'linalg', setup: 'x = rn(4, 4); v = rn(4, 4)', py: 'torch.linalg.inv(d + 4 * torch.eye(4, dtype=torch.float64))',
    js: (d) => torch.linalg.inv(d.add(torch.eye(4, { dtype: torch.float64 }).mul(4))), make: () => ({ x: rn(4, 4), v: rn(4, 4) }),
  },
];

function python(script: string): unknown {
  const { python: py, env } = pythonEnv();
  return JSON.parse(execFileSync(py, ['-c', script], { env, encoding: 'utf8' }));
}

const flat = (t: T | null): number[] | null => (t === null ? null : (t.detach().flatten().tolist() as number[]));

describe('forward-mode AD against Python', () => {
  const ref = python(`
import json, torch
import torch.autograd.forward_ad as fwAD
rn = lambda *s: torch.randn(*s, dtype=torch.float64)
out = {}
${CASES.map((c) => `torch.manual_seed(0)
${c.setup}
with fwAD.dual_level():
    d = fwAD.make_dual(x, v)
    p, t = fwAD.unpack_dual(${c.py})
    out[${JSON.stringify(c.id)}] = [p.flatten().tolist(), t.flatten().tolist()]`).join('\n')}
print(json.dumps(out))
`) as Record<string, [number[], number[]]>;

  test.each(CASES.map((c) => [c.id, c] as const))('%s: primal and tangent equal Python', (_id, c) => {
    torch.manual_seed(0);
    const s = c.make();
    const [p, t] = fwAD.dual_level(() => {
      const d = fwAD.make_dual(s.x, s.v);
      const { primal, tangent } = fwAD.unpack_dual(c.js(d, s));
      return [flat(primal)!, flat(tangent)!];
    });
    const [pp, pt] = ref[c.id];
    expect(p.length).toBe(pp.length);
    p.forEach((a, i) => expect(a).toBeCloseTo(pp[i], 12));
    t.forEach((a, i) => expect(a).toBeCloseTo(pt[i], 10));
  });

  test("the tangent's backward gives Python's gradient (make_dual and unpack_dual are backward differentiable)", () => {
    const ref2 = python(`
import json, torch
import torch.autograd.forward_ad as fwAD
torch.manual_seed(0)
x = torch.randn(5, dtype=torch.float64, requires_grad=True); v = torch.randn(5, dtype=torch.float64)
with fwAD.dual_level():
    _, t = fwAD.unpack_dual(fwAD.make_dual(x, v).sin().mul(x))
    t.sum().backward()
print(json.dumps(x.grad.tolist()))
`) as number[];
    torch.manual_seed(0);
    const x = torch.randn([5], { dtype: torch.float64, requires_grad: true });
    const v = torch.randn([5], { dtype: torch.float64 });
    fwAD.dual_level(() => {
      const { tangent } = fwAD.unpack_dual(fwAD.make_dual(x, v).sin().mul(x));
      tangent!.sum().backward();
    });
    (x.grad!.tolist() as number[]).forEach((g, i) => expect(g).toBeCloseTo(ref2[i], 12));
  });
});

describe('levels and their lifetime', () => {
  test('no tangent outside a level, for a plain tensor, or after the level ended', () => {
    const x = torch.tensor([1.0, 2.0]);
    const u = fwAD.unpack_dual(x);
    expect(u.primal).toBe(x);
    expect(u.tangent).toBeNull();
    let out: T | null = null;
    fwAD.dual_level((level) => {
      expect(level).toBe(0);
      expect(fwAD.unpack_dual(x).tangent).toBeNull();
      out = fwAD.make_dual(x, torch.tensor([1.0, 1.0])).mul(3);
      expect(fwAD.unpack_dual(out).tangent!.tolist()).toEqual([3, 3]);
    });
    expect(fwAD.unpack_dual(out!).tangent).toBeNull();
  });

  test('the `using` and decorator forms enter and exit a level', () => {
    {
      using g = fwAD.dual_level().enter();
      expect(g.level).toBe(0);
      const y = fwAD.make_dual(torch.tensor([2.0]), torch.tensor([1.0])).pow(2);
      expect(fwAD.unpack_dual(y).tangent!.tolist()).toEqual([4]);
    }
    const jvp = fwAD.dual_level()((x: T, v: T) => fwAD.unpack_dual(fwAD.make_dual(x, v).exp()).tangent!.item());
    expect(jvp(torch.tensor([0.0]), torch.tensor([2.0]))).toBe(2);
    expect(() => fwAD.make_dual(torch.tensor([1.0]), torch.tensor([1.0]))).toThrow(/no level exists/);
  });

  test("misuse gives Python's errors", () => {
    const pyErrors = python(`
import json, torch
import torch.autograd.forward_ad as fwAD
out = []
def grab(f):
    try:
        f(); out.append(None)
    except Exception as e:
        out.append([type(e).__name__, str(e)])
grab(lambda: fwAD.make_dual(torch.ones(2), torch.ones(2)))
with fwAD.dual_level():
    grab(lambda: fwAD.make_dual(torch.arange(2), torch.ones(2)))
    grab(lambda: fwAD.make_dual(torch.ones(2), torch.arange(2)))
    grab(lambda: fwAD.enter_dual_level())
    grab(lambda: fwAD.exit_dual_level(level=5))
print(json.dumps(out))
`) as [string, string][];
    const grab = (f: () => unknown): [string, string] | null => {
      try {
        f();
        return null;
      } catch (e) {
        const err = e as Error;
        return [err instanceof torch.ValueError ? 'ValueError' : err instanceof torch.RuntimeError ? 'RuntimeError' : err.name, err.message];
      }
    };
    const got: ([string, string] | null)[] = [grab(() => fwAD.make_dual(torch.ones(2), torch.ones(2)))];
    fwAD.dual_level(() => {
      got.push(grab(() => fwAD.make_dual(torch.arange(2), torch.ones(2))));
      got.push(grab(() => fwAD.make_dual(torch.ones(2), torch.arange(2))));
      got.push(grab(() => fwAD.enter_dual_level()));
      got.push(grab(() => fwAD.exit_dual_level({ level: 5 })));
    });
    expect(got.length).toBe(pyErrors.length);
    got.forEach((g, i) => {
      expect(g).not.toBeNull();
      expect(g![0]).toBe(pyErrors[i][0]);
      expect(g![1]).toBe(pyErrors[i][1]);
    });
    // the level was not left entered by the refused nested one
    expect(fwAD.unpack_dual(torch.ones(1)).tangent).toBeNull();
    fwAD.dual_level(() => undefined);
  });
});

describe("autograd.functional.jacobian with strategy 'forward-mode'", () => {
  test("equals Python's (vectorize=True) for several inputs and outputs, and for one of each", () => {
    const ref = python(`
import json, torch
from torch.autograd.functional import jacobian
torch.manual_seed(0)
x = torch.randn(3, dtype=torch.float64); y = torch.randn(3, 2, dtype=torch.float64)
f = lambda a, b: (a.sin() * b.sum(), (a.unsqueeze(1) * b).tanh().sum(0))
J = jacobian(f, (x, y), vectorize=True, strategy="forward-mode")
g = lambda a: a.exp().cumsum(0)
K = jacobian(g, x, vectorize=True, strategy="forward-mode")
print(json.dumps({"J": [[t.flatten().tolist() for t in row] for row in J], "Jshape": [[list(t.shape) for t in row] for row in J],
                  "K": K.flatten().tolist(), "Kshape": list(K.shape)}))
`) as { J: number[][][]; Jshape: number[][][]; K: number[]; Kshape: number[] };
    torch.manual_seed(0);
    const x = torch.randn([3], { dtype: torch.float64 });
    const y = torch.randn([3, 2], { dtype: torch.float64 });
    const J = torch.autograd.functional.jacobian((a: T, b: T) => [a.sin().mul(b.sum()), a.unsqueeze(1).mul(b).tanh().sum(0)], [x, y], {
      vectorize: true, strategy: 'forward-mode',
    }) as T[][];
    J.forEach((row, i) => row.forEach((t, j) => {
      expect([...t.shape]).toEqual(ref.Jshape[i][j]);
      (t.flatten().tolist() as number[]).forEach((v, k) => expect(v).toBeCloseTo(ref.J[i][j][k], 12));
    }));
    const K = torch.autograd.functional.jacobian((a: T) => a.exp().cumsum(0), x, { vectorize: true, strategy: 'forward-mode' }) as T;
    expect([...K.shape]).toEqual(ref.Kshape);
    (K.flatten().tolist() as number[]).forEach((v, k) => expect(v).toBeCloseTo(ref.K[k], 12));
    // and the reverse-mode Jacobian agrees
    const R = torch.autograd.functional.jacobian((a: T) => a.exp().cumsum(0), x) as T;
    expect(R.allclose(K)).toBe(true);
  });

  test("Python's errors: without vectorize, with strict, with create_graph, an unknown strategy", () => {
    const pyErrors = python(`
import json, torch
from torch.autograd.functional import jacobian
out = []
def grab(f):
    try:
        f(); out.append(None)
    except BaseException as e:
        out.append([type(e).__name__, str(e)])
x = torch.ones(2, dtype=torch.float64)
grab(lambda: jacobian(torch.sin, x, strategy="forward-mode"))
grab(lambda: jacobian(torch.sin, x, strategy="forward-mode", vectorize=True, strict=True))
grab(lambda: jacobian(torch.sin, x, strategy="forward-mode", vectorize=True, create_graph=True))
grab(lambda: jacobian(torch.sin, x, strategy="sideways"))
print(json.dumps(out))
`) as [string, string][];
    const x = torch.ones(2, { dtype: torch.float64 });
    const jac = torch.autograd.functional.jacobian;
    const grab = (f: () => unknown): [string, string] => {
      try {
        f();
        return ['none', ''];
      } catch (e) {
        const err = e as Error;
        const name = err instanceof torch.NotImplementedError ? 'NotImplementedError'
          : err instanceof torch.AssertionError ? 'AssertionError' : err instanceof torch.RuntimeError ? 'RuntimeError' : err.name;
        return [name, err.message];
      }
    };
    const got = [
      grab(() => jac((a: T) => a.sin(), x, { strategy: 'forward-mode' })),
      grab(() => jac((a: T) => a.sin(), x, { strategy: 'forward-mode', vectorize: true, strict: true })),
      grab(() => jac((a: T) => a.sin(), x, { strategy: 'forward-mode', vectorize: true, create_graph: true })),
      grab(() => jac((a: T) => a.sin(), x, { strategy: 'sideways' as never })),
    ];
    expect(got).toEqual(pyErrors);
  });
});

describe("autograd.functional.hessian with outer_jacobian_strategy 'forward-mode'", () => {
  test("forward over reverse equals Python's, for one input and for two", () => {
    const ref = python(`
import json, torch
from torch.autograd.functional import hessian
torch.manual_seed(0)
x = torch.randn(4, dtype=torch.float64); y = torch.randn(3, dtype=torch.float64)
H = hessian(lambda a: (a.sin() * a).sum() + a.pow(3).sum(), x, vectorize=True, outer_jacobian_strategy="forward-mode")
H2 = hessian(lambda a, b: (a.exp().sum() * b.tanh()).sum(), (x, y), vectorize=True, outer_jacobian_strategy="forward-mode")
print(json.dumps({"H": H.flatten().tolist(), "H2": [[t.flatten().tolist() for t in row] for row in H2], "H2shape": [[list(t.shape) for t in row] for row in H2]}))
`) as { H: number[]; H2: number[][][]; H2shape: number[][][] };
    torch.manual_seed(0);
    const x = torch.randn([4], { dtype: torch.float64 });
    const y = torch.randn([3], { dtype: torch.float64 });
    const hess = torch.autograd.functional.hessian;
    const H = hess((a: T) => a.sin().mul(a).sum().add(a.pow(3).sum()), x, { vectorize: true, outer_jacobian_strategy: 'forward-mode' }) as unknown as T;
    (H.flatten().tolist() as number[]).forEach((v, k) => expect(v).toBeCloseTo(ref.H[k], 12));
    const reverse = hess((a: T) => a.sin().mul(a).sum().add(a.pow(3).sum()), x) as unknown as T;
    expect(reverse.allclose(H)).toBe(true);
    const H2 = hess((a: T, b: T) => a.exp().sum().mul(b.tanh()).sum(), [x, y], { vectorize: true, outer_jacobian_strategy: 'forward-mode' }) as T[][];
    H2.forEach((row, i) => row.forEach((t, j) => {
      expect([...t.shape]).toEqual(ref.H2shape[i][j]);
      (t.flatten().tolist() as number[]).forEach((v, k) => expect(v).toBeCloseTo(ref.H2[i][j][k], 12));
    }));
    expect(() => hess((a: T) => a.sum(), x, { outer_jacobian_strategy: 'sideways' as never })).toThrow(
      'Expected strategy to be either "forward-mode" or "reverse-mode".',
    );
  });
});
