// torch.autograd.Function: custom differentiable operations in TypeScript, as in PyTorch:
//
//   class Exp extends torch.autograd.Function {
//     static forward(ctx, x) { const y = x.exp(); ctx.save_for_backward(y); return y; }
//     static backward(ctx, grad) { const [y] = ctx.saved_tensors; return grad.mul(y); }
//   }
//   const y = Exp.apply(x);
//
// forward runs with gradient tracking off; backward runs on the JS thread when the engine reaches the node (from
// backward(), backwardAsync() or autograd.grad), and may itself be differentiable (double backward).
import { native } from '../native/binding';
import { Tensor, wrap } from '../tensor/tensor';
import { NotImplementedError } from '../errors';

export class FunctionCtx {
  /** For each forward argument: whether it is a tensor that requires grad (so backward must compute its grad). */
  needs_input_grad: boolean[] = [];
  /** @internal */ _toSave: (Tensor | null)[] = [];
  /** @internal */ _dirty: Tensor[] = [];
  /** @internal */ _nonDifferentiable: Tensor[] = [];
  /** @internal */ _materialize = true;
  /** @internal */ _saved: (Tensor | null)[] | null = null;
  /** Any other state for backward (PyTorch's ctx attributes). */
  [key: string]: unknown;

  /** Saves tensors for backward (read them there with saved_tensors). Call once, in forward. */
  save_for_backward(...tensors: (Tensor | null | undefined)[]): void {
    for (const t of tensors) {
      if (t !== null && t !== undefined && !(t instanceof Tensor)) {
        throw new TypeError('save_for_backward can only save variables, but argument is not a Tensor');
      }
    }
    this._toSave = tensors.map((t) => t ?? null);
  }
  /** The tensors saved by save_for_backward (in backward; checked against in-place modification). */
  get saved_tensors(): (Tensor | null)[] {
    return this._saved ?? this._toSave;
  }
  /** Marks inputs that forward modified in place. */
  mark_dirty(...tensors: Tensor[]): void {
    this._dirty = tensors;
  }
  /** Marks outputs that are not differentiable (integer outputs, indices...). */
  mark_non_differentiable(...tensors: Tensor[]): void {
    this._nonDifferentiable = tensors;
  }
  /** Whether undefined output gradients reach backward as zeros (default) or as null. */
  set_materialize_grads(value: boolean): void {
    this._materialize = value;
  }
}

type Grads = Tensor | null | undefined | (Tensor | null | undefined)[];

export class Function {
  /** Computes the outputs; gradient tracking is off. Use ctx to save what backward needs. */
  static forward(ctx: FunctionCtx, ...args: unknown[]): Tensor | Tensor[] {
    void ctx;
    void args;
    throw new NotImplementedError('You must implement the forward function for custom autograd.Function.');
  }
  /** The alternative to taking ctx in forward: forward(...args) then setup_context(ctx, inputs, output). */
  static setup_context?: (ctx: FunctionCtx, inputs: unknown[], output: Tensor | Tensor[]) => void;
  /** Given the gradients of the outputs, returns the gradient of each forward argument (null where none). */
  static backward(ctx: FunctionCtx, ...grads: (Tensor | null)[]): Grads {
    void ctx;
    void grads;
    throw new NotImplementedError('You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.');
  }

  /** Runs the Function on its arguments and records it in the autograd graph. As in PyTorch, the returned tensors
   *  are forward's own outputs (now with a grad_fn), and an input modified in place and marked dirty is returned
   *  as that same input object. Usable detached, as in PyTorch's docs: `const P3 = LegendrePolynomial3.apply`. */
  declare static readonly apply: FunctionApply;
}

/** Function.apply: called through the class (typed by its forward) or detached (`const P3 = Cls.apply; P3(x)`). */
export interface FunctionApply {
  <T extends typeof Function>(this: T, ...args: unknown[]): ReturnType<T['forward']>;
  (...args: unknown[]): Tensor | Tensor[];
}

// `apply` is a getter on the base class that hands out, per subclass, a function bound to that subclass, so it
// works detached and `Cls.apply === Cls.apply`.
const boundApply = new WeakMap<typeof Function, (...args: unknown[]) => Tensor | Tensor[]>();
Object.defineProperty(Function, 'apply', {
  get(this: typeof Function) {
    let f = boundApply.get(this);
    if (f === undefined) {
      const cls = this;
      f = (...args: unknown[]) => applyFunction(cls, args);
      boundApply.set(this, f);
    }
    return f;
  },
  configurable: true,
});

function applyFunction(cls: typeof Function, args: unknown[]): Tensor | Tensor[] {
  {
    const ctx = new FunctionCtx();
    const tracking = native.isGradEnabled();
    ctx.needs_input_grad = args.map((a) => tracking && a instanceof Tensor && a.requires_grad);
    const prev = native.setGradEnabled(false);
    let out: Tensor | Tensor[];
    try {
      if (cls.setup_context !== undefined) {
        out = (cls.forward as unknown as (...a: unknown[]) => Tensor | Tensor[])(...args);
        cls.setup_context(ctx, args, out);
      } else {
        out = cls.forward(ctx, ...args);
      }
    } finally {
      native.setGradEnabled(prev);
    }
    const outs = out instanceof Tensor ? [out] : out;
    if (!Array.isArray(outs) || outs.some((o) => !(o instanceof Tensor))) {
      throw new TypeError(`${cls.name}.forward must return a Tensor or an array of Tensors`);
    }
    const hs = native.functionApply(
      `${cls.name}Backward`,
      backwardDispatcher(cls, ctx),
      args.map((a) => (a instanceof Tensor ? a._h : null)),
      outs.map((o) => o._h),
      ctx._dirty.map((t) => t._h),
      ctx._nonDifferentiable.map((t) => t._h),
      ctx._toSave.map((t) => (t === null ? 0 : t._h)),
      ctx._materialize,
    );
    // The graph node holds what backward needs natively; the ctx (kept alive by the node's backward) must not
    // hold tensors, or graph and tensors would keep each other alive.
    ctx._toSave = [];
    ctx._dirty = [];
    ctx._nonDifferentiable = [];
    const wrapped = hs.map((h, i) => (h === 0 ? outs[i] : wrap(h)));
    return out instanceof Tensor ? wrapped[0] : wrapped;
  }
}

/** The node's backward, in its own function so that its closure holds only cls and ctx (never the inputs or
 *  outputs of apply: the native node pins this function). */
function backwardDispatcher(cls: typeof Function, ctx: FunctionCtx): (gradHs: number[], savedHs: number[]) => (Tensor | null)[] {
  return (gradHs, savedHs) => {
    const grads = gradHs.map((h) => (h === 0 ? null : wrap(h)));
    ctx._saved = savedHs.map((h) => (h === 0 ? null : wrap(h)));
    try {
      const r = cls.backward(ctx, ...grads);
      const list = Array.isArray(r) ? r : [r];
      return list.map((g) => {
        if (g === null || g === undefined) return null;
        if (!(g instanceof Tensor)) throw new TypeError(`${cls.name}.backward must return Tensors or null`);
        return g; // the object, not its handle: see JsCallback::Call
      });
    } finally {
      ctx._saved = null;
    }
  };
}
