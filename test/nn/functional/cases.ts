// The parity cases of torch.nn.functional beyond op_db's samples (test/parity/opinfo_nn.test.ts): each case is a
// Python expression evaluated live by Python PyTorch (test/parity/ref.py) and the same call in torch-node, on the
// same inputs (made from the same seeds on both sides), compared in value, dtype and shape, or in error type and
// message. Python's warnings are compared too: a case can expect the messages of the warnings the call emits.
import torch from '../../../lib';
import { pyEval, type PyResult } from '../../helpers/python';
import { decode, jsValues } from '../../helpers/compare';

export interface Case {
  id: string;
  /** the Python expression (F is torch.nn.functional; the preamble's inputs are in scope) */
  py: string;
  /** the same call in torch-node */
  js: () => unknown;
  /** Python statements run before py (in a fresh copy of the preamble's namespace) */
  setup?: string;
  /** torch.manual_seed(seed) before the call, on both sides */
  seed?: number;
  /** [rtol, atol] for floating values (default: equal up to rounding, 1e-12 / 1e-6 relative for float64 / float32) */
  tol?: [number, number];
}

// Python exception types and the JS errors torch-node throws for them
const ERRORS: Record<string, (e: unknown) => boolean> = {
  RuntimeError: (e) => e instanceof torch.TorchError && e.constructor === torch.TorchError,
  IndexError: (e) => e instanceof torch.IndexError,
  ValueError: (e) => e instanceof torch.ValueError,
  NotImplementedError: (e) => e instanceof torch.NotImplementedError,
  TypeError: (e) => e instanceof TypeError,
  AssertionError: (e) => e instanceof torch.AssertionError,
  ZeroDivisionError: (e) => e instanceof RangeError,
};

/** A case comparing the warnings a call emits with Python's, captured live (all of them, as
 *  warnings.simplefilter('always') shows them). torch-node shows each message once per process, as Python's
 *  default filter shows it once per calling line: each case's messages must be new in its test file. */
export function warningCase(id: string, pyCall: string, js: () => unknown, seed?: number): Case {
  return {
    id,
    setup: `with warnings.catch_warnings(record=True) as ws:\n    warnings.simplefilter('always')\n    ${pyCall}\nmsgs = [str(w.message) for w in ws]`,
    py: 'msgs',
    js: () => warningsOf(js),
    seed,
  };
}

/** Python's inplace(f, t, ...) of the tests' preambles (PY_INPLACE): the result of f on a clone of t, the clone
 *  after the call, and whether the result is the clone itself. */
export const PY_INPLACE = `
def inplace(f, t, *a, **k):
    t = t.clone()
    r = f(t, *a, **k)
    return (r, t, torch.tensor(r is t))
`;
export function inplace(f: (t: torch.Tensor) => torch.Tensor, t: torch.Tensor): torch.Tensor[] {
  const c = t.clone();
  const r = f(c);
  return [r, c, torch.tensor(r === c)];
}

/** Python's warnings of a call, as the messages process.emitWarning received (the `warn` spy's calls). */
export function warningsOf(fn: () => unknown): string[] {
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    fn();
    return spy.mock.calls.map((c) => String(c[0]));
  } finally {
    spy.mockRestore();
  }
}

function compare(got: unknown, ref: PyResult, tol: [number, number] | undefined, path = 'result'): void {
  if (ref.kind === 'tensor') {
    expect(got).toBeInstanceOf(torch.Tensor);
    const t = got as torch.Tensor;
    expect({ path, dtype: t.dtype.name, shape: t.shape }).toEqual({ path, dtype: ref.dtype, shape: ref.shape });
    const a = [jsValues(t)].flat(Infinity) as (number | boolean)[];
    const b = [decode(ref.values)].flat(Infinity) as (number | boolean)[];
    expect(a.length).toBe(b.length);
    const [rtol, atol] = tol ?? (t.dtype === torch.float32 ? [1e-6, 1e-7] : [1e-12, 1e-14]);
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      if (typeof y !== 'number' || typeof x !== 'number') expect({ path, i, v: x }).toEqual({ path, i, v: y });
      else if (Number.isNaN(y)) expect({ path, i, v: x }).toEqual({ path, i, v: NaN });
      else if (!Number.isFinite(y)) expect({ path, i, v: x }).toEqual({ path, i, v: y });
      else if (Math.abs(x - y) > atol + rtol * Math.abs(y)) expect({ path, i, v: x }).toEqual({ path, i, v: y });
    }
  } else if (ref.kind === 'tuple') {
    expect(Array.isArray(got)).toBe(true);
    const g = got as unknown[];
    expect(g.length).toBe(ref.items.length);
    ref.items.forEach((r, i) => compare(g[i], r, tol, `${path}[${i}]`));
  } else if (ref.kind === 'error') {
    throw new Error(`Python raised ${ref.type}: ${ref.message}`);
  } else if (ref.kind === 'dtype') {
    expect((got as torch.dtype).name).toBe(ref.value);
  } else {
    expect(got).toEqual(decode(ref.value));
  }
}

/** Runs the cases: one Python process for all of them, then one jest test per case. `inputs` makes the JS inputs
 *  the preamble makes in Python (called once, before the cases; a case that changes an input in place clones it). */
export function parityCases(preamble: string, inputs: () => void, cases: Case[]): void {
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new Error(`two cases named ${c.id}`);
    ids.add(c.id);
  }
  const refs = pyEval(
    cases.map((c) => ({ id: c.id, expr: c.py, setup: c.setup, seed: c.seed })),
    'import warnings\nimport torch.nn.functional as F\nwarnings.simplefilter("ignore")\n' + preamble,
  );
  beforeAll(inputs);
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const ref = refs.get(c.id)!;
    expect(ref).toBeDefined();
    if (c.seed !== undefined) torch.manual_seed(c.seed);
    if (ref.kind === 'error') {
      let err: unknown;
      try {
        const r = c.js();
        err = new Error(`returned ${r instanceof torch.Tensor ? `a tensor of shape [${r.shape}]` : String(r)}`);
      } catch (e) {
        err = e;
      }
      const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
      expect({ type: (ERRORS[ref.type] ?? ((e: unknown) => e instanceof Error))(err) ? ref.type : `${(err as Error)?.constructor?.name}`, msg })
        .toEqual({ type: ref.type, msg: ref.message });
      return;
    }
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      compare(c.js(), ref, c.tol);
    } finally {
      spy.mockRestore();
    }
  });
}
