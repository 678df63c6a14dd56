// The op parity suite: every case in op_cases.ts runs in Python (test/parity/ops.py, live, the pinned torch) and
// here on identical inputs; values, dtypes and shapes must agree, and invalid calls must raise the same error.
import torch from '../../lib';
import { runPythonScript, type PyValue } from '../helpers/python';
import { decode } from '../helpers/compare';
import { callLabel, callOp, tensorFromBytes } from '../helpers/calls';
import { inputs, opCases, type Arg, type OpCase } from './op_cases';

interface TensorOut {
  kind: 'tensor';
  dtype: string;
  shape: number[];
  values: PyValue;
}
type Out =
  | TensorOut
  | { kind: 'tuple'; items: TensorOut[] }
  | { kind: 'value'; value: PyValue }
  | { kind: 'dtype'; value: string }
  | { kind: 'error'; type: string; message: string };

let raw: Record<string, { dtype: string; shape: number[]; bytes: string }>;
let results: Map<string, Out>;
const built = new Map<string, torch.Tensor>();

beforeAll(() => {
  const cases = opCases.map((c, i) => ({ id: String(i), call: c.call, args: c.args, kwargs: c.kwargs ?? {} }));
  const res = runPythonScript<{ inputs: typeof raw; results: (Out & { id: string })[] }>('parity/ops.py', {
    inputs,
    seed: 0,
    cases,
  });
  raw = res.inputs;
  results = new Map(res.results.map((r) => [r.id, r]));
  for (const [name, r] of Object.entries(raw)) {
    let base = tensorFromBytes(r);
    const view = inputs[name].view;
    if (view === 'T') base = base.T;
    else if (view === 'expand') base = base.expand(3, ...base.shape.slice(1));
    built.set(name, torch.keep(base));
  }
});

function jsArg(a: Arg): unknown {
  if (Array.isArray(a)) return a.map(jsArg);
  if (a !== null && typeof a === 'object' && 't' in a) {
    const x = built.get(a.t)!;
    return a.clone ? x.clone() : x;
  }
  if (a !== null && typeof a === 'object' && 'dtype' in a) return torch[a.dtype as 'float32'];
  if (a === 'nan') return NaN;
  if (a === 'inf') return Infinity;
  if (a === '-inf') return -Infinity;
  return a;
}

function call(c: OpCase): unknown {
  const kwargs = c.kwargs === undefined ? undefined : Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, jsArg(v)]));
  return callOp(c.call, c.args.map(jsArg), kwargs);
}

const pyErrors: Record<string, Function> = {
  RuntimeError: torch.TorchError,
  IndexError: torch.IndexError,
  ValueError: torch.ValueError,
  NotImplementedError: torch.NotImplementedError,
  _LinAlgError: torch.LinAlgError,
  TypeError: TypeError,
};

function expectTensor(t: unknown, r: TensorOut, tol: number, label: string): void {
  expect(t).toBeInstanceOf(torch.Tensor);
  const x = t as torch.Tensor;
  expect({ dtype: x.dtype.name, shape: x.shape }).toEqual({ dtype: r.dtype, shape: r.shape });
  const ours = ([x.dtype === torch.float16 || x.dtype === torch.bfloat16 ? x.float().tolist() : x.tolist()] as unknown[]).flat(Infinity as 1);
  const theirs = ([decode(r.values)] as unknown[]).flat(Infinity as 1);
  expect(ours.length).toBe(theirs.length);
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i] as number | boolean | { real: number; imag: number };
    const b = theirs[i] as number | boolean | { real: number; imag: number };
    if (typeof b === 'number' && typeof a === 'number') {
      if (Number.isNaN(b)) expect(Number.isNaN(a)).toBe(true);
      else if (!Number.isFinite(b) || tol === 0) expect(a).toBe(b);
      else if (Math.abs(a - b) > tol * Math.max(1, Math.abs(b))) throw new Error(`${label}: element ${i}: ${a} vs ${b}`);
    } else if (typeof b === 'object' && b !== null) {
      const ca = a as { real: number; imag: number };
      expect(Math.abs(ca.real - b.real) <= tol * Math.max(1, Math.abs(b.real))).toBe(true);
      expect(Math.abs(ca.imag - b.imag) <= tol * Math.max(1, Math.abs(b.imag))).toBe(true);
    } else expect(a).toEqual(b);
  }
}

const label = (c: OpCase) => callLabel(c.call, c.args, c.kwargs);

describe('op parity with Python torch', () => {
  test.each(opCases.map((c, i) => [label(c), i] as const))('%s', (name, i) => {
    const c = opCases[i];
    const ref = results.get(String(i))!;
    torch.tidy(() => {
      if (ref.kind === 'error') {
        let err: unknown;
        try {
          call(c);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(pyErrors[ref.type] ?? Error);
        expect((err as Error).message.split('\n')[0]).toBe(ref.message);
        return;
      }
      const out = call(c);
      const tol = c.tol ?? 1e-6;
      if (ref.kind === 'tensor') expectTensor(out, ref, tol, name);
      else if (ref.kind === 'tuple') {
        const items = out as torch.Tensor[];
        expect(items.length).toBe(ref.items.length);
        ref.items.forEach((r, k) => expectTensor(items[k], r, tol, name));
      } else if (ref.kind === 'dtype') expect((out as torch.dtype).name).toBe(ref.value);
      else expect(out).toEqual(decode(ref.value));
    });
  });
});

test('the suite is large enough', () => {
  expect(opCases.length).toBeGreaterThanOrEqual(400);
});
