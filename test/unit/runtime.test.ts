// Threads, build configuration, CUDA availability without a GPU.
import * as os from 'os';

import torch from '../../lib';

test('the intra-op thread count defaults to the number of cores and can be changed', () => {
  expect(torch.get_num_threads()).toBe(os.cpus().length);
  torch.set_num_threads(1);
  expect(torch.get_num_threads()).toBe(1);
  torch.set_num_threads(os.cpus().length);
  expect(torch.get_num_threads()).toBe(os.cpus().length);
});

test('interop threads are reported', () => {
  expect(torch.get_num_interop_threads()).toBeGreaterThanOrEqual(1);
});

test('the build configuration names the LibTorch version', () => {
  expect(torch.__version__).toMatch(/^2\.(1[1-9]|[2-9]\d)\./);
  expect(torch.__config__.show()).toContain(`LibTorch ${torch.__version__}`);
  expect(torch.__config__.parallel_info()).toContain('at::get_num_threads()');
});

test('CUDA availability is consistent with the device count', () => {
  const n = torch.cuda.device_count();
  expect(torch.cuda.is_available()).toBe(n > 0);
});

test('LibTorch warnings become Node warnings, once per message (as Python shows them once)', () => {
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    torch.std(torch.ones(1));
    torch.std(torch.ones(1));
    const calls = spy.mock.calls.filter(([m]) => String(m).includes('degrees of freedom is <= 0'));
    expect(calls.length).toBe(1);
    expect(calls[0][0]).toMatch(/^std\(\): degrees of freedom is <= 0/);
    expect(calls[0][1]).toBe('UserWarning');
  } finally {
    spy.mockRestore();
  }
});
