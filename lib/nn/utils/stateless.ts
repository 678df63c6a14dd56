// torch.nn.utils.stateless, after PyTorch's torch/nn/utils/stateless.py and _named_member_accessor.py:
// functional_call(module, parameters_and_buffers, args, kwargs) runs the module with the given tensors in place of
// its parameters and buffers (by dotted name), then puts the originals back, even when forward throws. Tied
// tensors (one tensor under several names) take the value given for any of their names (tie_weights); strict
// checks that exactly the module's names are given.
import { Tensor } from '../../tensor/tensor';
import { Module } from '../module';
import { KeyError, TorchError, ValueError } from '../../errors';
import { warn } from '../../warnings';
import { repr } from '../functional/_utils';

type Attrs = Record<string, unknown>;
const MISSING = Symbol('missing');
type Slot = Tensor | null | typeof MISSING;

function entriesOf(p: Record<string, Tensor> | Map<string, Tensor>): [string, Tensor][] {
  return p instanceof Map ? [...p] : Object.entries(p);
}

function namedTensors(module: Module): [string, Tensor][] {
  return [...module.named_parameters({ remove_duplicate: false }), ...module.named_buffers({ remove_duplicate: false })];
}

function swapTensor(root: Module, fullName: string, value: Slot): Slot {
  const dot = fullName.lastIndexOf('.');
  const module = root.get_submodule(dot < 0 ? '' : fullName.slice(0, dot));
  const name = fullName.slice(dot + 1);
  if (value !== MISSING && value !== null && !(value instanceof Tensor)) throw new TypeError(`${repr(value)} is not an instance of torch.Tensor`);
  if (name === '') throw new KeyError('tensor name can\'t be empty string ""');
  let orig: Slot;
  if (module._parameters.has(name)) orig = module._parameters.get(name) ?? null;
  else if (module._buffers.has(name)) orig = module._buffers.get(name) ?? null;
  else if (name in module && (module as unknown as Attrs)[name] !== undefined) orig = (module as unknown as Attrs)[name] as Tensor | null;
  else orig = MISSING;
  if (orig !== MISSING && orig !== null && !(orig instanceof Tensor)) throw new TypeError(`attribute \`${name}\`: ${repr(orig)} is not an instance of torch.Tensor`);
  if (value === MISSING) {
    delete (module as unknown as Attrs)[name];
  } else if (module._parameters.has(name)) {
    (module._parameters as Map<string, unknown>).set(name, value);
  } else if (module._buffers.has(name)) {
    module._buffers.set(name, value);
  } else {
    (module as unknown as Attrs)[name] = value;
  }
  return orig;
}

function untie(module: Module, given: Map<string, Tensor>): Map<string, Tensor> {
  const byTensor = new Map<Tensor, Set<string>>();
  for (const [name, t] of namedTensors(module)) {
    if (!byTensor.has(t)) byTensor.set(t, new Set());
    byTensor.get(t)!.add(name);
  }
  const tied = new Map<string, Set<string>>();
  for (const names of byTensor.values()) if (names.size > 1) for (const n of names) tied.set(n, names);
  const givenTied = [...given.keys()].filter((n) => tied.has(n));
  for (const n of givenTied) {
    const names = tied.get(n)!;
    const inter = [...names].filter((x) => givenTied.includes(x));
    if (inter.length > 1 && new Set(inter.map((x) => given.get(x))).size !== 1) {
      throw new ValueError(`functional_call got multiple values for keys [${[...names].sort().map((x) => repr(x)).join(', ')}], which are tied. Consider using tie_weights=False`);
    }
  }
  const out = new Map(given);
  for (const n of givenTied) for (const t of tied.get(n)!) out.set(t, given.get(n)!);
  return out;
}

/** The call behind functional_call (torch.func.functional_call's semantics; no deprecation warning). */
export function _functional_call(
  module: Module, parameters_and_buffers: Record<string, Tensor> | Map<string, Tensor>, args: unknown = null,
  kwargs: Record<string, unknown> | null = null, options: { tie_weights?: boolean; strict?: boolean } = {},
): unknown {
  const given = new Map(entriesOf(parameters_and_buffers));
  const untied = options.tie_weights ?? true ? untie(module, given) : given;
  if (options.strict ?? false) {
    const valid = new Set(namedTensors(module).map(([n]) => n));
    const keys = new Set(untied.keys());
    const missing = [...valid].filter((k) => !keys.has(k)).sort();
    const unexpected = [...keys].filter((k) => !valid.has(k)).sort();
    const msgs: string[] = [];
    if (unexpected.length > 0) msgs.push(`Unexpected key(s): ${unexpected.map((k) => repr(k)).join(', ')}.`);
    if (missing.length > 0) msgs.push(`Missing key(s): ${missing.map((k) => repr(k)).join(', ')}.`);
    if (msgs.length > 0) throw new TorchError(`Error(s) in reparametrizing for ${module._get_name()}:\n\t${msgs.join('\n\t')}`);
  }
  const callArgs = args === null || args === undefined ? [] : Array.isArray(args) ? args : [args];
  const callKw = kwargs !== null && Object.keys(kwargs).length > 0 ? [kwargs] : [];
  const orig: [string, Slot][] = [];
  try {
    for (const [name, t] of untied) orig.push([name, swapTensor(module, name, t)]);
    return (module as unknown as (...a: unknown[]) => unknown)(...callArgs, ...callKw);
  } finally {
    for (const [name, t] of orig) swapTensor(module, name, t);
  }
}

/** nn.utils.stateless.functional_call(module, parameters_and_buffers, args=None, kwargs=None, {tie_weights=True,
 *  strict=False}): deprecated in PyTorch (FutureWarning; torch.func.functional_call is the same call). */
export function functional_call(
  module: Module, parameters_and_buffers: Record<string, Tensor> | Map<string, Tensor>, args: unknown = null,
  kwargs: Record<string, unknown> | null = null, options: { tie_weights?: boolean; strict?: boolean } = {},
): unknown {
  warn('`torch.nn.utils.stateless.functional_call` is deprecated as of PyTorch 2.0 and will be removed in a future version of PyTorch. Please use `torch.func.functional_call` instead which is a drop-in replacement.', 'FutureWarning');
  return _functional_call(module, parameters_and_buffers, args, kwargs, options);
}
