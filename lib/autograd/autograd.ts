// torch.autograd: backward and grad over LibTorch's engine, anomaly detection; Tensor.backward/retain_grad.
import { native } from '../native/binding';
import { TorchError, refuseAsync, withCallSite } from '../errors';
import { Tensor, wrap } from '../tensor/tensor';
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

const sizeText = (t: Tensor) => `torch.Size([${t.shape.join(', ')}])`;

/** Python's _make_grads checks: a given gradient has its output's shape (and complexness); a missing one can be
 *  made only for a real scalar output that requires grad. (The engine then creates the ones itself.) */
function checkGrads(outs: Tensor[], grads: (Tensor | null)[] | null): void {
  for (let i = 0; i < outs.length; i++) {
    const out = outs[i];
    const g = grads === null ? null : grads[i];
    if (g !== null) {
      const os = out.shape;
      const gs = g.shape;
      if (os.length !== gs.length || os.some((n, k) => n !== gs[k])) {
        throw new TorchError(`Mismatch in shape: grad_output[${i}] has a shape of ${sizeText(g)} and output[${i}] has a shape of ${sizeText(out)}.`);
      }
      if (out.dtype.is_complex !== g.dtype.is_complex) {
        throw new TorchError(
          'For complex Tensors, both grad_output and output are required to have the same dtype. Mismatch in dtype: ' +
            `grad_output[${i}] has a dtype of ${g.dtype} and output[${i}] has a dtype of ${out.dtype}.`,
        );
      }
    } else if (out.requires_grad) {
      if (out.numel() !== 1) throw new TorchError('grad can be implicitly created only for scalar outputs');
      if (!out.dtype.is_floating_point) {
        throw new TorchError(`grad can be implicitly created only for real scalar outputs but got ${out.dtype}`);
      }
    }
  }
}

export interface BackwardOptions {
  retain_graph?: boolean | null;
  create_graph?: boolean;
  inputs?: Tensors | null;
}

type EngineBackwardArgs = Parameters<typeof native.backward>;

/** The native arguments of a backward call (shared by backward and backwardAsync). */
function backwardCall(tensors: Tensors, grad_tensors: MaybeTensors | undefined, options: BackwardOptions): EngineBackwardArgs {
  const ts = list(tensors, 'tensors');
  const gs = maybeList(grad_tensors, ts.length, 'grad_tensors');
  checkGrads(ts, gs);
  const inputs = options.inputs == null ? null : list(options.inputs, 'inputs');
  return [
    handles(ts),
    gs === null ? null : handles(gs),
    options.retain_graph ?? null,
    options.create_graph ?? false,
    inputs === null ? null : handles(inputs),
  ];
}

/** torch.autograd.backward(tensors, grad_tensors, {retain_graph, create_graph, inputs}) */
export function backward(tensors: Tensors, grad_tensors?: MaybeTensors, options: BackwardOptions = {}): void {
  native.backward(...backwardCall(tensors, grad_tensors, options));
}

export interface GradOptions {
  grad_outputs?: MaybeTensors;
  retain_graph?: boolean | null;
  create_graph?: boolean;
  allow_unused?: boolean | null;
  materialize_grads?: boolean;
}

/** The native arguments of a grad call and the step that turns its handles into results (shared by grad and
 *  gradAsync). Unused inputs are always reported natively and refused here, with Python's message. */
function gradCall(
  outputs: Tensors,
  inputs: Tensors,
  options: GradOptions,
): { args: Parameters<typeof native.autogradGrad>; finish: (hs: number[]) => (Tensor | null)[] } {
  const outs = list(outputs, 'outputs');
  const ins = list(inputs, 'inputs');
  const gos = maybeList(options.grad_outputs, outs.length, 'grad_outputs');
  checkGrads(outs, gos);
  const materialize = options.materialize_grads ?? false;
  if (materialize && options.allow_unused === false) {
    throw new TorchError('Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False.');
  }
  const allowUnused = options.allow_unused ?? materialize;
  const args: Parameters<typeof native.autogradGrad> = [
    handles(outs),
    handles(ins),
    gos === null ? null : handles(gos),
    options.retain_graph ?? null,
    options.create_graph ?? false,
    true,
  ];
  const finish = (hs: number[]): (Tensor | null)[] => {
    if (!allowUnused && hs.some((h) => h === 0)) {
      for (const h of hs) if (h !== 0) native.dispose(h);
      throw new TorchError(
        'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
      );
    }
    return hs.map((h, i) => (h === 0 ? (materialize ? F.zeros_like(ins[i]) : null) : wrap(h)));
  };
  return { args, finish };
}

/** torch.autograd.grad(outputs, inputs, {grad_outputs, retain_graph, create_graph, allow_unused,
 *  materialize_grads}): the gradients of the outputs (summed) with respect to each input; null where unused. */
export function grad(outputs: Tensors, inputs: Tensors, options: GradOptions = {}): (Tensor | null)[] {
  const call = gradCall(outputs, inputs, options);
  return call.finish(native.autogradGrad(...call.args));
}

/**
 * The off-thread backward: like backward(), but LibTorch's engine runs on a worker thread and the Promise settles
 * when it is done, so a big backward does not block the event loop. Tensor hooks, post-accumulate-grad hooks and
 * custom Function backwards still run on the JS thread, in PyTorch's order. An exception thrown in one of them
 * rejects the Promise with that exception. Do not modify the graph's tensors until the Promise settles.
 */
export async function backwardAsync(tensors: Tensors, grad_tensors?: MaybeTensors, options: BackwardOptions = {}): Promise<void> {
  const args = backwardCall(tensors, grad_tensors, options);
  try {
    await native.backwardAsync(...args);
  } catch (e) {
    throw withCallSite(e);
  }
}

/** The off-thread autograd.grad: see backwardAsync. */
export async function gradAsync(outputs: Tensors, inputs: Tensors, options: GradOptions = {}): Promise<(Tensor | null)[]> {
  const call = gradCall(outputs, inputs, options);
  try {
    return call.finish(await native.autogradGradAsync(...call.args));
  } catch (e) {
    throw withCallSite(e);
  }
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
  refuseAsync(fn, 'torch.autograd.detect_anomaly()', 'anomaly mode is global to the thread and would switch back at its first await');
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
    /** backward() with LibTorch's engine on a worker thread: see torch.autograd.backwardAsync. */
    backwardAsync(gradient?: Tensor | null, options?: BackwardOptions): Promise<void>;
    backwardAsync(options: BackwardOptions & { gradient?: Tensor | null }): Promise<void>;
    /** Keeps .grad for this non-leaf tensor during backward. */
    retain_grad(): void;
    readonly retains_grad: boolean;
    /** True for tensors made in inference mode. */
    is_inference(): boolean;
  }
}

function backwardArgs(
  a: Tensor | null | undefined | (BackwardOptions & { gradient?: Tensor | null }),
  b: BackwardOptions | undefined,
): [Tensor | null, BackwardOptions] {
  if (a instanceof Tensor) return [a, b ?? {}];
  if (a !== undefined && a !== null) {
    const { gradient, ...rest } = a;
    return [gradient ?? null, rest];
  }
  return [null, b ?? {}];
}

export function installAutogradMethods(proto: Tensor): void {
  Object.assign(proto, {
    backward(this: Tensor, a?: Tensor | null | (BackwardOptions & { gradient?: Tensor | null }), b?: BackwardOptions): void {
      const [gradient, options] = backwardArgs(a, b);
      backward(this, gradient === null ? null : [gradient], options);
    },
    backwardAsync(this: Tensor, a?: Tensor | null | (BackwardOptions & { gradient?: Tensor | null }), b?: BackwardOptions): Promise<void> {
      const [gradient, options] = backwardArgs(a, b);
      return backwardAsync(this, gradient === null ? null : [gradient], options);
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
