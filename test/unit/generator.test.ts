// torch.Generator: seeded generators as the `generator` option, with Python's numbers.
import torch from '../../lib';
import { pyEval } from '../helpers/python';
import { expectSameTensor } from '../helpers/compare';

test('a seeded Generator gives Python\'s numbers and leaves the default generator alone', () => {
  const refs = pyEval([
    { id: 'randn', setup: 'g = torch.Generator().manual_seed(42)', expr: 'torch.randn(3, generator=g)' },
    { id: 'two', setup: 'g = torch.Generator().manual_seed(7)\ntorch.rand(2, generator=g)', expr: 'torch.randint(0, 10, (4,), generator=g)' },
    { id: 'perm', setup: 'g = torch.Generator().manual_seed(3)', expr: 'torch.randperm(6, generator=g)' },
    { id: 'default', setup: 'torch.manual_seed(5)\ng = torch.Generator().manual_seed(1)\ntorch.rand(4, generator=g)', expr: 'torch.rand(2)' },
  ]);
  const g = new torch.Generator().manual_seed(42);
  expectSameTensor(torch.randn(3, { generator: g }), refs.get('randn'));
  const g7 = new torch.Generator().manual_seed(7);
  torch.rand(2, { generator: g7 });
  expectSameTensor(torch.randint(0, 10, [4], { generator: g7 }), refs.get('two'));
  expectSameTensor(torch.randperm(6, { generator: new torch.Generator().manual_seed(3) }), refs.get('perm'));
  torch.manual_seed(5);
  torch.rand(4, { generator: new torch.Generator().manual_seed(1) });
  expectSameTensor(torch.rand(2), refs.get('default'));
});

test('get_state / set_state replay the same numbers; seeds and device are reported', () => {
  const g = new torch.Generator('cpu').manual_seed(123);
  expect(g.initial_seed()).toBe(123n);
  expect(String(g.device)).toBe('cpu');
  const state = g.get_state();
  expect(state.dtype).toBe(torch.uint8);
  const a = torch.rand(5, { generator: g }).tolist();
  g.set_state(state);
  expect(torch.rand(5, { generator: g }).tolist()).toEqual(a);
  torch.manual_seed(99);
  expect(torch.default_generator.initial_seed()).toBe(99n);
  expect(() => torch.randn(2, { generator: 5 as never })).toThrow('randn() received an invalid combination of arguments - got (int, generator=int)');
});
