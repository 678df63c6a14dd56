// out= variants: the result is written into the given tensor(s), which are returned (a named tuple for several).
import torch from '../../lib';
import { pyEval } from '../helpers/python';
import { expectSameTensor } from '../helpers/compare';

const SETUP = 'x = torch.tensor([[1., 5., 2.], [3., 0., 4.]])';
const X = () => torch.tensor([[1, 5, 2], [3, 0, 4]]);

test('single out= tensors equal Python and are the returned object', () => {
  const refs = pyEval([
    { id: 'add', setup: `${SETUP}\no = torch.empty(0)\ntorch.add(x, 1, out=o)`, expr: 'o' },
    { id: 'sum', setup: `${SETUP}\no = torch.empty(0)\ntorch.sum(x, 1, out=o)`, expr: 'o' },
    { id: 'mm', setup: `${SETUP}\no = torch.empty(2, 2)\ntorch.mm(x, x.T, out=o)`, expr: 'o' },
  ]);
  const o1 = torch.empty(0);
  expect(torch.add(X(), 1, { out: o1 })).toBe(o1);
  expectSameTensor(o1, refs.get('add'));
  const o2 = torch.empty(0);
  torch.sum(X(), 1, { out: o2 });
  expectSameTensor(o2, refs.get('sum'));
  const o3 = torch.empty(2, 2);
  torch.mm(X(), X().T, { out: o3 });
  expectSameTensor(o3, refs.get('mm'));
});

test('several out= tensors (Python\'s out=(a, b)) come back as a named tuple of those tensors', () => {
  const refs = pyEval([
    { id: 'v', setup: `${SETUP}\nv, i = torch.empty(0), torch.empty(0, dtype=torch.long)\ntorch.max(x, 1, out=(v, i))`, expr: 'v' },
    { id: 'i', setup: `${SETUP}\nv, i = torch.empty(0), torch.empty(0, dtype=torch.long)\ntorch.max(x, 1, out=(v, i))`, expr: 'i' },
    { id: 'sv', setup: `${SETUP}\nv, i = torch.empty(0), torch.empty(0, dtype=torch.long)\ntorch.sort(x, 1, out=(v, i))`, expr: 'i' },
  ]);
  const v = torch.empty(0);
  const i = torch.empty(0, { dtype: torch.int64 });
  const r = torch.max(X(), 1, { out: [v, i] });
  expect(r.values).toBe(v);
  expect(r.indices).toBe(i);
  expectSameTensor(v, refs.get('v'));
  expectSameTensor(i, refs.get('i'));
  const sv = torch.empty(0);
  const si = torch.empty(0, { dtype: torch.int64 });
  torch.sort(X(), 1, { out: [sv, si] });
  expectSameTensor(si, refs.get('sv'));
  expect(() => torch.max(X(), 1, { out: [v] } as never)).toThrow(TypeError);
});
