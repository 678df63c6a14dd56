// The handle a hook registration returns (tensor hooks, grad_fn hooks): remove() unregisters the hook, once.
// Its own module so the core Tensor/GradFn classes can use it without importing the hook installers.
export class RemovableHandle {
  private removed = false;
  /** @internal */
  constructor(private readonly onRemove: () => void) {}
  remove(): void {
    if (!this.removed) {
      this.removed = true;
      this.onRemove();
    }
  }
  [Symbol.dispose](): void {
    this.remove();
  }
}
