// Comparing torch-node tensors with Python reference results (test/helpers/python.ts).
import torch from '../../lib';
import type { PyResult, PyTensor, PyValue } from './python';
import { tensorFromBytes } from './calls';

/** Decodes the reference encoding of non-finite floats. */
export function decode(v: PyValue): unknown {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') return { real: decode(v.real as PyValue), imag: decode(v.imag as PyValue) };
  return v;
}

export function asTensor(r: PyResult | undefined): PyTensor {
  if (r === undefined) throw new Error('missing reference result');
  if (r.kind === 'error') throw new Error(`Python raised ${r.type}: ${r.message}`);
  if (r.kind !== 'tensor') throw new Error(`expected a tensor from Python, got ${r.kind}`);
  return r;
}

/** torch-node tensor values with float16/bfloat16 widened, as Python's reference has them. */
export function jsValues(t: torch.Tensor): unknown {
  const d = t.dtype;
  if (d === torch.float16 || d === torch.bfloat16) return t.float().tolist();
  return t.tolist();
}

/** Expects dtype, shape and exactly equal values (NaN equal to NaN). */
export function expectSameTensor(t: torch.Tensor, ref: PyResult | undefined): void {
  const r = asTensor(ref);
  expect({ dtype: t.dtype.name, shape: t.shape }).toEqual({ dtype: r.dtype, shape: r.shape });
  expect(jsValues(t)).toEqual(decode(r.values));
}

/** Expects dtype and shape, and values within a relative tolerance. */
export function expectCloseTensor(t: torch.Tensor, ref: PyResult | undefined, rtol = 1e-6, atol = 1e-7): void {
  const r = asTensor(ref);
  expect({ dtype: t.dtype.name, shape: t.shape }).toEqual({ dtype: r.dtype, shape: r.shape });
  const a = [jsValues(t)].flat(Infinity) as number[];
  const b = [decode(r.values)].flat(Infinity) as number[];
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i])) expect(a[i]).toBeNaN();
    else expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(atol + rtol * Math.abs(b[i]));
  }
}

/** Rebuilds the exact tensor Python described (its raw bytes were requested with `bytes: true`). */
export function fromReference(ref: PyResult | undefined): torch.Tensor {
  return tensorFromBytes(asTensor(ref));
}
