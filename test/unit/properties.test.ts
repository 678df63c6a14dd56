// Tensor attributes and conversions, against Python torch where a value exists there.
import torch from '../../lib';
import { pyEval } from '../helpers/python';
import { expectSameTensor, decode } from '../helpers/compare';

const PY_SETUP = 'x = torch.arange(24.).reshape(2, 3, 4)';
const jsX = () => torch.arange(24, { dtype: torch.float32 }).reshape(2, 3, 4);

const valueCases: [string, (x: torch.Tensor) => unknown][] = [
  ['list(x.shape)', (x) => x.shape],
  ['list(x.size())', (x) => x.size()],
  ['x.size(1)', (x) => x.size(1)],
  ['x.size(-1)', (x) => x.size(-1)],
  ['list(x.stride())', (x) => x.stride()],
  ['x.stride(0)', (x) => x.stride(0)],
  ['x.dim()', (x) => x.dim()],
  ['x.ndim', (x) => x.ndim],
  ['x.numel()', (x) => x.numel()],
  ['x.nelement()', (x) => x.nelement()],
  ['x.element_size()', (x) => x.element_size()],
  ['x.itemsize', (x) => x.itemsize],
  ['x.nbytes', (x) => x.nbytes],
  ['x.is_contiguous()', (x) => x.is_contiguous()],
  ['x.transpose(0, 2).is_contiguous()', (x) => x.transpose(0, 2).is_contiguous()],
  ['list(x.transpose(0, 2).stride())', (x) => x.transpose(0, 2).stride()],
  ['x[1].storage_offset()', (x) => x.select(0, 1).storage_offset()],
  ['x.requires_grad', (x) => x.requires_grad],
  ['x.is_leaf', (x) => x.is_leaf],
  ['x.is_floating_point()', (x) => x.is_floating_point()],
  ['x.is_complex()', (x) => x.is_complex()],
  ['x.is_cuda', (x) => x.is_cuda],
  ['x.sum().item()', (x) => x.sum().item()],
  ['x.tolist()', (x) => x.tolist()],
  ['x[0, 0].tolist()', (x) => x.select(0, 0).select(0, 0).tolist()],
  ['torch.tensor(2.5).tolist()', () => torch.tensor(2.5).tolist()],
  ['torch.tensor([True, False]).tolist()', () => torch.tensor([true, false]).tolist()],
  ['torch.tensor([1, 2]).tolist()', () => torch.tensor([1n, 2n]).tolist()],
  ['torch.tensor([0.1], dtype=torch.float16).tolist()', () => torch.tensor([0.1], { dtype: torch.float16 }).tolist()],
  ['torch.tensor(7).item()', () => torch.tensor(7n).item()],
  ['torch.tensor(True).item()', () => torch.tensor(true).item()],
  ['torch.tensor(0.1).item()', () => torch.tensor(0.1).item()],
  ['torch.tensor(0.1, dtype=torch.float64).item()', () => torch.tensor(0.1, { dtype: torch.float64 }).item()],
];

const tensorCases: [string, (x: torch.Tensor) => torch.Tensor][] = [
  ['x.type_as(torch.tensor([1]))', (x) => x.type_as(torch.tensor([1n]))],
  ['x.to(torch.float64)', (x) => x.to(torch.float64)],
  ["x.to('cpu', torch.int16)", (x) => x.to('cpu', torch.int16)],
  ['x.to(dtype=torch.bfloat16)', (x) => x.to({ dtype: torch.bfloat16 })],
  ['x.to(torch.tensor([1], dtype=torch.int8))', (x) => x.to(torch.tensor([1], { dtype: torch.int8 }))],
  ['x.float()', (x) => x.double().float()],
  ['x.double()', (x) => x.double()],
  ['x.half()', (x) => x.half()],
  ['x.bfloat16()', (x) => x.bfloat16()],
  ['x.int()', (x) => x.int()],
  ['x.long()', (x) => x.long()],
  ['x.short()', (x) => x.short()],
  ['x.bool()', (x) => x.bool()],
  ['x.byte()', (x) => x.byte()],
  ['x.char()', (x) => x.char()],
  ['x.cdouble()', (x) => x.cdouble()],
  ['x.transpose(0, 2).contiguous()', (x) => x.transpose(0, 2).contiguous()],
  ['x.clone()', (x) => x.clone()],
  ['x.T', (x) => x.T],
  ['x.mT', (x) => x.mT],
  ['x.reshape(6, 4)', (x) => x.reshape(6, 4)],
  ['x.contiguous().view(4, 6)', (x) => x.contiguous().view(4, 6)],
  ['x.transpose(0, 2).contiguous().view(4, 6)', (x) => x.transpose(0, 2).contiguous().view(4, 6)],
  ['x.view(-1)', (x) => x.view(-1)],
  ['torch.tensor([1+2j]).real', () => torch.tensor([1], { dtype: torch.complex64 }).add(torch.tensor([2], { dtype: torch.complex64 }).mul(torch.tensor([0], { dtype: torch.complex64 }))).real],
  ['x.data', (x) => x.data],
];

let refs: ReturnType<typeof pyEval>;
beforeAll(() => {
  refs = pyEval([
    ...valueCases.map(([py], i) => ({ id: `v${i}`, expr: py, setup: PY_SETUP })),
    ...tensorCases.map(([py], i) => ({ id: `t${i}`, expr: py, setup: PY_SETUP })),
  ]);
});

describe('attributes equal Python torch', () => {
  test.each(valueCases.map(([py], i) => [py, i] as const))('%s', (_py, i) => {
    const r = refs.get(`v${i}`)!;
    if (r.kind !== 'value') throw new Error(JSON.stringify(r));
    expect(valueCases[i][1](jsX())).toEqual(decode(r.value));
  });
});

describe('conversions equal Python torch', () => {
  test.each(tensorCases.map(([py], i) => [py, i] as const))('%s', (_py, i) => {
    expectSameTensor(tensorCases[i][1](jsX()), refs.get(`t${i}`));
  });
});

test('to() returns the tensor itself when nothing changes (Python\'s `x.to(x.dtype) is x`)', () => {
  const x = torch.ones(2);
  expect(x.to(torch.float32)).toBe(x);
  expect(x.to('cpu')).toBe(x);
  expect(x.cpu()).toBe(x);
  expect(x.float()).toBe(x);
  expect(x.to(torch.float32, { copy: true })).not.toBe(x);
  expect(x.double()).not.toBe(x);
  expect(x.contiguous()).toBe(x); // any op that may return its input: contiguous, real, conj of a real tensor...
  expect(x.real).toBe(x);
  expect(x.T.contiguous()).not.toBe(x);
});

describe('autograd attributes', () => {
  test('requires_grad, is_leaf, grad, grad_fn', () => {
    const x = torch.tensor([1, 2], { requires_grad: true });
    expect(x.requires_grad).toBe(true);
    expect(x.is_leaf).toBe(true);
    expect(x.grad).toBeNull();
    expect(x.grad_fn).toBeNull();
    const y = x.mul(x);
    expect(y.is_leaf).toBe(false);
    expect(y.grad_fn!.name()).toBe('MulBackward0');
    x.grad = torch.tensor([0.5, 0.5]);
    expect(x.grad!.tolist()).toEqual([0.5, 0.5]);
    x.grad = null;
    expect(x.grad).toBeNull();
  });
  test('requires_grad_ and the setter', () => {
    const x = torch.zeros(2);
    expect(x.requires_grad_()).toBe(x);
    expect(x.requires_grad).toBe(true);
    x.requires_grad = false;
    expect(x.requires_grad).toBe(false);
  });
  test('requires_grad of a non-leaf or an integer tensor cannot change (PyTorch messages)', () => {
    const w = torch.zeros(1, { requires_grad: true }).add(torch.ones(1));
    expect(() => {
      w.requires_grad = true;
    }).toThrow(/^you can only change requires_grad flags of leaf variables\.$/);
    expect(() => w.requires_grad_(false)).toThrow('use var_no_grad = var.detach()');
    expect(() => {
      torch.zeros(2, { dtype: torch.int64 }).requires_grad = true;
    }).toThrow('only Tensors of floating point and complex dtype can require gradients');
    expect(() => torch.tensor([1n], { requires_grad: true })).toThrow(
      'Only Tensors of floating point and complex dtype can require gradients',
    );
  });
  test('grad assignment checks shape and dtype', () => {
    const x = torch.zeros(2, { requires_grad: true });
    expect(() => {
      x.grad = torch.zeros(3);
    }).toThrow("attempting to assign a gradient of size '[3]' to a tensor of size '[2]'");
    expect(() => {
      x.grad = torch.zeros(2, { dtype: torch.float64 });
    }).toThrow("attempting to assign a gradient with dtype 'double' to a tensor with grad_dtype 'Float'");
  });
});

describe('devices and dtypes as values', () => {
  test('torch.device parses like PyTorch', () => {
    const d = new torch.device('cuda:1');
    expect([d.type, d.index, String(d)]).toEqual(['cuda', 1, 'cuda:1']);
    expect(String(new torch.device('cpu'))).toBe('cpu');
    expect(new torch.device('cuda', 0).toString()).toBe('cuda:0');
    expect(torch.zeros(1).device.type).toBe('cpu');
  });
  test('dtype names and aliases', () => {
    expect(String(torch.float32)).toBe('torch.float32');
    expect(torch.float).toBe(torch.float32);
    expect(torch.long).toBe(torch.int64);
    expect(torch.half).toBe(torch.float16);
    expect(torch.cdouble).toBe(torch.complex128);
    expect([torch.float16.itemsize, torch.complex128.itemsize, torch.bool.itemsize]).toEqual([2, 16, 1]);
    expect([torch.bfloat16.is_floating_point, torch.int8.is_signed, torch.uint8.is_signed]).toEqual([true, true, false]);
  });
  test('every dtype round-trips through a tensor', () => {
    const all = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float16,
      torch.bfloat16, torch.float32, torch.float64, torch.complex64, torch.complex128];
    for (const d of all) {
      const t = torch.ones(3, { dtype: d });
      expect(t.dtype).toBe(d);
      expect(t.element_size()).toBe(d.itemsize);
    }
  });
});
