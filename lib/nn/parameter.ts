// nn.Parameter: a tensor that is a module's parameter (requires_grad by default). As in PyTorch it shares its
// data's storage and prints as "Parameter containing:". A parameter is owned by whoever holds it (its module),
// never by a torch.tidy scope: it survives the scope it was made in, and the garbage collector frees it when it
// is no longer reachable.
//
// Written as a constructor function rather than `class Parameter extends Tensor`: for any class that extends
// Tensor, TypeScript checks that the subclass is still a Tensor structurally, over Tensor's thousands of generated
// overloads, and runs out of memory (docs/decisions.md). Its type is Tensor's; `instanceof` works at run time.
import { native } from '../native/binding';
import { OWNED, Tensor } from '../tensor/tensor';
import { empty } from '../generated/torch_functions';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

export interface ParameterConstructor {
  /** nn.Parameter(data = torch.empty(0), requires_grad = true) */
  new (data?: Tensor | null, requires_grad?: boolean): Parameter;
  readonly prototype: Parameter;
}
/** A module parameter: a Tensor (`p instanceof nn.Parameter` tells parameters from other tensors at run time). */
export type Parameter = Tensor;

function ParameterImpl(this: unknown, data?: Tensor | null, requires_grad = true): Tensor {
  if (new.target === undefined) throw new TypeError("Class constructor Parameter cannot be invoked without 'new'");
  if (data !== undefined && data !== null && !(data instanceof Tensor)) {
    throw new TypeError(`Parameter(): data must be a Tensor, got ${typeof data}`);
  }
  if (typeof requires_grad !== 'boolean') throw new TypeError('Parameter(): requires_grad must be a bool');
  const src = data ?? empty(0);
  const h = native.makeParameter(src._h, requires_grad);
  if (data === undefined || data === null) src.dispose();
  return Reflect.construct(Tensor, [h, OWNED], new.target) as Tensor;
}
Object.setPrototypeOf(ParameterImpl.prototype, Tensor.prototype);
Object.setPrototypeOf(ParameterImpl, Tensor);
Object.defineProperty(ParameterImpl, 'name', { value: 'Parameter' });
Object.defineProperties(ParameterImpl.prototype, {
  toString: {
    value(this: Tensor): string {
      return `Parameter containing:\n${Tensor.prototype.toString.call(this)}`;
    },
    writable: true,
    configurable: true,
  },
  [inspectCustom]: {
    value(this: Tensor): string {
      return this.isDisposed ? 'Parameter(<disposed>)' : this.toString();
    },
    writable: true,
    configurable: true,
  },
});

export const Parameter = ParameterImpl as unknown as ParameterConstructor;
