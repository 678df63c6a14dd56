// Sharing memory with JavaScript, as the seed describes for numpy: from_numpy / frombuffer share both ways,
// clone() breaks the link, numpy() is a view kept alive by the tensor; copying variants copy.
import torch from '../../lib';

describe('from_numpy: a tensor over a TypedArray', () => {
  test('writes go both ways', () => {
    const arr = new Float32Array([1, 2, 3, 4]);
    const t = torch.from_numpy(arr);
    expect(t.dtype).toBe(torch.float32);
    arr[0] = 10;
    expect(t.tolist()).toEqual([10, 2, 3, 4]);
    t.mul_(2);
    expect(Array.from(arr)).toEqual([20, 4, 6, 8]);
  });
  test('clone() breaks the link', () => {
    const arr = new Float64Array([1, 2]);
    const c = torch.from_numpy(arr).clone();
    arr[0] = 5;
    expect(c.tolist()).toEqual([1, 2]);
  });
  test('views of the tensor share too (reshape, select)', () => {
    const arr = new Int32Array([1, 2, 3, 4, 5, 6]);
    const m = torch.from_numpy(arr).reshape(2, 3);
    m.select(0, 1).fill_(0);
    expect(Array.from(arr)).toEqual([1, 2, 3, 0, 0, 0]);
  });
  test('every TypedArray kind maps to its dtype', () => {
    const kinds: [ArrayLike<number | bigint> & ArrayBufferView, torch.dtype][] = [
      [new Int8Array(2), torch.int8],
      [new Uint8Array(2), torch.uint8],
      [new Uint8ClampedArray(2), torch.uint8],
      [new Int16Array(2), torch.int16],
      [new Uint16Array(2), torch.uint16],
      [new Int32Array(2), torch.int32],
      [new Uint32Array(2), torch.uint32],
      [new Float32Array(2), torch.float32],
      [new Float64Array(2), torch.float64],
      [new BigInt64Array(2), torch.int64],
      [new BigUint64Array(2), torch.uint64],
    ];
    for (const [a, d] of kinds) expect(torch.from_numpy(a as never).dtype).toBe(d);
  });
  test('a Buffer works as uint8, including a slice at an offset', () => {
    const buf = Buffer.from([9, 8, 7, 6]);
    const t = torch.from_numpy(buf.subarray(1, 3));
    expect(t.tolist()).toEqual([8, 7]);
    t.fill_(1);
    expect(Array.from(buf)).toEqual([9, 1, 1, 6]);
  });
  test('the TypedArray stays alive while the tensor lives', () => {
    let t: torch.Tensor;
    (() => {
      t = torch.from_numpy(new Float32Array([3, 1, 4]));
    })();
    if (global.gc) global.gc();
    expect(t!.tolist()).toEqual([3, 1, 4]);
  });
});

describe('frombuffer', () => {
  test('reads the bytes as the dtype, shares memory', () => {
    const ab = new ArrayBuffer(16);
    const t = torch.frombuffer(ab, { dtype: torch.int32 });
    expect(t.shape).toEqual([4]);
    new Int32Array(ab)[2] = 42;
    expect(t.tolist()).toEqual([0, 0, 42, 0]);
  });
  test('count and offset', () => {
    const bytes = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(torch.frombuffer(bytes, { dtype: torch.uint8, count: 3, offset: 2 }).tolist()).toEqual([2, 3, 4]);
    expect(() => torch.frombuffer(bytes, { dtype: torch.int32, offset: 1 })).toThrow('multiple of element size');
    expect(() => torch.frombuffer(bytes, { dtype: torch.uint8, count: 9 })).toThrow('must not be greater than actual buffer length');
  });
});

describe('numpy(): a TypedArray view of the tensor', () => {
  test('shares memory with the tensor', () => {
    const t = torch.zeros(3);
    const v = t.numpy() as Float32Array;
    v[1] = 7;
    expect(t.tolist()).toEqual([0, 7, 0]);
    t.add_(1);
    expect(Array.from(v)).toEqual([1, 8, 1]);
  });
  test('outlives dispose() of the tensor: the view holds the storage', () => {
    const t = torch.arange(4, { dtype: torch.float64 });
    const v = t.numpy() as Float64Array;
    t.dispose();
    expect(Array.from(v)).toEqual([0, 1, 2, 3]);
  });
  test('element types per dtype', () => {
    // (compared by tag: the addon's arrays come from the main realm, jest runs tests in another)
    const tag = (a: unknown) => Object.prototype.toString.call(a);
    expect(tag(torch.zeros(2, { dtype: torch.int64 }).numpy())).toBe('[object BigInt64Array]');
    expect(tag(torch.zeros(2, { dtype: torch.bool }).numpy())).toBe('[object Uint8Array]');
    expect(tag(torch.zeros(2, { dtype: torch.float16 }).numpy())).toBe('[object Uint16Array]');
    const c = torch.zeros(2, { dtype: torch.complex64 }).numpy();
    expect(tag(c)).toBe('[object Float32Array]');
    expect(c.length).toBe(4);
  });
  test('refuses what numpy() refuses, with PyTorch\'s messages', () => {
    expect(() => torch.zeros(2, { requires_grad: true }).numpy()).toThrow(
      "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.",
    );
    expect(() => torch.zeros(2, 3).T.numpy()).toThrow('call contiguous() first');
  });
  test('toTypedArray() copies', () => {
    const t = torch.tensor([1, 2]);
    const c = t.toTypedArray() as Float32Array;
    c[0] = 9;
    expect(t.tolist()).toEqual([1, 2]);
    expect(Array.from(torch.zeros(2, 3).T.toTypedArray() as Float32Array)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

test('a tensor over raw storage bytes with any dtype, strides and offset, without a copy (what .pt loading needs)', () => {
  // 8 float64 values as raw little-endian bytes, viewed as a 2x3 tensor at storage offset 1 with strides (3, 1)
  const bytes = new Uint8Array(new Float64Array([0, 1, 2, 3, 4, 5, 6, 7]).buffer);
  const storage = torch.frombuffer(bytes, { dtype: torch.float64 });
  const t = torch.as_strided(storage, [2, 3], [3, 1], 1);
  expect(t.tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
  const u = torch.as_strided(storage, [3], [2], 0); // a second view sharing the same storage
  new Float64Array(bytes.buffer)[2] = 20;
  expect(t.at(0, 1).item()).toBe(20);
  expect(u.tolist()).toEqual([0, 20, 4]);
});
