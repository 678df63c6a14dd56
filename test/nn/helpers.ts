// Shared by the nn parity tests: runs Python snippets (test/nn/pyexec.py) and encodes JavaScript values the way
// that script encodes Python's, so that the two can be compared with toEqual (or closeTo for float values).
import torch from '../../lib';
import { runPythonScript } from '../helpers/python';

export interface PyOut {
  out: unknown;
  warnings: [string, string][];
}

/** Runs the snippets in one Python process; results by id. */
export function runPy(snippets: Record<string, string>, preamble = ''): Record<string, PyOut> {
  return runPythonScript<Record<string, PyOut>>('nn/pyexec.py', {
    preamble,
    snippets: Object.entries(snippets).map(([id, code]) => ({ id, code })),
  });
}

function num(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(num);
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  }
  if (typeof v === 'bigint') return Number(v);
  return v;
}

/** pyexec.py's encoding of a JavaScript value. */
export function enc(v: unknown): unknown {
  if (v instanceof torch.Tensor) {
    const d = v.detach();
    const values = d.is_floating_point() ? d.double().tolist() : d.tolist();
    return { __tensor__: String(v.dtype).replace('torch.', ''), shape: [...v.shape], values: num(values), requires_grad: v.requires_grad };
  }
  if (v instanceof Map) return { __dict__: [...v].map(([k, x]) => [k, enc(x)]) };
  if (Array.isArray(v)) return [...v].map(enc);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return { __dict__: Object.entries(v).map(([k, x]) => [k, enc(x)]) };
  }
  if (typeof v === 'number') return num(v);
  if (v === undefined) return null;
  return v;
}

/** The encoding of an error thrown by fn (as pyexec.py encodes a Python exception), or of fn's result. */
export function encCall(fn: () => unknown): unknown {
  try {
    return enc(fn());
  } catch (e) {
    return { __error__: (e as Error).name === 'TorchError' ? 'RuntimeError' : (e as Error).name, message: (e as Error).message };
  }
}

/** Compares two encodings: equal structure, numbers within rtol/atol (exact when both are 0). */
export function expectClose(actual: unknown, expected: unknown, path = '$', rtol = 1e-6, atol = 1e-7): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Math.abs(actual - expected) > atol + rtol * Math.abs(expected)) {
      throw new Error(`${path}: ${actual} != ${expected}`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      throw new Error(`${path}: ${JSON.stringify(actual)?.slice(0, 300)} != ${JSON.stringify(expected).slice(0, 300)}`);
    }
    expected.forEach((e, i) => expectClose(actual[i], e, `${path}[${i}]`, rtol, atol));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') throw new Error(`${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
    const ek = Object.keys(expected).sort();
    const ak = Object.keys(actual).sort();
    if (JSON.stringify(ek) !== JSON.stringify(ak)) throw new Error(`${path}: keys ${ak} != ${ek}`);
    for (const k of ek) expectClose((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`, rtol, atol);
    return;
  }
  if (actual !== expected) throw new Error(`${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
}
