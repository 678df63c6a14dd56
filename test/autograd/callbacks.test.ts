// Tensor hooks, custom autograd Functions, and the off-thread backward (backwardAsync / gradAsync).
import torch from '../../lib';

class Exp extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor): torch.Tensor {
    const y = x.exp();
    ctx.save_for_backward(y);
    return y;
  }
  static override backward(ctx: torch.autograd.FunctionCtx, grad: torch.Tensor | null): torch.Tensor {
    const [y] = ctx.saved_tensors;
    return grad!.mul(y!);
  }
}

class MulConst extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor, k: number): torch.Tensor {
    ctx.k = k;
    return x.mul(k);
  }
  static override backward(ctx: torch.autograd.FunctionCtx, grad: torch.Tensor | null): (torch.Tensor | null)[] {
    return [grad!.mul(ctx.k as number), null];
  }
}

// backward that is itself differentiable (cube: d/dx = 3x^2, d2/dx2 = 6x)
class Cube extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor): torch.Tensor {
    ctx.save_for_backward(x);
    return x.pow(3);
  }
  static override backward(ctx: torch.autograd.FunctionCtx, grad: torch.Tensor | null): torch.Tensor {
    const [x] = ctx.saved_tensors;
    return grad!.mul(x!.pow(2)).mul(3);
  }
}

class WrongShape extends torch.autograd.Function {
  static override forward(_ctx: torch.autograd.FunctionCtx, x: torch.Tensor): torch.Tensor {
    return x.clone();
  }
  static override backward(): torch.Tensor {
    return torch.ones(5);
  }
}

class WrongCount extends torch.autograd.Function {
  static override forward(_ctx: torch.autograd.FunctionCtx, x: torch.Tensor, y: torch.Tensor): torch.Tensor {
    return x.add(y);
  }
  static override backward(_ctx: torch.autograd.FunctionCtx, g: torch.Tensor | null): torch.Tensor[] {
    return [g!];
  }
}

class SortWithIndices extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor): torch.Tensor[] {
    const { values, indices } = torch.sort(x);
    ctx.mark_non_differentiable(indices);
    ctx.save_for_backward(indices);
    return [values, indices];
  }
  static override backward(ctx: torch.autograd.FunctionCtx, gv: torch.Tensor | null): torch.Tensor {
    const [idx] = ctx.saved_tensors;
    return torch.zeros_like(gv!).scatter(0, idx!, gv!);
  }
}

class AddOneInPlace extends torch.autograd.Function {
  static override forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor): torch.Tensor {
    x.add_(1);
    ctx.mark_dirty(x);
    return x;
  }
  static override backward(_ctx: torch.autograd.FunctionCtx, g: torch.Tensor | null): torch.Tensor {
    return g!;
  }
}

class SeesNull extends torch.autograd.Function {
  static seen: (torch.Tensor | null)[] = [];
  static override forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor): torch.Tensor[] {
    ctx.set_materialize_grads(false);
    return [x.clone(), x.clone()];
  }
  static override backward(_ctx: torch.autograd.FunctionCtx, a: torch.Tensor | null, b: torch.Tensor | null): torch.Tensor {
    SeesNull.seen = [a, b];
    return a!;
  }
}

class Throws extends torch.autograd.Function {
  static override forward(_ctx: torch.autograd.FunctionCtx, x: torch.Tensor): torch.Tensor {
    return x.clone();
  }
  static override backward(): torch.Tensor {
    throw new RangeError('custom backward failed');
  }
}

const both: [string, (t: torch.Tensor, g?: torch.Tensor) => Promise<void>][] = [
  ['backward()', async (t, g) => t.backward(g)],
  ['backwardAsync()', (t, g) => t.backwardAsync(g)],
];

describe.each(both)('tensor hooks with %s', (_name, run) => {
  test('a hook sees the gradient; a returned tensor replaces it; hooks fire in registration order', async () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    const seen: string[] = [];
    x.register_hook((g) => {
      seen.push(`first ${String(g)}`);
      return g.mul(10);
    });
    x.register_hook((g) => {
      seen.push(`second ${String(g)}`);
    });
    await run(x.mul(x).sum());
    expect(seen).toEqual(['first tensor([2., 4.])', 'second tensor([20., 40.])']);
    expect(x.grad!.tolist()).toEqual([20, 40]);
  });
  test('a hook on an intermediate tensor, and remove()', async () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    const h = x.mul(3);
    let calls = 0;
    const handle = h.register_hook((g) => {
      calls++;
      return g.mul(2);
    });
    await run(h.sum(), undefined);
    expect(x.grad!.tolist()).toEqual([6, 6]);
    handle.remove();
    x.grad = null;
    const h2 = x.mul(3);
    await run(h2.sum());
    expect(calls).toBe(1);
    expect(x.grad!.tolist()).toEqual([3, 3]);
  });
  test('post-accumulate-grad hooks run after .grad is set', async () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    const seen: number[][] = [];
    const handle = x.register_post_accumulate_grad_hook((t) => {
      seen.push(t.grad!.tolist() as number[]);
    });
    await run(x.mul(2).sum());
    await run(x.mul(2).sum());
    handle.remove();
    await run(x.mul(2).sum());
    expect(seen).toEqual([[2, 2], [4, 4]]);
  });
  test('a hook that throws fails the backward with that error; the process stays usable', async () => {
    const x = torch.tensor([1.0], { requires_grad: true });
    x.register_hook(() => {
      throw new TypeError('hook failed');
    });
    await expect(run(x.mul(2).sum())).rejects.toThrow('hook failed');
    const y = torch.tensor([3.0], { requires_grad: true });
    await run(y.mul(y).sum());
    expect(y.grad!.item()).toBe(6);
  });
});

describe.each(both)('custom autograd.Function with %s', (_name, run) => {
  test('forward, save_for_backward, backward', async () => {
    const x = torch.tensor([0.0, 1.0], { requires_grad: true });
    const y = Exp.apply(x);
    expect(y.grad_fn!.name()).toBe('ExpBackward');
    expect(String(y)).toBe('tensor([1.0000, 2.7183], grad_fn=<ExpBackward>)');
    await run(y.sum());
    expect(x.grad!.tolist()).toEqual(x.detach().exp().tolist());
  });
  test('non-tensor arguments, ctx attributes, needs_input_grad', async () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    await run(MulConst.apply(x, 5).sum());
    expect(x.grad!.tolist()).toEqual([5, 5]);
    let needs: boolean[] = [];
    class Probe extends torch.autograd.Function {
      static override forward(ctx: torch.autograd.FunctionCtx, a: torch.Tensor, b: torch.Tensor): torch.Tensor {
        needs = ctx.needs_input_grad;
        return a.add(b);
      }
      static override backward(_c: torch.autograd.FunctionCtx, g: torch.Tensor | null): (torch.Tensor | null)[] {
        return [g, g];
      }
    }
    Probe.apply(x, torch.ones(2));
    expect(needs).toEqual([true, false]);
  });
  test('mark_non_differentiable and mark_dirty', async () => {
    const x = torch.tensor([3.0, 1.0, 2.0], { requires_grad: true });
    const [values, indices] = SortWithIndices.apply(x);
    expect(indices.requires_grad).toBe(false);
    await run(values.mul(torch.tensor([1.0, 10.0, 100.0])).sum());
    expect(x.grad!.tolist()).toEqual([100, 1, 10]);
    const leaf = torch.tensor([1.0], { requires_grad: true });
    const z = leaf.mul(1);
    const w = AddOneInPlace.apply(z);
    expect(w.tolist()).toEqual([2]);
    await run(w.sum());
    expect(leaf.grad!.tolist()).toEqual([1]);
  });
  test('set_materialize_grads(false) passes null for unused outputs', async () => {
    const x = torch.tensor([1.0], { requires_grad: true });
    const [a] = SeesNull.apply(x);
    await run(a.sum());
    expect(SeesNull.seen[0]).not.toBeNull();
    expect(SeesNull.seen[1]).toBeNull();
  });
  test('double backward through a differentiable custom backward', async () => {
    const x = torch.tensor(2.0, { requires_grad: true });
    const [g] = torch.autograd.grad(Cube.apply(x), x, { create_graph: true });
    expect(g!.item()).toBe(12);
    await run(g!);
    expect(x.grad!.item()).toBe(12); // d/dx 3x^2 = 6x
  });
  test('a backward with the wrong shape, or the wrong number of gradients, is a clear error', async () => {
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    await expect(run(WrongShape.apply(x).sum())).rejects.toThrow(
      'Function WrongShapeBackward returned an invalid gradient at index 0 - got [5] but expected shape compatible with [2]',
    );
    await expect(run(WrongCount.apply(x, torch.ones(2, { requires_grad: true })).sum())).rejects.toThrow(
      'function WrongCountBackward returned an incorrect number of gradients (expected 2, got 1)',
    );
    await expect(run(Throws.apply(x).sum())).rejects.toThrow(RangeError);
    expect(torch.ones(1).add(1).item()).toBe(2);
  });
  test('backward through a freed graph is PyTorch\'s error', async () => {
    const x = torch.tensor([1.0], { requires_grad: true });
    const y = Exp.apply(x).sum();
    await run(y);
    await expect(run(y)).rejects.toThrow('Trying to backward through the graph a second time');
  });
});

describe('the off-thread backward', () => {
  test('does not block the event loop', async () => {
    const x = torch.randn(600, 600, { requires_grad: true });
    let y = x;
    for (let i = 0; i < 30; i++) y = y.matmul(x).tanh();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const p = y.sum().backwardAsync();
    await p;
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(x.grad!.shape).toEqual([600, 600]);
  });
  test('gradAsync equals grad', async () => {
    const x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
    const [a] = await torch.autograd.gradAsync(x.pow(3).sum(), x, { retain_graph: true });
    expect(a!.tolist()).toEqual([3, 12, 27]);
  });
  test('an error keeps the JS stack of the call site', async () => {
    const x = torch.tensor([1.0], { requires_grad: true });
    const y = x.mul(2).sum();
    await y.backwardAsync();
    const err = await y.backwardAsync().catch((e: Error) => e);
    expect((err as Error).stack).toContain('async call site');
  });
  test('many concurrent async backwards with hooks', async () => {
    const xs = Array.from({ length: 8 }, (_, i) => torch.tensor([i + 1.0], { requires_grad: true }));
    let fired = 0;
    for (const x of xs) x.register_hook((g) => {
      fired++;
      return g;
    });
    await Promise.all(xs.map((x) => x.mul(x).sum().backwardAsync()));
    expect(fired).toBe(8);
    expect(xs.map((x) => x.grad!.item())).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
  });
});

describe('gradcheck', () => {
  test('passes for correct gradients, including a custom Function', () => {
    const x = torch.randn(3, { dtype: torch.float64, requires_grad: true });
    expect(torch.autograd.gradcheck((a) => a.sin().mul(a), x)).toBe(true);
    expect(torch.autograd.gradcheck((a) => Exp.apply(a), x)).toBe(true);
    expect(torch.autograd.gradgradcheck((a) => Cube.apply(a), x)).toBe(true);
  });
  test('fails for wrong gradients', () => {
    class Bad extends torch.autograd.Function {
      static override forward(_c: torch.autograd.FunctionCtx, a: torch.Tensor): torch.Tensor {
        return a.exp();
      }
      static override backward(_c: torch.autograd.FunctionCtx, g: torch.Tensor | null): torch.Tensor {
        return g!.mul(2);
      }
    }
    const x = torch.randn(2, { dtype: torch.float64, requires_grad: true });
    expect(() => torch.autograd.gradcheck((a) => Bad.apply(a), x)).toThrow('Jacobian mismatch for output 0 with respect to input 0');
    expect(torch.autograd.gradcheck((a) => Bad.apply(a), x, { raise_exception: false })).toBe(false);
  });
});

describe.each(both)('grad_fn hooks with %s', (name) => {
  const run = (t: torch.Tensor) =>
    name === 'backward()' ? Promise.resolve(t.backward({ retain_graph: true })) : t.backwardAsync({ retain_graph: true });
  test('register_prehook and register_hook on a node see and replace gradients as in Python', async () => {
    // Python: [('pre', [[1, 2]]), ('post', [[3, 8], [1, 4]], [[1, 2]])], x.grad [30, 80], w.grad [1, 4]
    const x = torch.tensor([1.0, 2.0], { requires_grad: true });
    const w = torch.tensor([3.0, 4.0], { requires_grad: true });
    const y = x.mul(w);
    const seen: unknown[] = [];
    y.grad_fn!.register_prehook((go) => {
      seen.push(['pre', go.map((g) => g!.tolist())]);
    });
    y.grad_fn!.register_hook((gi, go) => {
      seen.push(['post', gi.map((g) => g?.tolist() ?? null), go.map((g) => g!.tolist())]);
    });
    const handle = y.grad_fn!.register_hook((gi) => [gi[0]!.mul(10), gi[1]]);
    await run(y.mul(torch.tensor([1.0, 2.0])).sum());
    expect(seen).toEqual([['pre', [[1, 2]]], ['post', [[3, 8], [1, 4]], [[1, 2]]]]);
    expect(x.grad!.tolist()).toEqual([30, 80]);
    expect(w.grad!.tolist()).toEqual([1, 4]);
    handle.remove();
    x.grad = null;
    await run(y.mul(torch.tensor([1.0, 2.0])).sum()); // the same node, now without the x10 hook
    expect(x.grad!.tolist()).toEqual([3, 8]);
  });
});
