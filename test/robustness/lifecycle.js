// Worker and process lifecycle scenarios (issue: no crash, no hang). Run as `node lifecycle.js <scenario> [seed]`
// in a child process; a scenario ends with exit code 0 (or the code it chose) and never by a signal or a hang.
'use strict';
const path = require('path');
const { Worker, isMainThread, workerData, parentPort } = require('worker_threads');
const entry = path.resolve(__dirname, '..', '..', 'dist', 'cjs', 'index.js');

// Bodies that run inside a worker (workerData.body), forever or until told otherwise.
const bodies = {
  // a torch-node call that throws, caught, in a loop
  throwing: (torch) => {
    const a = torch.ones(2, 3);
    for (;;) {
      try { a.matmul(a); } catch { /* expected: shapes cannot be multiplied */ }
    }
  },
  // plain ops in a loop
  ops: (torch) => {
    for (;;) torch.tidy(() => torch.randn(64, 64).matmul(torch.randn(64, 64)).sum());
  },
  // the async backward in a loop
  backwardAsync: async (torch) => {
    for (;;) {
      const x = torch.randn(256, 256, { requires_grad: true });
      await x.matmul(x).sum().backwardAsync();
    }
  },
  // the async backward with a JS hook in a loop
  hookedBackwardAsync: async (torch) => {
    for (;;) {
      const x = torch.randn(64, 64, { requires_grad: true });
      const y = x.matmul(x);
      y.register_hook((g) => g.mul(2));
      await y.sum().backwardAsync();
    }
  },
  // a synchronous backward with a JS hook (the engine runs on a helper thread, the JS thread serves the hook)
  hookedBackward: (torch) => {
    for (;;) {
      torch.tidy(() => {
        const x = torch.randn(64, 64, { requires_grad: true });
        const y = x.matmul(x);
        y.register_hook((g) => g.mul(2));
        y.sum().backward();
      });
    }
  },
  // a custom Function's backward, synchronously
  customFunction: (torch) => {
    class Twice extends torch.autograd.Function {
      static forward(ctx, x) { return x.mul(2); }
      static backward(ctx, g) { return g.mul(2); }
    }
    for (;;) {
      torch.tidy(() => {
        const x = torch.randn(16, { requires_grad: true });
        Twice.apply(x).sum().backward();
      });
    }
  },
  // everything at once: ops, hooks, custom Functions, sync and async backward, tensors shared with the parent
  mixed: async (torch) => {
    class Square extends torch.autograd.Function {
      static forward(ctx, x) { ctx.save_for_backward(x); return x.mul(x); }
      static backward(ctx, g) { const [x] = ctx.saved_tensors; return g.mul(x).mul(2); }
    }
    for (let i = 0; ; i++) {
      const x = torch.randn(128, 128, { requires_grad: true });
      const y = Square.apply(x.matmul(x));
      y.register_hook((g) => g.mul(1));
      if (i % 2 === 0) await y.sum().backwardAsync();
      else y.sum().backward();
      parentPort.postMessage({ token: torch.shareTensor(x.detach()) });
      try { torch.ones(2).matmul(torch.ones(3)); } catch { /* expected */ }
    }
  },
  // process.exit() inside a hook (in a worker this ends the worker)
  exitInHook: (torch) => {
    const x = torch.randn(8, { requires_grad: true });
    const y = x.mul(2);
    y.register_hook(() => process.exit(3));
    y.sum().backward();
  },
  exitInHookAsync: async (torch) => {
    const x = torch.randn(8, { requires_grad: true });
    const y = x.mul(2);
    y.register_hook(() => process.exit(3));
    await y.sum().backwardAsync();
  },
  throwInHookAsync: async (torch) => {
    const x = torch.randn(8, { requires_grad: true });
    const y = x.mul(2);
    y.register_hook(() => { throw new Error('boom'); });
    await y.sum().backwardAsync();
  },
  // process.exit() from elsewhere while a hooked async backward is running (the engine will call the JS thread)
  exitDuringHookedAsync: async (torch) => {
    const x = torch.randn(600, 600, { requires_grad: true });
    let y = x;
    for (let i = 0; i < 6; i++) {
      y = y.matmul(x).tanh();
      y.register_hook((g) => g);
    }
    setTimeout(() => process.exit(0), 20);
    await y.sum().backwardAsync();
  },
  // an uncaught exception while a hooked async backward is running
  uncaughtDuringHookedAsync: async (torch) => {
    const x = torch.randn(600, 600, { requires_grad: true });
    let y = x;
    for (let i = 0; i < 6; i++) {
      y = y.matmul(x).tanh();
      y.register_hook((g) => g);
    }
    setTimeout(() => { throw new Error('uncaught during backward'); }, 20);
    await y.sum().backwardAsync();
  },
  // an uncaught error after using torch
  // hooks that fail (a bad return value, a throw, a tensor its scope freed) 300 times, then hooked backwards that
  // work: the engine's per-thread state must come back each time (an error that escaped Engine::thread_main made
  // later backwards "reentrant", and past 60 of them a hook's error ran on an engine thread into std::terminate)
  hookErrorsRepeatedly: (torch) => {
    for (let i = 0; i < 300; i++) {
      const x = torch.randn(3, { requires_grad: true });
      const y = x.mul(2);
      let freed; // a tensor freed by its scope: the native side finds its handle gone
      torch.tidy(() => { freed = torch.ones(3); });
      const [hook, error] = [[() => 5, TypeError], [() => { throw new RangeError('hook'); }, RangeError],
        [() => freed, torch.DisposedTensorError]][i % 3];
      y.register_hook(hook);
      try { y.sum().backward(); throw new Error('the hook error was lost'); } catch (e) {
        if (!(e instanceof error)) throw e;
      }
    }
    for (let i = 0; i < 100; i++) {
      const x = torch.ones(3, { requires_grad: true });
      const y = x.mul(2);
      y.register_hook((g) => g.mul(3));
      y.sum().backward();
      if (x.grad.sum().item() !== 18) throw new Error('wrong gradient');
    }
  },
  uncaught: (torch) => {
    torch.ones(3).add(1);
    setTimeout(() => { throw new Error('uncaught in worker'); }, 5);
  },
};

async function runBody(name) {
  const torch = require(entry);
  parentPort && parentPort.postMessage('started');
  await bodies[name](torch);
}

if (!isMainThread) {
  runBody(workerData.body);
} else {
  const [scenario, seedArg] = process.argv.slice(2);
  const seed = Number(seedArg || 1);
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const startWorker = (body) => new Worker(__filename, { workerData: { body } });
  const scenarios = {
    // terminate a worker at random moments while it runs `body`, several times
    terminate: async (body, rounds = 6) => {
      const shared = [];
      for (let i = 0; i < rounds; i++) {
        const w = startWorker(body);
        w.on('error', () => {});
        const torch = require(entry);
        w.on('message', (m) => {
          // tensors the worker shares outlive it: read them after it is gone
          if (m && m.token) shared.push(torch.takeTensor(m.token));
        });
        await new Promise((r) => w.once('message', r));
        await new Promise((r) => setTimeout(r, 5 + rand() * 60));
        await w.terminate();
      }
      for (const t of shared) if (t.shape[0] !== 128 || !Number.isFinite(t.sum().item())) throw new Error('bad shared tensor');
    },
    // a worker that ends itself (process.exit in a hook, uncaught error): the process survives
    workerEnds: async (body) => {
      const w = startWorker(body);
      const code = await new Promise((resolve) => {
        w.on('error', () => {});
        w.on('exit', resolve);
      });
      console.log('worker exit code', code);
    },
  };
  const [kind, body] = scenario.split(':');
  if (kind === 'main') {
    // the body runs in this (main) thread; the process must exit (not hang)
    runBody(body).catch((e) => { console.log('rejected:', e.message); process.exit(0); });
  } else {
    scenarios[kind](body).then(() => { console.log('OK'); process.exit(0); });
  }
}
