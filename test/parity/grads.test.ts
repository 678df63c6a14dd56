// Gradient parity: first-order gradients of 150+ ops and second-order of 30+, in float64, equal to Python's (live).
import torch from '../../lib';
import { runPythonScript, type PyValue } from '../helpers/python';
import { decode } from '../helpers/compare';
import { callLabel, callOp, tensorFromBytes } from '../helpers/calls';
import { gradCases, gradInputs, type GArg, type GradCase } from './grad_cases';

type Res =
  | { kind: 'grads'; grads: ({ shape: number[]; values: PyValue } | null)[] }
  | { kind: 'error'; type: string; message: string };

let results: Map<string, Res>;
const base = new Map<string, torch.Tensor>();

beforeAll(() => {
  const res = runPythonScript<{ inputs: Record<string, { dtype: string; shape: number[]; bytes: string }>; results: (Res & { id: string })[] }>(
    'parity/grads.py',
    { inputs: gradInputs, cases: gradCases.map((c, i) => ({ id: String(i), ...c })) },
  );
  for (const [name, r] of Object.entries(res.inputs)) base.set(name, torch.keep(tensorFromBytes(r)));
  results = new Map(res.results.map((r) => [r.id, r]));
});

function run(c: GradCase): (torch.Tensor | null)[] {
  const leaves: torch.Tensor[] = [];
  const arg = (a: GArg): unknown => {
    if (Array.isArray(a)) return a.map(arg);
    if (a !== null && typeof a === 'object' && 't' in a) {
      const t = base.get(a.t)!;
      if (!a.grad) return t;
      const leaf = t.clone().requires_grad_(true);
      leaves.push(leaf);
      return leaf;
    }
    if (a !== null && typeof a === 'object' && 'dtype' in a) return torch[a.dtype as 'float32'];
    return a;
  };
  const kwargs = c.kwargs === undefined ? undefined : Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, arg(v)]));
  let out = callOp(c.call, c.args.map(arg), kwargs) as torch.Tensor | torch.Tensor[];
  if (Array.isArray(out)) out = out[0];
  torch.manual_seed(1);
  const w = torch.randn(out.shape, { dtype: out.dtype });
  const loss = out.mul(w).sum();
  if ((c.order ?? 1) === 1) return torch.autograd.grad(loss, leaves, { allow_unused: true });
  const g1 = torch.autograd.grad(loss, leaves, { create_graph: true, allow_unused: true });
  torch.manual_seed(2);
  let total: torch.Tensor | null = null;
  for (const gi of g1) {
    if (gi === null) continue;
    const term = gi.mul(torch.randn(gi.shape, { dtype: gi.dtype })).sum();
    total = total === null ? term : total.add(term);
  }
  return torch.autograd.grad(total!, leaves, { allow_unused: true });
}

const label = (c: GradCase) => callLabel(c.call, c.args, c.kwargs, c.order === 2 ? 'd2 ' : '');

describe('gradients equal Python\'s', () => {
  test.each(gradCases.map((c, i) => [label(c), i] as const))('%s', (_name, i) => {
    const ref = results.get(String(i))!;
    if (ref.kind === 'error') throw new Error(`Python raised ${ref.type}: ${ref.message}`);
    torch.tidy(() => {
      const grads = run(gradCases[i]);
      expect(grads.length).toBe(ref.grads.length);
      grads.forEach((gr, k) => {
        const r = ref.grads[k];
        if (r === null) {
          expect(gr).toBeNull();
          return;
        }
        expect(gr!.shape).toEqual(r.shape);
        const a = ([gr!.tolist()] as unknown[]).flat(Infinity as 1) as number[];
        const b = ([decode(r.values)] as unknown[]).flat(Infinity as 1) as number[];
        for (let j = 0; j < a.length; j++) {
          if (Number.isNaN(b[j])) expect(a[j]).toBeNaN();
          else if (Math.abs(a[j] - b[j]) > 1e-9 * Math.max(1, Math.abs(b[j]))) throw new Error(`grad ${k}[${j}]: ${a[j]} vs ${b[j]}`);
        }
      });
    });
  });
});

test('the suite covers 150+ first-order and 30+ second-order cases', () => {
  expect(gradCases.filter((c) => (c.order ?? 1) === 1).length).toBeGreaterThanOrEqual(150);
  expect(gradCases.filter((c) => c.order === 2).length).toBeGreaterThanOrEqual(30);
});
