// torch.jit: TorchScript modules saved by Python (torch.jit.script / torch.jit.trace + save), loaded and run by
// LibTorch. TorchScript files are code: LibTorch's loader runs what the file describes and is not hardened against
// crafted files (PyTorch treats such crashes as non-security), so load only files you trust; for untrusted weights
// use torch.load or safetensors. TorchScript is deprecated upstream in favour of torch.export; it works on 2.11.
import { native, type Handle } from '../native/binding';
import { Tensor, wrap } from '../tensor/tensor';
import { device, deviceCode, deviceFromCode, toDevice, type DeviceLike } from '../device';
import { dtype, dtypeFromCode } from '../dtype';
import { TUPLE } from '../serialization/pickle/values';
import { targetPath, writeAtomic } from '../serialization/save';
import { withCallSite } from '../errors';

type Native = object;

/** JS -> the tagged form of native/jit/jit.cc */
export function encodeValue(v: unknown, depth = 0): unknown {
  if (depth > 200) throw new RangeError('torch.jit: the argument nests too deeply');
  if (v instanceof Tensor) return { t: v._h };
  if (v instanceof device) return { device: v.code };
  if (v instanceof dtype) return { dtype: v.code };
  if (Array.isArray(v)) {
    const items = v.map((x) => encodeValue(x, depth + 1));
    return (v as { [TUPLE]?: boolean })[TUPLE] ? { tuple: items } : items;
  }
  if (v instanceof Map) return { dict: [...v].map(([k, x]) => [encodeValue(k, depth + 1), encodeValue(x, depth + 1)]) };
  if (v !== null && typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) return { dict: Object.entries(v).map(([k, x]) => [k, encodeValue(x, depth + 1)]) };
    throw new TypeError(`torch.jit: cannot pass a ${proto?.constructor?.name ?? 'object'} to TorchScript`);
  }
  return v;
}

/** the tagged form -> JS: tensors, tuples (frozen arrays marked as tuples), dicts (objects, or Maps for non-string keys) */
export function decodeValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v === null || typeof v !== 'object') return v;
  if (typeof (v as Native & { __proto__?: unknown }) === 'object' && isExternal(v)) return new ScriptModule(v as Native);
  const o = v as { t?: Handle; tuple?: unknown[]; dict?: [unknown, unknown][]; device?: number };
  if (o.t !== undefined) return wrap(o.t);
  if (o.tuple !== undefined) {
    const a = o.tuple.map(decodeValue);
    Object.defineProperty(a, TUPLE, { value: true });
    return Object.freeze(a);
  }
  if (o.dict !== undefined) {
    const entries = o.dict.map(([k, x]) => [decodeValue(k), decodeValue(x)] as [unknown, unknown]);
    if (entries.every(([k]) => typeof k === 'string')) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of entries) Object.defineProperty(out, k as string, { value: x, enumerable: true, writable: true, configurable: true });
      return out;
    }
    return new Map(entries);
  }
  if (o.device !== undefined) return deviceFromCode(o.device);
  return v;
}

function isExternal(v: unknown): boolean {
  // napi externals are objects with a null prototype and no own keys
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === null && Object.keys(v).length === 0;
}

/**
 * A TorchScript module (torch.jit.ScriptModule). Its methods are callable by name (`m.forward(x)`,
 * `m.run_method('encode', x)`, and each compiled method as a property: `m.encode(x)`), synchronously or off the JS
 * thread (`forwardAsync`, `run_methodAsync`). parameters(), buffers() and state_dict() are the module's own tensors:
 * changing them in place changes the module.
 */
export class ScriptModule {
  /** @internal */
  readonly _m: Native;
  [method: string]: unknown;

  /** @internal */
  constructor(m: Native) {
    this._m = m;
    for (const [name] of native.jitMethods(m)) {
      if (name in this) continue;
      Object.defineProperty(this, name, { value: (...args: unknown[]) => this.run_method(name, ...args), enumerable: false });
    }
  }

  /** The module's TorchScript class name (e.g. '__torch__.MyModule'). */
  get original_name(): string {
    const n = native.jitTypeName(this._m);
    return n.slice(n.lastIndexOf('.') + 1);
  }

  /** The forward method's graph in TorchScript IR (as Python prints `module.graph`). */
  get graph(): string {
    return native.jitGraph(this._m, 'forward', false).text;
  }
  /** The forward graph with every call inlined (Python's `module.inlined_graph`). */
  get inlined_graph(): string {
    return native.jitGraph(this._m, 'forward', true).text;
  }

  /** Runs forward(...args). */
  forward(...args: unknown[]): unknown {
    return this.run_method('forward', ...args);
  }

  /** Runs forward on a worker thread; the Promise settles on the JS thread. */
  forwardAsync(...args: unknown[]): Promise<unknown> {
    return this.run_methodAsync('forward', ...args);
  }

  /** Runs the compiled method `name` with positional arguments (a trailing `{kwargs: {...}}` passes keywords). */
  run_method(name: string, ...args: unknown[]): unknown {
    const [pos, kw] = splitKwargs(args);
    return decodeValue(native.jitRun(this._m, name, pos.map((a) => encodeValue(a)), kw, false));
  }

  /** run_method on a worker thread. */
  async run_methodAsync(name: string, ...args: unknown[]): Promise<unknown> {
    const [pos, kw] = splitKwargs(args);
    try {
      return decodeValue(await native.jitRun(this._m, name, pos.map((a) => encodeValue(a)), kw, true));
    } catch (e) {
      throw withCallSite(e);
    }
  }

  /** The names and argument names (after self) of the compiled methods. */
  methods(): { name: string; args: string[] }[] {
    return native.jitMethods(this._m).map(([name, args]) => ({ name, args }));
  }

  named_parameters(options: { prefix?: string; recurse?: boolean } = {}): [string, Tensor][] {
    const p = options.prefix ? `${options.prefix}.` : '';
    return native.jitNamedTensors(this._m, 0, options.recurse ?? true).map(([n, h]) => [p + n, wrap(h)]);
  }
  parameters(recurse = true): Tensor[] {
    return this.named_parameters({ recurse }).map(([, t]) => t);
  }
  named_buffers(options: { prefix?: string; recurse?: boolean } = {}): [string, Tensor][] {
    const p = options.prefix ? `${options.prefix}.` : '';
    return native.jitNamedTensors(this._m, 1, options.recurse ?? true).filter(([, h]) => h !== 0).map(([n, h]) => [p + n, wrap(h)]);
  }
  buffers(recurse = true): Tensor[] {
    return this.named_buffers({ recurse }).map(([, t]) => t);
  }
  named_children(): [string, ScriptModule][] {
    return native.jitChildren(this._m).map(([n, m]) => [n, new ScriptModule(m)]);
  }
  children(): ScriptModule[] {
    return this.named_children().map(([, m]) => m);
  }

  /** Parameters and buffers by qualified name, as Python's state_dict() (the module's own tensors, not copies). */
  state_dict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    const add = (n: string, t: Tensor) => Object.defineProperty(out, n, { value: t, enumerable: true, writable: true, configurable: true });
    // Python's order: each module's parameters then buffers, module by module
    const walk = (m: ScriptModule, prefix: string) => {
      for (const [n, t] of m.named_parameters({ recurse: false })) add(prefix + n, t);
      for (const [n, t] of m.named_buffers({ recurse: false })) add(prefix + n, t);
      for (const [n, c] of m.named_children()) walk(c, `${prefix}${n}.`);
    };
    walk(this, '');
    return out;
  }

  /** An attribute of the module (a submodule comes back as a ScriptModule). */
  attr(name: string): unknown {
    return decodeValue(native.jitAttr(this._m, name));
  }

  get training(): boolean {
    return native.jitTrain(this._m, null);
  }
  train(mode = true): this {
    native.jitTrain(this._m, mode);
    return this;
  }
  eval(): this {
    return this.train(false);
  }

  /** Moves (and/or casts) parameters and buffers in place: to('cuda'), to(torch.float64), to('cuda', torch.half). */
  to(a: DeviceLike | dtype, b?: dtype): this {
    let dev: number = -1;
    let dt: number = -1;
    if (a instanceof dtype) dt = a.code;
    else dev = deviceCode(toDevice(a));
    if (b instanceof dtype) dt = b.code;
    native.jitTo(this._m, dev, dt);
    return this;
  }
  cpu(): this {
    return this.to('cpu');
  }
  cuda(index?: number): this {
    return this.to(index === undefined ? 'cuda' : `cuda:${index}`);
  }
  float(): this {
    return this.to(dtypeFromCode(6));
  }
  double(): this {
    return this.to(dtypeFromCode(7));
  }

  /** Saves the module (torch.jit.save) atomically; Python's torch.jit.load reads it. */
  save(f: string): void {
    const bytes = native.jitSaveBytes(this._m);
    writeAtomic(targetPath(f), [bytes], [], false);
  }
  /** The module's file bytes (torch.jit.save to a buffer). */
  save_to_buffer(): Uint8Array {
    return native.jitSaveBytes(this._m);
  }

  toString(): string {
    return `RecursiveScriptModule(original_name=${this.original_name})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function splitKwargs(args: unknown[]): [unknown[], [string, unknown][] | null] {
  const last = args[args.length - 1];
  if (last !== null && typeof last === 'object' && Object.getPrototypeOf(last) === Object.prototype && Object.keys(last).length === 1 && 'kwargs' in (last as object)) {
    const kw = (last as { kwargs: Record<string, unknown> }).kwargs;
    return [args.slice(0, -1), Object.entries(kw).map(([k, v]) => [k, encodeValue(v)])];
  }
  return [args, null];
}

export interface JitLoadOptions {
  /** where parameters and buffers go */
  map_location?: DeviceLike | null;
}

function loadArgs(f: string | Uint8Array, options: JitLoadOptions): [string | Uint8Array, number] {
  if (typeof f !== 'string' && !(f instanceof Uint8Array)) throw new TypeError('torch.jit.load: expected a file path or a Buffer');
  if (typeof f === 'string' && f.length === 0) throw new TypeError('torch.jit.load: the path is empty');
  return [f, deviceCode(options.map_location ?? undefined, 'map_location')];
}

/** torch.jit.load(f, {map_location}): a TorchScript module from a file or its bytes. Trusted files only. */
export function load(f: string | Uint8Array, options: JitLoadOptions = {}): ScriptModule {
  const [src, dev] = loadArgs(f, options);
  return new ScriptModule(native.jitLoad(src, dev, false));
}

/** torch.jit.load on a worker thread. */
export async function loadAsync(f: string | Uint8Array, options: JitLoadOptions = {}): Promise<ScriptModule> {
  const [src, dev] = loadArgs(f, options);
  try {
    return new ScriptModule(await native.jitLoad(src, dev, true));
  } catch (e) {
    throw withCallSite(e);
  }
}

/** torch.jit.save(m, f) */
export function save(m: ScriptModule, f: string): void {
  if (!(m instanceof ScriptModule)) throw new TypeError('torch.jit.save expects a ScriptModule');
  m.save(f);
}
