// torch.autograd: backward and grad over LibTorch's engine, anomaly detection; Tensor.backward/retain_grad.
import { native } from '../native/binding';
import { TorchError } from '../errors';
import { Tensor } from '../tensor/tensor';
import * as F from '../generated/torch_functions';

type Tensors = Tensor | readonly Tensor[];
type MaybeTensors = Tensor | null | readonly (Tensor | null)[];

function list(v: Tensors, what: string): Tensor[] {
  const arr = v instanceof Tensor ? [v] : Array.isArray(v) ? [...v] : null;
  if (arr === null || arr.some((t) => !(t instanceof Tensor))) {
    throw new TypeError(`${what} must be a Tensor or an array of Tensors`);
  }
  return arr;
}

function maybeList(v: MaybeTensors | undefined, n: number, what: string): (Tensor | null)[] | null {
  if (v === undefined || v === null) return null;
  const arr = v instanceof Tensor ? [v] : Array.isArray(v) ? [...v] : null;
  if (arr === null || arr.some((t) => t !== null && !(t instanceof Tensor))) {
    throw new TypeError(`${what} must be a Tensor, null, or an array of them`);
  }
  if (arr.length !== n) {
    throw new RangeError(`${what} should have the same length as the outputs: got ${arr.length}, expected ${n}`);
  }
  return arr;
}

const handles = (ts: readonly (Tensor | null)[]) => ts.map((t) => (t === null ? 0 : t._h));

export interface BackwardOptions {
  retain_graph?: boolean | null;
  create_graph?: boolean;
  inputs?: Tensors | null;
}

/** torch.autograd.backward(tensors, grad_tensors, {retain_graph, create_graph, inputs}) */
export function backward(tensors: Tensors, grad_tensors?: MaybeTensors, options: BackwardOptions = {}): void {
  const ts = list(tensors, 'tensors');
  const gs = maybeList(grad_tensors, ts.length, 'grad_tensors');
  const inputs = options.inputs == null ? null : list(options.inputs, 'inputs');
  native.backward(
    handles(ts),
    gs === null ? null : handles(gs),
    options.retain_graph ?? null,
    options.create_graph ?? false,
    inputs === null ? null : handles(inputs),
  );
}

export interface GradOptions {
  grad_outputs?: MaybeTensors;
  retain_graph?: boolean | null;
  create_graph?: boolean;
  allow_unused?: boolean | null;
  materialize_grads?: boolean;
}

/** torch.autograd.grad(outputs, inputs, {grad_outputs, retain_graph, create_graph, allow_unused,
 *  materialize_grads}): the gradients of the outputs (summed) with respect to each input; null where unused. */
export function grad(outputs: Tensors, inputs: Tensors, options: GradOptions = {}): (Tensor | null)[] {
  const outs = list(outputs, 'outputs');
  const ins = list(inputs, 'inputs');
  const gos = maybeList(options.grad_outputs, outs.length, 'grad_outputs');
  const materialize = options.materialize_grads ?? false;
  if (materialize && options.allow_unused === false) {
    throw new TorchError('Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False.');
  }
  const allowUnused = options.allow_unused ?? materialize;
  const hs = native.autogradGrad(
    handles(outs),
    handles(ins),
    gos === null ? null : handles(gos),
    options.retain_graph ?? null,
    options.create_graph ?? false,
    true, // unused inputs are reported here, with Python's message
  );
  if (!allowUnused && hs.some((h) => h === 0)) {
    for (const h of hs) if (h !== 0) native.dispose(h);
    throw new TorchError(
      'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
    );
  }
  return hs.map((h, i) => (h === 0 ? (materialize ? F.zeros_like(ins[i]) : null) : new Tensor(h)));
}

/** Enables or disables the autograd anomaly detection (check_nan: also report NaN in backward). */
export function set_detect_anomaly(mode: boolean, check_nan = true): void {
  native.setDetectAnomaly(mode, check_nan);
}
export function is_anomaly_enabled(): boolean {
  return native.isAnomalyEnabled();
}
/** Anomaly detection for the duration of fn: errors in backward name the forward op that caused them. */
export function detect_anomaly<T>(fn: () => T, check_nan = true): T {
  const prev = native.isAnomalyEnabled();
  native.setDetectAnomaly(true, check_nan);
  try {
    return fn();
  } finally {
    native.setDetectAnomaly(prev, true);
  }
}

declare module '../tensor/tensor' {
  interface Tensor {
    /** Computes the gradient of this tensor with respect to the graph leaves (accumulated into their .grad). A
     *  non-scalar tensor needs `gradient`, of its shape: y.backward(g) equals torch.sum(y * g).backward(). */
    backward(gradient?: Tensor | null, options?: BackwardOptions): void;
    backward(options: BackwardOptions & { gradient?: Tensor | null }): void;
    /** Keeps .grad for this non-leaf tensor during backward. */
    retain_grad(): void;
    readonly retains_grad: boolean;
    /** True for tensors made in inference mode. */
    is_inference(): boolean;
  }
}

export function installAutogradMethods(proto: Tensor): void {
  Object.assign(proto, {
    backward(this: Tensor, a?: Tensor | null | (BackwardOptions & { gradient?: Tensor | null }), b?: BackwardOptions): void {
      let gradient: Tensor | null = null;
      let options: BackwardOptions = b ?? {};
      if (a instanceof Tensor) gradient = a;
      else if (a !== undefined && a !== null) {
        const { gradient: g, ...rest } = a;
        gradient = g ?? null;
        options = rest;
      }
      backward(this, gradient === null ? null : [gradient], options);
    },
    retain_grad(this: Tensor): void {
      native.retainGrad(this._h);
    },
    is_inference(this: Tensor): boolean {
      return native.isInference(this._h);
    },
  });
  Object.defineProperty(proto, 'retains_grad', {
    get(this: Tensor) {
      return native.retainsGrad(this._h);
    },
    configurable: true,
  });
}
