// nn.Parameter: a tensor that is a module's parameter (requires_grad by default). As in PyTorch it shares its
// data's storage and prints as "Parameter containing:". A parameter is owned by whoever holds it (its module),
// never by a torch.tidy scope: it survives the scope it was made in, and the garbage collector frees it when it
// is no longer reachable.
import { native } from '../native/binding';
import { OWNED, Tensor } from '../tensor/tensor';
import { empty } from '../generated/torch_functions';
import { registerParameterType } from '../serialization/parameter';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

class ParameterClass extends Tensor {
  /** nn.Parameter(data = torch.empty(0), requires_grad = true) */
  constructor(data?: Tensor | null, requires_grad = true) {
    if (data !== undefined && data !== null && !(data instanceof Tensor)) {
      throw new TypeError(`Parameter(): data must be a Tensor, got ${typeof data}`);
    }
    if (typeof requires_grad !== 'boolean') throw new TypeError('Parameter(): requires_grad must be a bool');
    const src = data ?? empty(0);
    const h: number = native.makeParameter(src._h, requires_grad);
    super(h, OWNED);
    if (data === undefined || data === null) src.dispose();
  }
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`; // Tensor's toString: PyTorch's repr (tensor/methods.ts)
  }
  [inspectCustom](): string {
    return this.isDisposed ? 'Parameter(<disposed>)' : this.toString();
  }
}

Object.defineProperty(ParameterClass, 'name', { value: 'Parameter' });

declare const PARAMETER: unique symbol;
/** A Parameter's type: a Tensor (TypeScript sees it as Tensor plus a brand). As a subclass type, every one of the
 *  Tensor's thousands of `this`-typed method overloads would be compared again each time a Parameter is used as
 *  a Tensor (`optim.SGD(model.parameters())`), which took TypeScript minutes and gigabytes; an intersection with
 *  Tensor is assignable to Tensor at once. */
export type Parameter = Tensor & { readonly [PARAMETER]?: true };
/** nn.Parameter(data = torch.empty(0), requires_grad = true): `new nn.Parameter(t)`, `x instanceof nn.Parameter`. */
export const Parameter = ParameterClass as unknown as {
  new (data?: Tensor | null, requires_grad?: boolean): Parameter;
  readonly prototype: Parameter;
};

/** nn.Buffer(data = torch.empty(0), {persistent = true}): marks a tensor to be registered as a buffer when assigned
 *  to a module attribute (`this.running = new nn.Buffer(torch.zeros(3))`), persistent or not. As in Python the
 *  result is a plain Tensor (data detached, its requires_grad kept) carrying the mark; `x instanceof nn.Buffer`
 *  tests the mark. */
class BufferClass {
  constructor(data: Tensor | null = null, options: { persistent?: boolean } = {}) {
    if (data !== null && !(data instanceof Tensor)) throw new TypeError(`Buffer(): data must be a Tensor, got ${typeof data}`);
    const src = data ?? empty(0);
    const t = src.detach().requires_grad_(src.requires_grad);
    Object.defineProperty(t, 'persistent', { value: options.persistent ?? true, writable: true, configurable: true, enumerable: false });
    Object.defineProperty(t, '_is_buffer', { value: true, writable: true, configurable: true, enumerable: false });
    return t as unknown as BufferClass;
  }
  static [Symbol.hasInstance](instance: unknown): boolean {
    return instance instanceof Tensor && (instance as unknown as { _is_buffer?: boolean })._is_buffer === true;
  }
}
Object.defineProperty(BufferClass, 'name', { value: 'Buffer' });

/** A Buffer's type: a Tensor with its `persistent` flag. */
export type Buffer = Tensor & { persistent: boolean };
/** nn.Buffer(data, {persistent}): see BufferClass. */
export const Buffer = BufferClass as unknown as {
  new (data?: Tensor | null, options?: { persistent?: boolean }): Buffer;
  readonly prototype: Tensor;
};

// torch.save writes parameters as Python's torch._utils._rebuild_parameter, and torch.load makes them again
// (through the typed constructor above: no comparison of ParameterClass with Tensor, see Parameter's type)
registerParameterType({
  isParameter: (t) => Object.prototype.isPrototypeOf.call(Parameter.prototype, t),
  make: (data, requires_grad) => {
    const p = new Parameter(data, requires_grad);
    data.dispose();
    return p;
  },
});
