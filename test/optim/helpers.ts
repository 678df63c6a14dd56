// Shared by the optim parity tests: the same parameters and loss on both sides (so both feed identical gradients),
// Python keyword arguments written from the JS options, and a comparison of our values with Python's typed
// encoding (test/optim/optim_ref.py's enc()).
import torch from '../../lib';
import { runPythonScript } from '../helpers/python';
import { pyStr } from '../../lib/optim/optimizer';

export type Enc =
  | null | boolean | string
  | { i: number } | { f: number | string }
  | { t: string; shape: number[]; v: (number | string)[]; device: string }
  | { tuple: Enc[] } | { list: Enc[] } | { dict: [Enc, Enc][] } | { repr: string };

export interface OptimCase {
  id: string;
  cls: string;
  opts?: Record<string, unknown>;
  steps?: number;
  closure?: boolean;
  complex?: boolean;
  groups?: { idx: number[]; opts?: Record<string, unknown> }[];
  state_dict_at?: number;
  /** Python continues from this state (our parameters and state_dict in its encoding) from step `from`. */
  resume?: { params: Enc[]; state_dict: Enc; from: number };
}

export interface OptimResult {
  id: string;
  params: Enc[];
  state_dict: Enc;
  repr: string;
  losses: number[];
  warnings: string[];
  mid?: { params: Enc[]; state_dict: Enc };
  error?: string;
  message?: string;
}

/** Parameter shapes and values: a matrix, a vector, a 3-d tensor (Adafactor's factored path) and a scalar. */
export const PARAM_SPEC: [number[], number[]][] = [
  [[3, 4], [0.5, -1.2, 0.3, 0.8, -0.4, 1.5, -2.0, 0.05, 0.9, -0.7, 1.1, -0.25]],
  [[4], [0.1, -0.2, 0.35, -0.6]],
  [[2, 3, 2], [0.2, -0.3, 0.45, 1.2, -1.1, 0.6, 0.75, -0.85, 0.15, -0.05, 0.95, -1.3]],
  [[], [0.7]],
];
export const COEF_SPEC: [number[], number[]][] = PARAM_SPEC.map(([shape, values]) => [shape, values.map((_, i) => 0.3 + 0.17 * ((i * 7) % 5))]);

export function makeParams(complex = false): torch.Tensor[] {
  return PARAM_SPEC.map(([shape, values]) => {
    let t = torch.tensor(values, { dtype: torch.float64 }).reshape(shape);
    if (complex) t = torch.complex(t, t.flip([...Array(t.dim()).keys()]).mul(0.5));
    return t.requires_grad_();
  });
}

export function makeLoss(params: torch.Tensor[], complex = false): () => torch.Tensor {
  const coefs = COEF_SPEC.map(([shape, values]) => torch.tensor(values, { dtype: torch.float64 }).reshape(shape));
  return () => {
    let total: torch.Tensor | null = null;
    params.forEach((p, i) => {
      const term = complex
        ? torch.sin(torch.view_as_real(p.mul(coefs[i])).mul(3)).sum().add(p.abs().pow(2).mul(0.5).sum())
        : torch.sin(p.mul(3)).mul(coefs[i]).sum().add(p.pow(2).mul(0.5).sum());
      total = total === null ? term : total.add(term);
    });
    return total!;
  };
}

/** A Python literal of an option value, floats written as floats where Python's default is a float. */
export function pyLiteral(v: unknown, spec?: boolean | readonly boolean[]): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return pyStr(v, spec);
  if (v instanceof torch.Tensor) return `torch.tensor(${pyStr(v.item(), true)}, dtype=torch.${v.dtype.name})`;
  if (Array.isArray(v)) {
    const parts = v.map((x, i) => pyLiteral(x, Array.isArray(spec) ? spec[i] : spec));
    return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
  }
  throw new Error(`no Python literal for ${String(v)}`);
}

export function floatSpec(cls: string): Record<string, boolean | readonly boolean[]> {
  const C = (torch.optim as unknown as Record<string, { _float_hyperparameters?: Record<string, boolean | readonly boolean[]> }>)[cls];
  return { ...(C._float_hyperparameters ?? {}) };
}

export function pyKwargs(cls: string, opts: Record<string, unknown> = {}): string {
  const spec = floatSpec(cls);
  return Object.entries(opts).map(([k, v]) => `${k}=${pyLiteral(v, spec[k])}`).join(', ');
}

export function runOptimRef(cases: OptimCase[]): Map<string, OptimResult> {
  const req = {
    params: PARAM_SPEC,
    coefs: COEF_SPEC,
    cases: cases.map((c) => ({
      id: c.id,
      cls: c.cls,
      kwargs: pyKwargs(c.cls, c.opts),
      steps: c.steps ?? 30,
      closure: c.closure ?? false,
      complex: c.complex ?? false,
      state_dict_at: c.state_dict_at,
      resume: c.resume,
      groups: c.groups?.map((g) => ({ idx: g.idx, kwargs: pyKwargs(c.cls, g.opts) })),
    })),
  };
  const out = runPythonScript<OptimResult[]>('optim/optim_ref.py', req);
  return new Map(out.map((r) => [r.id, r]));
}

type OptimizerCtor = new (params: unknown, options?: Record<string, unknown>) => torch.optim.Optimizer;

export function makeOptimizer(c: OptimCase, params: torch.Tensor[]): torch.optim.Optimizer {
  const C = (torch.optim as unknown as Record<string, OptimizerCtor>)[c.cls];
  const arg = c.groups ? c.groups.map((g) => ({ params: g.idx.map((i) => params[i]), ...(g.opts ?? {}) })) : params;
  return new C(arg, { ...(c.opts ?? {}) });
}

/** Runs a case as optim_ref.py does: zero_grad, loss, backward, step (or step(closure)). Returns the losses. */
export function runSteps(opt: torch.optim.Optimizer, loss_fn: () => torch.Tensor, steps: number, closure: boolean, from = 0,
  onStep?: (k: number) => void): number[] {
  const losses: number[] = [];
  for (let k = from; k < steps; k++) {
    torch.tidy(() => {
      if (closure) {
        const loss = opt.step(() => {
          opt.zero_grad();
          const l = loss_fn();
          l.backward();
          return l;
        });
        losses.push(typeof loss === 'number' ? loss : (loss as torch.Tensor).item() as number);
      } else {
        opt.zero_grad();
        const loss = loss_fn();
        loss.backward();
        opt.step();
        losses.push(loss.item() as number);
      }
    });
    onStep?.(k);
  }
  return losses;
}

function decodeNum(x: number | string): number {
  if (x === 'nan') return NaN;
  if (x === 'inf') return Infinity;
  if (x === '-inf') return -Infinity;
  return x as number;
}

function close(a: number, b: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(b)) return Number.isNaN(a);
  if (!Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/** Compares one of our values with Python's encoding: structure, types (int / float / tensor dtype / tuple), and
 *  values within rtol. Returns the list of differences (empty when equal). */
export function diffEnc(ours: unknown, py: Enc, path = '', rtol = 1e-12, atol = 1e-15): string[] {
  const out: string[] = [];
  const fail = (m: string): string[] => [`${path || '<root>'}: ${m}`];
  if (py === null) return ours === null || ours === undefined ? out : fail(`expected None, got ${String(ours)}`);
  if (typeof py === 'boolean' || typeof py === 'string') return ours === py ? out : fail(`expected ${String(py)}, got ${String(ours)}`);
  if ('i' in py) {
    return typeof ours === 'number' && ours === py.i ? out : fail(`expected int ${py.i}, got ${String(ours)}`);
  }
  if ('f' in py) {
    return typeof ours === 'number' && close(ours, decodeNum(py.f), rtol, atol) ? out : fail(`expected float ${py.f}, got ${String(ours)}`);
  }
  if ('t' in py) {
    if (!(ours instanceof torch.Tensor)) return fail(`expected a tensor, got ${String(ours)}`);
    if (ours.dtype.name !== py.t) return fail(`dtype ${ours.dtype.name} vs ${py.t}`);
    if (JSON.stringify([...ours.shape]) !== JSON.stringify(py.shape)) return fail(`shape ${JSON.stringify([...ours.shape])} vs ${JSON.stringify(py.shape)}`);
    const t = ours.detach().cpu();
    const flat = (t.is_complex() ? torch.view_as_real(t) : t).reshape(-1).tolist() as number[];
    for (let i = 0; i < flat.length; i++) {
      const b = decodeNum(py.v[i]);
      if (!close(flat[i], b, rtol, atol)) return fail(`element ${i}: ${flat[i]} vs ${b} (rel ${Math.abs(flat[i] - b) / Math.abs(b)})`);
    }
    return out;
  }
  if ('tuple' in py || 'list' in py) {
    const items = 'tuple' in py ? py.tuple : py.list;
    if (!Array.isArray(ours)) return fail(`expected a ${'tuple' in py ? 'tuple' : 'list'}, got ${String(ours)}`);
    if (ours.length !== items.length) return fail(`length ${ours.length} vs ${items.length}`);
    items.forEach((x, i) => out.push(...diffEnc(ours[i], x, `${path}[${i}]`, rtol, atol)));
    return out;
  }
  if ('dict' in py) {
    const entries: [unknown, unknown][] = ours instanceof Map ? [...ours.entries()]
      : ours !== null && typeof ours === 'object' ? Object.entries(ours) : [];
    const pyKeys = py.dict.map(([k]) => (k !== null && typeof k === 'object' && 'i' in k ? k.i : k));
    const ourKeys = entries.map(([k]) => k);
    if (JSON.stringify(ourKeys) !== JSON.stringify(pyKeys)) return fail(`keys ${JSON.stringify(ourKeys)} vs ${JSON.stringify(pyKeys)}`);
    py.dict.forEach(([k, v], i) => out.push(...diffEnc(entries[i][1], v, `${path}.${String(pyKeys[i])}`, rtol, atol)));
    return out;
  }
  return fail(`cannot compare with ${JSON.stringify(py)}`);
}

/** Rebuilds a value from Python's encoding (tensors as torch-node tensors; ints and floats as numbers). */
export function decodeEnc(py: Enc): unknown {
  if (py === null || typeof py === 'boolean' || typeof py === 'string') return py;
  if ('i' in py) return py.i;
  if ('f' in py) return decodeNum(py.f);
  if ('t' in py) {
    const dt = (torch as unknown as Record<string, torch.dtype>)[py.t];
    const vals = py.v.map(decodeNum);
    if (dt.is_complex) {
      const real = torch.tensor(vals, { dtype: dt === torch.complex128 ? torch.float64 : torch.float32 }).reshape([...py.shape, 2]);
      return torch.view_as_complex(real).clone();
    }
    return torch.tensor(vals, { dtype: dt }).reshape(py.shape).clone();
  }
  if ('tuple' in py) return py.tuple.map(decodeEnc);
  if ('list' in py) return py.list.map(decodeEnc);
  if ('dict' in py) {
    const keys = py.dict.map(([k]) => decodeEnc(k));
    if (keys.some((k) => typeof k !== 'string')) return new Map(py.dict.map(([k, v]) => [decodeEnc(k), decodeEnc(v)]));
    return Object.fromEntries(py.dict.map(([k, v]) => [decodeEnc(k) as string, decodeEnc(v)]));
  }
  throw new Error(`cannot decode ${JSON.stringify(py)}`);
}
