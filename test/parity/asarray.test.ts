// torch.as_tensor and torch.asarray (lib/tensor/create.ts): values, dtypes, aliasing and errors as in Python. A
// TypedArray plays the NumPy array's part, an ArrayBuffer the buffer protocol's.
import torch from '../../lib';
import { pyEval } from '../helpers/python';
import { expectSameTensor } from '../helpers/compare';

const refs = pyEval(
  [
    { id: 'as_tensor list', expr: 'torch.as_tensor([1, 2.5])' },
    { id: 'as_tensor list dtype', expr: 'torch.as_tensor([1, 2], dtype=torch.float64)' },
    { id: 'as_tensor tensor dtype', expr: 'torch.as_tensor(torch.arange(3), dtype=torch.float32)' },
    { id: 'as_tensor f64 array', expr: 'torch.as_tensor(np.array([1.5, 2.5]))' },
    { id: 'asarray list', expr: 'torch.asarray([[1, 2], [3, 4]])' },
    { id: 'asarray list dtype', expr: 'torch.asarray([1, 2], dtype=torch.float64)' },
    { id: 'asarray tensor dtype', expr: 'torch.asarray(torch.arange(3), dtype=torch.float64)' },
    { id: 'asarray i32 array', expr: 'torch.asarray(np.array([1, 2], dtype=np.int32))' },
    { id: 'asarray bytes', expr: "torch.asarray(bytearray(struct.pack('<2f', 1.5, 2.5)))" },
    { id: 'asarray bytes dtype', expr: "torch.asarray(bytearray(struct.pack('<2d', 1.5, 2.5)), dtype=torch.float64)" },
    { id: 'asarray requires_grad', expr: 'torch.asarray([1.0, 2.0], requires_grad=True).requires_grad' },
    { id: 'alias dtype', expr: 'torch.asarray(torch.ones(2), dtype=torch.float64, copy=False)' },
    { id: 'alias sequence', expr: 'torch.asarray([1, 2], copy=False)' },
    { id: 'asarray bad keyword', expr: 'torch.asarray([1], foo=1)' },
  ],
  'import numpy as np\nimport struct',
);

describe('torch.as_tensor', () => {
  test('data is copied as torch.tensor copies it', () => {
    expectSameTensor(torch.as_tensor([1, 2.5]), refs.get('as_tensor list'));
    expectSameTensor(torch.as_tensor([1, 2], torch.float64), refs.get('as_tensor list dtype'));
    expectSameTensor(torch.as_tensor([1, 2], { dtype: torch.float64 }), refs.get('as_tensor list dtype'));
  });

  test('a tensor is returned itself when dtype and device match, else converted', () => {
    const t = torch.arange(3);
    expect(torch.as_tensor(t)).toBe(t);
    expect(torch.as_tensor(t, { device: 'cpu' })).toBe(t);
    expectSameTensor(torch.as_tensor(t, torch.float32), refs.get('as_tensor tensor dtype'));
  });

  test('a TypedArray is shared, as a NumPy array is', () => {
    const a = new Float64Array([1.5, 2.5]);
    const t = torch.as_tensor(a);
    expectSameTensor(t, refs.get('as_tensor f64 array'));
    a[0] = 7;
    expect(t.tolist()).toEqual([7, 2.5]);
  });
});

describe('torch.asarray', () => {
  test('sequences are copied, with the dtype inferred or given', () => {
    expectSameTensor(torch.asarray([[1n, 2n], [3n, 4n]]), refs.get('asarray list'));
    expectSameTensor(torch.asarray([1, 2], { dtype: torch.float64 }), refs.get('asarray list dtype'));
  });

  test('a tensor is aliased unless copy or another dtype asks for a copy', () => {
    const t = torch.arange(3);
    expect(torch.asarray(t)).toBe(t);
    const c = torch.asarray(t, { copy: true });
    expect(c).not.toBe(t);
    expect(c.tolist()).toEqual(t.tolist());
    c.add_(1);
    expect(t.tolist()).toEqual([0, 1, 2]);
    expectSameTensor(torch.asarray(t, { dtype: torch.float64 }), refs.get('asarray tensor dtype'));
  });

  test('a TypedArray is aliased with its own dtype; an ArrayBuffer is read as the default (or given) dtype', () => {
    const a = new Int32Array([1, 2]);
    const t = torch.asarray(a);
    expectSameTensor(t, refs.get('asarray i32 array'));
    a[1] = 5;
    expect(t.tolist()).toEqual([1, 5]);
    expectSameTensor(torch.asarray(new Float32Array([1.5, 2.5]).buffer), refs.get('asarray bytes'));
    expectSameTensor(torch.asarray(new Float64Array([1.5, 2.5]).buffer, { dtype: torch.float64 }), refs.get('asarray bytes dtype'));
  });

  test('requires_grad', () => {
    const r = refs.get('asarray requires_grad');
    expect(r?.kind === 'value' && r.value).toBe(true);
    expect(torch.asarray([1, 2], { requires_grad: true }).requires_grad).toBe(true);
  });

  test.each([
    ['alias dtype', () => torch.asarray(torch.ones(2), { dtype: torch.float64, copy: false }), torch.ValueError],
    ['alias sequence', () => torch.asarray([1, 2], { copy: false }), torch.ValueError],
    ['asarray bad keyword', () => torch.asarray([1], { foo: 1 } as never), TypeError],
  ] as const)('%s: the error Python raises', (id, fn, cls) => {
    const r = refs.get(id);
    expect(r?.kind).toBe('error');
    expect(fn).toThrow(cls);
    expect(fn).toThrow(r?.kind === 'error' ? r.message : '');
  });
});
