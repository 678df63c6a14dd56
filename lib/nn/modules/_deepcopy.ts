// copy.deepcopy of a module, as Python's deepcopy copies one: a new object of the same class (its constructor is
// not run) with copies of the parameters (Parameters again, same requires_grad), buffers (non-persistent ones
// stay so), submodules (shared ones stay shared within the copy), plain attributes (arrays and plain objects
// copied, tensors cloned, functions kept) and hooks. Transformer layers use it to clone a layer N times, so all
// N start with the same weights, as in PyTorch.
import { Tensor } from '../../tensor/tensor';
import { no_grad } from '../../autograd/grad_mode';
import { Parameter } from '../parameter';
import { Module } from '../module';
import type { HookDict } from '../../utils/hooks';

type Memo = Map<unknown, unknown>;

function copyTensor(t: Tensor, memo: Memo): Tensor {
  if (memo.has(t)) return memo.get(t) as Tensor;
  const data = no_grad(() => t.detach().clone());
  const out = t instanceof Parameter ? new Parameter(data, t.requires_grad) : data.requires_grad_(t.requires_grad);
  memo.set(t, out);
  return out;
}

function copyValue(v: unknown, memo: Memo): unknown {
  if (v instanceof Module) return deepcopy(v, memo);
  if (v instanceof Tensor) return copyTensor(v, memo);
  if (Array.isArray(v)) {
    if (memo.has(v)) return memo.get(v);
    const out: unknown[] = [];
    memo.set(v, out);
    for (const x of v) out.push(copyValue(x, memo));
    return out;
  }
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    if (memo.has(v)) return memo.get(v);
    const out: Record<string, unknown> = {};
    memo.set(v, out);
    for (const [k, x] of Object.entries(v)) out[k] = copyValue(x, memo);
    return out;
  }
  return v; // numbers, strings, functions, dtypes, devices: immutable or shared as Python's deepcopy shares them
}

const HOOK_DICTS = [
  '_backward_pre_hooks', '_backward_hooks', '_forward_hooks', '_forward_hooks_with_kwargs', '_forward_hooks_always_called',
  '_forward_pre_hooks', '_forward_pre_hooks_with_kwargs', '_state_dict_hooks', '_state_dict_pre_hooks', '_load_state_dict_pre_hooks',
  '_load_state_dict_post_hooks',
] as const;

/** copy.deepcopy(module). */
export function deepcopy<M extends Module>(module: M, memo: Memo = new Map()): M {
  if (memo.has(module)) return memo.get(module) as M;
  const copy = Reflect.construct(Module, [], module.constructor) as M;
  memo.set(module, copy);
  const src = module as unknown as Record<string, unknown>;
  const dst = copy as unknown as Record<string, unknown>;
  copy.training = module.training;
  copy._is_full_backward_hook = module._is_full_backward_hook;
  for (const name of HOOK_DICTS) {
    const from = src[name] as HookDict<unknown>;
    const to = dst[name] as HookDict<unknown>;
    for (const [k, v] of from) to.set(k, v);
  }
  for (const [name, p] of module._parameters) copy.register_parameter(name, p === null ? null : (copyTensor(p, memo) as Parameter));
  for (const [name, b] of module._buffers) {
    copy.register_buffer(name, b === null ? null : copyTensor(b, memo), !module._non_persistent_buffers_set.has(name));
  }
  for (const [name, m] of module._modules) copy.add_module(name, m === null ? null : deepcopy(m, memo));
  for (const key of Object.keys(module)) {
    if (module._parameters.has(key) || module._buffers.has(key) || module._modules.has(key)) continue;
    dst[key] = copyValue(src[key], memo);
  }
  return copy;
}
