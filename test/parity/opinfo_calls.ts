// How the OpInfo suite (opinfo.test.ts) calls an op: by its public Python name ("torch.linalg.svd", ".add" for a
// Tensor method), or, for the OpInfos whose `op` is a lambda in common_methods_invocations.py, by the same lambda
// written here. A name torch-node lacks throws Missing, which the suite counts as "missing", never as a failure.
import torch from '../../lib';

type Fn = (...args: unknown[]) => unknown;

/** torch-node has no such function or method (the sample counts as missing). */
export class Missing extends Error {}

/** A call JavaScript cannot make (a method of a non-tensor, a result it cannot express): not runnable. */
export class NotRunnable extends Error {}

/** The function at a Python path ("torch.fft.fft"), or Missing. */
export function resolve(path: string): Fn {
  let fn: unknown = torch;
  for (const part of path.split('.').slice(1)) {
    fn = fn === undefined || fn === null ? undefined : (fn as Record<string, unknown>)[part];
  }
  if (typeof fn !== 'function') throw new Missing(`${path} is missing`);
  return fn as Fn;
}

/** Tensor method `name` of x, bound to x, or Missing. */
export function method(x: unknown, name: string): Fn {
  if (!(x instanceof torch.Tensor)) throw new NotRunnable(`a Tensor method called on a ${typeof x} (Python's unbound method)`);
  const fn = (x as unknown as Record<string, unknown>)[name];
  if (typeof fn !== 'function') throw new Missing(`Tensor.${name} is missing`);
  return (fn as Fn).bind(x);
}

/** A property of Tensor (T, H, mT, mH), or Missing. */
function property(x: unknown, name: string): unknown {
  if (!(x instanceof torch.Tensor) || !(name in x)) throw new Missing(`Tensor.${name} is missing`);
  return (x as unknown as Record<string, unknown>)[name];
}

/** Python's call f(*args, **kwargs): the options object only when there are keyword arguments. */
export function apply(fn: Fn, args: unknown[], kwargs: Record<string, unknown>): unknown {
  return Object.keys(kwargs).length ? fn(...args, kwargs) : fn(...args);
}

/** torch.testing._utils.wrapper_set_seed: the call runs right after torch.manual_seed(42). */
function seeded<T>(f: () => T): T {
  torch.manual_seed(42);
  return f();
}

type Lambda = (input: unknown, args: unknown[], kwargs: Record<string, unknown>) => unknown;
const viaMethod = (name: string): Lambda => (x, a, k) => apply(method(x, name), a, k);
const seededMethod = (name: string): Lambda => (x, a, k) => seeded(() => apply(method(x, name), a, k));
const seededFn = (path: string): Lambda => (x, a, k) => seeded(() => apply(resolve(path), [x, ...a], k));

/** The lambdas of the OpInfos (by OpInfo name, with ".variant_test_name" when there is one), as written in
 *  common_methods_invocations.py and opinfo/definitions/*.py. */
export const LAMBDAS: Record<string, Lambda> = {
  item: seededMethod('item'),
  cauchy: seededMethod('cauchy_'),
  exponential: seededMethod('exponential_'),
  geometric: seededMethod('geometric_'),
  log_normal: seededMethod('log_normal_'),
  'normal.in_place': seededMethod('normal_'),
  uniform: seededMethod('uniform_'),
  contiguous: viaMethod('contiguous'),
  sum_to_size: viaMethod('sum_to_size'),
  expand: viaMethod('expand'),
  expand_as: viaMethod('expand_as'),
  to: viaMethod('to'),
  einsum: (tensors, [equation]) => resolve('torch.einsum')(equation, tensors),
  svd_lowrank: (a, [b], k) => seeded(() => apply(resolve('torch.svd_lowrank'), [matmulT(a, b)], k)),
  pca_lowrank: (a, [b], k) => seeded(() => apply(resolve('torch.pca_lowrank'), [matmulT(a, b)], k)),
  'polygamma.polygamma_n_0': polygamma('torch.polygamma'),
  'polygamma.polygamma_n_1': polygamma('torch.polygamma'),
  'polygamma.polygamma_n_2': polygamma('torch.polygamma'),
  'polygamma.polygamma_n_3': polygamma('torch.polygamma'),
  'polygamma.polygamma_n_4': polygamma('torch.polygamma'),
  'special.polygamma.special_polygamma_n_0': polygamma('torch.special.polygamma'),
  reshape_as: viaMethod('reshape_as'),
  view: viaMethod('view'),
  view_as: viaMethod('view_as'),
  bfloat16: viaMethod('bfloat16'),
  bool: viaMethod('bool'),
  byte: viaMethod('byte'),
  char: viaMethod('char'),
  double: viaMethod('double'),
  float: viaMethod('float'),
  half: viaMethod('half'),
  int: viaMethod('int'),
  long: viaMethod('long'),
  short: viaMethod('short'),
  chalf: viaMethod('chalf'),
  randn: seededFn('torch.randn'),
  randn_like: seededFn('torch.randn_like'),
  rand_like: seededFn('torch.randn_like'), // sic: the rand_like OpInfo calls torch.randn_like

  randint: seededFn('torch.randint'),
  randint_like: seededFn('torch.randint_like'),
  new_zeros: viaMethod('new_zeros'),
  new_ones: viaMethod('new_ones'),
  new_empty: viaMethod('new_empty'),
  new_empty_strided: viaMethod('new_empty_strided'),
  new_full: viaMethod('new_full'),
  empty_strided: seededFn('torch.empty_strided'),
  multinomial: seededFn('torch.multinomial'),
  normal: seededFn('torch.normal'),
  'normal.number_mean': (std, [mean, ...rest], k) => seeded(() => apply(resolve('torch.normal'), [mean, std, ...rest], k)),
  bernoulli: seededFn('torch.bernoulli'),
  unfold: viaMethod('unfold'),
  repeat: viaMethod('repeat'),
  resize_: (x, a, k) => apply(method(method(x, 'clone')(), 'resize_'), a, k),
  resize_as_: (x, [other], k) => apply(resolve('torch.resize_as_'), [method(x, 'clone')(), other], k),
  zero_: (x) => resolve('torch.zero_')(method(x, 'clone')()),
  T: (x) => property(x, 'T'),
  H: (x) => property(x, 'H'),
  mT: (x) => property(x, 'mT'),
  mH: (x) => property(x, 'mH'),
  to_sparse: viaMethod('to_sparse'),
  where: (self, [condition, other], k) => apply(resolve('torch.where'), [condition, self, other], k),
  'linalg.lstsq.grad_oriented': (a, [b, driver = undefined], k) =>
    (resolve('torch.linalg.lstsq')(a, b, { driver: driver ?? k.driver }) as unknown[]).slice(0, 2),
  'linalg.pinv.singular': (a, [b]) => resolve('torch.linalg.pinv')(matmulT(a, b)),
  // torch.nn.functional (the nn set, opinfo_nn.test.ts)
  'nn.functional.fractional_max_pool2d': seededFn('torch.nn.functional.fractional_max_pool2d'),
  'nn.functional.fractional_max_pool3d': seededFn('torch.nn.functional.fractional_max_pool3d'),
  'nn.functional.rrelu': seededFn('torch.nn.functional.rrelu'),
  'nn.functional.scaled_dot_product_attention': seededFn('torch.nn.functional.scaled_dot_product_attention'),
  'nn.functional.dropout': seededFn('torch.nn.functional.dropout'),
  'nn.functional.dropout2d': seededFn('torch.nn.functional.dropout2d'),
  'nn.functional.dropout3d': seededFn('torch.nn.functional.dropout3d'),
  'nn.functional.alpha_dropout': seededFn('torch.nn.functional.alpha_dropout'),
  'nn.functional.feature_alpha_dropout.with_train': seededFn('torch.nn.functional.feature_alpha_dropout'),
  'nn.functional.feature_alpha_dropout.without_train': seededFn('torch.nn.functional.feature_alpha_dropout'),
  // (weight, idx) reordered to F.embedding(idx, weight)
  'nn.functional.embedding': (weight, [idx], k) => apply(resolve('torch.nn.functional.embedding'), [idx, weight], k),
  'nn.functional.embedding_bag': (weight, [idx], k) => apply(resolve('torch.nn.functional.embedding_bag'), [idx, weight], k),
  'nn.functional.multi_head_attention_forward': seededFn('torch.nn.functional.multi_head_attention_forward'),
};

/** The in-place variants of the torch.nn.functional OpInfos, lambdas there: the function with inplace=True
 *  (`lambda x, alpha=1.0: F.elu(x, alpha, inplace=True)`, `partial(F.hardsigmoid, inplace=True)`), by OpInfo name. */
const inplaceFn = (path: string, seed = false): Lambda => (x, a, k) => {
  const run = () => resolve(path)(x, ...a, { ...k, inplace: true });
  return seed ? seeded(run) : run();
};
export const INPLACE_LAMBDAS: Record<string, Lambda> = {
  'nn.functional.leaky_relu': inplaceFn('torch.nn.functional.leaky_relu'),
  'nn.functional.elu': inplaceFn('torch.nn.functional.elu'),
  'nn.functional.celu': inplaceFn('torch.nn.functional.celu'),
  'nn.functional.selu': inplaceFn('torch.nn.functional.selu'),
  'nn.functional.silu': inplaceFn('torch.nn.functional.silu'),
  'nn.functional.silu.complex': inplaceFn('torch.nn.functional.silu'),
  'nn.functional.hardsigmoid': inplaceFn('torch.nn.functional.hardsigmoid'),
  'nn.functional.mish': inplaceFn('torch.nn.functional.mish'),
  'nn.functional.threshold': inplaceFn('torch.nn.functional.threshold'),
  'nn.functional.rrelu': inplaceFn('torch.nn.functional.rrelu', true),
  'nn.functional.dropout': inplaceFn('torch.nn.functional.dropout', true),
  'nn.functional.dropout2d': inplaceFn('torch.nn.functional.dropout2d', true),
  'nn.functional.dropout3d': inplaceFn('torch.nn.functional.dropout3d', true),
  'nn.functional.alpha_dropout': inplaceFn('torch.nn.functional.alpha_dropout', true),
  'nn.functional.feature_alpha_dropout.with_train': inplaceFn('torch.nn.functional.feature_alpha_dropout', true),
  'nn.functional.feature_alpha_dropout.without_train': inplaceFn('torch.nn.functional.feature_alpha_dropout', true),
};

/** Python methods that are syntax in Python and another method here: x[index] (Tensor.__getitem__) is
 *  x.at(...index) (opinfo.py ships the index as its items). */
export const METHOD_EQUIVALENTS: Record<string, Lambda> = {
  '.__getitem__': (x, [index]) => method(x, 'at')(...(index as unknown[])),
};

/** The method variants that are lambdas too (op.method_variant), by OpInfo name. */
export const METHOD_LAMBDAS: Record<string, Lambda> = {
  multinomial: seededMethod('multinomial'),
  bernoulli: seededMethod('bernoulli'),
};

function matmulT(a: unknown, b: unknown): unknown {
  return method(a, 'matmul')(property(b, 'mT'));
}

function polygamma(path: string): Lambda {
  return (x, [n], k) => apply(resolve(path), [n, x], k);
}
