// Memory: dispose(), torch.tidy scopes, keep(), and the garbage collector for tensors outside every scope.
import torch from '../../lib';
import { fullGc, gcAndTurn } from '../helpers/gc';

const live = () => torch.memory.stats().live;
const rssMb = () => process.memoryUsage().rss / (1 << 20);

describe('tidy', () => {
  test('frees everything made inside except what is returned', () => {
    const before = live();
    const a = torch.ones(3);
    const r = torch.tidy(() => {
      const b = a.add(1);
      const c = b.mul(b);
      return c.sum();
    });
    expect(r.item()).toBe(12);
    expect(live()).toBe(before + 2); // a and r
  });
  test('returned arrays, objects, Maps and named tuples are kept', () => {
    const before = live();
    const out = torch.tidy(() => {
      const x = torch.tensor([[1, 5], [3, 2]]);
      return { pair: [x.add(1), x.sub(1)], m: new Map([['max', torch.max(x, 1)]]) };
    });
    expect(out.pair[0].tolist()).toEqual([[2, 6], [4, 3]]);
    expect(out.m.get('max')!.values.tolist()).toEqual([5, 3]);
    expect(live()).toBe(before + 4);
  });
  test('nested scopes hand results outwards; the outer scope frees them', () => {
    const before = live();
    torch.tidy(() => {
      const inner = torch.tidy(() => torch.ones(2).add(1));
      expect(inner.tolist()).toEqual([2, 2]);
      expect(torch.memory.stats().depth).toBe(1);
    });
    expect(live()).toBe(before);
  });
  test('a tensor freed by its scope throws DisposedTensorError when used', () => {
    let leaked: torch.Tensor | undefined;
    torch.tidy(() => {
      leaked = torch.ones(2);
    });
    expect(() => leaked!.add(1)).toThrow(torch.DisposedTensorError);
    expect(() => leaked!.shape).toThrow('Tensor has been disposed');
    expect(leaked!.isDisposed).toBe(true);
  });
  test('keep() takes a tensor out of the scope', () => {
    const before = live();
    let kept: torch.Tensor | undefined;
    torch.tidy(() => {
      kept = torch.keep(torch.ones(2));
      torch.zeros(5);
    });
    expect(kept!.tolist()).toEqual([1, 1]);
    expect(live()).toBe(before + 1);
    kept!.dispose();
    expect(live()).toBe(before);
  });
  test('an exception inside frees the scope and propagates', () => {
    const before = live();
    expect(() =>
      torch.tidy(() => {
        torch.ones(3);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(live()).toBe(before);
    expect(torch.memory.stats().depth).toBe(0);
  });
  test('an async function is refused (its tensors would outlive the scope)', async () => {
    expect(() => torch.tidy(async () => torch.ones(1))).toThrow('cannot run an async function');
    await new Promise((r) => setImmediate(r));
    expect(torch.memory.stats().depth).toBe(0);
  });
});

describe('dispose', () => {
  test('dispose() frees now and is idempotent; using/Symbol.dispose works', () => {
    const before = live();
    const t = torch.ones(4);
    t.dispose();
    t.dispose();
    expect(live()).toBe(before);
    {
      const u = torch.ones(2);
      u[Symbol.dispose]();
    }
    expect(live()).toBe(before);
    expect(() => t.sum()).toThrow(torch.DisposedTensorError);
  });
  test('torch.dispose frees tensors inside structures', () => {
    const before = live();
    const s = { a: torch.ones(1), b: [torch.zeros(2), torch.zeros(3)] };
    torch.dispose(s);
    expect(live()).toBe(before);
  });
});

describe('bounded memory over 100k tiny ops', () => {
  const N = 100_000;
  test('a scope per step: live tensors bounded by a constant, RSS grows < 50 MB', () => {
    const a = torch.ones(1);
    const b = torch.ones(1);
    // warm up allocator and JIT
    for (let i = 0; i < 2000; i++) torch.tidy(() => a.add(b).mul(a));
    torch.memory.resetPeak();
    const base = live();
    const rss0 = rssMb();
    for (let i = 0; i < N; i++) {
      torch.tidy(() => {
        a.add(b).mul(a);
      });
    }
    expect(torch.memory.stats().peak - base).toBeLessThanOrEqual(2);
    expect(live()).toBe(base);
    expect(rssMb() - rss0).toBeLessThan(50);
  });
  test('explicit dispose() and no scope: same bounds', () => {
    const a = torch.ones(1);
    const b = torch.ones(1);
    for (let i = 0; i < 2000; i++) a.add(b).dispose();
    torch.memory.collect(); // earlier garbage is not this test's business
    torch.memory.resetPeak();
    const base = live();
    const rss0 = rssMb();
    for (let i = 0; i < N; i++) {
      const c = a.add(b);
      const d = c.mul(a);
      c.dispose();
      d.dispose();
    }
    expect(torch.memory.stats().peak - base).toBeLessThanOrEqual(2);
    expect(live()).toBe(base);
    expect(rssMb() - rss0).toBeLessThan(50);
  });
  test('one scope around 10k steps frees all at its end', () => {
    const a = torch.ones(1);
    const base = live();
    torch.tidy(() => {
      for (let i = 0; i < 10_000; i++) a.add(1);
      expect(live()).toBe(base + 10_000);
    });
    expect(live()).toBe(base);
  });
});

describe('the garbage collector frees tensors outside every scope', () => {
  test('inside a synchronous loop: live tensors stay bounded without tidy or dispose', () => {
    torch.memory.collect();
    const base = live();
    const a = torch.ones(16);
    let peak = 0;
    for (let i = 0; i < 100_000; i++) {
      a.add(1).mul(2); // two unscoped results per step, dropped at once
      if (i % 1000 === 0) peak = Math.max(peak, live() - base);
    }
    expect(torch.memory.stats().collected).toBeGreaterThan(150_000);
    expect(peak).toBeLessThan(20_000); // bounded by the GC pacing, not by the 200k tensors made
    torch.memory.collect();
    expect(live()).toBe(base + 1); // a
  });
  test('memory.collect() frees what is unreachable at once; reachable tensors stay', () => {
    torch.memory.collect();
    const base = live();
    const kept = [torch.ones(2), torch.zeros(3)];
    (() => {
      for (let i = 0; i < 1000; i++) torch.ones(16);
    })();
    torch.memory.collect();
    expect(live()).toBe(base + 2);
    expect(kept[0].tolist()).toEqual([1, 1]);
  });
  test('external memory is reported to V8 once per storage, however many views are alive', () => {
    const before = torch.memory.stats().externalBytes;
    const big = torch.zeros(1 << 20); // 4 MiB
    expect(torch.memory.stats().externalBytes - before).toBe(4 << 20);
    const rows = Array.from({ length: 100 }, (_, i) => big.narrow(0, i, 1));
    expect(torch.memory.stats().externalBytes - before).toBe(4 << 20);
    big.dispose();
    expect(torch.memory.stats().externalBytes - before).toBe(4 << 20); // the views keep the storage
    for (const r of rows) r.dispose();
    expect(torch.memory.stats().externalBytes).toBe(before);
  });
  test('dispose() gives the slot back at once: millions of disposed tensors never exhaust the table', () => {
    const a = torch.ones(1);
    for (let i = 0; i < 4_300_000; i++) a.add(1).dispose();
    expect(a.add(1).item()).toBe(2);
  });
  test('a disposed unscoped tensor never disturbs later tensors (slot reuse)', async () => {
    for (let round = 0; round < 5; round++) {
      const ts = Array.from({ length: 200 }, () => torch.ones(2));
      for (const t of ts) t.dispose();
    }
    const survivor = torch.full([2], 3);
    fullGc();
    await gcAndTurn();
    torch.memory.collect();
    expect(survivor.tolist()).toEqual([3, 3]);
  });
});
