// A scope guard: what `torch.no_grad()` or `torch.random.fork_rng()` return when called without a callback.
// It runs its restore function once, on exit() or when a `using` declaration's scope ends.
export class Guard {
  private done = false;
  /** @internal */
  constructor(private readonly restore: () => void) {}
  exit(): void {
    if (!this.done) {
      this.done = true;
      this.restore();
    }
  }
  [Symbol.dispose](): void {
    this.exit();
  }
}
