// torch.random (lib/random.ts): the default generator's state and fork_rng give the draws Python gives.
import torch from '../../lib';
import { pyEval } from '../helpers/python';
import { expectSameTensor, fromReference } from '../helpers/compare';

const refs = pyEval([
  { id: 'state', expr: 'torch.get_rng_state()', setup: 'torch.manual_seed(7)', bytes: true },
  { id: 'replay', expr: 'torch.rand(3)', setup: 'torch.manual_seed(7)\ns = torch.get_rng_state()\ntorch.rand(3)\ntorch.set_rng_state(s)' },
  { id: 'random.state', expr: 'torch.random.get_rng_state()', setup: 'torch.random.manual_seed(11)', bytes: true },
  { id: 'forked', expr: 'inside', setup: 'torch.manual_seed(3)\nwith torch.random.fork_rng():\n    inside = torch.randn(4)' },
  { id: 'after fork', expr: 'torch.randn(2)', setup: 'torch.manual_seed(3)\nwith torch.random.fork_rng():\n    torch.randn(4)' },
  { id: 'disabled fork', expr: 'torch.randn(2)', setup: 'torch.manual_seed(3)\nwith torch.random.fork_rng(enabled=False):\n    torch.randn(4)' },
  { id: 'big seed', expr: 'torch.rand(2)', setup: 'torch.manual_seed(2**64 - 1)' },
  { id: 'restored', expr: 'torch.rand(2)', setup: 'torch.manual_seed(5)\ng = torch.manual_seed(9)\ntorch.set_rng_state(torch.manual_seed(5).get_state())' },
]);

describe('torch.random', () => {
  test('get_rng_state after manual_seed is Python state, byte for byte', () => {
    torch.manual_seed(7);
    expectSameTensor(torch.get_rng_state(), refs.get('state'));
    torch.random.manual_seed(11);
    expectSameTensor(torch.random.get_rng_state(), refs.get('random.state'));
  });

  test('set_rng_state replays the same draws', () => {
    torch.manual_seed(7);
    const s = torch.get_rng_state();
    torch.rand(3);
    torch.set_rng_state(s);
    expectSameTensor(torch.rand(3), refs.get('replay'));
  });

  test('a state from Python restores the generator here', () => {
    torch.manual_seed(123);
    torch.set_rng_state(fromReference(refs.get('state')));
    expectSameTensor(torch.get_rng_state(), refs.get('state'));
  });

  test('fork_rng: draws inside do not change what comes after (callback and using forms)', () => {
    torch.manual_seed(3);
    const inside = torch.random.fork_rng(() => torch.randn(4));
    expectSameTensor(inside, refs.get('forked'));
    expectSameTensor(torch.randn(2), refs.get('after fork'));

    torch.manual_seed(3);
    {
      using _fork = torch.random.fork_rng({ devices: [] });
      torch.randn(4);
    }
    expectSameTensor(torch.randn(2), refs.get('after fork'));

    torch.manual_seed(3);
    torch.random.fork_rng({ enabled: false }, () => torch.randn(4));
    expectSameTensor(torch.randn(2), refs.get('disabled fork'));
  });

  test('fork_rng restores the state even when the callback throws', () => {
    torch.manual_seed(3);
    expect(() =>
      torch.random.fork_rng(() => {
        torch.randn(4);
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expectSameTensor(torch.randn(2), refs.get('after fork'));
  });

  test('manual_seed returns the default generator, as in Python', () => {
    expect(torch.manual_seed(5)).toBe(torch.default_generator);
    torch.set_rng_state(torch.manual_seed(5).get_state());
    expectSameTensor(torch.rand(2), refs.get('restored'));
  });

  test('seed() seeds from a non-deterministic source and returns the seed', () => {
    const s = torch.seed();
    expect(typeof s).toBe('bigint');
    expect(torch.initial_seed()).toBe(s);
    const a = torch.rand(3);
    torch.manual_seed(s);
    expect(torch.rand(3).tolist()).toEqual(a.tolist());
  });

  test('seeds up to 2^64 - 1, as in Python', () => {
    torch.manual_seed(2n ** 64n - 1n);
    expect(torch.initial_seed()).toBe(2n ** 64n - 1n);
    expectSameTensor(torch.rand(2), refs.get('big seed'));
  });

  test('set_rng_state refuses what is not a tensor', () => {
    expect(() => torch.set_rng_state([1, 2] as never)).toThrow(TypeError);
  });
});
