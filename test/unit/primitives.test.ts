// The tensor-core primitives nn and optim stand on: nn.Parameter, `.data` (get and set, keeping identity), .grad
// read without allocating, copy_, torch.Size, iteration and __len__, and the small API module code uses.
import torch from '../../lib';
import { pyEval, type PyTensor } from '../helpers/python';

const live = () => torch.memory.stats().live;

let py: Map<string, unknown>;
beforeAll(() => {
  py = pyEval([
    { id: 'paramRepr', expr: 'repr(torch.nn.Parameter(torch.tensor([1., 2.])))' },
    { id: 'paramNoGrad', expr: 'repr(torch.nn.Parameter(torch.tensor([1., 2.]), requires_grad=False))' },
    { id: 'paramEmpty', expr: 'repr(torch.nn.Parameter())' },
    { id: 'paramInt', expr: 'torch.nn.Parameter(torch.tensor([1, 2]))' },
    { id: 'size', expr: 'str(torch.ones(2, 3).shape)' },
    { id: 'sizeNumel', expr: 'torch.Size([2, 3, 4]).numel()' },
    { id: 'len0', expr: 'len(torch.tensor(1.))' },
    { id: 'iter0', expr: 'list(torch.tensor(1.))' },
    { id: 'setData', expr: 'x', setup: 'x = torch.zeros(2, requires_grad=True)\nx.data = torch.ones(3, dtype=torch.float64)' },
  ]);
});
const value = (id: string) => (py.get(id) as { value: unknown }).value;

describe('nn.Parameter', () => {
  test('prints as PyTorch, requires grad by default, refuses integer data', () => {
    expect(String(new torch.nn.Parameter(torch.tensor([1, 2])))).toBe(value('paramRepr'));
    expect(String(new torch.nn.Parameter(torch.tensor([1, 2]), false))).toBe(value('paramNoGrad'));
    expect(String(new torch.nn.Parameter())).toBe(value('paramEmpty'));
    expect(() => new torch.nn.Parameter(torch.tensor([1n, 2n]))).toThrow((py.get('paramInt') as { message: string }).message);
    const p = new torch.nn.Parameter(torch.ones(2));
    expect(p).toBeInstanceOf(torch.nn.Parameter);
    expect(p).toBeInstanceOf(torch.Tensor);
    expect(p.is_leaf).toBe(true);
  });
  test('shares its data\'s storage', () => {
    const d = torch.zeros(3);
    const p = new torch.nn.Parameter(d);
    d.add_(5);
    expect(p.tolist()).toEqual([5, 5, 5]);
  });
  test('a parameter made inside torch.tidy survives it (owned by its holder, not the scope)', () => {
    const before = live();
    let p: torch.nn.Parameter | undefined;
    torch.tidy(() => {
      p = new torch.nn.Parameter(torch.randn(4).mul(2));
    });
    expect(p!.isDisposed).toBe(false);
    expect(p!.shape).toEqual([4]);
    expect(live()).toBe(before + 1);
  });
});

describe('.grad and .data', () => {
  test('reading .grad never allocates and returns the same object until the gradient is replaced', () => {
    const p = new torch.nn.Parameter(torch.ones(3));
    p.mul(2).sum().backward();
    const g = p.grad!;
    const before = live();
    for (let i = 0; i < 100; i++) expect(p.grad).toBe(g);
    expect(live()).toBe(before);
    p.mul(3).sum().backward(); // accumulates in place: the same tensor
    expect(p.grad).toBe(g);
    expect(g.tolist()).toEqual([5, 5, 5]);
    p.grad = null;
    expect(p.grad).toBeNull();
    const h = torch.ones(3);
    p.grad = h;
    expect(p.grad).toBe(h);
  });
  test('.grad read inside a scope belongs to its tensor, not to the scope', () => {
    const p = new torch.nn.Parameter(torch.ones(2));
    let g: torch.Tensor | null = null;
    torch.tidy(() => {
      p.sum().backward();
      g = p.grad;
    });
    expect(g!.tolist()).toEqual([1, 1]);
    expect(p.grad).toBe(g);
  });
  test('t.data shares storage outside autograd; `t.data = other` keeps the object and its autograd identity', () => {
    const x = torch.ones(3, { requires_grad: true });
    const d = x.data;
    expect(d.requires_grad).toBe(false);
    d.mul_(4);
    expect(x.tolist()).toEqual([4, 4, 4]);
    const y = torch.zeros(2, { requires_grad: true });
    const same = y;
    y.data = torch.ones(3, { dtype: torch.float64 });
    expect(y).toBe(same);
    expect(String(y)).toBe((py.get('setData') as PyTensor).repr);
  });
  test('copy_ copies in place (with broadcasting and dtype conversion), as load_state_dict needs', () => {
    const p = new torch.nn.Parameter(torch.zeros(2, 2));
    torch.no_grad(() => p.copy_(torch.tensor([1n, 2n])));
    expect(p.tolist()).toEqual([[1, 2], [1, 2]]);
  });
});

describe('torch.Size, iteration and __len__', () => {
  test('shape and size() are torch.Size: arrays that print as PyTorch', () => {
    const s = torch.ones(2, 3).shape;
    expect(s).toBeInstanceOf(torch.Size);
    expect(Array.isArray(s)).toBe(true);
    expect(String(s)).toBe(value('size'));
    expect([...s]).toEqual([2, 3]);
    expect(torch.Size([2, 3, 4]).numel()).toBe(value('sizeNumel'));
    expect(torch.ones(s.numel()).view(s).shape).toEqual([2, 3]);
    expect(torch.zeros(torch.Size([2, 2])).shape).toEqual([2, 2]);
  });
  test('iterating a tensor goes over its first dimension; destructuring works', () => {
    const t = torch.arange(6).view(3, 2);
    expect([...t].map((r) => r.tolist())).toEqual([[0, 1], [2, 3], [4, 5]]);
    const [a, b] = torch.tensor([1, 2]);
    expect([a.item(), b.item()]).toEqual([1, 2]);
    expect(t.__len__()).toBe(3);
    expect(() => torch.tensor(1).__len__()).toThrow((py.get('len0') as { message: string }).message);
    expect(() => [...torch.tensor(1)]).toThrow((py.get('iter0') as { message: string }).message);
  });
});

describe('small API for module code', () => {
  test('data_ptr, get_device, share_memory_, is_floating_point, deterministic algorithms, default device', () => {
    const t = torch.ones(2);
    expect(t.data_ptr()).toBeGreaterThan(0);
    expect(t.view(2).data_ptr()).toBe(t.data_ptr());
    expect(t.get_device()).toBe(-1);
    expect(t.share_memory_()).toBe(t);
    expect(torch.is_floating_point(t)).toBe(true);
    expect(torch.is_complex(t)).toBe(false);
    torch.use_deterministic_algorithms(true, { warn_only: true });
    expect([torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled()]).toEqual([true, true]);
    torch.use_deterministic_algorithms(false);
    expect(torch.are_deterministic_algorithms_enabled()).toBe(false);
    torch.set_default_device('meta');
    try {
      expect([torch.zeros(2).device.type, torch.tensor([1]).device.type, torch.zeros_like(t).device.type]).toEqual(['meta', 'meta', 'cpu']);
      expect(String(torch.get_default_device())).toBe('meta');
    } finally {
      torch.set_default_device(null);
    }
    expect(torch.zeros(1).device.type).toBe('cpu');
    expect(new torch.RuntimeError('x')).toBeInstanceOf(torch.TorchError);
  });
});
