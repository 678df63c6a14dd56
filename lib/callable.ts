// PyTorch's classes are called without `new` (torch.device('cpu'), torch.Tensor(2, 3), torch.Generator()); in
// JavaScript a class must be constructed with `new`. The public torch.device, torch.Tensor and torch.Generator are
// their classes behind a Proxy that constructs when called, so both spellings work, `instanceof` and subclassing
// keep working, and torch-node's own code keeps using the classes themselves (no Proxy on hot paths).

/** The class `cls`, callable without `new`. */
export function callable<T extends object>(cls: T): T {
  return new Proxy(cls, {
    apply(target, _thisArg, args: unknown[]) {
      return Reflect.construct(target as unknown as new (...a: unknown[]) => unknown, args);
    },
  });
}
