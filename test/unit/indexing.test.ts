// Indexing parity with Python: x.at(...) is x[...], x.setAt(..., value) is x[...] = value.
import torch from '../../lib';
import { pyEval } from '../helpers/python';
import { expectSameTensor } from '../helpers/compare';

const SETUP = 'x = torch.arange(60.).reshape(3, 4, 5)';
const mk = () => torch.arange(60, { dtype: torch.float32 }).reshape(3, 4, 5);

const getCases: [string, (x: torch.Tensor) => torch.Tensor][] = [
  ['x[0]', (x) => x.at(0)],
  ['x[-1]', (x) => x.at(-1)],
  ['x[0, 1]', (x) => x.at(0, 1)],
  ['x[0, 1, 2]', (x) => x.at(0, 1, 2)],
  ['x[1:3]', (x) => x.at('1:3')],
  ['x[:, 1:3]', (x) => x.at(':', '1:3')],
  ['x[::2]', (x) => x.at('::2')],
  ['x[:, 1::2, :-1]', (x) => x.at(':', '1::2', ':-1')],
  ['x[-2:]', (x) => x.at('-2:')],
  ['x[0, 1:3, ..., None]', (x) => x.at(0, '1:3', '...', null)],
  ['x[..., 0]', (x) => x.at('...', 0)],
  ['x[None]', (x) => x.at(null)],
  ['x[:, None, 2]', (x) => x.at(':', null, 2)],
  ['x[torch.tensor([0, 2])]', (x) => x.at(torch.tensor([0n, 2n]))],
  ['x[[0, 2]]', (x) => x.at([0, 2])],
  ['x[[0, 2], [1, 3]]', (x) => x.at([0, 2], [1, 3])],
  ['x[:, [0, 0, 3]]', (x) => x.at(':', [0, 0, 3])],
  ['x[x > 50]', (x) => x.at(x.gt(50))],
  ['x[x[:, :, 0] > 20]', (x) => x.at(x.at(':', ':', 0).gt(20))],
  ['x[[True, False, True]]', (x) => x.at([true, false, true])],
  ['x[1, torch.tensor([[0, 1], [2, 3]])]', (x) => x.at(1, torch.tensor([[0n, 1n], [2n, 3n]]))],
  ['x[True]', (x) => x.at(true)],
  ['x[False]', (x) => x.at(false)],
  ['x[0, 1:100]', (x) => x.at(0, '1:100')],
  ['x[torch.tensor(1)]', (x) => x.at(torch.tensor(1n))],
  ['x[0][1][2:4]', (x) => x.at(0).at(1).at('2:4')],
  ['x[slice(1, None), slice(None, None, 2)]', (x) => x.at(torch.slice(1, null), torch.slice(null, null, 2))],
];

const setCases: [string, (x: torch.Tensor) => void][] = [
  ['x[0] = 0', (x) => x.setAt(0, 0)],
  ['x[x > 30] = -1', (x) => x.setAt(x.gt(30), -1)],
  ['x[:, 1] = torch.ones(5)', (x) => x.setAt(':', 1, torch.ones(5))],
  ['x[..., 0] = torch.arange(4.)', (x) => x.setAt('...', 0, torch.arange(4, { dtype: torch.float32 }))],
  ['x[[0, 2], [1, 3]] = 7.5', (x) => x.setAt([0, 2], [1, 3], 7.5)],
  ['x[1:, ::2, 0] = 100', (x) => x.setAt('1:', '::2', 0, 100)],
  ['x[torch.tensor([True, False, True])] = torch.zeros(4, 5)', (x) => x.setAt(torch.tensor([true, false, true]), torch.zeros(4, 5))],
];

const errorCases: [string, (x: torch.Tensor) => unknown][] = [
  ['x[3]', (x) => x.at(3)],
  ['x[0, 0, 0, 0]', (x) => x.at(0, 0, 0, 0)],
  ['x[torch.tensor([5])]', (x) => x.at(torch.tensor([5n]))],
  ['x[torch.tensor([True, False])]', (x) => x.at(torch.tensor([true, false]))],
  ['x[[0, 5]]', (x) => x.at([0, 5])],
  ['x[0, 0, 0, 0]', (x) => x.at(0, 0, 0, 0)],
];

let refs: ReturnType<typeof pyEval>;
beforeAll(() => {
  refs = pyEval([
    ...getCases.map(([py], i) => ({ id: `g${i}`, setup: SETUP, expr: py })),
    ...setCases.map(([py], i) => ({ id: `s${i}`, setup: `${SETUP}\n${py}`, expr: 'x' })),
    ...errorCases.map(([py], i) => ({ id: `e${i}`, setup: SETUP, expr: py })),
  ]);
});

describe('x.at(...) equals Python x[...]', () => {
  test.each(getCases.map(([py], i) => [py, i] as const))('%s', (_py, i) => {
    expectSameTensor(getCases[i][1](mk()), refs.get(`g${i}`));
  });
});

describe('x.setAt(..., value) equals Python x[...] = value', () => {
  test.each(setCases.map(([py], i) => [py, i] as const))('%s', (_py, i) => {
    const x = mk();
    setCases[i][1](x);
    expectSameTensor(x, refs.get(`s${i}`));
  });
});

describe('bad indices raise Python\'s errors', () => {
  test.each(errorCases.map(([py], i) => [py, i] as const))('%s', (_py, i) => {
    const ref = refs.get(`e${i}`)!;
    expect(ref.kind).toBe('error');
    expect(() => errorCases[i][1](mk())).toThrow(ref.kind === 'error' ? ref.message : '');
  });
});

test('basic indexing returns views that share memory; advanced indexing copies', () => {
  const x = mk();
  x.at(0, '1:3').fill_(-5);
  expect(x.at(0, 1, 0).item()).toBe(-5);
  const before = x.at(0, 0, 0).item();
  x.at([0]).fill_(9);
  expect(x.at(0, 0, 0).item()).toBe(before);
});

test('setAt keeps autograd history (CopySlices) and returns the tensor', () => {
  const w = torch.ones(3, { requires_grad: true });
  const z = w.mul(2);
  expect(z.setAt(0, 5)).toBe(z);
  expect(z.grad_fn!.name()).toBe('torch::autograd::CopySlices'); // as Python's grad_fn.name()
  expect(String(z)).toBe('tensor([5., 2., 2.], grad_fn=<CopySlices>)');
  z.sum().backward();
  expect(w.grad!.tolist()).toEqual([0, 2, 2]);
});

test('invalid index values are TypeErrors', () => {
  expect(() => mk().at(1.5)).toThrow(TypeError);
  expect(() => mk().at('a:b')).toThrow("invalid index string 'a:b'");
  expect(() => mk().at('::0')).toThrow('slice step cannot be zero');
  expect(() => mk().at({} as never)).toThrow(TypeError);
});

test('the single-integer and single-slice fast paths of at() agree with the general path, errors included', () => {
  const x = mk();
  const msg = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return `${(e as Error).constructor.name}: ${(e as Error).message}`;
    }
    return 'no error';
  };
  for (const ix of [0, 2, -1, -3, 3, -4, '1:', ':-1', '::2', '5:9', '-9:1', '1:3:-1', ' 1 : 2 ', torch.slice(1, null), torch.slice(null, null, 2)]) {
    const fast = msg(() => x.at(ix));
    expect(fast).toBe(msg(() => x.at(ix, '...')));
    if (fast === 'no error') {
      const [a, b] = [x.at(ix), x.at(ix, '...')];
      expect([a.shape, a.stride(), a.storage_offset(), a.tolist()]).toEqual([b.shape, b.stride(), b.storage_offset(), b.tolist()]);
    }
  }
  expect(msg(() => torch.tensor(1).at(0))).toContain('IndexError: invalid index of a 0-dim tensor'); // Python's x[0]
  expect(x.at(1).data_ptr()).toBe(x.at(1, '...').data_ptr()); // a view, as x[1]
});
